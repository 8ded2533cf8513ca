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
        batch_op.add_column(sa.Column('radius_km', sa.Integer(), nullable=True))
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('terms', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('total_affinity', sa.Float(), nullable=False, server_default='0'))
        for column in ('greedy', 'stable'):
            batch_op.add_column(sa.Column(f'{column}_matched', sa.Integer(), nullable=False,
                                          server_default='0'))
            batch_op.add_column(sa.Column(f'{column}_total', sa.Float(), nullable=False,
                                          server_default='0'))
    # The sponsor's swipe deck: cards in the read model, swipes, sponsorships.
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('roles', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('display_name', sa.String(length=60), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('own_words', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('neighbourhood', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('latitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('sponsor', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('mentor', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('accepts_sponsors', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('first_seen_at', shared.database.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=False,
                                      server_default='Europe/Paris'))
        batch_op.add_column(sa.Column('availability', sa.JSON(), nullable=False, server_default='{}'))
    op.create_table('swipes',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('other_id', sa.Uuid(), nullable=False),
    sa.Column('decision', sa.String(length=8), nullable=False),
    sa.Column('swiped_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('person_id', 'other_id')
    )
    op.create_table('sponsorships',
    sa.Column('sponsorship_id', sa.Uuid(), nullable=False),
    sa.Column('sponsor_id', sa.Uuid(), nullable=False),
    sa.Column('seeker_id', sa.Uuid(), nullable=False),
    sa.Column('started_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('sponsorship_id')
    )
    with op.batch_alter_table('sponsorships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sponsorships_sponsor_id'), ['sponsor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sponsorships_seeker_id'), ['seeker_id'], unique=False)


def downgrade():
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_column('terms')
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        for column in ('total_affinity', 'greedy_matched', 'greedy_total', 'stable_matched',
                       'stable_total'):
            batch_op.drop_column(column)
    op.drop_table('sponsorships')
    op.drop_table('swipes')
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        for column in ('availability', 'timezone', 'first_seen_at', 'accepts_sponsors', 'mentor',
                       'sponsor', 'longitude', 'latitude',
                       'neighbourhood', 'own_words', 'display_name', 'roles'):
            batch_op.drop_column(column)
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_column('radius_km')
        batch_op.drop_column('closed')
    op.drop_table('erased_people')
    op.drop_table('blocks')
