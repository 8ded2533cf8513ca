"""channels, preferences, digests and webhooks: HTML parts, dedupe keys, impact of pledges

Revision ID: notifications_0003
Revises: notifications_0002
Create Date: 2026-11-24 05:01:26.158904
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'notifications_0003'
down_revision = 'notifications_0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cards_shown',
    sa.Column('sponsor_id', sa.Uuid(), nullable=False),
    sa.Column('card_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('sponsor_id', 'card_id')
    )
    op.create_table('digest_due',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('due_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('person_id', 'kind')
    )
    with op.batch_alter_table('digest_due', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_due_due_at'), ['due_at'], unique=False)

    op.create_table('pledge_matches',
    sa.Column('match_id', sa.Uuid(), nullable=False),
    sa.Column('pledge_id', sa.Uuid(), nullable=False),
    sa.Column('seeker_id', sa.Uuid(), nullable=False),
    sa.Column('donor_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('match_id')
    )
    with op.batch_alter_table('pledge_matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_matches_donor_id'), ['donor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_matches_pledge_id'), ['pledge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_matches_seeker_id'), ['seeker_id'], unique=False)

    op.create_table('pledges',
    sa.Column('pledge_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('pledge_id')
    )
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledges_person_id'), ['person_id'], unique=False)

    op.create_table('preferences',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('person_id', 'category')
    )
    op.create_table('quiet_hours',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('start', sa.String(length=5), nullable=False),
    sa.Column('end', sa.String(length=5), nullable=False),
    sa.PrimaryKeyConstraint('person_id')
    )
    op.create_table('webhook_deliveries',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('subscriber_id', sa.Uuid(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=False),
    sa.Column('event', sa.String(length=64), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('about', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', shared.database.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedupe_key')
    )
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_subscriber_id'), ['subscriber_id'], unique=False)

    op.create_table('webhook_subscribers',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('secret', sa.String(length=128), nullable=False),
    sa.Column('events', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sponsor', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

    with op.batch_alter_table('email_deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dedupe_key', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('category', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('attachment_method', sa.String(length=16), nullable=True))
        batch_op.alter_column('notification_id',
               existing_type=sa.Uuid(),
               nullable=True)
        batch_op.create_unique_constraint('uq_email_deliveries_dedupe_key', ['dedupe_key'])

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('category', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('dedupe_key', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('digest', sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f('ix_notifications_digest'), ['digest'], unique=False)
        batch_op.create_unique_constraint('uq_notifications_dedupe_key', ['dedupe_key'])



def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint('uq_notifications_dedupe_key', type_='unique')
        batch_op.drop_index(batch_op.f('ix_notifications_digest'))
        batch_op.drop_column('digest')
        batch_op.drop_column('dedupe_key')
        batch_op.drop_column('category')
        batch_op.drop_column('html')

    with op.batch_alter_table('email_deliveries', schema=None) as batch_op:
        batch_op.drop_constraint('uq_email_deliveries_dedupe_key', type_='unique')
        batch_op.alter_column('notification_id',
               existing_type=sa.Uuid(),
               nullable=False)
        batch_op.drop_column('attachment_method')
        batch_op.drop_column('html')
        batch_op.drop_column('category')
        batch_op.drop_column('dedupe_key')

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('sponsor')

    op.drop_table('webhook_subscribers')
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_subscriber_id'))
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_status'))

    op.drop_table('webhook_deliveries')
    op.drop_table('quiet_hours')
    op.drop_table('preferences')
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledges_person_id'))

    op.drop_table('pledges')
    with op.batch_alter_table('pledge_matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_matches_seeker_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_matches_pledge_id'))
        batch_op.drop_index(batch_op.f('ix_pledge_matches_donor_id'))

    op.drop_table('pledge_matches')
    with op.batch_alter_table('digest_due', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_due_due_at'))

    op.drop_table('digest_due')
    op.drop_table('cards_shown')
