"""Verdicts: not a duplicate, defer, take out of a cluster; their undo; and the review queue."""

from __future__ import annotations

import pytest
from review_data import add_candidates, review_master
from sqlalchemy import select

from workbench.errors import WorkbenchError
from workbench.operations import run
from workbench.stewardship import decisions
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.ops import DecideOperation, MergeOperation, SplitOperation
from workbench.stewardship.queue import (
    ReviewFilter,
    ReviewQueue,
    explanation_fields,
    left_to_review,
    load_group,
)
from workbench.store.models import AuditEntry, Customer, Decision, MatchCandidate


@pytest.fixture
def rmaster(master):
    return review_master(master, rows=120)


def first_group(master, size=None, status="open"):
    with master.session() as session:
        queue = ReviewQueue(ReviewFilter(status))
        for group in queue.groups(session, queue.keys(session, 0, 500)):
            if size is None or len(group.customer_ids) == size:
                return group
    raise AssertionError("no such group")


def statuses(master, ids):
    with master.session() as session:
        return [session.get(MatchCandidate, i).status for i in ids]


def test_not_a_duplicate_is_remembered_and_undone_by_its_inverse(rmaster):
    group = first_group(rmaster, size=2)
    left = _left(rmaster)
    outcome = run(rmaster, DecideOperation(group.candidate_ids, "not_duplicate"))
    assert statuses(rmaster, group.candidate_ids) == ["rejected"]
    assert _left(rmaster) == left - 1
    with rmaster.session() as session:
        pair = tuple(group.customer_ids)
        assert pair in decisions.not_duplicate_pairs(session)
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "reject")).one()
        assert (entry.old_value, entry.new_value) == ("open", "rejected") and entry.actor
    run(rmaster, outcome.inverse, undoing=True)
    assert statuses(rmaster, group.candidate_ids) == ["open"]
    assert _left(rmaster) == left
    with rmaster.session() as session:
        assert tuple(group.customer_ids) not in decisions.not_duplicate_pairs(session)
        assert session.scalars(select(Decision.revoked_at)).one() is not None  # kept, revoked


def test_not_a_duplicate_survives_a_later_merge(rmaster):
    with rmaster.session() as session:
        a, b, c = session.scalars(select(Customer.id).order_by(Customer.id).limit(3))
    ids = add_candidates(rmaster, [(a, b)], cluster=False)
    run(rmaster, DecideOperation(ids, "not_duplicate"))
    with rmaster.transaction() as session:
        merge_customers(session, MergeRequest([b, c], survivor_id=c))
    with rmaster.session() as session:
        assert (a, c) in decisions.not_duplicate_pairs(session)


def test_defer_moves_a_group_to_the_deferred_list(rmaster):
    group = first_group(rmaster)
    run(rmaster, DecideOperation(group.candidate_ids, "deferred"))
    assert set(statuses(rmaster, group.candidate_ids)) == {"deferred"}
    assert first_group(rmaster, status="deferred").key == group.key


def test_split_takes_one_record_out_and_leaves_the_rest_to_review(rmaster):
    group = first_group(rmaster, size=3)
    out, *rest = group.customer_ids
    outcome = run(rmaster, SplitOperation(out, rest))
    with rmaster.session() as session:
        pairs = decisions.not_duplicate_pairs(session)
        assert {(min(out, r), max(out, r)) for r in rest} <= pairs
        remaining = load_group(session, group.key, ("open",))
    assert remaining is None or out not in remaining.customer_ids
    run(rmaster, outcome.inverse, undoing=True)
    with rmaster.session() as session:
        assert load_group(session, group.key, ("open",)).customer_ids == group.customer_ids


def test_merge_operation_undo_and_redo(rmaster):
    group = first_group(rmaster, size=2)
    outcome = run(rmaster, MergeOperation(MergeRequest(group.customer_ids)))
    assert statuses(rmaster, group.candidate_ids) == ["merged"]
    undone = run(rmaster, outcome.inverse, undoing=True)
    assert statuses(rmaster, group.candidate_ids) == ["open"]
    run(rmaster, undone.inverse)
    assert statuses(rmaster, group.candidate_ids) == ["merged"]


def test_deciding_twice_is_refused(rmaster):
    group = first_group(rmaster, size=2)
    run(rmaster, MergeOperation(MergeRequest(group.customer_ids)))
    with pytest.raises(WorkbenchError, match="already merged"):
        run(rmaster, DecideOperation(group.candidate_ids, "not_duplicate"))


def test_queue_orders_by_score_and_filters(rmaster):
    with rmaster.session() as session:
        queue = ReviewQueue()
        keys = queue.keys(session, 0, 1000)
        assert len(keys) == queue.count(session) > 10
        assert [k.score for k in keys] == sorted((k.score for k in keys), reverse=True)
        high = ReviewQueue(ReviewFilter(min_score=keys[5].score))
        assert all(k.score >= keys[5].score for k in high.keys(session, 0, 1000))
        assert "email" in explanation_fields(session)
        for group in ReviewQueue(ReviewFilter(differs="email")).groups(session, ReviewQueue(
                ReviewFilter(differs="email")).keys(session, 0, 50)):
            assert "email" in group.differs
        newsletter = ReviewQueue(ReviewFilter(source="Newsletter"))
        for group in newsletter.groups(session, newsletter.keys(session, 0, 50)):
            assert "Newsletter" in group.sources
        skipped = ReviewQueue(skipped=frozenset({keys[0].key})).keys(session, 0, 1000)
        assert skipped[-1].key == keys[0].key


def _left(master):
    with master.session() as session:
        return left_to_review(session)


def test_queue_position_matches_the_order(rmaster):
    with rmaster.session() as session:
        keys = ReviewQueue().keys(session, 0, 1000)
        for row in (0, 1, len(keys) // 2, len(keys) - 1):
            assert ReviewQueue().position(session, keys[row].key) == row
        skipped = ReviewQueue(skipped=frozenset({keys[0].key, keys[3].key}))
        order = skipped.keys(session, 0, 1000)
        assert [skipped.position(session, k.key) for k in order] == list(range(len(order)))
        assert ReviewQueue(ReviewFilter("merged")).position(session, keys[0].key) is None
