"""Database set-up: URL, SQLite settings, first-start tables and the schema version."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

import seminar
from seminar import SCHEMA_VERSION, SchemaVersionError
from seminar._database import resolve_url
from seminar._tables import Base
from tests._deps import REPO
from tests.seminar.conftest import make_room

TABLES = {"schema_meta", "packs", "rooms", "participants", "rounds", "submissions", "join_attempts"}


def test_first_start_creates_every_table_and_records_the_version(database_url: str) -> None:
    with seminar.open_store(database_url) as store, store.engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) == TABLES
        assert connection.execute(text("SELECT id, version FROM schema_meta")).all() == [(1, SCHEMA_VERSION)]
    assert set(Base.metadata.tables) == TABLES


def test_reopening_keeps_the_rooms(database_url: str) -> None:
    with seminar.open_store(database_url) as first:
        room = make_room(first)
        first.open_round(room.id, room.secret)
    with seminar.open_store(database_url) as second:
        view = second.facilitator_view(room.id, room.secret)
        assert view.room.title == "Border crisis" and len(view.rounds) == 1


def test_a_database_from_a_newer_version_is_refused(database_url: str) -> None:
    with seminar.open_store(database_url) as store, store.engine.begin() as connection:
        connection.execute(text("UPDATE schema_meta SET version = :v"), {"v": SCHEMA_VERSION + 1})
    with pytest.raises(SchemaVersionError) as refused:
        seminar.open_store(database_url)
    message = str(refused.value)
    assert f"schema version {SCHEMA_VERSION + 1}" in message
    assert f"up to {SCHEMA_VERSION}" in message and "upgrade Options Ladder" in message
    assert not isinstance(refused.value, seminar.RoomError)  # an operator's problem, not a user's


def test_an_older_database_is_migrated_step_by_step(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with seminar.open_store(database_url) as store, store.engine.begin() as connection:
        connection.execute(text("UPDATE schema_meta SET version = :v"), {"v": SCHEMA_VERSION - 1})
    steps: list[int] = []
    monkeypatch.setitem(
        seminar._database.MIGRATIONS, SCHEMA_VERSION - 1, lambda connection: steps.append(SCHEMA_VERSION - 1)
    )
    with seminar.open_store(database_url) as store, store.engine.connect() as connection:
        assert steps == [SCHEMA_VERSION - 1]
        assert connection.execute(text("SELECT version FROM schema_meta")).scalar_one() == SCHEMA_VERSION


def test_a_database_that_is_not_ours_is_refused(database_url: str) -> None:
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE rooms (id INTEGER PRIMARY KEY, name TEXT)"))
    engine.dispose()
    with pytest.raises(SchemaVersionError, match="not made by Options Ladder"):
        seminar.open_store(database_url)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    with seminar.open_store(url) as store, store.engine.connect() as connection:
        pragma = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar_one()
            for name in ("journal_mode", "busy_timeout", "synchronous", "foreign_keys")
        }
    assert pragma == {"journal_mode": "wal", "busy_timeout": 30_000, "synchronous": 2, "foreign_keys": 1}


def test_default_url_is_a_sqlite_file_in_the_repos_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(seminar.ENV_VAR, raising=False)
    assert seminar.default_database_url() == f"sqlite:///{REPO / 'data' / 'ladder.sqlite3'}"
    assert seminar.DEFAULT_SQLITE_PATH == REPO / "data" / "ladder.sqlite3"


def test_the_environment_variable_chooses_the_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "nested" / "folder" / "rooms.sqlite3"
    monkeypatch.setenv("LADDER_DATABASE_URL", f"sqlite:///{target}")
    with seminar.open_store() as store:
        make_room(store)
    assert target.is_file()  # the folder was created


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://ladder:pw@db.example:5432/ladder", "postgresql+psycopg"),
        ("postgres://ladder:pw@db.example/ladder", "postgresql+psycopg"),
        ("postgresql+psycopg://ladder@db.example/ladder", "postgresql+psycopg"),
    ],
)
def test_postgresql_urls_use_psycopg_3(url: str, driver: str) -> None:
    assert resolve_url(url).drivername == driver


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "SQLite or PostgreSQL, not 'mysql'"),
        ("sqlite://", "in-memory"),
        ("sqlite:///:memory:", "in-memory"),
        ("not a url", "cannot read the database URL"),
    ],
)
def test_unusable_urls_are_explained(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        seminar.open_store(url)
