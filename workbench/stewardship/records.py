"""The customers a steward compares, loaded once as plain data.

Survivorship, the live golden-record preview and the merge itself all work from these
`RecordData`, so the preview shows exactly what the merge will do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from workbench.errors import WorkbenchError
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
from workbench.text import digits, fold

POINT_TYPES = ("email", "phone", "address")
POINT_MODELS: dict[str, type] = {"email": Email, "phone": Phone, "address": Address}
DEFAULT_TRUST = 50


@dataclass(frozen=True)
class Origin:
    """One source record behind a customer: where it came from and when."""

    source_record_id: int
    source: str
    file_name: str
    record_no: int | None
    imported_at: datetime
    trust: int


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

    @property
    def master_number(self) -> str:
        return format_master_number(self.id)


def address_key(kind: str, street: str | None, postcode: str | None, city: str | None,
                country: str | None) -> str:
    """Two addresses are the same when kind, street, postcode, city and country agree (folded)."""
    def norm(text: str | None) -> str:
        return " ".join(fold(text or "").replace(".", " ").replace(",", " ").split())
    return "|".join((kind, norm(street), (postcode or "").replace(" ", "").upper(), norm(city), country or ""))


def point_data(kind_of: str, row: Any) -> PointData:
    if kind_of == "email":
        key, text = row.normalized, row.address
    elif kind_of == "phone":
        key, text = row.e164 or digits(row.number) or row.number, row.number
    else:
        key = address_key(row.kind, row.street, row.postcode, row.city, row.country)
        text = row.one_line()
    return PointData(row.id, kind_of, key, text, row.kind, row.is_primary, row.is_valid, row.source_record_id)


# Single-valued customer columns a merge chooses between (see survivorship.FIELDS for labels).
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


def origins_by_customer(session: Session, ids: Sequence[int]) -> dict[int, list[Origin]]:
    rows = session.execute(
        select(SourceRecord.customer_id, SourceRecord.id, Source.name, ImportBatch.file_name, SourceRecord.record_no,
               SourceRecord.updated_at, Source.trust_rank)
        .join(Source, Source.id == SourceRecord.source_id)
        .join(ImportBatch, ImportBatch.id == func.coalesce(SourceRecord.last_batch_id, SourceRecord.batch_id))
        .where(SourceRecord.customer_id.in_(list(ids)))
        .order_by(SourceRecord.id))
    result: dict[int, list[Origin]] = {}
    for customer_id, record_id, source, file_name, record_no, updated_at, trust in rows:
        result.setdefault(customer_id, []).append(
            Origin(record_id, source, file_name, record_no, updated_at, trust if trust is not None else DEFAULT_TRUST))
    return result


def record_data(customer: Customer, origins: list[Origin]) -> RecordData:
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
    )
    # A customer made of several source records is as trusted as its most trusted source,
    # and as recent as its most recently imported record.
    record.trust = max((o.trust for o in origins), default=DEFAULT_TRUST)
    record.recency = max((o.imported_at for o in origins), default=customer.updated_at)
    return record


def load_records(session: Session, ids: Sequence[int]) -> list[RecordData]:
    """The customers `ids`, in master-number order, as plain data."""
    customers = customers_with_points(session, ids)
    origins = origins_by_customer(session, ids)
    return [record_data(c, origins.get(c.id, [])) for c in customers]
