"""Export speed: 1,000,000 golden customers to CSV presets (target: at most 30 s).

    python tests/benchmarks/bench_export.py [--customers N] [--runs R] [--keep DIR]

The master is built with bulk SQL inserts (the generator standardizes every record, far too
slow for a million), with realistic shape: accented names, one or two e-mails, phones for
three in four, an address each, a source record each, consent spread like real lists. It is
kept between runs in --keep (default: a folder in /tmp) so only the first run pays for it.
Prints the median of several runs per preset, in seconds and rows per second.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from workbench.export.run import ExportRequest, export_customers  # noqa: E402
from workbench.store.master import Master, open_master  # noqa: E402

FIRST = ["Zoë", "Jürgen", "Ana", "José", "Marie-Claire", "Søren", "Łukasz", "Giulia", "Emma", "Noah", "Chloé",
         "Hannah", "Luca", "Inês", "Björn", "Oliver"]
LAST = ["Müller", "Schmidt", "García", "Núñez", "Dubois", "Rossi", "de Vries", "O'Brien", "Smith", "Jansen",
        "Kowalski", "Lefèvre", "Fernández", "Bianchi", "Weiß", "van der Berg"]
CITIES = [("Köln", "50667", "DE"), ("München", "80331", "DE"), ("Paris", "75001", "FR"), ("Madrid", "28001", "ES"),
          ("Milano", "20121", "IT"), ("Utrecht", "3511", "NL"), ("London", "SW1A 1AA", "GB"),
          ("Austin", "78701", "US")]
CONSENT = ["granted"] * 55 + ["denied"] * 15 + ["unsubscribed"] * 12 + ["bounced"] * 3 + ["unknown"] * 15
BATCH = 20_000


def build(path: Path, customers: int, seed: int = 1) -> Master:
    master = open_master(path)
    rng = random.Random(seed)
    raw = master.engine.raw_connection()
    cursor = raw.cursor()
    cursor.execute("INSERT INTO sources (id, name, kind, trust_rank, created_at) VALUES (1, 'Webshop', 'file', 50, "
                   "'2026-01-01 00:00:00')")
    cursor.execute("INSERT INTO import_batches (id, source_id, file_name, status, started_at) "
                   "VALUES (1, 1, 'webshop.csv', 'completed', '2026-01-01 00:00:00')")
    now = "2026-11-01 10:00:00"
    email_id = phone_id = 0
    for start in range(1, customers + 1, BATCH):
        rows, emails, phones, addresses, records = [], [], [], [], []
        for cid in range(start, min(start + BATCH, customers + 1)):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            city, postcode, country = rng.choice(CITIES)
            consent = rng.choice(CONSENT)
            email = f"{first.lower()}.{last.lower().replace(' ', '')}{cid}@example.com"
            phone = f"+49151{cid:08d}" if rng.random() < 0.75 else None
            rows.append((cid, "person", first, last, consent, rng.random() < 0.01, "{}", "[]", "[]",
                         f"{first} {last}", f"{last} {first}", email, phone, city, country, "", now, now,
                         rng.randint(0, 20), round(rng.uniform(0, 900), 2)))
            email_id += 1
            emails.append((email_id, cid, email, email.lower(), "home", True, True, now))
            if rng.random() < 0.2:
                email_id += 1
                work = f"{first[0].lower()}.{cid}@firma.example"
                emails.append((email_id, cid, work, work, "work", False, True, now))
            if phone:
                phone_id += 1
                phones.append((phone_id, cid, phone, phone, "mobile", True, True, now))
            addresses.append((cid, cid, "home", f"Hauptstraße {cid % 180 + 1}", city, postcode, country, True, True,
                              now))
            records.append((cid, 1, 1, cid, f"W-{cid}", "h", "{}", "{}", cid, now, now))
        cursor.executemany(
            "INSERT INTO customers (id, kind, first_name, last_name, marketing_consent, do_not_contact, attributes, "
            "roles, tags, display_name, sort_name, primary_email, primary_phone, primary_city, primary_country, "
            "search_text, created_at, updated_at, order_count, total_spent) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        cursor.executemany("INSERT INTO emails (id, customer_id, address, normalized, kind, is_primary, is_valid, "
                           "created_at) VALUES (?,?,?,?,?,?,?,?)", emails)
        cursor.executemany("INSERT INTO phones (id, customer_id, number, e164, kind, is_primary, is_valid, "
                           "created_at) VALUES (?,?,?,?,?,?,?,?)", phones)
        cursor.executemany("INSERT INTO addresses (id, customer_id, kind, street, city, postcode, country, "
                           "is_primary, is_valid, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)", addresses)
        cursor.executemany("INSERT INTO source_records (id, source_id, batch_id, record_no, source_key, record_hash, "
                           "raw, fields, customer_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                           records)
        raw.commit()
    cursor.execute("ANALYZE")
    raw.commit()
    raw.close()
    return master


def ready_master(folder: Path, customers: int) -> Master:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{customers}.sqlite"
    marker = folder / f"bench-{customers}.done"
    if path.exists() and marker.exists():
        return open_master(path)
    for stale in folder.glob(f"bench-{customers}.sqlite*"):
        stale.unlink()
    started = time.perf_counter()
    master = build(path, customers)
    marker.write_text("ok")
    print(f"built a master of {customers:,} customers in {time.perf_counter() - started:.1f} s (once)")
    return master


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "workbench-bench")
    parser.add_argument("--presets", default="mailchimp,csv,hubspot")
    args = parser.parse_args(argv)
    master = ready_master(args.keep, args.customers)
    out_dir = Path(tempfile.mkdtemp(prefix="workbench-bench-out-"))
    print(f"export of {args.customers:,} customers, median of {args.runs} runs (SQLite); "
          f"load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    try:
        for preset in args.presets.split(","):
            times, cpu, rows = [], [], 0
            for _ in range(args.runs):
                out = out_dir / f"{preset}.out"
                started, started_cpu = time.perf_counter(), time.process_time()
                summary = export_customers(master, ExportRequest(preset), out)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
                rows = summary.rows
                out.unlink()
            median = statistics.median(times)
            verdict = "ok" if median <= 30 else "SLOWER THAN 30 s"
            print(f"  {preset:<10} {median:6.1f} s  {rows:>9,} rows  {args.customers / median:>9,.0f} customers/s  "
                  f"{rows / median:>9,.0f} rows/s  CPU {statistics.median(cpu):.1f} s  "
                  f"(runs: {', '.join(f'{t:.1f}' for t in times)})  {verdict}")
    finally:
        master.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
