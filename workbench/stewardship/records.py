"""The customers a steward compares, loaded once as plain data.

Survivorship, the live golden-record preview and the merge itself all work from these
`RecordData`, so the preview shows exactly what the merge will do.

Each contact point carries its evidence: every source record of its customer that says it
(the record it came from, and any other record whose stored contact points are the same place,
mailbox or number, or a lesser form of it), with when an import last held that record (changed
or not). Evidence is read from the source records themselves, never stored beside the point: a
merge that keeps one point of several loses none of it, and a re-import that changes what a
record says changes the evidence with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workbench.errors import WorkbenchError
from workbench.stewardship import consolidation
from workbench.store.models import (
    Address,
    Customer,
    Email,
    ImportBatch,
    Phone,
    Source,
    SourceRecord,
    format_master_number,
)
from workbench.store.record_packing import payload_of
from workbench.store.sightings import last_seen_batch, sighting
from workbench.text import digits, fold

POINT_TYPES = ("email", "phone", "address")
POINT_MODELS: dict[str, type] = {"email": Email, "phone": Phone, "address": Address}
DEFAULT_TRUST = 50


HAND = "Entered by hand"
PAYLOAD_LISTS = {"email": "emails", "phone": "phones", "address": "addresses"}
PAYLOAD_DEFAULT_KIND = {"email": "other", "phone": "other", "address": "home"}


@dataclass(frozen=True)
class Origin:
    """One source record behind a customer: where it came from and when."""

    source_record_id: int
    source: str
    file_name: str
    record_no: int | None
    imported_at: datetime
    trust: int
    # The contact points the record holds as it was last imported (type → columns), if stored.
    points: dict[str, tuple[dict[str, Any], ...]] = field(default_factory=dict, compare=False, repr=False)
    seen_at: datetime | None = None  # when the last import that held the record (changed or not) ran

    @property
    def last_seen(self) -> datetime:
        return self.seen_at or self.imported_at


@dataclass(frozen=True)
class Evidence:
    """One source record that says a contact point: which, how it wrote it, when it was last seen."""

    source_record_id: int | None  # None: entered by hand
    source: str
    seen_at: datetime | None
    text: str
    trust: int = DEFAULT_TRUST


@dataclass
class PointData:
    id: int
    type: str  # email / phone / address
    key: str  # what makes two contact points the same (normalized e-mail, E.164, address)
    text: str  # as shown to people
    kind: str
    is_primary: bool
    is_valid: bool
    source_record_id: int | None
    parts: dict[str, Any] = field(default_factory=dict)  # the row's columns that say what it is
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def seen_at(self) -> datetime | None:
        """When a source last said it (confirmed it)."""
        return max((e.seen_at for e in self.evidence if e.seen_at), default=None)


def evidence_union(points: Sequence[PointData]) -> list[Evidence]:
    """The evidence of several points that are one, each source record once (its latest word)."""
    by_record: dict[Any, Evidence] = {}
    for point in points:
        for item in point.evidence:
            key = item.source_record_id if item.source_record_id is not None else ("hand", point.id)
            known = by_record.get(key)
            if known is None or (item.seen_at or datetime.min) > (known.seen_at or datetime.min):
                by_record[key] = item
    return newest_first(by_record.values())


def newest_first(evidence: Iterable[Evidence]) -> list[Evidence]:
    by_source = sorted(evidence, key=lambda e: (e.source, e.source_record_id or 0))
    return sorted(by_source, key=lambda e: e.seen_at or datetime.min, reverse=True)


@dataclass
class RecordData:
    id: int
    values: dict[str, Any]  # single-valued customer fields, as Python values
    attributes: dict[str, Any]
    roles: list[Any]
    tags: list[Any]
    notes: str | None
    do_not_contact: bool
    consent_updated_at: datetime | None
    display_name: str
    points: dict[str, list[PointData]] = field(default_factory=dict)
    origins: list[Origin] = field(default_factory=list)
    trust: int = DEFAULT_TRUST
    recency: datetime | None = None
    created_at: datetime | None = None  # when the customer came into the master

    @property
    def master_number(self) -> str:
        return format_master_number(self.id)


def address_key(kind: str, street: str | None, postcode: str | None, city: str | None,
                country: str | None) -> str:
    """Two addresses are the same when kind, street, postcode, city and country agree (folded)."""
    def norm(text: str | None) -> str:
        return " ".join(fold(text or "").replace(".", " ").replace(",", " ").split())
    return "|".join((kind, norm(street), (postcode or "").replace(" ", "").upper(), norm(city), country or ""))


POINT_PARTS = {"email": ("address", "normalized"), "phone": ("number", "e164"),
               "address": ("street", "street2", "postcode", "city", "region", "country")}


def address_text(parts: dict[str, Any]) -> str:
    """An address on one line, as `Address.one_line` writes it."""
    place = " ".join(p for p in (parts.get("postcode"), parts.get("city")) if p)
    return ", ".join(p for p in (parts.get("street"), parts.get("street2"), place, parts.get("region"),
                                 parts.get("country")) if p)


def point_text(kind_of: str, parts: dict[str, Any]) -> str:
    if kind_of == "email":
        return parts.get("address") or parts.get("normalized") or ""
    if kind_of == "phone":
        return parts.get("number") or parts.get("e164") or ""
    return address_text(parts)


def point_data(kind_of: str, row: Any) -> PointData:
    if kind_of == "email":
        key, text = row.normalized, row.address
    elif kind_of == "phone":
        key, text = row.e164 or digits(row.number) or row.number, row.number
    else:
        key = address_key(row.kind, row.street, row.postcode, row.city, row.country)
        text = row.one_line()
    parts = {name: getattr(row, name) for name in POINT_PARTS[kind_of]}
    return PointData(row.id, kind_of, key, text, row.kind, row.is_primary, row.is_valid, row.source_record_id,
                     parts)


# Single-valued customer columns a merge chooses between (see golden_fields.FIELDS for labels).
VALUE_COLUMNS = ("kind", "title", "first_name", "middle_name", "last_name", "suffix", "company", "job_title",
                 "birth_date", "status", "status_override", "marketing_consent", "first_seen_at",
                 "last_order_at", "order_count", "total_spent")


def customers_with_points(session: Session, ids: Sequence[int], *, for_update: bool = False) -> list[Customer]:
    statement = (select(Customer).where(Customer.id.in_(list(ids))).order_by(Customer.id)
                 .options(selectinload(Customer.emails), selectinload(Customer.phones),
                          selectinload(Customer.addresses)))
    if for_update:
        # Rows are locked in id order with the weakest lock that serves: FOR NO KEY UPDATE lets
        # other units insert rows that refer to these customers meanwhile (PostgreSQL).
        statement = statement.with_for_update(key_share=True).execution_options(populate_existing=True)
    customers = list(session.scalars(statement))
    missing = sorted(set(ids) - {c.id for c in customers})
    if missing:
        raise WorkbenchError(f"{format_master_number(missing[0])}: no such customer")
    return customers


def _payload_points(payload: Any) -> dict[str, tuple[dict[str, Any], ...]]:
    """The contact points a source record's stored payload holds (none for payloads of old imports)."""
    if not isinstance(payload, dict):
        return {}
    found = {}
    for kind_of, name in PAYLOAD_LISTS.items():
        items = payload.get(name)
        if isinstance(items, list):
            found[kind_of] = tuple(p for p in items if isinstance(p, dict))
    return found


def origins_by_customer(session: Session, ids: Sequence[int]) -> dict[int, list[Origin]]:
    rows = session.execute(
        select(SourceRecord.customer_id, SourceRecord.id, Source.name, ImportBatch.file_name, SourceRecord.record_no,
               SourceRecord.updated_at, Source.trust_rank, SourceRecord.packed, ImportBatch.started_at)
        .join(Source, Source.id == SourceRecord.source_id)
        .outerjoin(*sighting(SourceRecord)).join(ImportBatch, ImportBatch.id == last_seen_batch(SourceRecord))
        .where(SourceRecord.customer_id.in_(list(ids)))
        .order_by(SourceRecord.id))
    result: dict[int, list[Origin]] = {}
    for customer_id, record_id, source, file_name, record_no, updated_at, trust, packed, seen in rows:
        result.setdefault(customer_id, []).append(
            Origin(record_id, source, file_name, record_no, updated_at, trust if trust is not None else DEFAULT_TRUST,
                   _payload_points(payload_of(packed)), seen))
    return result


def attach_evidence(points: dict[str, list[PointData]], origins: Sequence[Origin],
                    created: dict[tuple[str, int], datetime | None] | None = None) -> None:
    """Give each contact point the source records that say it (see the module's words)."""
    by_id = {o.source_record_id: o for o in origins}
    every = [p for kind_of in POINT_TYPES for p in points.get(kind_of, [])]
    country, regions = consolidation.context(every)
    for kind_of in POINT_TYPES:
        own_points = points.get(kind_of, [])
        if not own_points:
            continue
        said = [(origin, consolidation.form(kind_of, parts, context_country=country, regions=regions),
                 point_text(kind_of, parts))
                for origin in origins for parts in origin.points.get(kind_of, ())]
        for point in own_points:
            own = consolidation.form(kind_of, point.parts, context_country=country, regions=regions)
            evidence: dict[int | None, Evidence] = {}
            origin = by_id.get(point.source_record_id) if point.source_record_id is not None else None
            if origin is not None:
                evidence[origin.source_record_id] = Evidence(origin.source_record_id, origin.source,
                                                             origin.last_seen, point.text, origin.trust)
            else:  # entered by hand, or from a record no longer with this customer
                when = (created or {}).get((kind_of, point.id))
                evidence[point.source_record_id] = Evidence(point.source_record_id, HAND, when, point.text,
                                                            DEFAULT_TRUST)
            for other, shape, text in said:
                if other.source_record_id not in evidence and consolidation.says_all_of(own, shape):
                    evidence[other.source_record_id] = Evidence(other.source_record_id, other.source,
                                                                other.last_seen, text, other.trust)
            point.evidence = newest_first(evidence.values())


def record_data(customer: Customer, origins: list[Origin]) -> RecordData:
    created = {(kind_of, row.id): row.created_at for kind_of, rows in
               (("email", customer.emails), ("phone", customer.phones), ("address", customer.addresses))
               for row in rows}
    record = RecordData(
        id=customer.id,
        values={name: getattr(customer, name) for name in VALUE_COLUMNS},
        attributes=dict(customer.attributes or {}),
        roles=list(customer.roles or []),
        tags=list(customer.tags or []),
        notes=customer.notes,
        do_not_contact=bool(customer.do_not_contact),
        consent_updated_at=customer.consent_updated_at,
        display_name=customer.display_name or "",
        points={"email": [point_data("email", e) for e in customer.emails],
                "phone": [point_data("phone", p) for p in customer.phones],
                "address": [point_data("address", a) for a in customer.addresses]},
        origins=origins,
        created_at=customer.created_at,
    )
    # A customer made of several source records is as trusted as its most trusted source,
    # and as recent as its most recently imported record.
    record.trust = max((o.trust for o in origins), default=DEFAULT_TRUST)
    record.recency = max((o.imported_at for o in origins), default=customer.updated_at)
    attach_evidence(record.points, origins, created)
    return record


def load_records(session: Session, ids: Sequence[int]) -> list[RecordData]:
    """The customers `ids`, in master-number order, as plain data."""
    customers = customers_with_points(session, ids)
    origins = origins_by_customer(session, ids)
    return [record_data(c, origins.get(c.id, [])) for c in customers]
