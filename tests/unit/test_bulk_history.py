"""Bulk merge by score, and what a customer's history shows afterwards."""

from __future__ import annotations

from dataclasses import replace

from review_data import add_candidates, review_master
from sqlalchemy import select

from workbench.matching.settings import load_settings, save_settings
from workbench.operations import run
from workbench.stewardship.bulk import auto_merge_groups, merge_groups, preview, unmerge_all
from workbench.stewardship.history import customer_history, unmerge_problem
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.ops import DecideOperation
from workbench.store.models import Customer, MatchCandidate


def _ids(master, n):
    with master.session() as session:
        return list(session.scalars(select(Customer.id).order_by(Customer.id).limit(n)))


def test_weak_links_do_not_join_groups_and_rejections_are_respected(sqlite_master):
    a, b, c, d, e, f = _ids(review_master(sqlite_master, rows=40, false_pairs=0), 6)
    with sqlite_master.transaction() as session:
        session.query(MatchCandidate).delete()
    strong, weak, *_ = add_candidates(sqlite_master, [(a, b), (b, c), (d, e), (e, f), (d, f)])
    with sqlite_master.transaction() as session:
        for candidate in session.scalars(select(MatchCandidate)):
            candidate.score = 5.0 if (candidate.customer_a_id, candidate.customer_b_id) == (b, c) else 20.0
    run(sqlite_master, DecideOperation([c for c in _candidate_ids(sqlite_master, d, f)], "not_duplicate"))
    with sqlite_master.session() as session:
        assert auto_merge_groups(session, 10) == [[a, b]]  # d-e-f holds a "not a duplicate"
        assert sorted(map(sorted, auto_merge_groups(session, 1))) == [[a, b, c]]
    with sqlite_master.transaction() as session:  # no score given: the auto-merge threshold of the match settings
        save_settings(session, replace(load_settings(session), auto_merge_threshold=10.0))
    with sqlite_master.session() as session:
        assert auto_merge_groups(session) == [[a, b]]
        assert preview(session, None).min_score == 10.0


def _candidate_ids(master, x, y):
    with master.session() as session:
        return list(session.scalars(select(MatchCandidate.id).where(MatchCandidate.customer_a_id == min(x, y),
                                                                    MatchCandidate.customer_b_id == max(x, y))))


def test_bulk_merge_preview_merge_and_undo(master):
    review_master(master, rows=120)
    with master.session() as session:
        plan = preview(session, 15)
    assert plan.groups and len(plan.sample) == min(len(plan.groups), 12)
    result = merge_groups(master, plan.groups)
    assert len(result.event_ids) == len(plan.groups) and not result.failed
    assert result.merged_away == plan.merged_away
    with master.session() as session:
        assert auto_merge_groups(session, 15) == []
    unmerge_all(master, result.event_ids)
    with master.session() as session:
        assert auto_merge_groups(session, 15) == plan.groups


def test_history_shows_merges_verdicts_and_whether_unmerge_is_possible(sqlite_master):
    a, b, c = _ids(review_master(sqlite_master, rows=40, false_pairs=0), 3)
    ids = add_candidates(sqlite_master, [(a, c)], cluster=False)
    run(sqlite_master, DecideOperation(ids, "not_duplicate"))
    with sqlite_master.transaction() as session:
        event = merge_customers(session, MergeRequest([a, b])).event_id
    with sqlite_master.session() as session:
        items = customer_history(session, a)
        merge = next(i for i in items if i.action == "merge")
        assert merge.merge_event_id == event and f"C-{b:06d}" in merge.title
        assert any(i.action == "not_duplicate" and f"C-{c:06d}" in i.title for i in items)
        assert unmerge_problem(session, event) is None
        victim = customer_history(session, b)
        assert victim[0].title.startswith(f"Merged into C-{a:06d}")
    with sqlite_master.transaction() as session:
        merge_customers(session, MergeRequest([a, c]))
    with sqlite_master.session() as session:
        assert "undo merge" in unmerge_problem(session, event)
