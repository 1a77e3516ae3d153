"""Errors a user of a seminar room can cause, each with a message that says what to do.

Every error a participant or facilitator can trigger (a wrong code, a stale link, a
bad weight) is a :class:`RoomError` subclass, so a page can catch ``RoomError`` and show
``str(error)`` as it is. Errors that only an operator can cause (a database newer than
the code) are not ``RoomError``: they should stop the app, not be shown to a participant.
"""

from __future__ import annotations

import math


class RoomError(Exception):
    """Base of every error a room's user can cause; ``str(error)`` is meant for them."""


class NotFound(RoomError):
    """The room, round, pack or join code does not exist."""


class Forbidden(RoomError):
    """The secret or token does not grant this action."""


class RoomClosed(RoomError):
    """The room (or its current round) does not accept this action now."""


class NoOpenRound(RoomClosed):
    """A submission arrived while no round is open."""


class InvalidInput(RoomError):
    """A value is malformed, out of range or too long; nothing was written."""


class RateLimited(RoomError):
    """Too many wrong join codes from one client; try again after ``retry_after_seconds``."""

    def __init__(self, retry_after_seconds: float) -> None:
        self.retry_after_seconds = max(1, math.ceil(retry_after_seconds))
        super().__init__(
            "too many wrong join codes from this device: check the code with the facilitator "
            f"and try again in {self.retry_after_seconds} seconds"
        )


class SchemaVersionError(RuntimeError):
    """The database was written by a newer Options Ladder than this one (operator error)."""
