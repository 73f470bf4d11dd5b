"""Column types shared by the app DB's tables.

:class:`UtcDateTime` keeps timestamps timezone-aware on every backend: PostgreSQL stores them as
``timestamptz``, SQLite as text without an offset, so values are normalised to UTC on the way in
and marked UTC on the way out. This module declares types only; it must not open a connection.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        del dialect
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        del dialect
        if value is None:
            return None
        stored: datetime = value
        # SQLite hands back the naive UTC value that was written.
        return stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored.astimezone(UTC)
