"""Any sequence of merges, undone in any order the master allows, leaves the master as it was."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_data import add_candidates, dump
from sqlalchemy import select

from workbench.errors import WorkbenchError
from workbench.sample.generator import generate
from workbench.sample.load import load_sample
from workbench.stewardship.golden_fields import FIELDS
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.records import load_records
from workbench.stewardship.unmerge import check_undoable, unmerge
from workbench.store.models import Customer, Decision, MatchCandidate, MergeEvent

PICKABLE = [spec.name for spec in FIELDS]


@pytest.fixture
def sample_master(master):
    sample = generate(36, seed=5)
    load_sample(master, sample)
    with master.session() as session:
        ids = session.scalars(select(Customer.id).order_by(Customer.id)).all()
    add_candidates(master, [(ids[i], ids[(i * 7 + 3) % len(ids)]) for i in range(0, len(ids), 2)])
    with master.transaction() as session:  # some earlier "not a duplicate" verdicts a merge may revoke
        for i in range(0, 12, 3):
            session.add(Decision(customer_a_id=ids[i], customer_b_id=ids[i + 1], verdict="not_duplicate"))
    return master


def live_ids(master) -> list[int]:
    with master.session() as session:
        return list(session.scalars(select(Customer.id).where(Customer.merged_into_id.is_(None)).order_by(Customer.id)))


def undoable(master, events: list[int]) -> list[int]:
    result = []
    with master.session() as session:
        for event_id in events:
            try:
                check_undoable(session, session.get(MergeEvent, event_id))
                result.append(event_id)
            except WorkbenchError:
                pass
    assert result, "some merge must always be undoable"
    return result


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_merging_and_unmerging_random_clusters_restores_the_master(sample_master, data):
    master = sample_master
    before = dump(master)
    events: list[int] = []
    try:
        for _ in range(data.draw(st.integers(1, 4), label="merges")):
            live = live_ids(master)
            members = data.draw(st.lists(st.sampled_from(live), min_size=2, max_size=5, unique=True),
                                label="members")
            survivor = data.draw(st.sampled_from(members), label="survivor")
            picks = data.draw(st.dictionaries(st.sampled_from(PICKABLE), st.sampled_from(members), max_size=4),
                              label="picks")
            with master.session() as session:
                points = {t: [p.id for r in load_records(session, members) for p in r.points[t]]
                          for t in ("email", "phone", "address")}
            primaries = {t: data.draw(st.sampled_from(ids), label=f"primary {t}")
                         for t, ids in points.items() if ids and data.draw(st.booleans(), label=f"choose {t}")}
            with master.transaction() as session:
                result = merge_customers(session, MergeRequest(members, survivor, picks, primaries))
            events.append(result.event_id)
        while events:
            chosen = data.draw(st.sampled_from(undoable(master, events)), label="unmerge")
            with master.transaction() as session:
                assert unmerge(session, chosen).kept == []
            events.remove(chosen)
    finally:
        # Hypothesis may stop an example half-way; the next one must start from the same master.
        while events:
            first = undoable(master, events)[0]
            with master.transaction() as session:
                unmerge(session, first)
            events.remove(first)

    after = dump(master)
    known = {d["id"] for d in before["decisions"]}
    made = [d for d in after["decisions"] if d["id"] not in known]
    assert all(d["revoked_at"] is not None and d["verdict"] == "merged" for d in made)
    after["decisions"] = [d for d in after["decisions"] if d["id"] in known]
    assert after == before


# One person written by many systems: every way of writing her e-mail, number and address the
# consolidation takes together, and some it must keep apart (a +tag, a shipping address, Potsdam).
EMAILS = ("anna.mueller@example.de", "ANNA.MUELLER@example.de", "a.n.n.a.mueller@gmail.com",
          "annamueller@googlemail.com", "annamueller+shop@gmail.com", "anna@privat.example")
PHONES = ("+49 30 1234567", "030 1234567", "+49 (0)30 123 45 67", "0171 2345678", "+49 40 555 1234")
PLACES = (("Hauptstraße 5", "10115", "Berlin", "DE"), ("Hauptstr. 5", "10115", "Berlin", "DE"),
          (None, "10115", "Berlin", "DE"), ("Hauptstraße", "10115", "Berlin", None), (None, None, "Berlin", "DE"),
          ("Gartenweg 2", "14467", "Potsdam", "DE"))
NAMES = ({"first_name": "Anna", "last_name": "Müller"}, {"full_name": "Dr. Anna Maria Mueller"},
         {"first_name": "A.", "last_name": "Müller"}, {"first_name": "Anna Maria", "last_name": "Müller"},
         {"first_name": "ANNA", "last_name": "MÜLLER", "suffix": "Jr."})
SOURCES = (("Webshop", 70), ("Point of sale", 60), ("CRM", 50), ("Newsletter", 40))


@pytest.fixture
def variants_master(master):
    import random

    from review_data import add_customer

    rng = random.Random(7)
    for number in range(12):
        fields = dict(rng.choice(NAMES))
        for index, email in enumerate(rng.sample(EMAILS, rng.randint(1, 2))):
            fields["email" + ("__work" if index else "")] = email
        for index, phone in enumerate(rng.sample(PHONES, rng.randint(0, 2))):
            fields[("phone", "mobile")[index]] = phone
        for kind in rng.sample(("home", "billing", "shipping"), rng.randint(1, 2)):
            street, postcode, city, country = rng.choice(PLACES)
            for part, value in (("street", street), ("postcode", postcode), ("city", city), ("country", country)):
                if value:
                    fields[f"{part}__{kind}"] = value
        if number % 3 == 0:
            fields["created_at"] = f"20{15 + number}-03-01"
        name, trust = SOURCES[number % len(SOURCES)]
        add_customer(master, name, trust, **fields)
    from workbench.definitions.statuses import recompute_statuses

    with master.transaction() as session:
        recompute_statuses(session)
    return master


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_consolidating_one_persons_contact_points_and_unmerging_restores_the_master(variants_master, data):
    from workbench.stewardship.golden_points import point_groups
    from workbench.stewardship.records import POINT_TYPES
    from workbench.stewardship.survivorship import PRIMARY_RULES, SurvivorshipSettings, save_settings

    master = variants_master
    before = dump(master)
    events: list[int] = []
    try:
        for _ in range(data.draw(st.integers(1, 3), label="merges")):
            rules = {t: data.draw(st.sampled_from(sorted(PRIMARY_RULES)), label=f"primary rule {t}")
                     for t in POINT_TYPES}
            with master.transaction() as session:
                save_settings(session, SurvivorshipSettings(primary=rules))
            live = live_ids(master)
            members = data.draw(st.lists(st.sampled_from(live), min_size=2, max_size=6, unique=True),
                                label="members")
            survivor = data.draw(st.sampled_from(members), label="survivor")
            with master.session() as session:
                merged = load_records(session, members)
            said = {t: {e.source_record_id for r in merged for p in r.points[t] for e in p.evidence}
                    for t in POINT_TYPES}
            with master.transaction() as session:
                result = merge_customers(session, MergeRequest(members, survivor))
            events.append(result.event_id)
            with master.session() as session:
                [golden] = load_records(session, [survivor])
            for point_type in POINT_TYPES:
                points = golden.points[point_type]
                assert sum(p.is_primary for p in points) == (1 if points else 0)
                # One of each: nothing left that the consolidation would take together again.
                groups, _ = point_groups(point_type, [golden])
                assert all(len(g.members) == 1 for g in groups), [g.members for g in groups if len(g.members) > 1]
                # And no record's word lost: whoever said a point is evidence of the one kept for it.
                assert {e.source_record_id for p in points for e in p.evidence} == said[point_type]
        while events:
            chosen = data.draw(st.sampled_from(undoable(master, events)), label="unmerge")
            with master.transaction() as session:
                assert unmerge(session, chosen).kept == []
            events.remove(chosen)
    finally:
        while events:
            first = undoable(master, events)[0]
            with master.transaction() as session:
                unmerge(session, first)
            events.remove(first)

    after = dump(master)
    known = {d["id"] for d in before["decisions"]}
    assert all(d["revoked_at"] is not None for d in after["decisions"] if d["id"] not in known)
    after["decisions"] = [d for d in after["decisions"] if d["id"] in known]
    assert after == before


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_bulk_merge_of_many_groups_in_one_go_is_taken_back_exactly_as_a_batch(variants_master, data,
                                                                                  monkeypatch):
    """Groups merged many to a write unit, set-wise (their rows read at once as plain rows, the
    merges seeing each other's changes to shared candidates, everything written table by table)
    and the whole batch undone: the master is as it was."""
    from workbench.stewardship import bulk

    master = variants_master
    ids = live_ids(master)
    with master.session() as session:
        fresh = session.scalar(select(MatchCandidate.id).limit(1)) is None
    if fresh:  # candidates between members of different groups, which merges move and unmerges give back
        add_candidates(master, [(ids[i], ids[(i * 5 + 2) % len(ids)]) for i in range(len(ids))])
    before = dump(master)
    shuffled = data.draw(st.permutations(ids), label="order")
    sizes = data.draw(st.lists(st.integers(2, 4), min_size=1, max_size=4), label="group sizes")
    groups, at = [], 0
    for size in sizes:
        if at + size <= len(shuffled):
            groups.append(sorted(shuffled[at:at + size]))
            at += size
    monkeypatch.setattr(bulk, "FIRST_CHUNK", data.draw(st.integers(1, 4), label="groups to a write unit"))
    result = bulk.merge_groups(master, groups)
    try:
        assert len(result.event_ids) == len(groups) and not result.failed
        with master.session() as session:
            for event_id, group in zip(result.event_ids, groups, strict=True):
                [golden] = load_records(session, [session.get(MergeEvent, event_id).survivor_id])
                assert sorted([golden.id, *session.get(MergeEvent, event_id).merged_ids]) == group
    finally:
        assert len(bulk.unmerge_batch(master, result.batch)) == len(result.event_ids)
    after = dump(master)
    known = {d["id"] for d in before["decisions"]}
    assert all(d["revoked_at"] is not None for d in after["decisions"] if d["id"] not in known)
    after["decisions"] = [d for d in after["decisions"] if d["id"] in known]
    assert after == before, _differences(before, after)


def _differences(before: dict, after: dict) -> str:
    lines = []
    for table in before:
        old = {r["id"]: r for r in before[table]}
        new = {r["id"]: r for r in after[table]}
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                a, b = old.get(key) or {}, new.get(key) or {}
                lines.append(f"{table} {key}: " + ", ".join(
                    f"{c}: {a.get(c)!r} -> {b.get(c)!r}" for c in sorted(set(a) | set(b)) if a.get(c) != b.get(c)))
    return "\n".join(lines[:20])
