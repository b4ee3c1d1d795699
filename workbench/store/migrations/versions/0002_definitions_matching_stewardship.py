"""Definitions, matching and stewardship: attribute definitions, status rules, roles, relationships, segments, match runs and candidates, decisions, merge events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision = "0002"
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attribute_definitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('choices', JSON, nullable=True),
    sa.Column('pattern', sa.String(length=500), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attribute_definitions')),
    sa.UniqueConstraint('name', name=op.f('uq_attribute_definitions_name'))
    )

    op.create_table('match_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('settings', JSON, nullable=True),
    sa.Column('stats', JSON, nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_runs'))
    )

    op.create_table('relationship_kinds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('inverse_name', sa.String(length=100), nullable=True),
    sa.Column('symmetric', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relationship_kinds')),
    sa.UniqueConstraint('name', name=op.f('uq_relationship_kinds_name'))
    )

    op.create_table('role_definitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_definitions')),
    sa.UniqueConstraint('name', name=op.f('uq_role_definitions_name'))
    )

    op.create_table('segments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('filter', JSON, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_segments')),
    sa.UniqueConstraint('name', name=op.f('uq_segments_name'))
    )

    op.create_table('status_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('rule', JSON, nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('color', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_rules')),
    sa.UniqueConstraint('name', name=op.f('uq_status_rules_name'))
    )

    op.create_table('match_candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_a_id', sa.Integer(), nullable=False),
    sa.Column('customer_b_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('probability', sa.Float(), nullable=True),
    sa.Column('explanation', JSON, nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.CheckConstraint('customer_a_id < customer_b_id', name=op.f('ck_match_candidates_ordered_pair')),
    sa.ForeignKeyConstraint(['customer_a_id'], ['customers.id'], name=op.f('fk_match_candidates_customer_a_id_customers')),
    sa.ForeignKeyConstraint(['customer_b_id'], ['customers.id'], name=op.f('fk_match_candidates_customer_b_id_customers')),
    sa.ForeignKeyConstraint(['run_id'], ['match_runs.id'], name=op.f('fk_match_candidates_run_id_match_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_candidates')),
    sa.UniqueConstraint('customer_a_id', 'customer_b_id', name=op.f('uq_match_candidates_customer_a_id'))
    )
    with op.batch_alter_table('match_candidates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_candidates_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_candidates_customer_a_id'), ['customer_a_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_candidates_customer_b_id'), ['customer_b_id'], unique=False)
        batch_op.create_index('ix_match_candidates_status_score', ['status', 'score'], unique=False)

    op.create_table('merge_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survivor_id', sa.Integer(), nullable=False),
    sa.Column('merged_ids', JSON, nullable=False),
    sa.Column('before', JSON, nullable=False),
    sa.Column('picks', JSON, nullable=True),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undone_by', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['survivor_id'], ['customers.id'], name=op.f('fk_merge_events_survivor_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_merge_events'))
    )
    with op.batch_alter_table('merge_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merge_events_survivor_id'), ['survivor_id'], unique=False)

    op.create_table('relationships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind_id', sa.Integer(), nullable=False),
    sa.Column('from_customer_id', sa.Integer(), nullable=False),
    sa.Column('to_customer_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['from_customer_id'], ['customers.id'], name=op.f('fk_relationships_from_customer_id_customers')),
    sa.ForeignKeyConstraint(['kind_id'], ['relationship_kinds.id'], name=op.f('fk_relationships_kind_id_relationship_kinds')),
    sa.ForeignKeyConstraint(['to_customer_id'], ['customers.id'], name=op.f('fk_relationships_to_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relationships'))
    )
    with op.batch_alter_table('relationships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_relationships_from_customer_id'), ['from_customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relationships_to_customer_id'), ['to_customer_id'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_a_id', sa.Integer(), nullable=False),
    sa.Column('customer_b_id', sa.Integer(), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.Column('merge_event_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=200), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['match_candidates.id'], name=op.f('fk_decisions_candidate_id_match_candidates')),
    sa.ForeignKeyConstraint(['customer_a_id'], ['customers.id'], name=op.f('fk_decisions_customer_a_id_customers')),
    sa.ForeignKeyConstraint(['customer_b_id'], ['customers.id'], name=op.f('fk_decisions_customer_b_id_customers')),
    sa.ForeignKeyConstraint(['merge_event_id'], ['merge_events.id'], name=op.f('fk_decisions_merge_event_id_merge_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index('ix_decisions_pair', ['customer_a_id', 'customer_b_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_decisions_pair')

    op.drop_table('decisions')
    with op.batch_alter_table('relationships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_relationships_to_customer_id'))
        batch_op.drop_index(batch_op.f('ix_relationships_from_customer_id'))

    op.drop_table('relationships')
    with op.batch_alter_table('merge_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merge_events_survivor_id'))

    op.drop_table('merge_events')
    with op.batch_alter_table('match_candidates', schema=None) as batch_op:
        batch_op.drop_index('ix_match_candidates_status_score')
        batch_op.drop_index(batch_op.f('ix_match_candidates_customer_b_id'))
        batch_op.drop_index(batch_op.f('ix_match_candidates_customer_a_id'))
        batch_op.drop_index(batch_op.f('ix_match_candidates_cluster_id'))

    op.drop_table('match_candidates')
    op.drop_table('status_rules')
    op.drop_table('segments')
    op.drop_table('role_definitions')
    op.drop_table('relationship_kinds')
    op.drop_table('match_runs')
    op.drop_table('attribute_definitions')
