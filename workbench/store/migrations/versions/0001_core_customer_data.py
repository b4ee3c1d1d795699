"""Core customer data: sources, import batches, source records, customers, contact points, settings, audit log

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from workbench.store import search

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=200), nullable=True),
    sa.Column('old_value', JSON, nullable=True),
    sa.Column('new_value', JSON, nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('details', JSON, nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_log_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=True),
    sa.Column('first_name', sa.String(length=200), nullable=True),
    sa.Column('middle_name', sa.String(length=200), nullable=True),
    sa.Column('last_name', sa.String(length=200), nullable=True),
    sa.Column('suffix', sa.String(length=40), nullable=True),
    sa.Column('company', sa.String(length=300), nullable=True),
    sa.Column('job_title', sa.String(length=200), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=60), nullable=True),
    sa.Column('status_override', sa.String(length=60), nullable=True),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('roles', JSON, nullable=False),
    sa.Column('marketing_consent', sa.String(length=20), nullable=False),
    sa.Column('consent_updated_at', sa.DateTime(), nullable=True),
    sa.Column('do_not_contact', sa.Boolean(), nullable=False),
    sa.Column('attributes', JSON, nullable=False),
    sa.Column('tags', JSON, nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('first_seen_at', sa.DateTime(), nullable=True),
    sa.Column('last_order_at', sa.DateTime(), nullable=True),
    sa.Column('order_count', sa.Integer(), nullable=True),
    sa.Column('total_spent', sa.Float(), nullable=True),
    sa.Column('display_name', sa.String(length=500), nullable=False),
    sa.Column('sort_name', sa.String(length=500), nullable=False),
    sa.Column('primary_email', sa.String(length=320), nullable=True),
    sa.Column('primary_phone', sa.String(length=40), nullable=True),
    sa.Column('primary_city', sa.String(length=200), nullable=True),
    sa.Column('primary_country', sa.String(length=2), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['merged_into_id'], ['customers.id'], name=op.f('fk_customers_merged_into_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index('ix_customers_active_city', ['merged_into_id', 'primary_city', 'id'], unique=False)
        batch_op.create_index('ix_customers_active_company', ['merged_into_id', 'company', 'id'], unique=False)
        batch_op.create_index('ix_customers_active_phone', ['merged_into_id', 'primary_phone', 'id'], unique=False)
        batch_op.create_index('ix_customers_active_email', ['merged_into_id', 'primary_email', 'id'], unique=False)
        batch_op.create_index('ix_customers_active_sort', ['merged_into_id', 'sort_name', 'id'], unique=False)
        batch_op.create_index('ix_customers_active_updated', ['merged_into_id', 'updated_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_status'), ['status'], unique=False)

    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', JSON, nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )

    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('trust_rank', sa.Integer(), nullable=False),
    sa.Column('default_region', sa.String(length=2), nullable=True),
    sa.Column('key_column', sa.String(length=200), nullable=True),
    sa.Column('mapping', JSON, nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('name', name=op.f('uq_sources_name'))
    )

    op.create_table('import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('file_path', sa.Text(), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('checksum', sa.String(length=64), nullable=True),
    sa.Column('format', sa.String(length=20), nullable=True),
    sa.Column('encoding', sa.String(length=40), nullable=True),
    sa.Column('delimiter', sa.String(length=4), nullable=True),
    sa.Column('sheet', sa.String(length=200), nullable=True),
    sa.Column('header_row', sa.Integer(), nullable=True),
    sa.Column('mapping', JSON, nullable=True),
    sa.Column('options', JSON, nullable=True),
    sa.Column('counts', JSON, nullable=True),
    sa.Column('rejects', JSON, nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_import_batches_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches'))
    )
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batches_source_id'), ['source_id'], unique=False)

    op.create_table('source_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('last_batch_id', sa.Integer(), nullable=True),
    sa.Column('record_no', sa.Integer(), nullable=True),
    sa.Column('source_key', sa.String(length=500), nullable=False),
    sa.Column('record_hash', sa.String(length=64), nullable=False),
    sa.Column('raw', JSON, nullable=False),
    sa.Column('fields', JSON, nullable=False),
    sa.Column('issues', JSON, nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_source_records_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_source_records_customer_id_customers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['last_batch_id'], ['import_batches.id'], name=op.f('fk_source_records_last_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_source_records_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_records')),
    sa.UniqueConstraint('source_id', 'source_key', name=op.f('uq_source_records_source_id'))
    )
    with op.batch_alter_table('source_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_records_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_source_records_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_source_records_source_id'), ['source_id'], unique=False)

    op.create_table('addresses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('source_record_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('street', sa.String(length=300), nullable=True),
    sa.Column('street2', sa.String(length=300), nullable=True),
    sa.Column('city', sa.String(length=200), nullable=True),
    sa.Column('region', sa.String(length=200), nullable=True),
    sa.Column('postcode', sa.String(length=20), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('is_valid', sa.Boolean(), nullable=False),
    sa.Column('problem', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_addresses_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_record_id'], ['source_records.id'], name=op.f('fk_addresses_source_record_id_source_records'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_addresses'))
    )
    with op.batch_alter_table('addresses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_addresses_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_addresses_postcode'), ['postcode'], unique=False)
        batch_op.create_index(batch_op.f('ix_addresses_source_record_id'), ['source_record_id'], unique=False)

    op.create_table('emails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('source_record_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=320), nullable=False),
    sa.Column('normalized', sa.String(length=320), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('is_valid', sa.Boolean(), nullable=False),
    sa.Column('problem', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_emails_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_record_id'], ['source_records.id'], name=op.f('fk_emails_source_record_id_source_records'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emails'))
    )
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_emails_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_emails_normalized'), ['normalized'], unique=False)
        batch_op.create_index(batch_op.f('ix_emails_source_record_id'), ['source_record_id'], unique=False)

    op.create_table('phones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('source_record_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.String(length=80), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('is_valid', sa.Boolean(), nullable=False),
    sa.Column('problem', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_phones_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_record_id'], ['source_records.id'], name=op.f('fk_phones_source_record_id_source_records'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phones'))
    )
    with op.batch_alter_table('phones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phones_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phones_e164'), ['e164'], unique=False)
        batch_op.create_index(batch_op.f('ix_phones_source_record_id'), ['source_record_id'], unique=False)


    search.install(op.get_bind())


def downgrade() -> None:
    search.uninstall(op.get_bind())
    with op.batch_alter_table('phones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phones_source_record_id'))
        batch_op.drop_index(batch_op.f('ix_phones_e164'))
        batch_op.drop_index(batch_op.f('ix_phones_customer_id'))

    op.drop_table('phones')
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_emails_source_record_id'))
        batch_op.drop_index(batch_op.f('ix_emails_normalized'))
        batch_op.drop_index(batch_op.f('ix_emails_customer_id'))

    op.drop_table('emails')
    with op.batch_alter_table('addresses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_addresses_source_record_id'))
        batch_op.drop_index(batch_op.f('ix_addresses_postcode'))
        batch_op.drop_index(batch_op.f('ix_addresses_customer_id'))

    op.drop_table('addresses')
    with op.batch_alter_table('source_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_records_source_id'))
        batch_op.drop_index(batch_op.f('ix_source_records_customer_id'))
        batch_op.drop_index(batch_op.f('ix_source_records_batch_id'))

    op.drop_table('source_records')
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batches_source_id'))

    op.drop_table('import_batches')
    op.drop_table('sources')
    op.drop_table('settings')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customers_status'))
        batch_op.drop_index(batch_op.f('ix_customers_merged_into_id'))
        batch_op.drop_index('ix_customers_active_updated')
        batch_op.drop_index('ix_customers_active_sort')
        batch_op.drop_index('ix_customers_active_email')
        batch_op.drop_index('ix_customers_active_city')
        batch_op.drop_index('ix_customers_active_company')
        batch_op.drop_index('ix_customers_active_phone')

    op.drop_table('customers')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_entity')
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
