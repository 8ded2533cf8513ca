"""units counted by match, and units released: each match's unit is counted once whatever order
matching's events arrive in, and a paused unit the donor gives up is kept apart

Revision ID: profiles_0008
Revises: profiles_0007
Create Date: 2026-12-07 19:00:00.000000

Matching's events about one match (accepted, cancelled, help given, reassigned) travel in
separate queues: `match_units` holds the state profiles last counted for each match's unit, so
that a redelivery or a late event has no second effect. Matches accepted before this table have no
row; their units stay in progress, and the first news of them is applied to one of those.
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'profiles_0008'
down_revision = 'profiles_0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'match_units',
        sa.Column('match_id', sa.Uuid(), nullable=False),
        sa.Column('pledge_id', sa.Uuid(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('changed_at', shared.database.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['pledge_id'], ['pledges.id']),
        sa.PrimaryKeyConstraint('match_id'),
    )
    op.create_index('ix_match_units_pledge_id', 'match_units', ['pledge_id'])
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('released', sa.Integer(), nullable=False,
                                      server_default='0'))


def downgrade():
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.drop_column('released')
    op.drop_index('ix_match_units_pledge_id', table_name='match_units')
    op.drop_table('match_units')
