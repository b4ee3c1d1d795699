"""Reading golden customers for export: in id order, a chunk at a time, with their contact points.

Exports stream: a chunk of customers is read by keyset (`id > last`), then its e-mails,
phones, addresses (and, when asked for, its source records) by one range query each, so a
million customers never sit in memory and no query carries thousands of bound ids.
Everything here is plain Core SQL returning tuples; building ORM objects would cost more
than writing the file.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Connection, String, and_, func, null, select, true, type_coerce
from sqlalchemy.orm import Session

from workbench.store.filters import CustomerFilter
from workbench.store.models import (
    AttributeDefinition,
    Customer,
    ImportBatch,
    Segment,
    Source,
    SourceRecord,
)
from workbench.store.sightings import last_seen_batch, sighting

CHUNK = 5000
_FIRST = itemgetter(0)


# Contact points are the driver's row tuples as they come, read by these positions: at a
# million customers, making an object per e-mail, phone and address costs seconds.
EmailPoint = tuple  # (customer_id, address, kind, is_primary, is_valid)
E_ADDRESS, E_KIND, E_PRIMARY, E_VALID = 1, 2, 3, 4
PhonePoint = tuple  # (customer_id, number, e164, kind, is_primary, is_valid)
P_NUMBER, P_E164, P_KIND, P_PRIMARY, P_VALID = 1, 2, 3, 4, 5
AddressPoint = tuple  # (customer_id, kind, street, street2, city, region, postcode, country, is_primary)
A_KIND, A_PRIMARY = 1, 8
A_PARTS = {"street": 2, "street2": 3, "city": 4, "region": 5, "postcode": 6, "country": 7}
A_COUNTRY_INDEX = 7


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
    # Raw as stored (see as_date, as_datetime, as_json below).
    birth_date: date | str | None
    status: str | None
    roles: Any
    marketing_consent: str
    do_not_contact: bool
    attributes: Any
    tags: Any
    notes: str | None
    first_seen_at: datetime | str | None
    last_order_at: datetime | str | None
    order_count: int | None
    total_spent: float | None
    display_name: str
    created_at: datetime | str | None
    updated_at: datetime | str | None
    # Filled in by the reader; an empty tuple until then (cheaper than five new lists per customer).
    emails: Sequence[EmailPoint] = ()
    phones: Sequence[PhonePoint] = ()
    addresses: Sequence[AddressPoint] = ()
    sources: list[str] | tuple[()] = ()
    records: list[RecordLink] | tuple[()] = ()


def _raw(column):
    # SQLAlchemy's own conversion of SQLite's date and JSON text costs microseconds per value,
    # which at a million rows is most of the export; `_customer` converts the raw text itself.
    return type_coerce(column, String)


_CUSTOMER_COLUMNS = (
    Customer.id, Customer.kind, Customer.title, Customer.first_name, Customer.middle_name, Customer.last_name,
    Customer.suffix, Customer.company, Customer.job_title, _raw(Customer.birth_date),
    func.coalesce(Customer.status_override, Customer.status), _raw(Customer.roles), Customer.marketing_consent,
    Customer.do_not_contact, _raw(Customer.attributes), _raw(Customer.tags), Customer.notes,
    _raw(Customer.first_seen_at), _raw(Customer.last_order_at), Customer.order_count, Customer.total_spent,
    Customer.display_name, _raw(Customer.created_at), _raw(Customer.updated_at),
)
_EMPTY_JSON = {None: None, "{}": {}, "[]": []}


# Dates and JSON stay as the database returned them (text on SQLite) until a column reads
# them: most presets never do, and a million conversions nobody uses cost seconds.


def as_json(value: Any) -> Any:
    if isinstance(value, str):
        return _EMPTY_JSON[value] if value in _EMPTY_JSON else json.loads(value)
    return value  # PostgreSQL's driver already decoded it


def as_datetime(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def as_date(value: Any) -> date | None:
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


@dataclass(frozen=True)
class Needs:
    """Which related rows a preset reads; the rest is not queried at all."""

    emails: bool = True
    phones: bool = True
    addresses: bool = True
    sources: bool = False
    records: bool = False
    # ExportCustomer fields the preset reads (None: all); the others are selected as NULL.
    fields: frozenset[str] | None = None


def _customer_select(fields: frozenset[str] | None) -> Any:
    if fields is None:
        return select(*_CUSTOMER_COLUMNS)
    names = [f.name for f in dataclasses.fields(ExportCustomer)][: len(_CUSTOMER_COLUMNS)]
    wanted = fields | {"id", "kind"}
    return select(*(column if name in wanted else null() for name, column in zip(names, _CUSTOMER_COLUMNS,
                                                                                 strict=True)))


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
    # Core execution on the session's connection: the ORM's result machinery is not needed here.
    connection = session.connection()
    where = golden(filters, dialect)
    columns = _customer_select(needs.fields)
    merged = _merged_into_map(session) if (needs.sources or needs.records) else {}
    last = 0
    remaining = limit
    while remaining is None or remaining > 0:
        size = chunk if remaining is None else min(chunk, remaining)
        rows = _driver_statement(connection, columns.where(where, Customer.id > last)
                                 .order_by(Customer.id).limit(size))
        if not rows:
            return
        customers = {row[0]: ExportCustomer(*row) for row in rows}
        low, high = rows[0][0], rows[-1][0]
        if needs.emails:
            _attach_emails(connection, customers, low, high)
        if needs.phones:
            _attach_phones(connection, customers, low, high)
        if needs.addresses:
            _attach_addresses(connection, customers, low, high)
        if needs.sources or needs.records:
            _attach_records(connection, customers, low, high, merged, needs)
        yield list(customers.values())
        last = high
        if remaining is not None:
            remaining -= len(rows)


def _in_range(column, low: int, high: int) -> ColumnElement[bool]:
    # A range uses the customer_id index and binds two values; ids of customers the filter left
    # out are dropped in Python.
    return and_(column >= low, column <= high)


# Contact points come through plain SQL on the driver's own cursor: the same text on SQLite
# and PostgreSQL, no statement compiling and no per-value conversion.
_EMAILS_SQL = ("SELECT customer_id, address, kind, is_primary, is_valid FROM emails "
               "WHERE customer_id >= {p} AND customer_id <= {p} ORDER BY customer_id, id")
_PHONES_SQL = ("SELECT customer_id, number, e164, kind, is_primary, is_valid FROM phones "
               "WHERE customer_id >= {p} AND customer_id <= {p} ORDER BY customer_id, id")
_ADDRESSES_SQL = ("SELECT customer_id, kind, street, street2, city, region, postcode, country, is_primary "
                  "FROM addresses WHERE customer_id >= {p} AND customer_id <= {p} ORDER BY customer_id, id")


def _driver_fetch(connection: Connection, sql: str, params: Any) -> list[tuple[Any, ...]]:
    cursor = connection.connection.dbapi_connection.cursor()  # the session's connection and transaction
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _driver_statement(connection: Connection, statement: Any) -> list[tuple[Any, ...]]:
    """Run a SQLAlchemy statement on the driver's cursor: rows as plain tuples, values unconverted."""
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    if compiled.positional:
        return _driver_fetch(connection, compiled.string, tuple(params[name] for name in compiled.positiontup))
    return _driver_fetch(connection, compiled.string, params)


def _range_rows(connection: Connection, sql: str, low: int, high: int) -> list[tuple[Any, ...]]:
    placeholder = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    return _driver_fetch(connection, sql.format(p=placeholder), (low, high))


def _attach(customers: dict[int, ExportCustomer], rows: list[tuple[Any, ...]], attribute: str,
            primary: int) -> None:
    for cid, group in groupby(rows, _FIRST):  # rows come ordered by customer
        customer = customers.get(cid)
        if customer is not None:
            points = list(group)
            if len(points) > 1 and not points[0][primary]:
                points.sort(key=lambda p: not p[primary])  # primary first; the rest keep their order
            setattr(customer, attribute, points)


def _point_rows(connection: Connection, sql: str, customers: dict[int, ExportCustomer], low: int,
                high: int) -> list[tuple[Any, ...]]:
    if len(customers) * 10 >= (high - low + 1) * 7:
        return _range_rows(connection, sql, low, high)
    # A filter left most of the range out: ask for the chosen customers only. The ids are our
    # own integers, so writing them into the SQL is safe and spares thousands of parameters.
    ids = ",".join(str(int(cid)) for cid in customers)
    in_list = sql.replace("customer_id >= {p} AND customer_id <= {p}", f"customer_id IN ({ids})")
    return _driver_fetch(connection, in_list, ())


def _attach_emails(connection: Connection, customers: dict[int, ExportCustomer], low: int, high: int) -> None:
    _attach(customers, _point_rows(connection, _EMAILS_SQL, customers, low, high), "emails", E_PRIMARY)


def _attach_phones(connection: Connection, customers: dict[int, ExportCustomer], low: int, high: int) -> None:
    _attach(customers, _point_rows(connection, _PHONES_SQL, customers, low, high), "phones", P_PRIMARY)


def _attach_addresses(connection: Connection, customers: dict[int, ExportCustomer], low: int, high: int) -> None:
    _attach(customers, _point_rows(connection, _ADDRESSES_SQL, customers, low, high), "addresses", A_PRIMARY)


def _merged_into_map(session: Session) -> dict[int, list[int]]:
    """Golden customer → the merged-away customers that live on in it (chains followed)."""
    direct = dict(session.execute(select(Customer.id, Customer.merged_into_id)
                                  .where(Customer.merged_into_id.isnot(None))).all())
    resolved: dict[int, list[int]] = {}
    for start in direct:
        seen = {start}
        current = direct[start]
        while current in direct and current not in seen:
            seen.add(current)
            current = direct[current]
        resolved.setdefault(current, []).append(start)
    return resolved


def _attach_records(session: Connection, customers: dict[int, ExportCustomer], low: int, high: int,
                    merged: dict[int, list[int]], needs: Needs) -> None:
    absorbed = [old for survivor in customers for old in merged.get(survivor, ())]
    condition = _in_range(SourceRecord.customer_id, low, high)
    if absorbed:
        condition = condition | SourceRecord.customer_id.in_(absorbed)
    if not needs.records:  # only the source names: no batch, no per-record rows
        names = (select(SourceRecord.customer_id, Source.name).join(Source, Source.id == SourceRecord.source_id)
                 .where(condition).group_by(SourceRecord.customer_id, Source.name)
                 .order_by(SourceRecord.customer_id, func.min(SourceRecord.id)))
        survivors = {old: survivor for survivor in customers for old in merged.get(survivor, ())}
        for customer_id, source in session.execute(names):
            customer = customers.get(survivors.get(customer_id, customer_id))
            if customer is not None and source not in customer.sources:
                customer.sources = [*customer.sources, source]
        return
    survivors = {old: survivor for survivor in customers for old in merged.get(survivor, ())}
    statement = (select(SourceRecord.customer_id, Source.name, SourceRecord.source_key, ImportBatch.file_name,
                        SourceRecord.record_no)
                 .join(Source, Source.id == SourceRecord.source_id)
                 .outerjoin(*sighting(SourceRecord))
                 .join(ImportBatch, ImportBatch.id == last_seen_batch(SourceRecord))
                 .where(condition).order_by(SourceRecord.id))
    merged = survivors
    for customer_id, source, key, file_name, record_no in session.execute(statement):
        customer = customers.get(merged.get(customer_id, customer_id))
        if customer is None:
            continue
        if needs.sources and source not in customer.sources:
            customer.sources = [*customer.sources, source]
        if needs.records:
            if not customer.records:
                customer.records = []
            customer.records.append(RecordLink(source, key, file_name, record_no))


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
