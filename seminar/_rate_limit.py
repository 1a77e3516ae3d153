"""Join limits, shared by every app server through the database.

Two limits, both per *client* (see ``seminar._clients``: an address, an IPv6 /64, or the
client behind a trusted proxy), never one allowance for everyone:

* **wrong codes** (guessing): at most ``max_failures`` per ``window_seconds`` per client;
  past that, that client's joins are refused, even with a right code, until failures age
  out (else a guesser would learn from which answer differs). Other clients, in the same
  room or any other, are not affected.
* **joins into one room**: at most ``max_joins_per_client_per_room`` people per
  ``join_window_seconds`` from one client into one room, so one device cannot fill a room
  (a class behind one school address still fits; raise it for bigger halls behind NAT).
  The room's participant cap (``create_room(max_participants=...)``) bounds the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ._errors import RateLimited, wait_in_words
from ._tables import JoinAttempt, Participant


@dataclass(frozen=True)
class JoinLimits:
    """At most ``max_failures`` wrong join codes per client key in any ``window_seconds``.

    Past the limit every join from that key is refused with :class:`~seminar.RateLimited`,
    even with a right code: otherwise a guesser could keep guessing and learn from which
    answer differs. A right code does not reset the count (a guesser could otherwise
    interleave a code they know). See ``seminar._secrets`` for what the default buys.
    """

    max_failures: int = 10
    window_seconds: float = 15 * 60
    max_joins_per_client_per_room: int = 60
    join_window_seconds: float = 10 * 60

    def __post_init__(self) -> None:
        if self.max_failures < 1 or self.window_seconds <= 0:
            raise ValueError("JoinLimits needs max_failures >= 1 and window_seconds > 0")
        if self.max_joins_per_client_per_room < 1 or self.join_window_seconds <= 0:
            raise ValueError("JoinLimits needs max_joins_per_client_per_room >= 1 and join_window_seconds > 0")


def lock_client_key(session: Session, client_key_hash: str) -> None:
    """On PostgreSQL, serialise joins from one client key (SQLite writers are serial already)."""
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(bytes.fromhex(client_key_hash[:16]), "big", signed=True)
        session.execute(select(func.pg_advisory_xact_lock(key)))


def raise_if_limited(session: Session, client_key_hash: str, limits: JoinLimits, now: datetime) -> None:
    window = timedelta(seconds=limits.window_seconds)
    failures = session.scalars(
        select(JoinAttempt.attempted_at)
        .where(JoinAttempt.client_key_hash == client_key_hash, JoinAttempt.attempted_at > now - window)
        .order_by(JoinAttempt.attempted_at)
    ).all()
    if len(failures) >= limits.max_failures:
        # The key is allowed again once enough of its failures have aged out of the window.
        frees_at = failures[len(failures) - limits.max_failures] + window
        raise RateLimited((frees_at - now).total_seconds())


def record_failure(session: Session, client_key_hash: str, limits: JoinLimits, now: datetime) -> None:
    """Count a wrong code, and forget failures too old to matter to anyone."""
    session.execute(
        delete(JoinAttempt).where(JoinAttempt.attempted_at <= now - timedelta(seconds=limits.window_seconds))
    )
    session.add(JoinAttempt(client_key_hash=client_key_hash, attempted_at=now))


def raise_if_room_flooded(
    session: Session, room_id: int, client_key_hash: str, limits: JoinLimits, now: datetime
) -> None:
    """Refuse a join when this client already brought too many people into this room."""
    window = timedelta(seconds=limits.join_window_seconds)
    joined = session.scalars(
        select(Participant.joined_at)
        .where(
            Participant.room_id == room_id,
            Participant.client_key_hash == client_key_hash,
            Participant.joined_at > now - window,
        )
        .order_by(Participant.joined_at)
    ).all()
    if len(joined) >= limits.max_joins_per_client_per_room:
        frees_at = joined[len(joined) - limits.max_joins_per_client_per_room] + window
        wait = (frees_at - now).total_seconds()
        raise RateLimited(
            wait,
            f"{len(joined)} people have joined this room from this device or network in the "
            f"last {round(limits.join_window_seconds / 60)} minutes, the most allowed: try again in "
            f"{wait_in_words(wait)}, or ask the facilitator",
        )
