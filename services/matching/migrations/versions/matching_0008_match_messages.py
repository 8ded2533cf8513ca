"""match messages: each accepted match's private conversation; when a match was accepted

Revision ID: matching_0008
Revises: matching_0007
Create Date: 2026-12-07 17:10:00.000000
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'matching_0008'
down_revision = 'matching_0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('match_messages',
    sa.Column('message_id', sa.Uuid(), nullable=False),
    sa.Column('match_id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('posted_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('message_id')
    )
    with op.batch_alter_table('match_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_messages_match_id'), ['match_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_messages_author_id'), ['author_id'],
                              unique=False)
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_at', shared.database.UtcDateTime(timezone=True),
                                      nullable=True))
    # Matches accepted before this migration: accepted when they were decided. Those called off
    # since cannot be told from proposals withdrawn, and have no conversation (none was written).
    op.execute("UPDATE matches SET accepted_at = decided_at WHERE status = 'accepted'")


def downgrade():
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_column('accepted_at')
    with op.batch_alter_table('match_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_messages_author_id'))
        batch_op.drop_index(batch_op.f('ix_match_messages_match_id'))
    op.drop_table('match_messages')
