"""addresses proved by an emailed link: pending registrations, address changes, no registration token

Revision ID: profiles_0004
Revises: profiles_0003
Create Date: 2026-12-07 16:00:00.000000
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'profiles_0004'
down_revision = 'profiles_0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_registrations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('pending_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_registrations_expires_at'), ['expires_at'],
                              unique=False)

    with op.batch_alter_table('sign_in_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_email', sa.String(length=254), nullable=True))

    # The token handed out at registration never expired: every one of them stops working, and
    # people sign in by email from now on.
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_constraint('uq_people_token_hash', type_='unique')
        batch_op.drop_column('token_hash')


def downgrade():
    import hashlib
    import secrets
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
    people = sa.table('people', sa.column('id', sa.Uuid()), sa.column('token_hash', sa.String()))
    connection = op.get_bind()
    for (person_id,) in connection.execute(sa.select(people.c.id)).all():
        connection.execute(people.update().where(people.c.id == person_id).values(
            token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest()))
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.alter_column('token_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint('uq_people_token_hash', ['token_hash'])

    with op.batch_alter_table('sign_in_links', schema=None) as batch_op:
        batch_op.drop_column('new_email')

    with op.batch_alter_table('pending_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_registrations_expires_at'))
    op.drop_table('pending_registrations')
