"""request documents: a seeker's CV or cover letter for a review, its bytes in profiles' database,
one current document per request, a document used by at most two requests

Revision ID: profiles_0007
Revises: profiles_0006
Create Date: 2026-12-07 19:00:00.000000
"""
from alembic import op
import sqlalchemy as sa

from shared.database import UtcDateTime


revision = 'profiles_0007'
down_revision = 'profiles_0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'request_documents',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('person_id', sa.Uuid(), nullable=False),
        sa.Column('filename', sa.String(length=100), nullable=False),
        sa.Column('media_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('contacts_found', sa.JSON(), nullable=False),
        sa.Column('text_read', sa.Boolean(), nullable=False),
        sa.Column('uploaded_at', UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_request_documents_person_id', 'request_documents', ['person_id'])
    op.create_index('ix_request_documents_sha256', 'request_documents', ['sha256'])
    op.create_table(
        'request_document_uses',
        sa.Column('request_id', sa.Uuid(), nullable=False),
        sa.Column('document_id', sa.Uuid(), nullable=False),
        sa.Column('attached_at', UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['request_id'], ['help_requests.id']),
        sa.ForeignKeyConstraint(['document_id'], ['request_documents.id']),
        sa.PrimaryKeyConstraint('request_id'))
    op.create_index('ix_request_document_uses_document_id', 'request_document_uses',
                    ['document_id'])


def downgrade():
    op.drop_index('ix_request_document_uses_document_id', table_name='request_document_uses')
    op.drop_table('request_document_uses')
    op.drop_index('ix_request_documents_sha256', table_name='request_documents')
    op.drop_index('ix_request_documents_person_id', table_name='request_documents')
    op.drop_table('request_documents')
