"""The rooms database: SQLAlchemy 2 declarative tables.

A submission revision is a new row, never an update: the current submission of a
participant in a round is the row with the highest ``revision``, and the whole history
stays for the after-action report. Only hashes of secrets are stored.

Bump :data:`SCHEMA_VERSION` whenever a table changes, and add a step to
``_database.MIGRATIONS`` that brings a database from the previous version to the new one.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

SCHEMA_VERSION = 2
"""Version of the tables below; stored in ``schema_meta`` on first start.

* 1: rooms, participants, rounds, submissions, packs, join attempts.
* 2: a screen (projector) token, a participant cap and a change counter per room, the
  room's assessment ids; removed participants (``removed_at``) and the client a
  participant joined from; a reason and an assessment per submission; inject titles as
  long as a pack allows (text); display-name keys compared by look-alike skeleton.
"""

HASH_LENGTH = 64  # SHA-256 hex digest


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime, stored as naive UTC (SQLite keeps no offsets)."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store times as timezone-aware datetimes (UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class RoomState(enum.StrEnum):
    """``open``: anyone with the code may join, participants submit; ``locked``: no new
    joins, but participants who have joined still submit (the facilitator runs rounds and
    reveals as usual); ``closed``: accepts nothing, stays readable."""

    OPEN = "open"
    LOCKED = "locked"
    CLOSED = "closed"


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        dict[str, float]: JSON(),
        list[str]: JSON(),
    }


class SchemaMeta(Base):
    """One row: the schema version the database was created or last migrated to."""

    __tablename__ = "schema_meta"
    __table_args__ = (CheckConstraint("id = 1", name="schema_meta_single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]


class Pack(Base):
    """An uploaded case pack, as JSON text, keyed by the SHA-256 of that text.

    Kept in the database (not on one server's disk) so any app server can load the pack
    of any room.
    """

    __tablename__ = "packs"

    hash: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class Room(Base):
    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    pack_ref: Mapped[str] = mapped_column(String(HASH_LENGTH))
    """``"bundled"`` or the hash of a row in ``packs``."""
    method: Mapped[str] = mapped_column(String(40))
    show_individual: Mapped[bool]
    state: Mapped[RoomState] = mapped_column(
        Enum(
            RoomState,
            native_enum=False,
            length=10,
            values_callable=lambda states: [s.value for s in states],
            validate_strings=True,
            create_constraint=True,
            name="room_state",
        )
    )
    revealed: Mapped[bool]
    facilitator_secret_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    criterion_ids: Mapped[list[str]]
    """The pack's criterion ids, in order: what a submission must weigh."""
    lens_ids: Mapped[list[str]]
    """Roles a participant may pick (the pack's lenses); empty means any slug."""
    created_at: Mapped[datetime]
    screen_token_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH), default=None)
    """SHA-256 of the read-only screen (projector) token, if the facilitator made one."""
    max_participants: Mapped[int] = mapped_column(default=300, server_default=text("300"))
    """Participants (not counting removed ones) the room admits before it is full."""
    assessment_ids: Mapped[list[str]] = mapped_column(default=list, server_default=text("'[]'"))
    """The pack's assessment ids: what a submission's ``assessment`` may name."""
    change_count: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    """Bumped by every change to the room other than a submission (a join, a removal, a round
    opened or closed, reveal, lock, close, cap). Submissions are not counted here, so that
    they do not all queue on the room's row: the newest submission id counts them."""

    __table_args__ = (Index("rooms_screen_token", "screen_token_hash", unique=True),)


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("room_id", "name_key", name="participant_name_unique"),
        Index("participants_by_room_and_client", "room_id", "client_key_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(60))
    name_key: Mapped[str] = mapped_column(String(60))
    """The name's look-alike skeleton (``seminar._names.name_key``): two people cannot join
    a room as "Ana" and "ana", nor as "Ana" and "Аna" with a Cyrillic A."""
    role: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    joined_at: Mapped[datetime]
    removed_at: Mapped[datetime | None] = mapped_column(default=None)
    """Set when the facilitator removed the participant: their token stops working and
    their submissions leave the aggregate (they stay in the history, marked)."""
    client_key_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH), default=None)
    """SHA-256 of the client key they joined from (for the per-room, per-client join limit)."""


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (
        UniqueConstraint("room_id", "number", name="round_number_unique"),
        # At most one open round per room, even with two app servers racing.
        Index(
            "one_open_round_per_room",
            "room_id",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"))
    number: Mapped[int]
    inject_id: Mapped[str] = mapped_column(String(80))
    inject_title: Mapped[str] = mapped_column(Text)
    inject_text: Mapped[str] = mapped_column(Text)
    contexts: Mapped[list[str]]
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class Submission(Base):
    """One revision of one participant's weights in one round (never updated)."""

    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("round_id", "participant_id", "revision", name="submission_revision_unique"),
        CheckConstraint("revision >= 1", name="submission_revision_positive"),
        # The newest submission of a round in one index step: what the cached aggregate and
        # room_version compare against (submissions are never updated, so ids only grow).
        Index("submissions_by_round_and_id", "round_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    weights: Mapped[dict[str, float]]
    method: Mapped[str] = mapped_column(String(40))
    submitted_at: Mapped[datetime]
    revision: Mapped[int]
    reason: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    """The participant's short written reason (plain text, at most 500 characters)."""
    assessment: Mapped[str | None] = mapped_column(String(80), default=None)
    """The id of the pack assessment the participant believes, or ``None``."""


class JoinAttempt(Base):
    """A wrong join code, by client; counted to slow down guessing across all servers."""

    __tablename__ = "join_attempts"
    __table_args__ = (Index("join_attempts_by_client", "client_key_hash", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_key_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    """SHA-256 of the client key (e.g. an IP address): bounded length, not stored in clear."""
    attempted_at: Mapped[datetime] = mapped_column(index=True)
