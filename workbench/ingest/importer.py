"""Importing one file into the master: read, map, standardize, load — all of it or nothing.

`prepare_import` inspects the file with what the master remembers about its source (the
mapping confirmed last time, the key column); `run_import` imports it in one transaction,
or, as a dry run, says what an import would do and changes nothing.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench import collector
from workbench.definitions.statuses import load_rules, recompute_statuses
from workbench.errors import WorkbenchError
from workbench.ingest import parallel, stages
from workbench.ingest.headers import column_letter
from workbench.ingest.heading_words import with_kind
from workbench.ingest.loader import CHUNK, LoadCounts, load
from workbench.ingest.plan import ImportOptions, ImportPlan, inspect_file
from workbench.ingest.prepare import Prepared, Statuses, content_hash, prepare, unchanged
from workbench.ingest.profiles import kind_of
from workbench.ingest.stages import StageClock
from workbench.privacy import suppression
from workbench.progress import NO_PROGRESS, Progress
from workbench.standardize.record import standardize_row
from workbench.store import audit
from workbench.store.compact import row_cells
from workbench.store.master import Master
from workbench.store.models import ImportBatch, Setting, Source, SourceRecord, utcnow

DEFAULT_REGION_SETTING = "default_region"
MAX_KEY_CHARS = 200
NOTHING_TO_IDENTIFY = "nothing to identify a person or organization (no name, company, e-mail or phone)"


@dataclass
class ImportResult:
    plan: ImportPlan
    counts: LoadCounts
    source: str
    dry_run: bool
    batch_id: int | None = None
    seconds: float = 0.0
    customer_ids: list[int] = field(default_factory=list)
    held_back: dict[str, int] = field(default_factory=dict)  # why → rows (erased, do not contact)
    held_back_rows: list[dict[str, Any]] = field(default_factory=list)
    opt_outs_kept: int = 0  # new rows that arrived opted out, as their person had
    stage_cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds by stage (see `stages`)

    def as_json(self) -> dict[str, Any]:
        return {
            **self.plan.describe(),
            "source": self.source,
            "dry_run": self.dry_run,
            "batch_id": self.batch_id,
            "counts": self.counts.as_dict(),
            "rejects": list(self.counts.rejects),
            "held_back": dict(self.held_back),
            "held_back_rows": list(self.held_back_rows),
            "opt_outs_kept": self.opt_outs_kept,
            "customers_new_or_changed": len(self.customer_ids),
            "seconds": round(self.seconds, 2),
        }


class _RollBack(Exception):
    """Unwinds a dry run's transaction."""


def source_names(master: Master) -> list[str]:
    """The sources the master knows, for choosing one."""
    with master.session() as session:
        return list(session.scalars(select(Source.name).order_by(Source.name)))


def find_source(session: Session, name: str) -> Source | None:
    return session.scalar(select(Source).where(Source.name == name))


def prepare_import(master: Master, path: Path, options: ImportOptions | None = None) -> ImportPlan:
    """Inspect the file, and reuse what the master remembers about the source it comes from.

    Without --source the source is the one an earlier export of the same recognised layout was
    filed under, else the recognised system, else a name made from the file's: a newer export
    of the same system finds its source, so its records update the ones already there instead
    of arriving as new customers.
    """
    options = options or ImportOptions()
    plan = inspect_file(Path(path), options)
    with master.session() as session:
        name = options.source or known_source(session, plan) or plan.source_name
        source = find_source(session, name)
        plan.source_name = source.name if source is not None else name
        if not options.region:  # what was said before beats what the file's values suggest
            said = None if plan.region_guessed else plan.region
            plan.region = said or (source.default_region if source is not None else None) \
                or master_default_region(session) or plan.region
        if source is not None:
            plan.remember(dict(source.mapping) if source.mapping else None, source.key_column)
        else:
            plan.decide_dates()
    return plan


def known_source(session: Session, plan: ImportPlan) -> str | None:
    """The source earlier exports of this recognised layout were filed under, if any.

    Only a recognised layout is followed this way: two unrecognised files that merely share a
    template may come from different places, and their keys must not meet."""
    profile = plan.recognised.profile if plan.recognised else None
    if profile is None:
        return None
    wanted = set(plan.columns)
    older = None  # imported before layouts were recognised, with exactly these headings
    rows = session.execute(select(Source.name, Source.mapping, ImportBatch.options)
                           .join(ImportBatch, ImportBatch.source_id == Source.id)
                           .order_by(ImportBatch.id.desc()))
    for name, mapping, options in rows:
        recorded = (options or {}).get("profile")
        if recorded == profile.id:
            return name
        if older is None and "profile" not in (options or {}) and mapping and set(mapping) == wanted:
            older = name
    by_system = session.scalar(select(Source.name).where(func.lower(Source.name) == profile.system.lower()))
    return by_system or older


def master_default_region(session: Session) -> str | None:
    """The master's own default phone region (settings key "default_region"), if one is set."""
    setting = session.get(Setting, DEFAULT_REGION_SETTING)
    value = setting.value if setting is not None else None
    if isinstance(value, dict):
        value = value.get("value") or value.get("region")
    return value.upper() if isinstance(value, str) and len(value) == 2 and value.isalpha() else None


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# ------------------------------------------------------------------ rows → prepared records

# (column index, target, index of the column naming its kind or None, separator or None)
Target = tuple[int, str, int | None, str | None]
Spec = tuple[list[str], list[Target], str | None, str | None, dict[str, str], int | None, Statuses | None]


def _spec(plan: ImportPlan, statuses: Statuses | None = None) -> Spec:
    index = {c: i for i, c in enumerate(plan.columns)}
    kinds = plan.recognised.kinds if plan.recognised else {}
    separators = plan.recognised.separators if plan.recognised else {}
    targets: list[Target] = []
    for i, column in enumerate(plan.columns):
        target = plan.mapping.get(column)
        if target:
            kind_column = kinds.get(column)
            targets.append((i, target, index.get(kind_column) if kind_column else None, separators.get(column)))
    key_index = plan.columns.index(plan.key_column) if plan.key_column else None
    return plan.columns, targets, plan.consent_for_all, plan.region, plan.date_order, key_index, statuses


def _cell_pairs(target: str, cell: str, kind_cell: str | None, separator: str | None
                ) -> Iterator[tuple[str, str]]:
    """One cell's (target, value) pairs: split where the layout puts several values in a cell,
    each with the kind its label cell names (Google: "Mobile ::: Work" beside two numbers)."""
    values = [v.strip() for v in cell.split(separator)] if separator and separator in cell else [cell]
    labels: list[str | None] = [None]
    if kind_cell:
        labels = [v.strip() for v in kind_cell.split(separator)] if separator and separator in kind_cell \
            else [kind_cell]
    for number, value in enumerate(values):
        if not value:
            continue
        label = labels[number] if number < len(labels) else labels[0]
        yield (with_kind(target, kind_of(label)) if label else target), value


def _row_key(cells: list[str | None], key_index: int | None) -> str | None:
    key = cells[key_index] if key_index is not None and key_index < len(cells) else None
    if key is not None and len(key) > MAX_KEY_CHARS:  # an id, not a paragraph: keep it storable
        key = "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    return key


def standardize_rows(spec: Spec, rows: list[tuple[int, int, list[str | None]]],
                     prepare_cpu: list[float] | None = None,
                     known: dict[str, tuple[int, str, int | None]] | None = None) -> list[Prepared | tuple[int, str]]:
    """(record number, row number, cells) → a prepared record, or (row number, reason) for a reject.

    `known` maps keys of records already in the master to their ids and content hashes: a row with the
    same key and content is not standardized again (`unchanged`), since an import leaves such a
    record as it is. `prepare_cpu`, when given, gets the CPU seconds spent preparing added to
    its one element."""
    preparing = 0.0
    clock = stages.now
    columns, targets, consent, region, date_order, key_index, statuses = spec
    width = len(columns)
    headings = tuple(columns)  # one object for the chunk: sent back once, however many records
    out: list[Prepared | tuple[int, str]] = []
    for record_no, row_no, cells in rows:
        if cells.__class__ is not list:  # a BadRow: read, but not importable as it stands
            out.append((row_no, cells.reason))  # type: ignore[attr-defined]
            continue
        raw = {columns[i]: v for i, v in enumerate(cells[:width]) if v is not None}
        for i in range(width, len(cells)):
            if cells[i] is not None:
                raw[f"Column {column_letter(i)}"] = cells[i]
        if known:
            key = _row_key(cells, key_index)
            if key is not None and key in known:
                digest = content_hash(raw)
                record_id, stored, stored_no = known[key]
                if stored == digest:
                    item = unchanged(record_no, key, digest, record_id, stored_no)
                    item.row = row_no
                    out.append(item)
                    continue
        pairs: list[tuple[str, object]] = []
        for i, target, kind_index, separator in targets:
            cell = cells[i] if i < len(cells) else None
            if cell is None:
                continue
            if kind_index is None and separator is None:
                pairs.append((target, cell))
                continue
            kind_cell = cells[kind_index] if kind_index is not None and kind_index < len(cells) else None
            pairs.extend(_cell_pairs(target, cell, kind_cell, separator))
        if consent:
            pairs.append(("marketing_consent", consent))
        record = standardize_row(pairs, region=region, date_order=date_order)
        if not record.identifiable():
            out.append((row_no, NOTHING_TO_IDENTIFY))
            continue
        key = _row_key(cells, key_index)
        compact = row_cells(cells, width)
        started = clock()
        item = prepare(record_no, raw, record, key, cells=compact, headings=headings if compact is not None else None,
                       statuses=statuses)
        preparing += clock() - started
        item.row = row_no
        out.append(item)
    if prepare_cpu is not None:
        prepare_cpu[0] += preparing
    return out


Chunk = tuple[Spec, list[tuple[int, int, list[str | None]]], dict[str, tuple[int, str, int | None]] | None]
# keys of a chunk → {key: (record id, content hash)} of those the master already holds from this source
Lookup = Callable[[list[str]], dict[str, tuple[int, str, int | None]]]


def _standardize_chunk(args: Chunk) -> tuple[list[Prepared | tuple[int, str]], float, float]:
    """A chunk's results, with the CPU seconds spent standardizing and preparing them."""
    started = stages.now()
    preparing = [0.0]
    spec, rows, known = args
    with collector.paused():
        results = standardize_rows(spec, rows, prepare_cpu=preparing, known=known)
    return results, stages.now() - started - preparing[0], preparing[0]


def _row_chunks(plan: ImportPlan, spec: Spec, clock: StageClock, lookup: Lookup | None) -> Iterator[Chunk]:
    chunk: list[tuple[int, int, list[str | None]]] = []
    started = stages.now()
    key_index = spec[5]

    def known() -> dict[str, tuple[int, str, int | None]] | None:
        if lookup is None or key_index is None:
            return None
        keys = {key for _no, _row, cells in chunk if cells.__class__ is list
                and (key := _row_key(cells, key_index)) is not None}
        return lookup(list(keys)) if keys else None

    for record_no, (row_no, cells) in enumerate(plan.data_rows(), start=1):
        chunk.append((record_no, row_no, cells))
        if len(chunk) >= CHUNK:
            clock.add(stages.READ, stages.now() - started)
            with clock.stage(stages.WRITE):  # a look-up in the master, as the writer's own
                found = known()
            yield spec, chunk, found
            started = stages.now()
            chunk = []
    clock.add(stages.READ, stages.now() - started)
    if chunk:
        with clock.stage(stages.WRITE):
            found = known()
        yield spec, chunk, found


def prepared_records(plan: ImportPlan, counts: LoadCounts, workers: int,
                     clock: StageClock = stages.NO_CLOCK, lookup: Lookup | None = None,
                     statuses: Statuses | None = None) -> Iterator[Prepared]:
    """The file's records standardized and prepared, in order; rejects are counted on the way.

    With `lookup`, rows the master already holds unchanged come as `unchanged` stubs; with
    `statuses`, new customers come with their lifecycle status (`prepare.status_of`)."""
    spec = _spec(plan, statuses)
    for results, standardizing, preparing in parallel.ordered_map(
            _standardize_chunk, _row_chunks(plan, spec, clock, lookup), workers):
        clock.add(stages.STANDARDIZE, standardizing)
        clock.add(stages.PREPARE, preparing)
        for result in results:
            if isinstance(result, tuple):
                counts.read += 1
                counts.reject(*result)
            else:
                yield result


# ------------------------------------------------------------------ the import


def run_import(master: Master, plan: ImportPlan, *, dry_run: bool = False, progress: Progress = NO_PROGRESS,
               workers: int | None = None) -> ImportResult:
    """Import the file as planned, in one transaction; a dry run rolls everything back."""
    started = time.monotonic()
    cpu_started = stages.now()
    clock = StageClock()
    path = plan.path
    try:
        checksum = file_checksum(path)
        size = path.stat().st_size
    except OSError as exc:
        raise WorkbenchError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if plan.key_column is not None and plan.key_column not in plan.columns:
        raise WorkbenchError(f"{path.name}: key column {plan.key_column!r} is not a column of this file")
    count_workers = parallel.worker_count(plan.table.size_hint) if workers is None else workers
    counts = LoadCounts()
    result = ImportResult(plan, counts, plan.source_name, dry_run)
    progress(0, plan.table.size_hint, f"Reading {path.name}…")
    try:
        # Announced once the lock is held: an import still waiting must not hide whom it waits for.
        with collector.paused(), master.transaction() as session, master.activity(f"an import of {path.name}"):
            source = find_source(session, plan.source_name)
            if source is None:
                source = Source(name=plan.source_name, kind="file", default_region=plan.region)
                session.add(source)
            batch = ImportBatch(
                source=source, file_name=path.name, file_path=str(path.resolve()), file_size=size,
                checksum=checksum, format=plan.table.format, encoding=plan.table.encoding,
                delimiter=plan.table.delimiter, sheet=plan.table.sheet, header_row=plan.header_row,
                mapping=dict(plan.mapping), actor=audit.current_actor(), started_at=utcnow(),
                options={"key": plan.key_column, "region": plan.region, "consent_for_all": plan.consent_for_all,
                         "date_order": plan.date_order,
                         "profile": plan.recognised.profile.id if plan.recognised else None},
                status="completed")
            session.add(batch)
            session.flush()
            now, rules = utcnow(), load_rules(session)  # one moment and one set of rules for every status set
            screen = suppression.import_screen(session)  # erased and do-not-contact people stay out
            def statuses(customer_ids: list[int]) -> None:
                with clock.stage(stages.STATUSES):
                    recompute_statuses(session, customer_ids, now=now, rules=rules)

            lookup = _unchanged_lookup(session, source, batch)
            load(session, source=source, batch=batch,
                 items=prepared_records(plan, counts, count_workers, clock, lookup, (rules, now)),
                 total=max(plan.table.size_hint, 1), progress=progress, dry_run=dry_run, counts=counts,
                 written=statuses, screen=screen, clock=clock)
            if screen is not None:
                result.held_back, result.held_back_rows = dict(screen.held_back), screen.rows
                result.opt_outs_kept = screen.opt_outs_kept
            batch.counts = counts.as_dict()
            batch.rejects = list(counts.rejects)
            batch.finished_at = utcnow()
            source.mapping = dict(plan.mapping)
            if plan.key_column is not None:
                source.key_column = plan.key_column
            if plan.region:
                source.default_region = plan.region
            audit.log(session, "import", "import_batch", batch.id,
                      details={"file": path.name, "source": source.name, "counts": counts.as_dict()})
            result.batch_id = batch.id
            finishing = stages.now()
            if dry_run:
                raise _RollBack()
    except _RollBack:
        result.batch_id = None
    clock.add(stages.FINISH, stages.now() - finishing)
    own = stages.now() - cpu_started
    here = [stages.READ, stages.WRITE, stages.STATUSES, stages.FINISH]
    if count_workers == 0:
        here += [stages.STANDARDIZE, stages.PREPARE]
    clock.add(stages.OTHER, max(0.0, own - sum(clock.cpu[name] for name in here)))
    result.stage_cpu = dict(clock.cpu)
    result.customer_ids = [] if dry_run else counts.customer_ids
    result.seconds = time.monotonic() - started
    progress(counts.read, counts.read, f"{'Checked' if dry_run else 'Imported'} {path.name}")
    return result


SPEC_OPTIONS = ("key", "region", "consent_for_all", "date_order", "profile")


def _unchanged_lookup(session: Session, source: Source, batch: ImportBatch) -> Lookup | None:
    """How to find rows the master already holds unchanged, when they may be left unstandardized.

    Only when every earlier import of this source read its files as this one does (the same
    mapping and options): a row then standardizes as it did, and an import leaves an unchanged
    record as it is anyway. Otherwise (or for a new source) every row is standardized."""
    if source.id is None:
        return None
    this = (batch.mapping, {k: (batch.options or {}).get(k) for k in SPEC_OPTIONS})
    earlier = session.execute(select(ImportBatch.mapping, ImportBatch.options).where(
        ImportBatch.source_id == source.id, ImportBatch.id != batch.id)).all()
    if not earlier or any((mapping, {k: (options or {}).get(k) for k in SPEC_OPTIONS}) != this
                          for mapping, options in earlier):
        return None
    source_id = source.id

    connection = session.connection()
    if connection.dialect.name == "sqlite":  # a chunk's keys at a time: the driver itself, without SQL building
        driver = connection.connection.driver_connection

        def lookup(keys: list[str]) -> dict[str, tuple[int, str, int | None]]:
            rows = driver.execute(  # type: ignore[union-attr]
                "SELECT id, source_key, record_hash, record_no FROM source_records WHERE source_id = ? AND "
                f"source_key IN ({', '.join('?' * len(keys))})", (source_id, *keys))
            return {key: (record_id, digest, record_no) for record_id, key, digest, record_no in rows}

        return lookup

    def lookup(keys: list[str]) -> dict[str, tuple[int, str, int | None]]:
        return {key: (record_id, digest, record_no) for record_id, key, digest, record_no in session.execute(
            select(SourceRecord.id, SourceRecord.source_key, SourceRecord.record_hash, SourceRecord.record_no).where(
                SourceRecord.source_id == source_id, SourceRecord.source_key.in_(keys)))}

    return lookup


def import_file(master: Master, path: Path, options: ImportOptions | None = None, *,
                progress: Progress = NO_PROGRESS, workers: int | None = None) -> ImportResult:
    """Inspect and import in one go, as the command line does."""
    options = options or ImportOptions()
    started = stages.now()
    plan = prepare_import(master, Path(path), options)
    inspecting = stages.now() - started
    result = run_import(master, plan, dry_run=options.dry_run, progress=progress, workers=workers)
    result.stage_cpu = {stages.INSPECT: inspecting, **result.stage_cpu}
    return result
