"""email triage: what was done with each received message (mail_messages)

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mail_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_key', sa.String(length=255), nullable=False),
    sa.Column('message_id', sa.String(length=998), nullable=True),
    sa.Column('sender', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('decision', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('faq_id', sa.String(length=80), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=True),
    sa.Column('order_number', sa.String(length=32), nullable=True),
    sa.Column('cleaned_text', sa.Text(), nullable=False),
    sa.Column('suggested_answer', sa.Text(), nullable=True),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('reply_message_id', sa.String(length=998), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_key')
    )
    op.create_index('ix_mail_messages_sender', 'mail_messages', ['sender'])
    op.create_index('ix_mail_messages_case_id', 'mail_messages', ['case_id'])
    op.create_index('ix_mail_messages_reply_message_id', 'mail_messages', ['reply_message_id'])
    op.create_index('ix_mail_messages_status', 'mail_messages', ['status'])
    op.create_index('ix_mail_messages_done_at', 'mail_messages', ['done_at'])


def downgrade() -> None:
    for column in ('done_at', 'status', 'reply_message_id', 'case_id', 'sender'):
        op.drop_index(f'ix_mail_messages_{column}', table_name='mail_messages')
    op.drop_table('mail_messages')
