"""sign-in links, sessions and operators

Revision ID: profiles_0003
Revises: profiles_0002
Create Date: 2026-11-24 06:10:00.000000
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'profiles_0003'
down_revision = 'profiles_0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_links',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('used_at', shared.database.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('sign_in_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_links_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_links_person_id'), ['person_id'], unique=False)

    op.create_table('sessions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessions_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sessions_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('operator', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('operator')

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessions_person_id'))
        batch_op.drop_index(batch_op.f('ix_sessions_expires_at'))
    op.drop_table('sessions')

    with op.batch_alter_table('sign_in_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_links_person_id'))
        batch_op.drop_index(batch_op.f('ix_sign_in_links_expires_at'))
    op.drop_table('sign_in_links')
