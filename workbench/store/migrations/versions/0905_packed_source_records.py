"""A source record's raw cells and standardized payload are stored packed together

The payload repeats most of the row's cells, and both repeat the same keys on every row: the
two JSON columns took about 540 bytes a record of a webshop list. Packed together from a
preset dictionary (see `workbench.store.record_packing`) they take about 170. Existing records
are rewritten; what they read as does not change, nor do their content hashes.

Revision ID: 0905
Revises: 0904
Create Date: 2026-12-05
"""

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from workbench.store import record_packing

revision = "0905"
down_revision = "0904"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
CHUNK = 5000


def _loaded(value):
    return json.loads(value) if isinstance(value, str) else value


def _chunks(connection, columns):
    records = sa.table("source_records", sa.column("id", sa.Integer), *columns)
    last = 0
    while True:
        rows = connection.execute(sa.select(records.c.id, *[records.c[c.name] for c in columns])
                                  .where(records.c.id > last).order_by(records.c.id).limit(CHUNK)).all()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def upgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # In place: the batch mode's copy of the table would drop the old one, and its contact
        # points' links to it with it (ON DELETE SET NULL). SQLite adds a NOT NULL column only
        # with a default; every row gets its own value below.
        op.execute("ALTER TABLE source_records ADD COLUMN packed BLOB NOT NULL DEFAULT X''")
    else:
        op.add_column("source_records", sa.Column("packed", sa.LargeBinary(), nullable=True))
    # Read as stored text on SQLite: the JSON is only handed on, as it is, to the packing.
    read = sa.Text() if sqlite else JSON
    target = sa.table("source_records", sa.column("id", sa.Integer), sa.column("packed", sa.LargeBinary))
    for rows in _chunks(connection, [sa.column("raw", read), sa.column("fields", read)]):
        connection.execute(target.update().where(target.c.id == sa.bindparam("record_id")).values(
            packed=sa.bindparam("packed_value")), [
            {"record_id": record_id, "packed_value": record_packing.pack(_loaded(raw), _loaded(fields))}
            for record_id, raw, fields in rows])
    if sqlite:
        op.execute("ALTER TABLE source_records DROP COLUMN raw")  # SQLite 3.35 and later
        op.execute("ALTER TABLE source_records DROP COLUMN fields")
    else:
        op.alter_column("source_records", "packed", nullable=False)
        op.drop_column("source_records", "raw")
        op.drop_column("source_records", "fields")


def downgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        op.execute("ALTER TABLE source_records ADD COLUMN raw JSON NOT NULL DEFAULT '{}'")
        op.execute("ALTER TABLE source_records ADD COLUMN fields JSON NOT NULL DEFAULT '{}'")
        written = sa.Text()

        def dumps(value):
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        op.add_column("source_records", sa.Column("raw", JSON, nullable=True))
        op.add_column("source_records", sa.Column("fields", JSON, nullable=True))
        written = JSON

        def dumps(value):
            return value
    target = sa.table("source_records", sa.column("id", sa.Integer), sa.column("raw", written),
                      sa.column("fields", written))
    for rows in _chunks(connection, [sa.column("packed", sa.LargeBinary)]):
        changes = []
        for record_id, packed in rows:
            raw, payload = record_packing.unpack(packed)
            changes.append({"record_id": record_id, "raw_value": dumps(raw), "fields_value": dumps(payload)})
        connection.execute(target.update().where(target.c.id == sa.bindparam("record_id")).values(
            raw=sa.bindparam("raw_value"), fields=sa.bindparam("fields_value")), changes)
    if sqlite:
        op.execute("ALTER TABLE source_records DROP COLUMN packed")
    else:
        op.alter_column("source_records", "raw", nullable=False)
        op.alter_column("source_records", "fields", nullable=False)
        op.drop_column("source_records", "packed")
