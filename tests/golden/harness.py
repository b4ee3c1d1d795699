"""Build a golden set's files, run them through import → match → auto-merge, and score the result.

How a cell is judged, field by field, is in `judging.py`.

A person whose rows end up in several golden records is scored on the record holding most of
their rows (the lowest master number on a tie) and counted as *split*; every other record of
theirs adds a wrong cell per scored field to the *strict* figure. A person whose rows share a
golden record with another person's rows is counted as *wrongly merged*.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workbench.text import fold

from .apart import planted_pairs, told_apart
from .judging import FIELDS, carried, golden_values, judge, truth_value, where_it_went_wrong
from .layouts import LAYOUTS, Context, write_layout
from .population import Person, Population, make_population
from .systems import Copy, Membership, Noise, Truth, make_copies


@dataclass(frozen=True)
class GoldenSet:
    name: str
    seed: int
    size: int
    memberships: tuple[Membership, ...]
    noise: Noise = Noise()


@dataclass
class Built:
    population: Population
    truths: dict[int, Truth]
    files: list[tuple[str, Path, list[Copy]]]  # layout id, file, what each data row holds


def build(golden: GoldenSet, folder: Path, size: int | None = None) -> Built:
    """The set's population and its files in `folder`, in the order they are to be imported."""
    population = make_population(golden.seed, size or golden.size)
    copies, truths = make_copies(population, list(golden.memberships), golden.noise, golden.seed)
    people = population.by_id()
    files = []
    for number, membership in enumerate(golden.memberships):
        layout = LAYOUTS[membership.layout]
        ctx = Context(random.Random(golden.seed * 1009 + number), people)
        sub = folder / f"{number + 1:02d}-{layout.id}"
        sub.mkdir(parents=True, exist_ok=True)
        path, rows = write_layout(layout, copies[membership.layout], ctx, sub)
        files.append((layout.id, path, rows))
    return Built(population, truths, files)


# --------------------------------------------------------------------------- running


@dataclass
class Cell:
    pid: int
    field: str
    outcome: str  # right / wrong / missing
    want: Any
    got: Any
    where: str = ""  # where in the pipeline it is believed to go wrong
    customer: int | None = None


@dataclass
class Result:
    name: str
    people: int
    files: int
    rows: int
    goldens: int
    cells: list[Cell]
    case_right: int
    unknowable: int
    split: list[int]
    wrongly_merged: list[int]
    mixed_records: int
    extra_record_cells: int
    seconds: dict[str, float] = field(default_factory=dict)
    people_by_id: dict[int, Person] = field(default_factory=dict)
    rejected: int = 0
    strays: list[str] = field(default_factory=list)  # records made from no row written
    mixed_groups: list[list[int]] = field(default_factory=list)  # people sharing one golden record
    # Pairs of rows (source records) in one golden record: of one person (right) or not.
    row_pairs_right: int = 0
    row_pairs_wrong: int = 0
    row_pairs_true: int = 0  # pairs of rows of one person, in one golden record or not
    # Planted pairs (couples, namesakes, colleagues, parents and children) in one golden record.
    planted: int = 0
    planted_merged: list[tuple[int, int, str]] = field(default_factory=list)
    # Of those, the pairs whose rows in the record hold nothing that tells one from the other (a
    # row of the son with his name and his father's address): no matcher could keep them apart.
    planted_undecidable: list[tuple[int, int, str]] = field(default_factory=list)

    def pair_precision(self) -> float:
        found = self.row_pairs_right + self.row_pairs_wrong
        return self.row_pairs_right / found if found else 1.0

    def pair_recall(self) -> float:
        return self.row_pairs_right / self.row_pairs_true if self.row_pairs_true else 1.0

    def counted(self) -> int:
        return len(self.cells)

    def right(self) -> int:
        return sum(c.outcome == "right" for c in self.cells)

    def share(self) -> float:
        return self.right() / self.counted() if self.cells else 1.0

    def strict_share(self) -> float:
        total = self.counted() + self.extra_record_cells
        return self.right() / total if total else 1.0

    def case_share(self) -> float:
        return self.case_right / self.counted() if self.cells else 1.0

    def by_field(self) -> dict[str, tuple[int, int, int, int]]:
        """field → (right, wrong, missing, counted)."""
        table: dict[str, list[int]] = {f: [0, 0, 0, 0] for f in FIELDS}
        for cell in self.cells:
            row = table[cell.field]
            row[("right", "wrong", "missing").index(cell.outcome)] += 1
            row[3] += 1
        return {f: (r[0], r[1], r[2], r[3]) for f, r in table.items()}

    def field_shares(self) -> dict[str, float]:
        return {f: right / total for f, (right, _w, _m, total) in self.by_field().items() if total}

    def by_case(self) -> dict[str, tuple[float, int, int, int, int]]:
        """hard case → (share right, cells, people, split, wrongly merged)."""
        out = {}
        cases = sorted({c for p in self.people_by_id.values() for c in p.cases})
        for case in cases:
            pids = {p.pid for p in self.people_by_id.values() if case in p.cases}
            cells = [c for c in self.cells if c.pid in pids]
            if cells:
                right = sum(c.outcome == "right" for c in cells) / len(cells)
                out[case] = (right, len(cells), len(pids), len(pids & set(self.split)),
                             len(pids & set(self.wrongly_merged)))
        return out

    def kinds(self) -> Counter:
        return Counter((c.field, c.outcome, c.where) for c in self.cells if c.outcome != "right")

    def report(self, examples: int = 12) -> str:
        lines = [f"{self.name}: {self.people} people in {self.files} files ({self.rows} rows, {self.rejected} "
                 f"rejected) -> {self.goldens} golden records",
                 f"  cells right: {self.share():.1%} of {self.counted()} (ignoring case: {self.case_share():.1%}; "
                 f"strict, extra records of split people wrong: {self.strict_share():.1%}); "
                 f"{self.unknowable} cells could not be known",
                 f"  split people: {len(self.split)}; wrongly merged people: {len(self.wrongly_merged)} "
                 f"(in {self.mixed_records} golden records holding several people)",
                 "  field          right   wrong missing  counted",
                 ]
        for name, (right, wrong, missing, total) in self.by_field().items():
            if total:
                lines.append(f"  {name:<13} {right / total:6.1%} {wrong:7d} {missing:7d} {total:8d}")
        lines.append("  most common wrong cells (field, outcome, where it goes wrong):")
        for (name, outcome, where), count in self.kinds().most_common(examples):
            example = next(c for c in self.cells if (c.field, c.outcome, c.where) == (name, outcome, where))
            person = self.people_by_id[example.pid]
            lines.append(f"   {count:4d} {name} {outcome} [{where}] e.g. person {example.pid} "
                         f"({person.first} {person.last}, C-{example.customer or 0:06d}): want {example.want!r}, "
                         f"got {example.got!r}")
        lines.append("  by hard case: " + "; ".join(
            f"{case} {right:.0%} of {cells} cells ({people} people, {split} split, {merged} wrongly merged)"
            for case, (right, cells, people, split, merged) in self.by_case().items()))
        # With no examples asked for (a held-out set scored by its figures alone), no people are named.
        for group in self.mixed_groups if examples else ():
            lines.append("  one golden record for: " + " + ".join(
                f"{pid} {self.people_by_id[pid].first} {self.people_by_id[pid].last}"
                f" ({', '.join(self.people_by_id[pid].cases) or 'plain'})" for pid in group))
        lines.append(f"  pairs of rows in one golden record: precision {self.pair_precision():.4f}, recall "
                     f"{self.pair_recall():.4f}; planted pairs merged: {len(self.planted_merged)} of {self.planted} "
                     f"({len(self.planted_undecidable)} that the rows joined could not tell apart)"
                     + "".join(f"; {a} + {b} ({kind})" for a, b, kind in (self.planted_merged if examples else ())))
        for stray in self.strays:
            lines.append(f"  a record from no row of the file: {stray}")
        if self.seconds:
            lines.append("  seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items()))
        return "\n".join(lines)


def run(golden: GoldenSet, size: int | None = None, folder: Path | None = None) -> Result:
    """Build the set's files, import them into a fresh master, match, auto-merge, and score."""
    if folder is None:
        with tempfile.TemporaryDirectory(prefix="golden-") as temp:
            return run(golden, size, Path(temp))
    from workbench.ingest.importer import import_file
    from workbench.matching import auto_merge_groups, run_matching
    from workbench.stewardship.bulk import merge_groups
    from workbench.store.master import open_master

    timings: dict[str, float] = {}
    started = time.perf_counter()
    built = build(golden, folder / "files", size)
    timings["build"] = time.perf_counter() - started
    master = open_master(folder / "master.sqlite")
    try:
        started = time.perf_counter()
        rejected = 0
        notes: list[str] = []
        batches: dict[int, list[Copy]] = {}
        layout_of_batch: dict[int, str] = {}
        for layout_id, path, rows in built.files:
            result = import_file(master, path, workers=0)
            counts = result.counts.as_dict()
            rejected += counts.get("rejected", 0)
            if counts.get("updated") or counts.get("unchanged") or counts.get("duplicates"):
                notes.append(f"{layout_id}: {counts}")
            batches[result.batch_id] = rows
            layout_of_batch[result.batch_id] = layout_id
        timings["import"] = time.perf_counter() - started
        rows_of, strays = _rows_of_records(master, batches, layout_of_batch)
        before = _customer_values(master)  # one customer per row: what the import made of each row
        started = time.perf_counter()
        run_matching(master)
        timings["match"] = time.perf_counter() - started
        started = time.perf_counter()
        with master.session() as session:
            groups = auto_merge_groups(session)
        merge_groups(master, groups)
        timings["merge"] = time.perf_counter() - started
        started = time.perf_counter()
        result = score(golden.name, built, master, rows_of, before)
        timings["score"] = time.perf_counter() - started
        result.rejected = rejected
        result.strays = strays + notes
        result.seconds = timings
        return result
    finally:
        master.close()


@dataclass
class RowInfo:
    copy: Copy
    layout: str
    record_id: int
    first_customer: int  # the customer the row made on import
    digits: str = ""  # the digits of the row as read, for telling which numbers it carries


def _rows_of_records(master, batches: dict[int, list[Copy]], layouts: dict[int, str],
                     ) -> tuple[dict[int, RowInfo], list[str]]:
    """source record id → the row it came from (checked against the row written), and the records
    that come from no row written (a report's footer read as a customer)."""
    from workbench.store.models import SourceRecord

    out: dict[int, RowInfo] = {}
    misplaced: list[tuple] = []
    strays: list[str] = []
    with master.session() as session:
        for record in session.scalars(select(SourceRecord)):
            rows = batches[record.batch_id]
            if not 0 < record.record_no <= len(rows):  # a line below the table read as a record
                strays.append(f"{layouts[record.batch_id]} record {record.record_no}: "
                              + " | ".join(str(v) for v in record.raw.values() if v)[:80])
                continue
            copy = rows[record.record_no - 1]
            raw = " ".join(str(v) for v in record.raw.values()).lower()
            marks = [m for m in (copy.email, copy.last) if m]
            if marks and not any(m.lower() in raw or fold(m) in fold(raw) for m in marks):
                misplaced.append((layouts[record.batch_id], record.record_no, marks, raw[:120]))
            digits = " ".join("".join(ch for ch in str(v) if ch.isdigit()) for v in record.raw.values())
            out[record.id] = RowInfo(copy, layouts[record.batch_id], record.id, record.customer_id, digits)
    if misplaced:
        raise AssertionError(f"rows and source records do not line up: {misplaced[:3]}")
    return out, strays


def _customers(session):
    from workbench.store.models import Customer

    return session.scalars(select(Customer).where(Customer.merged_into_id.is_(None)).options(
        selectinload(Customer.emails), selectinload(Customer.phones), selectinload(Customer.addresses)))


def _customer_values(master) -> dict[int, dict[str, Any]]:
    with master.session() as session:
        return {c.id: golden_values(c) for c in _customers(session)}


def score(set_name: str, built: Built, master, rows_of: dict[int, RowInfo],
          before: dict[int, dict[str, Any]]) -> Result:
    from workbench.store.models import SourceRecord

    people = built.population.by_id()
    with master.session() as session:
        goldens = {c.id: golden_values(c) for c in _customers(session)}
        placed = dict(session.execute(select(SourceRecord.id, SourceRecord.customer_id)).all())
    record_rows: dict[int, list[RowInfo]] = defaultdict(list)  # golden id → rows
    person_rows: dict[int, list[RowInfo]] = defaultdict(list)
    person_goldens: dict[int, Counter] = defaultdict(Counter)
    for record_id, info in rows_of.items():
        golden_id = placed[record_id]  # records from no row are left out: they hold nobody
        record_rows[golden_id].append(info)
        person_rows[info.copy.pid].append(info)
        person_goldens[info.copy.pid][golden_id] += 1
    owners = {g: {i.copy.pid for i in rows} for g, rows in record_rows.items()}
    mixed = sum(len(p) > 1 for p in owners.values())
    cells: list[Cell] = []
    case_right = unknowable = extra_cells = 0
    split, wrongly_merged = [], []
    layouts = {lid: LAYOUTS[lid].carries for lid in LAYOUTS}
    for pid, counter in sorted(person_goldens.items()):
        person = people[pid]
        truth = built.truths[pid]
        main = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if len(counter) > 1:
            split.append(pid)
        if any(len(owners[g]) > 1 for g in counter):
            wrongly_merged.append(pid)
        golden = goldens[main]
        rows = person_rows[pid]
        for name in FIELDS:
            want = truth_value(person, truth, name)
            knowable = any(carried(name, person, truth, r.copy, layouts[r.layout], r.digits) for r in rows)
            if not knowable:
                empty_truth = want is None or want == set()
                has_value = name not in ("email2", "mobile") and golden.get(name) not in (None, "", "unknown")
                if empty_truth and has_value:
                    cell = Cell(pid, name, "wrong", want, golden.get(name), customer=main)
                    cell.where = where_it_went_wrong(cell, person, truth, rows, main, record_rows, before, layouts, people)
                    cells.append(cell)
                elif not empty_truth:
                    unknowable += 1
                continue
            outcome = judge(name, person, want, golden)
            got = golden.get(name) if name not in ("email2", "mobile") else sorted(
                golden["emails" if name == "email2" else "phones"])
            cell = Cell(pid, name, outcome, want, got, customer=main)
            if outcome != "right":
                cell.where = where_it_went_wrong(cell, person, truth, rows, main, record_rows, before, layouts, people)
            cells.append(cell)
            case_right += judge(name, person, want, golden, ignore_case=True) == "right"
            extra_cells += len(counter) - 1
    groups = sorted(sorted(p) for p in owners.values() if len(p) > 1)
    result = Result(set_name, len(person_goldens), len(built.files), len(rows_of), len(goldens), cells, case_right,
                    unknowable, split, wrongly_merged, mixed, extra_cells, people_by_id=people, mixed_groups=groups)
    for rows in record_rows.values():
        by_person = Counter(info.copy.pid for info in rows)
        right = sum(n * (n - 1) // 2 for n in by_person.values())
        result.row_pairs_right += right
        result.row_pairs_wrong += len(rows) * (len(rows) - 1) // 2 - right
    result.row_pairs_true = sum(len(r) * (len(r) - 1) // 2 for r in person_rows.values())
    planted = planted_pairs(people)
    result.planted = len(planted)
    result.planted_merged = sorted((a, b, kind) for (a, b), kind in planted.items()
                                   if any(a in o and b in o for o in owners.values()))
    held = [[(info.copy, layouts[info.layout], info.digits, people[info.copy.pid]) for info in rows]
            for rows in record_rows.values()]
    result.planted_undecidable = [pair for pair in result.planted_merged if not told_apart(pair[0], pair[1], held)]
    return result
