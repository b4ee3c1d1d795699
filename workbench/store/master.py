"""Opening a master: the engine, its connection settings, migrations, and sessions.

`open_master` is the one way in. It accepts a file path (SQLite) or a SQLAlchemy URL
(`postgresql+psycopg://…`), creates and migrates the master when needed, and returns a
`Master` whose `session()` gives short-lived sessions for one unit of work each.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from workbench.errors import WorkbenchError
from workbench.store import migrate

SQLITE_BUSY_TIMEOUT_MS = 10_000


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


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
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


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            _prepare_sqlite_file(Path(url.database))
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Master:
    url: URL
    engine: Engine
    _sessions: sessionmaker[Session]

    @property
    def location(self) -> str:
        return describe(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed if the block finishes, rolled back on any exception."""
        with self._sessions() as session, session.begin():
            yield session

    def revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def open_master(target: str | Path, *, upgrade: bool = True, create: bool = True) -> Master:
    """Open (creating and migrating if needed) the master at a path or URL.

    With `create=False` a SQLite file that does not exist is an error rather than a new master.
    """
    url = to_url(target)
    if not create and url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        raise WorkbenchError(f"{describe(url)}: no master there (the file does not exist)")
    engine = make_engine(url)
    try:
        if upgrade:
            migrate.upgrade(engine)
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig) if exc.orig else str(exc)
        raise WorkbenchError(f"{describe(url)}: cannot open the master ({reason})") from None
    except Exception:
        engine.dispose()
        raise
    return Master(url, engine, sessionmaker(engine, expire_on_commit=False))
