"""Rooms and rounds: what only the facilitator (holder of the room's secret) may do.

States: ``open`` rooms admit people with the code; ``locked`` rooms admit no one new,
while people who have joined go on submitting (Lock is "close the door", not "pens
down": to stop submissions, close the round); ``closed`` rooms accept nothing and stay
readable. Opening a round hides results again, so a new round starts unrevealed.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ._base import StoreBase
from ._errors import InvalidInput, NotFound, RoundAlreadyOpened
from ._secrets import hash_secret, new_join_code, new_secret
from ._tables import Pack, Room, RoomState, Round
from ._validation import (
    MAX_ASSESSMENTS,
    MAX_CONTEXTS,
    MAX_CRITERIA,
    MAX_INJECT_TEXT,
    MAX_INJECT_TITLE,
    MAX_LENSES,
    MAX_METHOD,
    MAX_PARTICIPANTS_LIMIT,
    MAX_TITLE,
    clean_line,
    clean_slug,
    clean_slug_list,
    clean_text,
)

BUNDLED_PACK = "bundled"
"""``pack_ref`` of the case pack shipped with the app."""

DEFAULT_MAX_PARTICIPANTS = 300
"""A room's participant cap unless its facilitator sets another (1 to 1,000)."""


def _clean_cap(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PARTICIPANTS_LIMIT:
        raise InvalidInput(
            f"participant cap: expected a whole number from 1 to {MAX_PARTICIPANTS_LIMIT:,}, got {str(value)[:20]}"
        )
    return value


class RoomsMixin(StoreBase):
    """Creating rooms, running rounds, the room's state and its screen link."""

    def create_room(
        self,
        title: str,
        pack_ref: str,
        method: str,
        show_individual: bool,
        criterion_ids: Sequence[str],
        lens_ids: Sequence[str] = (),
        *,
        assessment_ids: Sequence[str] = (),
        max_participants: int = DEFAULT_MAX_PARTICIPANTS,
    ) -> tuple[int, str, str]:
        """Create a room; return ``(room_id, facilitator_secret, join_code)``.

        The secret is returned only here: keep it in the facilitator's private link. The
        join code is in its stored form (``"K7QP3MXD"``); show it with
        :func:`seminar.format_join_code`. ``lens_ids``, when given, are the roles a
        participant may choose; ``assessment_ids`` the pack's assessments a submission may
        name; ``max_participants`` the participant cap (default 300).
        """
        clean_title = clean_line(title, "room title", MAX_TITLE)
        clean_method = clean_slug(method, "method", max_length=MAX_METHOD)
        if not isinstance(show_individual, bool):
            raise InvalidInput("show_individual: expected True or False")
        criteria = clean_slug_list(criterion_ids, "criterion ids", MAX_CRITERIA, allow_empty=False)
        lenses = clean_slug_list(lens_ids, "lens ids", MAX_LENSES)
        assessments = clean_slug_list(assessment_ids, "assessment ids", MAX_ASSESSMENTS)
        cap = _clean_cap(max_participants)
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
                    room = Room(
                        title=clean_title,
                        pack_ref=pack_ref,
                        method=clean_method,
                        show_individual=show_individual,
                        state=RoomState.OPEN,
                        revealed=False,
                        facilitator_secret_hash=hash_secret(secret),
                        join_code=self._unused_join_code(session),
                        criterion_ids=criteria,
                        lens_ids=lenses,
                        assessment_ids=assessments,
                        max_participants=cap,
                        change_count=0,
                        created_at=self._now(),
                    )
                    session.add(room)
                    session.flush()
                    return room.id, secret, room.join_code
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
        after: int | None = None,
    ) -> int:
        """Open the next round (closing the open one, if any); return its number.

        ``after`` is the number of the latest round the caller saw (0 for none): if a later
        round exists, :class:`~seminar.RoundAlreadyOpened` is raised and nothing changes, so a
        confirm pressed in two tabs, or delivered twice, opens one round, not two.

        The inject is the pack's (``inject_id``) or one typed in (``inject_id=""``);
        ``contexts`` are the context ids in force this round. Results are hidden again.
        A submission made for the previous round after this is refused with
        :class:`~seminar.RoundMoved`.
        """
        clean_inject_id = clean_slug(inject_id, "inject id", allow_empty=True)
        clean_inject_title = clean_line(inject_title, "inject title", MAX_INJECT_TITLE, allow_empty=True)
        clean_inject_text = clean_text(inject_text, "inject text", MAX_INJECT_TEXT)
        clean_contexts = clean_slug_list(contexts, "contexts", MAX_CONTEXTS)
        now = self._now()
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            self._refuse_if_closed(room)
            last = session.scalar(select(func.max(Round.number)).where(Round.room_id == room.id))
            if after is not None and (last or 0) > after:
                raise RoundAlreadyOpened(after, last)
            self._close_open_round(session, room.id, now)
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
            room.change_count = (room.change_count or 0) + 1
            return number

    def close_round(self, room_id: int, facilitator_secret: str) -> int | None:
        """Close the open round; return its number, or ``None`` if none was open."""
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            self._refuse_if_closed(room)
            room.change_count = (room.change_count or 0) + 1
            return self._close_open_round(session, room.id, self._now())

    def set_revealed(self, room_id: int, facilitator_secret: str, revealed: bool) -> None:
        """Show (``True``) or hide the current round's group result to participants."""
        if not isinstance(revealed, bool):
            raise InvalidInput("revealed: expected True or False")
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            self._refuse_if_closed(room)
            room.revealed = revealed
            room.change_count = (room.change_count or 0) + 1

    def lock_room(self, room_id: int, facilitator_secret: str) -> None:
        """Admit no one new. Participants who have joined still submit, and rounds,
        reveals and views carry on (to stop submissions, close the round)."""
        self._set_state(room_id, facilitator_secret, RoomState.LOCKED)

    def unlock_room(self, room_id: int, facilitator_secret: str) -> None:
        """Admit people with the code again after :meth:`lock_room`."""
        self._set_state(room_id, facilitator_secret, RoomState.OPEN)

    def close_room(self, room_id: int, facilitator_secret: str) -> None:
        """Close the open round and the room for good; views and history stay readable."""
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            if room.state is RoomState.CLOSED:
                return
            self._close_open_round(session, room.id, self._now())
            room.state = RoomState.CLOSED
            room.change_count = (room.change_count or 0) + 1

    def _set_state(self, room_id: int, facilitator_secret: str, state: RoomState) -> None:
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            self._refuse_if_closed(room)
            room.state = state
            room.change_count = (room.change_count or 0) + 1

    def set_participant_cap(self, room_id: int, facilitator_secret: str, max_participants: int) -> None:
        """Change how many participants the room admits (1 to 1,000; removed ones do not
        count). Lowering it below the number already in admits no one new; no one is removed."""
        cap = _clean_cap(max_participants)
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            self._refuse_if_closed(room)
            room.max_participants = cap
            room.change_count = (room.change_count or 0) + 1

    def create_screen_token(self, room_id: int, facilitator_secret: str) -> str:
        """Make the room's read-only screen (projector) token; return it.

        Returned only here (the database keeps its hash): put it in the screen link
        (``/screen?s=TOKEN``). Calling again rotates it: the old screen link stops working.
        A screen token shows only what :meth:`screen_view` returns and can do nothing.
        Allowed on a closed room too (to project the final result).
        """
        token = new_secret()
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            room.screen_token_hash = hash_secret(token)
        return token

    def revoke_screen_token(self, room_id: int, facilitator_secret: str) -> None:
        """Stop the room's screen link from working (no screen token until a new one is made)."""
        with self._write() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret)
            room.screen_token_hash = None
