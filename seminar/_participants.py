"""Joining a room and the people in it.

A join needs the room's code; it is refused when the room is locked, closed or full
(:class:`~seminar.RoomFull`), when the name is taken or looks like a name already taken
(see ``seminar._names``), and when the client is over a join limit (see
``seminar._rate_limit``; clients are told apart as ``seminar._clients`` explains).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import _rate_limit
from ._base import StoreBase, room_info
from ._clients import normalise_client_key
from ._errors import InvalidInput, NotFound, RoomClosed, RoomFull
from ._names import name_key, normalise_display_name
from ._secrets import format_join_code, hash_secret, new_secret, normalise_join_code
from ._tables import Participant, Room, RoomState
from ._views import RoomInfo
from ._validation import MAX_CLIENT_KEY, clean_slug


def _name_taken(name: str) -> InvalidInput:
    return InvalidInput(
        f"the name {name!r} is already taken in this room, or looks the same as a name that is: "
        "choose another (add an initial, for example)"
    )


class ParticipantsMixin(StoreBase):
    """Joining (with its limits), removing participants."""

    def join(
        self, join_code: str, display_name: str, role: str = "", client_key: str = ""
    ) -> tuple[int, str]:
        """Join the room with ``join_code``; return ``(participant_id, participant_token)``.

        ``client_key`` identifies the client for the join limits: pass
        ``seminar.client_key(st.context.ip_address, st.context.headers.get("X-Forwarded-For"))``
        (a bare IP address is accepted too; IPv6 counts by /64). Clients that give none
        share one allowance. The token is returned only here: keep it in the participant's
        session.

        Raises
        ------
        InvalidInput
            Malformed code, name (empty, too long, invisible or control characters) or role;
            or the name is taken or looks like one taken (``"Ana"`` / ``"аna"``).
        NotFound
            No room has this code (counts as a wrong code for the client).
        RoomClosed, RoomFull
            The room is locked or closed; the room has ``max_participants`` people.
        RateLimited
            Too many wrong codes from this client, or too many joins from it into this room.
        StoreUnavailable
            The database failed; nothing was written.
        """
        name = normalise_display_name(display_name)
        clean_role = clean_slug(role, "role", allow_empty=True)
        key_hash, code = _client_and_code(client_key, join_code)
        now = self._now()
        try:
            with self._write() as session:
                room = self._room_by_code(session, key_hash, code, now, lock=True)
                if room is not None:
                    return self._add_participant(session, room, name, clean_role, key_hash, now)
        except IntegrityError:
            raise _name_taken(name) from None
        raise _no_room(code)

    def room_for_code(self, join_code: str, client_key: str = "") -> RoomInfo:
        """The room a typed join code opens, without joining it: the join form lists its roles.

        A wrong code counts as a wrong guess for ``client_key`` exactly as in :meth:`join`,
        and a client over its limit is refused even with a right code, so this is no way
        around the join limits. The answer holds no secret.

        Raises
        ------
        InvalidInput
            Malformed code or client key.
        NotFound
            No room has this code (counts as a wrong code for the client).
        RateLimited
            Too many wrong codes from this client.
        StoreUnavailable
            The database failed.
        """
        key_hash, code = _client_and_code(client_key, join_code)
        now = self._now()
        with self._write() as session:
            room = self._room_by_code(session, key_hash, code, now, lock=False)
            if room is not None:
                return room_info(room)
        raise _no_room(code)

    def _room_by_code(
        self, session: Session, key_hash: str, code: str | None, now: datetime, *, lock: bool
    ) -> Room | None:
        """The room with ``code`` for a client within its join limits; a wrong code is recorded
        as a failure (the caller leaves the block normally so it is committed, then refuses)."""
        _rate_limit.lock_client_key(session, key_hash)
        _rate_limit.raise_if_limited(session, key_hash, self.join_limits, now)
        if code is None:
            raise InvalidInput(
                "join code: it is 8 letters and digits, like K7QP-3MXD; check it with the facilitator"
            )
        query = select(Room).where(Room.join_code == code)
        room = session.scalars(query.with_for_update() if lock else query).one_or_none()
        if room is None:
            _rate_limit.record_failure(session, key_hash, self.join_limits, now)
        return room

    def _add_participant(
        self, session: Session, room: Room, name: str, role: str, key_hash: str, now: datetime
    ) -> tuple[int, str]:
        if room.state is RoomState.CLOSED:
            raise RoomClosed(f"the room {room.title!r} is closed and accepts no one")
        if room.state is RoomState.LOCKED:
            raise RoomClosed(
                f"the room {room.title!r} is locked: the facilitator is not admitting anyone now"
            )
        present = session.scalar(
            select(func.count())
            .select_from(Participant)
            .where(Participant.room_id == room.id, Participant.removed_at.is_(None))
        )
        if (present or 0) >= room.max_participants:
            raise RoomFull(
                f"the room {room.title!r} is full ({room.max_participants} participants): ask the "
                "facilitator to make room"
            )
        _rate_limit.raise_if_room_flooded(session, room.id, key_hash, self.join_limits, now)
        if role and room.lens_ids and role not in room.lens_ids:
            raise InvalidInput(f"role: {role!r} is not one of this room's roles ({', '.join(room.lens_ids)})")
        key = name_key(name)
        taken = session.scalar(
            select(Participant.id).where(Participant.room_id == room.id, Participant.name_key == key)
        )
        if taken is not None:
            raise _name_taken(name)
        token = new_secret()
        participant = Participant(
            room_id=room.id,
            display_name=name,
            name_key=key,
            role=role,
            token_hash=hash_secret(token),
            joined_at=now,
            client_key_hash=key_hash,
        )
        session.add(participant)
        room.change_count = (room.change_count or 0) + 1
        session.flush()
        return participant.id, token

    def remove_participant(self, room_id: int, facilitator_secret: str, participant_id: int) -> None:
        """Remove a participant: their link stops working (:class:`~seminar.Forbidden`) and
        their submissions leave the aggregate, counts and views; the history keeps them,
        marked ``removed``. Their name stays taken. Removing someone already removed does
        nothing. Allowed in locked rooms, not in closed ones.

        Raises
        ------
        NotFound
            No participant with this id is in the room.
        """
        if isinstance(participant_id, bool) or not isinstance(participant_id, int):
            raise NotFound(f"there is no participant {str(participant_id)[:40]} in this room")
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            self._refuse_if_closed(room)
            participant = session.scalars(
                select(Participant).where(Participant.id == participant_id, Participant.room_id == room.id)
            ).one_or_none()
            if participant is None:
                raise NotFound(f"there is no participant {participant_id} in this room")
            if participant.removed_at is None:
                participant.removed_at = self._now()
                room.change_count = (room.change_count or 0) + 1


def _client_and_code(client_key: object, join_code: object) -> tuple[str, str | None]:
    """The hashed client key (checked) and the normalised join code (None when malformed)."""
    if not isinstance(client_key, str) or len(client_key) > MAX_CLIENT_KEY:
        raise InvalidInput(f"client key: expected text of at most {MAX_CLIENT_KEY} characters")
    key_hash = hash_secret(normalise_client_key(client_key))
    return key_hash, normalise_join_code(join_code) if isinstance(join_code, str) else None


def _no_room(code: str | None) -> NotFound:
    assert code is not None  # only a wrong (well-formed) code gets here
    return NotFound(f"no room has the code {format_join_code(code)}: check the code with the facilitator")
