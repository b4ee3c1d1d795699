"""Hand-made customers for export tests: each one exists to exercise one rule."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from workbench.store.customers import refresh_derived
from workbench.store.master import Master
from workbench.store.models import Address, Customer, Email, ImportBatch, Phone, Source, SourceRecord


def add_customer(master: Master, *, first: str | None = None, last: str | None = None, company: str | None = None,
                 kind: str = "person", consent: str = "granted", dnc: bool = False,
                 emails: list[tuple[str, str] | tuple[str, str, bool]] = (),
                 phones: list[tuple[str, str]] = (),
                 addresses: list[dict[str, Any]] = (), status: str | None = None,
                 birth: date | None = None, attributes: dict[str, Any] | None = None,
                 tags: list[str] | None = None, job_title: str | None = None,
                 source: str | None = None, source_key: str | None = None) -> int:
    with master.transaction() as session:
        customer = Customer(kind=kind, first_name=first, last_name=last, company=company,
                            marketing_consent=consent, do_not_contact=dnc, status=status, birth_date=birth,
                            attributes=attributes or {}, tags=tags or [], roles=[], job_title=job_title)
        for index, item in enumerate(emails):
            address, email_kind, *valid = item
            customer.emails.append(Email(address=address, normalized=address.lower(), kind=email_kind,
                                         is_primary=index == 0, is_valid=valid[0] if valid else True))
        for index, (e164, phone_kind) in enumerate(phones):
            customer.phones.append(Phone(number=e164, e164=e164, kind=phone_kind, is_primary=index == 0))
        for index, values in enumerate(addresses):
            customer.addresses.append(Address(is_primary=index == 0, **values))
        refresh_derived(customer)
        session.add(customer)
        session.flush()
        if source:
            add_record(session, customer.id, source, source_key or f"k{customer.id}")
        return customer.id


def add_record(session, customer_id: int, source_name: str, key: str, record_no: int = 1) -> None:
    source = session.query(Source).filter_by(name=source_name).one_or_none()
    if source is None:
        source = Source(name=source_name)
        session.add(source)
        session.flush()
    batch = ImportBatch(source_id=source.id, file_name=f"{source_name.lower()}.csv")
    session.add(batch)
    session.flush()
    session.add(SourceRecord(source_id=source.id, batch_id=batch.id, source_key=key, record_hash=key, raw={},
                             fields={}, customer_id=customer_id, record_no=record_no))


def read_csv(path: Path, *, delimiter: str = ",") -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def parse_vcards(data: bytes) -> list[list[tuple[str, dict[str, list[str]], str]]]:
    """A small RFC 6350 reader: unfold, split name;params:value, keep values escaped."""
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "bare LF in a vCard"
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
    cards: list[list[tuple[str, dict[str, list[str]], str]]] = []
    current: list[tuple[str, dict[str, list[str]], str]] | None = None
    for line in unfolded.split("\r\n"):
        if not line:
            continue
        head, _, value = line.partition(":")
        name, *raw_params = head.split(";")
        params: dict[str, list[str]] = {}
        for raw in raw_params:
            key, _, values = raw.partition("=")
            params.setdefault(key.upper(), []).extend(v.strip('"') for v in values.split(","))
        if name.upper() == "BEGIN":
            current = []
        elif name.upper() == "END":
            cards.append(current or [])
            current = None
        elif current is not None:
            current.append((name.upper(), params, value))
    return cards


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)
