"""Writing standardized records into the master as source records and golden customers.

A new record becomes a source record and its own customer (ready for matching), written in
bulk. A record seen before (same source and key) with the same content is left alone; with
new content its source record is updated, the change is written to the audit log, and the
customer's values that came from it follow. Rows repeated within one file are collapsed.
Everything runs inside the caller's transaction: all of a batch is kept, or none of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session, selectinload

from workbench.ingest.bulk import BulkWriter
from workbench.ingest.prepare import (
    ADDRESS_COLUMNS,
    CUSTOMER_COLUMNS,
    EMAIL_COLUMNS,
    PHONE_COLUMNS,
    Prepared,
    content_hash,
    customer_values,
    prepare,
    record_from_payload,
)
from workbench.ingest.stages import FINISH, NO_CLOCK, WRITE, StageClock, now
from workbench.ingest.stored import stored_datetime
from workbench.progress import NO_PROGRESS, Progress
from workbench.standardize.record import StandardRecord
from workbench.store import audit, sightings
from workbench.store.compact import headings_digest
from workbench.store.customers import refresh_derived
from workbench.store.models import (
    Address,
    Customer,
    Email,
    ImportBatch,
    Phone,
    RawHeadings,
    Source,
    SourceRecord,
    utcnow,
)

__all__ = ["CHUNK", "LoadCounts", "LoadItem", "content_hash", "load", "new_customer"]

CHUNK = 2000


@dataclass
class LoadItem:
    record_no: int
    raw: dict[str, Any]
    record: StandardRecord
    key: str | None = None  # the source's own id for this record; None → keyed by content


@dataclass
class LoadCounts:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    held_back: int = 0  # new rows of people an import must not bring back (see privacy.suppression)
    customer_ids: list[int] = field(default_factory=list)  # new or changed customers, for matching
    rejects: list[dict[str, Any]] = field(default_factory=list)  # {"row": n, "reason": "…"}

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("read", "new", "updated", "unchanged", "duplicates", "rejected",
                                              "held_back")}

    def reject(self, row: int, reason: str) -> None:
        self.rejected += 1
        self.rejects.append({"row": row, "reason": reason})


def _chunks(items: Iterable[LoadItem | Prepared], size: int) -> Iterator[list[Prepared]]:
    chunk: list[Prepared] = []
    for item in items:
        chunk.append(item if isinstance(item, Prepared) else prepare(item.record_no, item.raw, item.record, item.key))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def load(
    session: Session,
    *,
    source: Source,
    batch: ImportBatch,
    items: Iterable[LoadItem | Prepared],
    total: int = 0,
    progress: Progress = NO_PROGRESS,
    dry_run: bool = False,
    counts: LoadCounts | None = None,
    written: Callable[[list[int]], object] | None = None,
    screen: Callable[[list[Prepared]], list[Prepared]] | None = None,
    clock: StageClock = NO_CLOCK,
) -> LoadCounts:
    """Add or update the records of one batch, inside the caller's transaction.

    With `dry_run` nothing is written; the counts say what an import would do. `written` is
    given the customers each chunk added or changed, as soon as they are written (not on a dry
    run): work on them then finds their pages in memory, and is done while the workers are
    still standardizing, not after the last row on one core. `screen` is given the new records
    of each chunk and returns those that may be written (the rest are counted as held back).
    """
    counts = counts if counts is not None else LoadCounts()
    if batch.id is None:
        session.flush()
    writer = None if dry_run else BulkWriter(session, rows_hint=total)
    with writer or _nothing():
        _load_chunks(session, source, batch, items, total, progress, counts, writer, written, screen, clock)
        finishing = now()
    clock.add(FINISH, now() - finishing)
    return counts


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _load_chunks(session: Session, source: Source, batch: ImportBatch, items: Iterable[LoadItem | Prepared],
                 total: int, progress: Progress, counts: LoadCounts, writer: BulkWriter | None,
                 written: Callable[[list[int]], object] | None,
                 screen: Callable[[list[Prepared]], list[Prepared]] | None, clock: StageClock) -> None:
    dry_run = writer is None
    # key → (content << 32 | row) of its first row in this file; packed into one int to keep a
    # million rows in about 100 MB.
    seen: dict[int, int] = {}
    updated_customers: set[int] = set()
    headings: dict[tuple[str, ...], int] = {}  # a file's headings → their row, found or written once
    known_before = source.id is not None and session.scalar(
        select(SourceRecord.id).where(SourceRecord.source_id == source.id,
                                      SourceRecord.batch_id != batch.id).limit(1)) is not None
    for chunk in _chunks(items, CHUNK):
        writing = now()
        fresh: list[Prepared] = []
        for item in chunk:
            key_hash, content = item.key_hash, item.content
            row = item.row or item.record_no
            first = seen.get(key_hash)
            if first is None:
                seen[key_hash] = content << 32 | min(row, 0xFFFFFFFF)
                fresh.append(item)
            elif first >> 32 == content:
                counts.duplicates += 1
            else:
                counts.reject(row, f"same key {item.key!r} as row {first & 0xFFFFFFFF}, with other values")
        existing: dict[str, tuple[int, str, int | None]] = {}  # key → id, content hash, place in its file
        if known_before and fresh:
            # Records found unchanged while the file was read come with their id: no need to ask again.
            existing = {i.key: (i.record_id, i.digest, i.record_no if i.same_place else None)
                        for i in fresh if i.record_id is not None}
            asked = [i.key for i in fresh if i.record_id is None]
            if asked:
                existing.update({key: (record_id, digest, record_no) for record_id, key, digest, record_no in
                                 session.execute(select(SourceRecord.id, SourceRecord.source_key,
                                                        SourceRecord.record_hash, SourceRecord.record_no).where(
                                     SourceRecord.source_id == source.id, SourceRecord.source_key.in_(asked)))})
        new = [i for i in fresh if i.key not in existing]
        if screen is not None and new:
            kept = screen(new)
            counts.held_back += len(new) - len(kept)
            new = kept
        unchanged = [(existing[i.key][0], i) for i in fresh if i.key in existing and existing[i.key][1] == i.digest]
        changed = [(existing[i.key][0], i) for i in fresh if i.key in existing and existing[i.key][1] != i.digest]
        counts.new += len(new)
        counts.unchanged += len(unchanged)
        counts.updated += len(changed)
        if writer is not None:
            done_before = len(counts.customer_ids)
            counts.customer_ids.extend(_insert_new(writer, source, batch, new, _headings_ids(session, headings, new)))
            if unchanged:
                _seen_again(session, batch.id, unchanged,
                            [(rid, item) for rid, item in unchanged if existing[item.key][2] != item.record_no])
            if changed:
                # A customer changed by several records is named once; new customers are unique anyway.
                ids = _headings_ids(session, headings, [item for _rid, item in changed])
                for customer_id in _update_changed(session, batch, changed, ids):
                    if customer_id not in updated_customers:
                        updated_customers.add(customer_id)
                        counts.customer_ids.append(customer_id)
                # The changed records' contact points took ids the writer had not handed out yet.
                writer.forget_ids()
            clock.add(WRITE, now() - writing)
            if written is not None and len(counts.customer_ids) > done_before:
                written(counts.customer_ids[done_before:])
        else:
            clock.add(WRITE, now() - writing)
        counts.read += len(chunk)
        progress(counts.read, total, f"{'Checked' if dry_run else 'Imported'} {counts.read:,} records")


def _seen_again(session: Session, batch_id: int, unchanged: list[tuple[int, Prepared]],
                moved: list[tuple[int, Prepared]]) -> None:
    """Unchanged records: seen in this batch (`sightings`), and those read from another place in the
    file than last time get their new place. Their own rows are left as they are otherwise."""
    sightings.seen(session, batch_id, [rid for rid, _item in unchanged])
    if not moved:
        return
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.connection.driver_connection.executemany(  # type: ignore[union-attr]
            "UPDATE source_records SET record_no = ? WHERE id = ?", [(item.record_no, rid) for rid, item in moved])
        return
    table = SourceRecord.__table__
    connection.execute(update(table).where(table.c.id == bindparam("record_id")).values(record_no=bindparam("no")),
                       [{"record_id": rid, "no": item.record_no} for rid, item in moved])


def _headings_ids(session: Session, known: dict[tuple[str, ...], int], items: list[Prepared]) -> list[int | None]:
    """The id of each item's headings (None for a record kept as a dict), written the first time they are met."""
    out: list[int | None] = []
    for item in items:
        names = item.headings
        if names is None:
            out.append(None)
            continue
        found = known.get(names)
        if found is None:
            digest = headings_digest(names)
            found = session.scalar(select(RawHeadings.id).where(RawHeadings.digest == digest))
            if found is None:
                row = RawHeadings(digest=digest, names=list(names))
                session.add(row)
                session.flush()
                found = row.id
            known[names] = found
        out.append(found)
    return out


def _insert_new(writer: BulkWriter, source: Source, batch: ImportBatch, items: list[Prepared],
                headings: list[int | None]) -> list[int]:
    if not items:
        return []
    now = stored_datetime(utcnow())  # the records arrive in stored form; so does the time they share
    source_id, batch_id = source.id, batch.id
    writer.adding(len(items))
    customer_ids = writer.ids(Customer.__table__, len(items))
    record_ids = writer.ids(SourceRecord.__table__, len(items))
    writer.insert(Customer.__table__, ("id", *CUSTOMER_COLUMNS, "created_at", "updated_at"),
                  [(cid, *item.customer, now, now) for cid, item in zip(customer_ids, items, strict=True)])
    writer.index_for_search([(cid, item.search_text) for cid, item in zip(customer_ids, items, strict=True)])
    writer.insert(SourceRecord.__table__,
                  ("id", "source_id", "batch_id", "last_batch_id", "record_no", "source_key", "record_hash", "packed",
                   "headings_id", "issues", "customer_id", "created_at", "updated_at"),
                  [(rid, source_id, batch_id, batch_id, item.record_no, item.key, item.digest, item.packed, hid,
                    item.issues_json, cid, now, now)
                   for rid, cid, item, hid in zip(record_ids, customer_ids, items, headings, strict=True)])
    for model, columns, attribute in ((Email, EMAIL_COLUMNS, "emails"), (Phone, PHONE_COLUMNS, "phones"),
                                      (Address, ADDRESS_COLUMNS, "addresses")):
        rows = [(cid, rid, *point, now) for rid, cid, points in zip(
            record_ids, customer_ids, (getattr(item, attribute) for item in items), strict=True) for point in points]
        ids = writer.ids(model.__table__, len(rows))
        writer.insert(model.__table__, ("id", "customer_id", "source_record_id", *columns, "created_at"),
                      [(pid, *row) for pid, row in zip(ids, rows, strict=True)])
    return customer_ids


def _update_changed(session: Session, batch: ImportBatch, changed: list[tuple[int, Prepared]],
                    headings: list[int | None]) -> list[int]:
    records = {r.id: r for r in session.scalars(
        select(SourceRecord).where(SourceRecord.id.in_([rid for rid, _ in changed])).options(
            selectinload(SourceRecord.customer).selectinload(Customer.emails),
            selectinload(SourceRecord.customer).selectinload(Customer.phones),
            selectinload(SourceRecord.customer).selectinload(Customer.addresses)))}
    touched: list[int] = []
    sightings.written(session, list(records))
    for (record_id, item), headings_id in zip(changed, headings, strict=True):
        existing = records[record_id]
        _update(session, existing, item, batch, headings_id)
        if existing.customer_id is not None:
            touched.append(existing.customer_id)
    session.flush()
    return touched


def _contact_points(record: StandardRecord, source_record: SourceRecord | None) -> tuple[list, list, list]:
    emails = [Email(address=e.address, normalized=e.normalized, kind=e.kind, is_valid=e.is_valid,
                    problem=e.problem, source_record=source_record) for e in record.emails]
    phones = [Phone(number=p.number, e164=p.e164, kind=p.kind, is_valid=p.is_valid, problem=p.problem,
                    source_record=source_record) for p in record.phones]
    addresses = [Address(kind=a.kind, street=a.street, street2=a.street2, city=a.city, region=a.region,
                         postcode=a.postcode, country=a.country, is_valid=a.is_valid, problem=a.problem,
                         source_record=source_record) for a in record.addresses]
    return emails, phones, addresses


def new_customer(record: StandardRecord, source_record: SourceRecord | None = None) -> Customer:
    """A golden record built from one standardized record, through the ORM (for single records)."""
    customer = Customer(**customer_values(record))
    customer.emails, customer.phones, customer.addresses = _contact_points(record, source_record)
    now = utcnow()
    customer.created_at = customer.updated_at = now
    refresh_derived(customer)
    return customer


def _update(session: Session, existing: SourceRecord, item: Prepared, batch: ImportBatch,
            headings_id: int | None = None) -> None:
    old_record = record_from_payload(existing.fields)
    new_record = record_from_payload(item.payload)
    old_fields, new_fields = old_record.fields, new_record.fields
    changed = sorted(k for k in set(old_fields) | set(new_fields) if old_fields.get(k) != new_fields.get(k))
    old_raw, new_raw = existing.raw, item.raw  # each unpacked once
    changed_cells = sorted(k for k in set(old_raw) | set(new_raw) if old_raw.get(k) != new_raw.get(k))
    audit.log(session, "reimport", "source_record", existing.id,
              old={k: old_raw.get(k) for k in changed_cells}, new={k: new_raw.get(k) for k in changed_cells},
              details={"batch_id": batch.id, "changed_fields": changed, "changed_columns": changed_cells})
    # The record takes the row as the import packed it: its cells (under these headings, or as a
    # dict without them) and its payload.
    existing.packed = item.packed
    existing.headings = session.get(RawHeadings, headings_id) if headings_id is not None else None
    existing.record_hash = item.digest
    existing.issues = item.issues
    existing.record_no = item.record_no
    existing.last_batch_id = batch.id
    existing.updated_at = utcnow()
    customer = existing.customer
    if customer is None:
        return
    new_values = customer_values(new_record)
    old_values = customer_values(old_record)
    for name, value in new_values.items():
        # A value the customer got from this record follows it; one a steward or another source
        # set is left alone.
        if name in ("attributes", "tags"):
            current = getattr(customer, name)
            merged = _follow_collection(current, old_values[name], value)
            if merged != current:
                audit.log(session, "reimport", "customer", customer.id, field=name, old=current, new=merged)
                setattr(customer, name, merged)
            continue
        if getattr(customer, name) == old_values.get(name) and value != old_values.get(name):
            audit.log(session, "reimport", "customer", customer.id, field=name,
                      old=_jsonable(getattr(customer, name)), new=_jsonable(value))
            setattr(customer, name, value)
    for points in (customer.emails, customer.phones, customer.addresses):
        for point in [p for p in points if p.source_record_id == existing.id]:
            points.remove(point)
    emails, phones, addresses = _contact_points(new_record, existing)
    known_emails = {e.normalized for e in customer.emails}
    customer.emails.extend(e for e in emails if e.normalized not in known_emails)
    known_phones = {p.e164 or p.number for p in customer.phones}
    customer.phones.extend(p for p in phones if (p.e164 or p.number) not in known_phones)
    customer.addresses.extend(addresses)
    customer.updated_at = utcnow()
    refresh_derived(customer)


def _follow_collection(current: Any, old: Any, new: Any) -> Any:
    """Tags and attributes: what this record had before is replaced by what it has now; the rest stays."""
    if isinstance(current, dict):
        merged = {k: v for k, v in current.items() if not (k in old and old[k] == v and k not in new)}
        for k, v in new.items():
            if k not in merged or merged[k] == old.get(k):
                merged[k] = v
        return merged
    current = list(current or [])
    merged_list = [t for t in current if t not in old or t in new]
    merged_list.extend(t for t in new if t not in merged_list)
    return merged_list


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value
