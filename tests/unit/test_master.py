"""Opening masters: where they live, how SQLite is set up, clear errors."""

import os
import stat

import pytest
from sqlalchemy import text

from workbench.errors import WorkbenchError
from workbench.paths import default_master_path
from workbench.store.master import open_master, to_url


def test_sqlite_master_is_private_uses_wal_and_enforces_foreign_keys(tmp_path):
    path = tmp_path / "shop.sqlite"
    master = open_master(path)
    try:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        with master.session() as session:
            assert session.scalar(text("PRAGMA journal_mode")) == "wal"
            assert session.scalar(text("PRAGMA foreign_keys")) == 1
            assert session.scalar(text("PRAGMA busy_timeout")) >= 5000
    finally:
        master.close()


def test_foreign_keys_are_enforced(master):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), master.transaction() as session:
        session.execute(text("INSERT INTO emails (customer_id, address, normalized, kind, is_primary, is_valid, "
                             "created_at) VALUES (424242, 'a@b.de', 'a@b.de', 'other', true, true, "
                             "'2024-01-01 00:00:00')"))


def test_default_master_lives_in_the_user_data_folder(isolated_home):
    assert default_master_path() == isolated_home / "data" / "master.sqlite"


def test_opening_a_missing_file_without_create_names_the_file(tmp_path):
    missing = tmp_path / "nowhere.sqlite"
    with pytest.raises(WorkbenchError, match="nowhere.sqlite"):
        open_master(missing, create=False)
    assert not missing.exists()


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(WorkbenchError, match="notes.sqlite: cannot open the master"):
        open_master(bogus)


@pytest.mark.parametrize("url, backend", [
    ("postgresql://u@h/db", "postgresql+psycopg"),
    ("postgresql+psycopg://u:secret@h:5433/db", "postgresql+psycopg"),
])
def test_postgres_urls_use_psycopg_3(url, backend):
    assert to_url(url).drivername == backend


def test_a_url_that_is_not_one_is_reported():
    with pytest.raises(WorkbenchError, match="not a database address"):
        to_url("postgresql://:::")
