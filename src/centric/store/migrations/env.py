"""Alembic environment for the app DB; runs with the connection Centric hands it."""

from __future__ import annotations

from alembic import context

# The domains that own app-DB tables declare them on Base.metadata; importing them here keeps
# autogenerate comparing against every table.
import centric.access.tables  # registers the access tables on Base.metadata
import centric.cases.tables  # noqa: F401  # registers the case tables on Base.metadata
from centric.store.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - Centric always passes its own connection
    raise RuntimeError("Run migrations through centric.store.upgrade_app_db.")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
