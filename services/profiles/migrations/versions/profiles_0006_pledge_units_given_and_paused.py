"""pledge units given and paused: a unit counts as given when the help was given, not when its
match was accepted; a silent donor's unit comes back to them paused

Revision ID: profiles_0006
Revises: profiles_0005
Create Date: 2026-12-07 18:40:00.000000

Until now a unit left `remaining` when its match was accepted and nothing said whether the help
was ever given. Units already used are not known to be given: they stay in progress (neither
remaining nor given), which is what they are until matching says otherwise.
"""
from alembic import op
import sqlalchemy as sa


revision = 'profiles_0006'
down_revision = 'profiles_0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('given', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('paused', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.drop_column('paused')
        batch_op.drop_column('given')
