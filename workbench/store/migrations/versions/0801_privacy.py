"""Privacy: keyed hashes of suppressed e-mail addresses and phone numbers, and the export log

Revision ID: 0801
Revises: 0702
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0801"
down_revision = "0702"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('suppressions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suppressions'))
    )
    with op.batch_alter_table('suppressions', schema=None) as batch_op:
        batch_op.create_index('ix_suppressions_digest', ['digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_suppressions_customer_id'), ['customer_id'], unique=False)

    op.create_table('export_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=True),
    sa.Column('preset', sa.String(length=100), nullable=False),
    sa.Column('tool', sa.String(length=200), nullable=True),
    sa.Column('file', sa.Text(), nullable=True),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_log'))
    )
    with op.batch_alter_table('export_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_log_at'), ['at'], unique=False)

    op.create_table('export_log_customers',
    sa.Column('export_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['export_id'], ['export_log.id'], name=op.f('fk_export_log_customers_export_id_export_log'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('export_id', 'customer_id', name=op.f('pk_export_log_customers'))
    )
    with op.batch_alter_table('export_log_customers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_log_customers_customer_id'), ['customer_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('export_log_customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_log_customers_customer_id'))
    op.drop_table('export_log_customers')
    with op.batch_alter_table('export_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_log_at'))
    op.drop_table('export_log')
    with op.batch_alter_table('suppressions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suppressions_customer_id'))
        batch_op.drop_index('ix_suppressions_digest')
    op.drop_table('suppressions')
