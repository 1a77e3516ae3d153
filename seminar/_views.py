"""What the store hands back: immutable snapshots, safe to cache or pass to a page.

A participant's view and a facilitator's view are different types, so a page cannot
show a participant something only the facilitator may see by accident.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from ._tables import RoomState


def _frozen(weights: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(weights))


@dataclass(frozen=True)
class RoomInfo:
    """A room's settings and state (never its facilitator secret or hash)."""

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


@dataclass(frozen=True)
class ParticipantInfo:
    id: int
    display_name: str
    role: str
    joined_at: datetime


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
    """One revision of one participant's weights in one round."""

    participant_id: int
    display_name: str
    role: str
    round_number: int
    revision: int
    weights: Mapping[str, float]
    method: str
    submitted_at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", _frozen(self.weights))


@dataclass(frozen=True)
class ParticipantView:
    """What one participant may see.

    ``group_weights`` (the aggregate of everyone's latest weights in the current round) is
    set only once the facilitator has revealed results; ``individual_submissions`` only when
    the room also shows individual submissions. Before that, the view holds nothing of
    anyone else's weights.
    """

    room: RoomInfo
    participant: ParticipantInfo
    current_round: RoundInfo | None
    own_submission: SubmissionInfo | None
    group_weights: Mapping[str, float] | None = None
    group_size: int | None = None
    individual_submissions: tuple[SubmissionInfo, ...] | None = None

    def __post_init__(self) -> None:
        if self.group_weights is not None:
            object.__setattr__(self, "group_weights", _frozen(self.group_weights))


@dataclass(frozen=True)
class FacilitatorView:
    """Everything about a room, for its facilitator's dashboard.

    ``latest_submissions`` holds each participant's latest revision in the current round
    (the open round, or the last one closed); ``submitted_this_round`` their ids.
    """

    room: RoomInfo
    participants: tuple[ParticipantInfo, ...]
    rounds: tuple[RoundInfo, ...]
    current_round: RoundInfo | None
    latest_submissions: tuple[SubmissionInfo, ...]
    submitted_this_round: frozenset[int] = field(default_factory=frozenset)
