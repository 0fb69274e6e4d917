"""Alembic environment: run migrations with the app's own engine and models."""

from __future__ import annotations

from alembic import context
from flask import current_app

target_metadata = current_app.extensions["migrate"].db.metadata


def run_offline() -> None:
    """Emit SQL for the configured URL without connecting."""
    url = current_app.extensions["migrate"].db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Apply migrations through the app's engine (SQLite hooks included)."""
    engine = current_app.extensions["migrate"].db.engine
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
