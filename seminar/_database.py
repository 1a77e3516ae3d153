"""Where the rooms live: database URL, engine set-up and the schema version.

* Default: a SQLite file ``data/ladder.sqlite3`` under the repository, so ``make run`` needs
  no server. WAL journal (readers never wait for the writer), a busy timeout (writers queue
  instead of failing), ``synchronous=FULL`` (a commit that returned survives a crash) and
  ``BEGIN IMMEDIATE`` for writes (a write transaction takes the write lock up front, so two
  writers never deadlock upgrading a read lock).
* ``LADDER_DATABASE_URL=postgresql+psycopg://user:pass@host/db`` switches to PostgreSQL,
  which several app servers behind a load balancer can share.

Tables are created on first start together with a ``schema_meta`` row holding
:data:`~seminar._tables.SCHEMA_VERSION`; an older database is migrated by the steps in
:data:`MIGRATIONS`, a newer one is refused.

A missing SQLite file is never created silently once a database has existed there: the
first start writes a marker file next to it (``ladder.sqlite3.created``), and a later
start that finds the marker but not the database raises
:class:`~seminar.DatabaseMissing` with how to restore it. Connections open the file with
``mode=rw`` (SQLite then refuses to create it) and every transaction checks that the file
is still the one opened, so a file deleted under a running server is noticed at once
instead of acknowledging submissions into a deleted file.

Pool: each app server keeps ``LADDER_DB_POOL_SIZE`` connections (default 20) plus up to
``LADDER_DB_MAX_OVERFLOW`` more under load (default 20), and a call waits at most
``LADDER_DB_POOL_TIMEOUT`` seconds (default 30) for one before the page is told the
database is busy. Streamlit runs every browser session's script and live fragments in
threads of one process, so a full lecture hall keeps many short reads in flight; on
PostgreSQL keep ``servers × (pool size + overflow)`` below the server's
``max_connections`` (100 by default).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
import urllib.request
from datetime import UTC, datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import QueuePool

from ._errors import DatabaseMissing, SchemaVersionError
from ._names import name_key
from ._tables import SCHEMA_VERSION, Base, SchemaMeta

log = logging.getLogger("seminar")

ENV_VAR = "LADDER_DATABASE_URL"
REPO = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO / "data" / "ladder.sqlite3"

WRITE = "ladder_write"
"""Execution option marking a write transaction (``BEGIN IMMEDIATE`` on SQLite)."""

SQLITE_BUSY_TIMEOUT_MS = 30_000
_SCHEMA_LOCK_KEY = 0x4C61646465720001  # PostgreSQL advisory lock: one schema set-up at a time

CREATE_ENV_VAR = "LADDER_CREATE_DATABASE"
"""Set to ``1`` to let the app create a new, empty SQLite database where one is missing."""
POOL_SIZE_ENV_VAR = "LADDER_DB_POOL_SIZE"
MAX_OVERFLOW_ENV_VAR = "LADDER_DB_MAX_OVERFLOW"
POOL_TIMEOUT_ENV_VAR = "LADDER_DB_POOL_TIMEOUT"
DEFAULT_POOL_SIZE = 20
DEFAULT_MAX_OVERFLOW = 20
DEFAULT_POOL_TIMEOUT = 30.0


def _migrate_1_to_2(connection: Connection) -> None:
    """Schema 1 → 2: screen token, participant cap, change counter and assessments per
    room; removed participants and their client; reason and assessment per submission;
    inject titles as text; display-name keys by look-alike skeleton."""
    postgres = connection.dialect.name == "postgresql"
    json_empty = "'[]'::json" if postgres else "'[]'"
    timestamp = "TIMESTAMP WITHOUT TIME ZONE" if postgres else "DATETIME"
    for statement in (
        "ALTER TABLE rooms ADD COLUMN screen_token_hash VARCHAR(64)",
        "ALTER TABLE rooms ADD COLUMN max_participants INTEGER NOT NULL DEFAULT 300",
        f"ALTER TABLE rooms ADD COLUMN assessment_ids JSON NOT NULL DEFAULT {json_empty}",
        "ALTER TABLE rooms ADD COLUMN change_count INTEGER NOT NULL DEFAULT 0",
        "CREATE UNIQUE INDEX rooms_screen_token ON rooms (screen_token_hash)",
        f"ALTER TABLE participants ADD COLUMN removed_at {timestamp}",
        "ALTER TABLE participants ADD COLUMN client_key_hash VARCHAR(64)",
        "CREATE INDEX participants_by_room_and_client ON participants (room_id, client_key_hash)",
        "CREATE INDEX submissions_by_round_and_id ON submissions (round_id, id)",
        "ALTER TABLE submissions ADD COLUMN reason TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE submissions ADD COLUMN assessment VARCHAR(80)",
    ):
        connection.execute(text(statement))
    if postgres:
        connection.execute(text("ALTER TABLE rounds ALTER COLUMN inject_title TYPE TEXT"))
    # Names were compared case-folded; now by look-alike skeleton. Two old names that now
    # look alike keep distinct keys (the participant id is appended to the later one).
    rows = connection.execute(
        text("SELECT id, room_id, display_name FROM participants ORDER BY id")
    ).all()
    for participant_id, _room_id, _name in rows:  # first out of the way of the new keys
        connection.execute(
            text("UPDATE participants SET name_key = :key WHERE id = :id"),
            {"key": f"~migrating {participant_id}", "id": participant_id},
        )
    seen: set[tuple[int, str]] = set()
    for participant_id, room_id, display_name in rows:
        key = name_key(display_name)
        if (room_id, key) in seen:
            key = f"{key[:40]}#{participant_id}"
        seen.add((room_id, key))
        connection.execute(
            text("UPDATE participants SET name_key = :key WHERE id = :id"), {"key": key, "id": participant_id}
        )


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _migrate_1_to_2}
"""``MIGRATIONS[v]`` brings a database from schema version ``v`` to ``v + 1``."""


def default_database_url() -> str:
    """``$LADDER_DATABASE_URL`` if set, else the SQLite file under the repository."""
    return os.environ.get(ENV_VAR) or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def resolve_url(url: str | None) -> URL:
    """Parse and check a database URL; create a SQLite file's folder.

    ``postgresql://`` and ``postgres://`` URLs get the psycopg (version 3) driver.
    """
    raw = url if url is not None else default_database_url()
    try:
        parsed = make_url(raw)
    except ArgumentError:
        # The text is not repeated: it may hold a password.
        raise ValueError(
            f"cannot read the database URL (from {ENV_VAR} or given to open_store): use "
            "sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user:password@host:5432/dbname"
        ) from None
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database in {"", ":memory:"} or parsed.query.get("mode") == "memory":
            raise ValueError(
                "an in-memory SQLite database cannot hold rooms (each connection would see "
                "its own empty database): give a file, e.g. sqlite:///data/ladder.sqlite3"
            )
    elif backend != "postgresql":
        raise ValueError(
            f"rooms can be stored in SQLite or PostgreSQL, not {backend!r}: set {ENV_VAR} to "
            "sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user:password@host/dbname"
        )
    return parsed


def _env_number(name: str, default: float, kind: type = int) -> Any:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number: unset it or give e.g. {default}") from None
    if value < 0:
        raise ValueError(f"{name}={raw!r} must be 0 or more")
    return value


def pool_settings(
    pool_size: int | None = None, max_overflow: int | None = None, pool_timeout: float | None = None
) -> dict[str, Any]:
    """The connection-pool options: arguments, else the environment, else the defaults."""
    return {
        "pool_size": pool_size if pool_size is not None else _env_number(POOL_SIZE_ENV_VAR, DEFAULT_POOL_SIZE),
        "max_overflow": max_overflow
        if max_overflow is not None
        else _env_number(MAX_OVERFLOW_ENV_VAR, DEFAULT_MAX_OVERFLOW),
        "pool_timeout": pool_timeout
        if pool_timeout is not None
        else _env_number(POOL_TIMEOUT_ENV_VAR, DEFAULT_POOL_TIMEOUT, float),
    }


def sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL (absolute), ``None`` for PostgreSQL."""
    if url.get_backend_name() != "sqlite":
        return None
    return Path(url.database or "").expanduser().absolute()


def marker_file(database: Path) -> Path:
    """The file written next to a new SQLite database: its presence means one existed."""
    return database.with_name(database.name + ".created")


def prepare_sqlite_file(database: Path, create: bool | None) -> None:
    """Refuse to go on when the database file is missing, unless creating is allowed.

    ``create=None`` (the default) creates a database only on a first start: no file and
    no marker left by an earlier one. ``True`` creates one where the file is missing;
    ``False`` never does. ``LADDER_CREATE_DATABASE=1`` in the environment counts as ``True``.
    """
    if database.exists():
        return
    if create is None and os.environ.get(CREATE_ENV_VAR, "").strip() in {"1", "true", "yes"}:
        create = True
    if create is False or (create is None and marker_file(database).exists()):
        if database.exists():  # another server created it (file first, then marker) meanwhile
            return
        raise DatabaseMissing(str(database))
    database.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(database).close()  # an empty file; the tables come from ensure_schema
    marker_file(database).write_text(
        f"An Options Ladder rooms database was created next to this file ({database.name}) "
        f"at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.\nIf that file is missing, restore it from "
        f"a backup; the app will not create a new, empty one while this marker exists "
        f"(start it once with {CREATE_ENV_VAR}=1 to start over).\n",
        encoding="utf-8",
    )
    log.warning("created a new, empty rooms database at %s", database)


def create_store_engine(url: URL, **engine_options: Any) -> Engine:
    """An engine for ``url`` with the SQLite settings described in the module docstring.

    Pool options not given (or ``None``) come from :func:`pool_settings`.
    """
    given = {k: v for k, v in engine_options.items() if v is not None}
    defaults = pool_settings(given.pop("pool_size", None), given.pop("max_overflow", None), given.pop("pool_timeout", None))
    options = {**defaults, **given}
    if url.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, **options)
    engine = create_engine(url, poolclass=QueuePool, **options)
    database = sqlite_file(url)
    assert database is not None

    def open_read_write_only(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> None:
        # mode=rw: SQLite opens the file or fails; it never creates a new, empty one.
        cargs[0] = f"file:{urllib.request.pathname2url(str(database))}?mode=rw"
        cparams["uri"] = True

    event.listen(engine, "do_connect", open_read_write_only)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook emit BEGIN instead of the sqlite3 module, so that
    # write transactions can say BEGIN IMMEDIATE (and DDL is transactional).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """Put the file in WAL mode (once: the mode is stored in the file).

    Switching needs a moment of exclusive access and SQLite does not wait for it through
    the busy timeout, so several servers starting on a new file at once retry here.
    """
    if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = str(cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
    if mode != "wal":
        raise RuntimeError(
            f"SQLite would not use WAL mode for this file (journal mode is {mode!r}): keep the "
            "database on a local disk, not a network share"
        )


def _begin_sqlite_transaction(connection: Connection) -> None:
    if connection.get_execution_options().get(WRITE):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def ensure_schema(engine: Engine) -> int:
    """Create the tables on first start, migrate an older schema, refuse a newer one.

    Returns the schema version now in the database. Safe when several app servers start
    at once: SQLite serialises on ``BEGIN IMMEDIATE``, PostgreSQL on an advisory lock.
    """
    where = engine.url.render_as_string(hide_password=True)
    with engine.execution_options(**{WRITE: True}).begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(_SCHEMA_LOCK_KEY)))
        existing = set(inspect(connection).get_table_names())
        if SchemaMeta.__tablename__ not in existing:
            ours = existing & set(Base.metadata.tables)
            if ours:
                raise SchemaVersionError(
                    f"the database at {where} has table(s) {', '.join(sorted(ours))} but no "
                    "schema_meta table, so it was not made by Options Ladder: point "
                    f"{ENV_VAR} at an empty database"
                )
            Base.metadata.create_all(connection)
            connection.execute(insert(SchemaMeta).values(id=1, version=SCHEMA_VERSION))
            return SCHEMA_VERSION
        version = connection.execute(select(SchemaMeta.version).where(SchemaMeta.id == 1)).scalar_one()
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"the database at {where} has schema version {version}, but this Options Ladder "
                f"understands versions up to {SCHEMA_VERSION}: upgrade Options Ladder, or point "
                f"{ENV_VAR} at another database"
            )
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](connection)
            version += 1
            connection.execute(update(SchemaMeta).where(SchemaMeta.id == 1).values(version=version))
        return version
