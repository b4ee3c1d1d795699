"""Alembic, driven from code: the app upgrades any older master when it opens it."""

from __future__ import annotations

import logging

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from workbench.errors import WorkbenchError
from workbench.paths import migrations_dir
from workbench.progress import NO_PROGRESS, Progress
from workbench.store.locking import MODE_OPTION, READ, BusyPolicy, wait_until_free

log = logging.getLogger(__name__)

# Revisions that rewrite rows of a populated master in place, shorter than they were: SQLite leaves
# the room they gave up scattered over half-empty pages (the file grows by a tenth rather than
# shrinking), so the file is rebuilt once after an upgrade that ran one of them.
REWRITES_ROWS = frozenset({"0901", "0905"})


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


def upgrade(engine: Engine, revision: str = "head", progress: Progress = NO_PROGRESS) -> None:
    """Bring the master to `revision`, one revision at a time (`progress` hears of each step: an
    upgrade of a big master rewrites every record and can take minutes)."""
    current = current_revision(engine)
    script = ScriptDirectory.from_config(alembic_config())
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise WorkbenchError(
            f"this master has schema revision {current}, newer than this version of the app knows; "
            "update Steward Workbench to open it"
        )
    if revision == "head" and current == script.get_current_head():
        return
    config = alembic_config(engine)
    if current is None:  # a new master: quick, and set up in one go (each step alone costs a connection)
        progress(0, 1, "Setting up the new master…")
        command.upgrade(config, revision)
        progress(1, 1, "The master is set up")
        return
    steps = [rev.revision for rev in reversed(list(script.iterate_revisions(revision, current)))]
    rebuild = engine.dialect.name == "sqlite" and bool(REWRITES_ROWS & set(steps))
    total = len(steps) + rebuild
    for number, step in enumerate(steps, start=1):
        progress(number - 1, total, f"Upgrading the master for this version (step {number} of {total})…")
        command.upgrade(config, step)
    if rebuild:
        progress(total - 1, total, f"Tidying the master's file (step {total} of {total})…")
        _rebuild_file(engine)
    progress(total, total, "The master is up to date")


def _rebuild_file(engine: Engine) -> None:
    """VACUUM, once no one else writes. A master that cannot be rebuilt now (another program
    writes to it, or the disk lacks room for the copy) works as it is, only bigger."""
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        try:
            wait_until_free(driver, BusyPolicy(), 5_000)
            driver.execute("VACUUM")
        except Exception as exc:  # noqa: BLE001 - busy, no room, either driver's error: the master is whole
            log.warning("the master was upgraded but not rebuilt (%s): it keeps the room it had", exc)
    finally:
        raw.close()
