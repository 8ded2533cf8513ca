"""The body of every service's Alembic env.py: migrate on the connection `migrate()` hands over."""
from alembic import context


def run_migrations(metadata):
    connection = context.config.attributes["connection"]
    # Batch mode lets SQLite alter tables the way PostgreSQL does.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
