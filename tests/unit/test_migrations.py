"""Masters created by older versions open with the current code, data intact."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from workbench.errors import WorkbenchError
from workbench.store.master import make_engine, open_master, to_url
from workbench.store.migrate import alembic_config, head_revision, include_name, upgrade
from workbench.store.models import Base
from workbench.store.queries import CustomerListQuery

FIRST_REVISION = "0001"


def test_master_at_first_revision_is_upgraded_with_its_data_intact(master_url):
    engine = make_engine(to_url(master_url))
    command.upgrade(alembic_config(engine), FIRST_REVISION)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO sources (name, kind, trust_rank, created_at) "
                                "VALUES ('Webshop', 'file', 70, '2024-01-01 10:00:00')"))
        connection.execute(text(
            "INSERT INTO customers (kind, first_name, last_name, roles, marketing_consent, do_not_contact, "
            "attributes, tags, display_name, sort_name, search_text, created_at, updated_at) VALUES "
            "('person', 'Zoë', 'Müller', '[]', 'granted', false, '{\"tier\": \"gold\"}', '[]', 'Zoë Müller', "
            "'muller zoe', 'zoe muller mueller', '2024-01-01 10:00:00', '2024-01-01 10:00:00')"))
    engine.dispose()

    master = open_master(master_url)
    try:
        assert master.revision() == head_revision() != FIRST_REVISION
        with master.session() as session:
            row = session.execute(text("SELECT first_name, last_name, attributes FROM customers")).one()
            assert (row.first_name, row.last_name) == ("Zoë", "Müller")
            assert session.scalar(text("SELECT name FROM sources")) == "Webshop"
            # the upgraded master is fully usable: the tables of later revisions exist
            assert session.scalar(text("SELECT count(*) FROM match_candidates")) == 0
            assert CustomerListQuery("müller").count(session) == 1
    finally:
        master.close()


def test_models_and_migrations_describe_the_same_schema(master):
    with master.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name,
                                                               "compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_a_master_from_a_newer_app_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "future.sqlite"
    open_master(path).close()
    engine = make_engine(to_url(str(path)))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(WorkbenchError, match="newer than this version"):
        upgrade(engine)
    engine.dispose()
