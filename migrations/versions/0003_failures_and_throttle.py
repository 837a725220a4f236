"""failure counts; failed order lookups (throttle)

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('failure_counts',
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('last_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('source')
    )
    op.create_table('lookup_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('failed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_lookup_failures_key_failed_at', 'lookup_failures', ['key', 'failed_at'])


def downgrade() -> None:
    op.drop_index('ix_lookup_failures_key_failed_at', table_name='lookup_failures')
    op.drop_table('lookup_failures')
    op.drop_table('failure_counts')
