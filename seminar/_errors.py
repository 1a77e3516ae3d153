"""Errors a user of a seminar room can cause, each with a message that says what to do.

Every error a participant or facilitator can meet (a wrong code, a stale link, a bad
weight, a database that is down for a moment) is a :class:`RoomError` subclass, so a page
can catch ``RoomError`` and show ``str(error)`` as it is: plain text, never SQL, a socket
path or a traceback. Errors that only an operator can cause (a database newer than the
code) are not ``RoomError``: they should stop the app, not be shown to a participant.
"""

from __future__ import annotations

import math


class RoomError(Exception):
    """Base of every error a room's user can meet; ``str(error)`` is meant for them."""


class NotFound(RoomError):
    """The room, round, pack or join code does not exist."""


class Forbidden(RoomError):
    """The secret or token does not grant this action (or the participant was removed)."""


class RoomClosed(RoomError):
    """The room (or its current round) does not accept this action now."""


class NoOpenRound(RoomClosed):
    """A submission arrived while no round is open."""


class RoundMoved(RoomClosed):
    """A submission named a round that is no longer the open one.

    ``submitted_for`` is the round the participant was looking at, ``open_round`` the round
    open now (``None`` if none is). Nothing was written: show the new round and let the
    participant submit again.
    """

    def __init__(self, submitted_for: int, open_round: int | None) -> None:
        self.submitted_for = submitted_for
        self.open_round = open_round
        if open_round is None:
            message = (
                f"round {submitted_for} has closed and your weights were not saved: wait for the "
                "facilitator to open the next round"
            )
        else:
            message = (
                f"round {submitted_for} has closed and round {open_round} is open now: your weights "
                f"were not saved; read round {open_round}'s inject and submit again"
            )
        super().__init__(message)


class RevisionMoved(RoomError):
    """A submission came from a page that showed an older revision than the store holds (the same
    participant submitted since, from another tab or device). ``latest`` is the newest revision;
    nothing was written: show it and let the participant submit again to replace it."""

    def __init__(self, shown: int, latest: int) -> None:
        self.shown = shown
        self.latest = latest
        super().__init__(
            f"you sent revision {latest} of your weights from another tab or device since this page showed "
            f"{'revision ' + str(shown) if shown else 'none'}, so these were not saved: this page now shows "
            f"revision {latest}; change it if you wish and submit again to replace it"
        )


class RoundAlreadyOpened(RoomError):
    """A facilitator asked to open the round after ``after``, but a later round is already open
    (opened from another tab or device, or the request arrived twice). Nothing was changed."""

    def __init__(self, after: int, latest: int) -> None:
        self.after = after
        self.latest = latest
        super().__init__(
            f"round {latest} is already open (opened from another tab or device): nothing was changed"
        )


class RoomFull(RoomClosed):
    """The room has as many participants as its facilitator allows."""


class InvalidInput(RoomError):
    """A value is malformed, out of range or too long; nothing was written."""


class StorageFull(RoomError):
    """The store's quota for uploaded packs is used up; nothing was written."""


class RateLimited(RoomError):
    """Too many join attempts from one client; try again after ``retry_after_seconds``."""

    def __init__(self, retry_after_seconds: float, message: str | None = None) -> None:
        self.retry_after_seconds = max(1, math.ceil(retry_after_seconds))
        super().__init__(
            message
            or "too many wrong join codes from this network address: check the code with the facilitator "
            f"and try again in {wait_in_words(self.retry_after_seconds)}"
        )


def wait_in_words(seconds: float) -> str:
    """A wait as a person reads it: "45 seconds", "1 second", "15 minutes" (rounded up)."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class StoreUnavailable(RoomError):
    """The rooms database could not be reached or failed; nothing was written.

    ``str(error)`` is a friendly message for the person on the page (no SQL, no socket or
    driver text); the cause goes to the ``seminar`` logger for the operator. Retrying is
    safe: a read has no effect, and a write that raised this was rolled back (a
    :meth:`~seminar.RoomStore.submit` retried after an ambiguous failure at commit at worst
    stores the same weights again as a new revision, and only the latest revision counts).
    """

    DEFAULT_MESSAGE = (
        "the room's database is not answering just now, so nothing was saved: wait a few "
        "seconds and try again; if it keeps happening, tell the facilitator"
    )

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.DEFAULT_MESSAGE)


class DatabaseMissing(StoreUnavailable):
    """The SQLite file holding the rooms is missing (deleted or moved) or was replaced.

    Raised by :func:`~seminar.open_store` at start (instead of silently creating a new,
    empty database that would break every room link) and by any store call after the
    file disappeared under a running server. ``how_to_restore`` tells the operator what to
    do; ``str(error)`` says it too, without SQL or driver text.
    """

    def __init__(self, path: str, *, while_running: bool = False) -> None:
        self.path = path
        self.how_to_restore = (
            f"restore the file from a backup to {path} and restart the app; to start over with "
            "a new, empty rooms database instead (every existing room link stops working), "
            "start once with LADDER_CREATE_DATABASE=1 (or open_store(..., create=True))"
        )
        what = (
            "the rooms database file was deleted or replaced while the app was running, so "
            "nothing more can be saved"
            if while_running
            else "the rooms database file is missing"
        )
        super().__init__(f"{what}: {self.how_to_restore}")


class SchemaVersionError(RuntimeError):
    """The database was written by a newer Options Ladder than this one (operator error)."""
