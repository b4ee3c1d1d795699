"""Undoing a merge, right after or days later, from the images the merge stored.

The merged-away customers come back exactly as they were, with their contact points and
source records. The survivor gets back every value the merge changed, except where someone
changed it since (that later change is kept and reported). Candidates return to their pairs
and states; the merge's own decisions are revoked, not deleted, so history stays whole.

A merge whose survivor took part in a later merge is refused: undo the later merge first.
Undoing in that order is always possible and always exact; undoing out of order would have
to guess which of two merges a contact point belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.definitions.statuses import recompute_statuses
from workbench.errors import WorkbenchError
from workbench.stewardship import images
from workbench.stewardship.merge import COLLECTIONS, DERIVED_COLUMNS, MergeRequest
from workbench.stewardship.records import POINT_MODELS, POINT_TYPES, customers_with_points
from workbench.store import audit
from workbench.store.customers import refresh_derived
from workbench.store.models import (
    Customer,
    Decision,
    MatchCandidate,
    MergeEvent,
    SourceRecord,
    format_master_number,
    utcnow,
)


@dataclass
class UnmergeResult:
    event_id: int
    survivor_id: int
    restored_ids: list[int]
    request: MergeRequest  # what the merge was asked to do, so it can be done again
    kept: list[str] = field(default_factory=list)  # survivor fields changed since the merge and left as they are
    candidate_ids: list[int] = field(default_factory=list)


def later_merge(session: Session, event: MergeEvent) -> MergeEvent | None:
    """The first later merge, not undone, that involves this merge's survivor."""
    for later in session.scalars(select(MergeEvent).where(MergeEvent.id > event.id, MergeEvent.undone_at.is_(None))
                                 .order_by(MergeEvent.id)):
        if later.survivor_id == event.survivor_id or event.survivor_id in (later.merged_ids or []):
            return later
    return None


def check_undoable(session: Session, event: MergeEvent) -> None:
    """Raise `WorkbenchError` saying why this merge cannot be undone now."""
    if event.undone_at is not None:
        raise WorkbenchError(f"merge {event.id} was already undone on {event.undone_at:%Y-%m-%d %H:%M}"
                             + (f" by {event.undone_by}" if event.undone_by else ""))
    later = later_merge(session, event)
    if later is not None:
        raise WorkbenchError(
            f"merge {event.id} cannot be undone yet: {format_master_number(event.survivor_id)} took part in a "
            f"later merge ({later.id}, {later.created_at:%Y-%m-%d %H:%M}); undo merge {later.id} first")


def _restore_points(session: Session, before: dict[str, Any], after: dict[str, Any],
                    customers: dict[int, Customer], survivor: Customer) -> None:
    victim_records = {int(r): c for r, c in before["source_records"].items() if c != survivor.id}
    for point_type in POINT_TYPES:
        attribute = COLLECTIONS[point_type]
        current = {p.id: p for c in customers.values() for p in getattr(c, attribute)}
        after_images = {p["id"]: p for p in after["points"][point_type]}
        for picture in before["points"][point_type]:
            owner = customers[picture["customer_id"]]
            row = current.get(picture["id"])
            if row is None:  # dropped as a duplicate by the merge
                row = images.build(POINT_MODELS[point_type], picture)
                getattr(owner, attribute).append(row)
                continue
            if row.customer_id != owner.id:
                row.customer = owner
            images.restore_three_way(row, picture, after_images.get(picture["id"]), skip=("id", "customer_id"))
        known = {p["id"] for p in before["points"][point_type]}
        for row in list(getattr(survivor, attribute)):
            # A point a later re-import gave the survivor from a merged-away customer's record goes with it.
            owner_id = victim_records.get(row.source_record_id or -1)
            if row.id not in known and owner_id is not None:
                row.customer = customers[owner_id]


def _restore_pair(row: MatchCandidate, before: dict[str, Any], after: dict[str, Any] | None) -> None:
    """Give the candidate back the customer this merge took from it, keeping any other change.

    Another merge may have moved the pair's other end meanwhile; swapping only the end this
    merge changed keeps both merges undoable in either order.
    """
    old = {before["customer_a_id"], before["customer_b_id"]}
    new = {after["customer_a_id"], after["customer_b_id"]} if after else old
    gone, came = old - new, new - old
    current = {row.customer_a_id, row.customer_b_id}
    if gone and came and came <= current:
        pair = sorted((current - came) | gone)
        row.customer_a_id, row.customer_b_id = pair[0], pair[1]


def _restore_candidates(session: Session, before: dict[str, Any], after: dict[str, Any]) -> list[int]:
    changed: list[int] = []
    after_images = after["candidates"]
    for picture in before["candidates"]:
        row = session.get(MatchCandidate, picture["id"])
        if row is None:
            session.add(images.build(MatchCandidate, picture))
            changed.append(picture["id"])
            continue
        later = after_images.get(str(picture["id"]))
        _restore_pair(row, picture, later)
        images.restore_three_way(row, picture, later, skip=("id", "customer_a_id", "customer_b_id"))
        if later is None or images.image(row) != later:
            changed.append(row.id)
    return changed


def unmerge(session: Session, event_id: int, *, actor: str | None = None, reason: str | None = None
            ) -> UnmergeResult:
    """Undo merge `event_id`. Runs inside the caller's transaction."""
    actor = actor or audit.current_actor()
    event = session.get(MergeEvent, event_id, with_for_update=True)
    if event is None:
        raise WorkbenchError(f"merge {event_id}: no such merge")
    check_undoable(session, event)
    before = event.before
    after = before["after"]
    victim_ids = [int(i) for i in event.merged_ids]
    customers = {c.id: c for c in customers_with_points(session, [event.survivor_id, *victim_ids], for_update=True)}
    survivor = customers[event.survivor_id]
    for victim_id in victim_ids:
        if customers[victim_id].merged_into_id != survivor.id:
            raise WorkbenchError(f"merge {event.id} cannot be undone: {format_master_number(victim_id)} is no "
                                 f"longer part of {survivor.master_number}")
    now = utcnow()

    _restore_points(session, before, after, customers, survivor)
    for record_id, customer_id in before["source_records"].items():
        link = session.get(SourceRecord, int(record_id))
        if link is not None and customer_id != survivor.id and link.customer_id == survivor.id:
            link.customer_id = customer_id
    survivor_now = images.image(survivor)
    kept = images.restore_three_way(survivor, before["customers"][str(survivor.id)], after["survivor"])
    kept = [name for name in kept if name not in DERIVED_COLUMNS]
    for victim_id in victim_ids:
        images.restore(customers[victim_id], before["customers"][str(victim_id)])
    for customer in customers.values():
        refresh_derived(customer)
    session.flush()  # statuses restored from the merge's images may be out of date with today's rules
    recompute_statuses(session, list(customers))
    for customer in customers.values():
        session.refresh(customer, ["status"])
    candidate_ids = _restore_candidates(session, before, after)
    for picture in before["decisions"]:
        decision = session.get(Decision, picture["id"])
        if decision is not None:
            images.restore(decision, picture)
    for decision in session.scalars(select(Decision).where(Decision.merge_event_id == event.id,
                                                           Decision.revoked_at.is_(None))):
        decision.revoked_at = now
    event.undone_at, event.undone_by = now, actor

    numbers = [format_master_number(i) for i in victim_ids]
    details = {"merge_event_id": event.id, "restored": numbers, "kept_changes": kept}
    audit.log(session, "unmerge", "customer", survivor.id, actor=actor, old=numbers, reason=reason, details=details)
    for name, picture in before["customers"][str(survivor.id)].items():
        if name in DERIVED_COLUMNS or name in kept:
            continue
        old = survivor_now.get(name)
        if old != picture:
            audit.log(session, "unmerge", "customer", survivor.id, field=name, old=old, new=picture, actor=actor,
                      reason=reason, details={"merge_event_id": event.id})
    for victim_id in victim_ids:
        audit.log(session, "unmerge", "customer", victim_id, field="merged_into_id", old=survivor.id, new=None,
                  actor=actor, reason=reason, details={"merge_event_id": event.id})
    return UnmergeResult(event.id, survivor.id, victim_ids, MergeRequest.from_json(before["request"]), kept,
                         candidate_ids)
