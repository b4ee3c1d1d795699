"""Backups of the master: made on request and when the app opens a master changed since its
last backup, kept 7 daily and 4 weekly by default, and restored only after a check.

Each backup is `<master>-<YYYYMMDD-HHMMSS>.sqlite` in the backup folder with a small
`.json` beside it (which master, when, schema revision, encrypted or not, and a fingerprint of
the master's content, by which "changed since the last backup" is told). Restoring first
checks the file (`store.backup.check_file`), keeps a copy of the master as it was, copies the
backup in, upgrades its schema if it is older, and carries forward what must not be undone by
going back in time: the erasures made since the backup (their people are erased again and
their addresses stay suppressed).

A PostgreSQL master is backed up by its server; `postgres_advice` says how, and how old the
server's last archived backup is when the server lets us read it.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from workbench.errors import WorkbenchError
from workbench.paths import data_dir
from workbench.privacy import erasure, suppression
from workbench.privacy.people import person
from workbench.store import audit, settings_table
from workbench.store import backup as files
from workbench.store.master import Master, open_master
from workbench.store.migrate import alembic_config, head_revision
from workbench.store.models import (
    AuditEntry,
    Customer,
    ImportBatch,
    MatchRun,
    Setting,
    SourceRecord,
    Suppression,
    format_master_number,
    utcnow,
)

STAMP = "%Y%m%d-%H%M%S"
DEFAULT_DAILY, DEFAULT_WEEKLY = 7, 4


def default_folder() -> Path:
    return data_dir() / "backups"


@dataclass(frozen=True)
class BackupPolicy:
    folder: Path = field(default_factory=default_folder)
    daily: int = DEFAULT_DAILY
    weekly: int = DEFAULT_WEEKLY


@dataclass
class Backup:
    path: Path
    created_at: datetime
    manifest: dict[str, Any]


@dataclass
class BackupResult:
    path: Path
    size: int
    seconds: float
    removed: list[Path] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "bytes": self.size, "seconds": round(self.seconds, 2),
                "removed": [str(p) for p in self.removed]}


def fingerprint(master: Master) -> dict[str, Any]:
    """What changes whenever the master's content does (every change writes one of these)."""
    with master.session() as session:
        return {
            "audit": session.scalar(select(func.max(AuditEntry.id))),
            "customers": session.scalar(select(func.count(Customer.id))),
            "changed": str(session.scalar(select(func.max(Customer.updated_at)))),
            "records": session.scalar(select(func.count(SourceRecord.id))),
            "batches": session.scalar(select(func.max(ImportBatch.id))),
            "match_runs": session.scalar(select(func.max(MatchRun.id))),
            "settings": str(session.scalar(select(func.max(Setting.updated_at)))),
            "revision": master.revision(),
        }


def _stem(master: Master) -> str:
    return Path(master.url.database or "master").stem


def backups_of(master: Master, folder: Path) -> list[Backup]:
    """This master's backups in `folder`, newest first."""
    found = []
    if not folder.is_dir():
        return found
    for manifest_path in folder.glob(f"{_stem(master)}-*.sqlite.json"):
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            created = datetime.fromisoformat(manifest["created_at"])
        except (OSError, ValueError, KeyError):
            continue
        path = manifest_path.with_suffix("")
        if manifest.get("master") == master.location and path.exists():
            found.append(Backup(path, created, manifest))
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def changed_since_last(master: Master, policy: BackupPolicy) -> bool:
    last = next(iter(backups_of(master, policy.folder)), None)
    return last is None or last.manifest.get("fingerprint") != fingerprint(master)


def automatic(master: Master, policy: BackupPolicy) -> BackupResult | None:
    """The backup made when a master opens: only of a SQLite master that holds something (its
    audit log is not empty) and changed since its last backup; None when none was needed."""
    if not master.is_sqlite:
        return None
    with master.session() as session:
        empty = session.scalar(select(func.count(AuditEntry.id))) == 0
    if empty or not changed_since_last(master, policy):
        return None
    return back_up(master, policy)


def _ready_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise WorkbenchError(f"{folder}: cannot make the backup folder ({exc.strerror or exc})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WorkbenchError(f"{folder}: the backup folder is read-only; choose another one")


def back_up(master: Master, policy: BackupPolicy | None = None, *, out: Path | None = None) -> BackupResult:
    """A consistent backup of a SQLite master, to `out` or into the policy's folder (then old
    ones beyond the policy are removed)."""
    if not master.is_sqlite:
        raise WorkbenchError(postgres_advice(master))
    policy = policy or BackupPolicy()
    started = time.monotonic()
    now = datetime.now()
    target = Path(out).expanduser().absolute() if out else policy.folder / f"{_stem(master)}-{now:{STAMP}}.sqlite"
    _ready_folder(target.parent)
    if target.is_dir():
        raise WorkbenchError(f"{target}: is a folder; give a file name for the backup")
    stamp = fingerprint(master)
    files.copy_to(master, target)
    manifest = {"master": master.location, "created_at": now.isoformat(timespec="seconds"),
                "revision": stamp["revision"], "encrypted": master.encrypted, "fingerprint": stamp}
    try:
        Path(f"{target}.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    except OSError as exc:
        raise WorkbenchError(f"{target}.json: cannot write ({exc.strerror or exc})") from None
    removed = prune(master, policy) if out is None else []
    return BackupResult(target, target.stat().st_size, time.monotonic() - started, removed)


def keep(backups: list[Backup], daily: int, weekly: int) -> list[Backup]:
    """The newest backup of each of the last `daily` days that have one, then the newest of
    each of the `weekly` weeks before those."""
    ordered = sorted(backups, key=lambda b: b.created_at, reverse=True)
    kept: list[Backup] = []
    days: set[object] = set()
    for backup in ordered:
        day = backup.created_at.date()
        if day not in days and len(days) < daily:
            days.add(day)
            kept.append(backup)
    weeks = {b.created_at.isocalendar()[:2] for b in kept}
    older = 0
    for backup in ordered:
        week = backup.created_at.isocalendar()[:2]
        if older < weekly and week not in weeks and backup.created_at < min((b.created_at for b in kept),
                                                                             default=backup.created_at + timedelta(1)):
            weeks.add(week)
            kept.append(backup)
            older += 1
    return kept


def prune(master: Master, policy: BackupPolicy) -> list[Path]:
    backups = backups_of(master, policy.folder)
    kept = {b.path for b in keep(backups, policy.daily, policy.weekly)}
    removed = []
    for backup in backups:
        if backup.path not in kept:
            for path in (backup.path, Path(f"{backup.path}.json")):
                try:
                    path.unlink()
                except OSError:
                    continue
            removed.append(backup.path)
    return removed


# ------------------------------------------------------------------ restoring


@dataclass
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None
    revision: str | None
    erasures_carried: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"restored_from": str(self.restored_from),
                "safety_copy": str(self.safety_copy) if self.safety_copy else None, "revision": self.revision,
                "erasures_carried": self.erasures_carried, "notes": list(self.notes)}


@dataclass
class _Erasures:
    secret: dict[str, Any] | None
    digests: list[tuple[str, str]]  # (kind, digest)
    entries: list[dict[str, Any]]  # the erase audit entries


def _erasures(master: Master) -> _Erasures:
    with master.session() as session:
        entries = [{"at": e.at, "actor": e.actor, "entity_id": e.entity_id, "reason": e.reason,
                    "details": dict(e.details or {})}
                   for e in session.scalars(select(AuditEntry).where(AuditEntry.action == erasure.ERASE_ACTION))]
        digests = [tuple(r) for r in session.execute(select(Suppression.kind, Suppression.digest)
                                                     .where(Suppression.reason == suppression.ERASED))]
        return _Erasures(settings_table.get(session, suppression.SECRET_SETTING), digests, entries)  # type: ignore[arg-type]


def _carry(master: Master, before: _Erasures, result: RestoreResult) -> None:
    """Erase again whom the restored master still holds though they were erased since the backup."""
    with master.session() as session:
        secret = settings_table.get(session, suppression.SECRET_SETTING)
        known = {(e.at, e.entity_id) for e in session.scalars(select(AuditEntry).where(
            AuditEntry.action == erasure.ERASE_ACTION))}
    missing = [e for e in before.entries if (e["at"], e["entity_id"]) not in known]
    if before.digests and secret and before.secret and secret != before.secret:
        result.notes.append("the backup comes from another master: the erasures made in this one could not be "
                            "carried over; erase those people again if they are in it")
        return
    erased_ids = {int(n[2:]) for entry in missing for n in entry["details"].get("customers") or []
                  if isinstance(n, str) and n[2:].isdigit()}
    again: set[int] = set()
    with master.session() as session:
        for customer_id in sorted(erased_ids):
            if session.get(Customer, customer_id) is None:
                continue
            who = person(session, customer_id)
            if set(who.ids) <= erased_ids:
                again.add(who.id)
            else:  # merged, in the backup, with someone who was not erased: a steward must split them
                result.notes.append(f"{format_master_number(customer_id)} was erased after this backup but is "
                                    f"merged here into {who.master_number}, who was not: undo that merge and "
                                    "erase it by hand")
    if again:
        erasure.erase(master, sorted(set(again)), reason="erased again after a restore")
    with master.transaction() as session:
        if before.secret and not secret:
            settings_table.put(session, suppression.SECRET_SETTING, before.secret)
        have = set(session.scalars(select(Suppression.digest).where(Suppression.reason == suppression.ERASED)))
        session.add_all(Suppression(kind=kind, digest=d, reason=suppression.ERASED, created_at=utcnow())
                        for kind, d in before.digests if d not in have)
        for entry in missing:
            audit.log(session, erasure.ERASE_ACTION, "customer", entry["entity_id"], actor=entry["actor"],
                      reason=entry["reason"], details={**entry["details"], "carried_over_by_restore": True})
            session.flush()
    result.erasures_carried = len(missing)


def restore(target: str | Path, backup_file: Path, policy: BackupPolicy | None = None, *,
            passphrase: str | None = None) -> RestoreResult:
    """Replace the SQLite master at `target` with a checked backup; see the module's notes."""
    policy = policy or BackupPolicy()
    source = Path(backup_file).expanduser().absolute()
    if not source.is_file():
        raise WorkbenchError(f"{source}: no such backup file")
    key = passphrase if _head(source) != files.SQLITE_HEADER else None
    problem = files.check_file(source, key)
    if problem:
        raise WorkbenchError(f"{source}: {problem}; nothing was replaced")
    revision = files.revision_of(source, key)
    if revision is not None and revision != head_revision():
        known = {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
        if revision not in known:
            raise WorkbenchError(f"{source}: made by a newer version of the app (schema {revision}); update "
                                 "Steward Workbench to restore it; nothing was replaced")
    master = open_master(target, passphrase=passphrase)
    try:
        if not master.is_sqlite:
            raise WorkbenchError(postgres_advice(master))
        if (key is None) != (master.key is None):
            raise WorkbenchError(f"{source}: an {'encrypted' if key else 'unencrypted'} backup cannot be restored "
                                 f"into an {'encrypted' if master.key else 'unencrypted'} master; nothing was replaced")
        carried = _erasures(master)
        safety = None
        with master.session() as session:
            has_data = session.scalar(select(func.count(Customer.id))) or session.scalar(
                select(func.count(AuditEntry.id)))
        if has_data:
            safety = back_up(master, BackupPolicy(policy.folder, policy.daily, policy.weekly),
                             out=policy.folder / f"{_stem(master)}-before-restore-{datetime.now():{STAMP}}.sqlite").path
        files.copy_into(master, source, key, what=f"a restore of {source.name}")
    finally:
        master.close()
    master = open_master(target, passphrase=passphrase)  # upgrades an older schema
    try:
        result = RestoreResult(source, safety, master.revision())
        _carry(master, carried, result)
        with master.transaction() as session:
            audit.log(session, "restore", "master", None, details={"file": str(source), "safety_copy": str(safety)
                                                                   if safety else None})
    finally:
        master.close()
    return result


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(16)


# ------------------------------------------------------------------ PostgreSQL


def postgres_advice(master: Master) -> str:
    """How to back up a PostgreSQL master, and how old the server's own backup is, if readable."""
    address = master.url.render_as_string(hide_password=True).replace("+psycopg", "")
    advice = (f"a PostgreSQL master is backed up by its server, not by the app: use "
              f"pg_dump --format=custom --file customers.dump '{address}' (and pg_restore to restore)")
    try:
        with master.engine.connect() as connection:
            archived = connection.execute(text("SELECT last_archived_time FROM pg_stat_archiver")).scalar()
    except DBAPIError:
        return advice + "; the server's backup age could not be read"
    if archived is None:
        return advice + "; this server archives no write-ahead log, so only dumps protect it"
    age = utcnow() - archived.replace(tzinfo=None) if archived.tzinfo is None else \
        datetime.now(archived.tzinfo) - archived
    return advice + f"; the server last archived its log {_age(age)} ago"


def _age(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f} hours" if hours < 48 else f"{hours / 24:.0f} days"
