"""Merging customers into one golden record, in one transaction, with everything needed to undo it.

The survivor keeps its master number; the others point to it through `merged_into_id`, so
their numbers keep resolving to it. Contact points and source-record links move to the
survivor (the same e-mail, number or place once: a copy, or a lesser form of it, is dropped and
the row kept for it takes the most telling kind), survivorship decides the single-valued
fields, the status rules give the golden record its status (the merged-away customers carry
it too: one person, one status), candidates between the merged customers become "merged", and
candidates with anyone else move to the survivor. The `MergeEvent` keeps images of every row it
touched; which kept point stands for each dropped one is noted under "dropped".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from workbench.definitions.statuses import recompute_statuses
from workbench.errors import WorkbenchError
from workbench.stewardship import images
from workbench.stewardship.records import (
    POINT_TYPES,
    origins_by_customer,
    record_data,
)
from workbench.stewardship.survivorship import GoldenRecord, SurvivorshipSettings, load_settings, plan
from workbench.store import audit, explanations
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
from workbench.store.queries import resolve_customer_id

IMAGE_VERSION = 1
LOAD_CHUNK = 500  # ids to a query
CANDIDATE_CHANGES = ("id", "customer_a_id", "customer_b_id", "status", "decided_at", "decided_by", "updated_at")
COLLECTIONS = {"email": "emails", "phone": "phones", "address": "addresses"}
# Candidates that still say something about two customers follow a merge; merged and stale
# ones are history and stay as they were.
LIVE_STATUSES = ("open", "deferred", "rejected")
DERIVED_COLUMNS = ("display_name", "sort_name", "primary_email", "primary_phone", "primary_city",
                   "primary_country", "search_text", "updated_at")


@dataclass
class MergeRequest:
    customer_ids: list[int]
    survivor_id: int | None = None
    picks: dict[str, int] = field(default_factory=dict)  # field → customer whose value the steward chose
    primaries: dict[str, int] = field(default_factory=dict)  # point type → contact point made primary
    origin: str = "steward"  # steward / auto
    batch: str | None = None  # one bulk merge's events share a batch

    def to_json(self) -> dict[str, Any]:
        return {"customer_ids": sorted(self.customer_ids), "survivor_id": self.survivor_id, "picks": self.picks,
                "primaries": self.primaries, "origin": self.origin, "batch": self.batch}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MergeRequest:
        return cls([int(i) for i in data["customer_ids"]], data.get("survivor_id"),
                   {k: int(v) for k, v in (data.get("picks") or {}).items()},
                   {k: int(v) for k, v in (data.get("primaries") or {}).items()},
                   data.get("origin") or "steward", data.get("batch"))


@dataclass
class MergeResult:
    event_id: int
    survivor_id: int
    merged_ids: list[int]
    changed_fields: list[str]
    candidate_ids: list[int]  # candidates whose status or pair the merge changed


def _touching_candidates(session: Session, ids: list[int]) -> list[MatchCandidate]:
    return list(session.scalars(
        select(MatchCandidate).where(or_(MatchCandidate.customer_a_id.in_(ids), MatchCandidate.customer_b_id.in_(ids)))
        .order_by(MatchCandidate.id).with_for_update(key_share=True)))


def _check_mergeable(session: Session, customers: list[Customer]) -> None:
    for customer in customers:
        if customer.merged_into_id is not None:
            target = format_master_number(resolve_customer_id(session, customer.id))
            raise WorkbenchError(f"{customer.master_number} was already merged into {target}")


def candidate_image(candidate: MatchCandidate) -> images.Image:
    """A candidate's image with its explanation in the form the master stores it (`explanations`):
    it reads back as made wherever the image puts the candidate back, and it was a third of a
    merge's images written out in full."""
    picture = images.image(candidate)
    picture["explanation"] = explanations.compact(picture["explanation"])
    return picture


def _points_image(customers: list[Customer]) -> dict[str, list[images.Image]]:
    return {t: [images.image(p) for c in customers for p in getattr(c, COLLECTIONS[t])] for t in POINT_TYPES}


def _move_points(session: Session, golden: GoldenRecord, customers: dict[int, Customer]) -> None:
    survivor = customers[golden.survivor_id]
    for point_type in POINT_TYPES:
        rows = {p.id: p for c in customers.values() for p in getattr(c, COLLECTIONS[point_type])}
        for kept in golden.points[point_type]:
            row = rows[kept.point.id]
            if row.customer_id != survivor.id:
                row.customer = survivor
                row.customer_id = survivor.id  # now, not at the flush: the merge's images read it
            if row.is_primary != kept.is_primary:
                row.is_primary = kept.is_primary
            if row.kind != kept.kind:  # a home address absorbing the same place as billing address
                row.kind = kept.kind
            if point_type == "address":  # the same place: what the kept row lacks, a copy of it says
                for duplicate in kept.duplicates:
                    _fill_gaps(row, rows[duplicate.id])
            for duplicate in kept.duplicates:
                row = rows[duplicate.id]
                getattr(customers[row.customer_id], COLLECTIONS[point_type]).remove(row)  # delete-orphan


ADDRESS_GAPS = ("street2", "region", "postcode", "city", "country")


def _fill_gaps(row: Any, other: Any) -> None:
    """Parts the kept address row lacks and a copy of the same place has (a country, a region).
    Unmerge restores the row's own parts from the merge's images."""
    for name in ADDRESS_GAPS:
        if not getattr(row, name) and getattr(other, name):
            setattr(row, name, getattr(other, name))


def golden_values(golden: GoldenRecord, records_attributes: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """(column, value) of everything a merge sets on the survivor, in order; both merge paths use it."""
    values = [(name, resolution.value) for name, resolution in golden.fields.items()]
    attributes: dict[str, Any] = {}
    for name, resolution in golden.attributes.items():
        # A key every record leaves empty keeps its (empty) value rather than disappearing.
        attributes[name] = resolution.value if resolution.value is not None else next(
            a[name] for a in records_attributes if name in a)
    return values + [("attributes", attributes), ("roles", golden.roles), ("tags", golden.tags),
                     ("notes", golden.notes), ("do_not_contact", golden.do_not_contact),
                     ("consent_updated_at", golden.consent_updated_at)]


def _apply_fields(golden: GoldenRecord, survivor: Customer, records_attributes: list[dict[str, Any]]
                  ) -> dict[str, tuple[Any, Any]]:
    """Set the golden values on the survivor; returns field → (old, new) for what changed."""
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in golden_values(golden, records_attributes):
        old = getattr(survivor, name)
        if old != value:
            changes[name] = (images.to_json(old), images.to_json(value))
            setattr(survivor, name, value)
    return changes


def _update_candidates(candidates: list[MatchCandidate], members: set[int], survivor_id: int, actor: str,
                       now) -> list[int]:
    changed: list[int] = []
    pairs = {(c.customer_a_id, c.customer_b_id): c for c in candidates}
    for candidate in candidates:
        a, b = candidate.customer_a_id, candidate.customer_b_id
        if a in members and b in members:
            if candidate.status != "merged":
                candidate.status, candidate.decided_at, candidate.decided_by = "merged", now, actor
                candidate.updated_at = now
                changed.append(candidate.id)
            continue
        inside, outside = (a, b) if a in members else (b, a)
        if inside == survivor_id or candidate.status not in LIVE_STATUSES:
            continue
        pair = (min(survivor_id, outside), max(survivor_id, outside))
        # Following a merge is bookkeeping, not news about the pair: updated_at stays, which
        # also lets merges that touch the same candidate be undone in any order.
        if pair in pairs:  # the survivor already has a candidate with that customer
            candidate.status = "stale"
        else:
            del pairs[(a, b)]
            candidate.customer_a_id, candidate.customer_b_id = pair
            pairs[pair] = candidate
        changed.append(candidate.id)
    return changed


@dataclass
class Loaded:
    """What merges read, loaded at once for many groups by a bulk merge (one query per table
    rather than one per group). Groups are disjoint, so what one merge changes (a candidate it
    moved to its survivor) is seen by the next through the same ORM rows."""

    customers: dict[int, Customer]
    origins: dict[int, list[Any]]
    candidates: dict[int, list[MatchCandidate]]  # by each customer they touched when loaded
    rejections: list[Decision]
    links: dict[int, list[int]]  # customer → its source record ids
    moves: list[dict[str, int]] = field(default_factory=list)  # source records to move, written by `write_moves`

    def customers_of(self, ids: list[int]) -> list[Customer]:
        missing = [i for i in ids if i not in self.customers]
        if missing:
            raise WorkbenchError(f"{format_master_number(missing[0])}: no such customer")
        return [self.customers[i] for i in ids]

    def candidates_of(self, ids: list[int]) -> list[MatchCandidate]:
        members = set(ids)
        found = {c.id: c for i in ids for c in self.candidates.get(i, ())
                 if c.customer_a_id in members or c.customer_b_id in members}
        return [found[k] for k in sorted(found)]

    def rejections_of(self, ids: list[int]) -> list[Decision]:
        members = set(ids)
        return [d for d in self.rejections if d.revoked_at is None and d.customer_a_id in members
                and d.customer_b_id in members]


def load(session: Session, ids: list[int], *, for_update: bool = True) -> Loaded:
    """Everything the merges of customers `ids` read, rows to change locked in id order."""
    ids = sorted(set(ids))
    customers: dict[int, Customer] = {}
    candidates: dict[int, list[MatchCandidate]] = {}
    rejections: list[Decision] = []
    links: dict[int, list[int]] = {}
    origins: dict[int, list[Any]] = {}
    for start in range(0, len(ids), LOAD_CHUNK):
        part = ids[start:start + LOAD_CHUNK]
        statement = (select(Customer).where(Customer.id.in_(part)).order_by(Customer.id)
                     .options(selectinload(Customer.emails), selectinload(Customer.phones),
                              selectinload(Customer.addresses)))
        if for_update:
            # Rows are locked in id order with the weakest lock that serves: FOR NO KEY UPDATE lets
            # other units insert rows that refer to these customers meanwhile (PostgreSQL).
            statement = statement.with_for_update(key_share=True).execution_options(populate_existing=True)
        customers.update((c.id, c) for c in session.scalars(statement))
        origins.update(origins_by_customer(session, part))
        for candidate in _touching_candidates(session, part):
            for end in (candidate.customer_a_id, candidate.customer_b_id):
                if not any(c is candidate for c in candidates.get(end, ())):
                    candidates.setdefault(end, []).append(candidate)
        for record_id, customer_id in session.execute(
                select(SourceRecord.id, SourceRecord.customer_id).where(SourceRecord.customer_id.in_(part))
                .order_by(SourceRecord.id)):
            links.setdefault(customer_id, []).append(record_id)
    members = set(ids)
    for start in range(0, len(ids), LOAD_CHUNK):
        part = ids[start:start + LOAD_CHUNK]
        rejections.extend(d for d in session.scalars(
            select(Decision).where(Decision.verdict == "not_duplicate", Decision.revoked_at.is_(None),
                                   Decision.customer_a_id.in_(part)).order_by(Decision.id))
            if d.customer_b_id in members)
    rejections.sort(key=lambda d: d.id)
    return Loaded(customers, origins, candidates, rejections, links)


def write_moves(session: Session, loaded: Loaded) -> None:
    """Give merged-away customers' source records to their survivors, all at once."""
    if loaded.moves:
        table = SourceRecord.__table__
        session.connection().execute(update(table).where(table.c.id == bindparam("record_id"))
                                     .values(customer_id=bindparam("survivor_id")), loaded.moves)
        loaded.moves = []


@dataclass
class Pending:
    """A merge done but for what needs its event's number (after the next flush)."""

    event: MergeEvent
    survivor: Customer
    victims: list[Customer]
    candidates: list[MatchCandidate]
    changed_candidates: list[int]
    changes: dict[str, tuple[Any, Any]]
    before: dict[str, Any]
    request: MergeRequest
    actor: str
    now: Any


def merge_customers(session: Session, request: MergeRequest, *, settings: SurvivorshipSettings | None = None,
                    actor: str | None = None) -> MergeResult:
    """Merge `request.customer_ids` into one customer. Runs inside the caller's transaction."""
    ids = sorted(set(request.customer_ids))
    if len(ids) < 2:
        raise WorkbenchError("a merge needs at least two customers")
    loaded = load(session, ids)
    pending = start_merge(session, request, loaded, settings=settings or load_settings(session), actor=actor)
    write_moves(session, loaded)
    session.flush()
    settle_statuses(session, [pending])
    return finish_merge(session, pending)


def settle_statuses(session: Session, pendings: list[Pending]) -> None:
    """The status rules give each golden record its status (as planned, unless the rules changed
    meanwhile); the merged-away customers carry it too: one person, one status."""
    if not pendings:
        return
    survivors = [p.survivor.id for p in pendings]
    recompute_statuses(session, survivors)
    for start in range(0, len(survivors), LOAD_CHUNK):
        part = survivors[start:start + LOAD_CHUNK]
        statuses = dict(session.execute(select(Customer.id, Customer.status).where(Customer.id.in_(part))).all())
        for pending in pendings[start:start + LOAD_CHUNK]:
            status = statuses[pending.survivor.id]
            if pending.survivor.status != status:
                set_committed_value(pending.survivor, "status", status)
            pending.before["after"]["survivor"]["status"] = status
            for victim in pending.victims:
                if victim.status != status:
                    victim.status = status


def start_merge(session: Session, request: MergeRequest, loaded: Loaded, *, settings: SurvivorshipSettings,
                actor: str | None = None) -> Pending:
    """The merge of one group from rows `loaded` already holds: checks, the golden record, the
    rows changed and the merge event added (not yet flushed)."""
    ids = sorted(set(request.customer_ids))
    if len(ids) < 2:
        raise WorkbenchError("a merge needs at least two customers")
    actor = actor or audit.current_actor()
    now = utcnow()
    customers = loaded.customers_of(ids)
    _check_mergeable(session, customers)
    rejections = loaded.rejections_of(ids)
    if rejections and request.origin == "auto":  # said meanwhile: only a steward overrules a steward
        first = rejections[0]
        raise WorkbenchError(f"{format_master_number(first.customer_a_id)} and "
                             f"{format_master_number(first.customer_b_id)} were marked not duplicates")
    by_id = {c.id: c for c in customers}
    records = [record_data(c, loaded.origins.get(c.id, [])) for c in customers]
    golden = plan(records, settings, survivor_id=request.survivor_id, picks=request.picks,
                  primaries=request.primaries)
    survivor = by_id[golden.survivor_id]
    victims = [c for c in customers if c.id != survivor.id]
    candidates = loaded.candidates_of(ids)
    links = sorted((record_id, customer_id) for customer_id in ids for record_id in loaded.links.get(customer_id, ()))
    before: dict[str, Any] = {
        "version": IMAGE_VERSION,
        "request": {**request.to_json(), "survivor_id": survivor.id},
        "customers": {str(c.id): images.image(c) for c in customers},
        "points": _points_image(customers),
        "source_records": {str(record_id): customer_id for record_id, customer_id in links},
        "candidates": [candidate_image(c) for c in candidates],
        "decisions": [images.image(d) for d in rejections],
        # Which kept contact point stands for each one the merge dropped as the same: unmerge
        # gives a dropped one back only while the one kept for it still exists.
        "dropped": {t: {str(d.id): kept.point.id for kept in golden.points[t] for d in kept.duplicates}
                    for t in POINT_TYPES},
    }

    _move_points(session, golden, by_id)
    for record_id, customer_id in links:
        if customer_id != survivor.id:
            loaded.moves.append({"record_id": record_id, "survivor_id": survivor.id})
    survivor_links = loaded.links.setdefault(survivor.id, [])
    for victim in victims:
        survivor_links.extend(loaded.links.pop(victim.id, []))
    changes = _apply_fields(golden, survivor, [r.attributes for r in records])
    survivor.updated_at = now
    for victim in victims:
        victim.merged_into_id = survivor.id
        victim.updated_at = now
    for customer in customers:
        refresh_derived(customer)
    changed_candidates = _update_candidates(candidates, set(ids), survivor.id, actor, now)
    for decision in rejections:  # the steward's latest word wins over an earlier "not a duplicate"
        decision.revoked_at = now

    # What the merge left, taken now: a bulk merge's next group may move the same candidates on.
    before["after"] = {
        "survivor": images.image(survivor),
        "points": {t: [images.image(p) for p in getattr(survivor, COLLECTIONS[t])] for t in POINT_TYPES},
        # Of a candidate only what a merge changes: a later re-match's score stays at unmerge.
        "candidates": {str(c.id): images.image(c, CANDIDATE_CHANGES) for c in candidates},
    }
    event = MergeEvent(survivor_id=survivor.id, merged_ids=[v.id for v in victims], before={},
                       picks={name: {"from": r.from_id, "rule": r.rule, "value": images.to_json(r.value)}
                              for name, r in {**golden.fields, **{f"attributes.{k}": v for k, v in
                                                                  golden.attributes.items()}}.items()},
                       origin=request.origin, batch=request.batch, actor=actor, created_at=now)
    session.add(event)
    return Pending(event, survivor, victims, candidates, changed_candidates, changes, before, request, actor, now)


def finish_merge(session: Session, pending: Pending) -> MergeResult:
    """What needs the merge event's number (flushed by now): decisions, the after-images, the audit."""
    event, survivor, victims, actor, now = pending.event, pending.survivor, pending.victims, pending.actor, pending.now
    pair_candidates = {(c.customer_a_id, c.customer_b_id): c.id for c in pending.candidates}
    for victim in victims:
        pair = (min(survivor.id, victim.id), max(survivor.id, victim.id))
        session.add(Decision(customer_a_id=pair[0], customer_b_id=pair[1], verdict="merged",
                             candidate_id=pair_candidates.get(pair), merge_event_id=event.id, actor=actor,
                             decided_at=now))
    event.before = pending.before

    numbers = [v.master_number for v in victims]
    audit.log(session, "merge", "customer", survivor.id, actor=actor, new=numbers,
              details={"merge_event_id": event.id, "origin": pending.request.origin, "merged": numbers,
                       "candidates": pending.changed_candidates, "batch": pending.request.batch})
    for name, (old, new) in pending.changes.items():
        if name not in DERIVED_COLUMNS:
            audit.log(session, "merge", "customer", survivor.id, field=name, old=old, new=new, actor=actor,
                      details={"merge_event_id": event.id})
    for victim in victims:
        audit.log(session, "merge", "customer", victim.id, field="merged_into_id", old=None, new=survivor.id,
                  actor=actor, details={"merge_event_id": event.id, "survivor": survivor.master_number})
    return MergeResult(event.id, survivor.id, [v.id for v in victims], sorted(pending.changes),
                       pending.changed_candidates)
