"""A re-import records the batch that saw a record unchanged in a narrow table of its own

Before, every unchanged record's row was rewritten to change `last_batch_id`; a million
records meant the whole table written again (and its log). `record_sightings` holds the
batch that last saw a record unchanged when it is later than the one that last wrote it;
readers take the latest of the two (`workbench/store/sightings.py`). Existing masters need
nothing moved: their `last_batch_id` stays what it was.

Revision ID: 0904
Revises: 0903
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0904"
down_revision = "0903"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_sightings",
        sa.Column("record_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batches.id"],
                                name=op.f("fk_record_sightings_batch_id_import_batches")),
        sa.ForeignKeyConstraint(["record_id"], ["source_records.id"],
                                name=op.f("fk_record_sightings_record_id_source_records"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_record_sightings")),
    )


def downgrade() -> None:
    op.drop_table("record_sightings")
