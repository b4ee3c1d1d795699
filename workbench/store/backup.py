"""Copies of a SQLite master that are consistent however busy it is, and putting one back.

A copy is made with SQLite's online backup API in one step: it reads one snapshot of the
master, so a backup taken while an import writes holds all of that import or none of it.
The copy is written beside its final name, readable by its owner only, checked with
`PRAGMA integrity_check`, and renamed into place. Restoring checks the file the same way
before anything is replaced, then copies it into the master with the same API, inside the
master's write lock, so other windows see the old master or the restored one, never a mix.

An encrypted master's copies are encrypted with the same key (the copy is made by the same
SQLCipher connection, page by page, never decrypted to disk).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.store import encryption
from workbench.store.locking import wait_until_free
from workbench.store.master import SQLITE_BUSY_TIMEOUT_MS, Master

SQLITE_HEADER = b"SQLite format 3\x00"
REQUIRED_TABLES = ("alembic_version", "customers", "source_records", "audit_log")


def _connect(path: Path, key: str | None, *, read_only: bool = False) -> Any:
    return encryption.connect(path, key, read_only=read_only)


def _private_temp(target: Path) -> Path:
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        fd = os.open(temp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    except PermissionError:
        raise WorkbenchError(f"{target.parent}: the folder is read-only; choose another backup folder") from None
    except OSError as exc:
        raise WorkbenchError(f"{target.parent}: cannot write a backup there ({exc.strerror or exc})") from None
    os.close(fd)
    return temp


def copy_to(master: Master, target: Path) -> None:
    """A consistent copy of the SQLite master at `target` (replaced if it exists)."""
    if not master.is_sqlite:
        raise WorkbenchError("a PostgreSQL master is backed up by its server: use pg_dump (see `workbench backup`)")
    temp = _private_temp(target)
    try:
        destination = _connect(temp, master.key)
        raw = master.engine.raw_connection()
        try:
            raw.driver_connection.backup(destination)  # one step: one snapshot
            destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            destination.commit()
        finally:
            raw.close()
            destination.close()
        problem = check_file(temp, master.key)
        if problem:
            raise WorkbenchError(f"the backup could not be verified ({problem}); nothing was kept")
        os.replace(temp, target)
    except OSError as exc:
        raise WorkbenchError(f"{target}: cannot write the backup ({exc.strerror or exc})") from None
    finally:
        if temp.exists():
            temp.unlink()


def check_file(path: Path, key: str | None = None) -> str | None:
    """What is wrong with a backup file, in words; None when it is a sound master."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if len(head) < 16:
        return "it is empty or cut short"
    if head != SQLITE_HEADER and key is None:
        return "it is not a customer master (or it is encrypted: give its passphrase)"
    try:
        connection = _connect(path, key, read_only=True)
    except Exception as exc:  # noqa: BLE001 - any driver's error is a damaged file here
        return f"it cannot be opened ({exc})"
    try:
        rows = [r[0] for r in connection.execute("PRAGMA integrity_check(20)").fetchall()]
        if rows != ["ok"]:
            found = [" ".join(line.split()) for row in rows for line in row.splitlines() if "***" not in line]
            return "it is damaged (the integrity check says: " + "; ".join(found[:2]) + ")"
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            return "it is an SQLite file but not a customer master (no " + ", ".join(missing) + " table)"
    except Exception as exc:  # noqa: BLE001 - "file is not a database", a wrong key, a torn page
        return f"it cannot be read as a database ({exc})"
    finally:
        connection.close()
    return None


def revision_of(path: Path, key: str | None = None) -> str | None:
    connection = _connect(path, key, read_only=True)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        connection.close()


def copy_into(master: Master, source: Path, key: str | None = None, *, what: str = "a restore") -> None:
    """Replace the master's whole content with the (checked) file at `source`, atomically for
    readers; `what` tells writers who find the master busy meanwhile what it is busy with."""
    origin = _connect(source, key, read_only=True)
    raw = master.engine.raw_connection()
    try:
        driver = raw.driver_connection
        # The backup API writes the master in a transaction of its own: wait for other writers
        # as every write unit does (a message while waiting, one line when giving up).
        wait_until_free(driver, master.busy, SQLITE_BUSY_TIMEOUT_MS)
        with master.activity(what):
            origin.backup(driver)
        driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except WorkbenchError:
        raise
    except Exception as exc:  # noqa: BLE001 - sqlite3's or SQLCipher's error: the copy did not happen
        raise WorkbenchError(f"{source}: could not be restored ({exc}); the master was left as it was") from None
    finally:
        raw.close()
        origin.close()
