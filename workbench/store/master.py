"""Opening a master: the engine, its connection settings, migrations, and sessions.

`open_master` is the one way in. It accepts a file path (SQLite) or a SQLAlchemy URL
(`postgresql+psycopg://…`), creates and migrates the master when needed, and returns a
`Master` whose `session()` gives short-lived read sessions and whose `transaction()` and
`write()` give write units that hold the write lock before they read (see `store.locking`).
"""

from __future__ import annotations

import os
import random
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from workbench.errors import WorkbenchError
from workbench.progress import NO_PROGRESS, Progress
from workbench.store import encryption, json_text, migrate
from workbench.store.locking import (
    MODE_OPTION,
    POLICY_OPTION,
    READ,
    WRITE,
    ActivityNote,
    BusyPolicy,
    WriteConflict,
    sqlite_begin,
    translate,
)

SQLITE_BUSY_TIMEOUT_MS = 10_000
WRITE_ATTEMPTS = 5  # a PostgreSQL unit failed by a deadlock or serialization conflict runs again this often
T = TypeVar("T")


def to_url(target: str | Path) -> URL:
    """A path becomes a SQLite URL; anything with `://` is taken as a SQLAlchemy URL."""
    text = str(target)
    if "://" in text:
        try:
            url = make_url(text)
        except (ArgumentError, ValueError) as exc:
            raise WorkbenchError(f"{text}: not a database address ({exc})") from None
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        return url
    return URL.create("sqlite+pysqlite", database=str(Path(text).expanduser().resolve()))


def describe(url: URL) -> str:
    """Where the master is, for people: a file path or a URL without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the file readable by its owner only, before SQLite creates it world-readable."""
    if str(path) == ":memory:":
        return
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
        os.close(fd)
    elif not os.access(path, os.R_OK | os.W_OK):
        raise WorkbenchError(f"{path}: permission denied (the master must be readable and writable)")


AUTOCHECKPOINT_PAGES = 1000  # SQLite's own default: the log copied into the file past this many pages


def _sqlite_pragmas(dbapi_connection, _record, key: str | None = None) -> None:
    # The driver's own transaction handling begins lazily, at the first write; the engine's
    # `begin` hook (store.locking) says how each transaction begins instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    if key is not None:
        encryption.unlock(dbapi_connection, key)
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def page_cache(connection: Connection, kib: int) -> Iterator[None]:
    """A bigger SQLite page cache for this connection while the block writes much; restored after.
    Nothing on other databases."""
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    before = driver.execute("PRAGMA cache_size").fetchone()[0]
    driver.execute(f"PRAGMA cache_size=-{kib}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA cache_size={before}")


def make_engine(url: URL, policy: BusyPolicy | None = None, key: str | None = None) -> Engine:
    """The engine of a master. Its statements' parameters never reach error messages or logs:
    they are customers' names, e-mails and phone numbers. With `key`, the file is encrypted
    (SQLCipher) with that passphrase."""
    if url.get_backend_name() == "sqlite":
        extra = {"module": encryption.driver()} if key is not None else {}  # no file without the driver
        if url.database and url.database != ":memory:":
            _prepare_sqlite_file(Path(url.database))
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, hide_parameters=True,
                               json_serializer=json_text.dumps, json_deserializer=json_text.loads, **extra)
        event.listen(engine, "connect", lambda connection, record: _sqlite_pragmas(connection, record, key))
        event.listen(engine, "begin", sqlite_begin(policy or BusyPolicy(), SQLITE_BUSY_TIMEOUT_MS))
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, json_serializer=json_text.dumps,
                         json_deserializer=json_text.loads)


@dataclass
class Master:
    url: URL
    engine: Engine
    busy: BusyPolicy = field(default_factory=BusyPolicy)
    key: str | None = field(default=None, repr=False)  # an encrypted master's passphrase
    _sessions: sessionmaker[Session] = field(init=False, repr=False)
    _write_sessions: sessionmaker[Session] = field(init=False, repr=False)
    _deferred: int = field(default=0, init=False, repr=False)  # runs of write units under checkpoints_deferred

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine.execution_options(**{MODE_OPTION: READ}), expire_on_commit=False)
        self._write_sessions = sessionmaker(
            self.engine.execution_options(**{MODE_OPTION: WRITE, POLICY_OPTION: self.busy}), expire_on_commit=False)

    @property
    def location(self) -> str:
        return describe(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def address(self) -> tuple[str, str | None]:
        """What another process needs to open this same master (`open_master_at`): its file or URL,
        with the password, and an encrypted file's passphrase. Handed to child processes only."""
        target = self.location if self.is_sqlite else self.url.render_as_string(hide_password=False)
        return target, self.key

    def session(self) -> Session:
        """A session for reading (on SQLite it cannot write: use `transaction` or `write`)."""
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write unit: it holds the write lock (SQLite) before its first read, is committed if
        the block finishes and rolled back on any exception. A master that stays busy longer than
        `busy.wait_s` raises `MasterBusy`."""
        try:
            with self._write_sessions() as session, session.begin():
                connection = session.connection()  # take the lock now, before the block reads
                if connection.dialect.name == "sqlite":
                    connection.exec_driver_sql(f"PRAGMA wal_autocheckpoint={0 if self._deferred else AUTOCHECKPOINT_PAGES}")
                if connection.dialect.name == "postgresql":
                    wait_ms = max(1, int(self.busy.limit() * 1000))
                    connection.exec_driver_sql(f"SET LOCAL lock_timeout = {wait_ms}")
                yield session
        except DBAPIError as exc:
            error = translate(exc, self.busy)
            if error is None:
                raise
            raise error from None

    @contextmanager
    def checkpoints_deferred(self) -> Iterator[None]:
        """A long run of write units (a bulk merge, its undo): SQLite copies its log into the file
        whenever the log passes a thousand pages, so a page the run changes in unit after unit is
        copied again and again; here the log is copied once, when the run ends (a third of a bulk
        merge's time). Nothing on PostgreSQL."""
        self._deferred += 1
        try:
            yield
        finally:
            self._deferred -= 1
            if self.is_sqlite and not self._deferred:
                with self.engine.connect() as connection:
                    driver = connection.connection.driver_connection
                    # As far as readers let it now (busy or locked: the same); the next automatic one does the rest.
                    with suppress(driver.OperationalError):
                        driver.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def write(self, unit: Callable[[Session], T], *, attempts: int = WRITE_ATTEMPTS) -> T:
        """Run `unit(session)` as one write unit; run it again from the start when PostgreSQL
        failed it to break a deadlock or a serialization conflict (nothing of it was kept)."""
        for attempt in range(1, attempts + 1):
            try:
                with self.transaction() as session:
                    return unit(session)
            except WriteConflict:
                if attempt == attempts:
                    raise
                time.sleep(random.uniform(0.02, 0.1) * attempt)
        raise AssertionError("unreachable")

    def activity(self, what: str) -> AbstractContextManager[None]:
        """Tell writers who find the master busy what it is busy with (SQLite; e.g. "an import of x.csv")."""
        return self.busy.note.announce(what)

    def revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def open_master_at(address: tuple[str, str | None]) -> Master:
    """The master another process has open (`Master.address`), as it is: never created or upgraded."""
    target, key = address
    return open_master(target, upgrade=False, create=False, passphrase=key)


def open_master(target: str | Path, *, upgrade: bool = True, create: bool = True,
                passphrase: str | None = None, progress: Progress = NO_PROGRESS) -> Master:
    """Open (creating and migrating if needed) the master at a path or URL.

    With `create=False` a SQLite file that does not exist is an error rather than a new master.
    A new SQLite master is encrypted when a `passphrase` is given; an encrypted one needs it
    (`PassphraseNeeded` otherwise); a plain existing one ignores it. `progress` hears of each
    step of an upgrade.
    """
    url = to_url(target)
    exists = url.get_backend_name() == "sqlite" and Path(url.database or "").exists()
    if not create and url.get_backend_name() == "sqlite" and not exists:
        raise WorkbenchError(f"{describe(url)}: no master there (the file does not exist)")
    is_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    key = None
    if is_file:
        if encryption.is_encrypted(Path(url.database or "")):
            if not passphrase:
                raise encryption.PassphraseNeeded(f"{describe(url)}: the master is encrypted; give its passphrase")
            key = passphrase
        elif passphrase and not (exists and Path(url.database or "").stat().st_size):
            key = passphrase
    policy = BusyPolicy(note=ActivityNote(Path(url.database) if is_file else None))  # type: ignore[arg-type]
    engine = make_engine(url, policy, key)
    try:
        if upgrade:
            migrate.upgrade(engine, progress=progress)
        elif key is not None:
            migrate.current_revision(engine)  # a wrong passphrase shows at the first read
    except DBAPIError as exc:
        engine.dispose()
        error = translate(exc, policy)
        if error is not None:
            raise error from None
        reason = str(exc.orig) if exc.orig else str(exc)
        if key is not None and "not a database" in reason:
            raise WorkbenchError(f"{describe(url)}: wrong passphrase (or the file is damaged)") from None
        raise WorkbenchError(f"{describe(url)}: cannot open the master ({reason})") from None
    except Exception:
        engine.dispose()
        raise
    return Master(url, engine, policy, key)
