"""Opens the app DB (SQLite by default, PostgreSQL in production) and migrates it.

Migrations are Alembic scripts shipped inside the package and run programmatically, so a
workspace needs no ``alembic.ini``. Nothing here runs at import time; the composition root calls
:func:`open_app_db`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry

from centric.errors import BackendError, ConfigurationError, MissingExtraError

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app_engine(url: str) -> Engine:
    """Create the SQLAlchemy engine for an app-DB URL.

    Args:
        url: SQLAlchemy URL, e.g. ``sqlite:///app.db`` or ``postgresql+psycopg://u@h/db``.

    Returns:
        The engine (no connection is opened yet).

    Raises:
        ConfigurationError: The URL is malformed or names an unknown database.
        MissingExtraError: The driver for the URL is not installed.
    """
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise ConfigurationError(
            f"Unknown app-DB kind in '{_redact(url)}'.",
            hint="Use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB.",
        ) from exc
    except ArgumentError as exc:
        raise ConfigurationError(
            f"Malformed app-DB URL '{_redact(url)}': {exc}",
            hint="Use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB.",
        ) from exc
    except ModuleNotFoundError as exc:
        raise MissingExtraError(
            f"The driver for '{_redact(url)}' is not installed ({exc.name}).",
            hint="pip install 'centric[postgres]'",
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def upgrade_app_db(engine: Engine) -> str:
    """Apply every pending migration to the app DB.

    Args:
        engine: The app-DB engine.

    Returns:
        The revision the database is at afterwards.

    Raises:
        BackendError: The database cannot be reached.
    """
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            return current_revision(connection)
    except OperationalError as exc:
        raise BackendError(
            f"Cannot reach the app DB at '{_redact(str(engine.url))}': {exc.orig}",
            hint="Check that the database server is running and the URL is right.",
        ) from exc


def current_revision(connection: Any) -> str:
    """The migration revision a connection's database is at (``""`` when unmigrated)."""
    return MigrationContext.configure(connection).get_current_revision() or ""


def head_revision() -> str:
    """The newest migration shipped with this Centric."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    return head or ""


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _configure_sqlite(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _redact(url: str) -> str:
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else url
