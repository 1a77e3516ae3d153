"""Two app servers (two stores, two engines, two connection pools) sharing one database.

On PostgreSQL this is how a deployment grows past one machine; on SQLite it is two
processes on one host. A participant on one server and the facilitator on the other must
see the same room.
"""

from __future__ import annotations

import threading

import pytest

import seminar
from seminar import RoomClosed
from tests.seminar.conftest import CRITERIA, StoreFactory, make_room
from tests.seminar.helpers import count_rows, mean_of_normalised

WEIGHTS = {"cost": 1.0, "civilian_harm": 3.0, "legality": 0.0}


def test_facilitator_on_one_server_participants_on_another(open_test_store: StoreFactory) -> None:
    facilitator_server = open_test_store()
    participant_server = open_test_store()
    assert facilitator_server.engine is not participant_server.engine

    room = make_room(facilitator_server)
    facilitator_server.open_round(room.id, room.secret, inject_title="Opening brief", contexts=["baseline"])

    ana_id, ana = participant_server.join(room.code, "Ana", role="hawk")
    view = participant_server.participant_view(ana)
    assert view.current_round is not None and view.current_round.inject_title == "Opening brief"
    assert view.current_round.contexts == ("baseline",)

    participant_server.submit(ana, WEIGHTS)
    dashboard = facilitator_server.facilitator_view(room.id, room.secret)
    assert [p.display_name for p in dashboard.participants] == ["Ana"]
    assert dashboard.submitted_this_round == {ana_id}
    assert dict(dashboard.latest_submissions[0].weights) == WEIGHTS

    facilitator_server.set_revealed(room.id, room.secret, True)
    revealed = participant_server.participant_view(ana)
    assert revealed.group_weights is not None
    assert dict(revealed.group_weights) == pytest.approx(mean_of_normalised([WEIGHTS], CRITERIA))

    facilitator_server.open_round(
        room.id, room.secret, inject_id="cartel_strike", inject_title="Cartel strike"
    )
    second = participant_server.participant_view(ana)
    assert second.current_round is not None and second.current_round.number == 2
    assert second.current_round.inject_id == "cartel_strike"
    assert second.own_submission is None and second.group_weights is None

    facilitator_server.lock_room(room.id, room.secret)
    with pytest.raises(RoomClosed):
        participant_server.join(room.code, "Bo")
    assert participant_server.submit(ana, WEIGHTS, round_number=2) == 1  # locked: joined people still submit


def test_both_servers_can_run_the_same_room(open_test_store: StoreFactory) -> None:
    server_a = open_test_store()
    server_b = open_test_store()
    room = make_room(server_a)
    server_b.open_round(room.id, room.secret)  # the facilitator's link works on either server
    _, ana = server_a.join(room.code, "Ana")
    assert [server_a.submit(ana, WEIGHTS), server_b.submit(ana, WEIGHTS), server_a.submit(ana, WEIGHTS)] == [
        1,
        2,
        3,
    ]
    assert [h.revision for h in server_b.history(room.id, room.secret)] == [1, 2, 3]


def test_uploaded_packs_are_visible_to_every_server(open_test_store: StoreFactory) -> None:
    server_a = open_test_store()
    server_b = open_test_store()
    ref = server_a.save_pack('{"info": {"title": "Uploaded on A"}}')
    assert server_b.load_pack_json(ref) == '{"info": {"title": "Uploaded on A"}}'
    room_id, secret, _ = server_b.create_room("Room on B", ref, "wsm", False, CRITERIA)
    assert server_a.facilitator_view(room_id, secret).room.pack_ref == ref


def test_servers_starting_together_create_the_schema_once(database_url: str) -> None:
    start = threading.Barrier(4)
    stores: list[seminar.RoomStore] = []
    errors: list[BaseException] = []

    def start_server() -> None:
        start.wait()
        try:
            stores.append(seminar.open_store(database_url))
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=start_server) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert errors == []
        assert len(stores) == 4
        assert count_rows(stores[0], "schema_meta") == 1
    finally:
        for store in stores:
            store.close()
