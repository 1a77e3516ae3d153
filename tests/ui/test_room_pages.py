"""Room pages with AppTest, on a real SQLite file: create, join, submit, refuse bad input."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import engine
import seminar
from schema import BUNDLED_PACK, load_pack
from tests._deps import REPO
from tests.ui._apptest import open_page
from ui import room_report, rooms

PACK = load_pack(BUNDLED_PACK)
CRITERIA = [c.id for c in PACK.criteria]


@pytest.fixture()
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    monkeypatch.setenv("LADDER_DATABASE_URL", url)
    rooms.store.clear()
    yield url
    rooms.store.clear()


def page(name: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page(f"ui/app_pages/{name}.py")
    at.run()
    return at


def reloaded(token: str) -> AppTest:
    """The participant's page in a new browser session (a reload): only their token carried over."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    at.session_state["participant_token"] = token
    at.switch_page("ui/app_pages/room_join.py")
    at.run()
    return at


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown).replace("\\", "")


def test_facilitator_creates_a_room_and_sees_its_code(db_url: str) -> None:
    at = page("room_facilitator")
    at.text_input(key="new_room_title").input("Tuesday seminar")
    next(b for b in at.button if b.label == "Create room").click().run()
    assert not at.exception
    code = at.metric[0].value
    assert len(code) == 9 and code[4] == "-"
    store = seminar.open_store(db_url)
    _, token = store.join(code, "Ana")
    assert store.participant_view(token).room.title == "Tuesday seminar"


def test_participant_joins_submits_and_is_refused_with_a_wrong_code(db_url: str) -> None:
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA)
    store.open_round(room_id, secret, inject_title="First event")

    wrong = page("room_join")
    wrong.text_input(key="join_code").input("ZZZZ-ZZZZ")
    wrong.text_input(key="join_name").input("Ben")
    next(b for b in wrong.button if b.label == "Join").click().run()
    assert wrong.error and "code" in wrong.error[0].value.lower()

    at = page("room_join", {"code": code})
    assert at.text_input(key="join_code").value == code
    at.text_input(key="join_name").input("Ana <b>")
    next(b for b in at.button if b.label == "Join").click().run()
    assert not at.exception
    assert "you are **Ana &lt;b&gt;**" in text(at)  # the name is escaped: it shows as typed, never as HTML
    assert "Round 1 (open): First event" in [s.value for s in at.subheader]
    at.slider(key=f"w_{CRITERIA[0]}").set_value(100)
    next(b for b in at.button if b.label == "Submit my weights").click().run()
    assert re.search(r"Round 1: submitted at \d\d:\d\d UTC \(revision 1\)", at.success[0].value)
    view = store.facilitator_view(room_id, secret)
    (sub,) = view.latest_submissions
    assert sub.display_name == "Ana <b>" and sub.weights[CRITERIA[0]] == 100


def test_a_wrong_facilitator_key_is_refused_and_a_right_one_resumes_the_room(db_url: str) -> None:
    store = seminar.open_store(db_url)
    room_id, secret, _code = store.create_room("Resumable room", "bundled", "wsm", False, CRITERIA)
    at = page("room_facilitator")
    at.text_input(key="resume_room").input(str(room_id))
    at.text_input(key="resume_key").input("not-the-secret")
    next(b for b in at.button if b.label == "Resume room").click().run()
    assert any("do not match a room" in e.value for e in at.error)
    assert "Create room" in [b.label for b in at.button]  # nothing of the room is shown
    at.text_input(key="resume_key").input(secret)
    next(b for b in at.button if b.label == "Resume room").click().run()
    assert not at.exception
    assert "Resumable room" in [s.value for s in at.subheader]

def _played_room(store: seminar.RoomStore, title: str, inject_title: str, inject_text: str,
                 name: str = "Ana") -> tuple[int, str]:
    """A room with a plain round 1 and a typed inject in round 2, one participant submitting in both."""
    room_id, secret, code = store.create_room(title, "bundled", "wsm", False, CRITERIA)
    _, token = store.join(code, name)
    store.open_round(room_id, secret)
    store.submit(token, {c: (100 if c == CRITERIA[0] else 10) for c in CRITERIA})
    store.open_round(room_id, secret, inject_title=inject_title, inject_text=inject_text)
    store.submit(token, {c: (100 if c == CRITERIA[3] else 10) for c in CRITERIA})
    return room_id, secret


def test_a_typed_inject_like_3rd_wave_does_not_break_the_report(db_url: str) -> None:
    """Issue 12 item 5: the HTML report parsed Markdown by hand and crashed on "3rd. wave"."""
    store = seminar.open_store(db_url)
    room_id, secret = _played_room(store, "Room", "3rd. wave", "3rd. wave of drones\n12. more")
    at = open_page("room_facilitator", facilitating=(room_id, secret))
    assert not at.exception, [e.value for e in at.exception]
    next(b for b in at.button if b.label == "Build the report now").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "After-action report (HTML)" in [b.proto.label for b in at.get("download_button")]
    # What the buttons download (built on click): both reports name the inject as typed.
    view = store.facilitator_view(room_id, secret)
    analyse = (lambda rnd: rooms.analyse_weights(PACK, tuple(rnd.contexts), "wsm",
                                                 store.round_weights(room_id, rnd.number)))
    history = store.history(room_id, secret)
    page_html = html.unescape(room_report.after_action_html(PACK, view, history, analyse, False))
    assert "<h2>Round 2: 3rd. wave</h2>" in page_html and "What round 2 (3rd. wave) changed" in page_html
    assert "3rd. wave of drones\n12. more" in page_html
    markdown = room_report.after_action_markdown(PACK, view, history, analyse, False)
    assert "## Round 2: 3rd. wave" in markdown  # as typed: mid-line, "3rd." makes no list
    assert "12\\. more" in markdown  # at a line's start it would: escaped


def test_the_markdown_report_shows_user_text_as_text(db_url: str) -> None:
    """Issue 12 item 8: the Markdown download let <img onerror>, <iframe> and javascript: links through."""
    store = seminar.open_store(db_url)
    hostile = "<img src=x onerror=alert(1)> [click](javascript:alert(2)) <iframe src=//evil>"
    room_id, secret = _played_room(store, hostile, hostile, hostile, name="Ana <b>x</b>")
    view = store.facilitator_view(room_id, secret)
    analyse = (lambda rnd: rooms.analyse_round(
        "bundled", PACK, tuple(rnd.contexts), "wsm", store.round_weights(room_id, rnd.number)))
    report = room_report.after_action_markdown(PACK, view, store.history(room_id, secret), analyse, False)
    for raw in ("<img", "<iframe", "](javascript:", "<b>"):  # each escaped: "\<img" is text, "<img" is HTML
        assert not re.search(r"(?<!\\)" + re.escape(raw), report), raw
    # Exploratory test, 2026-11-29: read as plain text the title came out as "&lt;b&gt;Seminar&lt;/b&gt;": the
    # report escapes as little as keeps it text ("\<b\>", not an HTML entity; "U.S." as written).
    assert "&lt;" not in report and "U\\.S\\." not in report and "Ana \\<b\\>x\\</b\\>" in report


def _joined(store: seminar.RoomStore, title: str = "Room") -> tuple[int, str, str, AppTest]:
    """A room with round 1 open and a participant (Ana) who joined through the page."""
    room_id, secret, code = store.create_room(title, "bundled", "wsm", False, CRITERIA)
    store.open_round(room_id, secret, inject_title="First event")
    at = page("room_join", {"code": code})
    at.text_input(key="join_name").input("Ana")
    next(b for b in at.button if b.label == "Join").click().run()
    assert not at.exception
    return room_id, secret, code, at


def test_a_submit_that_meets_a_store_fault_says_so_kindly_and_keeps_the_button(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12 item 7: the raw database error reached the participant and Submit was gone until a reload."""
    from sqlalchemy.exc import OperationalError

    store = seminar.open_store(db_url)
    _room_id, _secret, _code, at = _joined(store)

    def down(*_args, **_kwargs):
        raise OperationalError("INSERT INTO submissions", {}, Exception(
            'connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed'))

    monkeypatch.setattr(seminar.RoomStore, "submit", down)
    next(b for b in at.button if b.label == "Submit my weights").click().run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "not saved" in shown and "Submit again" in shown
    assert "socket" not in shown and "INSERT" not in shown
    assert "Submit my weights" in [b.label for b in at.button]  # the button is still there
    monkeypatch.undo()
    next(b for b in at.button if b.label == "Submit my weights").click().run()
    assert re.search(r"Round 1: submitted at \d\d:\d\d UTC \(revision 1\)", " ".join(s.value for s in at.success))


def test_a_room_title_is_shown_as_text_when_joining_is_refused(db_url: str) -> None:
    """Issue 12 item 8: a title like ![](http://…) in the locked/closed message made browsers fetch it."""
    store = seminar.open_store(db_url)
    title = "![](http://203.0.113.9/pixel.png)"
    room_id, secret, code = store.create_room(title, "bundled", "wsm", False, CRITERIA)
    store.lock_room(room_id, secret)
    at = page("room_join", {"code": code})
    at.text_input(key="join_name").input("Ana")
    next(b for b in at.button if b.label == "Join").click().run()
    assert at.error, "joining a locked room must be refused with a message"
    assert "![](" not in at.error[0].value and "](http" not in at.error[0].value


def test_every_state_message_appears_when_it_should(db_url: str) -> None:
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("States", "bundled", "wsm", False, CRITERIA)
    at = page("room_join", {"code": code})
    at.text_input(key="join_name").input("Ana")
    next(b for b in at.button if b.label == "Join").click().run()

    def said() -> str:
        return " ".join(e.value for e in [*at.info, *at.success, *at.warning, *at.caption])

    assert "Waiting for the facilitator to open the first round." in said()
    assert next(b for b in at.button if b.label == "Submit my weights").disabled
    store.open_round(room_id, secret, inject_title="First event")
    at.run()
    assert "Round 1 is open: set your weights below and submit." in said()
    next(b for b in at.button if b.label == "Submit my weights").click().run()
    assert re.search(r"Round 1: submitted at \d\d:\d\d UTC", said())
    store.close_round(room_id, secret)
    at.run()
    assert "Round 1 is closed. Wait for the facilitator to open the next round." in said()
    assert next(b for b in at.button if b.label == "Submit my weights").disabled
    store.open_round(room_id, secret, inject_title="Second event")
    at.run()
    assert "Round 2 is open" in said() and "Round 1: submitted" not in said()  # no stale acknowledgement
    store.lock_room(room_id, secret)
    at.run()
    assert "The room is locked: no one new can join." in said()
    store.close_room(room_id, secret)
    at.run()
    assert "The facilitator has closed this room" in said()
    assert "Submit my weights" not in [b.label for b in at.button]


def _everything(at: AppTest) -> str:
    """Every text the page shows (markdown, captions, alerts, headings, HTML blocks)."""
    parts = [e.value for e in [*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.subheader]]
    parts += [str(e.proto) for e in at.get("html")]
    return "\n".join(parts).replace("\\", "")


def test_the_projector_shows_the_room_and_anonymous_reasons_but_no_name_or_secret(db_url: str) -> None:
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Projected room", "bundled", "wsm", False, CRITERIA)
    screen_token = store.create_screen_token(room_id, secret)
    tokens = {}
    for name, top, reason in (("Ana", 0, "Fentanyl first"), ("Ben", 5, "Civilians first")):
        _, tokens[name] = store.join(code, name)
    store.open_round(room_id, secret, inject_title="First event")
    for name, top, reason in (("Ana", 0, "Fentanyl first"), ("Ben", 5, "Civilians first")):
        store.submit(tokens[name], {c: (100 if c == CRITERIA[top] else 10) for c in CRITERIA},
                     round_number=1, reason=reason)

    at = page("room_screen", {"s": screen_token})
    assert not at.exception
    shown = _everything(at)
    assert seminar.format_join_code(code) in shown and "Round 1 (open): First event" in shown
    assert "Joined: <b>2</b>" in shown and "Submitted this round: <b>2</b>" in shown
    assert "appear here when the facilitator reveals them" in shown and "Fentanyl first" not in shown

    store.set_revealed(room_id, secret, True)
    at.run()
    shown = _everything(at)
    assert "“Fentanyl first”" in shown and "“Civilians first”" in shown and "Group ranking" in shown
    for private in (secret, *tokens.values(), "Ana", "Ben"):
        assert private not in shown

    store.create_screen_token(room_id, secret)  # rotated: the old link stops working
    at.run()
    assert any("no longer valid" in e.value for e in at.error)


def test_the_projector_without_a_link_says_where_to_get_one(db_url: str) -> None:
    at = page("room_screen")
    assert not at.exception
    assert any("projector link from the facilitator's dashboard" in i.value for i in at.info)


def test_a_submission_for_a_round_that_has_moved_on_is_refused_and_the_new_round_shown(db_url: str) -> None:
    """Issue 12 item 10: weights chosen under round 1's inject were stored as round 2."""
    store = seminar.open_store(db_url)
    room_id, secret, _code, at = _joined(store)
    store.open_round(room_id, secret, inject_title="Second event")  # while Ana's page still shows round 1
    next(b for b in at.button if b.label == "Submit my weights").click().run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    assert "Round 1 has closed and round 2 is open now" in shown
    assert "Round 2 (open): Second event" in [s.value for s in at.subheader]
    assert store.facilitator_view(room_id, secret).latest_submissions == ()


def test_values_or_facts_tells_a_disagreement_about_facts_from_one_about_values() -> None:
    """Issue 13 item 6, on the mini pack: optimists put beta first at equal weights, sceptics alpha."""
    mini = load_pack(REPO / "tests" / "schema" / "mini")
    even = {"benefit_one": 1.0, "civilian_harm": 1.0}

    facts = rooms.values_facts(mini, (), "wsm", [(even, "optimists"), (even, "sceptics")])
    assert (facts.submitted, facts.same_facts, facts.same_values) == (0.0, 1.0, 0.0)
    assert "more about facts" in facts.sentences()[-1]
    assert list(facts.side_by_side.columns) == ["Editors' scores", *[a.name for a in mini.assessments]]
    assert facts.side_by_side.loc["Beta", "As the bold reader assesses them"] == 1

    values = rooms.values_facts(mini, (), "wsm", [({"benefit_one": 1.0, "civilian_harm": 0.2}, None),
                                                  ({"benefit_one": 0.2, "civilian_harm": 1.0}, None)])
    assert (values.submitted, values.same_facts, values.same_values) == (0.0, 0.0, 1.0)
    assert "more about values" in values.sentences()[-1]
    without = mini.model_copy(update={"assessments": []})
    assert rooms.values_facts(without, (), "wsm", [(even, None)]) is None  # a pack without assessments


def test_a_typed_code_offers_the_roles_of_the_rooms_own_pack(db_url: str) -> None:
    """Issue 13: a room on an uploaded pack lists that pack's roles, also when the code is typed."""
    mini = load_pack(REPO / "tests" / "schema" / "mini")
    store = seminar.open_store(db_url)
    ref = store.save_pack(mini.model_dump_json())
    room_id, secret, code = store.create_room("Mini room", ref, "wsm", False, [c.id for c in mini.criteria],
                                              [lens.id for lens in mini.lenses])
    at = page("room_join")
    at.text_input(key="join_code").input(code.lower()).run()
    assert not at.exception
    (role,) = [s for s in at.selectbox if s.key == "join_role"]
    assert set(role.options) == {f"{lens.name} ({lens.actor})" for lens in mini.lenses}
    assert not any(lens.name in role.options for lens in PACK.lenses)
    assert any("Mini room" in c.value for c in at.caption)


def test_values_or_facts_says_when_neither_divides_the_room() -> None:
    """Seen in a played room: W 0.99 and 1.00 read 'Values and facts divide the room about equally'."""
    agree = rooms.ValuesFacts(submitted=0.99, same_facts=0.99, same_values=1.0, side_by_side=pd.DataFrame())
    assert agree.sentences()[-1].startswith("The room largely agrees: neither values nor facts divide it much")
    split = rooms.ValuesFacts(submitted=0.4, same_facts=0.5, same_values=0.52, side_by_side=pd.DataFrame())
    assert split.sentences()[-1] == "Values and facts divide the room about equally."


def test_a_flip_within_rounding_of_the_weight_is_called_a_knife_edge() -> None:
    """Seen in a played room: "... if the weight on X fell from 0.08 to below 0.08"."""
    import engine

    matrix = engine.matrix_from_arrays([[5, 1], [1, 4.98]], option_names=["Alpha", "Beta"],
                                       criterion_names=["One", "Two"], criterion_ids=["c1", "c2"],
                                       scale_min=[1, 1], scale_max=[5, 5])
    flips = rooms._meaningful_flips(matrix, {"c1": 0.5, "c2": 0.5}, "wsm")
    assert flips, "the top option can be overtaken"
    assert "A knife-edge: Beta would overtake Alpha if the weight on Two rose from 0.500 to above 0.501" in flips
    assert all(f.startswith("A knife-edge: ") for f in flips)
    assert not any(re.search(r"from (\d\.\d\d) to (above|below) \1\b", f) for f in flips)


def test_participants_are_asked_the_same_swing_question_as_weigh_and_rank(db_url: str) -> None:
    """Seen in a played room: participants' sliders said '(↓ less is better)', not the swing question."""
    store = seminar.open_store(db_url)
    _room_id, _secret, _code, at = _joined(store, "Swing")
    first = PACK.criteria[0]
    slider = at.slider(key=f"w_{first.id}")
    assert slider.label == f"{first.name}: worst to best"
    captions = [c.value for c in at.caption]
    assert any(c.startswith("From “") for c in captions), captions
    assert not any("less is better" in m.value or "more is better" in m.value for m in at.markdown)


def _resume(room_id: int, secret: str) -> AppTest:
    at = page("room_facilitator")
    at.text_input(key="resume_room").input(str(room_id))
    at.text_input(key="resume_key").input(secret)
    next(b for b in at.button if b.label == "Resume room").click().run()
    return at


def test_a_second_confirm_to_open_the_same_round_opens_nothing_more(db_url: str) -> None:
    """The confirm says "Close round 1 and open round 2"; pressed in two tabs (or delivered twice), round 2 opens once."""
    store = seminar.open_store(db_url)
    room_id, secret, _code = store.create_room("Double open", "bundled", "wsm", False, CRITERIA)
    store.open_round(room_id, secret)
    tabs = [_resume(room_id, secret), _resume(room_id, secret)]
    for at in tabs:
        next(b for b in at.button if b.label == "Open next round").click().run()
    for at in tabs:
        next(b for b in at.button if b.label == "Close round 1 and open round 2").click().run()
        assert not at.exception
    assert store.facilitator_view(room_id, secret).current_round.number == 2
    assert any("round 2 is already open" in e.value.lower() for e in tabs[1].error)
    assert "Round 2 (open): no inject" in [s.value for s in tabs[1].subheader]


def test_a_large_room_polls_less_often_so_the_server_keeps_up() -> None:
    assert rooms.participant_poll_seconds(30) == rooms.participant_poll_seconds(120) == 3
    assert rooms.participant_poll_seconds(300) == 7.5
    assert rooms.participant_poll_seconds(5000) == 8


def test_a_large_rooms_dashboard_counts_and_names_only_those_still_to_submit(db_url: str) -> None:
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Hall", "bundled", "wsm", False, CRITERIA)
    store.set_participant_cap(room_id, secret, 100)
    store.open_round(room_id, secret)
    tokens = [store.join(code, f"Student {i:02d}", client_key=f"10.1.{i}.1")[1] for i in range(45)]
    for token in tokens[:3]:
        store.submit(token, {c: 50 for c in CRITERIA})
    at = _resume(room_id, secret)

    def counts() -> str:
        return next(m.value for m in at.markdown if m.value.startswith("**Submitted"))

    assert counts().startswith("**Submitted 3 of 45**") and "42 still to submit" in counts()
    assert "Student" not in counts()  # 42 names would be a wall of text on the dashboard
    for token in tokens[3:40]:
        store.submit(token, {c: 50 for c in CRITERIA})
    at.run()
    assert counts() == ("**Submitted 40 of 45**  \nStill to submit: Student 40, Student 41, Student 42, "
                        "Student 43, Student 44")


def test_an_inject_puts_its_conditions_in_force_and_the_next_round_starts_without_an_inject(db_url: str) -> None:
    """Choosing an inject switches its conditions on; the facilitator can take one off or add one; the round
    opens with what the box shows; the next round starts with no inject and the same conditions in force, and
    a second inject adds its own to them (an exploratory test found them replaced: "Mexico refuses consent"
    dropped silently when a later inject switched on another condition)."""
    store = seminar.open_store(db_url)
    room_id, secret, _code = store.create_room("Injects", "bundled", "wsm", False, CRITERIA)
    at = _resume(room_id, secret)
    first, second = [i for i in PACK.injects if i.contexts][:2]
    extra = next(c.id for c in PACK.contexts if c.id not in first.contexts and c.id not in second.contexts)
    at.selectbox(key="round_inject").select(first.id).run()
    assert at.multiselect(key="round_contexts").value == list(first.contexts)
    at.multiselect(key="round_contexts").select(extra).run()
    next(b for b in at.button if b.label == "Open next round").click().run()
    assert not at.exception
    opened = store.facilitator_view(room_id, secret).current_round
    assert (opened.number, opened.inject_title, list(opened.contexts)) == (1, first.title, [*first.contexts, extra])
    assert at.selectbox(key="round_inject").value is None
    assert at.multiselect(key="round_contexts").value == [*first.contexts, extra]
    at.selectbox(key="round_inject").select(second.id).run()
    in_force = [*first.contexts, extra]
    assert at.multiselect(key="round_contexts").value == in_force + [c for c in second.contexts if c not in in_force]
    at.selectbox(key="round_inject").select(first.id).run()  # another choice starts again from what is in force
    assert at.multiselect(key="round_contexts").value == in_force


def test_one_submission_is_counted_in_the_singular_and_agreement_waits_for_a_second(db_url: str) -> None:
    """An exploratory test of 2026-11-29: "Group result (1 submissions)" on the participant's page, "Group ranking
    (1 submissions)" on the projector, and "(only values differ): —." where a number belongs."""
    store = seminar.open_store(db_url)
    room_id, secret, _code, at = _joined(store, "Alone")
    screen_token = store.create_screen_token(room_id, secret)
    next(b for b in at.button if b.label == "Submit my weights").click().run()
    store.set_revealed(room_id, secret, True)
    at.run()
    assert "Group result (1 submission)" in text(at), text(at)
    screen = page("room_screen", {"s": screen_token})
    shown = _everything(screen)
    assert "(1 submission" in shown and "1 submissions" not in shown
    assert "—." not in shown
    assert "Values or facts?" not in shown  # the projector gives the verdict once two have submitted
    alone = rooms.values_facts(PACK, (), "wsm", [({c: 1.0 for c in CRITERIA}, None)])
    assert "(only values differ): not yet (it needs two submissions)." in alone.sentences()[1]


def test_the_report_names_every_criterion_that_moved_as_much_as_those_it_names() -> None:
    """An exploratory test of 2026-11-29: "the group raised Fentanyl-flow disruption by 0.01; raised Migration control
    by 0.01; raised Cartel deterrence by 0.01", while three more criteria rose by as much and went unnamed."""
    from datetime import datetime, timezone

    from ui import room_report

    now = datetime.now(timezone.utc)
    r1 = seminar.RoundInfo(1, "", "", "", (), now, now)
    r2 = seminar.RoundInfo(2, "", "", "", (), now, None)
    before = rooms.analyse_weights(PACK, (), "wsm", [{c: 50.0 for c in CRITERIA}])

    def weights_line(weights: dict[str, float]) -> str:
        after = rooms.analyse_weights(PACK, (), "wsm", [weights])
        return next(line for line in room_report._changes(PACK, "wsm", r1, before, r2, after)
                    if line.startswith("Weights"))

    # Six raised to 60: normalised, all twelve move by 0.0076 (six up, six down): all are named.
    line = weights_line({c: (60.0 if c in CRITERIA[:6] else 50.0) for c in CRITERIA})
    assert all(PACK.criterion(c).name in line for c in CRITERIA), line
    assert line.count("raised") == 6 and line.count("lowered") == 6, line
    # Three to 80, three to 60: those three move most (0.03); six others move 0.01; the rest under 0.005.
    line = weights_line({c: 80.0 if c in CRITERIA[:3] else 60.0 if c in CRITERIA[3:6] else 50.0 for c in CRITERIA})
    assert all(PACK.criterion(c).name in line for c in CRITERIA[:3]), line
    assert not any(PACK.criterion(c).name in line for c in CRITERIA[3:]), line
    assert "6 other criteria moved less" in line, line


def test_a_participants_weights_and_reason_survive_a_database_outage(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exploratory test, 2026-11-29: a slider touched while the database was away replaced the page with the
    fault message, and when the database came back every slider read 0 and the reason box was empty."""
    from sqlalchemy.exc import OperationalError

    store = seminar.open_store(db_url)
    _room_id, _secret, _code, at = _joined(store)
    at.slider(key="w_fentanyl_flow").set_value(30)
    at.slider(key="w_migration_control").set_value(90)
    at.text_area(key="pw_reason").input("A careful reason typed before the outage").run()

    def away(*_args, **_kwargs):
        raise OperationalError("SELECT rooms", {}, Exception("unable to open database file"))

    for call in ("participant_view", "facilitator_view", "room_pulse"):  # the whole store is away
        monkeypatch.setattr(seminar.RoomStore, call, away)
    at.slider(key="w_cartel_deterrence").set_value(70).run()  # the touch that meets the outage
    assert not at.exception
    assert rooms.FAULT_MESSAGE in " ".join(w.value for w in at.warning)
    monkeypatch.undo()
    at.run()  # the page's own retry once the database answers
    assert not at.exception
    assert at.slider(key="w_fentanyl_flow").value == 30
    assert at.slider(key="w_migration_control").value == 90
    assert at.slider(key="w_cartel_deterrence").value == 70
    assert at.text_area(key="pw_reason").value == "A careful reason typed before the outage"


def test_a_reload_brings_back_the_reason_with_the_weights_so_a_revision_keeps_it(db_url: str) -> None:
    """Exploratory test, 2026-11-29: after a reload the weights came back but the reason box was empty, and the
    next revision erased the reason from the room's screen."""
    store = seminar.open_store(db_url)
    room_id, _secret, _code, at = _joined(store)
    at.slider(key="w_fentanyl_flow").set_value(80)
    at.text_area(key="pw_reason").input("Stopping fentanyl is what matters.").run()
    next(b for b in at.button if b.label == "Submit my weights").click().run()
    token = at.session_state["participant_token"]

    again = reloaded(token)  # a new browser session of the same participant: the reload
    assert not again.exception
    assert again.slider(key="w_fentanyl_flow").value == 80
    assert again.text_area(key="pw_reason").value == "Stopping fentanyl is what matters."
    again.slider(key="w_fentanyl_flow").set_value(60)
    next(b for b in again.button if b.label == "Submit my weights").click().run()
    latest = store.participant_view(token).own_submission
    assert latest.revision == 2 and latest.reason == "Stopping fentanyl is what matters."


def test_a_wrong_code_counts_once_against_the_join_limit_not_twice(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exploratory test, 2026-11-29: typing a wrong code (Enter) and pressing Join counted two wrong guesses, so
    the limit of 10 wrong codes locked this network out after 5, for about a quarter of an hour."""
    monkeypatch.setattr(seminar, "client_key", lambda *_args: "ip:192.0.2.7")  # one device (AppTest has no address)
    store = seminar.open_store(db_url)
    _room_id, _secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA)
    at = page("room_join")
    for k in range(9):  # nine typos, each typed, entered and then sent with Join
        at.text_input(key="join_code").input(f"ZZZZ-ZZZ{'ABCDEFGHJ'[k]}").run()
        at.text_input(key="join_name").input("Ben")
        next(b for b in at.button if b.label == "Join").click().run()
        assert "no room has the code" in at.error[0].value.lower(), at.error[0].value
    at.text_input(key="join_code").input(code).run()
    next(b for b in at.button if b.label == "Join").click().run()
    assert not at.error, at.error[0].value
    assert "you are **Ben**" in text(at)


def test_the_join_limit_says_its_wait_in_minutes_and_where_it_counts() -> None:
    message = str(seminar.RateLimited(864))
    assert "15 minutes" in message and "864" not in message
    assert "this network address" in message  # it counts by address: several devices can share one
    assert "in 1 second" in str(seminar.RateLimited(0.2)) and "in 45 seconds" in str(seminar.RateLimited(45))


def test_a_reason_over_the_limit_is_refused_with_its_length_and_kept_in_the_box(db_url: str) -> None:
    """Exploratory test, 2026-11-29: a pasted reason over 500 characters left the box empty in the browser (the
    box's own limit drops such a paste without a word); typed in, the page cut it to 500 without a word."""
    store = seminar.open_store(db_url)
    _room_id, _secret, _code, at = _joined(store)
    long_reason = "Because " + "the cartels adapt " * 40  # 688 characters
    at.text_area(key="pw_reason").input(long_reason).run()
    next(b for b in at.button if b.label == "Submit my weights").click().run()
    shown = " ".join(e.value for e in at.error)
    assert f"{len(long_reason.strip())} characters is too long; use at most 500" in shown.replace("\\", ""), shown
    assert shown.replace("\\", "").startswith("Reason:")
    assert at.text_area(key="pw_reason").value == long_reason
    assert not at.success  # nothing was submitted


def test_a_name_over_the_limit_is_refused_with_its_length(db_url: str) -> None:
    store = seminar.open_store(db_url)
    _room_id, _secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA)
    at = page("room_join", {"code": code})
    at.text_input(key="join_name").input("A" * 200)
    next(b for b in at.button if b.label == "Join").click().run()
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    assert shown == "Display name: 200 characters is too long; use at most 60.", shown
    assert at.text_input(key="join_name").value == "A" * 200


def test_a_participant_reads_every_criterion_against_the_group_without_a_table_to_scroll(db_url: str) -> None:
    """Exploratory test, 2026-11-29: on a phone the revealed comparison was a table whose "middle half of the group"
    and "where you stand" columns were off the screen, and whose last two rows were cut by its fixed height."""
    store = seminar.open_store(db_url)
    room_id, secret, _code, at = _joined(store)
    _, ben = store.join(_code, "Ben")
    store.submit(ben, {c: (100.0 if c == CRITERIA[1] else 10.0) for c in CRITERIA}, round_number=1)
    at.slider(key=f"w_{CRITERIA[0]}").set_value(100)
    next(b for b in at.button if b.label == "Submit my weights").click().run()
    store.set_revealed(room_id, secret, True)
    at.run()
    assert not at.dataframe  # a list, not a table
    shown = text(at)
    for c in PACK.criteria:
        assert re.search(rf"{re.escape(c.name)}: you \d\.\d{{3}}; group median \d\.\d{{3}}, middle half \d\.\d{{3}}–\d\.\d{{3}}; "
                         r"(above|below|within) the middle half", shown), c.name


def test_closing_the_room_says_the_result_can_no_longer_be_revealed(db_url: str) -> None:
    """Exploratory test, 2026-11-29: after "Close room" the last round's result could never be shown, and the
    question before closing did not say so."""
    store = seminar.open_store(db_url)
    room_id, secret, _code = store.create_room("Room", "bundled", "wsm", False, CRITERIA)
    store.open_round(room_id, secret)
    at = _resume(room_id, secret)
    next(b for b in at.button if b.label == "Close room").click().run()
    asked = " ".join(w.value for w in at.warning)
    assert "reveal the last round first" in asked, asked


def test_the_report_counts_removed_participants_apart(db_url: str) -> None:
    """Exploratory test, 2026-11-29: the report said "Participants: 5" for four people and one removed."""
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA)
    store.open_round(room_id, secret)
    ana, _ = store.join(code, "Ana")
    store.join(code, "Ben")
    store.remove_participant(room_id, secret, ana)
    view = store.facilitator_view(room_id, secret)
    analyse = (lambda rnd: rooms.analyse_round(
        "bundled", PACK, tuple(rnd.contexts), "wsm", store.round_weights(room_id, rnd.number)))
    history = store.history(room_id, secret)
    assert "Participants: 1 (and 1 removed)." in room_report.after_action_markdown(PACK, view, history, analyse, False)
    assert "Participants: 1 (and 1 removed)." in room_report.after_action_html(PACK, view, history, analyse, False)


def test_the_join_link_wraps_rather_than_being_cut(db_url: str) -> None:
    """Exploratory test, 2026-11-29: the join link in the facilitator's box ended at "…&pack" at 1400 px."""
    store = seminar.open_store(db_url)
    room_id, secret, _code = store.create_room("Room", "bundled", "wsm", False, CRITERIA)
    at = _resume(room_id, secret)
    (link,) = [c for c in at.code if "/join?code=" in c.value]
    assert link.proto.wrap_lines


def test_the_markdown_report_prints_numbers_as_numbers(db_url: str) -> None:
    """Re-verification, 2026-11-29: "agreement (Kendall's W) 0\\.97" and "— 0\\.663": a number was escaped as if it
    began an ordered list."""
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA)
    store.open_round(room_id, secret)
    for k, name in enumerate(["Ana", "Ben", "Chen"]):
        _, token = store.join(code, name)
        store.submit(token, {c: (100.0 if i == k else 40.0) for i, c in enumerate(CRITERIA)}, round_number=1)
    view = store.facilitator_view(room_id, secret)
    analyse = (lambda rnd: rooms.analyse_round(
        "bundled", PACK, tuple(rnd.contexts), "wsm", store.round_weights(room_id, rnd.number)))
    report = room_report.after_action_markdown(PACK, view, store.history(room_id, secret), analyse, False)
    assert not re.search(r"\d\\\.\d", report), re.findall(r".{20}\d\\\.\d.{5}", report)[:3]
    assert re.search(r"Kendall's W\)?:? 0\.\d\d", report)


def test_a_participant_in_a_room_on_an_uploaded_pack_reads_that_case_on_the_explore_pages(db_url: str) -> None:
    """Exploratory test (seventh session): a participant of a room on an uploaded pack who opened the Ladder to read
    the options and their citations found the bundled Mexico case there."""
    mini = load_pack(REPO / "tests" / "schema" / "mini")
    store = seminar.open_store(db_url)
    ref = store.save_pack(mini.model_dump_json())
    room_id, secret, code = store.create_room("Mini room", ref, "wsm", False, [c.id for c in mini.criteria],
                                              [lens.id for lens in mini.lenses])
    store.open_round(room_id, secret, inject_title="First event")
    at = page("room_join", {"code": code})
    at.session_state["overrides"] = {(PACK.options[0].id, CRITERIA[0]): 1.0}  # made on the bundled case first
    at.session_state["assessment"] = PACK.assessments[0].id
    at.text_input(key="join_name").input("Ana")
    next(b for b in at.button if b.label == "Join").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("The Explore pages (Ladder, Weigh & rank and the others) now show this room's case" in c.value
               for c in at.caption), [c.value for c in at.caption]
    at.switch_page("ui/app_pages/ladder.py")
    at.run()
    assert not at.exception
    shown = [s.value for s in at.selectbox if s.key == "ladder_option"]
    assert shown and shown[0] in {o.id for o in mini.options}
    assert not any(o.name in text(at) for o in PACK.options)


def test_the_comparison_with_the_group_agrees_with_the_numbers_it_shows() -> None:
    """Exploratory test (seventh session): "you 0.236; group median 0.237, middle half 0.236–0.238; below the
    middle half": the verdict was taken on unrounded weights, the numbers shown were rounded."""
    assert rooms.middle_half_word(0.2357, 0.2362, 0.2380) == "within the middle half"
    assert rooms.middle_half_word(0.2340, 0.2362, 0.2380) == "below the middle half"
    assert rooms.middle_half_word(0.2386, 0.2362, 0.2380) == "above the middle half"
    assert rooms.middle_half_word(0.2384, 0.2362, 0.2380) == "within the middle half"


def test_the_submissions_csv_names_roles_and_assessments_alike() -> None:
    """Exploratory test (seventh session): the role column had names, the assessment column ids ('health-view')."""
    import datetime as dt
    from types import SimpleNamespace

    from ui import room_report

    side = PACK.assessments[0]
    sub = SimpleNamespace(round_number=1, participant_id=7, display_name="Ana", role=PACK.lenses[0].id,
                          submitted_at=dt.datetime(2026, 11, 29, 12, 0), revision=1, assessment=side.id,
                          reason="r", removed=False, weights={c: 1.0 for c in CRITERIA})
    rows = list(csv.reader(io.StringIO(room_report.submissions_csv(PACK, [sub], anonymise=False))))
    assert rows[1][rows[0].index("role")] == PACK.lenses[0].name
    assert rows[1][rows[0].index("assessment")] == side.name


def test_a_room_whose_pack_cannot_be_read_says_so_and_lets_the_facilitator_leave(db_url: str) -> None:
    """Exploratory test (seventh session): a room on a pack this version can no longer read (here: a field it does
    not know) left the facilitator on Streamlit's error box, which a reload brought back, with no way out."""
    import json

    mini = json.loads(load_pack(REPO / "tests" / "schema" / "mini").model_dump_json())
    mini["info"]["unheard_of"] = 1
    store = seminar.open_store(db_url)
    ref = store.save_pack(json.dumps(mini))
    room_id, secret, code = store.create_room("Old room", ref, "wsm", False, [c["id"] for c in mini["criteria"]])
    at = page("room_facilitator")
    at.text_input(key="resume_room").input(str(room_id))
    at.text_input(key="resume_key").input(secret)
    next(b for b in at.button if b.label == "Resume room").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("can no longer be read by this version" in e.value for e in at.error), [e.value for e in at.error]
    next(b for b in at.button if b.label == "Leave this room").click().run()
    assert not at.exception
    assert "Create room" in [b.label for b in at.button]
    joiner = page("room_join", {"code": code})
    joiner.text_input(key="join_name").input("Ana")
    next(b for b in joiner.button if b.label == "Join").click().run()
    assert not joiner.exception, [e.value for e in joiner.exception]
    assert "Join another room" in [b.label for b in joiner.button]
    assert any("Ask the facilitator to create a new room with the pack" in e.value for e in joiner.error)


def test_a_participants_slider_is_named_as_the_criterion_is_typed(db_url: str) -> None:
    """Exploratory test (seventh session): a criterion named "Santé *publique* $x$" gave the participant's slider
    (its label collapsed, but still rendered and read out) an italic word and a maths x."""
    from ui.text import label

    mini = load_pack(REPO / "tests" / "schema" / "mini").model_copy(deep=True)
    mini.criteria[0].name = "Santé *publique* $x$"
    store = seminar.open_store(db_url)
    ref = store.save_pack(mini.model_dump_json())
    room_id, secret, code = store.create_room("Marked room", ref, "wsm", False, [c.id for c in mini.criteria])
    store.open_round(room_id, secret)
    at = page("room_join", {"code": code})
    at.text_input(key="join_name").input("Ana")
    next(b for b in at.button if b.label == "Join").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key=f"w_{mini.criteria[0].id}").label == label("Santé *publique* $x$: worst to best")


def test_the_report_tells_what_the_inject_switched_from_what_the_facilitator_did(db_url: str) -> None:
    """Exploratory test (seventh session): round 3's report said "the inject switched on Congress authorizes … and
    switched off Mexico refuses consent", but the inject only switches on; the facilitator switched the other off."""
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA)
    _, token = store.join(code, "Ana")
    store.open_round(room_id, secret, contexts=["mexico-refuses-consent"])
    store.submit(token, {c: 50 for c in CRITERIA})
    inject = next(i for i in PACK.injects if i.id == "congress-passes-authorization")
    store.open_round(room_id, secret, inject_id=inject.id, inject_title=inject.title, contexts=list(inject.contexts))
    store.submit(token, {c: 50 for c in CRITERIA})
    view = store.facilitator_view(room_id, secret)
    analyse = (lambda rnd: rooms.analyse_weights(PACK, tuple(rnd.contexts), "wsm",
                                                 store.round_weights(room_id, rnd.number)))
    page_html = html.unescape(room_report.after_action_html(PACK, view, store.history(room_id, secret), analyse,
                                                            False))
    names = {c.id: c.name for c in PACK.contexts}
    assert (f"Conditions: the inject switched on {names['congress-authorizes-force']}; the facilitator switched off "
            f"{names['mexico-refuses-consent']}.") in page_html


def test_first_choices_and_agreement_use_each_participants_own_assessment(db_url: str) -> None:
    """Exploratory test (seventh session): two participants with the same weights but different assessments have
    different top options on their own pages, yet the dashboard counted both first choices under the editors'
    scores (and gave a Kendall's W that disagreed with "as submitted" in Values or facts?)."""
    weights = {c: 50 for c in CRITERIA}
    own = {}
    for side in ("critics", "report", "trump"):
        own[side] = engine.rank(engine.matrix_from_pack(PACK, assessment=side), weights).order[0]
    a, b = next((x, y) for x in own for y in own if own[x] != own[y])  # two sides whose tops differ
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA,
                                              assessment_ids=[x.id for x in PACK.assessments])
    tokens = [store.join(code, name)[1] for name in ("Ana", "Ben")]
    store.open_round(room_id, secret)
    store.submit(tokens[0], weights, assessment=a)
    store.submit(tokens[1], weights, assessment=b)
    at = open_page("room_facilitator", facilitating=(room_id, secret))
    assert not at.exception, [e.value for e in at.exception]
    names = {o.id: o.name for o in PACK.options}
    shown = text(at)
    assert f"{names[own[a]]}: 1" in shown and f"{names[own[b]]}: 1" in shown, shown
    subs = store.round_submissions(room_id, 1)
    result = rooms.analyse_weights(PACK, (), "wsm", [dict(s.weights) for s in subs], None,
                                   [s.assessment for s in subs])
    assert {top for (top,) in result.individual_tops} == {own[a], own[b]}


def test_only_values_differ_uses_the_assessment_the_whole_room_shares_and_names_it() -> None:
    """Exploratory test (seventh session): with everyone believing the report, "only values differ" gave 0.56 under
    the editors' scores (which nobody chose) against 0.51 as submitted, and never said which assessment it used."""
    mini = load_pack(REPO / "tests" / "schema" / "mini")
    shared = [({"benefit_one": 1.0, "civilian_harm": 0.2}, "sceptics"), ({"benefit_one": 0.2, "civilian_harm": 1.0},
                                                                        "sceptics")]
    result = rooms.values_facts(mini, (), "wsm", shared)
    assert result.same_facts == result.submitted  # the submissions already differ only in values
    name = next(a.name for a in mini.assessments if a.id == "sceptics")
    assert f"With everyone's own weights under one shared assessment, {name} (only values differ)" in \
        result.sentences()[1]
    mixed = rooms.values_facts(mini, (), "wsm", [(shared[0][0], "sceptics"), (shared[1][0], "optimists")])
    assert "under one shared assessment, the editors' scores (only values differ)" in mixed.sentences()[1]


def test_a_participants_role_reads_without_nested_brackets(db_url: str) -> None:
    """Exploratory test (seventh session): "Dee late (Mexico's government (López Obrador, Sheinbaum))"."""
    lens = next(lens for lens in PACK.lenses if "(" in lens.name)
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA, [lens.id])
    store.join(code, "Dee", role=lens.id)
    store.open_round(room_id, secret)
    at = open_page("room_facilitator", facilitating=(room_id, secret))
    assert not at.exception
    shown = text(at)
    assert f"Dee — {lens.name}" in shown, shown
    assert f"Dee ({lens.name})" not in shown


def test_the_projector_names_as_disputed_only_weights_whose_shown_range_differs(db_url: str) -> None:
    """The 1280×720 projector of the seminar test read "Cartel capability degradation 0.08–0.08" under "Most
    disputed weights": two participants who moved other sliders differ there only by normalisation (0.077 and
    0.083), which the page rounds to one number."""
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Projected room", "bundled", "wsm", False, CRITERIA)
    screen_token = store.create_screen_token(room_id, secret)
    tokens = {}
    for name in ("Ana", "Ben", "Chen"):
        _, tokens[name] = store.join(code, name)
    store.open_round(room_id, secret)
    for name, top in (("Ana", 0), ("Ben", 5), ("Chen", None)):
        store.submit(tokens[name], {c: (100 if top is not None and c == CRITERIA[top] else 50) for c in CRITERIA},
                     round_number=1, reason="")
    store.set_revealed(room_id, secret, True)
    shown = _everything(page("room_screen", {"s": screen_token}))
    line = next(ln for ln in shown.splitlines() if "Most disputed weights" in ln)
    ranges = re.findall(r"(\d\.\d\d)–(\d\.\d\d)", line)
    assert ranges and all(lo != hi for lo, hi in ranges), line


def test_a_participants_sliders_come_in_the_packs_order(db_url: str) -> None:
    """As on Weigh & rank: two columns made Tab and a phone's stack run down the first column, not the pack."""
    from ui import session

    store = seminar.open_store(db_url)
    _room_id, _secret, _code, at = _joined(store, "Order")
    keys = [s.key for s in at.slider if s.key and s.key.startswith("w_")]
    assert keys == [session.weight_key(c) for c in CRITERIA], keys


def test_a_reload_in_a_new_round_starts_from_the_last_submission(db_url: str) -> None:
    """An exploratory seminar of 2026-11-29: a participant who reloaded (or whose phone dropped the session) after
    the next round opened got the sliders back at 50 (or their role's), an empty assessment and reason, and
    submitted that without noticing; without a reload the page keeps what they sent."""
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA,
                                              assessment_ids=[a.id for a in PACK.assessments])
    store.open_round(room_id, secret)
    at = page("room_join", {"code": code})
    at.text_input(key="join_name").input("Ana")
    next(b for b in at.button if b.label == "Join").click().run()
    at.slider(key="w_fentanyl_flow").set_value(80)
    at.text_area(key="pw_reason").input("Fentanyl first.").run()
    report = PACK.assessments[1]
    at.selectbox(key="pw_assessment").set_value(report.id).run()
    next(b for b in at.button if b.label == "Submit my weights").click().run()
    token = at.session_state["participant_token"]
    sent = store.participant_view(token).own_submission
    assert sent.weights["fentanyl_flow"] == 80 and sent.assessment == report.id, sent
    store.open_round(room_id, secret, inject_title="Second event")

    again = reloaded(token)  # a new browser session of the same participant: the reload
    assert not again.exception
    assert again.slider(key="w_fentanyl_flow").value == 80
    assert again.selectbox(key="pw_assessment").value == report.id
    assert again.text_area(key="pw_reason").value == "Fentanyl first."
    assert store.participant_view(token).own_submission is None  # nothing sent in round 2 yet


def test_the_group_ranking_uses_the_assessment_everyone_chose_and_says_whose_scores_it_uses(db_url: str) -> None:
    """An exploratory seminar of 2026-11-29: all four participants chose the officials' assessment, yet the group
    ranking used the editors' scores (10 options ranked otherwise) without a word, and the dashboard read "0 of 4
    put the group's top option first"."""
    chosen = PACK.assessments[0]
    weights = [{c: (100.0 if c == CRITERIA[k] else 50.0) for c in CRITERIA} for k in (0, 4, 6, 8)]
    shared = rooms.analyse_weights(PACK, (), "wsm", weights, None, [chosen.id] * 4)
    expected = engine.group_ranking(engine.matrix_from_pack(PACK, assessment=chosen.id), weights, method="wsm")
    assert list(shared.ranking.index) == list(expected.index)
    assert shared.assessment == chosen.id
    mixed = rooms.analyse_weights(PACK, (), "wsm", weights, None, [chosen.id, None, chosen.id, chosen.id])
    assert mixed.assessment is None
    assert "participants chose different ones" in rooms.group_scores_note(PACK, mixed)
    assert chosen.name in rooms.group_scores_note(PACK, shared)

    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA,
                                              assessment_ids=[a.id for a in PACK.assessments])
    store.open_round(room_id, secret)
    for name, w in zip("ABCD", weights):
        _, token = store.join(code, name)
        store.submit(token, w, round_number=1, reason="", assessment=chosen.id)
    at = open_page("room_facilitator", facilitating=(room_id, secret))
    assert not at.exception
    assert rooms.group_scores_note(PACK, shared) in [c.value.replace("\\", "") for c in at.caption]
    store.set_revealed(room_id, secret, True)
    participant = open_page("room_join", participant_token=token)
    shown = text(participant)
    assert rooms.group_scores_note(PACK, shared) in shown, shown[-800:]
    top = PACK.option(shared.ranking.index[0]).name if hasattr(PACK, "option") else None
    assert f"1. {top}" in shown


def test_the_report_says_whose_scores_each_rounds_group_ranking_used_and_when_they_changed(db_url: str) -> None:
    """With the group ranking following the assessment everyone chose, the report says which scores each round
    used, and a round whose scores changed says so rather than laying the moves on the weights alone."""
    chosen = PACK.assessments[0]
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA,
                                              assessment_ids=[a.id for a in PACK.assessments])
    tokens = [store.join(code, name)[1] for name in ("A", "B")]
    store.open_round(room_id, secret)
    for token, k in zip(tokens, (0, 6)):
        store.submit(token, {c: (100.0 if c == CRITERIA[k] else 50.0) for c in CRITERIA}, round_number=1, reason="")
    store.open_round(room_id, secret)
    for token, k in zip(tokens, (0, 6)):
        store.submit(token, {c: (100.0 if c == CRITERIA[k] else 50.0) for c in CRITERIA}, round_number=2,
                     reason="", assessment=chosen.id)
    view = store.facilitator_view(room_id, secret)

    analyse = _analyser(store, room_id)

    report = room_report.after_action_markdown(PACK, view, store.history(room_id, secret), analyse, False) \
        .replace("\\", "")
    assert "Scores: the editors' scores." in report
    assert f"Scores: {chosen.name}, the assessment every participant chose." in report
    assert f"Scores: the group ranking used the editors' scores in round 1 and {chosen.name} in round 2" in report
    # A neutral-voice audit of 2026-11-29: each submission read "…, believes As the report assesses them: …".
    assert ", believes " not in report and f", scores: {chosen.name}:" in report


def test_a_facilitator_reload_keeps_the_conditions_in_force_for_the_next_round(db_url: str) -> None:
    """An exploratory seminar of 2026-11-29: round 2 put "Mexico refuses consent" in force; after a reload of the
    dashboard "Conditions in force" was empty, a plain round 3 ran without it, and the report said the facilitator
    had switched it off."""
    consent = PACK.contexts[0].id
    store = seminar.open_store(db_url)
    room_id, secret, _code = store.create_room("Room", "bundled", "wsm", False, CRITERIA)
    store.open_round(room_id, secret, contexts=[consent])
    at = open_page("room_facilitator", facilitating=(room_id, secret))  # a new browser session: the reload
    assert not at.exception
    assert at.multiselect(key="round_contexts").value == [consent]
    store.open_round(room_id, secret, contexts=[], after=1)  # opened from another device with none in force
    at.run()
    assert at.multiselect(key="round_contexts").value == []


def test_a_facilitators_action_that_meets_a_store_fault_is_not_told_to_tell_the_facilitator(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exploratory seminar of 2026-11-29: Close round during an outage told the facilitator "if it keeps
    happening, tell the facilitator" (the store's message for participants)."""
    store = seminar.open_store(db_url)
    room_id, secret, _code = store.create_room("Room", "bundled", "wsm", False, CRITERIA)
    store.open_round(room_id, secret)
    at = open_page("room_facilitator", facilitating=(room_id, secret))

    def down(*_args, **_kwargs):
        raise seminar.StoreUnavailable()

    monkeypatch.setattr(seminar.RoomStore, "close_round", down)
    next(b for b in at.button if b.label == "Close round").click().run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error).replace("\\", "")
    assert "nothing was changed" in shown and "tell the facilitator" not in shown, shown


def test_the_projector_puts_the_reasons_beside_the_results_where_the_qr_code_was(db_url: str) -> None:
    """An exploratory seminar of 2026-11-29: with an inject's text on screen the reasons fell below a 1280×720
    projector. Once results are revealed they take the QR code's place (the join code stays); an inject's text is
    cut to two lines."""
    inject = max(PACK.injects, key=lambda i: len(i.description))
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Projected room", "bundled", "wsm", False, CRITERIA)
    screen_token = store.create_screen_token(room_id, secret)
    tokens = [store.join(code, name)[1] for name in ("Ana", "Ben")]
    store.open_round(room_id, secret, inject_id=inject.id, inject_title=inject.title, inject_text=inject.description)
    for token, reason in zip(tokens, ("Fentanyl first " * 20, "Civilians first")):
        store.submit(token, {c: 50.0 for c in CRITERIA}, round_number=1, reason=reason.strip())
    at = page("room_screen", {"s": screen_token})
    assert len(at.get("image")) == 1  # the QR code, until results are revealed
    store.set_revealed(room_id, secret, True)
    at.run()
    left = "\n".join(m.value for m in at.columns[0].markdown)
    assert "Reasons" in left and "“Civilians first”" in left and seminar.format_join_code(code) in _everything(at)
    assert max(len(line) for line in left.splitlines() if line.startswith("“")) <= 115
    assert not at.get("image")
    assert len(inject.description) > 220 and inject.description not in _everything(at)


def test_a_submit_during_an_outage_says_it_was_not_saved_while_the_outage_lasts(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exploratory seminar of 2026-11-29: pressing Submit while the database was away showed only the banner
    ("Nothing you saw is lost; this page tries again by itself"); "Your weights were not saved" came once the
    database was back. The same for the facilitator's Close round."""
    store = seminar.open_store(db_url)
    room_id, secret, _code, at = _joined(store)
    facilitator = open_page("room_facilitator", facilitating=(room_id, secret))

    def down(*_args, **_kwargs):
        raise seminar.StoreUnavailable()

    for name in ("submit", "participant_view", "close_round", "facilitator_view", "room_version", "room_pulse"):
        monkeypatch.setattr(seminar.RoomStore, name, down)
    next(b for b in at.button if b.label == "Submit my weights").click().run()
    assert not at.exception
    assert any("not saved" in e.value for e in at.error), [e.value for e in at.error]
    next(b for b in facilitator.button if b.label == "Close round").click().run()
    assert not facilitator.exception
    assert any("nothing was changed" in e.value for e in facilitator.error), [e.value for e in facilitator.error]


def test_the_report_gives_each_rounds_verdict_on_values_or_facts(db_url: str) -> None:
    """An exploratory seminar of 2026-11-29: the report gave "Values or facts?" for the last round only; a round
    that was about values did not show it anywhere."""
    chosen = PACK.assessments[0]
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA,
                                              assessment_ids=[a.id for a in PACK.assessments])
    tokens = [store.join(code, name)[1] for name in ("A", "B")]
    store.open_round(room_id, secret)
    for token, k in zip(tokens, (0, 6)):  # one shared assessment, weights far apart: values
        store.submit(token, {c: (100.0 if c == CRITERIA[k] else 0.0) for c in CRITERIA}, round_number=1,
                     reason="", assessment=chosen.id)
    store.open_round(room_id, secret)
    for token, a in zip(tokens, (chosen.id, None)):  # the same weights, two assessments: facts (or neither)
        store.submit(token, {c: 50.0 for c in CRITERIA}, round_number=2, reason="", assessment=a)
    view = store.facilitator_view(room_id, secret)

    analyse = _analyser(store, room_id)

    history = store.history(room_id, secret)
    for report in (room_report.after_action_markdown(PACK, view, history, analyse, False).replace("\\", ""),
                   html.unescape(room_report.after_action_html(PACK, view, history, analyse, False))):
        rounds = re.split(r"Round \d: no inject", report)[1:]
        assert len(rounds) == 2, report[:300]
        verdicts = [re.search(r"Values or facts\? (The room[^.]*\.|Values and facts[^.]*\.)", r) for r in rounds]
        assert all(verdicts), [r[:400] for r in rounds]
        assert "more about values" in verdicts[0].group(1)


def test_a_second_tab_that_showed_an_older_revision_is_told_and_shown_the_newer_one(db_url: str) -> None:
    """An exploratory seminar of 2026-11-29: a participant's first tab, showing revision 1, overwrote the second
    tab's revision 2 with its old sliders as revision 3, without a word."""
    store = seminar.open_store(db_url)
    _room_id, _secret, _code, first = _joined(store)
    next(b for b in first.button if b.label == "Submit my weights").click().run()  # revision 1
    token = first.session_state["participant_token"]
    second = open_page("room_join", participant_token=token)
    second.slider(key="w_fentanyl_flow").set_value(90).run()
    next(b for b in second.button if b.label == "Submit my weights").click().run()  # revision 2
    assert store.participant_view(token).own_submission.revision == 2
    next(b for b in first.button if b.label == "Submit my weights").click().run()  # as it was drawn: revision 1
    assert not first.exception
    assert store.participant_view(token).own_submission.revision == 2  # nothing written
    assert any("another tab or device" in e.value for e in first.error), [e.value for e in first.error]
    assert first.slider(key="w_fentanyl_flow").value == 90  # the page now shows revision 2
    next(b for b in first.button if b.label == "Submit my weights").click().run()  # and may replace it
    assert store.participant_view(token).own_submission.revision == 3


def test_a_tab_that_learns_of_a_newer_revision_shows_its_weights_before_it_can_submit(db_url: str) -> None:
    """The re-check of 2026-11-29: with results revealed, the first tab refreshed by itself and read "(revision 2)"
    above its old sliders; Submit then saved them as revision 3 without a word."""
    store = seminar.open_store(db_url)
    room_id, secret, _code, first = _joined(store)
    next(b for b in first.button if b.label == "Submit my weights").click().run()  # revision 1, all at 50
    store.set_revealed(room_id, secret, True)
    token = first.session_state["participant_token"]
    second = open_page("room_join", participant_token=token)
    second.slider(key="w_fentanyl_flow").set_value(90).run()
    next(b for b in second.button if b.label == "Submit my weights").click().run()  # revision 2
    first.run()  # the first tab's refresh
    assert not first.exception
    assert first.slider(key="w_fentanyl_flow").value == 90
    assert any("Revision 2" in i.value and "another tab or device" in i.value for i in first.info), \
        [i.value for i in first.info]


def test_the_projectors_first_choices_line_stays_short_enough_for_its_screen(db_url: str) -> None:
    """The re-check of 2026-11-29: a long "First choices" line (a four-way tie among long names) pushed "Values or
    facts?" below a 1280×720 projector. The projector names the two largest first choices and counts the rest."""
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA)
    screen_token = store.create_screen_token(room_id, secret)
    store.open_round(room_id, secret)
    for k, name in enumerate("ABCDEF"):
        _, token = store.join(code, name)
        store.submit(token, {c: (100.0 if c == CRITERIA[(2 * k) % len(CRITERIA)] else 0.0) for c in CRITERIA},
                     round_number=1, reason="")
    store.set_revealed(room_id, secret, True)
    subs = store.round_submissions(room_id, 1)
    result = rooms.analyse_weights(PACK, (), "wsm", [dict(s.weights) for s in subs])
    assert len(result.first_choices) > 2
    line = next(ln for ln in _everything(page("room_screen", {"s": screen_token})).splitlines()
                if ln.startswith("First choices"))
    assert len(line) <= 200 and f"{len(result.first_choices) - 2} more" in line, line


def test_the_report_keeps_a_typed_events_line_breaks(db_url: str) -> None:
    """The re-check of 2026-11-29: a typed event's lines ran together in the after-action report (HTML and
    Markdown), though the pages now show them."""
    store = seminar.open_store(db_url)
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, CRITERIA)
    store.open_round(room_id, secret, inject_title="Typed", inject_text="Line one.\nLine two.")
    _, token = store.join(code, "Ana")
    store.submit(token, {c: 50.0 for c in CRITERIA}, round_number=1, reason="First.\nSecond.")
    view = store.facilitator_view(room_id, secret)
    history = store.history(room_id, secret)

    analyse = _analyser(store, room_id)

    markdown = room_report.after_action_markdown(PACK, view, history, analyse, False)
    assert "Line one.  \nLine two." in markdown
    page = room_report.after_action_html(PACK, view, history, analyse, False)
    assert re.search(r"blockquote\{[^}]*white-space:\s*pre-line", page), page[:900]


def _analyser(store: seminar.RoomStore, room_id: int):
    """A round's analysis as the facilitator's page makes it for the report (each participant's own assessment)."""
    def analyse(rnd):
        subs = store.round_submissions(room_id, rnd.number)
        return rooms.analyse_weights(PACK, tuple(rnd.contexts), "wsm", [dict(s.weights) for s in subs], None,
                                     tuple(s.assessment for s in subs))
    return analyse
