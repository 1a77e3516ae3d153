"""Issue 12 item 2: a participant's poll reads only what it shows, whatever the room's size.

Measured without a clock: the SQL statements a ``participant_view`` sends and the
submission rows it loads, in a room where 10 and where 200 participants have submitted.
Before issue 12 the poll loaded every participant's latest submission to find its own
(200 rows at 200 submitted: N² work for a room polling every 3 s).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlalchemy import event

import seminar
from seminar._tables import Submission
from tests.seminar.conftest import CRITERIA, StoreFactory, make_room


@dataclass
class Reads:
    statements: int = 0
    submissions_loaded: int = 0


@contextmanager
def counting(store: seminar.RoomStore) -> Iterator[Reads]:
    reads = Reads()

    def on_statement(*_args: object) -> None:
        reads.statements += 1

    def on_load(*_args: object) -> None:
        reads.submissions_loaded += 1

    event.listen(store.engine, "before_cursor_execute", on_statement)
    event.listen(Submission, "load", on_load)
    try:
        yield reads
    finally:
        event.remove(store.engine, "before_cursor_execute", on_statement)
        event.remove(Submission, "load", on_load)


def _room_with_submissions(store: seminar.RoomStore, submitted: int) -> tuple[seminar.RoomStore, list[str], object]:
    made = make_room(store)
    store.open_round(made.id, made.secret)
    tokens = [store.join(made.code, f"P{i}", client_key=f"10.0.{i // 200}.{i % 200}")[1] for i in range(submitted)]
    for i, token in enumerate(tokens):
        store.submit(token, {c: float(1 + (i + j) % 4) for j, c in enumerate(CRITERIA)})
    return store, tokens, made


def _poll_cost(open_test_store: StoreFactory, submitted: int, *, revealed: bool) -> tuple[Reads, Reads]:
    """Reads of one poll by a participant who has submitted, and of 20 more polls by others."""
    store, tokens, made = _room_with_submissions(open_test_store(), submitted)
    if revealed:
        store.set_revealed(made.id, made.secret, True)  # type: ignore[attr-defined]
        store.participant_view(tokens[-1])  # the first poll after a change computes the aggregate once
    with counting(store) as one:
        view = store.participant_view(tokens[0])
    assert view.own_submission is not None and view.own_submission.revision == 1
    assert (view.group_size == submitted) is revealed
    with counting(store) as many:
        for token in tokens[1:21]:
            store.participant_view(token)
    return one, many


@pytest.mark.parametrize("revealed", [False, True], ids=["before-reveal", "revealed"])
def test_a_participant_poll_costs_the_same_at_10_and_200_submitted(
    open_test_store: StoreFactory, revealed: bool
) -> None:
    small_one, small_many = _poll_cost(open_test_store, 10, revealed=revealed)
    large_one, large_many = _poll_cost(open_test_store, 200, revealed=revealed)

    assert large_one.statements == small_one.statements <= 6  # (BEGIN counts on SQLite)
    assert large_one.submissions_loaded == small_one.submissions_loaded == 1  # its own, nothing else
    # 20 polls after the reveal: no one recomputes the aggregate from everyone's rows.
    assert large_many.submissions_loaded == 20 and large_many.statements <= 20 * 6


def test_a_new_submission_invalidates_the_cached_aggregate(open_test_store: StoreFactory) -> None:
    store, tokens, made = _room_with_submissions(open_test_store(), 3)
    store.set_revealed(made.id, made.secret, True)  # type: ignore[attr-defined]
    first = store.participant_view(tokens[0]).group_weights
    store.submit(tokens[1], {"cost": 100.0, "civilian_harm": 0.0, "legality": 0.0})
    second = store.participant_view(tokens[0]).group_weights
    assert first is not None and second is not None and second["cost"] > first["cost"]
    store.open_round(made.id, made.secret)  # type: ignore[attr-defined]
    store.set_revealed(made.id, made.secret, True)  # type: ignore[attr-defined]
    assert store.participant_view(tokens[0]).group_weights is None  # round 2: no one has submitted


def test_the_room_pulse_moves_with_what_a_participant_sees_and_not_with_joins_or_early_submissions(
    open_test_store: StoreFactory,
) -> None:
    store, tokens, made = _room_with_submissions(open_test_store(), 3)
    with counting(store) as reads:
        pulse = store.room_pulse(made.id)
    assert reads.statements <= 2 and reads.submissions_loaded == 0  # one statement (BEGIN counts on SQLite)
    store.submit(tokens[1], {c: 5.0 for c in CRITERIA})
    store.join(made.code, "Late", client_key="10.9.9.9")
    later = store.room_pulse(made.id)
    assert later[:2] == pulse[:2]  # neither shows on a participant's page before a reveal
    assert (pulse[2], later[2]) == (3, 4)  # the count that sizes the poll
    store.set_revealed(made.id, made.secret, True)  # type: ignore[attr-defined]
    revealed = store.room_pulse(made.id)
    assert revealed[0] != pulse[0]
    store.submit(tokens[2], {c: 7.0 for c in CRITERIA})
    after = store.room_pulse(made.id)
    assert after[0] == revealed[0] and after[1] > revealed[1]  # after the reveal the group result moves
    store.close_round(made.id, made.secret)  # type: ignore[attr-defined]
    closed = store.room_pulse(made.id)
    assert closed[0] != after[0]
    store.remove_participant(made.id, made.secret, store.participant_view(tokens[0]).participant.id)  # type: ignore[attr-defined]
    assert store.room_pulse(made.id)[0] != closed[0]
    store.open_round(made.id, made.secret)  # type: ignore[attr-defined]
    opened = store.room_pulse(made.id)
    assert opened[0] != closed[0] and opened[1] == 0  # a new round hides the result again
    with pytest.raises(seminar.NotFound):
        store.room_pulse(10**9)
