"""privacy erasure and lifecycle

Revision ID: notifications_0002
Revises: notifications_0001
Create Date: 2026-11-24 03:09:49.090295
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'notifications_0002'
down_revision = 'notifications_0001'
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
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_name', sa.String(length=50), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('last_name', sa.String(length=50), nullable=False, server_default=''))
    contacts = sa.table('contacts', sa.column('person_id', sa.Uuid()), sa.column('name', sa.String()),
                        sa.column('first_name', sa.String()), sa.column('last_name', sa.String()))
    connection = op.get_bind()
    for row in connection.execute(sa.select(contacts.c.person_id, contacts.c.name)).all():
        first, _, last = row.name.strip().partition(' ')
        connection.execute(contacts.update().where(contacts.c.person_id == row.person_id)
                           .values(first_name=first[:50], last_name=last[:50]))
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('name')

    # Each email now says whose it is, so that an erasure finds them all.
    with op.batch_alter_table('email_deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Uuid(), nullable=True))
    op.execute("UPDATE email_deliveries SET person_id = (SELECT notifications.person_id "
               "FROM notifications WHERE notifications.id = email_deliveries.notification_id)")
    with op.batch_alter_table('email_deliveries', schema=None) as batch_op:
        batch_op.alter_column('person_id', existing_type=sa.Uuid(), nullable=False)
        batch_op.create_index(batch_op.f('ix_email_deliveries_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pair_key', sa.String(length=73), nullable=True))
        batch_op.create_index(batch_op.f('ix_notifications_pair_key'), ['pair_key'], unique=False)



def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_pair_key'))
        batch_op.drop_column('pair_key')

    with op.batch_alter_table('email_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_deliveries_person_id'))
        batch_op.drop_column('person_id')

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.VARCHAR(length=100), nullable=False, server_default=''))
        batch_op.drop_column('last_name')
        batch_op.drop_column('first_name')

    op.drop_table('erased_people')
    op.drop_table('blocks')
