"""Source records stored compactly: a file's headings once, each record's cells as a list, and the
standardized payload without what its contact points say twice

Every raw cell carried its heading, on every row; every payload repeated each e-mail address in
small letters, each phone number written in E.164 as its E.164 form, and which point is primary.
Existing records are rewritten in the compact form (see `workbench.store.compact`); what they
read as does not change, nor do their content hashes.

Revision ID: 0901
Revises: 0801
Create Date: 2026-12-03
"""

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from workbench.store.compact import compact_payload, expand_payload, headings_digest, raw_dict, raw_form

revision = "0901"
down_revision = "0801"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
CHUNK = 5000


def _records(written: sa.types.TypeEngine = JSON) -> sa.TableClause:
    return sa.table("source_records", sa.column("id", sa.Integer), sa.column("raw", written),
                    sa.column("fields", written), sa.column("headings_id", sa.Integer))


def _writer(connection):
    """How the rewritten values are bound: on SQLite as JSON text written compactly (as an import
    writes it: no spaces, letters as they are), elsewhere as values for the JSON column."""
    if connection.dialect.name != "sqlite":
        return _records(), lambda value: value
    return _records(sa.Text()), _compact_json


def _compact_json(value):
    return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _loaded(value):
    return json.loads(value) if isinstance(value, str) else value


def _chunks(connection, records):
    last = 0
    while True:
        rows = connection.execute(sa.select(records.c.id, records.c.raw, records.c.fields, records.c.headings_id)
                                  .where(records.c.id > last).order_by(records.c.id).limit(CHUNK)).all()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def upgrade() -> None:
    op.create_table('raw_headings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('names', JSON, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_raw_headings')),
    sa.UniqueConstraint('digest', name=op.f('uq_raw_headings_digest'))
    )
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        # Added in place: the batch mode's copy of the table would drop the old one, and its
        # contact points' links to it with it (ON DELETE SET NULL).
        op.execute("ALTER TABLE source_records ADD COLUMN headings_id INTEGER "
                   "CONSTRAINT fk_source_records_headings_id_raw_headings REFERENCES raw_headings (id)")
    else:
        op.add_column('source_records', sa.Column('headings_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_source_records_headings_id_raw_headings'), 'source_records', 'raw_headings',
                              ['headings_id'], ['id'])

    headings = sa.table("raw_headings", sa.column("id", sa.Integer), sa.column("digest", sa.String),
                        sa.column("names", JSON))
    records = _records()
    target, dumps = _writer(connection)
    known: dict[tuple[str, ...], int] = {}
    for rows in _chunks(connection, records):
        changes = []
        for record_id, raw, fields, _headings_id in rows:
            names, cells = raw_form(_loaded(raw) or {})
            heading_id = None
            if names is not None:
                heading_id = known.get(names)
                if heading_id is None:
                    heading_id = connection.execute(headings.insert().values(
                        digest=headings_digest(names), names=list(names)).returning(headings.c.id)).scalar_one()
                    known[names] = heading_id
            changes.append({"record_id": record_id, "raw_value": dumps(cells),
                            "fields_value": dumps(compact_payload(_loaded(fields))), "headings_value": heading_id})
        connection.execute(target.update().where(target.c.id == sa.bindparam("record_id")).values(
            raw=sa.bindparam("raw_value"), fields=sa.bindparam("fields_value"),
            headings_id=sa.bindparam("headings_value")), changes)


def downgrade() -> None:
    connection = op.get_bind()
    headings = sa.table("raw_headings", sa.column("id", sa.Integer), sa.column("names", JSON))
    names = {row.id: _loaded(row.names) for row in connection.execute(sa.select(headings.c.id, headings.c.names))}
    records = _records()
    target, dumps = _writer(connection)
    for rows in _chunks(connection, records):
        connection.execute(target.update().where(target.c.id == sa.bindparam("record_id")).values(
            raw=sa.bindparam("raw_value"), fields=sa.bindparam("fields_value")), [
            {"record_id": record_id, "raw_value": dumps(raw_dict(_loaded(raw), names.get(heading_id))),
             "fields_value": dumps(expand_payload(_loaded(fields)))} for record_id, raw, fields, heading_id in rows])
    if connection.dialect.name == "sqlite":
        op.execute("UPDATE source_records SET headings_id = NULL")
        op.execute("ALTER TABLE source_records DROP COLUMN headings_id")  # SQLite 3.35 and later
    else:
        op.drop_constraint(op.f('fk_source_records_headings_id_raw_headings'), 'source_records', type_='foreignkey')
        op.drop_column('source_records', 'headings_id')
    op.drop_table('raw_headings')
