"""Commands run at the same moment from separate processes, and the invariants a master must keep.

Each side is a real process with its own connections, running `workbench` commands through
`cli.main` so that a round costs no interpreter start; a barrier lines the two sides up
before every round so their commands overlap.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from workbench.stewardship.unmerge import unmerge
from workbench.store.master import Master
from workbench.store.models import (
    Address,
    Customer,
    Decision,
    Email,
    MatchCandidate,
    MergeEvent,
    Phone,
    SourceRecord,
)


@dataclass
class Outcome:
    side: int
    round: int
    args: list[str]
    code: int
    stdout: str
    stderr: str


def _side(side: int, db: str, rounds: list[list[str]], barrier, results, env: dict[str, str]) -> None:
    import os

    os.environ.update(env)
    from workbench import cli

    for number, args in enumerate(rounds):
        barrier.wait(timeout=120)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(["--db", db, *args])
            except SystemExit as exc:  # argparse
                code = int(exc.code or 0)
        results.put(Outcome(side, number, args, code, out.getvalue(), err.getvalue()))


def run_sides(db: str, left: list[list[str]], right: list[list[str]], env: dict[str, str]) -> list[Outcome]:
    """Run `left[i]` and `right[i]` at the same moment, round by round, in two processes."""
    assert len(left) == len(right)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    processes = [context.Process(target=_side, args=(i, db, rounds, barrier, results, env))
                 for i, rounds in enumerate((left, right))]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=600) for _ in range(2 * len(left))]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0, f"side process ended with {process.exitcode}"
    return sorted(outcomes, key=lambda o: (o.round, o.side))


# ---------------------------------------------------------------------- what must always hold


@dataclass
class Totals:
    orders: int
    spent: Decimal
    emails: int
    phones: int
    addresses: int
    records: int


def contributions(master: Master) -> dict[int, Totals]:
    """Per customer as imported: what it brings to whichever customer it ends up in."""
    with master.session() as session:
        counts: dict[str, dict[int, int]] = {}
        for name, model in (("emails", Email), ("phones", Phone), ("addresses", Address),
                            ("records", SourceRecord)):
            per: dict[int, int] = defaultdict(int)
            for (customer_id,) in session.execute(select(model.customer_id)):
                per[customer_id] += 1
            counts[name] = per
        return {c.id: Totals(c.order_count or 0, Decimal(str(c.total_spent or 0)), counts["emails"][c.id],
                             counts["phones"][c.id], counts["addresses"][c.id], counts["records"][c.id])
                for c in session.scalars(select(Customer))}


def live_of(session) -> dict[int, int]:
    parent = dict(session.execute(select(Customer.id, Customer.merged_into_id)).all())

    def live(customer_id: int) -> int:
        seen = set()
        while parent.get(customer_id) is not None and customer_id not in seen:
            seen.add(customer_id)
            customer_id = parent[customer_id]
        return customer_id

    return {customer_id: live(customer_id) for customer_id in parent}


def check_invariants(master: Master, start: dict[int, Totals] | None = None) -> None:
    """Nothing left on merged-away customers, no live suggestion about them, merges recorded as
    merged, and (given the customers as they started) every order and source row counted once."""
    with master.session() as session:
        merged_away = {c for (c,) in session.execute(select(Customer.id).where(Customer.merged_into_id.isnot(None)))}
        for model in (Email, Phone, Address, SourceRecord):
            stranded = session.scalars(select(model.id).where(model.customer_id.in_(merged_away))).all()
            assert not stranded, f"{model.__tablename__} left on merged-away customers: {stranded[:5]}"
        live_pairs = session.execute(select(MatchCandidate.id, MatchCandidate.customer_a_id,
                                            MatchCandidate.customer_b_id)
                                     .where(MatchCandidate.status.in_(("open", "deferred")))).all()
        pointing = [cid for cid, a, b in live_pairs if a in merged_away or b in merged_away]
        assert not pointing, f"open candidates point at merged-away customers: {pointing[:5]}"
        done = {e.id for e in session.scalars(select(MergeEvent).where(MergeEvent.undone_at.is_(None)))}
        merged_candidates = session.execute(
            select(Decision.candidate_id, MatchCandidate.status)
            .join(MatchCandidate, MatchCandidate.id == Decision.candidate_id)
            .where(Decision.verdict == "merged", Decision.revoked_at.is_(None),
                   Decision.merge_event_id.in_(done))).all()
        overwritten = [cid for cid, status in merged_candidates if status != "merged"]
        assert not overwritten, f"candidates of merges no longer say merged: {overwritten[:5]}"
        if start is None:
            return
        live = live_of(session)
        expected: dict[int, Totals] = {}
        for customer_id, totals in start.items():
            owner = live[customer_id]
            sums = expected.setdefault(owner, Totals(0, Decimal(0), 0, 0, 0, 0))
            sums.orders += totals.orders
            sums.spent += totals.spent
            sums.records += totals.records
        now = contributions(master)
        for owner, sums in expected.items():
            got = now[owner]
            assert (got.orders, got.spent, got.records) == (sums.orders, sums.spent, sums.records), (
                f"C-{owner:06d}: orders/spent/records {got.orders}/{got.spent}/{got.records}, "
                f"expected {sums.orders}/{sums.spent}/{sums.records}")


def undo_every_merge(master: Master) -> int:
    """Unmerge every merge not undone yet, newest first; each must succeed."""
    with master.session() as session:
        events = list(session.scalars(select(MergeEvent.id).where(MergeEvent.undone_at.is_(None))
                                      .order_by(MergeEvent.id.desc())))
    for event_id in events:
        master.write(lambda session, event_id=event_id: unmerge(session, event_id))
    return len(events)
