"""The search index is updated only when a customer's words change

The SQLite trigger that keeps the full-text index in step took a row out of the index and put it
back on every UPDATE that set `search_text`, also to the same words; now only when they differ.
PostgreSQL's trigram index is kept by the database itself: nothing to change there.

Revision ID: 0902
Revises: 0901
Create Date: 2026-12-03
"""

from alembic import op

from workbench.store import search

revision = "0902"
down_revision = "0901"
branch_labels = None
depends_on = None

OLD_UPDATE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS customers_fts_update AFTER UPDATE OF search_text ON customers BEGIN
           INSERT INTO customer_fts(customer_fts, rowid, search_text)
           VALUES ('delete', old.id, old.search_text);
           INSERT INTO customer_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS customers_fts_update")
        op.execute(search.UPDATE_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS customers_fts_update")
        op.execute(OLD_UPDATE_TRIGGER)
