"""reviews: the review a donor returns on a CV or cover-letter review match, its annotated file,
and the seeker's rating and thanks

Revision ID: matching_0010
Revises: matching_0009
Create Date: 2026-12-07 18:50:00.000000
"""
from alembic import op
import sqlalchemy as sa

import shared.database


revision = 'matching_0010'
down_revision = 'matching_0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reviews',
    sa.Column('match_id', sa.Uuid(), nullable=False),
    sa.Column('donor_id', sa.Uuid(), nullable=False),
    sa.Column('seeker_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('comments', sa.Text(), nullable=False),
    sa.Column('file_content', sa.LargeBinary(), nullable=True),
    sa.Column('file_media_type', sa.String(length=100), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('returned_at', shared.database.UtcDateTime(timezone=True), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('rated_at', shared.database.UtcDateTime(timezone=True), nullable=True),
    sa.Column('thanks', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('match_id')
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_donor_id'), ['donor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_seeker_id'), ['seeker_id'], unique=False)


def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_seeker_id'))
        batch_op.drop_index(batch_op.f('ix_reviews_donor_id'))
    op.drop_table('reviews')
