"""The steward's verdicts other than merge: not a duplicate, defer, and taking a record out of a cluster.

Each verdict is one transaction that changes candidate states and writes `decisions` rows.
"Not a duplicate" is kept for ever: matching reads `not_duplicate_pairs` and never suggests
such a pair again, even after either customer takes part in a merge. Undo restores the
candidates from their images and revokes (never deletes) the decisions it made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workbench.errors import WorkbenchError
from workbench.stewardship import images
from workbench.store import audit
from workbench.store.models import Customer, Decision, MatchCandidate, format_master_number, utcnow
from workbench.store.queries import resolve_customer_id

CANDIDATE_STATUS = {"not_duplicate": "rejected", "deferred": "deferred"}
DECIDABLE = ("open", "deferred", "rejected")


@dataclass
class DecisionResult:
    verdict: str
    candidate_images: list[images.Image]  # the candidates as they were, for undo
    decision_ids: list[int]
    customer_ids: set[int] = field(default_factory=set)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _live_customers(session: Session, ids: Iterable[int]) -> None:
    for customer_id, merged_into in session.execute(
            select(Customer.id, Customer.merged_into_id).where(Customer.id.in_(list(ids)))):
        if merged_into is not None:
            raise WorkbenchError(f"{format_master_number(customer_id)} was merged into "
                                 f"{format_master_number(resolve_customer_id(session, customer_id))} meanwhile")


def _candidates(session: Session, ids: Sequence[int]) -> list[MatchCandidate]:
    rows = list(session.scalars(select(MatchCandidate).where(MatchCandidate.id.in_(list(ids)))
                                .order_by(MatchCandidate.id).with_for_update(key_share=True)))
    if len(rows) != len(set(ids)):
        raise WorkbenchError("these candidates are gone (matching ran again meanwhile); refresh the list")
    return rows


def _decide_pairs(session: Session, verdict: str, pairs: Iterable[tuple[int, int]],
                  candidates: dict[tuple[int, int], MatchCandidate], *, actor: str, note: str | None,
                  action: str) -> DecisionResult:
    now = utcnow()
    result = DecisionResult(verdict, [], [])
    status = CANDIDATE_STATUS[verdict]
    for pair in sorted(set(pairs)):
        candidate = candidates.get(pair)
        old_status = None
        if candidate is not None:
            result.candidate_images.append(images.image(candidate))
            old_status = candidate.status
            candidate.status, candidate.decided_at, candidate.decided_by = status, now, actor
            candidate.updated_at = now
        decision = Decision(customer_a_id=pair[0], customer_b_id=pair[1], verdict=verdict,
                            candidate_id=candidate.id if candidate else None, actor=actor, decided_at=now, note=note)
        session.add(decision)
        session.flush()
        result.decision_ids.append(decision.id)
        result.customer_ids.update(pair)
        audit.log(session, action, "match_candidate" if candidate else "customer",
                  candidate.id if candidate else pair[0], field="status", old=old_status, new=status, actor=actor,
                  reason=note, details={"customers": [format_master_number(i) for i in pair],
                                        "decision_id": decision.id})
    return result


def decide(session: Session, candidate_ids: Sequence[int], verdict: str, *, actor: str | None = None,
           note: str | None = None) -> DecisionResult:
    """Mark candidates "not a duplicate" (`not_duplicate`) or `deferred`. Runs inside the caller's transaction."""
    if verdict not in CANDIDATE_STATUS:
        raise ValueError(f"unknown verdict {verdict!r}")
    if not candidate_ids:
        raise WorkbenchError("nothing to decide: no candidates")
    candidates = _candidates(session, candidate_ids)
    for candidate in candidates:
        if candidate.status not in DECIDABLE:
            raise WorkbenchError(f"{format_master_number(candidate.customer_a_id)} / "
                                 f"{format_master_number(candidate.customer_b_id)} is already {candidate.status}")
    _live_customers(session, {i for c in candidates for i in (c.customer_a_id, c.customer_b_id)})
    by_pair = {(c.customer_a_id, c.customer_b_id): c for c in candidates}
    action = "reject" if verdict == "not_duplicate" else "defer"
    return _decide_pairs(session, verdict, by_pair, by_pair, actor=actor or audit.current_actor(), note=note,
                         action=action)


def split(session: Session, customer_id: int, others: Sequence[int], *, actor: str | None = None
          ) -> DecisionResult:
    """Take `customer_id` out of a cluster: it is not the same as any of `others`, for ever.

    Candidates between it and the others become "rejected"; the others stay in review.
    """
    others = sorted(set(others) - {customer_id})
    if not others:
        raise WorkbenchError("nothing to take it out of")
    _live_customers(session, [customer_id, *others])
    pairs = [_pair(customer_id, other) for other in others]
    rows = session.scalars(select(MatchCandidate).where(
        or_(*((MatchCandidate.customer_a_id == a) & (MatchCandidate.customer_b_id == b) for a, b in pairs)))
        .order_by(MatchCandidate.id).with_for_update(key_share=True))
    by_pair = {(c.customer_a_id, c.customer_b_id): c for c in rows if c.status in DECIDABLE}
    note = f"taken out of a cluster with {', '.join(format_master_number(o) for o in others)}"
    return _decide_pairs(session, "not_duplicate", pairs, by_pair, actor=actor or audit.current_actor(),
                         note=note, action="split")


def undo_decision(session: Session, candidate_images: list[images.Image], decision_ids: Sequence[int], *,
                  actor: str | None = None) -> set[int]:
    """Put candidates back as they were and revoke the decisions made with them."""
    now = utcnow()
    actor = actor or audit.current_actor()
    customer_ids: set[int] = set()
    for picture in candidate_images:
        candidate = session.get(MatchCandidate, picture["id"])
        if candidate is None:
            continue
        old = candidate.status
        images.restore(candidate, picture)
        customer_ids.update((candidate.customer_a_id, candidate.customer_b_id))
        audit.log(session, "undo_decision", "match_candidate", candidate.id, field="status", old=old,
                  new=candidate.status, actor=actor)
    for decision in session.scalars(select(Decision).where(Decision.id.in_(list(decision_ids)))):
        if decision.revoked_at is None:
            decision.revoked_at = now
            customer_ids.update((decision.customer_a_id, decision.customer_b_id))
            audit.log(session, "revoke_decision", "customer", decision.customer_a_id, field="verdict",
                      old=decision.verdict, new=None, actor=actor,
                      details={"decision_id": decision.id,
                               "customers": [format_master_number(decision.customer_a_id),
                                             format_master_number(decision.customer_b_id)]})
    return customer_ids


def not_duplicate_pairs(session: Session) -> set[tuple[int, int]]:
    """Every pair a steward said is not a duplicate, as pairs of the customers they live on now.

    A "not a duplicate" between A and B also holds between the customers A and B were merged into.
    """
    rows = session.execute(select(Decision.customer_a_id, Decision.customer_b_id)
                           .where(Decision.verdict == "not_duplicate", Decision.revoked_at.is_(None))).all()
    merged_into = {customer_id: target for customer_id, target in session.execute(
        select(Customer.id, Customer.merged_into_id).where(Customer.merged_into_id.isnot(None)))}

    def live(customer_id: int) -> int:
        seen = {customer_id}
        while customer_id in merged_into and merged_into[customer_id] not in seen:
            customer_id = merged_into[customer_id]
            seen.add(customer_id)
        return customer_id

    pairs: set[tuple[int, int]] = set()
    for a, b in rows:
        a, b = live(a), live(b)
        if a != b:
            pairs.add(_pair(a, b))
    return pairs
