"""live cases: since when the customer waits, the first advisor reply, the switch to email

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('live_since', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('answered_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('unanswered_at', sa.DateTime(), nullable=True))
    # Live cases opened before: their customer has been waiting since the case was opened.
    op.execute("UPDATE cases SET live_since = created_at WHERE mode = 'live'")


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('unanswered_at')
        batch.drop_column('answered_at')
        batch.drop_column('live_since')
