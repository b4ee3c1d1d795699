"""Retention: customers with no activity for years, whom a business should stop keeping.

Activity is the newest of: the customer's last change (an edit, a merge, a re-import that
changed them), their last order, and the last import that still held one of their records. A
status recomputed by the calendar is no activity of the customer's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from workbench.quality.profile import months_before
from workbench.store.export_rows import golden
from workbench.store.filters import CustomerFilter
from workbench.store.models import Customer, ImportBatch, SourceRecord, format_master_number, utcnow
from workbench.store.sightings import last_seen_batch, sighting

LIMIT = 100_000


@dataclass(frozen=True)
class Inactive:
    id: int
    name: str
    email: str | None
    last_activity: datetime | None

    @property
    def master_number(self) -> str:
        return format_master_number(self.id)


def customer_ids(session: Session, filters: Sequence[CustomerFilter]) -> list[int]:
    dialect = session.get_bind().dialect.name
    return list(session.scalars(select(Customer.id).where(golden(filters, dialect)).order_by(Customer.id)))


def inactive(session: Session, *, years: int = 0, months: int = 0, now: datetime | None = None,
             limit: int = LIMIT) -> list[Inactive]:
    """Golden customers without activity for `years` years and `months` months, the longest inactive first."""
    cutoff = months_before(now or utcnow(), years * 12 + months)
    seen = func.max(ImportBatch.started_at)
    rows = session.execute(
        select(Customer.id, Customer.display_name, Customer.primary_email, Customer.updated_at,
               Customer.last_order_at, seen)
        .outerjoin(SourceRecord, SourceRecord.customer_id == Customer.id)
        .outerjoin(*sighting(SourceRecord))
        .outerjoin(ImportBatch, ImportBatch.id == last_seen_batch(SourceRecord))
        .where(Customer.merged_into_id.is_(None), Customer.updated_at < cutoff,
               or_(Customer.last_order_at.is_(None), Customer.last_order_at < cutoff))
        .group_by(Customer.id, Customer.display_name, Customer.primary_email, Customer.updated_at,
                  Customer.last_order_at)
        .having(or_(seen.is_(None), seen < cutoff))
        .order_by(Customer.updated_at, Customer.id).limit(limit))
    found = []
    for cid, name, email, updated, ordered, last_seen in rows:
        latest = max(d for d in (updated, ordered, last_seen) if d is not None) if (updated or ordered or last_seen) \
            else None
        found.append(Inactive(cid, name, email, latest))
    return found
