"""Seminar rooms: a facilitator runs a war-game round by round, participants weigh in.

The store is SQLAlchemy 2 over a SQLite file by default (``data/ladder.sqlite3``) or
PostgreSQL when ``LADDER_DATABASE_URL=postgresql+psycopg://...`` is set, so several app
servers can share one database. Nothing here imports Streamlit.

>>> store = open_store("sqlite:////tmp/rooms.sqlite3")                      # doctest: +SKIP
>>> room_id, secret, code = store.create_room("Border", "bundled", "wsm", False, ["cost", "risk"])
>>> round_number = store.open_round(room_id, secret, inject_title="Cartel strike")
>>> participant_id, token = store.join(code, "Ana")
>>> store.submit(token, {"cost": 2, "risk": 1})
1
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ._database import (
    DEFAULT_SQLITE_PATH,
    ENV_VAR,
    create_store_engine,
    default_database_url,
    ensure_schema,
    resolve_url,
)
from ._errors import (
    Forbidden,
    InvalidInput,
    NoOpenRound,
    NotFound,
    RateLimited,
    RoomClosed,
    RoomError,
    SchemaVersionError,
)
from ._rate_limit import JoinLimits
from ._secrets import format_join_code, normalise_join_code
from ._store import BUNDLED_PACK, Aggregate, RoomStore
from ._tables import SCHEMA_VERSION, RoomState
from ._views import (
    FacilitatorView,
    ParticipantInfo,
    ParticipantView,
    RoomInfo,
    RoundInfo,
    SubmissionInfo,
)

__all__ = [
    "BUNDLED_PACK",
    "DEFAULT_SQLITE_PATH",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "Aggregate",
    "FacilitatorView",
    "Forbidden",
    "InvalidInput",
    "JoinLimits",
    "NoOpenRound",
    "NotFound",
    "ParticipantInfo",
    "ParticipantView",
    "RateLimited",
    "RoomClosed",
    "RoomError",
    "RoomInfo",
    "RoomState",
    "RoomStore",
    "RoundInfo",
    "SchemaVersionError",
    "SubmissionInfo",
    "default_database_url",
    "format_join_code",
    "normalise_join_code",
    "open_store",
]


def open_store(
    url: str | None = None,
    *,
    join_limits: JoinLimits | None = None,
    clock: Callable[[], datetime] | None = None,
    aggregate: Aggregate | None = None,
) -> RoomStore:
    """Open (and on first start create) the rooms database.

    Parameters
    ----------
    url
        A SQLAlchemy URL: ``sqlite:///path/to/file.sqlite3`` or
        ``postgresql+psycopg://user:password@host:5432/dbname``. Default:
        ``$LADDER_DATABASE_URL``, else ``data/ladder.sqlite3`` under the repository (the
        folder is created).
    join_limits
        How many wrong join codes a client may try per window (default 10 per 15 min).
    clock
        Returns the current time as an aware datetime (tests pass a fake one).
    aggregate
        Turns the participants' weights into the group's (default
        ``engine.aggregate_weights``); used for revealed results in participant views.

    Raises
    ------
    ValueError
        The URL is not a SQLite file or PostgreSQL URL.
    SchemaVersionError
        The database was made by a newer Options Ladder, or not by Options Ladder.
    """
    engine = create_store_engine(resolve_url(url))
    try:
        ensure_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return RoomStore(engine, join_limits=join_limits, clock=clock, aggregate=aggregate)
