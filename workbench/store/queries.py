"""Read queries the screens and the command line share. Views never write SQL themselves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from workbench.store import search
from workbench.store.compact import raw_dict
from workbench.store.filters import CustomerFilter
from workbench.store.models import (
    Customer,
    ImportBatch,
    MatchCandidate,
    RawHeadings,
    Source,
    SourceRecord,
)
from workbench.store.record_packing import raw_cells_of
from workbench.store.sightings import last_seen_batch, sighting

# Sortable columns of the customers list → the customer column SQL sorts by (indexed).
SORT_COLUMNS = {
    "master_number": Customer.id,
    "name": Customer.sort_name,
    "company": Customer.company,
    "email": Customer.primary_email,
    "phone": Customer.primary_phone,
    "city": Customer.primary_city,
    "country": Customer.primary_country,
    "status": Customer.status,
    "updated": Customer.updated_at,
}

LIST_COLUMNS = (Customer.id, Customer.display_name, Customer.company, Customer.primary_email,
                Customer.primary_phone, Customer.primary_city, Customer.primary_country, Customer.status,
                Customer.status_override, Customer.updated_at, Customer.kind)


@dataclass(frozen=True)
class CustomerRow:
    id: int
    display_name: str
    company: str | None
    email: str | None
    phone: str | None
    city: str | None
    country: str | None
    status: str | None
    updated_at: datetime | None
    kind: str
    in_review: bool = False  # in a group of possible duplicates waiting for review


@dataclass(frozen=True)
class CustomerListQuery:
    """What the customers list shows: a search text, a sort, and a filter (a segment, later)."""

    text: str = ""
    sort: str = "name"
    descending: bool = False
    filter: CustomerFilter = field(default_factory=CustomerFilter)

    def _base(self, dialect: str, session: Session) -> Select[Any]:
        statement = select(Customer.id).where(Customer.merged_into_id.is_(None))
        if not self.filter.is_empty():
            statement = statement.where(self.filter.clause(dialect))
        text = self.text.strip()
        if text:
            number = search.master_number_in(text)
            if number is not None:
                return statement.where(Customer.id == resolve_customer_id(session, number))
            clause = search.matches(dialect, text)
            if clause is not None:
                statement = statement.where(clause)
        return statement

    def count(self, session: Session) -> int:
        base = self._base(session.get_bind().dialect.name, session)
        return session.scalar(select(func.count()).select_from(base.subquery())) or 0

    def rows(self, session: Session, offset: int, limit: int) -> list[CustomerRow]:
        dialect = session.get_bind().dialect.name
        column = SORT_COLUMNS.get(self.sort, Customer.sort_name)
        order = [column.desc(), Customer.id.desc()] if self.descending else [column.asc(), Customer.id.asc()]
        # Page the ids first: the sort indexes cover (merged_into_id, sort column, id), so skipping
        # half a million rows never touches the table; then read the page's rows by id.
        ids = list(session.scalars(self._base(dialect, session).order_by(*order).offset(offset).limit(limit)))
        if not ids:
            return []
        found = {r.id: r for r in session.execute(select(*LIST_COLUMNS).where(Customer.id.in_(ids)))}
        is_open = MatchCandidate.status == "open"
        in_review = set(session.scalars(select(MatchCandidate.customer_a_id).where(
            is_open, MatchCandidate.customer_a_id.in_(ids)))) | set(session.scalars(select(
                MatchCandidate.customer_b_id).where(is_open, MatchCandidate.customer_b_id.in_(ids))))
        return [
            CustomerRow(r.id, r.display_name, r.company, r.primary_email, r.primary_phone, r.primary_city,
                        r.primary_country, r.status_override or r.status, r.updated_at, r.kind, r.id in in_review)
            for r in (found[i] for i in ids if i in found)
        ]


def resolve_customer_id(session: Session, customer_id: int) -> int:
    """Follow merges: a merged-away customer resolves to the customer it lives on in."""
    seen = {customer_id}
    current = customer_id
    while True:
        merged_into = session.scalar(select(Customer.merged_into_id).where(Customer.id == current))
        if merged_into is None or merged_into in seen:
            return current
        seen.add(merged_into)
        current = merged_into


@dataclass
class MasterCounts:
    sources: int = 0
    import_batches: int = 0
    source_records: int = 0
    customers: int = 0
    open_candidates: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


def master_counts(session: Session) -> MasterCounts:
    return MasterCounts(
        sources=session.scalar(select(func.count(Source.id))) or 0,
        import_batches=session.scalar(select(func.count(ImportBatch.id))) or 0,
        source_records=session.scalar(select(func.count(SourceRecord.id))) or 0,
        customers=session.scalar(select(func.count(Customer.id)).where(Customer.merged_into_id.is_(None))) or 0,
        open_candidates=session.scalar(
            select(func.count(MatchCandidate.id)).where(MatchCandidate.status == "open")) or 0,
    )


@dataclass
class SourceRecordView:
    id: int
    source: str
    file_name: str
    record_no: int | None
    source_key: str
    imported_at: datetime
    raw: dict[str, Any]


@dataclass
class CustomerDetail:
    customer: Customer
    source_records: list[SourceRecordView] = field(default_factory=list)
    merged_numbers: list[str] = field(default_factory=list)


def customer_detail(session: Session, customer_id: int) -> CustomerDetail | None:
    """Everything the detail panel shows about one customer, loaded in a few queries."""
    customer = session.scalar(
        select(Customer).where(Customer.id == customer_id).options(
            selectinload(Customer.emails), selectinload(Customer.phones), selectinload(Customer.addresses)))
    if customer is None:
        return None
    rows = session.execute(
        select(SourceRecord.id, Source.name, ImportBatch.file_name, SourceRecord.record_no, SourceRecord.source_key,
               ImportBatch.started_at, SourceRecord.packed, RawHeadings.names)
        .join(Source, Source.id == SourceRecord.source_id)
        .outerjoin(*sighting(SourceRecord)).join(ImportBatch, ImportBatch.id == last_seen_batch(SourceRecord))
        .outerjoin(RawHeadings, RawHeadings.id == SourceRecord.headings_id)
        .where(SourceRecord.customer_id == customer_id)
        .order_by(SourceRecord.id))
    records = [SourceRecordView(*row[:-2], raw_dict(raw_cells_of(row[-2]), row[-1])) for row in rows]
    merged = session.scalars(select(Customer.id).where(Customer.merged_into_id == customer_id)
                             .order_by(Customer.id))
    return CustomerDetail(customer, records, [f"C-{i:06d}" for i in merged])
