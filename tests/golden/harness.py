"""Build a golden set's files, run them through import → match → auto-merge, and score the result.

Field rules (what a right cell is), per (person, field):

- A cell is *scored* when the truth could be known: at least one of the person's rows carried
  the true value in a form the import can make right (another case, an abbreviated street and
  a postcode typed as a number count; a nickname, a typo, plain ASCII for an accented name, a
  maiden name, an old address or a month-and-day birthday do not). A cell whose truth is empty
  is scored only when the golden record has a value there anyway (a middle name made out of a
  Spanish second surname, a company the person has not): that is a wrong cell.
  Cells that could not be known are counted apart ("unknowable").
- right / wrong / missing: missing when the golden record has nothing, wrong when it has
  something else.
- Names, company and job title: compared exactly (white space collapsed), since the golden
  record should be properly cased; a case-insensitive figure is reported beside it.
- Title: right when the salutation means what the person is (Herr / Mr. / M. for a man,
  Frau / Ms. / Mme for a woman, Dr. for a doctor), in any language.
- E-mail: the primary e-mail, ignoring case. Second e-mail: present among the e-mails.
- Phone: the primary phone's E.164 is one of the person's numbers (a couple's shared
  landline is each one's). Mobile: the person's mobile is among the phones (E.164).
- Address: the PRIMARY address's street, postcode, city and country against the person's
  current address (an old address is wrong).
- Birth date: the date. Customer since / last order: the date (not the time of day).
- Orders and money: the sums over the systems that carry orders (exactly, to the cent).
- Marketing consent: whether the golden record may be sent marketing ("granted") equals
  whether the person's latest word was yes; scored for people some system holds a consent of.
- Kind: person.
- Status: not scored (no system states a truth for it).

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
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workbench.text import fold

from .apart import national as _national
from .apart import rows_differ
from .layouts import LAYOUTS, Context, write_layout
from .population import Person, Population, make_population
from .systems import Copy, Membership, Noise, Truth, make_copies

FIELDS = ("kind", "title", "first_name", "middle_name", "last_name", "suffix", "company", "job_title",
          "email", "email2", "phone", "mobile", "street", "postcode", "city", "country", "birth_date",
          "first_seen", "last_order", "orders", "spent", "consent")
NAME_LIKE = ("first_name", "middle_name", "last_name", "suffix", "company", "job_title", "street", "city")
MALE = {"mr", "herr", "hr", "m", "dhr", "sig", "sr", "monsieur", "signor", "senor"}
FEMALE = {"ms", "mrs", "miss", "frau", "mme", "madame", "mlle", "mevr", "sigra", "sra", "signora", "senora", "srta"}


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


# --------------------------------------------------------------------------- values


def _collapse(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def title_class(text: str | None) -> str | None:
    if not text:
        return None
    word = fold(text).replace(".", "").replace(" ", "")
    if word.startswith(("dr", "prof")):
        return "dr"
    if word in MALE:
        return "m"
    if word in FEMALE:
        return "f"
    return word


def golden_values(customer) -> dict[str, Any]:
    """A customer's values in the harness's field terms."""
    email = next((e for e in customer.emails if e.is_primary), None)
    phone = next((p for p in customer.phones if p.is_primary), None)
    address = next((a for a in customer.addresses if a.is_primary), None)
    return {
        "kind": customer.kind, "title": customer.title, "first_name": customer.first_name,
        "middle_name": customer.middle_name, "last_name": customer.last_name, "suffix": customer.suffix,
        "company": customer.company, "job_title": customer.job_title,
        "email": email.address if email else None, "emails": {e.normalized for e in customer.emails},
        "phone": (phone.e164 or phone.number) if phone else None, "phones": {p.e164 for p in customer.phones if p.e164},
        "street": address.street if address else None, "postcode": address.postcode if address else None,
        "city": address.city if address else None, "country": address.country if address else None,
        "birth_date": customer.birth_date,
        "first_seen": customer.first_seen_at.date() if customer.first_seen_at else None,
        "last_order": customer.last_order_at.date() if customer.last_order_at else None,
        "orders": customer.order_count, "spent": customer.total_spent,
        "consent": customer.marketing_consent,
    }


def truth_value(person: Person, truth: Truth, name: str) -> Any:
    address = person.address
    return {
        "kind": "person", "title": person.title, "first_name": person.first, "middle_name": person.middle,
        "last_name": person.last, "suffix": person.suffix, "company": person.company, "job_title": person.job_title,
        "email": person.email, "email2": person.email2, "phone": person.phones() or None, "mobile": person.mobile,
        "street": address.street, "postcode": address.postcode, "city": address.city, "country": address.country,
        "birth_date": person.birth, "first_seen": truth.since.date() if truth.since else None,
        "last_order": truth.last_order.date() if truth.last_order else None, "orders": truth.orders,
        "spent": truth.spent, "consent": person.consent,
    }[name]


def judge(name: str, person: Person, want: Any, golden: dict[str, Any], ignore_case: bool = False) -> str:
    """right / wrong / missing for one field of one golden record."""
    if name == "title":
        got = title_class(golden["title"])
        if not got:
            return "missing"
        allowed = {"m" if person.gender == "m" else "f"} | ({"dr"} if person.doctor else set())
        return "right" if got in allowed else "wrong"
    if name == "email2":
        return "right" if want.lower() in golden["emails"] else "missing"
    if name == "mobile":
        return "right" if want in golden["phones"] else "missing"
    if name == "consent":
        return "right" if (golden["consent"] == "granted") == (want == "granted") else "wrong"
    got = golden.get(name)
    if got is None or got == "":
        return "missing"
    if name == "phone":
        return "right" if got in want else "wrong"
    if name == "email":
        return "right" if want and got.lower() == want.lower() else "wrong"
    if name == "spent":
        return "right" if want is not None and abs(got - want) < 0.005 else "wrong"
    if name in NAME_LIKE or name == "postcode":
        a, b = _collapse(got), _collapse(want) if want else None
        if ignore_case and b:
            a, b = a.lower(), b.lower()
        return "right" if a == b else "wrong"
    return "right" if got == want else "wrong"


def carried(name: str, person: Person, truth: Truth, copy: Copy, carries: frozenset[str], raw: str = "") -> bool:
    """Whether one row holds the field's true value in a form the import can make right.

    `raw` is the row's digits as the file has them: a number counts as carried when its national
    digits are there (a layout writes only some of a person's numbers)."""
    if name not in carries and not (name == "email2" and "email" in carries):
        return False
    if name == "email2" and "email2" not in carries:  # only as the row's one e-mail
        return bool(copy.email and person.email2 and copy.email.lower() == person.email2.lower())
    want = truth_value(person, truth, name)
    if want is None or want == set():
        return False
    if name == "kind":
        return True
    if name == "title":
        return copy.title is not None
    if name in ("first_name", "middle_name", "last_name", "suffix", "company", "job_title"):
        value = {"first_name": copy.first, "middle_name": copy.middle, "last_name": copy.last,
                 "suffix": copy.suffix, "company": copy.company, "job_title": copy.job_title}[name]
        return value is not None and value.lower() == want.lower()
    if name == "email":
        return copy.email is not None and copy.email.lower() == want.lower()
    if name == "email2":
        return want.lower() in {e.lower() for e in (copy.email, copy.email2) if e}
    if name == "phone":
        return any(_national(n) in raw for n in set(copy.numbers()) & want)
    if name == "mobile":
        return copy.mobile == want and _national(want) in raw
    if name in ("street", "postcode", "city", "country"):
        if copy.address is None:
            return False
        if name == "street" and copy.extra.get("plain_street"):
            return False
        return getattr(copy.address, name) == want
    if name == "birth_date":
        return copy.birth == want
    if name == "first_seen":
        return copy.joined is not None and copy.joined.date() == want
    if name == "last_order":
        return copy.last_order is not None and copy.last_order.date() == want
    if name in ("orders", "spent"):
        return True  # a sum: known when every system with orders carries them, as all here do
    if name == "consent":
        return copy.consent is not None
    return False


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
                    cell.where = _where(cell, person, truth, rows, main, record_rows, before, layouts, people)
                    cells.append(cell)
                elif not empty_truth:
                    unknowable += 1
                continue
            outcome = judge(name, person, want, golden)
            got = golden.get(name) if name not in ("email2", "mobile") else sorted(
                golden["emails" if name == "email2" else "phones"])
            cell = Cell(pid, name, outcome, want, got, customer=main)
            if outcome != "right":
                cell.where = _where(cell, person, truth, rows, main, record_rows, before, layouts, people)
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
    result.planted_undecidable = [pair for pair in result.planted_merged
                                  if not _told_apart(pair[0], pair[1], record_rows, layouts, people)]
    return result


def _told_apart(a: int, b: int, record_rows: dict[int, list[RowInfo]], layouts: dict[str, frozenset[str]],
                people: dict[int, Person]) -> bool:
    """Whether, in a golden record holding both people, a row of one and a row of the other differ
    in a field both hold (`apart.rows_differ`): then the rows said two people, and the merge is a
    mistake of matching. Otherwise nothing in the rows told them apart."""
    for rows in record_rows.values():
        sides = {a: [], b: []}
        for info in rows:
            if info.copy.pid in sides:
                sides[info.copy.pid].append((info.copy, layouts[info.layout], info.digits, people[info.copy.pid]))
        if any(rows_differ(x, y) for x in sides[a] for y in sides[b]):
            return True
    return False


def planted_pairs(people: dict[int, Person]) -> dict[tuple[int, int], str]:
    """The pairs of people put in to be kept apart: couples, namesakes, colleagues, parents and children."""
    out: dict[tuple[int, int], str] = {}
    for person in people.values():
        for kind, other in (("couple", person.partner), ("same name", person.namesake),
                            ("colleagues", person.colleague), ("parent and child", person.parent)):
            if other is not None and other in people:
                out[(min(person.pid, other), max(person.pid, other))] = kind
    # A common name is planted more than once (a set has a dozen Thomas Müllers): every two of them
    # are namesakes to be kept apart, not only the two drawn together.
    by_name: dict[tuple[str, str], list[int]] = {}
    for person in people.values():
        if person.namesake is not None:
            by_name.setdefault((person.first, person.last), []).append(person.pid)
    for pids in by_name.values():
        for i, a in enumerate(sorted(pids)):
            for b in sorted(pids)[i + 1:]:
                out.setdefault((a, b), "same name")
    return out


def _where(cell: Cell, person: Person, truth: Truth, rows: list[RowInfo], main: int,
           record_rows: dict[int, list[RowInfo]], before: dict[int, dict[str, Any]],
           layouts: dict[str, frozenset[str]], people: dict[int, Person]) -> str:
    """Where in the pipeline a wrong or missing cell is believed to go wrong, read from what each
    row made on import (one customer per row, before matching):

    - matching: merged with another person: the golden value came from another person's row;
    - matching: split: the rows that carried the truth are on another golden record;
    - import/standardisation: a row carried the truth and its import lost it or made it wrong;
    - merge/survivorship: a row on the record gave the truth on import and the merge chose a
      value of another row (the noise of that row is named) or dropped it.
    """
    name, want, got = cell.field, cell.want, cell.got
    on_main = {r.record_id for r in record_rows[main]}
    here = [r for r in rows if r.record_id in on_main]
    others = [r for r in record_rows[main] if r.copy.pid != person.pid]
    if name in ("orders", "spent", "first_seen", "last_order"):
        made = {r.record_id: before[r.first_customer].get(name) for r in record_rows[main]}
        if others and any(made[o.record_id] is not None for o in others):
            return "matching: merged with another person"
        if len(here) < len(rows) and any(before[r.first_customer].get(name) is not None
                                         for r in rows if r.record_id not in on_main):
            return "matching: split"
        if name in ("orders", "spent"):
            if any(made[r.record_id] is None for r in here if r.copy.orders):
                return "import: orders or money not read"
            extra = [r for r in here if not r.copy.orders and made[r.record_id] is not None]
            if extra:
                return f"import mapping: {extra[0].layout} gives {name} that are no orders of its own"
            return "merge/survivorship: sum"
        taken = [r for r in here if made[r.record_id] == got and not carried(
            name, person, truth, r.copy, layouts[r.layout], r.digits)]
        if name == "last_order":  # a date from a row with no orders is some other date
            taken = [r for r in taken if not r.copy.orders]
        if taken:
            return f"import mapping: {taken[0].layout} gives a date that is not {name.replace('_', ' ')}"
        if want is None or not any(made[r.record_id] == want for r in here):
            return "import: date not read right"
        return "merge/survivorship: date rule"
    if name == "consent":
        said = {r.layout: before[r.first_customer].get("consent") for r in here}
        if want == "granted":
            nos = sorted(lo for lo, v in said.items() if v not in ("granted", "unknown", None))
            if any(v == "granted" for v in said.values()) and nos:
                return "merge/survivorship: a no of " + ", ".join(nos) + " beats a yes"
        else:
            yeses = sorted(lo for lo, v in said.items() if v == "granted")
            if yeses:
                return "import mapping: " + ", ".join(yeses) + " read as granted"
        return "matching: merged with another person" if others else "import/standardisation: consent"
    carriers = [r for r in rows if carried(name, person, truth, r.copy, layouts[r.layout], r.digits)]
    if got is not None and got != [] and others:
        foreign = [o for o in others if _same(before[o.first_customer].get(name), got)]
        if foreign and not any(_same(before[r.first_customer].get(name), got) for r in here):
            return "matching: merged with another person"
    if carriers and not [r for r in carriers if r.record_id in on_main]:
        return "matching: split (the rows with it are elsewhere)"
    right_here = [r for r in here if judge(name, person, want, before[r.first_customer]) == "right"] if want \
        is not None and name not in ("email2", "mobile") else [
        r for r in here if want is not None and judge(name, person, want, before[r.first_customer]) == "right"]
    if cell.outcome == "missing":
        if not right_here:
            return "import/standardisation: " + ", ".join(sorted({r.layout for r in carriers if r.record_id in on_main}))
        return "merge/survivorship: dropped"
    sources = [r for r in here if _same(before[r.first_customer].get(name), got)]
    truthful = [r for r in sources if carried(name, person, truth, r.copy, layouts[r.layout], r.digits)]
    if truthful or (name in ("kind", "title", "consent") and sources and not right_here):
        return "import/standardisation: " + ", ".join(sorted({r.layout for r in (truthful or sources)}))
    if sources:
        noise = sorted({n for r in sources for n in r.copy.noise} - {"e-mail case"})
        return "merge/survivorship: chose " + (", ".join(noise) if noise else "a value of " + sources[0].layout)
    if not right_here:
        return "import/standardisation: " + ", ".join(sorted({r.layout for r in carriers})) if carriers \
            else "import/standardisation: value from nowhere"
    return "merge/survivorship"


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()) == " ".join(b.split())
    return a == b


def _on(row: RowInfo, golden_id: int, record_rows: dict[int, list[RowInfo]]) -> bool:
    return any(r.record_id == row.record_id for r in record_rows[golden_id])


def day(value: datetime | date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value
