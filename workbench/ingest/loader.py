"""Writing standardized records into the master as source records and golden customers.

A new record becomes a source record and its own customer (ready for matching). A record
seen before (same source and key) with the same content is left alone; with new content its
source record is updated, the change is written to the audit log, and the customer's values
that came from it follow.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.progress import NO_PROGRESS, Progress
from workbench.standardize.record import StandardRecord
from workbench.store import audit
from workbench.store.customers import refresh_derived
from workbench.store.models import (
    Address,
    Customer,
    Email,
    ImportBatch,
    Phone,
    Source,
    SourceRecord,
    utcnow,
)

CUSTOMER_FIELDS = ("kind", "title", "first_name", "middle_name", "last_name", "suffix", "company",
                   "job_title", "notes")
DATE_FIELDS = ("birth_date",)
DATETIME_FIELDS = ("created_at", "last_order_at")


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
    customer_ids: list[int] = field(default_factory=list)  # new or changed customers, for matching

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("read", "new", "updated", "unchanged", "duplicates", "rejected")}


def content_hash(raw: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _record_payload(record: StandardRecord) -> dict[str, Any]:
    return {
        "fields": record.fields,
        "emails": [vars(e) for e in record.emails],
        "phones": [vars(p) for p in record.phones],
        "addresses": [vars(a) for a in record.addresses],
        "attributes": record.attributes,
    }


def _customer_values(record: StandardRecord) -> dict[str, Any]:
    f = record.fields
    values: dict[str, Any] = {name: f.get(name) for name in CUSTOMER_FIELDS}
    values["kind"] = f.get("kind") or "person"
    values["birth_date"] = date.fromisoformat(f["birth_date"]) if f.get("birth_date") else None
    values["first_seen_at"] = datetime.fromisoformat(f["created_at"]) if f.get("created_at") else None
    values["last_order_at"] = datetime.fromisoformat(f["last_order_at"]) if f.get("last_order_at") else None
    values["order_count"] = f.get("order_count")
    values["total_spent"] = f.get("total_spent")
    values["marketing_consent"] = f.get("marketing_consent") or "unknown"
    values["tags"] = list(f.get("tags") or [])
    values["attributes"] = dict(record.attributes)
    if f.get("external_id"):
        values["attributes"].setdefault("external_id", f["external_id"])
    return values


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
    customer = Customer(**_customer_values(record))
    customer.emails, customer.phones, customer.addresses = _contact_points(record, source_record)
    now = utcnow()
    customer.created_at = customer.updated_at = now
    refresh_derived(customer)
    return customer


CHUNK = 1000


def _chunks(items: Iterable[LoadItem], size: int) -> Iterator[list[LoadItem]]:
    chunk: list[LoadItem] = []
    for item in items:
        chunk.append(item)
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
    items: Iterable[LoadItem],
    total: int = 0,
    progress: Progress = NO_PROGRESS,
) -> LoadCounts:
    """Add or update records of one batch. Runs inside the caller's transaction."""
    counts = LoadCounts()
    seen_in_file: set[str] = set()
    for chunk in _chunks(items, CHUNK):
        keyed: list[tuple[LoadItem, str, str]] = []
        for item in chunk:
            digest = content_hash(item.raw)
            key = item.key or digest
            if key in seen_in_file:
                counts.duplicates += 1
                continue
            seen_in_file.add(key)
            keyed.append((item, key, digest))
        with session.no_autoflush:
            existing = {
                record.source_key: record
                for record in session.scalars(select(SourceRecord).where(
                    SourceRecord.source_id == source.id,
                    SourceRecord.source_key.in_([key for _, key, _ in keyed])))
            }
            for item, key, digest in keyed:
                payload = _record_payload(item.record)
                found = existing.get(key)
                if found is None:
                    source_record = SourceRecord(
                        source_id=source.id, batch=batch, record_no=item.record_no, source_key=key,
                        record_hash=digest, raw=item.raw, fields=payload, issues=item.record.issues or None,
                    )
                    customer = new_customer(item.record, source_record)
                    source_record.customer = customer
                    session.add_all([customer, source_record])
                    counts.new += 1
                elif found.record_hash == digest:
                    found.last_batch_id = batch.id
                    found.record_no = item.record_no
                    counts.unchanged += 1
                else:
                    _update(session, found, item, payload, digest, batch)
                    counts.updated += 1
                    if found.customer_id:
                        counts.customer_ids.append(found.customer_id)
        session.flush()
        counts.read += len(chunk)
        progress(counts.read, total, f"Loaded {counts.read:,} records")
    return counts


def _update(session: Session, existing: SourceRecord, item: LoadItem, payload: dict[str, Any],
            digest: str, batch: ImportBatch) -> None:
    old_fields = dict(existing.fields.get("fields", {}))
    new_fields = payload["fields"]
    changed = {k: (old_fields.get(k), new_fields.get(k))
               for k in set(old_fields) | set(new_fields) if old_fields.get(k) != new_fields.get(k)}
    audit.log(session, "reimport", "source_record", existing.id, old=existing.raw, new=item.raw,
              details={"batch_id": batch.id, "changed_fields": sorted(changed)})
    existing.raw = item.raw
    existing.fields = payload
    existing.record_hash = digest
    existing.issues = item.record.issues or None
    existing.record_no = item.record_no
    existing.last_batch_id = batch.id
    existing.updated_at = utcnow()
    customer = existing.customer
    if customer is None:
        return
    new_values = _customer_values(item.record)
    old_values = _customer_values(_as_record(old_fields))
    for name, value in new_values.items():
        # A value the customer got from this record follows it; one a steward or another source
        # set is left alone.
        if name in ("attributes", "tags"):
            continue
        if getattr(customer, name) == old_values.get(name) and value != old_values.get(name):
            audit.log(session, "reimport", "customer", customer.id, field=name,
                      old=_jsonable(getattr(customer, name)), new=_jsonable(value))
            setattr(customer, name, value)
    for points in (customer.emails, customer.phones, customer.addresses):
        for point in [p for p in points if p.source_record_id == existing.id]:
            points.remove(point)
    emails, phones, addresses = _contact_points(item.record, existing)
    known_emails = {e.normalized for e in customer.emails}
    customer.emails.extend(e for e in emails if e.normalized not in known_emails)
    known_phones = {p.e164 or p.number for p in customer.phones}
    customer.phones.extend(p for p in phones if (p.e164 or p.number) not in known_phones)
    customer.addresses.extend(addresses)
    customer.updated_at = utcnow()
    refresh_derived(customer)


def _as_record(fields: dict[str, Any]) -> StandardRecord:
    return StandardRecord(fields=fields)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value
