"""contact reveals: each person's reveals, for the daily limit; who ended a sponsorship, and when

Revision ID: matching_0007
Revises: matching_0006
Create Date: 2026-12-07 16:00:00.000000
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'matching_0007'
down_revision = 'matching_0006'
branch_labels = None
depends_on = None


def upgrade():
    # Kept here, in a database, so the limit holds across gateway replicas and restarts.
    op.create_table('contact_reveals',
    sa.Column('reveal_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('other_id', sa.Uuid(), nullable=True),
    sa.Column('how', sa.String(length=16), nullable=False),
    sa.Column('revealed_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('reveal_id')
    )
    with op.batch_alter_table('contact_reveals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_reveals_person_id'), ['person_id'],
                              unique=False)
    # Sponsorships ended before this migration have no known end: they count for nobody.
    with op.batch_alter_table('sponsorships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_at', shared.database.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('ended_by', sa.Uuid(), nullable=True))


def downgrade():
    with op.batch_alter_table('sponsorships', schema=None) as batch_op:
        batch_op.drop_column('ended_by')
        batch_op.drop_column('ended_at')
    with op.batch_alter_table('contact_reveals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_reveals_person_id'))
    op.drop_table('contact_reveals')
