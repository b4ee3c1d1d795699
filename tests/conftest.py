"""Shared fixtures: an isolated home folder per test, and masters on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import pg_server  # noqa: E402

from workbench.store.master import Master, open_master  # noqa: E402

REQUIRE_POSTGRES = os.environ.get("WORKBENCH_REQUIRE_POSTGRES") == "1"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user's data, settings or logs."""
    home = tmp_path / "home"
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    return home


@pytest.fixture(scope="session")
def postgres() -> Iterator[pg_server.PgServer | None]:
    try:
        server = pg_server.start()
    except Exception as exc:  # noqa: BLE001 - reported below, as a failure in CI
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL test server did not start: {exc}")
        yield None
        return
    yield server
    pg_server.stop(server)


def new_postgres_database(server: pg_server.PgServer) -> str:
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(host="127.0.0.1", port=server.port, user=server.user, dbname="postgres",
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server.url(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def master_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty master location on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "master.sqlite")
    server = request.getfixturevalue("postgres")
    if server is None:
        pytest.skip("PostgreSQL is not installed here (CI runs these with a real server)")
    return new_postgres_database(server)


@pytest.fixture
def master(master_url: str) -> Iterator[Master]:
    opened = open_master(master_url)
    yield opened
    opened.close()


@pytest.fixture
def postgres_master(postgres: pg_server.PgServer | None) -> Iterator[Master]:
    """A fresh master on PostgreSQL only, for what only PostgreSQL does (row locks, say)."""
    if postgres is None:
        pytest.skip("PostgreSQL is not installed here (CI runs these with a real server)")
    opened = open_master(new_postgres_database(postgres))
    yield opened
    opened.close()


@pytest.fixture
def sqlite_master(tmp_path: Path) -> Iterator[Master]:
    opened = open_master(tmp_path / "master.sqlite")
    yield opened
    opened.close()
