"""The app DB: operational, multi-user data (audit log now; users, cases, surveys later).

SQLAlchemy 2 with Alembic migrations; SQLite by default, PostgreSQL in production. Engines are
created by the composition root, never at import time.
"""

from centric.store.audit import list_audit_events, record_audit_event
from centric.store.engine import create_app_engine, head_revision, upgrade_app_db
from centric.store.tables import AuditEvent, Base

__all__ = [
    "AuditEvent",
    "Base",
    "create_app_engine",
    "head_revision",
    "list_audit_events",
    "record_audit_event",
    "upgrade_app_db",
]
