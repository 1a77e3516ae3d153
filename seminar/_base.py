"""What every part of :class:`~seminar.RoomStore` shares: sessions, faults, access checks.

* ``_read()`` / ``_write()`` open one transaction each. Writes on SQLite begin with
  ``BEGIN IMMEDIATE`` and queue on a per-file lock in this process (see
  :func:`_process_write_lock`).
* A database fault (server down, disk full, a corrupt or deleted file, a pool that stays
  exhausted) never reaches the caller as a driver error: it becomes
  :class:`~seminar.StoreUnavailable` (or :class:`~seminar.DatabaseMissing`) with a plain
  message, and the cause is logged on the ``seminar`` logger.
* The access helpers (``_facilitated_room``, ``_participant``) raise the room errors the
  pages show.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from ._database import WRITE
from ._errors import DatabaseMissing, Forbidden, NotFound, RoomClosed, StoreUnavailable
from ._rate_limit import JoinLimits
from ._secrets import MAX_SECRET_LENGTH, hash_secret, secret_matches
from ._tables import Participant, Room, RoomState, Round, Submission
from ._views import ParticipantInfo, RoomInfo, RoundInfo, SubmissionInfo

FAULT_LOG_SECONDS = 30.0

log = logging.getLogger("seminar")

Aggregate = Callable[[list[dict[str, float]], list[str]], Any]
"""``aggregate(weights_per_participant, criterion_ids)``: the group's weights (a mapping
by criterion id, or a sequence in criterion order)."""

_DRIVER_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error,)
try:  # psycopg is installed with Options Ladder, but the store works without it on SQLite
    import psycopg

    _DRIVER_ERRORS = (*_DRIVER_ERRORS, psycopg.Error)
except ImportError:  # pragma: no cover
    pass


def utc_now() -> datetime:
    return datetime.now(UTC)


_SQLITE_WRITE_LOCKS: dict[str, threading.Lock] = {}
_SQLITE_WRITE_LOCKS_GUARD = threading.Lock()


def _process_write_lock(engine: Engine) -> AbstractContextManager[object]:
    """For SQLite, one lock per database file shared by the threads of this process.

    SQLite admits one writer at a time anyway; queueing the writers of one process on a
    lock hands the database over as soon as it is free, where SQLite's busy handler would
    poll with growing sleeps (seen as up to a second of tail latency under load). Other
    processes on the same file still queue through ``busy_timeout``.
    """
    if engine.dialect.name != "sqlite":
        return nullcontext()
    key = os.path.realpath(engine.url.database or "")
    with _SQLITE_WRITE_LOCKS_GUARD:
        return _SQLITE_WRITE_LOCKS.setdefault(key, threading.Lock())


class StoreBase:
    """Sessions, fault handling and access checks; the public methods live in the mixins."""

    def __init__(
        self,
        engine: Engine,
        *,
        join_limits: JoinLimits | None = None,
        clock: Callable[[], datetime] | None = None,
        aggregate: Aggregate | None = None,
    ) -> None:
        self.engine = engine
        self._write_engine = engine.execution_options(**{WRITE: True})
        self._write_lock = _process_write_lock(engine)
        self.join_limits = join_limits or JoinLimits()
        self._clock = clock or utc_now
        self._aggregate: Aggregate = aggregate or _engine_aggregate
        self._sqlite_file: Path | None = None
        self._file_identity: tuple[int, int] | None = None
        self._said_missing = False  # the log has said the file is gone (once each time it goes)
        # An outage is logged when it starts, every FAULT_LOG_SECONDS while it lasts, and when it ends: every page
        # polls, and each poll's fault in the log buried the rest (5,788 lines in an 87 s outage).
        self._fault_lock = threading.Lock()
        self._outage: tuple[float, float, int] | None = None  # (started, last logged, faults so far)
        if engine.dialect.name == "sqlite" and engine.url.database:
            self._sqlite_file = Path(engine.url.database).expanduser().absolute()
            stat = self._sqlite_file.stat()
            self._file_identity = (stat.st_dev, stat.st_ino)
        self._init_caches()

    def _init_caches(self) -> None:
        """Overridden by the parts that keep per-process caches."""

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- sessions and faults -------------------------------------------------------------

    def _check_file(self) -> None:
        """Refuse to go on if the SQLite file was deleted or replaced under us, and say so in the server's log
        once (with how to restore it) each time it goes: the pages only tell people to ask the operator."""
        if self._sqlite_file is None:
            return
        try:
            stat = self._sqlite_file.stat()
            gone = (stat.st_dev, stat.st_ino) != self._file_identity
        except OSError:
            gone = True
        if not gone:
            if self._said_missing:
                log.warning("the rooms database file is back at %s: saving resumes", self._sqlite_file)
            self._said_missing = False
            return
        missing = DatabaseMissing(str(self._sqlite_file), while_running=True)
        if not self._said_missing:
            self._said_missing = True
            log.error("%s", missing)
        raise missing

    @contextmanager
    def _faults_as_room_errors(self) -> Iterator[None]:
        self._check_file()
        try:
            yield
        except IntegrityError:
            raise  # a constraint: the caller turns it into the right room error
        except (SQLAlchemyError, *_DRIVER_ERRORS) as error:
            if isinstance(error, DBAPIError | PoolTimeout) or not isinstance(error, SQLAlchemyError):
                self._check_file()
                self._log_fault(error)
                raise StoreUnavailable() from None
            raise
        if self._outage is not None:
            self._log_recovery()

    def _log_fault(self, error: BaseException) -> None:
        now = time.monotonic()
        with self._fault_lock:
            if self._outage is None:
                self._outage = (now, now, 1)
                log.error("rooms database fault (%s): %s", type(error).__name__, error)
                return
            started, logged, faults = self._outage
            if now - logged >= FAULT_LOG_SECONDS:
                log.error("rooms database fault (%s): %s (still failing after %.0f s, %d faults)",
                          type(error).__name__, error, now - started, faults + 1)
                logged = now
            self._outage = (started, logged, faults + 1)

    def _log_recovery(self) -> None:
        with self._fault_lock:
            if self._outage is None:
                return
            started, _logged, faults = self._outage
            self._outage = None
        log.warning("the rooms database answers again after %.0f s (%d faults)", time.monotonic() - started, faults)

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with (
            self._faults_as_room_errors(),
            self._write_lock,
            Session(self._write_engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with (
            self._faults_as_room_errors(),
            Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def _now(self) -> datetime:
        return self._clock()

    # -- access ----------------------------------------------------------------------------

    @staticmethod
    def _token_hash(token: object) -> str:
        if not isinstance(token, str) or not token or len(token) > MAX_SECRET_LENGTH:
            raise Forbidden("this participant link is not valid: join the room again with its code")
        return hash_secret(token)

    def _participant(self, session: Session, token: object, *, lock: bool = False) -> Participant:
        """The token's holder; refused if the token is wrong or the holder was removed."""
        token_hash = self._token_hash(token)
        query = select(Participant).where(Participant.token_hash == token_hash)
        participant = session.scalars(query.with_for_update() if lock else query).one_or_none()
        if participant is None or not secret_matches(str(token), participant.token_hash):
            raise Forbidden("this participant link is not valid: join the room again with its code")
        if participant.removed_at is not None:
            raise Forbidden(
                "the facilitator removed you from this room, so you can no longer submit to it: "
                "ask the facilitator if you think this is a mistake"
            )
        return participant

    @staticmethod
    def _room(session: Session, room_id: object, *, lock: bool = False) -> Room:
        room = None
        if isinstance(room_id, int) and not isinstance(room_id, bool) and 0 < room_id < 2**63:
            room = session.get(Room, room_id, with_for_update=True if lock else None)
        if room is None:
            raise NotFound(f"there is no room {str(room_id)[:40]}: check the link")
        return room

    def _facilitated_room(
        self, session: Session, room_id: object, facilitator_secret: object, *, lock: bool = True
    ) -> Room:
        """The room, if ``facilitator_secret`` is its secret; locked for update by default."""
        room = self._room(session, room_id, lock=lock)
        if (
            not isinstance(facilitator_secret, str)
            or len(facilitator_secret) > MAX_SECRET_LENGTH
            or not secret_matches(facilitator_secret, room.facilitator_secret_hash)
        ):
            raise Forbidden(
                f"this facilitator link is not valid for room {room.id}: use the private link "
                "you got when you created the room"
            )
        return room

    @staticmethod
    def _refuse_if_closed(room: Room) -> None:
        if room.state is RoomState.CLOSED:
            raise RoomClosed(f"the room {room.title!r} is closed and accepts nothing")

    # -- rounds and submissions ---------------------------------------------------------

    @staticmethod
    def _open_round(session: Session, room_id: int) -> Round | None:
        return session.scalars(
            select(Round).where(Round.room_id == room_id, Round.closed_at.is_(None))
        ).one_or_none()

    @staticmethod
    def _current_round(session: Session, room_id: int) -> Round | None:
        """The open round, else the last one closed, else ``None``."""
        return session.scalars(
            select(Round).where(Round.room_id == room_id).order_by(Round.number.desc()).limit(1)
        ).one_or_none()

    def _close_open_round(self, session: Session, room_id: int, now: datetime) -> int | None:
        open_round = self._open_round(session, room_id)
        if open_round is None:
            return None
        open_round.closed_at = now
        session.flush()  # before a new open round is inserted (one open round per room)
        return open_round.number

    @staticmethod
    def _latest_submissions(session: Session, round_: Round) -> list[SubmissionInfo]:
        """Each current (not removed) participant's latest revision in ``round_``."""
        latest = (
            select(Submission.participant_id, func.max(Submission.revision).label("revision"))
            .where(Submission.round_id == round_.id)
            .group_by(Submission.participant_id)
            .subquery()
        )
        rows = session.execute(
            select(Submission, Participant)
            .join(
                latest,
                and_(
                    Submission.participant_id == latest.c.participant_id,
                    Submission.revision == latest.c.revision,
                ),
            )
            .join(Participant, Participant.id == Submission.participant_id)
            .where(Submission.round_id == round_.id, Participant.removed_at.is_(None))
            .order_by(Submission.participant_id)
        ).all()
        return [submission_info(sub, who, round_.number) for sub, who in rows]


def _engine_aggregate(weights: list[dict[str, float]], criterion_ids: list[str]) -> Any:
    """The default group aggregation: ``engine.aggregate_weights`` (imported when needed)."""
    try:
        from engine import aggregate_weights
    except ImportError as error:
        raise RuntimeError(
            "revealed group results need engine.aggregate_weights, which could not be "
            f"imported ({error}); install Options Ladder completely or pass aggregate= to open_store"
        ) from error
    return aggregate_weights(weights, criterion_ids)


def as_weight_mapping(result: Any, criterion_ids: Sequence[str]) -> dict[str, float]:
    if hasattr(result, "keys"):
        return {cid: float(result[cid]) for cid in criterion_ids}
    values = [float(v) for v in result]
    if len(values) != len(criterion_ids):
        raise RuntimeError(
            f"the aggregation returned {len(values)} weights for {len(criterion_ids)} criteria"
        )
    return dict(zip(criterion_ids, values, strict=True))


def room_info(room: Room) -> RoomInfo:
    return RoomInfo(
        id=room.id,
        title=room.title,
        pack_ref=room.pack_ref,
        method=room.method,
        show_individual=room.show_individual,
        state=room.state,
        revealed=room.revealed,
        join_code=room.join_code,
        criterion_ids=tuple(room.criterion_ids),
        lens_ids=tuple(room.lens_ids),
        created_at=room.created_at,
        max_participants=room.max_participants,
        assessment_ids=tuple(room.assessment_ids or ()),
        has_screen_token=room.screen_token_hash is not None,
    )


def participant_info(participant: Participant) -> ParticipantInfo:
    return ParticipantInfo(
        id=participant.id,
        display_name=participant.display_name,
        role=participant.role,
        joined_at=participant.joined_at,
        removed_at=participant.removed_at,
    )


def round_info(round_: Round) -> RoundInfo:
    return RoundInfo(
        number=round_.number,
        inject_id=round_.inject_id,
        inject_title=round_.inject_title,
        inject_text=round_.inject_text,
        contexts=tuple(round_.contexts),
        opened_at=round_.opened_at,
        closed_at=round_.closed_at,
    )


def submission_info(submission: Submission, participant: Participant, round_number: int) -> SubmissionInfo:
    return SubmissionInfo(
        participant_id=participant.id,
        display_name=participant.display_name,
        role=participant.role,
        round_number=round_number,
        revision=submission.revision,
        weights=submission.weights,
        method=submission.method,
        submitted_at=submission.submitted_at,
        reason=submission.reason or "",
        assessment=submission.assessment,
        removed=participant.removed_at is not None,
    )
