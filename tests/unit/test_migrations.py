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


def test_source_records_of_revision_0801_are_rewritten_compactly_and_read_the_same(master_url):
    import json

    from workbench.store import record_packing
    from workbench.store.models import SourceRecord

    raw = {"Customer ID": "C1", "Name": "Zoë Müller", "E-mail": "Zoe@Example.org", "Phone": "+4915123456789"}
    payload = {"fields": {"first_name": "Zoë", "last_name": "Müller", "kind": "person"},
               "emails": [{"address": "Zoe@Example.org", "normalized": "zoe@example.org", "is_primary": True}],
               "phones": [{"number": "+4915123456789", "e164": "+4915123456789", "kind": "mobile",
                           "is_primary": True},
                          {"number": "n/a", "e164": None, "is_valid": False, "problem": "not a phone number"}]}
    odd = {"fields": {"first_name": "Bo"}, "emails": [{"address": "bo@example.org"}]}  # not as an import writes it
    engine = make_engine(to_url(master_url))
    command.upgrade(alembic_config(engine), "0801")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO sources (name, kind, trust_rank, created_at) "
                                "VALUES ('Webshop', 'file', 50, '2024-01-01 10:00:00')"))
        connection.execute(text("INSERT INTO import_batches (source_id, file_name, status, started_at) "
                                "VALUES (1, 'shop.csv', 'completed', '2024-01-01 10:00:00')"))
        for number, (cells, fields) in enumerate([(raw, payload), ({"Name": "Bo", "Empty": None}, odd)], start=1):
            connection.execute(text(
                "INSERT INTO source_records (source_id, batch_id, record_no, source_key, record_hash, raw, fields, "
                "created_at, updated_at) VALUES (1, 1, :no, :key, 'h', :raw, :fields, '2024-01-01 10:00:00', "
                "'2024-01-01 10:00:00')"), {"no": number, "key": f"C{number}", "raw": json.dumps(cells),
                                            "fields": json.dumps(fields)})
    with engine.connect() as connection:  # as revision 0801 reads it (JSONB keeps keys in an order of its own)
        was = connection.execute(text("SELECT raw FROM source_records ORDER BY id")).scalars().first()
        was = json.loads(was) if isinstance(was, str) else was
    engine.dispose()

    master = open_master(master_url)
    try:
        with master.session() as session:
            first, second = session.query(SourceRecord).order_by(SourceRecord.id).all()
            assert first.raw == raw and list(first.raw) == list(was) and first.headings is not None
            assert first.fields == payload
            assert second.raw == {"Name": "Bo", "Empty": None} and second.headings is None
            assert second.fields == odd
            stored = session.execute(text("SELECT packed FROM source_records ORDER BY id")).scalars().first()
            assert isinstance(record_packing.unpack(stored)[0], list)  # the cells under their headings
    finally:
        master.close()
