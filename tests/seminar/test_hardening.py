"""Issue 12, store side: each defect the review found, tried as the reviewer did.

Every test here fails on the main branch before issue 12 (the functions or the behaviour
did not exist) and passes now.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

import schema
import seminar
from seminar import InvalidInput, JoinLimits, NotFound, RateLimited
from seminar._secrets import new_join_code
from tests.seminar.conftest import CRITERIA, FakeClock, Room, StoreFactory, make_room
from tests.seminar.helpers import count_rows, dump, mean_of_normalised
from tests.seminar.pg_cluster import running_cluster

WEIGHTS = {"cost": 3.0, "civilian_harm": 5.0, "legality": 2.0}
SAME_HOST_PROXY = ("127.0.0.1", "::1")


def _wrong_code(right: str) -> str:
    while (code := new_join_code()) == right:
        pass
    return code


# -- item 1: one person locks everyone out -----------------------------------------------


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted() -> None:
    # Off by default: an invented X-Forwarded-For buys no fresh allowance.
    assert seminar.client_key("203.0.113.9", "198.51.100.1") == seminar.client_key("203.0.113.9", "198.51.100.2") == "ip:203.0.113.9"
    assert seminar.client_key(None, "198.51.100.1", ()) == "ip:127.0.0.1"
    # From a trusted proxy, the client is the right-most address the proxy did not add.
    assert seminar.client_key(None, "198.51.100.1", SAME_HOST_PROXY) == "ip:198.51.100.1"
    assert seminar.client_key("127.0.0.1", "10.9.9.9, 198.51.100.1", SAME_HOST_PROXY) == "ip:198.51.100.1"
    assert seminar.client_key("::1", "198.51.100.7, 127.0.0.1", SAME_HOST_PROXY) == "ip:198.51.100.7"
    # A client cannot make itself look like someone else by prepending addresses.
    assert seminar.client_key(None, "1.2.3.4, 198.51.100.1", SAME_HOST_PROXY) == "ip:198.51.100.1"
    assert seminar.client_key(None, "garbage, 198.51.100.1", SAME_HOST_PROXY) == "ip:198.51.100.1"
    with pytest.raises(ValueError, match="'not-an-ip' is not an IP address"):
        seminar.parse_trusted_proxies("127.0.0.1, not-an-ip")


def test_trusted_proxies_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(seminar.TRUSTED_PROXIES_ENV_VAR, raising=False)
    assert seminar.client_key(None, "198.51.100.1") == "ip:127.0.0.1"
    monkeypatch.setenv(seminar.TRUSTED_PROXIES_ENV_VAR, "127.0.0.0/8")
    assert seminar.client_key(None, "198.51.100.1") == "ip:198.51.100.1"


def test_ipv6_clients_count_by_their_64_prefix() -> None:
    assert seminar.client_key("2001:db8:1:2::1") == seminar.client_key("2001:db8:1:2:ffff:ffff:ffff:ffff") == "ip6:2001:db8:1:2::/64"
    assert seminar.client_key("2001:db8:1:3::1") != seminar.client_key("2001:db8:1:2::1")
    assert seminar.client_key("::ffff:203.0.113.9") == "ip:203.0.113.9"


def test_behind_a_trusted_proxy_one_guesser_does_not_lock_out_the_next_person(
    open_test_store: StoreFactory, clock: FakeClock
) -> None:
    store = open_test_store(join_limits=JoinLimits(max_failures=10, window_seconds=900), clock=clock)
    first, second = make_room(store), make_room(store, title="Other room")
    guesser = seminar.client_key(None, "198.51.100.66", SAME_HOST_PROXY)
    for _ in range(10):
        with pytest.raises(NotFound):
            store.join(_wrong_code(first.code), "Mallory", client_key=guesser)
    with pytest.raises(RateLimited):
        store.join(first.code, "Mallory", client_key=guesser)

    # B and C arrive through the same proxy, with the right codes, in either room.
    store.join(first.code, "Bea", client_key=seminar.client_key(None, "198.51.100.2", SAME_HOST_PROXY))
    store.join(second.code, "Cy", client_key=seminar.client_key(None, "198.51.100.3", SAME_HOST_PROXY))


def test_a_hundred_addresses_of_one_ipv6_64_share_one_allowance(
    open_test_store: StoreFactory, clock: FakeClock
) -> None:
    store = open_test_store(join_limits=JoinLimits(max_failures=10, window_seconds=900), clock=clock)
    made = make_room(store)
    refused = 0
    for i in range(100):
        try:
            store.join(_wrong_code(made.code), "Mallory", client_key=f"2001:db8:aa:bb::{i + 1:x}")
        except RateLimited:
            refused += 1
        except NotFound:
            pass
    assert refused == 90  # 10 guesses, not 1,000
    store.join(made.code, "Ana", client_key="2001:db8:aa:cc::1")  # the next /64 is someone else


# -- item 4: joins without limit; a cap; remove (remove is in test_room_api) ---------------


def test_one_client_cannot_fill_a_room(open_test_store: StoreFactory, clock: FakeClock) -> None:
    limits = JoinLimits(max_joins_per_client_per_room=60, join_window_seconds=600)
    store = open_test_store(join_limits=limits, clock=clock)
    made, other = make_room(store), make_room(store, title="Other")
    for i in range(60):
        store.join(made.code, f"Bot {i}", client_key="203.0.113.9")
    with pytest.raises(RateLimited, match="60 people have joined this room from this device") as limited:
        store.join(made.code, "Bot 60", client_key="203.0.113.9")
    assert 1 <= limited.value.retry_after_seconds <= 600

    store.join(made.code, "Ana", client_key="198.51.100.7")  # everyone else still gets in
    store.join(other.code, "Bot 60", client_key="203.0.113.9")  # and the client, elsewhere
    clock.advance(601)
    store.join(made.code, "Bot 61", client_key="203.0.113.9")


def test_the_default_cap_stops_three_hundred_and_one_joins(open_test_store: StoreFactory) -> None:
    store = open_test_store(join_limits=JoinLimits(max_joins_per_client_per_room=1_000))
    made = make_room(store)
    for i in range(300):
        store.join(made.code, f"P{i}", client_key=f"10.0.{i // 250}.{i % 250}")
    with pytest.raises(seminar.RoomFull):
        store.join(made.code, "One too many", client_key="10.9.9.9")


# -- item 6: packs stored and reloaded without upload limits; room limits match packs ------


def test_a_stored_pack_over_two_megabytes_reloads(store: seminar.RoomStore) -> None:
    bundled = schema.load_pack(seminar.DEFAULT_SQLITE_PATH.parent.parent / "options")
    padding = [
        bundled.sources[0].model_copy(update={"id": f"padding-{i}", "notes": [], "description": "d" * 19_000})
        for i in range(150)
    ]
    big = bundled.model_copy(update={"sources": [*bundled.sources, *padding]})
    text_ = big.model_dump_json()
    assert len(text_.encode()) > schema.MAX_FILE_BYTES  # too big for the single-file upload path

    ref = store.save_pack(text_)
    reloaded = store.load_pack(ref)

    assert len(reloaded.sources) == len(bundled.sources) + 150
    assert [c.id for c in reloaded.criteria] == [c.id for c in bundled.criteria]
    assert store.load_pack(ref) is reloaded  # cached by content hash
    with pytest.raises(NotFound):
        store.load_pack("ab" * 32)


def test_rooms_take_what_valid_packs_hold(store: seminar.RoomStore) -> None:
    criteria = [f"c{i}" for i in range(150)]
    lenses = [f"l{i}" for i in range(120)]
    room_id, secret, code = store.create_room("Big pack", "bundled", "wsm", False, criteria, lenses)
    store.open_round(room_id, secret, inject_title="T" * 1_200, inject_text="x" * 10_000)
    _, token = store.join(code, "Ana", role="l119")
    store.submit(token, dict.fromkeys(criteria, 1.0), round_number=1)
    view = store.participant_view(token)
    assert view.current_round is not None and len(view.current_round.inject_title) == 1_200


# -- item 12: packs have a quota -----------------------------------------------------------


def test_pack_storage_has_a_quota_and_old_unused_packs_make_way(
    open_test_store: StoreFactory, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LADDER_PACK_QUOTA_CHARS", "1000")
    store = open_test_store(clock=clock)

    def pack(n: int) -> str:
        return '{"info": "%s"}' % (str(n) * 400)  # 413 characters

    kept = store.save_pack(pack(1))
    store.create_room("Uses pack 1", kept, "wsm", False, CRITERIA)
    unused = store.save_pack(pack(2))
    before = dump(store)
    with pytest.raises(seminar.StorageFull, match="space for uploaded case packs is full"):
        store.save_pack(pack(3))  # pack 2 is too new to drop (its room may be on its way)
    assert dump(store) == before

    clock.advance(3_601)
    store.save_pack(pack(3))  # now pack 2, unused and old, makes way; pack 1 is in use
    assert store.load_pack_json(kept) == pack(1)
    with pytest.raises(NotFound):
        store.load_pack_json(unused)
    assert count_rows(store, "packs") == 2


# -- item 12: a number beyond any float -----------------------------------------------------


@pytest.mark.parametrize("huge", [10**400, -(10**400)])
def test_a_number_beyond_any_float_is_invalid_input(store: seminar.RoomStore, room: Room, huge: int) -> None:
    _, ana = store.join(room.code, "Ana")
    before = dump(store)
    with pytest.raises(InvalidInput, match="weights.cost: the number is too large"):
        store.submit(ana, {**WEIGHTS, "cost": huge}, round_number=1)
    assert dump(store) == before


# -- item 9: look-alike and invisible names ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Ana\u200b", "invisible character U\\+200B \\(ZERO WIDTH SPACE\\)"),
        ("\u3164", "invisible character U\\+3164 \\(HANGUL FILLER\\)"),
        ("A\u00adna", "invisible character U\\+00AD"),
        ("Ana\ufe0f", "invisible character U\\+FE0F"),
        ("\u2800\u2800", "invisible character U\\+2800"),
        ("...", "use at least one letter or digit"),
    ],
)
def test_invisible_names_are_refused(store: seminar.RoomStore, room: Room, name: str, message: str) -> None:
    before = dump(store)
    with pytest.raises(InvalidInput, match=message):
        store.join(room.code, name)
    assert dump(store) == before


@pytest.mark.parametrize("look_alike", ["ana", "ANA", "\u0410na", "An\u0430", "\uff21\uff4e\uff41", "Aná", "  Ana  "])
def test_a_look_alike_of_a_taken_name_is_refused(store: seminar.RoomStore, room: Room, look_alike: str) -> None:
    store.join(room.code, "Ana")
    with pytest.raises(InvalidInput, match="looks the same as a name that is"):
        store.join(room.code, look_alike)


def test_names_are_stored_in_one_normal_form(store: seminar.RoomStore, room: Room) -> None:
    _, token = store.join(room.code, "\uff2a\uff4f  Smith")  # full-width letters, two spaces
    assert store.participant_view(token).participant.display_name == "Jo Smith"
    store.join(room.code, "Bill")
    with pytest.raises(InvalidInput, match="looks the same"):
        store.join(room.code, "BiII")  # capital i's for l's
    store.join(room.code, "Zoë")  # ordinary accented names are fine


# -- item 11: a missing SQLite file is noticed, never recreated silently ---------------------


def test_a_database_deleted_under_a_running_server_acknowledges_nothing_more(tmp_path: Path) -> None:
    database = tmp_path / "rooms.sqlite3"
    store = seminar.open_store(f"sqlite:///{database}", aggregate=mean_of_normalised)
    try:
        made = make_room(store)
        store.open_round(made.id, made.secret)
        _, ana = store.join(made.code, "Ana")
        store.submit(ana, WEIGHTS, round_number=1)
        database.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)

        for attempt in range(3):
            with pytest.raises(seminar.DatabaseMissing, match="deleted or replaced while the app was running") as missing:
                store.submit(ana, WEIGHTS, round_number=1)
            assert "restore the file from a backup" in str(missing.value), attempt
        with pytest.raises(seminar.DatabaseMissing):
            store.participant_view(ana)
        assert isinstance(missing.value, seminar.StoreUnavailable) and isinstance(missing.value, seminar.RoomError)
        assert not database.exists()  # not recreated by a pooled or new connection
    finally:
        store.close()


def test_a_missing_database_is_not_recreated_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(seminar.CREATE_ENV_VAR, raising=False)
    database = tmp_path / "data" / "ladder.sqlite3"
    url = f"sqlite:///{database}"
    with seminar.open_store(url) as first:  # first start: created
        make_room(first)
    database.unlink()

    with pytest.raises(seminar.DatabaseMissing) as missing:
        seminar.open_store(url)
    assert str(database) in str(missing.value) and "restore the file from a backup" in str(missing.value)
    assert "LADDER_CREATE_DATABASE=1" in missing.value.how_to_restore
    assert not database.exists()

    with pytest.raises(seminar.DatabaseMissing):
        seminar.open_store(f"sqlite:///{tmp_path / 'never.sqlite3'}", create=False)

    monkeypatch.setenv(seminar.CREATE_ENV_VAR, "1")  # the explicit way to start over
    with seminar.open_store(url) as fresh:
        assert count_rows(fresh, "rooms") == 0
    monkeypatch.delenv(seminar.CREATE_ENV_VAR)
    database.unlink()
    with seminar.open_store(url, create=True) as fresh:
        assert count_rows(fresh, "rooms") == 0


# -- item 7: database faults are typed, friendly and retry-safe -------------------------------


def _assert_friendly(error: BaseException) -> None:
    message = str(error)
    assert "not answering just now" in message or "cannot be reached" in message
    for leak in ("SELECT", "INSERT", "psycopg", "sqlite3", "socket", ".s.PGSQL", "OperationalError", "Traceback"):
        assert leak not in message
    assert error.__cause__ is None and error.__suppress_context__


def test_postgresql_down_is_a_friendly_error_and_retrying_works_once_it_is_back() -> None:
    with running_cluster() as cluster:
        url = cluster.create_database()
        store = seminar.open_store(url, aggregate=mean_of_normalised, pool_timeout=2)
        try:
            made = make_room(store)
            store.open_round(made.id, made.secret)
            _, ana = store.join(made.code, "Ana")
            cluster._run(str(cluster.bindir / "pg_ctl"), "-D", str(cluster.data_dir), "-m", "fast", "-w", "stop")

            with pytest.raises(seminar.StoreUnavailable) as down:
                store.submit(ana, WEIGHTS, round_number=1)
            _assert_friendly(down.value)
            with pytest.raises(seminar.StoreUnavailable) as down_view:
                store.participant_view(ana)
            _assert_friendly(down_view.value)
            with pytest.raises(seminar.StoreUnavailable) as at_start:
                seminar.open_store(url)
            _assert_friendly(at_start.value)

            cluster._run(
                str(cluster.bindir / "pg_ctl"), "-D", str(cluster.data_dir), "-l", str(cluster.log_file), "-w",
                "-o", f"-p {cluster.port} -k {cluster.socket_dir} -c listen_addresses=''", "start",
            )
            assert store.submit(ana, WEIGHTS, round_number=1) == 1  # the same call, retried
            assert store.participant_view(ana).own_submission is not None
        finally:
            store.close()


def test_a_corrupt_sqlite_file_is_a_friendly_error(tmp_path: Path) -> None:
    database = tmp_path / "rooms.sqlite3"
    store = seminar.open_store(f"sqlite:///{database}", aggregate=mean_of_normalised)
    try:
        made = make_room(store)
        store.open_round(made.id, made.secret)
        _, ana = store.join(made.code, "Ana")
        store.engine.dispose()
        with open(database, "r+b") as handle:  # overwrite everything after the header page
            handle.seek(100)
            handle.write(os.urandom(database.stat().st_size - 100))
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        with pytest.raises(seminar.StoreUnavailable) as broken:
            store.participant_view(ana)
        _assert_friendly(broken.value)
    finally:
        store.close()


def test_an_exhausted_pool_is_a_friendly_error(database_url: str) -> None:
    with seminar.open_store(database_url, pool_size=1, max_overflow=0, pool_timeout=0.2) as store:
        made = make_room(store)
        held = store.engine.connect()
        try:
            held.execute(text("SELECT 1"))
            with pytest.raises(seminar.StoreUnavailable) as busy:
                store.facilitator_view(made.id, made.secret)
            _assert_friendly(busy.value)
        finally:
            held.close()
        assert store.facilitator_view(made.id, made.secret).room.id == made.id


def test_the_pool_is_sized_for_a_lecture_hall_and_configurable(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with seminar.open_store(database_url) as store:
        assert (store.engine.pool.size(), store.engine.pool._max_overflow) == (20, 20)  # type: ignore[attr-defined]
    monkeypatch.setenv("LADDER_DB_POOL_SIZE", "7")
    monkeypatch.setenv("LADDER_DB_MAX_OVERFLOW", "3")
    with seminar.open_store(database_url) as store:
        assert (store.engine.pool.size(), store.engine.pool._max_overflow) == (7, 3)  # type: ignore[attr-defined]
    monkeypatch.setenv("LADDER_DB_POOL_SIZE", "many")
    with pytest.raises(ValueError, match="LADDER_DB_POOL_SIZE='many' is not a number"):
        seminar.open_store(database_url)


def test_a_database_file_gone_under_a_running_server_is_said_in_its_log_once_with_how_to_restore(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Exploratory test, 2026-11-29: the file moved away twice during a seminar and the server's log said nothing,
    while every page told people to ask the person running the server (README: "the cause goes to the log")."""
    database = tmp_path / "rooms.sqlite3"
    away = tmp_path / "away"
    away.mkdir()
    store = seminar.open_store(f"sqlite:///{database}", aggregate=mean_of_normalised)

    def move(src: Path, dst: Path) -> None:
        for f in [p for p in src.iterdir() if p.name.startswith("rooms.sqlite3")]:
            f.rename(dst / f.name)

    try:
        made = make_room(store)
        _, ana = store.join(made.code, "Ana")
        for outage in (1, 2):
            caplog.clear()
            move(tmp_path, away)
            for _poll in range(5):  # the pages keep asking while it is away
                with pytest.raises(seminar.DatabaseMissing):
                    store.participant_view(ana)
            said = [r for r in caplog.records if r.levelname == "ERROR" and str(database) in r.getMessage()]
            assert len(said) == 1, (outage, [r.getMessage() for r in caplog.records])
            assert "restore the file from a backup" in said[0].getMessage()
            move(away, tmp_path)
            assert store.participant_view(ana).participant.display_name == "Ana"  # back: it answers again
    finally:
        store.close()


def test_an_outage_is_logged_once_and_its_end_too_not_once_per_poll(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """An exploratory seminar of 2026-11-29: an 87 s outage with 7 pages open wrote 5,788 "rooms database fault"
    errors to the server's log (every poll of every page); the operator needs the first, a reminder now and then,
    and the end."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    store = seminar.open_store(f"sqlite:///{tmp_path / 'rooms.sqlite3'}", aggregate=mean_of_normalised)
    try:
        made = make_room(store)
        store.open_round(made.id, made.secret)
        _, ana = store.join(made.code, "Ana")
        real = Session.execute

        def down(*_args, **_kwargs):
            raise OperationalError("SELECT", {}, Exception("disk I/O error"))

        monkeypatch.setattr(Session, "execute", down)
        caplog.clear()
        for _ in range(200):
            with pytest.raises(seminar.StoreUnavailable):
                store.participant_view(ana)
        faults = [r for r in caplog.records if "rooms database fault" in r.getMessage()]
        assert len(faults) == 1, len(faults)
        monkeypatch.setattr(Session, "execute", real)
        store.participant_view(ana)
        back = [r.getMessage() for r in caplog.records if "answers again" in r.getMessage()]
        assert len(back) == 1 and "200 faults" in back[0], back
        store.participant_view(ana)
        assert len([r for r in caplog.records if "answers again" in r.getMessage()]) == 1
    finally:
        store.close()
