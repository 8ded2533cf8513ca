"""initial schema

Revision ID: scheduling_0001
Revises: 
Create Date: 2026-11-24 02:45:29.422767
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'scheduling_0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attendees',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('availability', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('person_id')
    )
    op.create_table('inbox',
    sa.Column('message_id', sa.String(length=36), nullable=False),
    sa.Column('event', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('received_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('processed_at', shared.database.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('message_id')
    )
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.create_index('ix_inbox_due', ['status', 'next_attempt_at'], unique=False)

    op.create_table('meetings',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('match_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('chooser_id', sa.Uuid(), nullable=False),
    sa.Column('other_id', sa.Uuid(), nullable=False),
    sa.Column('remote', sa.Boolean(), nullable=False),
    sa.Column('slots', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('start', shared.database.UtcDateTime(timezone=True), nullable=True),
    sa.Column('end', shared.database.UtcDateTime(timezone=True), nullable=True),
    sa.Column('location', sa.Text(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('meeting_id'),
    sa.UniqueConstraint('match_id')
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_chooser_id'), ['chooser_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_other_id'), ['other_id'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('event', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('published_at', shared.database.UtcDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_unpublished', ['published_at', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_unpublished')

    op.drop_table('outbox')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_other_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_chooser_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.drop_index('ix_inbox_due')

    op.drop_table('inbox')
    op.drop_table('attendees')
