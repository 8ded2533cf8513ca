"""interests told: which seekers were told that a sponsor liked their card

Revision ID: matching_0006
Revises: matching_0005
Create Date: 2026-11-24 07:00:00.000000
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'matching_0006'
down_revision = 'matching_0005'
branch_labels = None
depends_on = None


def upgrade():
    # A seeker hears of a sponsor's like once per pair, however often the sponsor likes again.
    op.create_table('interests_told',
    sa.Column('sponsor_id', sa.Uuid(), nullable=False),
    sa.Column('seeker_id', sa.Uuid(), nullable=False),
    sa.Column('told_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sponsor_id', 'seeker_id')
    )


def downgrade():
    op.drop_table('interests_told')
