"""The merges of a bulk merge, many groups at once, as plain rows rather than ORM objects.

A bulk merge of a large master merges thousands of groups; loading each customer, contact
point and candidate as an ORM object, flushing them one by one and picturing them for the
merge's images cost far more than the database work itself. Here a whole write unit is read
with one query per table into plain dicts, each group's golden record is planned from them
(the same `RecordData` and `plan` a single merge uses), the rows are changed as dicts, and
what changed is written set-wise: one statement per table and set of changed columns.

The result is the one `merge.merge_customers` gives group after group, row for row: the same
golden records, contact points, candidate states, statuses, merge events (with the same images,
so `unmerge` takes them back exactly), decisions and audit entries. Groups are disjoint, and
a merge that moves a candidate to its survivor leaves it so for the next group of the unit,
as the ORM rows shared by the groups of a unit did.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select, type_coerce, update
from sqlalchemy.orm import Session

from workbench.definitions.statuses import recompute_statuses
from workbench.errors import WorkbenchError
from workbench.stewardship import images
from workbench.stewardship.merge import (
    CANDIDATE_CHANGES,
    DERIVED_COLUMNS,
    IMAGE_VERSION,
    LIVE_STATUSES,
    LOAD_CHUNK,
    MergeRequest,
    MergeResult,
    golden_values,
)
from workbench.stewardship.records import (
    DEFAULT_TRUST,
    POINT_PARTS,
    POINT_TYPES,
    VALUE_COLUMNS,
    Origin,
    PointData,
    RecordData,
    _payload_points,
    address_key,
    attach_evidence,
)
from workbench.stewardship.survivorship import GoldenRecord, SurvivorshipSettings, plan
from workbench.store import explanations
from workbench.store.column_types import JSONType
from workbench.store.customers import derived_columns, ensure_one_primary
from workbench.store.master import page_cache
from workbench.store.models import (
    Address,
    AuditEntry,
    Customer,
    Decision,
    Email,
    ImportBatch,
    MatchCandidate,
    MergeEvent,
    Phone,
    Source,
    SourceRecord,
    format_master_number,
    utcnow,
)
from workbench.store.queries import resolve_customer_id
from workbench.store.record_packing import payload_of
from workbench.store.sightings import last_seen_batch, sighting
from workbench.text import digits

Row = dict[str, Any]
# A unit reads and changes rows all over a big master's tables and their indexes: a bigger SQLite
# page cache while it does (restored after it).
UNIT_CACHE_KIB = 128 * 1024
POINT_TABLES = {"email": Email.__table__, "phone": Phone.__table__, "address": Address.__table__}
ADDRESS_GAPS = ("street2", "region", "postcode", "city", "country")
CUSTOMERS = Customer.__table__
CANDIDATES = MatchCandidate.__table__
DECISIONS = Decision.__table__
EVENTS = MergeEvent.__table__
AUDIT = AuditEntry.__table__
RECORDS = SourceRecord.__table__
# A candidate's explanation as stored, not expanded: a merge never changes it and its image keeps
# it in that form (`merge.candidate_image`); expanding it was a third of reading a unit.
CANDIDATE_COLUMNS = [type_coerce(c, JSONType).label(c.name) if c.name == "explanation" else c for c in CANDIDATES.c]


def _keys(model: type) -> tuple[str, ...]:
    return tuple(key for key, _type in images._columns(model))


CUSTOMER_KEYS = _keys(Customer)
POINT_KEYS = {t: _keys(m) for t, m in (("email", Email), ("phone", Phone), ("address", Address))}
CANDIDATE_KEYS = _keys(MatchCandidate)
DECISION_KEYS = _keys(Decision)


def _image(row: Row, keys: Sequence[str]) -> images.Image:
    """`images.image` of a row held as a dict. JSON values are not copied: read from the master
    they are plain JSON already, and a merge replaces them rather than changing them in place."""
    out = {}
    for key in keys:
        value = row[key]
        if value.__class__ in (datetime, date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


# --------------------------------------------------------------------------- reading a unit


@dataclass
class Rows:
    """What the merges of one write unit read, as plain rows (see the module's words)."""

    customers: dict[int, Row]
    points: dict[str, dict[int, list[Row]]]  # type → customer → its rows, by id
    origins: dict[int, list[Origin]]
    links: dict[int, list[int]]  # customer → its source record ids
    candidates: dict[int, Row]
    by_customer: dict[int, list[int]]  # customer → candidates touching it when read
    rejections: list[Row]


def read(session: Session, ids: list[int]) -> Rows:
    """Everything the merges of customers `ids` read, the rows they change locked in id order."""
    ids = sorted(set(ids))
    rows = Rows({}, {t: {} for t in POINT_TYPES}, {}, {}, {}, {}, [])
    execute = session.execute
    for start in range(0, len(ids), LOAD_CHUNK):
        part = ids[start:start + LOAD_CHUNK]
        # The weakest lock that serves, in id order, as a single merge takes it (PostgreSQL).
        for row in execute(select(CUSTOMERS).where(CUSTOMERS.c.id.in_(part)).order_by(CUSTOMERS.c.id)
                           .with_for_update(key_share=True)).mappings():
            rows.customers[row["id"]] = dict(row)
        for point_type, table in POINT_TABLES.items():
            found = rows.points[point_type]
            for row in execute(select(table).where(table.c.customer_id.in_(part)).order_by(table.c.id)).mappings():
                found.setdefault(row["customer_id"], []).append(dict(row))
        for (customer_id, record_id, source, file_name, record_no, updated_at, trust, packed,
             seen) in execute(
                select(RECORDS.c.customer_id, RECORDS.c.id, Source.name, ImportBatch.file_name, RECORDS.c.record_no,
                       RECORDS.c.updated_at, Source.trust_rank, RECORDS.c.packed, ImportBatch.started_at)
                .join(Source, Source.id == RECORDS.c.source_id)
                .outerjoin(*sighting(RECORDS.c)).join(ImportBatch, ImportBatch.id == last_seen_batch(RECORDS.c))
                .where(RECORDS.c.customer_id.in_(part)).order_by(RECORDS.c.id)):
            rows.origins.setdefault(customer_id, []).append(
                Origin(record_id, source, file_name, record_no, updated_at,
                       trust if trust is not None else DEFAULT_TRUST, _payload_points(payload_of(packed)), seen))
        for record_id, customer_id in execute(select(RECORDS.c.id, RECORDS.c.customer_id)
                                              .where(RECORDS.c.customer_id.in_(part)).order_by(RECORDS.c.id)):
            rows.links.setdefault(customer_id, []).append(record_id)
        for row in execute(select(*CANDIDATE_COLUMNS).where(or_(CANDIDATES.c.customer_a_id.in_(part),
                                                                CANDIDATES.c.customer_b_id.in_(part)))
                           .order_by(CANDIDATES.c.id).with_for_update(key_share=True)).mappings():
            if row["id"] in rows.candidates:
                continue
            candidate = rows.candidates[row["id"]] = dict(row)
            candidate["explanation"] = explanations.compact(candidate["explanation"])
            for end in (row["customer_a_id"], row["customer_b_id"]):
                rows.by_customer.setdefault(end, []).append(row["id"])
    members = set(ids)
    for start in range(0, len(ids), LOAD_CHUNK):
        part = ids[start:start + LOAD_CHUNK]
        rows.rejections.extend(dict(d) for d in execute(
            select(DECISIONS).where(DECISIONS.c.verdict == "not_duplicate", DECISIONS.c.revoked_at.is_(None),
                                    DECISIONS.c.customer_a_id.in_(part)).order_by(DECISIONS.c.id)).mappings()
            if d["customer_b_id"] in members)
    rows.rejections.sort(key=lambda d: d["id"])
    return rows


def _point_data(point_type: str, row: Row) -> PointData:
    """`records.point_data` of a row held as a dict."""
    if point_type == "email":
        key, text = row["normalized"], row["address"]
    elif point_type == "phone":
        key, text = row["e164"] or digits(row["number"]) or row["number"], row["number"]
    else:
        key = address_key(row["kind"], row["street"], row["postcode"], row["city"], row["country"])
        place = " ".join(p for p in (row["postcode"], row["city"]) if p)
        text = ", ".join(p for p in (row["street"], row["street2"], place, row["region"], row["country"]) if p)
    parts = {name: row[name] for name in POINT_PARTS[point_type]}
    return PointData(row["id"], point_type, key, text, row["kind"], row["is_primary"], row["is_valid"],
                     row["source_record_id"], parts)


def record_of(customer: Row, points: dict[str, list[Row]], origins: list[Origin]) -> RecordData:
    """`records.record_data` of a customer held as rows."""
    created = {(t, p["id"]): p["created_at"] for t in POINT_TYPES for p in points[t]}
    record = RecordData(
        id=customer["id"],
        values={name: customer[name] for name in VALUE_COLUMNS},
        attributes=dict(customer["attributes"] or {}),
        roles=list(customer["roles"] or []),
        tags=list(customer["tags"] or []),
        notes=customer["notes"],
        do_not_contact=bool(customer["do_not_contact"]),
        consent_updated_at=customer["consent_updated_at"],
        display_name=customer["display_name"] or "",
        points={t: [_point_data(t, p) for p in points[t]] for t in POINT_TYPES},
        origins=origins,
        created_at=customer["created_at"],
    )
    record.trust = max((o.trust for o in origins), default=DEFAULT_TRUST)
    record.recency = max((o.imported_at for o in origins), default=customer["updated_at"])
    attach_evidence(record.points, origins, created)
    return record


# --------------------------------------------------------------------------- one group's merge


@dataclass
class Merged:
    """One group merged in memory: what to write and what the event keeps."""

    survivor: Row
    victims: list[Row]
    before: dict[str, Any]
    picks: dict[str, Any]
    changes: dict[str, tuple[Any, Any]]
    changed_candidates: list[int]
    candidate_pairs: dict[tuple[int, int], int]
    revoked: list[int]  # "not a duplicate" decisions the merge revokes
    request: MergeRequest
    now: datetime
    event_id: int = 0


@dataclass
class Unit:
    """The rows of one write unit and what its merges changed so far."""

    rows: Rows
    original: dict[int, Row] = field(default_factory=dict)  # customers as read
    point_original: dict[str, dict[int, Row]] = field(default_factory=dict)  # points as read, by id
    candidate_original: dict[int, Row] = field(default_factory=dict)
    dropped: dict[str, list[int]] = field(default_factory=dict)  # points deleted as copies
    moves: list[dict[str, int]] = field(default_factory=list)  # source records to their survivors


def _check(session: Session, rows: Rows, ids: list[int], origin: str) -> tuple[list[Row], list[Row]]:
    """As `merge.start_merge` checks before it changes anything."""
    missing = [i for i in ids if i not in rows.customers]
    if missing:
        raise WorkbenchError(f"{format_master_number(missing[0])}: no such customer")
    customers = [rows.customers[i] for i in ids]
    for customer in customers:
        if customer["merged_into_id"] is not None:
            target = format_master_number(resolve_customer_id(session, customer["id"]))
            raise WorkbenchError(f"{format_master_number(customer['id'])} was already merged into {target}")
    members = set(ids)
    rejections = [d for d in rows.rejections if d["revoked_at"] is None and d["customer_a_id"] in members
                  and d["customer_b_id"] in members]
    if rejections and origin == "auto":
        first = rejections[0]
        raise WorkbenchError(f"{format_master_number(first['customer_a_id'])} and "
                             f"{format_master_number(first['customer_b_id'])} were marked not duplicates")
    return customers, rejections


def merge_group(session: Session, unit: Unit, request: MergeRequest, settings: SurvivorshipSettings,
                actor: str) -> Merged:
    """The merge of one group from the unit's rows, changed in place (nothing written yet)."""
    rows = unit.rows
    ids = sorted(set(request.customer_ids))
    if len(ids) < 2:
        raise WorkbenchError("a merge needs at least two customers")
    now = utcnow()
    customers, rejections = _check(session, rows, ids, request.origin)
    own = {t: {i: rows.points[t].get(i, []) for i in ids} for t in POINT_TYPES}
    records = [record_of(c, {t: own[t][c["id"]] for t in POINT_TYPES}, rows.origins.get(c["id"], []))
               for c in customers]
    golden = plan(records, settings, survivor_id=request.survivor_id, picks=request.picks,
                  primaries=request.primaries)
    survivor_id = golden.survivor_id
    survivor = rows.customers[survivor_id]
    victims = [c for c in customers if c["id"] != survivor_id]
    members = set(ids)
    found = {k for i in ids for k in rows.by_customer.get(i, ())}
    candidates = [rows.candidates[k] for k in sorted(found)
                  if rows.candidates[k]["customer_a_id"] in members or rows.candidates[k]["customer_b_id"] in members]
    links = sorted((record_id, customer_id) for customer_id in ids for record_id in rows.links.get(customer_id, ()))
    before: dict[str, Any] = {
        "version": IMAGE_VERSION,
        "request": {**request.to_json(), "survivor_id": survivor_id},
        "customers": {str(c["id"]): _image(c, CUSTOMER_KEYS) for c in customers},
        "points": {t: [_image(p, POINT_KEYS[t]) for i in ids for p in own[t][i]] for t in POINT_TYPES},
        "source_records": {str(record_id): customer_id for record_id, customer_id in links},
        "candidates": [_image(c, CANDIDATE_KEYS) for c in candidates],
        "decisions": [_image(d, DECISION_KEYS) for d in rejections],
        "dropped": {t: {str(d.id): kept.point.id for kept in golden.points[t] for d in kept.duplicates}
                    for t in POINT_TYPES},
    }
    for c in customers:
        unit.original.setdefault(c["id"], dict(c))

    _move_points(unit, golden, ids)
    for record_id, customer_id in links:
        if customer_id != survivor_id:
            unit.moves.append({"record_id": record_id, "survivor_id": survivor_id})
    survivor_links = rows.links.setdefault(survivor_id, [])
    for victim in victims:
        survivor_links.extend(rows.links.pop(victim["id"], []))
    changes = _apply_fields(golden, survivor, [r.attributes for r in records])
    survivor["updated_at"] = now
    for victim in victims:
        victim["merged_into_id"] = survivor_id
        victim["updated_at"] = now
    for customer in customers:
        _refresh_derived(customer, {t: rows.points[t].get(customer["id"], []) for t in POINT_TYPES})
    changed_candidates = _update_candidates(unit, candidates, members, survivor_id, actor, now)
    for decision in rejections:
        decision["revoked_at"] = now

    before["after"] = {
        "survivor": _image(survivor, CUSTOMER_KEYS),
        "points": {t: [_image(p, POINT_KEYS[t]) for p in rows.points[t].get(survivor_id, [])] for t in POINT_TYPES},
        "candidates": {str(c["id"]): {k: images.to_json(c[k]) for k in CANDIDATE_KEYS if k in CANDIDATE_CHANGES}
                       for c in candidates},
    }
    picks = {name: {"from": r.from_id, "rule": r.rule, "value": images.to_json(r.value)}
             for name, r in {**golden.fields, **{f"attributes.{k}": v for k, v in golden.attributes.items()}}.items()}
    pairs = {(c["customer_a_id"], c["customer_b_id"]): c["id"] for c in candidates}
    return Merged(survivor, victims, before, picks, changes, changed_candidates, pairs,
                  [d["id"] for d in rejections], request, now)


def _move_points(unit: Unit, golden: GoldenRecord, ids: list[int]) -> None:
    """`merge._move_points` on rows: kept points to the survivor (appended to its list, as the
    ORM collection did), copies dropped."""
    rows = unit.rows
    survivor_id = golden.survivor_id
    for point_type in POINT_TYPES:
        lists = rows.points[point_type]
        by_id = {p["id"]: p for i in ids for p in lists.get(i, ())}
        originals = unit.point_original.setdefault(point_type, {})
        for point_id, point in by_id.items():
            originals.setdefault(point_id, dict(point))
        survivor_list = lists.setdefault(survivor_id, [])
        for kept in golden.points[point_type]:
            row = by_id[kept.point.id]
            if row["customer_id"] != survivor_id:
                lists[row["customer_id"]].remove(row)
                row["customer_id"] = survivor_id
                survivor_list.append(row)
            if row["is_primary"] != kept.is_primary:
                row["is_primary"] = kept.is_primary
            if row["kind"] != kept.kind:
                row["kind"] = kept.kind
            if point_type == "address":
                for duplicate in kept.duplicates:
                    other = by_id[duplicate.id]
                    for name in ADDRESS_GAPS:
                        if not row[name] and other[name]:
                            row[name] = other[name]
            for duplicate in kept.duplicates:
                row = by_id[duplicate.id]
                lists[row["customer_id"]].remove(row)
                unit.dropped.setdefault(point_type, []).append(row["id"])


def _apply_fields(golden: GoldenRecord, survivor: Row, records_attributes: list[dict[str, Any]]
                  ) -> dict[str, tuple[Any, Any]]:
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in golden_values(golden, records_attributes):
        old = survivor[name]
        if old != value:
            changes[name] = (images.to_json(old), images.to_json(value))
            survivor[name] = value
    return changes


class _Point(SimpleNamespace):
    pass


def _refresh_derived(customer: Row, points: dict[str, list[Row]]) -> None:
    """`store.customers.refresh_derived` of a customer held as rows."""
    views = {}
    for point_type in POINT_TYPES:
        listed = [_Point(**p) for p in points[point_type]]
        ensure_one_primary(listed)
        for view, row in zip(listed, points[point_type], strict=True):
            if row["is_primary"] != view.is_primary:
                row["is_primary"] = view.is_primary
        views[point_type] = listed
    values = derived_columns(
        kind=customer["kind"], title=customer["title"], first=customer["first_name"],
        middle=customer["middle_name"], last=customer["last_name"], suffix=customer["suffix"],
        company=customer["company"], emails=views["email"], phones=views["phone"], addresses=views["address"])
    for key, value in values.items():
        if customer[key] != value:
            customer[key] = value


def _update_candidates(unit: Unit, candidates: list[Row], members: set[int], survivor_id: int, actor: str,
                       now: datetime) -> list[int]:
    """`merge._update_candidates` on rows."""
    changed: list[int] = []
    for candidate in candidates:
        unit.candidate_original.setdefault(candidate["id"], dict(candidate))
    pairs = {(c["customer_a_id"], c["customer_b_id"]): c for c in candidates}
    for candidate in candidates:
        a, b = candidate["customer_a_id"], candidate["customer_b_id"]
        if a in members and b in members:
            if candidate["status"] != "merged":
                candidate.update(status="merged", decided_at=now, decided_by=actor, updated_at=now)
                changed.append(candidate["id"])
            continue
        inside, outside = (a, b) if a in members else (b, a)
        if inside == survivor_id or candidate["status"] not in LIVE_STATUSES:
            continue
        pair = (min(survivor_id, outside), max(survivor_id, outside))
        if pair in pairs:
            candidate["status"] = "stale"
        else:
            del pairs[(a, b)]
            candidate["customer_a_id"], candidate["customer_b_id"] = pair
            pairs[pair] = candidate
        changed.append(candidate["id"])
    return changed


# --------------------------------------------------------------------------- writing a unit


def _changed(rows: dict[int, Row], original: dict[int, Row], keys: Sequence[str]) -> tuple[tuple[str, ...], list[Row]]:
    """The rows whose columns changed, for one UPDATE … WHERE id of every column any of them
    changed (a row gives its current value for a column it did not change: the same again)."""
    changed: list[tuple[int, set[str]]] = []
    names: set[str] = set()
    for row_id in sorted(original):
        row, old = rows[row_id], original[row_id]
        found = {k for k in keys if k != "id" and row[k] != old[k]}
        if found:
            changed.append((row_id, found))
            names |= found
    columns = tuple(k for k in keys if k in names)
    return columns, [{"row_id": row_id, **{k: rows[row_id][k] for k in columns}} for row_id, _found in changed]


def _update_rows(session: Session, table: Any, changed: tuple[tuple[str, ...], list[Row]]) -> None:
    columns, params = changed
    if params:
        session.execute(update(table).where(table.c.id == bindparam("row_id")), params)


def write(session: Session, unit: Unit, merged: list[Merged], actor: str) -> list[MergeResult]:
    """Write every change of the unit's merges, table by table, in the order a flush would."""
    rows = unit.rows
    customers = rows.customers
    survivors = {m.survivor["id"] for m in merged}
    victims = {v["id"] for m in merged for v in m.victims}
    # Points first (the survivors' derived columns speak of them), then the customers.
    for point_type, table in POINT_TABLES.items():
        gone = set(unit.dropped.get(point_type, ()))
        current = {p["id"]: p for lists in rows.points[point_type].values() for p in lists}
        originals = {k: v for k, v in unit.point_original.get(point_type, {}).items() if k not in gone}
        _update_rows(session, table, _changed(current, originals, POINT_KEYS[point_type]))
        if gone:
            ordered = sorted(gone)
            for start in range(0, len(ordered), LOAD_CHUNK):
                session.execute(delete(table).where(table.c.id.in_(ordered[start:start + LOAD_CHUNK])))
    if unit.moves:
        session.execute(update(RECORDS).where(RECORDS.c.id == bindparam("record_id"))
                        .values(customer_id=bindparam("survivor_id")), unit.moves)
        unit.moves = []
    _update_rows(session, CUSTOMERS, _changed(customers, {k: v for k, v in unit.original.items() if k in survivors},
                                              CUSTOMER_KEYS))
    # The status rules give each golden record its status; the merged-away customers carry it too.
    ordered = sorted(survivors)
    recompute_statuses(session, ordered)
    statuses: dict[int, Any] = {}
    for start in range(0, len(ordered), LOAD_CHUNK):
        part = ordered[start:start + LOAD_CHUNK]
        statuses.update(session.execute(select(CUSTOMERS.c.id, CUSTOMERS.c.status).where(CUSTOMERS.c.id.in_(part))).all())
    for m in merged:
        status = statuses[m.survivor["id"]]
        m.survivor["status"] = status
        m.before["after"]["survivor"]["status"] = status
        for victim in m.victims:
            victim["status"] = status
    _update_rows(session, CUSTOMERS, _changed(customers, {k: v for k, v in unit.original.items() if k in victims},
                                              CUSTOMER_KEYS))
    _update_rows(session, CANDIDATES, _changed(rows.candidates, unit.candidate_original, CANDIDATE_KEYS))
    revoked = [{"row_id": d, "revoked_at": m.now} for m in merged for d in m.revoked]
    if revoked:
        session.execute(update(DECISIONS).where(DECISIONS.c.id == bindparam("row_id"))
                        .values(revoked_at=bindparam("revoked_at")), revoked)

    events = [{"survivor_id": m.survivor["id"], "merged_ids": [v["id"] for v in m.victims], "before": m.before,
               "picks": m.picks, "origin": m.request.origin, "batch": m.request.batch, "actor": actor,
               "created_at": m.now, "undone_at": None, "undone_by": None} for m in merged]
    if events:
        ids = session.execute(insert(EVENTS).returning(EVENTS.c.id, sort_by_parameter_order=True), events).scalars().all()
        for m, event_id in zip(merged, ids, strict=True):
            m.event_id = event_id
    decisions, entries = [], []
    for m in merged:
        survivor_id = m.survivor["id"]
        for victim in m.victims:
            pair = (min(survivor_id, victim["id"]), max(survivor_id, victim["id"]))
            decisions.append({"customer_a_id": pair[0], "customer_b_id": pair[1], "verdict": "merged",
                              "candidate_id": m.candidate_pairs.get(pair), "merge_event_id": m.event_id,
                              "actor": actor, "decided_at": m.now, "note": None, "revoked_at": None})
        entries.extend(_audit(m, actor))
    if decisions:
        session.execute(insert(DECISIONS), decisions)
    if entries:
        session.execute(insert(AUDIT), entries)
    return [MergeResult(m.event_id, m.survivor["id"], [v["id"] for v in m.victims], sorted(m.changes),
                        m.changed_candidates) for m in merged]


def _audit(m: Merged, actor: str) -> list[Row]:
    at = utcnow()
    survivor_id = m.survivor["id"]

    def entry(entity_id: int, field: str | None, old: Any, new: Any, details: dict[str, Any]) -> Row:
        return {"at": at, "actor": actor, "action": "merge", "entity": "customer", "entity_id": entity_id,
                "field": field, "old_value": old, "new_value": new, "reason": None, "details": details}

    numbers = [format_master_number(v["id"]) for v in m.victims]
    out = [entry(survivor_id, None, None, numbers,
                 {"merge_event_id": m.event_id, "origin": m.request.origin, "merged": numbers,
                  "candidates": m.changed_candidates, "batch": m.request.batch})]
    for name, (old, new) in m.changes.items():
        if name not in DERIVED_COLUMNS:
            out.append(entry(survivor_id, name, old, new, {"merge_event_id": m.event_id}))
    for victim in m.victims:
        out.append(entry(victim["id"], "merged_into_id", None, survivor_id,
                         {"merge_event_id": m.event_id, "survivor": format_master_number(survivor_id)}))
    return out


# --------------------------------------------------------------------------- a unit


def merge_unit(session: Session, groups: Sequence[Sequence[int]], *, origin: str, batch: str | None,
               settings: SurvivorshipSettings, actor: str, cancelled: Callable[[], bool] = lambda: False,
               cancelled_mark: str = "") -> list[tuple[Sequence[int], MergeResult | str]]:
    """Merge `groups` in one write unit: each checked before it changes anything (a group that
    can no longer be merged is reported by its message and left alone), all written at once."""
    with page_cache(session.connection(), UNIT_CACHE_KIB):
        return _merge_unit(session, groups, origin=origin, batch=batch, settings=settings, actor=actor,
                           cancelled=cancelled, cancelled_mark=cancelled_mark)


def _merge_unit(session: Session, groups: Sequence[Sequence[int]], *, origin: str, batch: str | None,
                settings: SurvivorshipSettings, actor: str, cancelled: Callable[[], bool],
                cancelled_mark: str) -> list[tuple[Sequence[int], MergeResult | str]]:
    unit = Unit(read(session, [i for g in groups for i in g]))
    outcomes: list[tuple[Sequence[int], MergeResult | str]] = []
    merged: list[tuple[int, Merged]] = []
    for group in groups:
        if outcomes and cancelled():
            outcomes.append((group, cancelled_mark))
            break
        try:
            done = merge_group(session, unit, MergeRequest(list(group), origin=origin, batch=batch), settings, actor)
        except WorkbenchError as exc:
            outcomes.append((group, str(exc)))
            continue
        merged.append((len(outcomes), done))
        outcomes.append((group, ""))
    results = write(session, unit, [m for _, m in merged], actor)
    for (index, _m), result in zip(merged, results, strict=True):
        outcomes[index] = (outcomes[index][0], result)
    return outcomes

