"""initial schema

Revision ID: matching_0001
Revises: 
Create Date: 2026-11-24 02:45:28.981043
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'matching_0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('candidates',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('occupation', sa.String(length=100), nullable=True),
    sa.Column('target_occupation', sa.String(length=100), nullable=True),
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

    op.create_table('matches',
    sa.Column('match_id', sa.Uuid(), nullable=False),
    sa.Column('round_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('request_id', sa.Uuid(), nullable=False),
    sa.Column('pledge_id', sa.Uuid(), nullable=False),
    sa.Column('seeker_id', sa.Uuid(), nullable=False),
    sa.Column('donor_id', sa.Uuid(), nullable=False),
    sa.Column('affinity', sa.Float(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('proposed_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', shared.database.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('match_id')
    )
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matches_donor_id'), ['donor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_pledge_id'), ['pledge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_seeker_id'), ['seeker_id'], unique=False)

    op.create_table('offers',
    sa.Column('pledge_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('available', sa.Integer(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('remote', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('pledge_id')
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offers_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_offers_person_id'), ['person_id'], unique=False)

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

    op.create_table('requests',
    sa.Column('request_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('requested_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('request_id')
    )
    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requests_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_requests_person_id'), ['person_id'], unique=False)

    op.create_table('rounds',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('started_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('requests', sa.Integer(), nullable=False),
    sa.Column('offers', sa.Integer(), nullable=False),
    sa.Column('edges', sa.Integer(), nullable=False),
    sa.Column('matched', sa.Integer(), nullable=False),
    sa.Column('mean_affinity', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade():
    op.drop_table('rounds')
    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requests_person_id'))
        batch_op.drop_index(batch_op.f('ix_requests_kind'))

    op.drop_table('requests')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_unpublished')

    op.drop_table('outbox')
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offers_person_id'))
        batch_op.drop_index(batch_op.f('ix_offers_kind'))

    op.drop_table('offers')
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matches_seeker_id'))
        batch_op.drop_index(batch_op.f('ix_matches_request_id'))
        batch_op.drop_index(batch_op.f('ix_matches_pledge_id'))
        batch_op.drop_index(batch_op.f('ix_matches_donor_id'))

    op.drop_table('matches')
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.drop_index('ix_inbox_due')

    op.drop_table('inbox')
    op.drop_table('candidates')
