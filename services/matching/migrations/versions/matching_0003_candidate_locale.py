"""candidate locale

Revision ID: matching_0003
Revises: matching_0002
Create Date: 2026-11-24 05:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'matching_0003'
down_revision = 'matching_0002'
branch_labels = None
depends_on = None


def upgrade():
    # Matching answers each person in their language (explain, matches_of, feed); people known
    # before this column existed read French, the product's default, until their next update.
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=8), nullable=False,
                                      server_default='fr'))


def downgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_column('locale')
