"""Reading golden customers for export: in id order, a chunk at a time, with their contact points.

Exports stream: a chunk of customers is read by keyset (`id > last`), then its e-mails,
phones, addresses (and, when asked for, its source records) by one range query each, so a
million customers never sit in memory and no query carries thousands of bound ids.
Everything here is plain Core SQL returning tuples; building ORM objects would cost more
than writing the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.orm import Session

from workbench.store.filters import CustomerFilter
from workbench.store.models import (
    Address,
    AttributeDefinition,
    Customer,
    Email,
    ImportBatch,
    Phone,
    Segment,
    Source,
    SourceRecord,
)

CHUNK = 5000


@dataclass(slots=True)
class EmailPoint:
    address: str
    kind: str
    is_primary: bool
    is_valid: bool


@dataclass(slots=True)
class PhonePoint:
    number: str
    e164: str | None
    kind: str
    is_primary: bool
    is_valid: bool


@dataclass(slots=True)
class AddressPoint:
    kind: str
    street: str | None
    street2: str | None
    city: str | None
    region: str | None
    postcode: str | None
    country: str | None
    is_primary: bool


@dataclass(slots=True)
class RecordLink:
    """One source record of a customer, for the cross-reference."""

    source: str
    source_key: str
    file_name: str | None
    record_no: int | None


@dataclass(slots=True)
class ExportCustomer:
    id: int
    kind: str
    title: str | None
    first_name: str | None
    middle_name: str | None
    last_name: str | None
    suffix: str | None
    company: str | None
    job_title: str | None
    birth_date: date | None
    status: str | None
    roles: list[Any]
    marketing_consent: str
    do_not_contact: bool
    attributes: dict[str, Any]
    tags: list[Any]
    notes: str | None
    first_seen_at: datetime | None
    last_order_at: datetime | None
    order_count: int | None
    total_spent: float | None
    display_name: str
    created_at: datetime | None
    updated_at: datetime | None
    emails: list[EmailPoint] = field(default_factory=list)
    phones: list[PhonePoint] = field(default_factory=list)
    addresses: list[AddressPoint] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    records: list[RecordLink] = field(default_factory=list)


_CUSTOMER_COLUMNS = (
    Customer.id, Customer.kind, Customer.title, Customer.first_name, Customer.middle_name, Customer.last_name,
    Customer.suffix, Customer.company, Customer.job_title, Customer.birth_date,
    func.coalesce(Customer.status_override, Customer.status), Customer.roles, Customer.marketing_consent,
    Customer.do_not_contact, Customer.attributes, Customer.tags, Customer.notes, Customer.first_seen_at,
    Customer.last_order_at, Customer.order_count, Customer.total_spent, Customer.display_name,
    Customer.created_at, Customer.updated_at,
)


@dataclass(frozen=True)
class Needs:
    """Which related rows a preset reads; the rest is not queried at all."""

    emails: bool = True
    phones: bool = True
    addresses: bool = True
    sources: bool = False
    records: bool = False


def golden(filters: Sequence[CustomerFilter], dialect: str) -> ColumnElement[bool]:
    """Golden customers (never merged-away ones) that pass every filter."""
    return and_(Customer.merged_into_id.is_(None), *(f.clause(dialect) for f in filters if not f.is_empty()))


def count_customers(session: Session, filters: Sequence[CustomerFilter]) -> int:
    dialect = session.get_bind().dialect.name
    return session.scalar(select(func.count(Customer.id)).where(golden(filters, dialect))) or 0


def consent_breakdown(session: Session, filters: Sequence[CustomerFilter]) -> dict[tuple[str, bool], int]:
    """How many customers the filters select, by (marketing consent, do-not-contact)."""
    dialect = session.get_bind().dialect.name
    rows = session.execute(
        select(Customer.marketing_consent, Customer.do_not_contact, func.count(Customer.id))
        .where(golden(filters, dialect)).group_by(Customer.marketing_consent, Customer.do_not_contact))
    return {(consent or "unknown", bool(dnc)): n for consent, dnc, n in rows}


def iter_customers(session: Session, filters: Sequence[CustomerFilter], *, needs: Needs = Needs(),
                   chunk: int | None = None, limit: int | None = None) -> Iterator[list[ExportCustomer]]:
    """Chunks of golden customers in master-number order, with what `needs` asks for."""
    dialect = session.get_bind().dialect.name
    chunk = chunk or CHUNK
    where = golden(filters, dialect)
    merged = _merged_into_map(session) if (needs.sources or needs.records) else {}
    last = 0
    remaining = limit
    while remaining is None or remaining > 0:
        size = chunk if remaining is None else min(chunk, remaining)
        rows = session.execute(select(*_CUSTOMER_COLUMNS).where(where, Customer.id > last)
                               .order_by(Customer.id).limit(size)).all()
        if not rows:
            return
        customers = {row[0]: ExportCustomer(*row) for row in rows}
        low, high = rows[0][0], rows[-1][0]
        if needs.emails:
            _attach_emails(session, customers, low, high)
        if needs.phones:
            _attach_phones(session, customers, low, high)
        if needs.addresses:
            _attach_addresses(session, customers, low, high)
        if needs.sources or needs.records:
            _attach_records(session, customers, low, high, merged, needs)
        yield list(customers.values())
        last = high
        if remaining is not None:
            remaining -= len(rows)


def _in_range(column, low: int, high: int) -> ColumnElement[bool]:
    # A range uses the customer_id index and binds two values; ids of customers the filter left
    # out are dropped in Python.
    return and_(column >= low, column <= high)


def _attach_emails(session: Session, customers: dict[int, ExportCustomer], low: int, high: int) -> None:
    rows = session.execute(select(Email.customer_id, Email.address, Email.kind, Email.is_primary, Email.is_valid)
                           .where(_in_range(Email.customer_id, low, high)).order_by(Email.customer_id, Email.id))
    for customer_id, *values in rows:
        customer = customers.get(customer_id)
        if customer is not None:
            customer.emails.append(EmailPoint(*values))
    for customer in customers.values():
        _primary_first(customer.emails)


def _attach_phones(session: Session, customers: dict[int, ExportCustomer], low: int, high: int) -> None:
    rows = session.execute(select(Phone.customer_id, Phone.number, Phone.e164, Phone.kind, Phone.is_primary,
                                  Phone.is_valid)
                           .where(_in_range(Phone.customer_id, low, high)).order_by(Phone.customer_id, Phone.id))
    for customer_id, *values in rows:
        customer = customers.get(customer_id)
        if customer is not None:
            customer.phones.append(PhonePoint(*values))
    for customer in customers.values():
        _primary_first(customer.phones)


def _attach_addresses(session: Session, customers: dict[int, ExportCustomer], low: int, high: int) -> None:
    rows = session.execute(select(Address.customer_id, Address.kind, Address.street, Address.street2, Address.city,
                                  Address.region, Address.postcode, Address.country, Address.is_primary)
                           .where(_in_range(Address.customer_id, low, high))
                           .order_by(Address.customer_id, Address.id))
    for customer_id, *values in rows:
        customer = customers.get(customer_id)
        if customer is not None:
            customer.addresses.append(AddressPoint(*values))
    for customer in customers.values():
        _primary_first(customer.addresses)


def _primary_first(points: list[Any]) -> None:
    if len(points) > 1 and not points[0].is_primary:
        points.sort(key=lambda p: not p.is_primary)  # stable: the rest keep their order


def _merged_into_map(session: Session) -> dict[int, int]:
    """Merged-away customer → the golden customer it lives on in (chains followed)."""
    direct = dict(session.execute(select(Customer.id, Customer.merged_into_id)
                                  .where(Customer.merged_into_id.isnot(None))).all())
    resolved: dict[int, int] = {}
    for start in direct:
        seen = {start}
        current = direct[start]
        while current in direct and current not in seen:
            seen.add(current)
            current = direct[current]
        resolved[start] = current
    return resolved


def _attach_records(session: Session, customers: dict[int, ExportCustomer], low: int, high: int,
                    merged: dict[int, int], needs: Needs) -> None:
    absorbed = [old for old, survivor in merged.items() if low <= survivor <= high and survivor in customers]
    condition = _in_range(SourceRecord.customer_id, low, high)
    if absorbed:
        condition = condition | SourceRecord.customer_id.in_(absorbed)
    statement = (select(SourceRecord.customer_id, Source.name, SourceRecord.source_key, ImportBatch.file_name,
                        SourceRecord.record_no)
                 .join(Source, Source.id == SourceRecord.source_id)
                 .join(ImportBatch, ImportBatch.id == func.coalesce(SourceRecord.last_batch_id,
                                                                    SourceRecord.batch_id))
                 .where(condition).order_by(SourceRecord.id))
    for customer_id, source, key, file_name, record_no in session.execute(statement):
        customer = customers.get(merged.get(customer_id, customer_id))
        if customer is None:
            continue
        if needs.sources and source not in customer.sources:
            customer.sources.append(source)
        if needs.records:
            customer.records.append(RecordLink(source, key, file_name, record_no))


def segment_filter(session: Session, name: str) -> CustomerFilter | None:
    data = session.scalar(select(Segment.filter).where(Segment.name == name))
    return None if data is None else CustomerFilter.from_json(data)


def segment_names(session: Session) -> list[str]:
    return list(session.scalars(select(Segment.name).order_by(Segment.name)))


def source_names(session: Session) -> list[str]:
    return list(session.scalars(select(Source.name).order_by(Source.name)))


def status_names(session: Session) -> list[str]:
    status = func.coalesce(Customer.status_override, Customer.status)
    return [s for s in session.scalars(select(status).where(Customer.merged_into_id.is_(None), status.isnot(None))
                                       .distinct().order_by(status))]


def country_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Customer.primary_country)
                                .where(Customer.merged_into_id.is_(None), Customer.primary_country.isnot(None))
                                .distinct().order_by(Customer.primary_country)))


def attribute_names(session: Session) -> list[tuple[str, str]]:
    """(name, label) of the custom attributes an all-fields export carries: the defined ones in their
    order, then any other key customers hold (kept by an import before anyone defined it)."""
    defined = [(name, label) for name, label in session.execute(
        select(AttributeDefinition.name, AttributeDefinition.label).where(AttributeDefinition.retired.is_(False))
        .order_by(AttributeDefinition.position, AttributeDefinition.id))]
    known = {name for name, _ in defined}
    extra = sorted(k for k in _attribute_keys(session) if k not in known)
    return defined + [(name, name.replace("_", " ").capitalize()) for name in extra]


def _attribute_keys(session: Session) -> set[str]:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        each = func.json_each(Customer.attributes).table_valued("key")
        statement = select(each.c.key).select_from(Customer).join(each, true()).distinct()
    elif dialect == "postgresql":
        key = func.jsonb_object_keys(Customer.attributes)
        statement = select(key).distinct()
    else:
        return set()
    return {str(k) for k in session.scalars(statement) if k}
