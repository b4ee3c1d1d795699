"""How long one merge of a 10-record group takes, and its unmerge.

    python tests/benchmarks/bench_merge.py [--db PATH_OR_URL] [--repeat 5]

Each group is one person as ten source records of five systems write her: names with and
without initials and middle names, e-mails in other cases, phones with and without the
country code, the same address abbreviated, without its street or its house number. Every
repetition merges a fresh group, so no run profits from another's work.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from workbench.ingest.loader import new_customer
from workbench.ingest.prepare import record_payload
from workbench.standardize.record import standardize_row
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.unmerge import unmerge
from workbench.store.master import open_master
from workbench.store.models import ImportBatch, Source, SourceRecord

SOURCES = (("Webshop", 70), ("Point of sale", 60), ("CRM", 55), ("Newsletter", 40), ("Trade fair", 30))


def variants(n: int) -> list[list[tuple[str, str]]]:
    mail = f"anna.mueller{n}@example.de"
    street = f"Hauptstraße {n % 90 + 1}"
    return [
        [("first_name", "Anna"), ("last_name", "Müller"), ("email", mail), ("phone", "+49 30 1234567"),
         ("street:billing", street), ("postcode:billing", "10115"), ("city:billing", "Berlin"),
         ("country:billing", "DE"), ("created_at", "2021-04-12"), ("order_count", "4"), ("total_spent", "120")],
        [("full_name", "Anna Maria Mueller"), ("email", mail.upper()), ("mobile", "0171 2345678"),
         ("street", street.replace("straße", "str.")), ("postcode", "10115"), ("city", "Berlin"),
         ("country", "DE"), ("birth_date", "1984-03-02")],
        [("first_name", "A."), ("last_name", "Müller"), ("email", mail), ("phone", "030 1234567"),
         ("postcode", "10115"), ("city", "Berlin"), ("country", "DE")],
        [("first_name", "Anna"), ("last_name", "Müller"), ("email", f"anna{n}@privat.example"),
         ("marketing_consent", "yes")],
        [("full_name", "Dr. Anna Müller"), ("job_title", "Buyer"), ("email:work", f"a.mueller{n}@firma.example"),
         ("phone:work", "+49 30 7654321"), ("street:work", "Firmenweg 1"), ("postcode:work", "10117"),
         ("city:work", "Berlin"), ("country:work", "DE")],
        [("first_name", "Anna"), ("last_name", "Müller"), ("email", mail), ("street", "Hauptstraße"),
         ("postcode", "10115"), ("city", "Berlin"), ("country", "DE"), ("last_order_at", "2026-01-05"),
         ("order_count", "2")],
        [("first_name", "ANNA"), ("last_name", "MÜLLER"), ("phone", "+49 (0)30 123 45 67"), ("city", "Berlin"),
         ("country", "DE")],
        [("first_name", "Anna"), ("middle_name", "Maria"), ("last_name", "Müller"), ("email", mail),
         ("created_at", "2019-02-01")],
        [("first_name", "Anna"), ("last_name", "Müller"), ("email", mail), ("mobile", "+491712345678"),
         ("street", street), ("postcode", "10115"), ("city", "Berlin"), ("country", "DE")],
        [("first_name", "Anna"), ("last_name", "Müller"), ("company", "Müller Feinkost GmbH"),
         ("email:work", f"a.mueller{n}@firma.example")],
    ]


def add_group(master, n: int) -> list[int]:
    ids = []
    with master.transaction() as session:
        sources = {}
        for name, trust in SOURCES:
            source = session.scalar(select(Source).where(Source.name == name))
            if source is None:
                source = Source(name=name, trust_rank=trust)
                session.add(source)
                session.flush()
            sources[name] = source
        count = session.scalar(select(func.count(SourceRecord.id))) or 0
        for index, pairs in enumerate(variants(n)):
            source = sources[SOURCES[index % len(SOURCES)][0]]
            batch = ImportBatch(source_id=source.id, file_name=f"{source.name}.csv")
            session.add(batch)
            session.flush()
            record = standardize_row(pairs, region="DE")
            link = SourceRecord(source_id=source.id, batch_id=batch.id, source_key=f"k{count + index}",
                                record_hash="x", raw=dict(pairs), fields=record_payload(record))
            customer = new_customer(record, link)
            link.customer = customer
            session.add_all([customer, link])
            session.flush()
            ids.append(customer.id)
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a master (SQLite path or PostgreSQL URL); a temporary SQLite by default")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        master = open_master(args.db or Path(folder) / "merge.sqlite")
        try:
            groups = [add_group(master, n) for n in range(args.repeat + 1)]
            merge_times, unmerge_times, events = [], [], []
            for number, group in enumerate(groups):
                started = time.perf_counter()
                event = master.write(lambda session, group=group: merge_customers(session, MergeRequest(group)))
                elapsed = time.perf_counter() - started
                if number:  # the first one warms up caches and imports
                    merge_times.append(elapsed)
                events.append(event.event_id)
            for number, event_id in enumerate(reversed(events)):
                started = time.perf_counter()
                master.write(lambda session, event_id=event_id: unmerge(session, event_id))
                if number:
                    unmerge_times.append(time.perf_counter() - started)
        finally:
            master.close()
    print(f"   merge of a 10-record group: {statistics.median(merge_times) * 1000:.1f} ms "
          f"(median of {len(merge_times)})")
    print(f"   its unmerge:                {statistics.median(unmerge_times) * 1000:.1f} ms "
          f"(median of {len(unmerge_times)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
