"""What the store hands back: immutable snapshots, safe to cache or pass to a page.

A participant's view, a facilitator's view and a screen (projector) view are different
types, so a page cannot show someone what only the facilitator may see by accident.
Every time is an aware UTC datetime; show it in the viewer's zone (``%H:%M``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from ._tables import RoomState


def _frozen(weights: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(weights))


class ParticipantStatus(enum.StrEnum):
    """The state a participant's page must say, one message each.

    * ``waiting``: no round has been opened yet;
    * ``open``: a round is open and they have not submitted in it;
    * ``submitted``: a round is open and they have submitted (at ``own_submission.submitted_at``;
      they may revise until it closes);
    * ``round_closed``: the last round is closed; waiting for the next one;
    * ``room_closed``: the facilitator closed the room for good.

    A *locked* room is not a status of its own for someone who has joined: they go on
    submitting (``RoomInfo.state`` says ``locked`` if the page wants to mention it).
    """

    WAITING = "waiting"
    OPEN = "open"
    SUBMITTED = "submitted"
    ROUND_CLOSED = "round_closed"
    ROOM_CLOSED = "room_closed"


@dataclass(frozen=True)
class RoomInfo:
    """A room's settings and state (never its facilitator secret, screen token or hashes).

    ``has_screen_token`` says whether the facilitator made a screen (projector) link;
    ``max_participants`` is the cap on participants (removed ones do not count);
    ``assessment_ids`` are the pack's assessments a submission may name.
    """

    id: int
    title: str
    pack_ref: str
    method: str
    show_individual: bool
    state: RoomState
    revealed: bool
    join_code: str
    criterion_ids: tuple[str, ...]
    lens_ids: tuple[str, ...]
    created_at: datetime
    max_participants: int = 300
    assessment_ids: tuple[str, ...] = ()
    has_screen_token: bool = False


@dataclass(frozen=True)
class ParticipantInfo:
    """``removed_at`` is set once the facilitator removed them (see ``removed``)."""

    id: int
    display_name: str
    role: str
    joined_at: datetime
    removed_at: datetime | None = None

    @property
    def removed(self) -> bool:
        return self.removed_at is not None


@dataclass(frozen=True)
class RoundInfo:
    number: int
    inject_id: str
    inject_title: str
    inject_text: str
    contexts: tuple[str, ...]
    opened_at: datetime
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class SubmissionInfo:
    """One revision of one participant's weights in one round.

    ``role`` is the participant's role (lens id, ``""`` for none), ``reason`` their written
    reason (plain text, ``""`` if none), ``assessment`` the assessment id they believe
    (``None`` if none), ``removed`` whether the facilitator removed the participant (such
    submissions appear only in :meth:`~seminar.RoomStore.history`).
    """

    participant_id: int
    display_name: str
    role: str
    round_number: int
    revision: int
    weights: Mapping[str, float]
    method: str
    submitted_at: datetime
    reason: str = ""
    assessment: str | None = None
    removed: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", _frozen(self.weights))


@dataclass(frozen=True)
class CriterionSpread:
    """Where the group stands on one criterion: normalised weights (each participant's
    weights divided by their sum), as median, quartiles and range."""

    median: float
    q1: float
    q3: float
    low: float
    high: float


@dataclass(frozen=True)
class AnonymousSubmission:
    """A latest submission without its author: for the projector and revealed results."""

    weights: Mapping[str, float]
    assessment: str | None
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", _frozen(self.weights))


@dataclass(frozen=True)
class ParticipantView:
    """What one participant may see.

    ``group_weights`` (the aggregate of everyone's latest weights in the current round,
    removed participants left out), ``group_size`` and ``group_spread`` (median and
    quartiles per criterion, for "where do I stand") are set only once the facilitator has
    revealed results; ``individual_submissions`` only when the room also shows individual
    submissions. Before that, the view holds nothing of anyone else's weights.
    """

    room: RoomInfo
    participant: ParticipantInfo
    current_round: RoundInfo | None
    own_submission: SubmissionInfo | None
    group_weights: Mapping[str, float] | None = None
    group_size: int | None = None
    individual_submissions: tuple[SubmissionInfo, ...] | None = None
    group_spread: Mapping[str, CriterionSpread] | None = None
    #: The distinct assessments the revealed submissions chose (None: the editors' scores), no names.
    group_assessments: tuple[str | None, ...] | None = None

    def __post_init__(self) -> None:
        if self.group_weights is not None:
            object.__setattr__(self, "group_weights", _frozen(self.group_weights))
        if self.group_spread is not None:
            object.__setattr__(self, "group_spread", MappingProxyType(dict(self.group_spread)))

    @property
    def status(self) -> ParticipantStatus:
        """What the page should say now (see :class:`ParticipantStatus`)."""
        if self.room.state is RoomState.CLOSED:
            return ParticipantStatus.ROOM_CLOSED
        if self.current_round is None:
            return ParticipantStatus.WAITING
        if not self.current_round.is_open:
            return ParticipantStatus.ROUND_CLOSED
        return ParticipantStatus.SUBMITTED if self.own_submission else ParticipantStatus.OPEN

    @property
    def submitted_at(self) -> datetime | None:
        """When they last submitted in the current round (``None``: not in this round)."""
        return self.own_submission.submitted_at if self.own_submission else None


@dataclass(frozen=True)
class FacilitatorView:
    """Everything about a room, for its facilitator's dashboard.

    ``participants`` lists everyone who joined, removed ones too (``removed_at`` set);
    ``latest_submissions`` holds each *current* participant's latest revision in the
    current round (the open round, or the last one closed); ``submitted_this_round`` their
    ids.
    """

    room: RoomInfo
    participants: tuple[ParticipantInfo, ...]
    rounds: tuple[RoundInfo, ...]
    current_round: RoundInfo | None
    latest_submissions: tuple[SubmissionInfo, ...]
    submitted_this_round: frozenset[int] = field(default_factory=frozenset)

    @property
    def active_participants(self) -> tuple[ParticipantInfo, ...]:
        """Participants the facilitator has not removed."""
        return tuple(p for p in self.participants if not p.removed)


@dataclass(frozen=True)
class ScreenView:
    """What the projector may show: no secret, no token, no names.

    ``joined`` counts current participants, ``submitted`` those with a submission in the
    current round. When the facilitator has revealed results, ``group_weights``,
    ``group_size``, ``group_spread`` and ``revealed_submissions`` (each latest submission's
    weights, assessment and reason, anonymous and in no particular order) are set; before
    that they are ``None``. ``reasons`` are the non-empty reasons of the revealed
    submissions (the same texts, for a list on the screen).
    """

    room_id: int
    title: str
    join_code: str
    state: RoomState
    revealed: bool
    pack_ref: str
    method: str
    criterion_ids: tuple[str, ...]
    assessment_ids: tuple[str, ...]
    joined: int
    max_participants: int
    submitted: int
    current_round: RoundInfo | None
    rounds: int
    group_weights: Mapping[str, float] | None = None
    group_size: int | None = None
    group_spread: Mapping[str, CriterionSpread] | None = None
    revealed_submissions: tuple[AnonymousSubmission, ...] | None = None

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(s.reason for s in self.revealed_submissions or () if s.reason)


@dataclass(frozen=True)
class RoundSummary:
    """One round, for the convergence chart (Delphi rounds).

    ``submitted`` counts current participants with a submission in the round.
    ``criterion_kendall_w`` is Kendall's W of the participants' orderings of the criteria
    by weight (``engine.kendall_w``; ``None`` with fewer than two submissions);
    ``option_kendall_w`` the same for their option rankings, when the caller gave the
    store a way to rank options (``option_ranks``), else ``None``. ``spread`` is the
    standard deviation of each criterion's normalised weight (``engine.weight_spread``'s
    ``std``), ``mean_spread`` its mean over criteria.
    """

    number: int
    inject_title: str
    contexts: tuple[str, ...]
    submitted: int
    criterion_kendall_w: float | None
    option_kendall_w: float | None
    spread: Mapping[str, float]
    mean_spread: float | None
