"""Demo data and loading it: realistic duplicates, all-or-nothing, re-loading changes nothing."""

import csv
from collections import Counter

import pytest
from sqlalchemy import func, select

from workbench.errors import Cancelled
from workbench.ingest.loader import LoadItem, load
from workbench.progress import Progress
from workbench.sample.generator import generate
from workbench.sample.load import load_sample, write_sample
from workbench.standardize.record import standardize_row
from workbench.store.models import AuditEntry, Customer, ImportBatch, Source, SourceRecord


def test_generator_is_repeatable_and_has_realistic_duplicate_groups():
    sample = generate(3000, seed=21)
    assert [r.pairs for r in sample.records[:50]] == [r.pairs for r in generate(3000, seed=21).records[:50]]
    sizes = Counter(Counter(r.person_id for r in sample.records).values())
    people = sum(sizes.values())
    with_copies = sum(n for size, n in sizes.items() if size > 1)
    assert 0.15 <= with_copies / people <= 0.35  # about a quarter of the people appear more than once
    assert max(sizes) <= 5
    corruptions = Counter(c for r in sample.records for c in r.corruptions)
    for kind in ("typo", "nickname", "married", "moved", "email_variant", "street_abbreviation"):
        assert corruptions[kind] > 0, kind
    names = {v for r in sample.records for t, v in r.pairs if t in ("first_name", "last_name", "full_name")}
    assert any(ch in "".join(names) for ch in "äöüéèñ")


def test_households_are_different_people_at_one_address():
    sample = generate(4000, seed=2)
    by_address: dict[tuple, set[int]] = {}
    for record in sample.records:
        pairs = dict(record.pairs)
        street = pairs.get("street:billing") or pairs.get("street")
        city = pairs.get("city:billing") or pairs.get("city")
        if street and city:
            by_address.setdefault((street, city), set()).add(record.person_id)
    assert any(len(people) > 1 for people in by_address.values())


def test_an_e_mail_address_is_one_persons_unless_a_couple_shares_it():
    """Providers hand out a mailbox once and a domain is one company's: namesakes get their own
    ('thomas.mueller7@gmx.de'), companies named alike their own domains; a couple may share one."""
    from workbench.sample.generator import Generator
    from workbench.sample.writing import mailbox

    generator = Generator(5)
    couples: set[frozenset[int]] = set()
    household_member = generator.household_member

    def member_of(person):
        member = household_member(person)
        if member.email and member.email == person.email:
            couples.add(frozenset((person.person_id, member.person_id)))
        return member

    generator.household_member = member_of  # type: ignore[method-assign]
    sample = generator.generate(20_000)
    holders: dict[str, set[int]] = {}
    for record in sample.records:
        for target, value in record.pairs:
            if target.startswith("email") and value.strip():
                holders.setdefault(mailbox(value), set()).add(record.person_id)
    shared = [people for people in holders.values() if len(people) > 1]
    assert shared, "households share addresses"
    assert all(frozenset(people) in couples for people in shared)


def test_sample_loads_all_records_once_and_again_changes_nothing(master):
    sample = generate(200, seed=4)
    first = load_sample(master, sample)
    assert first.as_dict() == {"read": 200, "new": 200, "updated": 0, "unchanged": 0, "duplicates": 0,
                               "rejected": 0, "held_back": 0}
    again = load_sample(master, sample)
    assert (again.new, again.unchanged) == (0, 200)
    with master.session() as session:
        assert session.scalar(select(func.count(Customer.id))) == 200
        assert session.scalar(select(func.count(SourceRecord.id))) == 200
        assert set(session.scalars(select(Source.name))) <= {"Webshop", "Point of sale", "Newsletter",
                                                              "Trade fair leads"}
        linked = session.scalar(select(func.count(SourceRecord.id)).where(SourceRecord.customer_id.isnot(None)))
        assert linked == 200


def test_a_cancelled_load_leaves_the_master_as_it_was(master):
    def cancel_midway() -> bool:
        cancel_midway.calls += 1
        return cancel_midway.calls > 2

    cancel_midway.calls = 0
    with pytest.raises(Cancelled):
        load_sample(master, generate(3000, seed=9), progress=Progress(is_cancelled=cancel_midway))
    with master.session() as session:
        assert session.scalar(select(func.count(Customer.id))) == 0
        assert session.scalar(select(func.count(ImportBatch.id))) == 0


def _load_rows(master, rows):
    with master.transaction() as session:
        source = session.scalar(select(Source).where(Source.name == "Shop")) or Source(name="Shop")
        session.add(source)
        batch = ImportBatch(source=source, file_name="shop.csv")
        session.add(batch)
        session.flush()
        items = [LoadItem(record_no=i + 1, raw=row, key=row["id"],
                          record=standardize_row([(k, v) for k, v in row.items() if k != "id"], region="DE"))
                 for i, row in enumerate(rows)]
        return load(session, source=source, batch=batch, items=items)


def test_a_newer_export_updates_changed_records_and_the_audit_log_keeps_the_old_values(master):
    _load_rows(master, [
        {"id": "1", "first_name": "Anna", "last_name": "Schmidt", "email": "anna@example.de", "city": "Köln"},
        {"id": "2", "first_name": "Ben", "last_name": "Meyer", "email": "ben@example.de", "city": "Bonn"},
    ])
    counts = _load_rows(master, [
        {"id": "1", "first_name": "Anna", "last_name": "Weber", "email": "anna@example.de", "city": "Köln"},
        {"id": "2", "first_name": "Ben", "last_name": "Meyer", "email": "ben@example.de", "city": "Bonn"},
        {"id": "2", "first_name": "Ben", "last_name": "Meyer", "email": "ben@example.de", "city": "Bonn"},
        {"id": "3", "first_name": "Cem", "last_name": "Yılmaz", "email": "cem@example.de", "city": "Essen"},
    ])
    assert (counts.new, counts.updated, counts.unchanged, counts.duplicates) == (1, 1, 1, 1)
    with master.session() as session:
        anna = session.scalar(select(Customer).where(Customer.first_name == "Anna"))
        assert anna.last_name == "Weber"
        assert anna.display_name == "Anna Weber"
        entry = session.scalar(select(AuditEntry).where(AuditEntry.entity == "customer",
                                                        AuditEntry.field == "last_name"))
        assert (entry.old_value, entry.new_value) == ("Schmidt", "Weber")
        assert session.scalar(select(func.count(Customer.id))) == 3


def test_sample_files_are_written_per_source_with_their_own_headings(tmp_path):
    files = write_sample(generate(120, seed=8), tmp_path / "exports")
    assert {f.name for f in files} <= {"webshop.csv", "point-of-sale.csv", "newsletter.csv", "trade-fair-leads.csv"}
    with (tmp_path / "exports" / "point-of-sale.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:3] == ["Kunde", "Mobil", "E-Mail"]
    single = write_sample(generate(50, seed=8), tmp_path / "all.csv")
    with single[0].open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 50 and rows[0]["Source"]
