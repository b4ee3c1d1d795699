"""Writing many rows fast inside the caller's transaction: ids handed out up front, executemany.

The ORM costs about 1.5 ms a record; a million-row import cannot afford it. Ids are taken
inside the transaction (SQLite: after the batch row is written, so this connection already
holds the write lock; PostgreSQL: from the table's sequence), which lets customers, source
records and contact points be inserted in plain batches with their links already known.
Rows arrive in the exact form SQLAlchemy itself stores in SQLite (made where the records were
standardized, see `stored`) and go straight to the driver's executemany; elsewhere they are
turned back into Python values and go through SQLAlchemy Core.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

from workbench.ingest.stored import python_form
from workbench.store.master import page_cache

# A bigger page cache while importing: a million rows' index pages stay in memory.
IMPORT_CACHE_KIB = 128 * 1024
FTS_TRIGGER = "customers_fts_insert"
# From this many rows, into a master holding no more customers than that, indexes are built at the end,
# once this many new customers have been written (rows found unchanged write none).
BULK_INDEX_ROWS = 50_000
LIFT_AFTER_NEW = 20_000
INDEXED_TABLES = ("customers", "source_records", "emails", "phones", "addresses")
# Columns whose values an import writes in index order (ids handed out ascending; one source, one
# batch; no customer merged yet; the time of writing; a handful of statuses, each growing by
# ascending ids): an index on these only grows at its end (or at a few ends), which costs less
# row by row, while both cores are busy, than another full table scan at the end on one core.
IN_INSERT_ORDER = frozenset({"customer_id", "source_record_id", "source_id", "batch_id", "merged_into_id",
                             "updated_at", "status", "id"})


class BulkWriter:
    """Use as a context manager; on SQLite it tunes the connection for the import and restores it."""

    def __init__(self, session: Session, rows_hint: int = 0) -> None:
        session.flush()
        self.rows_hint = rows_hint
        self.connection = session.connection()
        self.sqlite = self.connection.dialect.name == "sqlite"
        self._next: dict[str, int] = {}
        self._statements: dict[tuple[str, tuple[str, ...]], str] = {}
        self._fts_trigger: str | None = None
        self._cache = ExitStack()
        self._indexes: list[str] = []
        self._may_lift = False  # a big import into a small master (see `_lift_indexes`)
        self._lifted = False
        self._new = 0

    def __enter__(self) -> BulkWriter:
        if self.sqlite:
            self._cache.enter_context(page_cache(self.connection, IMPORT_CACHE_KIB))
            driver = self.connection.connection.driver_connection
            # The search index's per-row trigger costs more than the row itself; while this
            # transaction holds the write lock the index is fed in batches instead, and the
            # trigger is put back before commit (a rollback restores it as well).
            row = driver.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                 (FTS_TRIGGER,)).fetchone()
            if row is not None:
                self._fts_trigger = row[0]
                driver.execute(f"DROP TRIGGER {FTS_TRIGGER}")
            if self.rows_hint >= BULK_INDEX_ROWS:
                present = driver.execute("SELECT count(*) FROM customers").fetchone()[0]
                self._may_lift = present <= self.rows_hint
        return self

    def adding(self, count: int) -> None:
        """Told before `count` new customers are written: once enough are new, indexes are lifted.

        A re-import that finds its rows unchanged writes few or none, and then has no index to
        build again at the end."""
        self._new += count
        if self._may_lift and not self._lifted and self._new >= min(BULK_INDEX_ROWS, LIFT_AFTER_NEW):
            self._lifted = True
            self._lift_indexes(self.connection.connection.driver_connection)

    def _lift_indexes(self, driver: Any) -> None:
        """A big import into a small master builds its indexes once, at the end, rather than row by row.

        Sorting a million keys once is far cheaper than a million scattered B-tree inserts. The
        indexes are created again before commit, in this transaction; a rollback restores them.
        Indexes that only grow at their end (`IN_INSERT_ORDER`) stay.
        Unique constraints (a source's keys) stay, so they are checked as rows arrive.
        """
        names = ", ".join(f"'{t}'" for t in INDEXED_TABLES)
        rows = driver.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                              f"AND tbl_name IN ({names})").fetchall()
        for name, sql in rows:
            columns = {row[2] for row in driver.execute(f'PRAGMA index_info("{name}")')}
            if columns <= IN_INSERT_ORDER:
                continue
            driver.execute(f'DROP INDEX "{name}"')
            self._indexes.append(sql)

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self.sqlite:
            return
        driver = self.connection.connection.driver_connection
        try:
            if exc_type is None:
                for sql in self._indexes:
                    driver.execute(sql)
                if self._fts_trigger is not None:
                    driver.execute(self._fts_trigger)
        finally:
            self._cache.close()

    def index_for_search(self, rows: list[tuple[int, str]]) -> None:
        """(customer id, search_text) of customers just inserted, when the trigger is lifted."""
        if self._fts_trigger is not None and rows:
            self.connection.connection.driver_connection.executemany(
                "INSERT INTO customer_fts(rowid, search_text) VALUES (?, ?)", rows)

    def ids(self, table: Table, count: int) -> list[int]:
        """`count` fresh primary keys for `table`, never handed out before."""
        if count <= 0:
            return []
        name = table.name
        if self.sqlite:
            if name not in self._next:
                autoincrement = self.connection.execute(text(
                    "SELECT seq FROM sqlite_sequence WHERE name = :name"), {"name": name}).scalar() \
                    if table.dialect_options["sqlite"].get("autoincrement") else None
                highest = self.connection.execute(text(f'SELECT max(id) FROM "{name}"')).scalar()
                self._next[name] = max(autoincrement or 0, highest or 0) + 1
            start = self._next[name]
            self._next[name] = start + count
            return list(range(start, start + count))
        rows = self.connection.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
            {"table": name, "n": count})
        return [row[0] for row in rows]

    def forget_ids(self) -> None:
        """Rows were inserted by other means (the ORM, for changed records): ask the tables again."""
        self._next.clear()

    def insert(self, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
        """Insert rows whose values are in SQLite's stored form (see `stored`)."""
        if not rows:
            return
        if not self.sqlite:
            back = [python_form(table.c[c].type) for c in columns]
            self.connection.execute(table.insert(), [{c: b(v) for c, v, b in zip(columns, row, back, strict=True)}
                                                     for row in rows])
            return
        key = (table.name, tuple(columns))
        if key not in self._statements:
            self._statements[key] = (f'INSERT INTO "{table.name}" ({", ".join(columns)}) '
                                     f'VALUES ({", ".join("?" for _ in columns)})')
        self.connection.connection.driver_connection.executemany(self._statements[key], rows)  # type: ignore[union-attr]
