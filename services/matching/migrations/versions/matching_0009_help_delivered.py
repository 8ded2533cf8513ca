"""help delivered: when and how a match's help was given, whether on time, the delivery reminders
sent, and when (and why) a silent donor's match went to another donor

Revision ID: matching_0009
Revises: matching_0008
Create Date: 2026-12-07 18:40:00.000000
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'matching_0009'
down_revision = 'matching_0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('given_at', shared.database.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('given_how', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('given_on_time', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('deadline_at', shared.database.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('reminded', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('reassigned_at', shared.database.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('reassign_reason', sa.String(length=32), nullable=True))
    # Meetings held before this step were help given, on time (meetings have no deadline).
    op.execute("UPDATE matches SET given_at = held_at, given_how = 'meeting_held', "
               "given_on_time = true WHERE held_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table('matches', schema=None) as batch_op:
        for column in ('reassign_reason', 'reassigned_at', 'reminded', 'deadline_at',
                       'given_on_time', 'given_how', 'given_at'):
            batch_op.drop_column(column)
