"""Helpers shared by the benchmarks: timing with medians, and big masters made quickly."""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from workbench.sample.data import lists
from workbench.store.master import open_master
from workbench.store.search import build_search_text
from workbench.text import fold, fold_german

BENCH_DATA = Path(__file__).resolve().parents[2] / "bench-data"


def median_time(fn: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def big_master(rows: int) -> Path:
    """A master with `rows` customers (names, e-mail, phone, city), built with bulk SQL and cached.

    It skips the per-record standardization of an import on purpose: these benchmarks measure
    reading a big master, not making one.
    """
    BENCH_DATA.mkdir(exist_ok=True)
    path = BENCH_DATA / f"customers-{rows}.sqlite"
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    open_master(partial).close()
    data = lists()
    rng = random.Random(1)
    firsts = [n for names in data.first.values() for n in names]
    lasts = [n for names in data.last.values() for n in names]
    places = [p for ps in data.places.values() for p in ps]
    connection = sqlite3.connect(partial)
    connection.execute("PRAGMA synchronous=OFF")
    now = "2026-11-01 12:00:00"

    def rows_of(start: int, count: int):
        for i in range(start, start + count):
            first, last = rng.choice(firsts), rng.choice(lasts)
            place = rng.choice(places)
            local = fold_german(f"{first}.{last}").replace(" ", "")
            email = f"{local}{i % 97}@example.com"
            phone = f"+49151{rng.randrange(10_000_000, 99_999_999)}"
            search_text = build_search_text(names=(first, last), emails=[email], phones=[phone, "0" + phone[3:]])
            yield ("person", first, last, "[]", "unknown", 0, "{}", "[]", f"{first} {last}",
                   fold(f"{last} {first}"), email, phone, place.city, place.country, search_text, now, now)

    chunk = 50_000
    for start in range(0, rows, chunk):
        connection.executemany(
            "INSERT INTO customers (kind, first_name, last_name, roles, marketing_consent, do_not_contact, "
            "attributes, tags, display_name, sort_name, primary_email, primary_phone, primary_city, "
            "primary_country, search_text, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows_of(start, min(chunk, rows - start)))
        connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    partial.rename(path)
    return path


# --------------------------------------------------------------------------- where a master's bytes go

# Each table and its indexes (and the search index's shadow tables) under the part of the
# master it serves; what is not listed is "the rest".
MASTER_PARTS = {
    "source records": ("source_records", "raw_headings", "record_sightings"),
    "customers": ("customers",),
    "contact points": ("emails", "phones", "addresses"),
    "search index": ("customer_fts_data", "customer_fts_idx", "customer_fts_docsize", "customer_fts_config"),
    "candidates": ("match_candidates",),
    "merge history": ("merge_events", "decisions", "audit_log"),
    "suppression list": ("suppressions",),
}
LIST_INDEXES = "the customers list's indexes"
# What the golden records take of themselves, whatever their sources: their rows, the sort
# indexes of the customers list and the search index.
GOLDEN_RECORD_PARTS = ("customers", LIST_INDEXES, "search index")


def master_parts(path: Path) -> dict[str, int]:
    """A SQLite master's bytes by part (tables with their indexes), from SQLite's own page count
    (`dbstat`); the customers' list indexes are counted apart from the customers' rows. Tables and
    indexes of one page (empty, or nearly) are left out."""
    owner = {table: part for part, tables in MASTER_PARTS.items() for table in tables}
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = dict(connection.execute("SELECT name, tbl_name FROM sqlite_schema"))
        sizes = connection.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name HAVING COUNT(*) > 1").fetchall()
    finally:
        connection.close()
    out: dict[str, int] = {}
    for name, size in sizes:
        table = tables.get(name, name)
        part = owner.get(table, "the rest")
        if table == "customers" and name.startswith("ix_customers_active_"):
            part = LIST_INDEXES
        out[part] = out.get(part, 0) + size
    return out


def parts_line(parts: dict[str, int], records: int) -> str:
    """'source records 393, customers 401, …' in bytes a record, biggest first."""
    shown = [(name, size) for name, size in parts.items() if size / max(records, 1) >= 0.5]
    ordered = sorted(shown, key=lambda item: -item[1])
    return ", ".join(f"{name} {size / max(records, 1):,.0f}" for name, size in ordered)
