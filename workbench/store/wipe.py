"""Making deleted data unreadable in the master's files, as far as each database allows.

SQLite keeps deleted rows' bytes in free pages and in the unused space of pages, old search
index segments keep the words of rows long deleted, and the write-ahead log (`-wal` file) keeps
earlier versions of pages until it is checkpointed and truncated. So an erasure deletes with
`secure_delete` on (freed space is overwritten with zeros), merges the search index into one
segment (dropping what was deleted from it), then rebuilds the file with VACUUM (free pages and
slack from before the erasure go too; temporary data in memory, never in a temp file) and
checkpoints the log with TRUNCATE, leaving it empty.

PostgreSQL cannot promise as much from a client: DELETE leaves dead row versions in the table
files; VACUUM makes their space reusable (and removes index entries) but does not overwrite
them, so the bytes stay on disk until PostgreSQL writes over that space; VACUUM FULL rewrites
the tables into new files (holding an exclusive lock meanwhile) but the old files' blocks are
freed, not zeroed; and the write-ahead log, its archive, replicas and base backups keep the
data until they expire. `wipe` runs VACUUM on the tables an erasure touched and says the rest.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from workbench.store.locking import BusyPolicy, MasterBusy, wait_until_free
from workbench.store.master import SQLITE_BUSY_TIMEOUT_MS

CHECKPOINT_WAIT_S = 10.0
ERASURE_TABLES = ("customers", "emails", "phones", "addresses", "source_records", "match_candidates", "decisions",
                  "relationships", "merge_events", "audit_log", "export_log_customers", "record_sightings",
                  "import_batches")
POSTGRES_NOTE = (
    "PostgreSQL: the rows are deleted and VACUUM has made their space reusable, but it does not overwrite "
    "it: the bytes stay in the table files until PostgreSQL writes over that space. VACUUM FULL rewrites "
    "the tables (locking them while it runs; ask the database administrator to run it at a quiet time). "
    "The server's write-ahead log archive, replicas and base backups keep the data until they expire.")


@dataclass
class WipeReport:
    backend: str
    complete: bool = False
    steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {"backend": self.backend, "complete": self.complete, "steps": list(self.steps),
                "notes": list(self.notes), "seconds": round(self.seconds, 2)}


@contextmanager
def secure_delete(session: Session) -> Iterator[None]:
    """SQLite overwrites what the block deletes with zeros (in the page and the log)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA secure_delete=ON")
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA secure_delete=OFF")


def purge_search_index(session: Session) -> None:
    """Merge SQLite's full-text index into one segment, so deleted rows' words leave it."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("INSERT INTO customer_fts(customer_fts) VALUES ('optimize')")


def wipe(engine, database: str | None, policy: BusyPolicy | None = None) -> WipeReport:  # type: ignore[no-untyped-def]
    """After the deleting transaction committed: leave no trace of the deleted rows in the files.
    The rebuild waits for other writers as a write unit does (`policy`: how long, whom to tell)."""
    started = time.monotonic()
    if engine.dialect.name == "sqlite":
        report = _wipe_sqlite(engine, Path(database) if database and database != ":memory:" else None,
                              policy or BusyPolicy())
    else:
        report = _vacuum_postgres(engine)
    report.seconds = time.monotonic() - started
    return report


def _wipe_sqlite(engine, path: Path | None, policy: BusyPolicy) -> WipeReport:  # type: ignore[no-untyped-def]
    report = WipeReport("sqlite")
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        try:  # VACUUM cannot run in a transaction: wait for a free master as a write unit would
            wait_until_free(driver, policy, SQLITE_BUSY_TIMEOUT_MS)
        except MasterBusy as exc:
            report.notes.append(f"the file could not be rebuilt now ({exc}); run `workbench erase --finish` "
                                "when it has finished")
            return report
        driver.execute("PRAGMA secure_delete=ON")
        driver.execute("PRAGMA temp_store=MEMORY")  # VACUUM's copy of the data never touches a temp file
        try:
            driver.execute("VACUUM")
            report.steps.append("rebuilt the file (VACUUM): no free pages or slack space left")
        except Exception as exc:  # noqa: BLE001 - said to the user below
            report.notes.append(f"the file could not be rebuilt now ({exc}); close other windows using this "
                                "master and run `workbench erase --finish`")
            return report
        finally:
            driver.execute("PRAGMA temp_store=DEFAULT")
            driver.execute("PRAGMA secure_delete=OFF")
        deadline = time.monotonic() + CHECKPOINT_WAIT_S
        while True:
            busy, log_frames, _done = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            wal = path.with_name(path.name + "-wal") if path else None
            emptied = busy == 0 and (wal is None or not wal.exists() or wal.stat().st_size == 0)
            if emptied or time.monotonic() >= deadline:
                break
            time.sleep(0.2)
        if emptied:
            report.steps.append("checkpointed and truncated the write-ahead log (-wal file now empty)")
            report.complete = True
        else:
            report.notes.append("another window or command is reading the master, so its write-ahead log "
                                "could not be emptied yet; run `workbench erase --finish` when it is closed")
    finally:
        raw.close()
    return report


def _vacuum_postgres(engine) -> WipeReport:  # type: ignore[no-untyped-def]
    report = WipeReport(engine.dialect.name)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM " + ", ".join(ERASURE_TABLES)))
        report.steps.append("VACUUM of the tables the erasure touched: dead rows removed, space reusable")
    except DBAPIError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        report.notes.append(f"VACUUM could not run ({reason}); ask the database administrator to run it")
    report.notes.append(POSTGRES_NOTE)
    return report
