"""The app DB on every backend: migrations, the audit log, and ingest's audit events.

Each test runs on SQLite and, when CI selects it, on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from centric.config import load_settings
from centric.errors import BackendError, ConfigurationError
from centric.ingest import ingest_source, source_for_file
from centric.runtime import init_workspace, open_runtime
from centric.store import (
    create_app_engine,
    head_revision,
    list_audit_events,
    record_audit_event,
    upgrade_app_db,
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def app_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'app.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def app_db(app_db_url: str) -> Iterator[Engine]:
    engine = create_app_engine(app_db_url)
    try:
        yield engine
    finally:
        engine.dispose()


def test_migrations_bring_a_new_database_to_the_head_revision(app_db: Engine):
    assert upgrade_app_db(app_db) == head_revision()
    with app_db.connect() as connection:
        assert "audit_events" in inspect(connection).get_table_names()
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == head_revision()


def test_migrating_twice_changes_nothing(app_db: Engine):
    first = upgrade_app_db(app_db)
    assert upgrade_app_db(app_db) == first
    with app_db.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1


def test_audit_event_is_written_and_read_back(app_db: Engine):
    upgrade_app_db(app_db)
    first = record_audit_event(
        app_db,
        actor="ana",
        action="ingest.batch",
        target="crm:data/crm.csv",
        detail={"batch_id": 1, "inserted": 10, "names": ["José", "Zoë"]},
        summary="Ingested data/crm.csv.",
    )
    second = record_audit_event(app_db, actor="ben", action="identity.merge", target="c1+c2")
    assert second > first
    events = list_audit_events(app_db)
    assert [e.id for e in events] == [second, first]
    event = events[1]
    assert (event.actor, event.action, event.target, event.summary) == (
        "ana",
        "ingest.batch",
        "crm:data/crm.csv",
        "Ingested data/crm.csv.",
    )
    assert event.detail == {"batch_id": 1, "inserted": 10, "names": ["José", "Zoë"]}
    assert event.occurred_at is not None
    assert [e.id for e in list_audit_events(app_db, action="identity.merge")] == [second]
    assert events[0].detail == {}


def test_ingest_records_its_audit_event_in_the_app_db(tmp_path: Path, app_db_url: str):
    settings = init_workspace(tmp_path / "ws", app_db_url=app_db_url)
    data = tmp_path / "people.csv"
    data.write_text("id,first_name,email\n1,Ann,a@example.com\n2,Bo,bad\n", encoding="utf-8")
    with open_runtime(load_settings(settings.workspace, actor="ingest-test")) as runtime:
        spec = source_for_file(data, kind="customer_records", source="crm")
        [result] = ingest_source(runtime, spec)
        [event] = list_audit_events(runtime.app_db, action="ingest.batch")
    assert event.actor == "ingest-test"
    assert event.target == f"crm:{data.resolve()}"
    assert event.detail == {
        "batch_id": result.batch_id,
        "kind": "customer_records",
        "rows_read": 2,
        "inserted": 1,
        "updated": 0,
        "unchanged": 0,
        "quarantined": 1,
    }


def test_unreachable_app_db_is_a_backend_error_without_the_password():
    engine = create_app_engine("postgresql+psycopg://centric:s3cret@127.0.0.1:1/centric")
    try:
        with pytest.raises(BackendError) as caught:
            upgrade_app_db(engine)
    finally:
        engine.dispose()
    assert "Cannot reach the app DB" in caught.value.message
    assert "s3cret" not in caught.value.message
    assert caught.value.hint is not None


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://host/db"])
def test_malformed_app_db_url_is_a_configuration_error(url: str):
    with pytest.raises(ConfigurationError) as caught:
        create_app_engine(url)
    assert "sqlite:///PATH" in (caught.value.hint or "")
