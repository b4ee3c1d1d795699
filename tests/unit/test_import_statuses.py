"""An import writes each new customer with its lifecycle status, rather than setting it afterwards.

Setting it afterwards lengthened every row just written, which split the customers table's
pages: a tenth of the table was empty room. The statuses are still settled in SQL after writing,
which must then find nothing to change.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from master_snapshot import webshop_csv
from sqlalchemy import func, select

from workbench.definitions.rules import Condition, NamedRule, Rule
from workbench.definitions.statuses import recompute_statuses
from workbench.ingest.importer import import_file
from workbench.ingest.prepare import status_of
from workbench.store.master import open_master
from workbench.store.models import Customer


def _empty_share(path, table: str) -> float:
    connection = sqlite3.connect(path)
    try:
        unused, size = connection.execute(
            "SELECT sum(unused), sum(pgsize) FROM dbstat WHERE name = ?", (table,)).fetchone()
    finally:
        connection.close()
    return unused / size


def test_imported_customers_come_with_the_status_the_rules_give_and_full_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    path = tmp_path / "master.sqlite"
    master = open_master(path)
    try:
        import_file(master, webshop_csv(tmp_path / "webshop.csv", rows=3000), workers=0)
        with master.transaction() as session:
            statuses = dict(session.execute(select(Customer.status, func.count()).group_by(Customer.status)).all())
            assert sum(statuses.values()) == 3000 and statuses.get("former customer", 0) > 2000, statuses
            assert recompute_statuses(session) == 0  # SQL finds every status as it was written
    finally:
        master.close()
    assert _empty_share(path, "customers") < 0.1


def test_a_status_the_import_cannot_work_out_is_left_to_the_rules_in_sql():
    now = datetime(2026, 12, 5)
    customer = {"order_count": 3, "total_spent": 120.0, "last_order_at": datetime(2026, 11, 1), "kind": "person"}
    buyer = NamedRule("Active buyer", Rule((Condition("last_order_at", "within_days", 90),)))
    broken = NamedRule("Broken", Rule((Condition("shoe_size", ">", 40),)))
    assert status_of(customer, ([buyer], now)) == "Active buyer"
    assert status_of({**customer, "last_order_at": datetime(2020, 1, 1)}, ([buyer], now)) is None
    assert status_of(customer, ([broken, buyer], now)) is None
    assert status_of(customer, None) is None
