"""console login failures (throttle); outbox of deliveries to Zendesk and Chatwoot

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=50), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('failed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_login_failures_username', 'login_failures', ['username'])
    op.create_index('ix_login_failures_address', 'login_failures', ['address'])
    op.create_index('ix_login_failures_failed_at', 'login_failures', ['failed_at'])
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('connector', sa.String(length=20), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_outbox_case_id', 'outbox', ['case_id'])
    op.create_index('ix_outbox_status', 'outbox', ['status'])


def downgrade() -> None:
    op.drop_index('ix_outbox_status', table_name='outbox')
    op.drop_index('ix_outbox_case_id', table_name='outbox')
    op.drop_table('outbox')
    op.drop_index('ix_login_failures_failed_at', table_name='login_failures')
    op.drop_index('ix_login_failures_address', table_name='login_failures')
    op.drop_index('ix_login_failures_username', table_name='login_failures')
    op.drop_table('login_failures')
