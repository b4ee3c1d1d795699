"""Which customers each export carried, so a person can be told where their data went (subject
access) and a steward knows which systems to ask to erase them too (erasure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from workbench.store import audit
from workbench.store.models import AuditEntry, ExportLog, ExportLogCustomer, utcnow

BATCH = 20_000


@dataclass(frozen=True)
class ExportSeen:
    id: int
    at: datetime
    preset: str
    tool: str | None
    file: str | None
    rows: int


def record(session: Session, *, preset: str, tool: str | None, file: str | None, rows: int,
           customer_ids: Iterable[int]) -> int:
    entry = ExportLog(at=utcnow(), actor=audit.current_actor(), preset=preset, tool=tool, file=file, rows=rows)
    session.add(entry)
    session.flush()
    ids = iter(sorted(set(customer_ids)))
    table = ExportLogCustomer.__table__
    while batch := list(islice(ids, BATCH)):
        session.execute(insert(table), [{"export_id": entry.id, "customer_id": i} for i in batch])
    return entry.id


def exports_of(session: Session, ids: Iterable[int]) -> list[ExportSeen]:
    """The exports that carried any of these customers, oldest first."""
    rows = session.execute(select(ExportLog.id, ExportLog.at, ExportLog.preset, ExportLog.tool, ExportLog.file,
                                  ExportLog.rows)
                           .where(ExportLog.id.in_(select(ExportLogCustomer.export_id)
                                                   .where(ExportLogCustomer.customer_id.in_(list(ids)))))
                           .order_by(ExportLog.at, ExportLog.id))
    return [ExportSeen(*row) for row in rows]


def unlogged_exports(session: Session) -> int:
    """Exports written before the export log existed: whom they carried is not known."""
    logged = session.scalar(select(func.min(ExportLog.at)))
    statement = select(func.count(AuditEntry.id)).where(AuditEntry.action == "export")
    if logged is not None:
        statement = statement.where(AuditEntry.at < logged)
    return session.scalar(statement) or 0


def forget(session: Session, ids: Iterable[int]) -> None:
    session.execute(delete(ExportLogCustomer).where(ExportLogCustomer.customer_id.in_(list(ids))))
