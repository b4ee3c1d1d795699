"""Undoing a merge, right after or days later, from the images the merge stored.

The merged-away customers come back as they were, with their contact points and source
records. Only what the merge itself did is taken back: the survivor gets back every value the
merge changed, except where someone changed it since (that later change is kept and
reported); a contact point removed after the merge stays removed, wherever it came from, and
so do the copies the merge dropped as the same; one edited after the merge keeps the edit.
Candidates return to their pairs and states; the merge's own decisions are revoked, not
deleted, so history stays whole.

A merge whose survivor took part in a later merge is refused: undo the later merge first.
Undoing in that order is always possible and always exact; undoing out of order would have
to guess which of two merges a contact point belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from workbench.definitions.statuses import recompute_statuses
from workbench.errors import WorkbenchError
from workbench.privacy.erasure import erased_merge
from workbench.stewardship import images
from workbench.stewardship.merge import COLLECTIONS, DERIVED_COLUMNS, LOAD_CHUNK, MergeRequest
from workbench.stewardship.records import POINT_MODELS, POINT_TYPES, customers_with_points, point_data
from workbench.store import audit
from workbench.store.customers import refresh_derived
from workbench.store.models import (
    Customer,
    Decision,
    MatchCandidate,
    MergeEvent,
    SourceRecord,
    format_master_number,
    id_in_range,
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


def check_undoable(session: Session, event: MergeEvent) -> None:
    """Raise `WorkbenchError` saying why this merge cannot be undone now."""
    _LaterMerges(session, event.id).check(event)


def _refuse_if_done(event: MergeEvent) -> None:
    if event.undone_at is not None:
        raise WorkbenchError(f"merge {event.id} was already undone on {event.undone_at:%Y-%m-%d %H:%M}"
                             + (f" by {event.undone_by}" if event.undone_by else ""))


def _refuse_later(event: MergeEvent, later_id: int, created_at: datetime) -> None:
    raise WorkbenchError(
        f"merge {event.id} cannot be undone yet: {format_master_number(event.survivor_id)} took part in a "
        f"later merge ({later_id}, {created_at:%Y-%m-%d %H:%M}); undo merge {later_id} first")


class _LaterMerges:
    """The merges after `after_id` not undone, by the customers they involve: the checks of many
    unmerges from one query, the merges they undo themselves counted as undone."""

    def __init__(self, session: Session, after_id: int) -> None:
        self.by_customer: dict[int, list[tuple[int, datetime]]] = {}
        self.undone: set[int] = set()
        for later_id, survivor_id, merged_ids, created_at in session.execute(
                select(MergeEvent.id, MergeEvent.survivor_id, MergeEvent.merged_ids, MergeEvent.created_at)
                .where(MergeEvent.id > after_id, MergeEvent.undone_at.is_(None)).order_by(MergeEvent.id)):
            for customer_id in {survivor_id, *(merged_ids or ())}:
                self.by_customer.setdefault(customer_id, []).append((later_id, created_at))

    def check(self, event: MergeEvent) -> None:
        """As `check_undoable`."""
        _refuse_if_done(event)
        for later_id, created_at in self.by_customer.get(event.survivor_id, ()):
            if later_id > event.id and later_id not in self.undone:
                _refuse_later(event, later_id, created_at)


def _kept_for_dropped(point_type: str, before: dict[str, Any], after_images: dict[int, images.Image]
                      ) -> dict[int, int | None]:
    """Each contact point the merge dropped as a copy → the point kept in its place.

    Merges record it; for merges recorded before they did, the kept point is the one left by
    the merge with the same e-mail, number or address (None when there is none)."""
    recorded = (before.get("dropped") or {}).get(point_type)
    if recorded is not None:
        return {int(d): int(k) for d, k in recorded.items()}
    model = POINT_MODELS[point_type]
    by_key = {point_data(point_type, images.build(model, p)).key: p["id"] for p in after_images.values()}
    return {p["id"]: by_key.get(point_data(point_type, images.build(model, p)).key)
            for p in before["points"][point_type] if p["id"] not in after_images}


def _restore_points(session: Session, before: dict[str, Any], after: dict[str, Any],
                    customers: dict[int, Customer], survivor: Customer) -> None:
    victim_records = {int(r): c for r, c in before["source_records"].items() if c != survivor.id}
    for point_type in POINT_TYPES:
        attribute = COLLECTIONS[point_type]
        current = {p.id: p for c in customers.values() for p in getattr(c, attribute)}
        after_images = {p["id"]: p for p in after["points"][point_type]}
        kept_for = _kept_for_dropped(point_type, before, after_images)
        for picture in before["points"][point_type]:
            owner = customers[picture["customer_id"]]
            row = current.get(picture["id"])
            if row is None:
                if picture["id"] in after_images:  # removed by someone after the merge: stays removed
                    continue
                kept = kept_for.get(picture["id"])
                if kept is not None and kept not in current:  # its kept copy was removed since
                    continue
                row = images.build(POINT_MODELS[point_type], picture)  # dropped by the merge as a copy
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
        for customer in customers.values():
            # In their stored order, as a reload gives them: the derived columns (search words,
            # the first point when none is primary) come out as they were before the merge.
            getattr(customer, attribute).sort(key=lambda row: (row.id is None, row.id or 0))


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


_MISSING = object()
# Columns a merge fills from several records at once; unmerge takes back entry by entry only
# what the merge added or changed, so a later edit of one entry does not pin the rest.
MERGED_COLLECTIONS = ("attributes", "tags", "roles")


def _restore_collections(survivor: Customer, before: images.Image, after: images.Image) -> list[str]:
    kept: list[str] = []
    for name in MERGED_COLLECTIONS:
        if name not in before or name not in after:
            continue
        current = images.to_json(getattr(survivor, name))
        if name == "attributes":
            old, new, now = before[name] or {}, after[name] or {}, dict(current or {})
            result = dict(now)
            for key in set(old) | set(new) | set(now):
                if now.get(key, _MISSING) != new.get(key, _MISSING):
                    kept.append(name)  # changed since the merge: stays
                    continue
                if key in old:
                    result[key] = old[key]
                else:
                    result.pop(key, None)
        else:
            old, new, now = list(before[name] or []), list(after[name] or []), list(current or [])
            if sorted(map(repr, now)) != sorted(map(repr, new)):
                kept.append(name)
            result = [x for x in now if x in old or x not in new]  # what the merge added goes
            result += [x for x in old if x not in new and x not in result]  # what it dropped comes back
        if result != current:
            setattr(survivor, name, result)
    return sorted(set(kept))


def _lock_candidates(session: Session, candidate_ids: list[int]) -> None:
    """The candidates the unmerges put back, locked in id order as merges lock them (PostgreSQL)."""
    for start in range(0, len(candidate_ids), LOAD_CHUNK):
        session.execute(select(MatchCandidate.id).where(MatchCandidate.id.in_(candidate_ids[start:start + LOAD_CHUNK]))
                        .order_by(MatchCandidate.id).with_for_update(key_share=True)).all()


def _rows(session: Session, model: Any, ids: list[int]) -> dict[int, Any]:
    """id → row of `model`, in one query each few hundred ids rather than one a row (and the
    flush before each)."""
    rows: dict[int, Any] = {}
    for start in range(0, len(ids), LOAD_CHUNK):
        rows.update((row.id, row) for row in session.scalars(
            select(model).where(model.id.in_(ids[start:start + LOAD_CHUNK]))))
    return rows


def _restore_candidates(session: Session, before: dict[str, Any], after: dict[str, Any],
                        rows: dict[int, MatchCandidate]) -> list[int]:
    """Candidates back to their pairs and states; `rows` holds the unit's candidates (by id), those
    put back as well, so a later unmerge of the unit finds them."""
    changed: list[int] = []
    after_images = after["candidates"]
    for picture in before["candidates"]:
        row = rows.get(int(picture["id"]))
        if row is None:
            row = rows[int(picture["id"])] = images.build(MatchCandidate, picture)
            session.add(row)
            changed.append(picture["id"])
            continue
        later = after_images.get(str(picture["id"]))
        _restore_pair(row, picture, later)
        images.restore_three_way(row, picture, later, skip=("id", "customer_a_id", "customer_b_id"))
        if later is None or images.image(row, tuple(later)) != later:
            changed.append(row.id)
    return changed


OPT_OUTS = ("unsubscribed", "denied")


@dataclass(frozen=True)
class _Said:
    """The merged customer's contact wishes as they are when the unmerge begins."""

    do_not_contact: bool
    marketing_consent: str | None
    consent_updated_at: object

    @classmethod
    def of(cls, customer: Customer) -> _Said:
        return cls(bool(customer.do_not_contact), customer.marketing_consent, customer.consent_updated_at)


def _carry_opt_outs(said: _Said, victims: list[Customer], after: images.Image
                    ) -> list[tuple[Customer, str, object, object]]:
    """A "do not contact" or an opt-out said on the merged customer after the merge was said by
    one of the people it held, and nobody knows which: everyone it gives back keeps it. `said`
    is taken before the survivor is restored: what the merge itself chose is no later wish."""
    carried: list[tuple[Customer, str, object, object]] = []
    for victim in victims:
        if said.do_not_contact and not after.get("do_not_contact") and not victim.do_not_contact:
            carried.append((victim, "do_not_contact", False, True))
            victim.do_not_contact = True
        consent = said.marketing_consent
        if consent in OPT_OUTS and after.get("marketing_consent") != consent and victim.marketing_consent != consent:
            carried.append((victim, "marketing_consent", victim.marketing_consent, consent))
            victim.marketing_consent = consent
            victim.consent_updated_at = said.consent_updated_at
    return carried


def unmerge(session: Session, event_id: int, *, actor: str | None = None, reason: str | None = None
            ) -> UnmergeResult:
    """Undo merge `event_id`. Runs inside the caller's transaction."""
    return unmerge_many(session, [event_id], actor=actor, reason=reason)[0]


@dataclass
class _Unit:
    """What the unmerges of one write unit read, each table in one query: the merges, their
    customers with contact points, source records, candidates and decisions."""

    events: dict[int, MergeEvent]
    customers: dict[int, Customer]
    records: dict[int, SourceRecord]
    candidates: dict[int, MatchCandidate]
    decisions: dict[int, Decision]
    merged_decisions: dict[int, list[Decision]]  # merge event → its "merged" decisions not revoked
    later: _LaterMerges
    touched: set[int] = field(default_factory=set)  # customers changed since statuses were last computed


def _members(event: MergeEvent) -> list[int]:
    return [event.survivor_id, *(int(i) for i in event.merged_ids)]


def _read_unit(session: Session, event_ids: list[int]) -> _Unit:
    for event_id in event_ids:
        if not id_in_range(event_id):
            raise WorkbenchError(f"merge {event_id}: no such merge")
    events: dict[int, MergeEvent] = {}
    ordered = sorted(set(event_ids))
    for start in range(0, len(ordered), LOAD_CHUNK):
        events.update((e.id, e) for e in session.scalars(
            select(MergeEvent).where(MergeEvent.id.in_(ordered[start:start + LOAD_CHUNK])).order_by(MergeEvent.id)
            .with_for_update().execution_options(populate_existing=True)))
    for event_id in event_ids:
        if event_id not in events:
            raise WorkbenchError(erased_merge(session, event_id) or f"merge {event_id}: no such merge")
    # Lock first, then check: a merge of the same customers committed meanwhile is seen.
    customer_ids = sorted({i for event in events.values() for i in _members(event)})
    customers: dict[int, Customer] = {}
    for start in range(0, len(customer_ids), LOAD_CHUNK):
        customers.update((c.id, c) for c in customers_with_points(
            session, customer_ids[start:start + LOAD_CHUNK], for_update=True))
    later = _LaterMerges(session, ordered[0])
    pictures = [event.before for event in events.values()]
    candidate_ids = sorted({int(p["id"]) for before in pictures for p in before["candidates"]})
    _lock_candidates(session, candidate_ids)
    merged_decisions: dict[int, list[Decision]] = {}
    for start in range(0, len(ordered), LOAD_CHUNK):
        for decision in session.scalars(select(Decision).where(
                Decision.merge_event_id.in_(ordered[start:start + LOAD_CHUNK]), Decision.revoked_at.is_(None))
                .order_by(Decision.id)):
            merged_decisions.setdefault(decision.merge_event_id, []).append(decision)
    return _Unit(
        events, customers,
        _rows(session, SourceRecord, sorted({int(r) for before in pictures for r in before["source_records"]})),
        _rows(session, MatchCandidate, candidate_ids),
        _rows(session, Decision, sorted({int(p["id"]) for before in pictures for p in before["decisions"]})),
        merged_decisions, later)


def unmerge_many(session: Session, event_ids: list[int], *, actor: str | None = None, reason: str | None = None
                 ) -> list[UnmergeResult]:
    """Undo merges in the order given (the newest first where one builds on another), inside the
    caller's transaction; the result of each, in that order.

    Each merge is taken back exactly as it alone would be, but what they read is read in one
    query per table and what they change is written in one flush: the thousands of merges of a
    bulk merge come back in minutes, not hours. A merge that cannot be undone raises, and the
    caller's transaction, rolled back, leaves every merge of the call as it was."""
    actor = actor or audit.current_actor()
    results: list[UnmergeResult] = []
    with session.no_autoflush:
        unit = _read_unit(session, list(event_ids))
        for event_id in event_ids:
            event = unit.events[event_id]
            if unit.touched & set(_members(event)):
                _settle_statuses(session, unit)  # a merge of customers an earlier one of the call gave back
            results.append(_unmerge_one(session, unit, event, actor, reason))
        _settle_statuses(session, unit)
    return results


def _settle_statuses(session: Session, unit: _Unit) -> None:
    """Write what changed and give the customers changed since the last time their statuses:
    statuses restored from a merge's images may be out of date with today's rules."""
    if not unit.touched:
        return
    session.flush()
    ids = sorted(unit.touched)
    recompute_statuses(session, ids)
    for start in range(0, len(ids), LOAD_CHUNK):
        for customer_id, status in session.execute(select(Customer.id, Customer.status)
                                                   .where(Customer.id.in_(ids[start:start + LOAD_CHUNK]))):
            set_committed_value(unit.customers[customer_id], "status", status)
    unit.touched.clear()


def _unmerge_one(session: Session, unit: _Unit, event: MergeEvent, actor: str, reason: str | None
                 ) -> UnmergeResult:
    unit.later.check(event)
    victim_ids = [int(i) for i in event.merged_ids]
    before = event.before
    after = before["after"]
    customers = {i: unit.customers[i] for i in _members(event)}
    survivor = customers[event.survivor_id]
    for victim_id in victim_ids:
        if customers[victim_id].merged_into_id != survivor.id:
            raise WorkbenchError(f"merge {event.id} cannot be undone: {format_master_number(victim_id)} is no "
                                 f"longer part of {survivor.master_number}")
    now = utcnow()

    _restore_points(session, before, after, customers, survivor)
    for record_id, customer_id in before["source_records"].items():
        link = unit.records.get(int(record_id))
        if link is not None and customer_id != survivor.id and link.customer_id == survivor.id:
            link.customer_id = customer_id
    survivor_now = images.image(survivor)
    said = _Said.of(survivor)
    kept = images.restore_three_way(survivor, before["customers"][str(survivor.id)], after["survivor"],
                                    skip=("id", *MERGED_COLLECTIONS))
    kept += _restore_collections(survivor, before["customers"][str(survivor.id)], after["survivor"])
    kept = [name for name in kept if name not in DERIVED_COLUMNS]
    for victim_id in victim_ids:
        images.restore(customers[victim_id], before["customers"][str(victim_id)])
    carried = _carry_opt_outs(said, [customers[v] for v in victim_ids], after["survivor"])
    for customer in customers.values():
        refresh_derived(customer)
    unit.touched.update(customers)
    candidate_ids = _restore_candidates(session, before, after, unit.candidates)
    for picture in before["decisions"]:
        decision = unit.decisions.get(int(picture["id"]))
        if decision is not None:
            images.restore(decision, picture)
    for decision in unit.merged_decisions.get(event.id, ()):
        if decision.revoked_at is None:
            decision.revoked_at = now
    event.undone_at, event.undone_by = now, actor
    unit.later.undone.add(event.id)

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
    for victim, name, old, new in carried:
        audit.log(session, "unmerge", "customer", victim.id, field=name, old=old, new=new, actor=actor,
                  reason=f"said on {survivor.master_number} after the merge",
                  details={"merge_event_id": event.id})
    return UnmergeResult(event.id, survivor.id, victim_ids, MergeRequest.from_json(before["request"]), kept,
                         candidate_ids)
