"""How long statuses, the quality report and household suggestions take on a large master.

    python tests/benchmarks/bench_definitions.py [CUSTOMERS] [--db PATH_OR_URL]

Customers are inserted directly (no import pipeline) with realistic spreads of dates, orders,
e-mails, phones and shared addresses, then each operation is timed.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from workbench.definitions.households import suggest_households
from workbench.definitions.statuses import recompute_statuses, status_counts
from workbench.quality.profile import quality_report
from workbench.store.master import open_master
from workbench.store.models import Address, Customer, Email, Phone

NOW = datetime(2026, 11, 23)
BATCH = 20_000


def fill(master, count: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    surnames = [f"Name{i}" for i in range(3000)]
    with master.transaction() as session:
        start = (session.scalar(select(func.max(Customer.id))) or 0) + 1
        for offset in range(0, count, BATCH):
            customers, emails, phones, addresses = [], [], [], []
            for cid in range(start + offset, start + min(offset + BATCH, count)):
                ordered = rng.random() < 0.6
                last = rng.choice(surnames)
                customers.append({
                    "id": cid, "kind": "person", "first_name": f"F{cid % 997}", "last_name": last,
                    "display_name": f"F{cid % 997} {last}", "sort_name": f"{last} f", "search_text": "",
                    "roles": [], "attributes": {"tier": rng.choice(["gold", "silver", "bronze", "?"])},
                    "tags": [], "marketing_consent": "unknown", "do_not_contact": False,
                    "first_seen_at": NOW - timedelta(days=rng.randint(0, 3650)),
                    "last_order_at": NOW - timedelta(days=rng.randint(0, 3000)) if ordered else None,
                    "order_count": rng.randint(1, 20) if ordered else None,
                    "created_at": NOW, "updated_at": NOW - timedelta(days=rng.randint(0, 1500))})
                if rng.random() < 0.8:
                    emails.append({"customer_id": cid, "address": f"p{cid}@example.com", "normalized": f"p{cid}@example.com",
                                   "kind": "other", "is_primary": True, "is_valid": rng.random() > 0.02,
                                   "created_at": NOW})
                if rng.random() < 0.6:
                    phones.append({"customer_id": cid, "number": f"+4930{cid:08d}", "e164": f"+4930{cid:08d}",
                                   "kind": "home", "is_primary": True, "is_valid": True, "created_at": NOW})
                if rng.random() < 0.85:
                    house = rng.randint(1, count // 3 + 1)  # about a third share an address with someone
                    addresses.append({"customer_id": cid, "kind": "home", "street": f"Hauptstraße {house}",
                                      "postcode": f"{house % 9000 + 10000}", "city": "Berlin", "country": "DE",
                                      "is_primary": True, "is_valid": True, "created_at": NOW})
            session.execute(insert(Customer.__table__), customers)
            for model, rows in ((Email, emails), (Phone, phones), (Address, addresses)):
                if rows:
                    session.execute(insert(model.__table__), rows)


def timed(label: str, fn):
    started = time.perf_counter()
    result = fn()
    print(f"{label:<44}{time.perf_counter() - started:8.2f} s")
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("customers", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--db")
    parser.add_argument("--skip-households", action="store_true")
    args = parser.parse_args()
    target = args.db or str(Path(tempfile.mkdtemp()) / "bench.sqlite")
    master = open_master(target)
    print(f"{args.customers:,} customers in {master.location}")
    timed("insert customers", lambda: fill(master, args.customers))

    def recompute(ids=None):
        with master.transaction() as session:
            return recompute_statuses(session, ids, now=NOW)

    changed = timed("recompute statuses (all, first time)", recompute)
    print(f"{'':<44}{changed:,} changed")
    timed("recompute statuses (all, nothing changes)", recompute)
    timed("recompute statuses (1,000 given customers)", lambda: recompute(range(1, 1001)))
    with master.session() as session:
        counts = timed("status counts", lambda: status_counts(session))
        print("    " + ", ".join(f"{c.label} {c.count:,}" for c in counts))
        timed("quality report", lambda: quality_report(session, now=NOW))
    if not args.skip_households:
        with master.transaction() as session:
            result = timed("household suggestions", lambda: suggest_households(session))
        print(f"    {result.suggested:,} suggested")
    master.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
