"""The store API issue 13's pages need: rounds named on submit, reasons and assessments,
the screen (projector) view, removing participants, the participant cap, the state a
participant's page must show, and convergence across rounds."""

from __future__ import annotations

from datetime import timedelta

import pytest

import seminar
from seminar import Forbidden, InvalidInput, NoOpenRound, NotFound
from tests.seminar.conftest import CRITERIA, FakeClock, Room, StoreFactory, make_room
from tests.seminar.helpers import dump, mean_of_normalised

WEIGHTS = {"cost": 3.0, "civilian_harm": 5.0, "legality": 2.0}
OTHER = {"cost": 7.77, "civilian_harm": 1.0, "legality": 1.0}


# -- issue 12 item 10: a submission never lands in a round the participant has not seen --


def test_weights_chosen_in_round_one_are_refused_once_round_two_is_open(
    store: seminar.RoomStore, room: Room
) -> None:
    _, ana = store.join(room.code, "Ana")
    seen = store.participant_view(ana).current_round
    assert seen is not None and seen.number == 1
    store.open_round(room.id, room.secret, inject_title="Cartel strike")  # inside the poll window
    before = dump(store)

    with pytest.raises(seminar.RoundMoved) as moved:
        store.submit(ana, WEIGHTS, round_number=seen.number)

    assert dump(store) == before  # nothing stored, in round 1 or 2
    assert (moved.value.submitted_for, moved.value.open_round) == (1, 2)
    assert "round 1 has closed and round 2 is open now" in str(moved.value)
    assert isinstance(moved.value, seminar.RoomClosed)
    assert store.submit(ana, WEIGHTS, round_number=2) == 1


def test_a_submission_for_a_round_closed_with_none_open_says_to_wait(store: seminar.RoomStore, room: Room) -> None:
    _, ana = store.join(room.code, "Ana")
    store.close_round(room.id, room.secret)
    with pytest.raises(seminar.RoundMoved, match="wait for the facilitator"):
        store.submit(ana, WEIGHTS, round_number=1)
    with pytest.raises(NoOpenRound):
        store.submit(ana, WEIGHTS)


@pytest.mark.parametrize("bad", [0, -1, "1", 1.0, True])
def test_round_number_must_be_a_round_number(store: seminar.RoomStore, room: Room, bad: object) -> None:
    _, ana = store.join(room.code, "Ana")
    with pytest.raises(InvalidInput, match="round number"):
        store.submit(ana, WEIGHTS, round_number=bad)  # type: ignore[arg-type]


# -- reasons and assessments -----------------------------------------------------------


def test_reason_and_assessment_travel_with_the_submission(store: seminar.RoomStore) -> None:
    room_id, secret, code = store.create_room(
        "Assessed", "bundled", "wsm", True, CRITERIA, assessment_ids=["report", "critics"]
    )
    store.open_round(room_id, secret)
    ana_id, ana = store.join(code, "Ana", role="")
    store.submit(ana, WEIGHTS, round_number=1, reason="  Cost matters\r\nmost.  ", assessment="critics")

    own = store.participant_view(ana).own_submission
    assert own is not None and (own.reason, own.assessment) == ("Cost matters\nmost.", "critics")
    [latest] = store.facilitator_view(room_id, secret).latest_submissions
    assert (latest.participant_id, latest.reason, latest.assessment, latest.role) == (ana_id, "Cost matters\nmost.", "critics", "")
    [entry] = store.history(room_id, secret)
    assert entry.reason == "Cost matters\nmost." and entry.submitted_at is not None
    assert store.facilitator_view(room_id, secret).room.assessment_ids == ("report", "critics")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"reason": "x" * 501}, "reason: 501 characters is too long; use at most 500"),
        ({"reason": "a\x00b"}, "reason: remove the control character"),
        ({"assessment": "nobody"}, "assessment: 'nobody' is not one of this room's assessments \\(report\\)"),
        ({"assessment": "Not An Id"}, "assessment: 'Not An Id' is not a valid id"),
    ],
)
def test_bad_reasons_and_assessments_are_refused(
    store: seminar.RoomStore, arguments: dict[str, object], message: str
) -> None:
    room_id, secret, code = store.create_room("R", "bundled", "wsm", False, CRITERIA, assessment_ids=["report"])
    store.open_round(room_id, secret)
    _, ana = store.join(code, "Ana")
    before = dump(store)
    with pytest.raises(InvalidInput, match=message):
        store.submit(ana, WEIGHTS, round_number=1, **arguments)  # type: ignore[arg-type]
    assert dump(store) == before


def test_a_reason_of_exactly_500_characters_is_kept(store: seminar.RoomStore, room: Room) -> None:
    _, ana = store.join(room.code, "Ana")
    store.submit(ana, WEIGHTS, round_number=1, reason="r" * 500)
    own = store.participant_view(ana).own_submission
    assert own is not None and own.reason == "r" * 500


# -- the participant's page states -----------------------------------------------------


def test_the_participant_view_says_which_state_to_show(open_test_store: StoreFactory, clock: FakeClock) -> None:
    store = open_test_store(clock=clock)
    made = make_room(store)
    _, ana = store.join(made.code, "Ana")
    assert store.participant_view(ana).status is seminar.ParticipantStatus.WAITING

    store.open_round(made.id, made.secret)
    assert store.participant_view(ana).status is seminar.ParticipantStatus.OPEN
    assert store.participant_view(ana).submitted_at is None

    clock.advance(90)
    store.submit(ana, WEIGHTS, round_number=1)
    view = store.participant_view(ana)
    assert view.status is seminar.ParticipantStatus.SUBMITTED
    assert view.submitted_at == clock.now

    store.close_round(made.id, made.secret)
    assert store.participant_view(ana).status is seminar.ParticipantStatus.ROUND_CLOSED
    store.open_round(made.id, made.secret)
    assert store.participant_view(ana).status is seminar.ParticipantStatus.OPEN  # round 2: not yet submitted
    store.lock_room(made.id, made.secret)
    assert store.participant_view(ana).status is seminar.ParticipantStatus.OPEN  # locked: still submits
    store.close_room(made.id, made.secret)
    assert store.participant_view(ana).status is seminar.ParticipantStatus.ROOM_CLOSED


def test_after_the_reveal_a_participant_sees_where_the_group_stands(store: seminar.RoomStore, room: Room) -> None:
    tokens = [store.join(room.code, name)[1] for name in ("Ana", "Bo", "Cy")]
    for token, weights in zip(tokens, [WEIGHTS, OTHER, {"cost": 1.0, "civilian_harm": 1.0, "legality": 8.0}], strict=True):
        store.submit(token, weights, round_number=1)
    assert store.participant_view(tokens[0]).group_spread is None  # not before the reveal

    store.set_revealed(room.id, room.secret, True)
    spread = store.participant_view(tokens[0]).group_spread

    assert spread is not None
    costs = sorted([0.3, 7.77 / 9.77, 0.1])
    assert spread["cost"].median == pytest.approx(costs[1])
    assert (spread["cost"].low, spread["cost"].high) == pytest.approx((costs[0], costs[2]))
    assert spread["cost"].q1 <= spread["cost"].median <= spread["cost"].q3


# -- the screen (projector) view -------------------------------------------------------


def test_the_screen_shows_counts_and_only_revealed_results_without_names_or_secrets(
    store: seminar.RoomStore, room: Room
) -> None:
    screen = store.create_screen_token(room.id, room.secret)
    _, ana = store.join(room.code, "Ana Secretname")
    _, bo = store.join(room.code, "Bo")
    store.submit(ana, OTHER, round_number=1, reason="Legality first, always")

    before = store.screen_view(screen)
    assert (before.joined, before.submitted, before.rounds) == (2, 1, 1)
    assert before.current_round is not None and before.current_round.inject_title == "Opening brief"
    assert before.join_code == room.code and before.title == "Border crisis"
    assert before.group_weights is None and before.revealed_submissions is None and before.reasons == ()
    assert "7.77" not in repr(before)

    store.submit(bo, WEIGHTS, round_number=1)
    store.set_revealed(room.id, room.secret, True)
    after = store.screen_view(screen)

    assert after.group_size == 2
    assert dict(after.group_weights or {}) == pytest.approx(mean_of_normalised([OTHER, WEIGHTS], CRITERIA))
    assert after.reasons == ("Legality first, always",)
    shown = repr(after)
    for secret in (room.secret, ana, bo, screen, "Secretname", "Bo'"):
        assert secret not in shown
    assert store.facilitator_view(room.id, room.secret).room.has_screen_token


def test_a_screen_token_is_read_only_and_rotating_it_retires_the_old_one(
    store: seminar.RoomStore, room: Room
) -> None:
    first = store.create_screen_token(room.id, room.secret)
    _, ana = store.join(room.code, "Ana")
    with pytest.raises(Forbidden):
        store.set_revealed(room.id, first, True)  # a screen token is not a facilitator secret
    with pytest.raises(Forbidden):
        store.submit(first, WEIGHTS)
    with pytest.raises(Forbidden):
        store.screen_view(ana)  # nor is a participant token a screen token
    with pytest.raises(Forbidden):
        store.screen_view(room.secret)

    second = store.create_screen_token(room.id, room.secret)
    assert second != first
    with pytest.raises(Forbidden, match="screen link is not valid"):
        store.screen_view(first)
    assert store.screen_view(second).room_id == room.id
    store.revoke_screen_token(room.id, room.secret)
    with pytest.raises(Forbidden):
        store.screen_view(second)
    with pytest.raises(Forbidden):
        store.create_screen_token(room.id, ana)
    assert seminar._secrets.hash_secret(first) not in repr(store.facilitator_view(room.id, room.secret))


# -- removing participants and the cap (issue 12 item 4) -------------------------------


def test_a_removed_participant_leaves_the_aggregate_but_stays_in_the_history(
    store: seminar.RoomStore, room: Room
) -> None:
    ana_id, ana = store.join(room.code, "Ana")
    troll_id, troll = store.join(room.code, "Troll")
    store.submit(ana, WEIGHTS, round_number=1)
    store.submit(troll, {"cost": 1e9, "civilian_harm": 0.0, "legality": 0.0}, round_number=1)
    store.set_revealed(room.id, room.secret, True)
    assert store.participant_view(ana).group_size == 2

    store.remove_participant(room.id, room.secret, troll_id)

    view = store.participant_view(ana)
    assert view.group_size == 1
    assert dict(view.group_weights or {}) == pytest.approx(mean_of_normalised([WEIGHTS], CRITERIA))
    assert store.round_weights(room.id, 1) == [WEIGHTS]
    dashboard = store.facilitator_view(room.id, room.secret)
    assert dashboard.submitted_this_round == {ana_id}
    assert [p.display_name for p in dashboard.active_participants] == ["Ana"]
    assert [(p.display_name, p.removed) for p in dashboard.participants] == [("Ana", False), ("Troll", True)]
    history = store.history(room.id, room.secret)
    assert [(h.display_name, h.removed) for h in history] == [("Ana", False), ("Troll", True)]
    with pytest.raises(Forbidden, match="removed you from this room"):
        store.participant_view(troll)
    with pytest.raises(Forbidden, match="removed you"):
        store.submit(troll, WEIGHTS, round_number=1)
    store.remove_participant(room.id, room.secret, troll_id)  # again: nothing changes


def test_only_the_facilitator_removes_and_only_people_in_the_room(store: seminar.RoomStore, room: Room) -> None:
    ana_id, ana = store.join(room.code, "Ana")
    other = make_room(store, title="Elsewhere")
    zed_id, _ = store.join(other.code, "Zed")
    with pytest.raises(Forbidden):
        store.remove_participant(room.id, ana, ana_id)
    with pytest.raises(NotFound):
        store.remove_participant(room.id, room.secret, zed_id)
    with pytest.raises(NotFound):
        store.remove_participant(room.id, room.secret, "1")  # type: ignore[arg-type]
    assert store.participant_view(ana).participant.removed_at is None


def test_a_full_room_turns_people_away_until_someone_is_removed(store: seminar.RoomStore) -> None:
    room_id, secret, code = store.create_room("Small", "bundled", "wsm", False, CRITERIA, max_participants=2)
    ana_id, _ = store.join(code, "Ana")
    store.join(code, "Bo")
    before = dump(store)
    with pytest.raises(seminar.RoomFull, match="is full \\(2 participants\\)"):
        store.join(code, "Cy")
    assert dump(store) == before

    store.remove_participant(room_id, secret, ana_id)
    store.join(code, "Cy")
    store.set_participant_cap(room_id, secret, 3)
    store.join(code, "Di")
    assert store.facilitator_view(room_id, secret).room.max_participants == 3
    with pytest.raises(InvalidInput, match="participant cap"):
        store.set_participant_cap(room_id, secret, 0)


def test_rooms_get_a_participant_cap_by_default(store: seminar.RoomStore) -> None:
    made = make_room(store)
    assert store.facilitator_view(made.id, made.secret).room.max_participants == seminar.DEFAULT_MAX_PARTICIPANTS == 300
    with pytest.raises(InvalidInput, match="participant cap"):
        store.create_room("x", "bundled", "wsm", False, CRITERIA, max_participants=1_001)


# -- convergence across rounds ---------------------------------------------------------


def test_round_history_gives_agreement_and_spread_per_round(store: seminar.RoomStore, room: Room) -> None:
    tokens = [store.join(room.code, n)[1] for n in ("Ana", "Bo", "Cy")]
    round_one = [WEIGHTS, OTHER, {"cost": 1.0, "civilian_harm": 2.0, "legality": 9.0}]
    for token, weights in zip(tokens, round_one, strict=True):
        store.submit(token, weights, round_number=1)
    store.open_round(room.id, room.secret, inject_title="Second look")
    for token in tokens:  # everyone converges on the same weights
        store.submit(token, WEIGHTS, round_number=2)
    store.open_round(room.id, room.secret, inject_title="Nobody yet")

    def option_ranks(weights: object, contexts: tuple[str, ...]) -> list[float]:
        order = sorted(CRITERIA, key=lambda c: -weights[c])  # type: ignore[index]
        return [float(order.index(c) + 1) for c in CRITERIA]

    one, two, three = store.round_history(room.id, room.secret, option_ranks=option_ranks)

    assert (one.number, one.submitted, two.submitted, three.submitted) == (1, 3, 3, 0)
    assert one.criterion_kendall_w is not None and one.criterion_kendall_w < 0.5
    assert two.criterion_kendall_w == pytest.approx(1.0) and two.option_kendall_w == pytest.approx(1.0)
    assert two.mean_spread == pytest.approx(0.0) and one.mean_spread is not None and one.mean_spread > 0.1
    assert set(one.spread) == set(CRITERIA)
    assert (three.criterion_kendall_w, three.mean_spread, three.inject_title) == (None, None, "Nobody yet")


def test_the_screen_history_hides_the_current_round_until_revealed(store: seminar.RoomStore, room: Room) -> None:
    screen = store.create_screen_token(room.id, room.secret)
    _, ana = store.join(room.code, "Ana")
    store.submit(ana, WEIGHTS, round_number=1)
    assert store.screen_round_history(screen) == ()
    store.set_revealed(room.id, room.secret, True)
    assert [s.number for s in store.screen_round_history(screen)] == [1]
    store.open_round(room.id, room.secret)
    assert [s.number for s in store.screen_round_history(screen)] == [1]


def test_the_times_are_aware_utc(open_test_store: StoreFactory, clock: FakeClock) -> None:
    store = open_test_store(clock=clock)
    made = make_room(store)
    store.open_round(made.id, made.secret)
    _, ana = store.join(made.code, "Ana")
    clock.advance(61)
    store.submit(ana, WEIGHTS, round_number=1)
    own = store.participant_view(ana).own_submission
    assert own is not None and own.submitted_at.utcoffset() == timedelta(0)


# -- a cheap "has anything changed" for the dashboard and the projector ---------------------


def test_the_room_version_moves_with_every_change_a_dashboard_shows(store: seminar.RoomStore, room: Room) -> None:
    screen = store.create_screen_token(room.id, room.secret)
    versions = [store.room_version(room.id, room.secret)]
    assert store.screen_version(screen) == versions[-1]
    assert store.room_version(room.id, room.secret) == versions[-1]  # reading changes nothing

    ana_id, ana = store.join(room.code, "Ana")
    versions.append(store.room_version(room.id, room.secret))
    store.submit(ana, WEIGHTS, round_number=1)
    versions.append(store.room_version(room.id, room.secret))
    store.set_revealed(room.id, room.secret, True)
    versions.append(store.room_version(room.id, room.secret))
    store.close_round(room.id, room.secret)
    versions.append(store.room_version(room.id, room.secret))
    store.open_round(room.id, room.secret)
    versions.append(store.room_version(room.id, room.secret))
    store.lock_room(room.id, room.secret)
    versions.append(store.room_version(room.id, room.secret))
    store.remove_participant(room.id, room.secret, ana_id)
    versions.append(store.room_version(room.id, room.secret))

    assert versions == sorted(set(versions))  # strictly increasing: every change moved it
    assert store.screen_version(screen) == versions[-1]
    with pytest.raises(Forbidden):
        store.room_version(room.id, "not the secret")
    with pytest.raises(Forbidden):
        store.screen_version(room.secret)


# -- issue 13: a typed join code shows the room's own roles before joining --


def test_a_typed_code_names_the_room_and_its_roles_without_joining(
    store: seminar.RoomStore, room: Room
) -> None:
    before = dump(store)
    info = store.room_for_code(room.code.lower().replace("-", ""), client_key="10.0.0.7")
    assert (info.id, info.title, info.pack_ref) == (room.id, store.facilitator_view(room.id, room.secret).room.title,
                                                    store.facilitator_view(room.id, room.secret).room.pack_ref)
    assert dump(store) == before  # nobody joined
    assert "secret" not in repr(info).lower()


def test_a_wrong_typed_code_counts_as_a_wrong_guess(store: seminar.RoomStore, room: Room) -> None:
    wrong = "ZZZZ-ZZZZ" if room.code != "ZZZZ-ZZZZ" else "YYYY-YYYY"
    for _ in range(store.join_limits.max_failures):
        with pytest.raises(NotFound):
            store.room_for_code(wrong, client_key="10.0.0.8")
    with pytest.raises(seminar.RateLimited):
        store.room_for_code(room.code, client_key="10.0.0.8")
    assert store.room_for_code(room.code, client_key="10.0.0.9").id == room.id  # another client is unaffected


def test_a_submit_from_a_page_that_showed_an_older_revision_is_refused_and_says_why(
        store: seminar.RoomStore, room: Room) -> None:
    """An exploratory seminar of 2026-11-29: a participant's second tab submitted revision 2; the first tab, still
    showing revision 1, then sent its old sliders as revision 3 without a word. A page says which revision it
    showed; a newer one in the store refuses the submission and nothing is written."""
    _, ana = store.join(room.code, "Ana")
    assert store.submit(ana, WEIGHTS, round_number=1, replaces=0) == 1
    assert store.submit(ana, {**WEIGHTS, "cost": 9.0}, round_number=1, replaces=1) == 2  # the second tab
    with pytest.raises(seminar.RevisionMoved) as stale:
        store.submit(ana, WEIGHTS, round_number=1, replaces=1)  # the first tab, still showing revision 1
    assert stale.value.latest == 2 and "revision 2" in str(stale.value) and "another tab or device" in str(stale.value)
    assert store.participant_view(ana).own_submission.weights["cost"] == 9.0
    assert store.submit(ana, WEIGHTS, round_number=1) == 3  # without replaces: as before
