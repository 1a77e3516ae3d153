"""RoomStore: every read and write of seminar rooms, with the access rules built in.

Who may do what
---------------
* The **facilitator secret** (returned once by :meth:`RoomStore.create_room`) is needed for
  every facilitator action and for the facilitator's view and history.
* A **participant token** (returned once by :meth:`RoomStore.join`) is the only way to
  submit and to see a participant's view; a submission always belongs to the token's
  holder, so no one can submit as someone else.
* A participant sees others' weights only as the facilitator allows: nothing before the
  reveal, then the aggregate, and individual submissions only in a room created with
  ``show_individual=True``.
* ``open`` rooms accept joins and submissions; ``locked`` rooms accept neither (the
  facilitator still runs rounds and reveals); ``closed`` rooms accept nothing. Opening a
  round hides results again, so a new round starts unrevealed.

Transactions
------------
Every public write runs in one transaction: it happens completely or not at all, and an
:class:`~seminar.InvalidInput` means nothing was written. Writes on SQLite begin with
``BEGIN IMMEDIATE`` (one writer at a time); on PostgreSQL a submission locks its
participant's row (so revision numbers never collide) and shares a lock on the room
(so a round cannot close half-way through a submission).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import _rate_limit
from ._database import WRITE
from ._errors import Forbidden, InvalidInput, NoOpenRound, NotFound, RoomClosed
from ._rate_limit import JoinLimits
from ._secrets import (
    MAX_SECRET_LENGTH,
    format_join_code,
    hash_secret,
    new_join_code,
    new_secret,
    normalise_join_code,
    secret_matches,
)
from ._tables import Pack, Participant, Room, RoomState, Round, Submission
from ._validation import (
    MAX_CLIENT_KEY,
    MAX_CONTEXTS,
    MAX_CRITERIA,
    MAX_DISPLAY_NAME,
    MAX_INJECT_TEXT,
    MAX_INJECT_TITLE,
    MAX_LENSES,
    MAX_METHOD,
    MAX_PACK_CHARS,
    MAX_TITLE,
    clean_line,
    clean_slug,
    clean_slug_list,
    clean_text,
    validate_weights,
)
from ._views import (
    FacilitatorView,
    ParticipantInfo,
    ParticipantView,
    RoomInfo,
    RoundInfo,
    SubmissionInfo,
)

BUNDLED_PACK = "bundled"
"""``pack_ref`` of the case pack shipped with the app."""

Aggregate = Callable[[list[dict[str, float]], list[str]], Any]
"""``aggregate(weights_per_participant, criterion_ids)``: the group's weights (a mapping
by criterion id, or a sequence in criterion order)."""


def _utc_now() -> datetime:
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


def engine_aggregate(weights: list[dict[str, float]], criterion_ids: list[str]) -> Any:
    """The default group aggregation: ``engine.aggregate_weights`` (imported when needed)."""
    try:
        from engine import aggregate_weights
    except ImportError as error:
        raise RuntimeError(
            "revealed group results need engine.aggregate_weights, which could not be "
            f"imported ({error}); install Options Ladder completely or pass aggregate= to open_store"
        ) from error
    return aggregate_weights(weights, criterion_ids)


def _as_weight_mapping(result: Any, criterion_ids: Sequence[str]) -> dict[str, float]:
    if hasattr(result, "keys"):
        return {cid: float(result[cid]) for cid in criterion_ids}
    values = [float(v) for v in result]
    if len(values) != len(criterion_ids):
        raise RuntimeError(
            f"the aggregation returned {len(values)} weights for {len(criterion_ids)} criteria"
        )
    return dict(zip(criterion_ids, values, strict=True))


class RoomStore:
    """Seminar rooms in one database; safe to share between threads and app servers.

    Use :func:`seminar.open_store` to make one. Each method opens its own session, so
    one ``RoomStore`` per process is enough (a Streamlit app keeps it in
    ``st.cache_resource``: it holds no room data, only the connection pool).
    """

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
        self._clock = clock or _utc_now
        self._aggregate = aggregate or engine_aggregate

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> RoomStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with (
            self._write_lock,
            Session(self._write_engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def _now(self) -> datetime:
        return self._clock()

    # -- packs -------------------------------------------------------------------------

    def save_pack(self, pack_json: str) -> str:
        """Keep an uploaded case pack (JSON text); return its ``pack_ref`` (SHA-256 hex).

        Saving the same text twice returns the same reference. The store checks only that
        the text is a JSON object of bounded size; checking it is a valid pack is the pack
        loader's job, before saving.
        """
        if not isinstance(pack_json, str):
            raise InvalidInput(f"pack: expected JSON text, got {type(pack_json).__name__}")
        if len(pack_json) > MAX_PACK_CHARS:
            raise InvalidInput(
                f"pack: {len(pack_json):,} characters is too large; use at most {MAX_PACK_CHARS:,}"
            )
        try:
            parsed = json.loads(pack_json)
        except ValueError as error:
            raise InvalidInput(f"pack: not valid JSON ({error})") from None
        if not isinstance(parsed, dict):
            raise InvalidInput("pack: expected a JSON object with info, criteria, options, ...")
        pack_ref = hashlib.sha256(pack_json.encode("utf-8")).hexdigest()
        try:
            with self._write() as session:
                if session.get(Pack, pack_ref) is None:
                    session.add(Pack(hash=pack_ref, content=pack_json, created_at=self._now()))
        except IntegrityError:
            pass  # another server saved the same pack at the same moment
        return pack_ref

    def load_pack_json(self, pack_ref: str) -> str:
        """The JSON text of an uploaded pack saved with :meth:`save_pack`."""
        with self._read() as session:
            pack = session.get(Pack, pack_ref) if isinstance(pack_ref, str) else None
            if pack is None:
                raise NotFound(f"no uploaded case pack has the reference {str(pack_ref)[:80]!r}")
            return pack.content

    # -- facilitator -------------------------------------------------------------------

    def create_room(
        self,
        title: str,
        pack_ref: str,
        method: str,
        show_individual: bool,
        criterion_ids: Sequence[str],
        lens_ids: Sequence[str] = (),
    ) -> tuple[int, str, str]:
        """Create a room; return ``(room_id, facilitator_secret, join_code)``.

        The secret is returned only here: keep it in the facilitator's private link. The
        join code is in its stored form (``"K7QP3MXD"``); show it with
        :func:`seminar.format_join_code`. ``lens_ids``, when given, are the roles a
        participant may choose.
        """
        clean_title = clean_line(title, "room title", MAX_TITLE)
        clean_method = clean_slug(method, "method", max_length=MAX_METHOD)
        if not isinstance(show_individual, bool):
            raise InvalidInput("show_individual: expected True or False")
        criteria = clean_slug_list(criterion_ids, "criterion ids", MAX_CRITERIA, allow_empty=False)
        lenses = clean_slug_list(lens_ids, "lens ids", MAX_LENSES)
        if not isinstance(pack_ref, str) or (
            pack_ref != BUNDLED_PACK and (len(pack_ref) != 64 or pack_ref.strip("0123456789abcdef"))
        ):
            raise InvalidInput(
                f"pack: {str(pack_ref)[:80]!r} is neither {BUNDLED_PACK!r} nor the reference "
                "of an uploaded pack"
            )
        secret = new_secret()
        for _attempt in range(5):
            try:
                with self._write() as session:
                    if pack_ref != BUNDLED_PACK and session.get(Pack, pack_ref) is None:
                        raise NotFound(
                            f"no uploaded case pack has the reference {pack_ref!r}: upload it first"
                        )
                    code = self._unused_join_code(session)
                    room = Room(
                        title=clean_title,
                        pack_ref=pack_ref,
                        method=clean_method,
                        show_individual=show_individual,
                        state=RoomState.OPEN,
                        revealed=False,
                        facilitator_secret_hash=hash_secret(secret),
                        join_code=code,
                        criterion_ids=criteria,
                        lens_ids=lenses,
                        created_at=self._now(),
                    )
                    session.add(room)
                    session.flush()
                    return room.id, secret, code
            except IntegrityError:
                continue  # another server took the same join code at the same moment
        raise RuntimeError("could not find an unused join code in 5 attempts")

    @staticmethod
    def _unused_join_code(session: Session) -> str:
        while True:
            code = new_join_code()
            if session.scalar(select(Room.id).where(Room.join_code == code)) is None:
                return code

    def open_round(
        self,
        room_id: int,
        facilitator_secret: str,
        inject_id: str = "",
        inject_title: str = "",
        inject_text: str = "",
        contexts: Sequence[str] = (),
    ) -> int:
        """Open the next round (closing the open one, if any); return its number.

        The inject is the pack's (``inject_id``) or one typed in (``inject_id=""``);
        ``contexts`` are the context ids in force this round. Results are hidden again.
        """
        clean_inject_id = clean_slug(inject_id, "inject id", allow_empty=True)
        clean_inject_title = clean_line(inject_title, "inject title", MAX_INJECT_TITLE, allow_empty=True)
        clean_inject_text = clean_text(inject_text, "inject text", MAX_INJECT_TEXT)
        clean_contexts = clean_slug_list(contexts, "contexts", MAX_CONTEXTS)
        now = self._now()
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            self._refuse_if_closed(room)
            self._close_open_round(session, room.id, now)
            last = session.scalar(select(func.max(Round.number)).where(Round.room_id == room.id))
            number = (last or 0) + 1
            session.add(
                Round(
                    room_id=room.id,
                    number=number,
                    inject_id=clean_inject_id,
                    inject_title=clean_inject_title,
                    inject_text=clean_inject_text,
                    contexts=clean_contexts,
                    opened_at=now,
                    closed_at=None,
                )
            )
            room.revealed = False
            return number

    def close_round(self, room_id: int, facilitator_secret: str) -> int | None:
        """Close the open round; return its number, or ``None`` if none was open."""
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            self._refuse_if_closed(room)
            return self._close_open_round(session, room.id, self._now())

    def set_revealed(self, room_id: int, facilitator_secret: str, revealed: bool) -> None:
        """Show (``True``) or hide the current round's group result to participants."""
        if not isinstance(revealed, bool):
            raise InvalidInput("revealed: expected True or False")
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            self._refuse_if_closed(room)
            room.revealed = revealed

    def lock_room(self, room_id: int, facilitator_secret: str) -> None:
        """Stop new joins and submissions (rounds, reveals and views carry on)."""
        self._set_state(room_id, facilitator_secret, RoomState.LOCKED)

    def unlock_room(self, room_id: int, facilitator_secret: str) -> None:
        """Accept joins and submissions again after :meth:`lock_room`."""
        self._set_state(room_id, facilitator_secret, RoomState.OPEN)

    def close_room(self, room_id: int, facilitator_secret: str) -> None:
        """Close the open round and the room for good; views and history stay readable."""
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            if room.state is RoomState.CLOSED:
                return
            self._close_open_round(session, room.id, self._now())
            room.state = RoomState.CLOSED

    def _set_state(self, room_id: int, facilitator_secret: str, state: RoomState) -> None:
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            self._refuse_if_closed(room)
            room.state = state

    # -- participants ------------------------------------------------------------------

    def join(
        self, join_code: str, display_name: str, role: str = "", client_key: str = ""
    ) -> tuple[int, str]:
        """Join the room with ``join_code``; return ``(participant_id, participant_token)``.

        ``client_key`` identifies the client for rate limiting wrong codes (e.g. its IP
        address); clients that give none share one allowance. The token is returned only
        here: keep it in the participant's session.
        """
        name = clean_line(display_name, "display name", MAX_DISPLAY_NAME)
        clean_role = clean_slug(role, "role", allow_empty=True)
        if not isinstance(client_key, str) or len(client_key) > MAX_CLIENT_KEY:
            raise InvalidInput(f"client key: expected text of at most {MAX_CLIENT_KEY} characters")
        key_hash = hash_secret(client_key)
        code = normalise_join_code(join_code) if isinstance(join_code, str) else None
        now = self._now()
        try:
            with self._write() as session:
                _rate_limit.lock_client_key(session, key_hash)
                _rate_limit.raise_if_limited(session, key_hash, self.join_limits, now)
                if code is None:
                    raise InvalidInput(
                        "join code: it is 8 letters and digits, like K7QP-3MXD; check it with the facilitator"
                    )
                room = session.scalars(
                    select(Room).where(Room.join_code == code).with_for_update(read=True)
                ).one_or_none()
                if room is None:
                    # Leave the block normally so the failure is committed, then refuse.
                    _rate_limit.record_failure(session, key_hash, self.join_limits, now)
                else:
                    return self._add_participant(session, room, name, clean_role, now)
        except IntegrityError:
            raise InvalidInput(f"the name {name!r} is already taken in this room; choose another") from None
        assert code is not None  # only a wrong (well-formed) code gets here
        raise NotFound(f"no room has the code {format_join_code(code)}: check the code with the facilitator")

    def _add_participant(
        self, session: Session, room: Room, name: str, role: str, now: datetime
    ) -> tuple[int, str]:
        if room.state is RoomState.CLOSED:
            raise RoomClosed(f"the room {room.title!r} is closed and accepts no one")
        if room.state is RoomState.LOCKED:
            raise RoomClosed(
                f"the room {room.title!r} is locked: the facilitator is not admitting anyone now"
            )
        if role and room.lens_ids and role not in room.lens_ids:
            raise InvalidInput(f"role: {role!r} is not one of this room's roles ({', '.join(room.lens_ids)})")
        name_key = name.casefold()[:MAX_DISPLAY_NAME]
        taken = session.scalar(
            select(Participant.id).where(Participant.room_id == room.id, Participant.name_key == name_key)
        )
        if taken is not None:
            raise InvalidInput(f"the name {name!r} is already taken in this room; choose another")
        token = new_secret()
        participant = Participant(
            room_id=room.id,
            display_name=name,
            name_key=name_key,
            role=role,
            token_hash=hash_secret(token),
            joined_at=now,
        )
        session.add(participant)
        session.flush()
        return participant.id, token

    def submit(self, participant_token: str, weights: Mapping[str, float]) -> int:
        """Store a new revision of the token holder's weights in the open round.

        Returns the revision number (1 for the first submission in the round). Every
        criterion must be weighted with a finite number >= 0, not all zero; otherwise
        :class:`~seminar.InvalidInput` is raised and nothing is written.
        """
        token_hash = self._token_hash(participant_token)
        now = self._now()
        with self._write() as session:
            participant = session.scalars(
                select(Participant).where(Participant.token_hash == token_hash).with_for_update()
            ).one_or_none()
            if participant is None or not secret_matches(participant_token, participant.token_hash):
                raise Forbidden("this participant link is not valid: join the room again with its code")
            room = session.scalars(
                select(Room).where(Room.id == participant.room_id).with_for_update(read=True)
            ).one()
            if room.state is RoomState.CLOSED:
                raise RoomClosed(f"the room {room.title!r} is closed and accepts no submissions")
            if room.state is RoomState.LOCKED:
                raise RoomClosed(f"the room {room.title!r} is locked: submissions are paused")
            current = self._open_round(session, room.id)
            if current is None:
                raise NoOpenRound("no round is open: wait for the facilitator to open the next round")
            clean_weights = validate_weights(weights, room.criterion_ids)
            last = session.scalar(
                select(func.max(Submission.revision)).where(
                    Submission.round_id == current.id, Submission.participant_id == participant.id
                )
            )
            revision = (last or 0) + 1
            session.add(
                Submission(
                    round_id=current.id,
                    participant_id=participant.id,
                    weights=clean_weights,
                    method=room.method,
                    submitted_at=now,
                    revision=revision,
                )
            )
            return revision

    # -- views -------------------------------------------------------------------------

    def participant_view(self, participant_token: str) -> ParticipantView:
        """What the token's holder may see now (see :class:`~seminar.ParticipantView`)."""
        token_hash = self._token_hash(participant_token)
        with self._read() as session:
            participant = session.scalars(
                select(Participant).where(Participant.token_hash == token_hash)
            ).one_or_none()
            if participant is None or not secret_matches(participant_token, participant.token_hash):
                raise Forbidden("this participant link is not valid: join the room again with its code")
            room = session.get_one(Room, participant.room_id)
            current = self._current_round(session, room.id)
            own = None
            group_weights = group_size = individual = None
            if current is not None:
                latest = self._latest_submissions(session, current)
                own = next((s for s in latest if s.participant_id == participant.id), None)
                if room.revealed and latest:
                    group_weights = _as_weight_mapping(
                        self._aggregate([dict(s.weights) for s in latest], list(room.criterion_ids)),
                        room.criterion_ids,
                    )
                    group_size = len(latest)
                    if room.show_individual:
                        individual = tuple(latest)
            return ParticipantView(
                room=_room_info(room),
                participant=_participant_info(participant),
                current_round=_round_info(current) if current else None,
                own_submission=own,
                group_weights=group_weights,
                group_size=group_size,
                individual_submissions=individual,
            )

    def facilitator_view(self, room_id: int, facilitator_secret: str) -> FacilitatorView:
        """Everything about the room, for its facilitator."""
        with self._read() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret, lock=False)
            participants = session.scalars(
                select(Participant).where(Participant.room_id == room.id).order_by(Participant.id)
            ).all()
            rounds = session.scalars(
                select(Round).where(Round.room_id == room.id).order_by(Round.number)
            ).all()
            current = rounds[-1] if rounds else None
            latest = tuple(self._latest_submissions(session, current)) if current else ()
            return FacilitatorView(
                room=_room_info(room),
                participants=tuple(_participant_info(p) for p in participants),
                rounds=tuple(_round_info(r) for r in rounds),
                current_round=_round_info(current) if current else None,
                latest_submissions=latest,
                submitted_this_round=frozenset(s.participant_id for s in latest),
            )

    def round_weights(self, room_id: int, round_number: int) -> list[dict[str, float]]:
        """Each participant's latest weights in a round, by participant id (for aggregation).

        No secret is checked: this is for server code that has already decided the caller
        may see the round (the facilitator's dashboard, the report). Participants get group
        results through :meth:`participant_view`, which applies the reveal rules.
        """
        with self._read() as session:
            room = self._room(session, room_id)
            found = session.scalars(
                select(Round).where(Round.room_id == room.id, Round.number == round_number)
            ).one_or_none()
            if found is None:
                raise NotFound(f"room {room.id} has no round {round_number}")
            return [dict(s.weights) for s in self._latest_submissions(session, found)]

    def history(self, room_id: int, facilitator_secret: str) -> list[SubmissionInfo]:
        """Every revision of every submission, by round and time (for the after-action report)."""
        with self._read() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret, lock=False)
            rows = session.execute(
                select(Submission, Participant, Round.number)
                .join(Participant, Participant.id == Submission.participant_id)
                .join(Round, Round.id == Submission.round_id)
                .where(Round.room_id == room.id)
                .order_by(Round.number, Submission.submitted_at, Submission.id)
            ).all()
            return [_submission_info(sub, who, number) for sub, who, number in rows]

    # -- helpers -----------------------------------------------------------------------

    @staticmethod
    def _token_hash(token: object) -> str:
        if not isinstance(token, str) or not token or len(token) > MAX_SECRET_LENGTH:
            raise Forbidden("this participant link is not valid: join the room again with its code")
        return hash_secret(token)

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
            .where(Submission.round_id == round_.id)
            .order_by(Submission.participant_id)
        ).all()
        return [_submission_info(sub, who, round_.number) for sub, who in rows]


def _room_info(room: Room) -> RoomInfo:
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
    )


def _participant_info(participant: Participant) -> ParticipantInfo:
    return ParticipantInfo(
        id=participant.id,
        display_name=participant.display_name,
        role=participant.role,
        joined_at=participant.joined_at,
    )


def _round_info(round_: Round) -> RoundInfo:
    return RoundInfo(
        number=round_.number,
        inject_id=round_.inject_id,
        inject_title=round_.inject_title,
        inject_text=round_.inject_text,
        contexts=tuple(round_.contexts),
        opened_at=round_.opened_at,
        closed_at=round_.closed_at,
    )


def _submission_info(submission: Submission, participant: Participant, round_number: int) -> SubmissionInfo:
    return SubmissionInfo(
        participant_id=participant.id,
        display_name=participant.display_name,
        role=participant.role,
        round_number=round_number,
        revision=submission.revision,
        weights=submission.weights,
        method=submission.method,
        submitted_at=submission.submitted_at,
    )
