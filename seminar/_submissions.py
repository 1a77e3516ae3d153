"""Submissions: a participant's weights for the open round, with a reason and an assessment.

A revision is a new row, never an update; the latest revision in a round is the one that
counts. A submission names the round the participant was looking at, so weights chosen
under one round's inject never land in the next round.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select

from ._base import StoreBase
from ._errors import InvalidInput, NoOpenRound, RevisionMoved, RoomClosed, RoundMoved
from ._tables import Room, RoomState, Submission
from ._validation import clean_reason, clean_slug, validate_weights


class SubmissionsMixin(StoreBase):
    """Storing participants' weights."""

    def submit(
        self,
        participant_token: str,
        weights: Mapping[str, float],
        *,
        round_number: int | None = None,
        reason: str = "",
        assessment: str | None = None,
        replaces: int | None = None,
    ) -> int:
        """Store a new revision of the token holder's weights in the open round.

        Parameters
        ----------
        participant_token
            The token :meth:`join` returned.
        weights
            Every criterion of the room, each a finite number from 0 to 1e9, not all zero.
        round_number
            The round the participant was shown when choosing these weights
            (``view.current_round.number``). If another round is open by now, or none, the
            submission is refused with :class:`~seminar.RoundMoved` and nothing is written.
            ``None`` (transition only) means "whatever round is open"; it will become
            required: always pass it.
        reason
            Why, in the participant's words: plain text, at most 500 characters (trimmed,
            NFC-normalised; line breaks allowed). Stored as typed, shown as text.
        assessment
            The id of the pack assessment the participant believes (one of the room's
            ``assessment_ids``), or ``None``.
        replaces
            The revision the participant's page showed in this round (0: none). If the store
            holds a newer one (sent from another tab or device), the submission is refused with
            :class:`~seminar.RevisionMoved` and nothing is written. ``None``: not checked.

        Returns the revision number (1 for the first submission in the round).

        Raises
        ------
        Forbidden
            The token is not valid, or the facilitator removed its holder.
        RoomClosed, NoOpenRound, RoundMoved, RevisionMoved
            The room is closed; no round is open; the round moved on; a newer revision came
            from elsewhere (see above). A *locked* room still takes submissions from people who
            have joined.
        InvalidInput
            Bad weights (missing, unknown, negative, not finite, too large such as
            ``10**400``), reason or assessment; nothing was written.
        StoreUnavailable
            The database failed; nothing was written (retrying is safe).
        """
        if round_number is not None and (
            isinstance(round_number, bool) or not isinstance(round_number, int) or round_number < 1
        ):
            raise InvalidInput(f"round number: expected a round number (1, 2, ...), got {str(round_number)[:20]}")
        clean_reason_text = clean_reason(reason)
        if assessment is not None:
            assessment = clean_slug(assessment, "assessment")
        now = self._now()
        with self._write() as session:
            found = self._participant(session, participant_token)
            # Locks in the order every writer takes them, room then participant (no deadlock
            # with a removal): a shared lock on the room (a round cannot close half-way through
            # a submission; submissions to one room do not queue on each other), then the
            # participant's row (their revision numbers never collide).
            room = session.scalars(select(Room).where(Room.id == found.room_id).with_for_update(read=True)).one()
            participant = self._participant(session, participant_token, lock=True)
            if room.state is RoomState.CLOSED:
                raise RoomClosed(f"the room {room.title!r} is closed and accepts no submissions")
            current = self._open_round(session, room.id)
            if round_number is not None and (current is None or current.number != round_number):
                raise RoundMoved(round_number, current.number if current else None)
            if current is None:
                raise NoOpenRound("no round is open: wait for the facilitator to open the next round")
            clean_weights = validate_weights(weights, room.criterion_ids)
            if assessment is not None and assessment not in (room.assessment_ids or ()):
                known = ", ".join(room.assessment_ids or ()) or "none"
                raise InvalidInput(f"assessment: {assessment!r} is not one of this room's assessments ({known})")
            last = session.scalar(
                select(func.max(Submission.revision)).where(
                    Submission.round_id == current.id, Submission.participant_id == participant.id
                )
            )
            if replaces is not None and (last or 0) > replaces:
                raise RevisionMoved(replaces, int(last))
            revision = (last or 0) + 1
            session.add(
                Submission(
                    round_id=current.id,
                    participant_id=participant.id,
                    weights=clean_weights,
                    method=room.method,
                    submitted_at=now,
                    revision=revision,
                    reason=clean_reason_text,
                    assessment=assessment,
                )
            )
            return revision
