"""Merging customers: what the survivor ends up with, what the others become, and exact unmerge."""

from __future__ import annotations

from datetime import date

import pytest
from review_data import add_candidates, add_customer, dump
from sqlalchemy import func, select

from workbench.definitions.statuses import recompute_statuses
from workbench.errors import WorkbenchError
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.unmerge import unmerge
from workbench.store.models import (
    AuditEntry,
    Customer,
    Decision,
    MatchCandidate,
    MergeEvent,
    SourceRecord,
)
from workbench.store.queries import CustomerListQuery, resolve_customer_id


@pytest.fixture
def anna(master):
    """The same Anna three times, written differently by three systems."""
    a = add_customer(master, "Webshop", 70, first_name="Anna", last_name="Müller", email="anna.mueller@example.de",
                     phone="+49 30 1234567", street__billing="Hauptstraße 5", postcode__billing="10115",
                     city__billing="Berlin", country__billing="DE")
    b = add_customer(master, "Point of sale", 60, full_name="Anna Mueller", mobile="+49 171 2345678",
                     email="ANNA.MUELLER@example.de", birth_date="1984-03-02", street="Hauptstraße 5",
                     postcode="10115", city="Berlin", country="DE")
    c = add_customer(master, "Newsletter", 40, email="anna@privat.example", first_name="Anni",
                     last_name="Müller-Schmidt")
    return a, b, c


def test_merge_moves_everything_to_the_lowest_number_and_keeps_one_of_each(master, anna):
    a, b, c = anna
    with master.transaction() as session:
        result = merge_customers(session, MergeRequest([c, b, a]))
    assert result.survivor_id == a and sorted(result.merged_ids) == [b, c]
    with master.session() as session:
        survivor = session.get(Customer, a)
        assert sorted(e.normalized for e in survivor.emails) == ["anna.mueller@example.de", "anna@privat.example"]
        assert sorted(p.e164 for p in survivor.phones) == ["+491712345678", "+49301234567"]
        assert [x.city for x in survivor.addresses if x.kind == "billing"] == ["Berlin"]
        for points in (survivor.emails, survivor.phones, survivor.addresses):
            assert sum(p.is_primary for p in points) == 1
        assert survivor.birth_date == date(1984, 3, 2)  # only B had one
        assert survivor.first_name == "Anna"  # the webshop is the most trusted source
        assert session.scalar(select(func.count(SourceRecord.id)).where(SourceRecord.customer_id == a)) == 3
        for victim in (b, c):
            assert session.get(Customer, victim).merged_into_id == a
            assert resolve_customer_id(session, victim) == a
            assert CustomerListQuery(f"C-{victim:06d}").rows(session, 0, 10)[0].id == a
        assert CustomerListQuery().count(session) == 1
        event = session.get(MergeEvent, result.event_id)
        assert event.survivor_id == a and sorted(event.merged_ids) == [b, c]
        verdicts = session.scalars(select(Decision.verdict).where(Decision.merge_event_id == event.id)).all()
        assert verdicts == ["merged", "merged"]
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "merge")).all()
        assert {e.entity_id for e in entries} == {a, b, c}
        assert all(e.actor for e in entries)


def test_steward_picks_survivor_values_and_primaries(master, anna):
    a, b, c = anna
    with master.session() as session:
        mobile = session.get(Customer, b).phones[0].id
    with master.transaction() as session:
        merge_customers(session, MergeRequest([a, b, c], survivor_id=c, picks={"last_name": c},
                                              primaries={"phone": mobile}))
    with master.session() as session:
        survivor = session.get(Customer, c)
        assert survivor.last_name == "Müller-Schmidt"
        assert survivor.first_name == "Anna"
        assert [p.id for p in survivor.phones if p.is_primary] == [mobile]
        assert survivor.primary_phone == "+491712345678"
        assert session.get(Customer, a).merged_into_id == c


def test_candidates_follow_the_merge(master, anna):
    a, b, c = anna
    outsider = add_customer(master, "Webshop", 70, first_name="Anna", last_name="Meier", email="meier@example.de")
    ids = add_candidates(master, [(a, b), (a, c), (b, outsider), (c, outsider)])  # made in this order
    with master.transaction() as session:
        merge_customers(session, MergeRequest([a, b, c]))
    with master.session() as session:
        rows = {r.id: r for r in session.scalars(select(MatchCandidate))}
        pair_ab, pair_ac, pair_b_out, pair_c_out = (rows[i] for i in ids)
        assert pair_ab.status == pair_ac.status == "merged"
        assert pair_ab.decided_by
        # One candidate now says "survivor and outsider"; the other said the same and is stale.
        live = [r for r in (pair_b_out, pair_c_out) if r.status == "open"]
        assert len(live) == 1 and (live[0].customer_a_id, live[0].customer_b_id) == (a, outsider)
        assert {r.status for r in (pair_b_out, pair_c_out)} == {"open", "stale"}


def test_unmerge_restores_the_master_exactly(master, anna):
    a, b, c = anna
    outsider = add_customer(master, "Webshop", 70, first_name="Anna", last_name="Meier", email="meier@example.de")
    add_candidates(master, [(a, b), (b, outsider), (a, c)])
    with master.transaction() as session:  # as after any import: statuses follow the rules
        recompute_statuses(session)
    before = dump(master)
    with master.transaction() as session:
        result = merge_customers(session, MergeRequest([a, b, c], survivor_id=b, picks={"first_name": c}))
    assert dump(master) != before
    with master.transaction() as session:
        restored = unmerge(session, result.event_id)
    assert sorted(restored.restored_ids) == [a, c] and restored.kept == []
    after = dump(master)
    new_decisions = [d for d in after["decisions"] if d["merge_event_id"] == result.event_id]
    assert new_decisions and all(d["revoked_at"] is not None for d in new_decisions)
    after["decisions"] = [d for d in after["decisions"] if d["merge_event_id"] != result.event_id]
    assert after == before
    with master.session() as session:
        assert session.get(MergeEvent, result.event_id).undone_at is not None
        assert session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "unmerge")) >= 3


def test_unmerge_keeps_later_edits_to_the_survivor(master, anna):
    a, b, _c = anna
    with master.transaction() as session:
        event_id = merge_customers(session, MergeRequest([a, b])).event_id
    with master.transaction() as session:
        session.get(Customer, a).job_title = "Head of Purchasing"
    with master.transaction() as session:
        result = unmerge(session, event_id)
    assert result.kept == ["job_title"]
    with master.session() as session:
        assert session.get(Customer, a).job_title == "Head of Purchasing"
        assert session.get(Customer, b).merged_into_id is None


def test_unmerge_refuses_while_a_later_merge_depends_on_it(master, anna):
    a, b, c = anna
    with master.transaction() as session:
        first = merge_customers(session, MergeRequest([a, b])).event_id
    with master.transaction() as session:
        second = merge_customers(session, MergeRequest([a, c])).event_id
    with master.transaction() as session, pytest.raises(WorkbenchError, match=f"undo merge {second} first"):
        unmerge(session, first)
    with master.transaction() as session:
        unmerge(session, second)
    with master.transaction() as session:
        unmerge(session, first)
    with master.transaction() as session, pytest.raises(WorkbenchError, match="already undone"):
        unmerge(session, first)


def test_a_merged_away_customer_cannot_be_merged_again(master, anna):
    a, b, c = anna
    with master.transaction() as session:
        merge_customers(session, MergeRequest([a, b]))
    with master.transaction() as session, pytest.raises(WorkbenchError, match=f"C-{b:06d} was already merged"):
        merge_customers(session, MergeRequest([b, c]))
    with master.transaction() as session, pytest.raises(WorkbenchError, match="at least two"):
        merge_customers(session, MergeRequest([a, a]))
    with master.transaction() as session, pytest.raises(WorkbenchError, match="no such customer"):
        merge_customers(session, MergeRequest([a, 99999]))
