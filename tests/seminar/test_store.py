"""RoomStore behaviour: rooms, rounds, revisions, views, history, packs (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import math
from datetime import UTC
from pathlib import Path

import pytest

import seminar
from seminar import InvalidInput, NoOpenRound, NotFound, RoomState
from seminar._secrets import JOIN_CODE_ALPHABET
from tests.seminar.conftest import CRITERIA, Room, make_room
from tests.seminar.helpers import count_rows, dump, mean_of_normalised

WEIGHTS = {"cost": 3.0, "civilian_harm": 5.0, "legality": 2.0}


def test_create_room_returns_a_private_secret_and_a_typable_code(store: seminar.RoomStore) -> None:
    room_id, secret, code = store.create_room("Border crisis", "bundled", "wsm", True, CRITERIA, ["hawk"])

    assert len(secret) >= 43  # 32 random bytes, URL-safe base64
    assert len(code) == 8 and set(code) <= set(JOIN_CODE_ALPHABET)
    view = store.facilitator_view(room_id, secret)
    assert view.room.title == "Border crisis"
    assert view.room.pack_ref == "bundled"
    assert view.room.method == "wsm"
    assert view.room.show_individual is True
    assert view.room.state is RoomState.OPEN
    assert view.room.revealed is False
    assert view.room.join_code == code
    assert view.room.criterion_ids == tuple(CRITERIA)
    assert view.room.lens_ids == ("hawk",)
    assert view.room.created_at.tzinfo is UTC
    assert view.participants == () and view.rounds == () and view.current_round is None


def test_every_room_gets_its_own_join_code(store: seminar.RoomStore) -> None:
    codes = {make_room(store).code for _ in range(40)}
    assert len(codes) == 40


def test_join_code_is_accepted_as_people_type_it(store: seminar.RoomStore, room: Room) -> None:
    typed = f" {room.code[:4].lower()}-{room.code[4:].lower()} "
    participant_id, token = store.join(typed, "Ana")
    view = store.participant_view(token)
    assert view.participant.id == participant_id
    assert view.participant.display_name == "Ana"
    assert view.room.id == room.id
    assert seminar.format_join_code(room.code) == f"{room.code[:4]}-{room.code[4:]}"


def test_rounds_are_numbered_and_opening_one_closes_the_previous(store: seminar.RoomStore) -> None:
    made = make_room(store)
    assert store.open_round(made.id, made.secret) == 1
    number = store.open_round(
        made.id,
        made.secret,
        inject_id="cartel_strike",
        inject_title="Cartel strike on a border town",
        inject_text="Line one.\nLine two.",
        contexts=["election_year", "allied_support"],
    )
    assert number == 2

    rounds = store.facilitator_view(made.id, made.secret).rounds
    assert [r.number for r in rounds] == [1, 2]
    assert rounds[0].closed_at is not None and not rounds[0].is_open
    assert rounds[1].is_open
    assert rounds[1].inject_id == "cartel_strike"
    assert rounds[1].inject_title == "Cartel strike on a border town"
    assert rounds[1].inject_text == "Line one.\nLine two."
    assert rounds[1].contexts == ("election_year", "allied_support")
    assert rounds[0].closed_at >= rounds[0].opened_at


def test_close_round_stops_submissions_until_the_next_round(store: seminar.RoomStore, room: Room) -> None:
    _, token = store.join(room.code, "Ana")
    store.submit(token, WEIGHTS)

    assert store.close_round(room.id, room.secret) == 1
    assert store.close_round(room.id, room.secret) is None  # nothing left to close
    with pytest.raises(NoOpenRound, match="no round is open"):
        store.submit(token, WEIGHTS)
    # The participant still sees the closed round and their last weights in it.
    view = store.participant_view(token)
    assert view.current_round is not None and view.current_round.number == 1
    assert not view.current_round.is_open
    assert view.own_submission is not None and dict(view.own_submission.weights) == WEIGHTS

    assert store.open_round(room.id, room.secret) == 2
    assert store.submit(token, WEIGHTS) == 1


def test_a_revision_is_a_new_row_and_the_latest_is_current(store: seminar.RoomStore, room: Room) -> None:
    _, token = store.join(room.code, "Ana")
    submitted: list[dict[str, float]] = [
        {"cost": 1, "civilian_harm": 0, "legality": 0},
        {"cost": 1, "civilian_harm": 1, "legality": 0},
        {"cost": 0.1, "civilian_harm": 1 / 3, "legality": 2.5},
    ]

    revisions = [store.submit(token, weights) for weights in submitted]

    assert revisions == [1, 2, 3]
    assert count_rows(store, "submissions") == 3
    history = store.history(room.id, room.secret)
    assert [h.revision for h in history] == [1, 2, 3]
    assert [dict(h.weights) for h in history] == [{k: float(v) for k, v in w.items()} for w in submitted]
    assert history[0].submitted_at <= history[1].submitted_at <= history[2].submitted_at
    own = store.participant_view(token).own_submission
    assert own is not None and own.revision == 3
    assert own.weights["civilian_harm"] == 1 / 3  # floats survive the database exactly
    assert own.method == "wsm"


def test_revisions_start_again_at_one_in_each_round(store: seminar.RoomStore, room: Room) -> None:
    _, token = store.join(room.code, "Ana")
    assert [store.submit(token, WEIGHTS) for _ in range(2)] == [1, 2]
    store.open_round(room.id, room.secret)
    assert store.submit(token, WEIGHTS) == 1
    history = store.history(room.id, room.secret)
    assert [(h.round_number, h.revision) for h in history] == [(1, 1), (1, 2), (2, 1)]


def test_round_weights_are_each_participants_latest(store: seminar.RoomStore, room: Room) -> None:
    _, ana = store.join(room.code, "Ana")
    _, bo = store.join(room.code, "Bo")
    store.submit(ana, {"cost": 1, "civilian_harm": 1, "legality": 1})
    store.submit(bo, {"cost": 4, "civilian_harm": 0, "legality": 0})
    store.submit(ana, {"cost": 0, "civilian_harm": 2, "legality": 2})

    weights = store.round_weights(room.id, 1)

    assert weights == [
        {"cost": 0.0, "civilian_harm": 2.0, "legality": 2.0},
        {"cost": 4.0, "civilian_harm": 0.0, "legality": 0.0},
    ]
    with pytest.raises(NotFound, match="no round 9"):
        store.round_weights(room.id, 9)
    with pytest.raises(NotFound):
        store.round_weights(room.id + 1000, 1)


def test_facilitator_view_shows_who_joined_and_who_submitted(store: seminar.RoomStore, room: Room) -> None:
    ana_id, ana = store.join(room.code, "Ana", role="hawk")
    bo_id, _bo = store.join(room.code, "Bo", role="dove")
    cy_id, cy = store.join(room.code, "Cy")
    store.submit(ana, WEIGHTS)
    store.submit(ana, {"cost": 1, "civilian_harm": 1, "legality": 1})
    store.submit(cy, WEIGHTS)

    view = store.facilitator_view(room.id, room.secret)

    assert [(p.id, p.display_name, p.role) for p in view.participants] == [
        (ana_id, "Ana", "hawk"),
        (bo_id, "Bo", "dove"),
        (cy_id, "Cy", ""),
    ]
    assert view.submitted_this_round == {ana_id, cy_id}
    assert [(s.display_name, s.revision) for s in view.latest_submissions] == [("Ana", 2), ("Cy", 1)]
    assert view.current_round is not None and view.current_round.number == 1


def test_history_keeps_every_revision_of_every_round_in_order(store: seminar.RoomStore, room: Room) -> None:
    _, ana = store.join(room.code, "Ana")
    _, bo = store.join(room.code, "Bo")
    store.submit(ana, WEIGHTS)
    store.submit(bo, WEIGHTS)
    store.submit(ana, WEIGHTS)
    store.open_round(room.id, room.secret, inject_title="Second")
    store.submit(bo, WEIGHTS)

    history = store.history(room.id, room.secret)

    assert [(h.round_number, h.display_name, h.revision) for h in history] == [
        (1, "Ana", 1),
        (1, "Bo", 1),
        (1, "Ana", 2),
        (2, "Bo", 1),
    ]
    times = [h.submitted_at for h in history]
    assert times == sorted(times) and all(t.tzinfo is UTC for t in times)


def test_a_new_round_hides_results_again(store: seminar.RoomStore, room: Room) -> None:
    _, ana = store.join(room.code, "Ana")
    store.submit(ana, WEIGHTS)
    store.set_revealed(room.id, room.secret, True)
    assert store.participant_view(ana).group_weights is not None

    store.open_round(room.id, room.secret)

    assert store.facilitator_view(room.id, room.secret).room.revealed is False
    assert store.participant_view(ana).group_weights is None


def test_revealed_group_weights_are_the_aggregate_of_latest_revisions(
    store: seminar.RoomStore, room: Room
) -> None:
    tokens = [store.join(room.code, name)[1] for name in ("Ana", "Bo", "Cy")]
    store.submit(tokens[0], {"cost": 9, "civilian_harm": 9, "legality": 9})  # superseded below
    store.submit(tokens[0], {"cost": 1, "civilian_harm": 0, "legality": 0})
    store.submit(tokens[1], {"cost": 1, "civilian_harm": 1, "legality": 2})
    store.submit(tokens[2], {"cost": 0, "civilian_harm": 3, "legality": 1})
    store.set_revealed(room.id, room.secret, True)

    view = store.participant_view(tokens[2])

    expected = {
        "cost": (1 + 1 / 4 + 0) / 3,
        "civilian_harm": (0 + 1 / 4 + 3 / 4) / 3,
        "legality": (0 + 2 / 4 + 1 / 4) / 3,
    }
    assert view.group_size == 3
    assert view.group_weights is not None
    assert dict(view.group_weights) == pytest.approx(expected)
    assert dict(view.group_weights) == pytest.approx(
        mean_of_normalised(store.round_weights(room.id, 1), CRITERIA)
    )


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"cost": 1, "civilian_harm": 1, "legality": 1, "speed": 1}, "unknown criterion 'speed'"),
        ({"cost": 1, "civilian_harm": 1}, "missing legality"),
        ({"cost": -1, "civilian_harm": 1, "legality": 1}, "negative"),
        ({"cost": math.nan, "civilian_harm": 1, "legality": 1}, "not a finite number"),
        ({"cost": math.inf, "civilian_harm": 1, "legality": 1}, "not a finite number"),
        ({"cost": "1", "civilian_harm": 1, "legality": 1}, "expected a number"),
        ({"cost": True, "civilian_harm": 1, "legality": 1}, "expected a number"),
        ({"cost": None, "civilian_harm": 1, "legality": 1}, "expected a number"),
        ({"cost": 1e12, "civilian_harm": 1, "legality": 1}, "too large"),
        ({"cost": 0, "civilian_harm": 0.0, "legality": 0}, "all weights are zero"),
        ([("cost", 1)], "expected a mapping"),
    ],
)
def test_bad_weights_are_refused_and_nothing_is_written(
    store: seminar.RoomStore, room: Room, weights: object, message: str
) -> None:
    _, token = store.join(room.code, "Ana")
    store.submit(token, WEIGHTS)
    before = dump(store)

    with pytest.raises(InvalidInput, match=message):
        store.submit(token, weights)  # type: ignore[arg-type]

    assert dump(store) == before
    assert store.submit(token, WEIGHTS) == 2  # the refused one took no revision number


def test_display_names_are_unique_in_a_room_whatever_the_case(store: seminar.RoomStore, room: Room) -> None:
    store.join(room.code, "Ana")
    with pytest.raises(InvalidInput, match="already taken"):
        store.join(room.code, "  ANA ")
    other = make_room(store)
    store.join(other.code, "Ana")  # another room is another namespace


def test_role_must_be_one_of_the_rooms_lenses(store: seminar.RoomStore, room: Room) -> None:
    with pytest.raises(InvalidInput, match="not one of this room's roles"):
        store.join(room.code, "Ana", role="owl")
    _, token = store.join(room.code, "Ana", role="dove")
    assert store.participant_view(token).participant.role == "dove"


def test_lock_stops_joining_and_unlock_resumes(store: seminar.RoomStore, room: Room) -> None:
    _, ana = store.join(room.code, "Ana")
    store.lock_room(room.id, room.secret)
    assert store.facilitator_view(room.id, room.secret).room.state is RoomState.LOCKED
    with pytest.raises(seminar.RoomClosed, match="locked"):
        store.join(room.code, "Bo")
    assert store.submit(ana, WEIGHTS) == 1
    store.unlock_room(room.id, room.secret)
    store.join(room.code, "Bo")


def test_close_room_closes_the_open_round_and_keeps_everything_readable(
    store: seminar.RoomStore, room: Room
) -> None:
    _, ana = store.join(room.code, "Ana")
    store.submit(ana, WEIGHTS)

    store.close_room(room.id, room.secret)
    store.close_room(room.id, room.secret)  # closing twice is harmless

    view = store.facilitator_view(room.id, room.secret)
    assert view.room.state is RoomState.CLOSED
    assert all(not r.is_open for r in view.rounds)
    assert len(store.history(room.id, room.secret)) == 1
    assert store.participant_view(ana).own_submission is not None


def test_uploaded_packs_are_kept_by_content_hash(store: seminar.RoomStore) -> None:
    text = json.dumps({"info": {"title": "Uploaded"}, "criteria": []})

    ref = store.save_pack(text)

    assert len(ref) == 64 and store.save_pack(text) == ref
    assert store.load_pack_json(ref) == text
    assert count_rows(store, "packs") == 1
    room_id, secret, _ = store.create_room("Uploaded pack", ref, "topsis", False, CRITERIA)
    assert store.facilitator_view(room_id, secret).room.pack_ref == ref


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", "not valid JSON"), ("[1, 2]", "expected a JSON object"), ("x" * 20_000_001, "too large")],
)
def test_malformed_packs_are_refused(store: seminar.RoomStore, text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        store.save_pack(text)
    assert count_rows(store, "packs") == 0


def test_a_room_cannot_use_a_pack_that_was_never_uploaded(store: seminar.RoomStore) -> None:
    with pytest.raises(NotFound, match="upload it first"):
        store.create_room("x", "ab" * 32, "wsm", False, CRITERIA)
    with pytest.raises(InvalidInput, match="neither 'bundled'"):
        store.create_room("x", "../etc/passwd", "wsm", False, CRITERIA)
    with pytest.raises(NotFound):
        store.load_pack_json("ab" * 32)
    assert count_rows(store, "rooms") == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"title": ""}, "room title: must not be empty"),
        ({"title": "x" * 201}, "room title: 201 characters is too long; use at most 200"),
        ({"title": "a\x00b"}, "control character U\\+0000"),
        ({"method": "Weighted Sum!"}, "method: 'Weighted Sum!' is not a valid id"),
        ({"criterion_ids": []}, "give at least one id"),
        ({"criterion_ids": ["cost", "cost"]}, "cost listed more than once"),
        ({"criterion_ids": "cost"}, "expected a list of ids"),
        ({"criterion_ids": [f"c{i}" for i in range(1_001)]}, "at most 1000"),
        ({"show_individual": "yes"}, "expected True or False"),
    ],
)
def test_create_room_checks_its_input(
    store: seminar.RoomStore, arguments: dict[str, object], message: str
) -> None:
    call = {
        "title": "Room",
        "pack_ref": "bundled",
        "method": "wsm",
        "show_individual": False,
        "criterion_ids": CRITERIA,
    }
    call.update(arguments)
    with pytest.raises(InvalidInput, match=message):
        store.create_room(**call)  # type: ignore[arg-type]
    assert count_rows(store, "rooms") == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"inject_text": "x" * 20_001}, "inject text: 20001 characters is too long; use at most 20000"),
        ({"inject_title": "x" * 2_001}, "inject title: 2001 characters is too long"),
        ({"inject_id": "Cartel Strike"}, "inject id: 'Cartel Strike' is not a valid id"),
        ({"contexts": [f"c{i}" for i in range(1_001)]}, "contexts: 1001 ids is too many; use at most 1000"),
        ({"contexts": ["ok", "NOT OK"]}, r"contexts\[1\]"),
    ],
)
def test_open_round_checks_its_input(
    store: seminar.RoomStore, arguments: dict[str, object], message: str
) -> None:
    made = make_room(store)
    before = dump(store)
    with pytest.raises(InvalidInput, match=message):
        store.open_round(made.id, made.secret, **arguments)  # type: ignore[arg-type]
    assert dump(store) == before


def test_by_default_revealed_results_come_from_the_engine(tmp_path: Path) -> None:
    with seminar.open_store(f"sqlite:///{tmp_path / 'rooms.sqlite3'}") as store:  # no aggregate=
        made = make_room(store)
        store.open_round(made.id, made.secret)
        _, ana = store.join(made.code, "Ana")
        _, bo = store.join(made.code, "Bo")
        store.submit(ana, {"cost": 1, "civilian_harm": 1, "legality": 2})
        store.submit(bo, {"cost": 0, "civilian_harm": 3, "legality": 1})
        store.set_revealed(made.id, made.secret, True)
        group = store.participant_view(bo).group_weights
    assert group is not None
    assert dict(group) == pytest.approx(
        {"cost": 1 / 8, "civilian_harm": 1 / 8 + 3 / 8, "legality": 1 / 4 + 1 / 8}
    )


def test_opening_a_round_that_someone_else_already_opened_changes_nothing(store: seminar.RoomStore,
                                                                        room: Room) -> None:
    """Two facilitator tabs both asked to "close round 1 and open round 2": the second is refused, no round 3."""
    assert store.facilitator_view(room.id, room.secret).current_round.number == 1
    assert store.open_round(room.id, room.secret, inject_title="From tab A", after=1) == 2
    with pytest.raises(seminar.RoundAlreadyOpened, match="round 2 is already open"):
        store.open_round(room.id, room.secret, inject_title="From tab B", after=1)
    view = store.facilitator_view(room.id, room.secret)
    assert view.current_round.number == 2 and view.current_round.inject_title == "From tab A"
    assert view.current_round.is_open
