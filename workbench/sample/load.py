"""Putting generated demo customers into a master, or into files a user can import."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.definitions.statuses import recompute_statuses
from workbench.ingest.loader import LoadCounts, LoadItem, load
from workbench.progress import NO_PROGRESS, Progress
from workbench.sample.generator import SampleRecord, SampleSet
from workbench.standardize.record import standardize_row
from workbench.store.audit import current_actor
from workbench.store.master import Master
from workbench.store.models import ImportBatch, Source, utcnow

# The column headings each demo source uses when written to a file, like the real systems do.
HEADERS = {
    "Webshop": {"first_name": "First Name", "last_name": "Last Name", "company": "Company", "email": "Email",
                "phone": "Phone", "street:billing": "Billing Address1", "postcode:billing": "Billing Zip",
                "city:billing": "Billing City", "country:billing": "Billing Country",
                "street:shipping": "Shipping Address1", "postcode:shipping": "Shipping Zip",
                "city:shipping": "Shipping City", "country:shipping": "Shipping Country",
                "created_at": "Created At", "last_order_at": "Last Order Date", "order_count": "Total Orders",
                "total_spent": "Total Spent", "marketing_consent": "Accepts Email Marketing"},
    "Point of sale": {"full_name": "Kunde", "mobile": "Mobil", "email": "E-Mail", "street": "Straße",
                      "postcode": "PLZ", "city": "Ort", "country": "Land", "birth_date": "Geburtsdatum",
                      "created_at": "Kunde seit", "order_count": "Anzahl Käufe", "total_spent": "Umsatz"},
    "Newsletter": {"email": "Email Address", "first_name": "First Name", "last_name": "Last Name",
                   "marketing_consent": "Status", "created_at": "OPTIN_TIME"},
    "Trade fair leads": {"full_name": "Name", "company": "Company", "job_title": "Job Title",
                         "email:work": "Business Email", "phone:work": "Business Phone", "city": "City",
                         "country": "Country"},
}
TRUST = {"Webshop": 70, "Point of sale": 60, "Newsletter": 40, "Trade fair leads": 30}


def _source(session: Session, name: str) -> Source:
    source = session.scalar(select(Source).where(Source.name == name))
    if source is None:
        source = Source(name=name, kind="sample", trust_rank=TRUST.get(name, 50))
        session.add(source)
        session.flush()
    return source


def _items(records: list[SampleRecord]) -> Iterator[LoadItem]:
    for number, record in enumerate(records, start=1):
        raw = {HEADERS[record.source].get(t, t): v for t, v in record.pairs}
        yield LoadItem(record_no=number, raw=raw, key=f"demo-{record.person_id}-{number}",
                       record=standardize_row(record.pairs))


def load_sample(master: Master, sample: SampleSet, *, progress: Progress = NO_PROGRESS) -> LoadCounts:
    """Load every demo record into the master in one transaction (all or nothing)."""
    total = len(sample.records)
    result = LoadCounts()
    with master.transaction() as session:
        for name, records in sample.by_source().items():
            source = _source(session, name)
            batch = ImportBatch(source=source, file_name=f"Demo data: {name}", format="sample",
                                actor=current_actor(), started_at=utcnow(), status="completed")
            session.add(batch)
            session.flush()
            offset = result.read
            label = f"Loading demo data: {name}"
            step = Progress(lambda done, _total, _message, offset=offset, label=label:
                            progress(offset + done, total, label), progress.is_cancelled)
            counts = load(session, source=source, batch=batch, items=_items(records), total=len(records),
                          progress=step)
            batch.counts = counts.as_dict()
            batch.finished_at = utcnow()
            for key, value in counts.as_dict().items():
                setattr(result, key, getattr(result, key) + value)
        recompute_statuses(session, progress=progress)
        progress(total, total, "Demo data loaded")
    return result


def write_sample(sample: SampleSet, out: Path) -> list[Path]:
    """A CSV per source into a folder, or everything into one CSV (with a Source column)."""
    written: list[Path] = []
    if out.suffix.lower() != ".csv":
        out.mkdir(parents=True, exist_ok=True)
        for name, records in sample.by_source().items():
            path = out / (name.lower().replace(" ", "-") + ".csv")
            headers = HEADERS[name]
            _write(path, list(headers.values()),
                   ({headers[t]: v for t, v in r.pairs if t in headers} for r in records))
            written.append(path)
        return written
    columns = ["Source"]
    for headers in HEADERS.values():
        for target in headers:
            label = _generic_heading(target)
            if label not in columns:
                columns.append(label)
    _write(out, columns, ({"Source": r.source, **{_generic_heading(t): v for t, v in r.pairs}}
                          for r in sample.records))
    return [out]


def _generic_heading(target: str) -> str:
    name, _, kind = target.partition(":")
    label = name.replace("_", " ").capitalize()
    return f"{label} ({kind})" if kind else label


def _write(path: Path, columns: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
