"""feed changes: when each candidate row was last written

Revision ID: matching_0004
Revises: matching_0003
Create Date: 2026-11-24 06:00:00.000000
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'matching_0004'
down_revision = 'matching_0003'
branch_labels = None
depends_on = None


def upgrade():
    # The sponsor feed keeps every seeker in memory and reads back only the rows changed since it
    # last looked: an indexed stamp of each row's last write. Rows from before have none; the
    # feed reads everything once when it starts, so they need none.
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changed_at', shared.database.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index(batch_op.f('ix_candidates_changed_at'), ['changed_at'], unique=False)


def downgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidates_changed_at'))
        batch_op.drop_column('changed_at')
