"""Seminar rooms: a facilitator runs a war-game round by round, participants weigh in.

The store is SQLAlchemy 2 over a SQLite file by default (``data/ladder.sqlite3``) or
PostgreSQL when ``LADDER_DATABASE_URL=postgresql+psycopg://...`` is set, so several app
servers can share one database. Nothing here imports Streamlit.

>>> store = open_store("sqlite:////tmp/rooms.sqlite3")                      # doctest: +SKIP
>>> room_id, secret, code = store.create_room("Border", "bundled", "wsm", False, ["cost", "risk"])
>>> round_number = store.open_round(room_id, secret, inject_title="Cartel strike")
>>> participant_id, token = store.join(code, "Ana", client_key=client_key("203.0.113.7"))
>>> store.submit(token, {"cost": 2, "risk": 1}, round_number=round_number, reason="Cost first")
1

Every error a room's user can meet is a :class:`RoomError` with a plain-text message to
show as it is, database faults included (:class:`StoreUnavailable`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import logging

from sqlalchemy.exc import SQLAlchemyError

from ._clients import TRUSTED_PROXIES_ENV_VAR, client_key, parse_trusted_proxies
from ._database import (
    CREATE_ENV_VAR,
    DEFAULT_SQLITE_PATH,
    ENV_VAR,
    create_store_engine,
    default_database_url,
    ensure_schema,
    prepare_sqlite_file,
    resolve_url,
    sqlite_file,
)
from ._errors import (
    DatabaseMissing,
    Forbidden,
    InvalidInput,
    NoOpenRound,
    NotFound,
    RateLimited,
    RoomClosed,
    RoomError,
    RoomFull,
    RoundAlreadyOpened,
    RevisionMoved,
    RoundMoved,
    SchemaVersionError,
    StorageFull,
    StoreUnavailable,
)
from ._names import normalise_display_name
from ._rate_limit import JoinLimits
from ._secrets import format_join_code, normalise_join_code
from ._store import BUNDLED_PACK, DEFAULT_MAX_PARTICIPANTS, Aggregate, OptionRanks, RoomStore
from ._tables import SCHEMA_VERSION, RoomState
from ._views import (
    AnonymousSubmission,
    CriterionSpread,
    FacilitatorView,
    ParticipantInfo,
    ParticipantStatus,
    ParticipantView,
    RoomInfo,
    RoundInfo,
    RoundSummary,
    ScreenView,
    SubmissionInfo,
)

__all__ = [
    "BUNDLED_PACK",
    "CREATE_ENV_VAR",
    "DEFAULT_MAX_PARTICIPANTS",
    "DEFAULT_SQLITE_PATH",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "TRUSTED_PROXIES_ENV_VAR",
    "Aggregate",
    "AnonymousSubmission",
    "CriterionSpread",
    "DatabaseMissing",
    "FacilitatorView",
    "Forbidden",
    "InvalidInput",
    "JoinLimits",
    "NoOpenRound",
    "NotFound",
    "OptionRanks",
    "ParticipantInfo",
    "ParticipantStatus",
    "ParticipantView",
    "RateLimited",
    "RoomClosed",
    "RoomError",
    "RoomFull",
    "RoomInfo",
    "RoomState",
    "RoomStore",
    "RoundInfo",
    "RoundAlreadyOpened",
    "RevisionMoved",
    "RoundMoved",
    "RoundSummary",
    "SchemaVersionError",
    "ScreenView",
    "StorageFull",
    "StoreUnavailable",
    "SubmissionInfo",
    "client_key",
    "default_database_url",
    "format_join_code",
    "normalise_display_name",
    "normalise_join_code",
    "open_store",
    "parse_trusted_proxies",
]

log = logging.getLogger("seminar")


def open_store(
    url: str | None = None,
    *,
    join_limits: JoinLimits | None = None,
    clock: Callable[[], datetime] | None = None,
    aggregate: Aggregate | None = None,
    create: bool | None = None,
    pool_size: int | None = None,
    max_overflow: int | None = None,
    pool_timeout: float | None = None,
) -> RoomStore:
    """Open (and on first start create) the rooms database.

    Parameters
    ----------
    url
        A SQLAlchemy URL: ``sqlite:///path/to/file.sqlite3`` or
        ``postgresql+psycopg://user:password@host:5432/dbname``. Default:
        ``$LADDER_DATABASE_URL``, else ``data/ladder.sqlite3`` under the repository.
    join_limits
        Wrong join codes per client and joins per client into one room (see
        :class:`JoinLimits`; default 10 wrong codes per 15 min, 60 joins per 10 min).
    clock
        Returns the current time as an aware datetime (tests pass a fake one).
    aggregate
        Turns the participants' weights into the group's (default
        ``engine.aggregate_weights``); used for revealed results in participant views.
    create
        SQLite only. ``None`` (default): create the database on a first start, but never
        where one existed before (a marker file next to it remembers) unless
        ``LADDER_CREATE_DATABASE=1``; ``True``: create it if missing; ``False``: never.
    pool_size, max_overflow, pool_timeout
        Connection pool (default ``$LADDER_DB_POOL_SIZE`` or 20, ``$LADDER_DB_MAX_OVERFLOW``
        or 20, ``$LADDER_DB_POOL_TIMEOUT`` or 30 s); see ``seminar._database``.

    Raises
    ------
    ValueError
        The URL is not a SQLite file or PostgreSQL URL.
    DatabaseMissing
        The SQLite file is missing where a database existed (or ``create=False``); the
        message says how to restore it.
    StoreUnavailable
        The database server cannot be reached (the cause is logged, not in the message).
    SchemaVersionError
        The database was made by a newer Options Ladder, or not by Options Ladder.
    """
    resolved = resolve_url(url)
    database = sqlite_file(resolved)
    if database is not None:
        prepare_sqlite_file(database, create)
    engine = create_store_engine(
        resolved, pool_size=pool_size, max_overflow=max_overflow, pool_timeout=pool_timeout
    )
    try:
        ensure_schema(engine)
        return RoomStore(engine, join_limits=join_limits, clock=clock, aggregate=aggregate)
    except SQLAlchemyError as error:
        engine.dispose()
        if database is not None and not database.exists():
            raise DatabaseMissing(str(database)) from None
        log.error("cannot open the rooms database (%s): %s", type(error).__name__, error)
        raise StoreUnavailable(
            "the rooms database cannot be reached, so rooms are unavailable: the server's "
            "operator should check that the database is running (details are in the server's log)"
        ) from None
    except BaseException:
        engine.dispose()
        raise
