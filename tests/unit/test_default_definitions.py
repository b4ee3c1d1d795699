"""Default definitions arrive once per master, new or upgraded, and deletions stick."""

from alembic import command
from sqlalchemy import select, text

from workbench.definitions.defaults import DEFAULT_RELATIONSHIP_KINDS, DEFAULT_ROLES, DEFAULT_STATUSES
from workbench.definitions.statuses import load_rules
from workbench.store.master import make_engine, open_master, to_url
from workbench.store.migrate import alembic_config
from workbench.store.models import RelationshipKind, RoleDefinition


def names(session, model):
    return list(session.scalars(select(model.name).order_by(model.position)))


def test_a_new_master_has_the_defaults_in_order(master):
    with master.session() as session:
        assert [r.name for r in load_rules(session)] == [d["name"] for d in DEFAULT_STATUSES]
        assert names(session, RoleDefinition) == [d["name"] for d in DEFAULT_ROLES]
        assert names(session, RelationshipKind) == [d["name"] for d in DEFAULT_RELATIONSHIP_KINDS]


def test_an_older_master_gets_them_on_upgrade_but_its_own_are_kept(master_url):
    engine = make_engine(to_url(master_url))
    command.upgrade(alembic_config(engine), "0002")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO status_rules (name, position, rule) "
                                "VALUES ('VIP', 0, '{\"conditions\": []}')"))
    engine.dispose()
    upgraded = open_master(master_url)
    try:
        with upgraded.session() as session:
            assert [r.name for r in load_rules(session)] == ["VIP"]  # the business's own rules stay alone
            assert names(session, RoleDefinition) == [d["name"] for d in DEFAULT_ROLES]
    finally:
        upgraded.close()


def test_a_deleted_default_does_not_come_back(sqlite_master, tmp_path):
    with sqlite_master.transaction() as session:
        session.execute(RoleDefinition.__table__.delete().where(RoleDefinition.name == "influencer"))
    sqlite_master.close()
    reopened = open_master(tmp_path / "master.sqlite")
    try:
        with reopened.session() as session:
            assert "influencer" not in names(session, RoleDefinition)
    finally:
        reopened.close()


def test_the_migration_writes_the_same_defaults_as_the_code():
    # "Restore defaults" and new masters must agree; changing the defaults later needs a new data migration.
    import importlib.util

    from workbench.paths import migrations_dir

    spec = importlib.util.spec_from_file_location("m0701", migrations_dir() / "versions" /
                                                  "0701_default_definitions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert [(n, c, d, r) for n, c, d, r in module.STATUSES] == [
        (s["name"], s["color"], s["description"], s["rule"]) for s in DEFAULT_STATUSES]
    assert [(r["name"], r["description"]) for r in DEFAULT_ROLES] == module.ROLES
    assert [(k["name"], k["inverse_name"], k["symmetric"]) for k in DEFAULT_RELATIONSHIP_KINDS] == module.KINDS
