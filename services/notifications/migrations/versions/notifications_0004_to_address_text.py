"""email_deliveries.to_address as text: a name of quotes written \\" and a 254-character address
make a To longer than 400 characters, which PostgreSQL refused, parking the whole event

Revision ID: notifications_0004
Revises: notifications_0003
Create Date: 2026-12-07 17:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'notifications_0004'
down_revision = 'notifications_0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('email_deliveries') as batch_op:
        batch_op.alter_column('to_address', existing_type=sa.String(length=400),
                              type_=sa.Text(), existing_nullable=False)


def downgrade():
    with op.batch_alter_table('email_deliveries') as batch_op:
        batch_op.alter_column('to_address', existing_type=sa.Text(),
                              type_=sa.String(length=400), existing_nullable=False)
