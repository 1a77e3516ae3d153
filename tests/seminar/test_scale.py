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


def test_a_participant_poll_with_nothing_new_is_one_statement(open_test_store: StoreFactory) -> None:
    """The page reads participant_version every poll and the whole view only when it moved."""
    store, tokens, made = _room_with_submissions(open_test_store(), 200)
    with counting(store) as reads:
        version = store.participant_version(tokens[0])
    assert reads.statements <= 2 and reads.submissions_loaded == 0  # (BEGIN counts on SQLite)
    # Others submitting before a reveal does not move it; their own submission, a reveal and a new round do.
    store.submit(tokens[1], {c: 5.0 for c in CRITERIA})
    assert store.participant_version(tokens[0]) == version
    store.submit(tokens[0], {c: 5.0 for c in CRITERIA})
    mine = store.participant_version(tokens[0])
    assert mine != version
    store.set_revealed(made.id, made.secret, True)  # type: ignore[attr-defined]
    revealed = store.participant_version(tokens[0])
    assert revealed != mine
    store.submit(tokens[2], {c: 7.0 for c in CRITERIA})  # after a reveal, the group result moves with it
    assert store.participant_version(tokens[0]) != revealed
    store.open_round(made.id, made.secret)  # type: ignore[attr-defined]
    assert store.participant_version(tokens[0])[0] > revealed[0]


def test_a_removed_participant_or_a_wrong_token_is_refused_by_the_version_poll(open_test_store: StoreFactory) -> None:
    store, tokens, made = _room_with_submissions(open_test_store(), 2)
    with pytest.raises(seminar.Forbidden, match="not valid"):
        store.participant_version("not-a-token")
    pid = store.participant_view(tokens[1]).participant.id
    store.remove_participant(made.id, made.secret, pid)  # type: ignore[attr-defined]
    with pytest.raises(seminar.Forbidden, match="removed you"):
        store.participant_version(tokens[1])
