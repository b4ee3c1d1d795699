"""Merge events say which bulk merge they were part of, so a whole bulk merge can be undone at once;
decisions are found by their merge (an unmerge looks them up) without reading them all

The batch was kept inside each event's request image only; finding a bulk merge's events then
meant reading every event. Existing events get their batch from that image.

Revision ID: 0702
Revises: 0701
Create Date: 2026-12-02
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0702"
down_revision = "0701"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("merge_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch", sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f("ix_merge_events_batch"), ["batch"], unique=False)
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_merge_event_id"), ["merge_event_id"], unique=False)
    connection = op.get_bind()
    events = sa.table("merge_events", sa.column("id", sa.Integer), sa.column("before", sa.JSON),
                      sa.column("batch", sa.String))
    found = []
    for event_id, before in connection.execute(sa.select(events.c.id, events.c.before)):
        if isinstance(before, str):
            before = json.loads(before)
        batch = ((before or {}).get("request") or {}).get("batch")
        if batch:
            found.append({"event_id": event_id, "batch_value": batch})
    if found:
        connection.execute(events.update().where(events.c.id == sa.bindparam("event_id"))
                           .values(batch=sa.bindparam("batch_value")), found)


def downgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_merge_event_id"))
    with op.batch_alter_table("merge_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merge_events_batch"))
        batch_op.drop_column("batch")
