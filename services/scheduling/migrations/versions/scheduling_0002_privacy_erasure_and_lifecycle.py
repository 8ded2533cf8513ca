"""privacy erasure and lifecycle

Revision ID: scheduling_0002
Revises: scheduling_0001
Create Date: 2026-11-24 03:09:48.585216
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'scheduling_0002'
down_revision = 'scheduling_0001'
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
    # Scheduling stops holding names and addresses: only how others see the person.
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_name', sa.String(length=60), nullable=False,
                                      server_default=''))
    attendees = sa.table('attendees', sa.column('person_id', sa.Uuid()), sa.column('name', sa.String()),
                         sa.column('display_name', sa.String()))
    connection = op.get_bind()
    for row in connection.execute(sa.select(attendees.c.person_id, attendees.c.name)).all():
        first, _, last = row.name.strip().partition(' ')
        connection.execute(attendees.update().where(attendees.c.person_id == row.person_id)
                           .values(display_name=f"{first} {last[:1].upper()}." if last else first))
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.drop_column('name')
        batch_op.drop_column('email')



def downgrade():
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.VARCHAR(length=254), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('name', sa.VARCHAR(length=100), nullable=False, server_default=''))
        batch_op.drop_column('display_name')

    op.drop_table('erased_people')
    op.drop_table('blocks')
