"""Every forbidden action is tried and refused, and a refusal writes nothing.

Covers the issue's access rules: facilitator actions need the facilitator secret; a
participant token is not one; no one submits as someone else or reads others' weights
before the reveal; locked rooms refuse joins (joined participants still submit) and closed
rooms refuse everything; guessed join
codes are slowed down; input lengths are bounded; only hashes of secrets are stored.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

import seminar
from seminar import Forbidden, InvalidInput, JoinLimits, NotFound, RateLimited, RoomClosed
from seminar._secrets import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, new_join_code
from tests.seminar.conftest import CRITERIA, FakeClock, Room, StoreFactory, make_room
from tests.seminar.helpers import dump, mean_of_normalised

WEIGHTS = {"cost": 3.0, "civilian_harm": 5.0, "legality": 2.0}
SECRET_WEIGHTS = {"cost": 7.77, "civilian_harm": 0.0, "legality": 1.0}  # easy to spot in a repr

FacilitatorAction = Callable[[seminar.RoomStore, int, str], object]

FACILITATOR_ACTIONS: dict[str, FacilitatorAction] = {
    "open_round": lambda store, room_id, secret: store.open_round(room_id, secret, inject_title="x"),
    "close_round": lambda store, room_id, secret: store.close_round(room_id, secret),
    "reveal": lambda store, room_id, secret: store.set_revealed(room_id, secret, True),
    "lock_room": lambda store, room_id, secret: store.lock_room(room_id, secret),
    "unlock_room": lambda store, room_id, secret: store.unlock_room(room_id, secret),
    "close_room": lambda store, room_id, secret: store.close_room(room_id, secret),
    "facilitator_view": lambda store, room_id, secret: store.facilitator_view(room_id, secret),
    "history": lambda store, room_id, secret: store.history(room_id, secret),
}
ACTION_NAMES = list(FACILITATOR_ACTIONS)


@pytest.fixture
def busy_room(store: seminar.RoomStore, room: Room) -> tuple[Room, str]:
    """The open room with one participant who has submitted; returns the room and their token."""
    _, token = store.join(room.code, "Ana")
    store.submit(token, SECRET_WEIGHTS)
    return room, token


# -- facilitator secret ---------------------------------------------------------------


@pytest.mark.parametrize("action", ACTION_NAMES)
def test_a_wrong_secret_is_refused(
    store: seminar.RoomStore, busy_room: tuple[Room, str], action: str
) -> None:
    room, _ = busy_room
    before = dump(store)
    with pytest.raises(Forbidden, match="facilitator link is not valid"):
        FACILITATOR_ACTIONS[action](store, room.id, seminar._secrets.new_secret())
    assert dump(store) == before


@pytest.mark.parametrize("action", ACTION_NAMES)
def test_a_participant_token_is_not_a_facilitator_secret(
    store: seminar.RoomStore, busy_room: tuple[Room, str], action: str
) -> None:
    room, token = busy_room
    before = dump(store)
    with pytest.raises(Forbidden):
        FACILITATOR_ACTIONS[action](store, room.id, token)
    assert dump(store) == before


@pytest.mark.parametrize("action", ACTION_NAMES)
def test_one_rooms_secret_does_not_open_another_room(
    store: seminar.RoomStore, busy_room: tuple[Room, str], action: str
) -> None:
    room, _ = busy_room
    other = make_room(store, title="Another seminar")
    before = dump(store)
    with pytest.raises(Forbidden):
        FACILITATOR_ACTIONS[action](store, room.id, other.secret)
    assert dump(store) == before


@pytest.mark.parametrize(
    "bad_secret",
    ["", " ", "x" * 10_000, None, 12345, b"bytes"],
    ids=["empty", "blank", "huge", "none", "int", "bytes"],
)
def test_malformed_secrets_are_refused(store: seminar.RoomStore, room: Room, bad_secret: object) -> None:
    with pytest.raises(Forbidden):
        store.set_revealed(room.id, bad_secret, True)  # type: ignore[arg-type]
    with pytest.raises(Forbidden):
        store.facilitator_view(room.id, bad_secret)  # type: ignore[arg-type]


def test_a_secret_differing_in_one_character_is_refused(store: seminar.RoomStore, room: Room) -> None:
    near = room.secret[:-1] + ("A" if room.secret[-1] != "A" else "B")
    with pytest.raises(Forbidden):
        store.facilitator_view(room.id, near)
    with pytest.raises(Forbidden):
        store.facilitator_view(room.id, room.secret + " ")


@pytest.mark.parametrize("room_id", [999_999, -1, 0, "1", None, True, 2**70])
def test_an_unknown_room_is_not_found(store: seminar.RoomStore, room: Room, room_id: object) -> None:
    with pytest.raises(NotFound, match="there is no room"):
        store.facilitator_view(room_id, room.secret)  # type: ignore[arg-type]


# -- participant tokens ----------------------------------------------------------------


@pytest.mark.parametrize(
    "make_token",
    [
        lambda room, token: seminar._secrets.new_secret(),
        lambda room, token: room.secret,
        lambda room, token: token[:-1],
        lambda room, token: token.upper(),
        lambda room, token: "",
        lambda room, token: "x" * 100_000,
        lambda room, token: None,
    ],
    ids=["random", "facilitator-secret", "truncated", "case-changed", "empty", "huge", "none"],
)
def test_no_one_submits_or_reads_without_a_real_token(
    store: seminar.RoomStore,
    busy_room: tuple[Room, str],
    make_token: Callable[[Room, str], str],
) -> None:
    room, token = busy_room
    forged = make_token(room, token)
    before = dump(store)
    with pytest.raises(Forbidden, match="participant link is not valid"):
        store.submit(forged, WEIGHTS)
    with pytest.raises(Forbidden):
        store.participant_view(forged)
    assert dump(store) == before


def test_a_submission_counts_only_for_the_token_holder(store: seminar.RoomStore, room: Room) -> None:
    ana_id, ana = store.join(room.code, "Ana")
    bo_id, bo = store.join(room.code, "Bo")

    store.submit(ana, SECRET_WEIGHTS)

    history = store.history(room.id, room.secret)
    assert [(h.participant_id, h.display_name) for h in history] == [(ana_id, "Ana")]
    assert store.participant_view(bo).own_submission is None
    assert store.facilitator_view(room.id, room.secret).submitted_this_round == {ana_id}
    assert bo_id not in store.facilitator_view(room.id, room.secret).submitted_this_round


def test_a_token_from_another_room_acts_only_in_its_own_room(store: seminar.RoomStore, room: Room) -> None:
    other = make_room(store, title="Another seminar")
    store.open_round(other.id, other.secret)
    _, outsider = store.join(other.code, "Zed")

    store.submit(outsider, WEIGHTS)

    assert store.history(room.id, room.secret) == []
    assert store.participant_view(outsider).room.id == other.id


# -- reading others' submissions -------------------------------------------------------


def test_before_the_reveal_a_participant_sees_only_their_own_weights(
    store: seminar.RoomStore, busy_room: tuple[Room, str]
) -> None:
    room, _ana = busy_room
    _, bo = store.join(room.code, "Bo")
    store.submit(bo, WEIGHTS)

    view = store.participant_view(bo)

    assert view.group_weights is None and view.group_size is None
    assert view.individual_submissions is None
    assert view.own_submission is not None and dict(view.own_submission.weights) == WEIGHTS
    assert "7.77" not in repr(view) and "Ana" not in repr(view)


def test_the_reveal_shows_the_aggregate_but_not_individuals_by_default(
    store: seminar.RoomStore, busy_room: tuple[Room, str]
) -> None:
    room, _ana = busy_room
    _, bo = store.join(room.code, "Bo")
    store.submit(bo, WEIGHTS)

    store.set_revealed(room.id, room.secret, True)
    view = store.participant_view(bo)

    assert view.group_weights is not None
    assert dict(view.group_weights) == pytest.approx(mean_of_normalised([SECRET_WEIGHTS, WEIGHTS], CRITERIA))
    assert view.group_size == 2
    assert view.individual_submissions is None
    assert "7.77" not in repr(view) and "Ana" not in repr(view)

    store.set_revealed(room.id, room.secret, False)
    assert store.participant_view(bo).group_weights is None


def test_individuals_are_shown_only_when_revealed_in_a_room_that_shows_them(store: seminar.RoomStore) -> None:
    made = make_room(store, show_individual=True)
    store.open_round(made.id, made.secret)
    _, ana = store.join(made.code, "Ana")
    _, bo = store.join(made.code, "Bo")
    store.submit(ana, SECRET_WEIGHTS)
    store.submit(bo, WEIGHTS)
    assert store.participant_view(bo).individual_submissions is None  # not yet revealed

    store.set_revealed(made.id, made.secret, True)
    shown = store.participant_view(bo).individual_submissions

    assert shown is not None
    assert [(s.display_name, dict(s.weights)) for s in shown] == [("Ana", SECRET_WEIGHTS), ("Bo", WEIGHTS)]


# -- locked and closed rooms -----------------------------------------------------------


def test_a_locked_room_admits_no_one_but_joined_participants_still_submit(
    store: seminar.RoomStore, busy_room: tuple[Room, str]
) -> None:
    # Issue 12 item 4: Lock closes the door; it is not "pens down" (closing the round is).
    room, ana = busy_room
    store.lock_room(room.id, room.secret)
    before = dump(store)

    with pytest.raises(RoomClosed, match="locked"):
        store.join(room.code, "Bo")
    assert dump(store) == before

    assert store.submit(ana, WEIGHTS, round_number=1) == 2
    view = store.participant_view(ana)
    assert view.room.state is seminar.RoomState.LOCKED
    assert view.own_submission is not None and dict(view.own_submission.weights) == WEIGHTS


def test_a_closed_room_accepts_nothing(store: seminar.RoomStore, busy_room: tuple[Room, str]) -> None:
    room, ana = busy_room
    store.close_room(room.id, room.secret)
    before = dump(store)

    with pytest.raises(RoomClosed, match="closed"):
        store.join(room.code, "Bo")
    with pytest.raises(RoomClosed, match="closed"):
        store.submit(ana, WEIGHTS)
    for name in ("open_round", "close_round", "reveal", "lock_room", "unlock_room"):
        with pytest.raises(RoomClosed, match="closed and accepts nothing"):
            FACILITATOR_ACTIONS[name](store, room.id, room.secret)

    assert dump(store) == before


# -- guessing join codes ---------------------------------------------------------------


def test_join_codes_carry_forty_bits() -> None:
    assert len(JOIN_CODE_ALPHABET) == 32 and not set("01IO") & set(JOIN_CODE_ALPHABET)
    assert JOIN_CODE_LENGTH * 5 >= 40
    assert len({new_join_code() for _ in range(2_000)}) == 2_000


def _wrong_code(right: str) -> str:
    while (code := new_join_code()) == right:
        pass
    return code


def test_repeated_wrong_codes_are_rate_limited(open_test_store: StoreFactory, clock: FakeClock) -> None:
    store = open_test_store(join_limits=JoinLimits(max_failures=5, window_seconds=60), clock=clock)
    made = make_room(store)
    for _ in range(5):
        with pytest.raises(NotFound, match="no room has the code"):
            store.join(_wrong_code(made.code), "Mallory", client_key="203.0.113.9")
        clock.advance(1)

    # Limited now, even with the right code: a guesser learns nothing more.
    with pytest.raises(RateLimited) as limited:
        store.join(made.code, "Mallory", client_key="203.0.113.9")
    assert 50 <= limited.value.retry_after_seconds <= 60
    assert "try again in" in str(limited.value)
    with pytest.raises(RateLimited):
        store.join(_wrong_code(made.code), "Mallory", client_key="203.0.113.9")

    # Other clients are not affected ...
    store.join(made.code, "Ana", client_key="198.51.100.7")
    # ... and the limited client may try again once the window has passed.
    clock.advance(60)
    store.join(made.code, "Mallory", client_key="203.0.113.9")


def test_the_limit_is_shared_by_every_app_server(open_test_store: StoreFactory, clock: FakeClock) -> None:
    limits = JoinLimits(max_failures=4, window_seconds=600)
    server_a = open_test_store(join_limits=limits, clock=clock)
    server_b = open_test_store(join_limits=limits, clock=clock)
    made = make_room(server_a)
    for server in (server_a, server_b, server_a, server_b):
        with pytest.raises(NotFound):
            server.join(_wrong_code(made.code), "Mallory", client_key="203.0.113.9")
    for server in (server_a, server_b):
        with pytest.raises(RateLimited):
            server.join(made.code, "Mallory", client_key="203.0.113.9")


def test_malformed_codes_are_refused_without_counting(
    open_test_store: StoreFactory, clock: FakeClock
) -> None:
    store = open_test_store(join_limits=JoinLimits(max_failures=2, window_seconds=60), clock=clock)
    made = make_room(store)
    for typed in ["", "ABC", "ABCDEFGH1", "O0O0I1I1", "x" * 10_000]:
        with pytest.raises(InvalidInput, match="8 letters and digits"):
            store.join(typed, "Ana", client_key="k")
    store.join(made.code, "Ana", client_key="k")


# -- bounded input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x" * 61, "display name: 61 characters is too long; use at most 60"),
        ("x" * 1_000_000, "too long"),
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("Ana\nBo", "control character U\\+000A"),
        ("Ana\x1b[31m", "control character U\\+001B"),
        ("Ana\u202egnp.exe", "invisible character U\\+202E"),
        (None, "expected text"),
    ],
)
def test_bad_display_names_are_refused(
    store: seminar.RoomStore, room: Room, name: object, message: str
) -> None:
    before = dump(store)
    with pytest.raises(InvalidInput, match=message):
        store.join(room.code, name)  # type: ignore[arg-type]
    assert dump(store) == before


def test_names_are_kept_as_text_not_markup(store: seminar.RoomStore, room: Room) -> None:
    name = "<script>alert(1)</script>"[:60]
    _, token = store.join(room.code, name)
    assert store.participant_view(token).participant.display_name == name


def test_a_name_of_exactly_the_maximum_length_is_accepted(store: seminar.RoomStore, room: Room) -> None:
    _, token = store.join(room.code, "x" * 60)
    assert store.participant_view(token).participant.display_name == "x" * 60


def test_overlong_client_keys_and_roles_are_refused(store: seminar.RoomStore, room: Room) -> None:
    with pytest.raises(InvalidInput, match="client key"):
        store.join(room.code, "Ana", client_key="k" * 501)
    with pytest.raises(InvalidInput, match="role"):
        store.join(room.code, "Ana", role="r" * 81)


# -- only hashes are stored ------------------------------------------------------------


def test_the_database_holds_no_secret_or_token_in_clear(store: seminar.RoomStore) -> None:
    made = make_room(store)
    store.open_round(made.id, made.secret)
    tokens = [store.join(made.code, f"P{i}", client_key=f"10.0.0.{i}")[1] for i in range(3)]
    with pytest.raises(NotFound):
        store.join(_wrong_code(made.code), "Mallory", client_key="203.0.113.9")

    everything = repr(dump(store))

    for clear in [made.secret, *tokens, "203.0.113.9"]:
        assert clear not in everything
    assert seminar._secrets.hash_secret(made.secret) in everything
    assert all(len(t) >= 43 for t in tokens) and len(set(tokens)) == 3
