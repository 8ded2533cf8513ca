"""privacy erasure and lifecycle

Revision ID: profiles_0002
Revises: profiles_0001
Create Date: 2026-11-24 03:09:47.602251
"""
import hashlib
import secrets

from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'profiles_0002'
down_revision = 'profiles_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('blocks',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('other_id', sa.Uuid(), nullable=False),
    sa.Column('blocked_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('person_id', 'other_id')
    )
    op.create_table('consents',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('other_id', sa.Uuid(), nullable=False),
    sa.Column('given_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', shared.database.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('person_id', 'other_id')
    )
    op.create_table('erased_people',
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('erased_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('person_id')
    )
    op.create_table('reports',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('other_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reported_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_other_id'), ['other_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_person_id'), ['person_id'], unique=False)

    op.create_table('reveals',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('viewer_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('revealed_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reveals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reveals_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reveals_viewer_id'), ['viewer_id'], unique=False)

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_name', sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column('last_name', sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('postal_code', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('neighbourhood', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('latitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('own_words', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('mentor', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('sponsor', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('accepts_sponsors', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('updated_at', shared.database.UtcDateTime(timezone=True), nullable=True))

    # People registered before: split the name, give each a token nobody holds (they sign in
    # again), and drop free-text occupations, which are ROME codes from now on.
    people = sa.table('people', sa.column('id', sa.Uuid()), sa.column('name', sa.String()),
                      sa.column('first_name', sa.String()), sa.column('last_name', sa.String()),
                      sa.column('token_hash', sa.String()), sa.column('occupation', sa.String()),
                      sa.column('target_occupation', sa.String()),
                      sa.column('registered_at', shared.database.UtcDateTime()),
                      sa.column('updated_at', shared.database.UtcDateTime()))
    connection = op.get_bind()
    for row in connection.execute(sa.select(people.c.id, people.c.name, people.c.registered_at,
                                            people.c.occupation, people.c.target_occupation)).all():
        first, _, last = row.name.strip().partition(' ')
        connection.execute(people.update().where(people.c.id == row.id).values(
            first_name=first[:50] or '-', last_name=last[:50] or '-',
            token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
            updated_at=row.registered_at,
            occupation=row.occupation if row.occupation and len(row.occupation) <= 5 else None,
            target_occupation=(row.target_occupation
                               if row.target_occupation and len(row.target_occupation) <= 5 else None)))

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.alter_column('first_name', existing_type=sa.String(length=50), nullable=False)
        batch_op.alter_column('last_name', existing_type=sa.String(length=50), nullable=False)
        batch_op.alter_column('token_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('updated_at', existing_type=shared.database.UtcDateTime(timezone=True),
                              nullable=False)
        batch_op.alter_column('occupation', existing_type=sa.VARCHAR(length=100),
                              type_=sa.String(length=5), existing_nullable=True)
        batch_op.alter_column('target_occupation', existing_type=sa.VARCHAR(length=100),
                              type_=sa.String(length=5), existing_nullable=True)
        batch_op.create_unique_constraint('uq_people_token_hash', ['token_hash'])
        batch_op.drop_column('name')

    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('radius_km', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_pledges_status'), ['status'], unique=False)



def downgrade():
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledges_status'))
        batch_op.drop_column('radius_km')

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.VARCHAR(length=100), nullable=False, server_default=''))
    op.execute("UPDATE people SET name = first_name || ' ' || last_name")
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_constraint('uq_people_token_hash', type_='unique')
        batch_op.alter_column('target_occupation', existing_type=sa.String(length=5),
                              type_=sa.VARCHAR(length=100), existing_nullable=True)
        batch_op.alter_column('occupation', existing_type=sa.String(length=5),
                              type_=sa.VARCHAR(length=100), existing_nullable=True)
        for column in ('updated_at', 'token_hash', 'accepts_sponsors', 'sponsor', 'mentor', 'own_words', 'longitude',
                       'latitude', 'neighbourhood', 'postal_code', 'phone', 'last_name', 'first_name'):
            batch_op.drop_column(column)

    with op.batch_alter_table('reveals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reveals_viewer_id'))
        batch_op.drop_index(batch_op.f('ix_reveals_person_id'))

    op.drop_table('reveals')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_person_id'))
        batch_op.drop_index(batch_op.f('ix_reports_other_id'))

    op.drop_table('reports')
    op.drop_table('erased_people')
    op.drop_table('consents')
    op.drop_table('blocks')
