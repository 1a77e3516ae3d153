"""A rooms database made by today's main (schema 1) opens, migrates to schema 2 and keeps
every room, participant and submission; the new features then work on the old rooms."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, insert, text

import seminar
from seminar._names import name_key
from tests.seminar import schema_v1_tables as v1
from tests.seminar.conftest import CRITERIA

WEIGHTS = {"cost": 3.0, "civilian_harm": 5.0, "legality": 2.0}
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
SECRET = "facilitator-secret-of-the-old-room-0123456789"
TOKENS = {"Ana": "token-of-ana-0123456789-0123456789-0123456", "Аna": "token-of-cyrillic-ana-0123456789-01234567"}


def _make_schema_1_database(url: str) -> None:
    """What main's store writes: its tables, version 1, a room with a round and submissions."""
    engine = create_engine(url)
    with engine.begin() as connection:
        v1.Base.metadata.create_all(connection)
        connection.execute(insert(v1.SchemaMeta).values(id=1, version=1))
        connection.execute(
            insert(v1.Room).values(
                title="Old room", pack_ref="bundled", method="wsm", show_individual=False,
                state="open", revealed=True, facilitator_secret_hash=seminar._secrets.hash_secret(SECRET),
                join_code="K7QP3MXD", criterion_ids=CRITERIA, lens_ids=[], created_at=NOW,
            )
        )
        connection.execute(
            insert(v1.Round).values(
                room_id=1, number=1, inject_id="", inject_title="Opening", inject_text="",
                contexts=[], opened_at=NOW, closed_at=None,
            )
        )
        # Schema 1 compared names case-folded only, so these two look-alikes both got in.
        for pid, (name, token) in enumerate(TOKENS.items(), start=1):
            connection.execute(
                insert(v1.Participant).values(
                    room_id=1, display_name=name, name_key=name.casefold(), role="",
                    token_hash=seminar._secrets.hash_secret(token), joined_at=NOW,
                )
            )
            connection.execute(
                insert(v1.Submission).values(
                    round_id=1, participant_id=pid, weights=WEIGHTS, method="wsm", submitted_at=NOW, revision=1
                )
            )
    engine.dispose()


def test_a_schema_1_database_is_migrated_and_keeps_its_rooms(database_url: str) -> None:
    _make_schema_1_database(database_url)

    with seminar.open_store(database_url) as store:
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT version FROM schema_meta")).scalar_one() == seminar.SCHEMA_VERSION == 2
        view = store.facilitator_view(1, SECRET)
        assert view.room.title == "Old room" and view.room.max_participants == 300
        assert view.room.assessment_ids == () and not view.room.has_screen_token
        assert len(view.latest_submissions) == 2
        assert all(s.reason == "" and s.assessment is None and not s.removed for s in view.latest_submissions)
        ana = store.participant_view(TOKENS["Ana"])
        assert ana.own_submission is not None and dict(ana.own_submission.weights) == WEIGHTS

        # The new features work on the migrated room.
        assert store.submit(TOKENS["Ana"], WEIGHTS, round_number=1, reason="Still cost", assessment=None) == 2
        store.remove_participant(1, SECRET, 2)
        assert store.round_weights(1, 1) == [WEIGHTS]
        screen = store.create_screen_token(1, SECRET)
        assert store.screen_view(screen).joined == 1
        store.open_round(1, SECRET, inject_title="x" * 1_500)  # longer than schema 1's column
        assert store.facilitator_view(1, SECRET).current_round.inject_title == "x" * 1_500  # type: ignore[union-attr]
        with pytest.raises(seminar.InvalidInput, match="already taken"):
            store.join("K7QP3MXD", "ANA")  # old names are compared by skeleton now
        with store.engine.connect() as connection:
            keys = dict(connection.execute(text("SELECT id, name_key FROM participants")).all())
        assert keys[1] == name_key("Ana") and keys[2].startswith(name_key("Аna")) and keys[1] != keys[2]

    with seminar.open_store(database_url) as again:  # a second start does not migrate again
        assert again.facilitator_view(1, SECRET).room.has_screen_token
