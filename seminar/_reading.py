"""Views: what a participant, the facilitator and the projector may see, and the history.

The participant poll is the hot path (every participant's page polls every few seconds):
:meth:`~ReadingMixin.participant_view` reads only the participant, the room, the current
round and the participant's own latest submission, a fixed handful of indexed statements
whatever the room's size. Revealed group results are computed once per round and change
(the room's ``change_count``, bumped by every submission and removal) and kept in a small
per-process cache, so a room of 300 polling after a reveal aggregates once, not 300 times.
"""

from __future__ import annotations

import statistics
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, distinct, func, select
from sqlalchemy.orm import Session

from ._base import (
    StoreBase,
    as_weight_mapping,
    participant_info,
    room_info,
    round_info,
    submission_info,
)
from ._errors import Forbidden, NotFound
from ._secrets import MAX_SECRET_LENGTH, hash_secret, secret_matches
from ._tables import Participant, Room, Round, Submission
from ._views import (
    AnonymousSubmission,
    CriterionSpread,
    FacilitatorView,
    ParticipantView,
    RoundSummary,
    ScreenView,
    SubmissionInfo,
)

OptionRanks = Callable[[Mapping[str, float], tuple[str, ...]], Sequence[float]]
"""``option_ranks(weights, contexts)``: one participant's rank of each option (1 = best),
always in the same option order, under a round's contexts (e.g. ``engine.rank(...).ranks``)."""

_CACHE_LIMIT = 512


@dataclass(frozen=True)
class _Revealed:
    group_weights: Mapping[str, float] | None
    group_size: int
    group_spread: Mapping[str, CriterionSpread] | None
    latest: tuple[SubmissionInfo, ...]


# room_pulse's one statement, built once: everything a participant's page shows about the room.
_ROOM_PULSE = select(
    Room.state,
    Room.revealed,
    select(func.max(Round.id)).where(Round.room_id == Room.id).correlate(Room).scalar_subquery().label("last_round"),
    select(func.count(Round.id))
    .where(Round.room_id == Room.id, Round.closed_at.is_not(None))
    .correlate(Room)
    .scalar_subquery()
    .label("closed_rounds"),
    select(func.count(Participant.id))
    .where(Participant.room_id == Room.id, Participant.removed_at.is_not(None))
    .correlate(Room)
    .scalar_subquery()
    .label("removed"),
    select(func.max(Submission.id))
    .join(Round, Round.id == Submission.round_id)
    .where(Round.room_id == Room.id)
    .correlate(Room)
    .scalar_subquery()
    .label("room_newest"),
    select(func.count(Participant.id))
    .where(Participant.room_id == Room.id, Participant.removed_at.is_(None))
    .correlate(Room)
    .scalar_subquery()
    .label("participants"),
).where(Room.id == bindparam("room_id"))


def group_spread(weights: Sequence[Mapping[str, float]], criterion_ids: Sequence[str]) -> dict[str, CriterionSpread]:
    """Median, quartiles and range of each criterion's normalised weight."""
    spread: dict[str, CriterionSpread] = {}
    normalised = []
    for one in weights:
        total = sum(one[c] for c in criterion_ids) or 1.0
        normalised.append({c: one[c] / total for c in criterion_ids})
    for c in criterion_ids:
        values = sorted(n[c] for n in normalised)
        if len(values) >= 2:
            q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        else:
            q1 = median = q3 = values[0]
        spread[c] = CriterionSpread(median=median, q1=q1, q3=q3, low=values[0], high=values[-1])
    return spread


class ReadingMixin(StoreBase):
    """Participant, facilitator and screen views; round weights, history and convergence."""

    def _init_caches(self) -> None:
        super()._init_caches()
        self._revealed_cache: dict[tuple[int, int], tuple[tuple[int, int], _Revealed]] = {}
        self._revealed_lock = threading.Lock()

    @staticmethod
    def _newest_submission(session: Session, round_: Round) -> int:
        """The newest submission id in a round (one step of ``submissions_by_round_and_id``)."""
        return int(session.scalar(select(func.max(Submission.id)).where(Submission.round_id == round_.id)) or 0)

    def _revealed(self, session: Session, room: Room, round_: Round) -> _Revealed:
        """The round's aggregate, from the cache unless a submission or removal came since."""
        key = (room.id, round_.id)
        version = (room.change_count or 0, self._newest_submission(session, round_))
        with self._revealed_lock:
            hit = self._revealed_cache.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
        latest = tuple(self._latest_submissions(session, round_))
        weights = [dict(s.weights) for s in latest]
        criteria = list(room.criterion_ids)
        revealed = _Revealed(
            group_weights=as_weight_mapping(self._aggregate(weights, criteria), criteria) if latest else None,
            group_size=len(latest),
            group_spread=group_spread(weights, criteria) if latest else None,
            latest=latest,
        )
        with self._revealed_lock:
            if len(self._revealed_cache) >= _CACHE_LIMIT:
                self._revealed_cache.clear()
            self._revealed_cache[key] = (version, revealed)
        return revealed

    def room_version(self, room_id: int, facilitator_secret: str) -> int:
        """A number that changes whenever anything the facilitator's dashboard shows changes
        (a join, a submission, a removal, a round opened or closed, reveal, lock, close).

        One indexed read: a dashboard can poll this every few hundred milliseconds and redraw
        (``facilitator_view`` and the analysis) only when the number moved. Equal numbers
        mean nothing changed.
        """
        with self._read() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret, lock=False)
            return self._version(session, room)

    def screen_version(self, screen_token: str) -> int:
        """:meth:`room_version` for the projector (needs only the screen token)."""
        with self._read() as session:
            return self._version(session, self._screen_room(session, screen_token))

    @staticmethod
    def _version(session: Session, room: Room) -> int:
        # Both terms only grow, so their sum moves whenever either does.
        newest = session.scalar(
            select(func.max(Submission.id)).join(Round, Round.id == Submission.round_id).where(Round.room_id == room.id)
        )
        return int(room.change_count or 0) + int(newest or 0)

    def room_pulse(self, room_id: int) -> tuple[tuple[str, ...], int, int]:
        """What a participant's page shows about the room, as comparable values:
        ``(state, newest, participants)``.

        ``state`` changes with the room's state, a reveal or hide, a round opened or closed and a
        participant removed (joins do not change it: a participant's page does not show them);
        ``newest`` is the room's newest submission while the group result is revealed, else 0;
        ``participants`` is how many take part (not removed), for sizing the poll.
        No secret is needed and none is shown: the values say only that something changed. A server
        reads it once for all the room's participants on it (``ui.rooms.room_pulse`` keeps it for half
        a second), instead of one statement per participant and poll.

        Raises
        ------
        NotFound
            There is no such room.
        """
        valid = isinstance(room_id, int) and not isinstance(room_id, bool) and 0 < room_id < 2**63
        with self._read() as session:
            row = session.execute(_ROOM_PULSE, {"room_id": room_id}).one_or_none() if valid else None
        if row is None:
            raise NotFound(f"there is no room {str(room_id)[:40]}: check the link")
        state = (str(row.state), str(bool(row.revealed)), str(row.last_round or 0), str(row.closed_rounds or 0),
                 str(row.removed or 0))
        return state, (int(row.room_newest or 0) if row.revealed else 0), int(row.participants or 0)

    def last_submission(self, participant_token: str) -> SubmissionInfo | None:
        """The token holder's latest submission in any round of the room (latest round, latest revision), or
        None: where a participant who reloads in a new round starts from.

        Raises
        ------
        Forbidden
            Not a valid token, or the facilitator removed its holder.
        StoreUnavailable
            The database failed.
        """
        with self._read() as session:
            participant = self._participant(session, participant_token)
            row = session.execute(
                select(Submission, Round.number)
                .join(Round, Round.id == Submission.round_id)
                .where(Submission.participant_id == participant.id)
                .order_by(Round.number.desc(), Submission.revision.desc())
                .limit(1)
            ).one_or_none()
            return submission_info(row[0], participant, int(row[1])) if row else None

    def participant_view(self, participant_token: str) -> ParticipantView:
        """What the token's holder may see now (see :class:`~seminar.ParticipantView`).

        Cheap enough to poll: a fixed number of statements whatever the room's size (the
        revealed aggregate is cached per round). ``view.status`` says which message to show.

        Raises
        ------
        Forbidden
            Not a valid token, or the facilitator removed its holder.
        StoreUnavailable
            The database failed (retry on the next poll).
        """
        with self._read() as session:
            participant = self._participant(session, participant_token)
            room = session.get_one(Room, participant.room_id)
            current = self._current_round(session, room.id)
            own = None
            revealed = None
            if current is not None:
                own_row = session.scalars(
                    select(Submission)
                    .where(Submission.round_id == current.id, Submission.participant_id == participant.id)
                    .order_by(Submission.revision.desc())
                    .limit(1)
                ).one_or_none()
                own = submission_info(own_row, participant, current.number) if own_row else None
                if room.revealed:
                    revealed = self._revealed(session, room, current)
            shown = revealed is not None and revealed.group_size > 0
            return ParticipantView(
                room=room_info(room),
                participant=participant_info(participant),
                current_round=round_info(current) if current else None,
                own_submission=own,
                group_weights=revealed.group_weights if shown and revealed else None,
                group_size=revealed.group_size if shown and revealed else None,
                individual_submissions=revealed.latest if shown and revealed and room.show_individual else None,
                group_spread=revealed.group_spread if shown and revealed else None,
                group_assessments=tuple(sorted({s.assessment for s in revealed.latest}, key=lambda a: a or ""))
                if shown and revealed else None,
            )

    def facilitator_view(self, room_id: int, facilitator_secret: str) -> FacilitatorView:
        """Everything about the room, for its facilitator (removed participants included,
        marked; their submissions are not among ``latest_submissions``)."""
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
                room=room_info(room),
                participants=tuple(participant_info(p) for p in participants),
                rounds=tuple(round_info(r) for r in rounds),
                current_round=round_info(current) if current else None,
                latest_submissions=latest,
                submitted_this_round=frozenset(s.participant_id for s in latest),
            )

    def _screen_room(self, session: Session, screen_token: object) -> Room:
        if not isinstance(screen_token, str) or not screen_token or len(screen_token) > MAX_SECRET_LENGTH:
            raise Forbidden("this screen link is not valid: ask the facilitator for the room's screen link")
        room = session.scalars(select(Room).where(Room.screen_token_hash == hash_secret(screen_token))).one_or_none()
        if room is None or room.screen_token_hash is None or not secret_matches(screen_token, room.screen_token_hash):
            raise Forbidden("this screen link is not valid (it may have been replaced): ask the facilitator for the new one")
        return room

    def screen_view(self, screen_token: str) -> ScreenView:
        """What the projector may show (see :class:`~seminar.ScreenView`): no secret, no
        token, no names; group results and anonymous reasons only once revealed.

        Raises
        ------
        Forbidden
            Not the room's current screen token (never made, rotated or revoked).
        """
        with self._read() as session:
            room = self._screen_room(session, screen_token)
            current = self._current_round(session, room.id)
            joined = session.scalar(
                select(func.count())
                .select_from(Participant)
                .where(Participant.room_id == room.id, Participant.removed_at.is_(None))
            )
            submitted = 0
            if current is not None:
                submitted = session.scalar(
                    select(func.count(distinct(Submission.participant_id)))
                    .join(Participant, Participant.id == Submission.participant_id)
                    .where(Submission.round_id == current.id, Participant.removed_at.is_(None))
                )
            rounds = session.scalar(select(func.count()).select_from(Round).where(Round.room_id == room.id))
            revealed = self._revealed(session, room, current) if current is not None and room.revealed else None
            shown = revealed is not None and revealed.group_size > 0
            return ScreenView(
                room_id=room.id,
                title=room.title,
                join_code=room.join_code,
                state=room.state,
                revealed=room.revealed,
                pack_ref=room.pack_ref,
                method=room.method,
                criterion_ids=tuple(room.criterion_ids),
                assessment_ids=tuple(room.assessment_ids or ()),
                joined=int(joined or 0),
                max_participants=room.max_participants,
                submitted=int(submitted or 0),
                current_round=round_info(current) if current else None,
                rounds=int(rounds or 0),
                group_weights=revealed.group_weights if shown and revealed else None,
                group_size=revealed.group_size if shown and revealed else None,
                group_spread=revealed.group_spread if shown and revealed else None,
                revealed_submissions=tuple(
                    AnonymousSubmission(weights=s.weights, assessment=s.assessment, reason=s.reason)
                    for s in sorted(revealed.latest, key=lambda s: (s.submitted_at, s.reason))
                )
                if shown and revealed
                else None,
            )

    def round_weights(self, room_id: int, round_number: int) -> list[dict[str, float]]:
        """Each current participant's latest weights in a round (for aggregation).

        No secret is checked: this is for server code that has already decided the caller
        may see the round (the facilitator's dashboard, the report). Participants get group
        results through :meth:`participant_view`, which applies the reveal rules.
        """
        return [dict(s.weights) for s in self.round_submissions(room_id, round_number)]

    def round_submissions(self, room_id: int, round_number: int) -> list[SubmissionInfo]:
        """Each current participant's latest submission in a round, with role, reason,
        assessment and time (no secret checked: see :meth:`round_weights`)."""
        with self._read() as session:
            room = self._room(session, room_id)
            found = session.scalars(
                select(Round).where(Round.room_id == room.id, Round.number == round_number)
            ).one_or_none()
            if found is None:
                raise NotFound(f"room {room.id} has no round {round_number}")
            return self._latest_submissions(session, found)

    def history(self, room_id: int, facilitator_secret: str) -> list[SubmissionInfo]:
        """Every revision of every submission, by round and time (for the after-action
        report), removed participants' too (``removed=True``)."""
        with self._read() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret, lock=False)
            rows = session.execute(
                select(Submission, Participant, Round.number)
                .join(Participant, Participant.id == Submission.participant_id)
                .join(Round, Round.id == Submission.round_id)
                .where(Round.room_id == room.id)
                .order_by(Round.number, Submission.submitted_at, Submission.id)
            ).all()
            return [submission_info(sub, who, number) for sub, who, number in rows]

    def round_history(
        self, room_id: int, facilitator_secret: str, option_ranks: OptionRanks | None = None
    ) -> tuple[RoundSummary, ...]:
        """Convergence across rounds: one :class:`~seminar.RoundSummary` per round, in order.

        ``option_ranks`` (e.g. ``lambda w, ctx: engine.rank(matrix_for(ctx), w).ranks``)
        adds Kendall's W of the option rankings; without it only the criterion ordering's W
        and the weight spread are given. Reads every round's latest submissions: cache it
        on the page (it changes only when a submission arrives or a round opens).
        """
        with self._read() as session:
            room = self._facilitated_room(session, room_id, facilitator_secret, lock=False)
            rounds = session.scalars(select(Round).where(Round.room_id == room.id).order_by(Round.number)).all()
            per_round = [(r, self._latest_submissions(session, r)) for r in rounds]
            criteria = list(room.criterion_ids)
        return tuple(_summary(r, latest, criteria, option_ranks) for r, latest in per_round)

    def screen_round_history(
        self, screen_token: str, option_ranks: OptionRanks | None = None
    ) -> tuple[RoundSummary, ...]:
        """:meth:`round_history` for the projector: closed rounds, and the current round only
        once its results are revealed (no names are in a summary)."""
        with self._read() as session:
            room = self._screen_room(session, screen_token)
            rounds = session.scalars(select(Round).where(Round.room_id == room.id).order_by(Round.number)).all()
            shown = [*rounds[:-1], *rounds[-1:]] if room.revealed else list(rounds[:-1])
            per_round = [(r, self._latest_submissions(session, r)) for r in shown]
            criteria = list(room.criterion_ids)
        return tuple(_summary(r, latest, criteria, option_ranks) for r, latest in per_round)


def _summary(
    round_: Round, latest: Sequence[SubmissionInfo], criteria: list[str], option_ranks: OptionRanks | None
) -> RoundSummary:
    weights = [dict(s.weights) for s in latest]
    if not weights:
        return RoundSummary(round_.number, round_.inject_title, tuple(round_.contexts), 0, None, None, {}, None)
    import engine

    criterion_w = option_w = None
    if len(weights) > 1:
        criterion_w = float(engine.kendall_w([[-w[c] / sum(w.values()) for c in criteria] for w in weights]))
        if option_ranks is not None:
            contexts = tuple(round_.contexts)
            option_w = float(engine.kendall_w([list(option_ranks(w, contexts)) for w in weights]))
    std = engine.weight_spread(weights, criteria)["std"]
    spread = {c: float(std[c]) for c in criteria}
    return RoundSummary(
        number=round_.number,
        inject_title=round_.inject_title,
        contexts=tuple(round_.contexts),
        submitted=len(weights),
        criterion_kendall_w=criterion_w,
        option_kendall_w=option_w,
        spread=spread,
        mean_spread=sum(spread.values()) / len(spread),
    )
