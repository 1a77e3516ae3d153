"""Fixtures: every store test runs on a SQLite file and on a private PostgreSQL server.

The PostgreSQL server is started once per test session by the test run itself
(``pg_cluster.start_cluster``) and each test gets a fresh database on it. Without the
PostgreSQL binaries the PostgreSQL half fails under ``CI=true`` and is skipped elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import seminar
from tests.seminar.helpers import mean_of_normalised
from tests.seminar.pg_cluster import PostgresCluster, running_cluster

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database of the test's backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    return cluster.create_database()


class FakeClock:
    """A clock the test moves by hand (for rate-limit windows)."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


StoreFactory = Callable[..., seminar.RoomStore]


@pytest.fixture
def open_test_store(database_url: str) -> Iterator[StoreFactory]:
    """Open stores on the test's database (as many as an app-server test needs); closed after."""
    opened: list[seminar.RoomStore] = []

    def factory(**options: object) -> seminar.RoomStore:
        options.setdefault("aggregate", mean_of_normalised)
        store = seminar.open_store(database_url, **options)  # type: ignore[arg-type]
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def store(open_test_store: StoreFactory) -> seminar.RoomStore:
    return open_test_store()


CRITERIA = ["cost", "civilian_harm", "legality"]
LENSES = ["hawk", "dove"]


@dataclass(frozen=True)
class Room:
    id: int
    secret: str
    code: str


def make_room(
    store: seminar.RoomStore, *, show_individual: bool = False, title: str = "Border crisis"
) -> Room:
    room_id, secret, code = store.create_room(title, "bundled", "wsm", show_individual, CRITERIA, LENSES)
    return Room(room_id, secret, code)


@pytest.fixture
def room(store: seminar.RoomStore) -> Room:
    """A room with round 1 open."""
    made = make_room(store)
    store.open_round(made.id, made.secret, inject_title="Opening brief")
    return made
