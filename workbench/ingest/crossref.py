"""The cross-reference: for every source record, the master number of the customer it belongs to."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store.models import Customer, ImportBatch, Source, SourceRecord, format_master_number
from workbench.store.sightings import last_seen_batch, sighting

COLUMNS = ("master_number", "source", "file", "record", "source_key")


def _survivors(session: Session) -> dict[int, int]:
    """Merged-away customer → the customer it lives on in (following chains of merges)."""
    merged: dict[int, int] = {row[0]: row[1] for row in session.execute(
        select(Customer.id, Customer.merged_into_id).where(Customer.merged_into_id.isnot(None)))}
    resolved: dict[int, int] = {}
    for start in merged:
        seen = {start}
        current = merged[start]
        while current in merged and merged[current] not in seen:
            seen.add(current)
            current = merged[current]
        resolved[start] = current
    return resolved


def crossref_rows(session: Session) -> Iterator[tuple[str, str, str, int | None, str]]:
    survivors = _survivors(session)
    statement = (
        select(SourceRecord.customer_id, Source.name, ImportBatch.file_name, SourceRecord.record_no,
               SourceRecord.source_key)
        .join(Source, Source.id == SourceRecord.source_id)
        .outerjoin(*sighting(SourceRecord)).join(ImportBatch, ImportBatch.id == last_seen_batch(SourceRecord))
        .order_by(Source.name, SourceRecord.id)
        .execution_options(yield_per=5000))
    for customer_id, source, file_name, record_no, key in session.execute(statement):
        number = format_master_number(survivors.get(customer_id, customer_id)) if customer_id is not None else ""
        yield number, source, file_name, record_no, key


def write_crossref(session: Session, out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in crossref_rows(session):
        writer.writerow(row)
        count += 1
    return count
