"""The app DB's migrations create exactly the tables the code declares, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import centric.access.tables
import centric.cases.tables  # noqa: F401  # declares the case tables on Base.metadata
from centric.config import Settings
from centric.runtime import open_app_db
from centric.store import Base, head_revision


def test_migrations_match_the_declared_tables(app_db_workspace: Settings) -> None:
    with open_app_db(app_db_workspace) as app_db, app_db.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == head_revision()
        assert compare_metadata(context, Base.metadata) == []
