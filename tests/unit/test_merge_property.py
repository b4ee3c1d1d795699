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
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.records import load_records
from workbench.stewardship.survivorship import FIELDS
from workbench.stewardship.unmerge import check_undoable, unmerge
from workbench.store.models import Customer, Decision, MergeEvent

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
