"""Many hands on one master: who writes when, and what a writer that has to wait is told.

SQLite has one writer at a time. A write unit takes the write lock with `BEGIN IMMEDIATE`
before it reads anything, so what it reads cannot change under it; a unit that finds the
master busy polls for the lock, says once that it is waiting (and what the master is busy
with, when the holder announced it), and gives up after a limit with one clear line. Read
sessions are plain deferred transactions marked `query_only`, so a write slipped into one
fails at once instead of racing other writers.

PostgreSQL locks rows: write units lock the rows they change in one global order with the
weakest lock that serves (`FOR NO KEY UPDATE`), wait for a lock at most the same limit, and a
unit that meets a deadlock or a serialization failure is run again from the start
(`Master.write`).
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from workbench.errors import WorkbenchError
from workbench.store.encryption import operational_errors

MODE_OPTION = "workbench_mode"  # execution option: "read" or "write"
POLICY_OPTION = "workbench_busy"  # execution option: the master's BusyPolicy
READ, WRITE = "read", "write"
BUSY_WAIT_ENV = "WORKBENCH_BUSY_WAIT"
DEFAULT_BUSY_WAIT_S = 120.0
POLL_MS = 200
NOTIFY_AFTER_S = 1.0
# PostgreSQL SQLSTATEs: deadlock, serialization failure (run again); lock timeout (busy).
RETRY_STATES = {"40P01", "40001"}
LOCK_TIMEOUT_STATE = "55P03"


class MasterBusy(WorkbenchError):
    """The master stayed busy with someone else's change for longer than the wait limit."""


class WriteConflict(MasterBusy):
    """PostgreSQL broke a deadlock or a serialization conflict by failing this unit: safe to run again."""


def default_wait() -> float:
    try:
        return max(0.0, float(os.environ.get(BUSY_WAIT_ENV, DEFAULT_BUSY_WAIT_S)))
    except ValueError:
        return DEFAULT_BUSY_WAIT_S


def _wait_text(seconds: float) -> str:
    if round(seconds) == 1:
        return "1 second"
    if seconds < 90:
        return f"{seconds:.0f} seconds"
    return f"{seconds / 60:.0f} minutes"


# ------------------------------------------------------------------ what the master is busy with


@dataclass
class Activity:
    what: str
    pid: int
    host: str
    since: datetime

    def describe(self) -> str:
        where = "in this window" if self.pid == os.getpid() and self.host == socket.gethostname() \
            else "in another window or command"
        return f"{self.what} (since {self.since:%H:%M}, {where})"


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end the process there: take the note as it is
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class ActivityNote:
    """A small file beside a SQLite master saying which long write holds it, for those who wait.

    It is only a courtesy: the lock itself is SQLite's. A note left by a process that died is
    ignored.
    """

    def __init__(self, database: Path | None) -> None:
        self.path = database.with_name(database.name + "-activity") if database else None

    def read(self) -> Activity | None:
        if self.path is None:
            return None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            activity = Activity(str(data["what"]), int(data["pid"]), str(data["host"]),
                                datetime.fromisoformat(data["since"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if activity.host == socket.gethostname() and not _alive(activity.pid):
            return None
        return activity

    @contextmanager
    def announce(self, what: str) -> Iterator[None]:
        if self.path is None:
            yield
            return
        before = self.path.read_bytes() if self.path.exists() and self.read() is not None else None
        payload = json.dumps({"what": what, "pid": os.getpid(), "host": socket.gethostname(),
                              "since": datetime.now().isoformat(timespec="seconds")})
        self._write(payload.encode("utf-8"))
        try:
            yield
        finally:
            if before is not None:
                self._write(before)
            else:
                with suppress(OSError):
                    self.path.unlink()

    def _write(self, payload: bytes) -> None:
        assert self.path is not None
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        with suppress(OSError):
            fd = os.open(temp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(temp, self.path)


# ------------------------------------------------------------------ waiting for the lock


@dataclass
class BusyPolicy:
    """How long a write waits for a busy master, and whom it tells that it is waiting."""

    wait_s: float = field(default_factory=default_wait)
    notify: Callable[[str], None] | None = None
    note: ActivityNote = field(default_factory=lambda: ActivityNote(None))
    # The app's window runs on the main thread: a unit run there waits at most this long, so the
    # window is never frozen for long (None: the same as everywhere).
    main_thread_wait_s: float | None = None

    def limit(self) -> float:
        if self.main_thread_wait_s is not None and threading.current_thread() is threading.main_thread():
            return min(self.wait_s, self.main_thread_wait_s)
        return self.wait_s

    def holder(self) -> str:
        activity = self.note.read()
        return activity.describe() if activity else "a change made by another window or command"

    def waiting(self) -> None:
        if self.notify is not None:
            self.notify(f"Waiting: the master is busy with {self.holder()}…")

    def gave_up(self) -> MasterBusy:
        return MasterBusy(f"the master is busy with {self.holder()}; gave up after waiting "
                          f"{_wait_text(self.limit())} — try again when it has finished")


def _is_busy(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def begin_immediate(driver: sqlite3.Connection, policy: BusyPolicy, busy_timeout_ms: int) -> None:
    """`BEGIN IMMEDIATE`, polling while another connection writes; MasterBusy after the limit."""
    started = time.monotonic()
    deadline = started + policy.limit()
    told = False
    driver.execute(f"PRAGMA busy_timeout={POLL_MS}")
    try:
        while True:
            try:
                driver.execute("BEGIN IMMEDIATE")
                return
            except operational_errors() as exc:
                if not _is_busy(exc):
                    raise
            now = time.monotonic()
            if now >= deadline:
                raise policy.gave_up()
            if not told and now - started >= min(NOTIFY_AFTER_S, policy.limit() / 2):
                told = True  # a moment's wait for another writer's commit is not worth a word
                policy.waiting()
    finally:
        driver.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")


def wait_until_free(driver: sqlite3.Connection, policy: BusyPolicy, busy_timeout_ms: int) -> None:
    """Wait, as a write unit would, until no other connection writes, for work that cannot run
    inside a transaction of its own (SQLite's backup API into the master, VACUUM): take the
    write lock with `BEGIN IMMEDIATE` and let it go, so that work starts on a free master.
    Another writer slipping in between meets that work's busy timeout, not an endless wait."""
    driver.execute("PRAGMA query_only=0")
    begin_immediate(driver, policy, busy_timeout_ms)
    driver.execute("ROLLBACK")


def sqlite_begin(default_policy: BusyPolicy, busy_timeout_ms: int) -> Callable[..., None]:
    """The engine's `begin` hook: read units begin deferred and read-only, write units immediate."""

    def begin(connection) -> None:  # type: ignore[no-untyped-def]
        options = connection.get_execution_options()
        driver = connection.connection.driver_connection
        if options.get(MODE_OPTION) == READ:
            driver.execute("PRAGMA query_only=1")
            driver.execute("BEGIN")
            return
        driver.execute("PRAGMA query_only=0")
        begin_immediate(driver, options.get(POLICY_OPTION) or default_policy, busy_timeout_ms)

    return begin


# ------------------------------------------------------------------ errors a write unit can meet


def sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def translate(exc: DBAPIError, policy: BusyPolicy) -> Exception | None:
    """A concurrency failure as the error a user can act on; None for anything else."""
    state = sqlstate(exc)
    if state in RETRY_STATES:
        return WriteConflict("someone else changed the same customers at the same moment; try again")
    if state == LOCK_TIMEOUT_STATE:
        return policy.gave_up()
    orig = getattr(exc, "orig", None)
    if isinstance(orig, operational_errors()) and _is_busy(orig):
        return policy.gave_up()
    return None
