"""privacy erasure and lifecycle

Revision ID: matching_0002
Revises: matching_0001
Create Date: 2026-11-24 03:09:48.111079
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'matching_0002'
down_revision = 'matching_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('blocks',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('other_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('person_id', 'other_id')
    )
    op.create_table('erased_people',
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('erased_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('person_id')
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_column('closed')
    op.drop_table('erased_people')
    op.drop_table('blocks')
