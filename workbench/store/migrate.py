"""Alembic, driven from code: the app upgrades any older master when it opens it."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from workbench.errors import WorkbenchError
from workbench.paths import migrations_dir
from workbench.store.locking import MODE_OPTION, READ


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Schema comparison skips the search index (FTS5 tables, the trigram index): a migration makes them."""
    if type_ == "table" and name and name.startswith("customer_fts"):
        return False
    return not (type_ == "index" and name == "ix_customers_search_trgm")


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    # A read: opening a master another program is writing to must not wait for its lock.
    with engine.execution_options(**{MODE_OPTION: READ}).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    current = current_revision(engine)
    script = ScriptDirectory.from_config(alembic_config())
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise WorkbenchError(
            f"this master has schema revision {current}, newer than this version of the app knows; "
            "update Steward Workbench to open it"
        )
    if revision == "head" and current == script.get_current_head():
        return
    command.upgrade(alembic_config(engine), revision)
