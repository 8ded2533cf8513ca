"""outcome surveys: each seeker asked once, three months after their first help, where they stand

Revision ID: matching_0011
Revises: matching_0010
Create Date: 2026-12-07 19:00:00.000000
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'matching_0011'
down_revision = 'matching_0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outcome_surveys',
    sa.Column('survey_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('asked_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('answered_at', shared.database.UtcDateTime(timezone=True), nullable=True),
    sa.Column('situation', sa.String(length=16), nullable=True),
    sa.Column('helped', sa.Boolean(), nullable=True),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('survey_id')
    )
    with op.batch_alter_table('outcome_surveys', schema=None) as batch_op:
        # Asked once: a second replica's timer asking the same person fails on this.
        batch_op.create_index(batch_op.f('ix_outcome_surveys_person_id'), ['person_id'],
                              unique=True)
        batch_op.create_index(batch_op.f('ix_outcome_surveys_token_hash'), ['token_hash'],
                              unique=True)
    with op.batch_alter_table('matches', schema=None) as batch_op:
        # The timer looks for seekers whose first help was given long enough ago.
        batch_op.create_index(batch_op.f('ix_matches_given_at'), ['given_at'], unique=False)


def downgrade():
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matches_given_at'))
    with op.batch_alter_table('outcome_surveys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_surveys_token_hash'))
        batch_op.drop_index(batch_op.f('ix_outcome_surveys_person_id'))
    op.drop_table('outcome_surveys')
