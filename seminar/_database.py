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
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, inspect, select, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from ._errors import SchemaVersionError
from ._tables import SCHEMA_VERSION, Base, SchemaMeta

ENV_VAR = "LADDER_DATABASE_URL"
REPO = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO / "data" / "ladder.sqlite3"

WRITE = "ladder_write"
"""Execution option marking a write transaction (``BEGIN IMMEDIATE`` on SQLite)."""

SQLITE_BUSY_TIMEOUT_MS = 30_000
_SCHEMA_LOCK_KEY = 0x4C61646465720001  # PostgreSQL advisory lock: one schema set-up at a time

MIGRATIONS: dict[int, Callable[[Connection], None]] = {}
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
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    elif backend != "postgresql":
        raise ValueError(
            f"rooms can be stored in SQLite or PostgreSQL, not {backend!r}: set {ENV_VAR} to "
            "sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user:password@host/dbname"
        )
    return parsed


def create_store_engine(url: URL, **engine_options: Any) -> Engine:
    """An engine for ``url`` with the SQLite settings described in the module docstring."""
    if url.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, **engine_options)
    engine = create_engine(url, **engine_options)
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
