"""rounds due: a round of a kind made due by a request or a unit arriving, claimed by the round
that runs it

Revision ID: matching_0012
Revises: matching_0011
Create Date: 2026-12-08 00:50:00.000000
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'matching_0012'
down_revision = 'matching_0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rounds_due',
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('due_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', shared.database.UtcDateTime(timezone=True), nullable=True),
    sa.Column('claim_id', sa.String(length=36), nullable=True),
    sa.Column('next_due_at', shared.database.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('kind')
    )


def downgrade():
    op.drop_table('rounds_due')
