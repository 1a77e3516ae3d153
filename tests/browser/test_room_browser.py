"""A three-round seminar in real browsers: a facilitator, a projector and three participants (one on a
390×844 phone), each in its own browser context, against a real `streamlit run app.py` server."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

import engine
from schema import BUNDLED_PACK, load_pack
from tests.browser.test_room_resilience import make_room

pytestmark = pytest.mark.browser
PACK = load_pack(BUNDLED_PACK)
TIMEOUT = 30_000
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


class Watched:
    """A browser context whose every request URL and every address-bar URL is recorded."""

    def __init__(self, browser: Browser, **options) -> None:
        self.context: BrowserContext = browser.new_context(**options)
        self.urls: list[str] = []
        self.context.on("request", lambda request: self.urls.append(request.url))
        self.page: Page = self.context.new_page()
        self.page.on("framenavigated", lambda frame: self.urls.append(frame.url))

    def cookie(self, name: str) -> str:
        return next(c["value"] for c in self.context.cookies() if c["name"] == name)


def ready(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_be_visible(timeout=TIMEOUT)


def join(browser: Browser, app_url: str, code: str, name: str, **options) -> Watched:
    person = Watched(browser, **options)
    page = person.page
    page.goto(f"{app_url}/join?code={code}")
    ready(page)
    expect(page.get_by_label("Join code (from the facilitator's screen)")).to_have_value(code, timeout=TIMEOUT)
    page.get_by_label("Your display name").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text(f"you are {name}")).to_be_visible(timeout=TIMEOUT)
    return person


def weigh_and_submit(page: Page, round_number: int, criterion_id: str | None, reason: str) -> None:
    expect(page.get_by_text(f"Round {round_number} is open: set your weights below and submit.")).to_be_visible(
        timeout=TIMEOUT)
    if criterion_id:
        slider = page.get_by_role("slider", name=re.compile(re.escape(PACK.criterion(criterion_id).name)))
        slider.focus()
        slider.press("End")
        expect(slider).to_have_value("100", timeout=TIMEOUT)
    box = page.get_by_label(re.compile("Your reason"))
    expect(box).to_have_count(1, timeout=TIMEOUT)  # a run that moves it shows the old one until it ends
    box.fill(reason)
    page.get_by_role("button", name="Submit my weights").click()
    expect(page.get_by_text(re.compile(rf"Round {round_number}: submitted at \d\d:\d\d UTC \(revision 1\)"))
           ).to_be_visible(timeout=TIMEOUT)


def choose_inject(facilitator: Page, title: str) -> None:
    """Pick an inject; wait, as a facilitator would, until it has put its conditions in force."""
    facilitator.get_by_label("Inject for the next round").click()
    facilitator.get_by_role("option", name=title).click()
    inject = next(i for i in PACK.injects if i.title == title)
    conditions = facilitator.get_by_test_id("stMultiSelect").filter(has_text="Conditions in force")
    for context_id in inject.contexts:
        name = next(c.name for c in PACK.contexts if c.id == context_id)
        expect(conditions).to_contain_text(name, timeout=TIMEOUT)


def test_three_round_seminar_with_projector_reload_and_report(browser: Browser, app_url: str, shot) -> None:
    boss = Watched(browser, viewport={"width": 1400, "height": 1000})
    facilitator = boss.page
    facilitator.goto(f"{app_url}/facilitate")
    ready(facilitator)
    code = make_room(facilitator, "Border war-game")
    facilitator.get_by_text("Resume this room on another device").click()
    secret = facilitator.get_by_test_id("stExpander").filter(has_text="Resume this room").get_by_test_id(
        "stCode").inner_text().strip()
    assert len(secret) > 30

    projector = open_projector(browser, facilitator)
    expect(projector.page.get_by_text("Waiting for the first round")).to_be_visible(timeout=TIMEOUT)
    expect(projector.page.get_by_text(seminar_code(code))).to_be_visible()

    criteria = [c.id for c in PACK.criteria]
    people = {"Ana": join(browser, app_url, code, "Ana"), "Ben": join(browser, app_url, code, "Ben"),
              "Chen": join(browser, app_url, code, "Chen", **PHONE)}
    expect(facilitator.get_by_text("Joined so far: 3")).to_be_visible(timeout=TIMEOUT)
    expect(projector.page.get_by_text(re.compile(r"Joined: 3"))).to_be_visible(timeout=TIMEOUT)

    # Round 1: a plain round; everyone gives a reason.
    facilitator.get_by_role("button", name="Open next round").click()
    expect(facilitator.get_by_text("Round 1 (open): no inject")).to_be_visible(timeout=TIMEOUT)
    reasons1 = {"Ana": "Stopping fentanyl matters most", "Ben": "Civilians first", "Chen": "Keep Mexico on side"}
    for (name, person), key in zip(people.items(), (criteria[0], criteria[5], None)):
        weigh_and_submit(person.page, 1, key, reasons1[name])
    expect(facilitator.get_by_text("Submitted 3 of 3")).to_be_visible(timeout=TIMEOUT)  # no reload
    expect(facilitator.get_by_text("Group ranking", exact=True)).to_be_visible()
    if PACK.assessments:  # the room's pack has assessments: how much of the disagreement is values, how much facts
        expect(facilitator.get_by_text("Values or facts?")).to_be_visible(timeout=TIMEOUT)

    # Reveal: the projector shows the group's result and the anonymous reasons, never a name or secret.
    facilitator.get_by_role("button", name="Reveal results").click()
    for reason in reasons1.values():
        expect(projector.page.get_by_text(f"“{reason}”")).to_be_visible(timeout=TIMEOUT)
    expect(projector.page.get_by_text("Group ranking", exact=True)).to_be_visible()
    # One 1280×720 screen holds it all: the reasons and the values-or-facts verdict were below the fold
    expect(projector.page.get_by_text("Values or facts?")).to_be_in_viewport(ratio=1)
    for reason in reasons1.values():
        expect(projector.page.get_by_text(f"“{reason}”")).to_be_in_viewport(ratio=1)
    screen_html = projector.page.content()
    assert secret not in screen_html
    for name, person in people.items():
        assert name not in projector.page.get_by_test_id("stMain").inner_text()
        assert person.cookie("ladder_participant") not in screen_html
    expect(people["Chen"].page.get_by_text("Your weights against the group's")).to_be_visible(timeout=TIMEOUT)
    shot(projector.page, "room-projector")
    shot(people["Chen"].page, "room-participant")

    # Round 2: an inject that switches conditions on, opened while round 1 is still open: it asks first.
    inject = next(i for i in PACK.injects if i.contexts)
    choose_inject(facilitator, inject.title)
    facilitator.get_by_role("button", name="Open next round").click()
    confirm = facilitator.get_by_role("button", name="Close round 1 and open round 2")
    expect(confirm).to_be_visible(timeout=TIMEOUT)
    expect(facilitator.get_by_text("Round 1 (open): no inject")).to_be_visible()  # nothing happened yet
    confirm.click()
    expect(facilitator.get_by_text(f"Round 2 (open): {inject.title}")).to_be_visible(timeout=TIMEOUT)
    expect(projector.page.get_by_text(f"Round 2 (open): {inject.title}")).to_be_visible(timeout=TIMEOUT)
    weigh_and_submit(people["Ana"].page, 2, criteria[3], "The inject changes Mexico's cooperation")

    # A facilitator reload mid-round keeps the dashboard (and puts no secret in the address bar).
    facilitator.reload()
    ready(facilitator)
    expect(facilitator.get_by_text(f"Round 2 (open): {inject.title}")).to_be_visible(timeout=TIMEOUT)
    expect(facilitator.get_by_text("Submitted 1 of 3")).to_be_visible(timeout=TIMEOUT)
    weigh_and_submit(people["Ben"].page, 2, None, "Same view as before")
    weigh_and_submit(people["Chen"].page, 2, criteria[4], "Reprisals now look likelier")
    expect(facilitator.get_by_text("Submitted 3 of 3")).to_be_visible(timeout=TIMEOUT)
    shot(facilitator, "room-facilitator")

    # Round 3: closed first, then opened (no confirmation needed); two submit.
    facilitator.get_by_role("button", name="Close round").click()
    expect(people["Ana"].page.get_by_text("Round 2 is closed. Wait for the facilitator to open the next round.")
           ).to_be_visible(timeout=TIMEOUT)
    facilitator.get_by_role("button", name="Open next round").click()
    expect(facilitator.get_by_text("Round 3 (open)")).to_be_visible(timeout=TIMEOUT)
    weigh_and_submit(people["Ana"].page, 3, None, "Holding my view")
    weigh_and_submit(people["Ben"].page, 3, criteria[1], "Migration matters too")
    expect(facilitator.get_by_text("How the group ranking moved, round by round")).to_be_visible(timeout=TIMEOUT)
    expect(facilitator.get_by_text("Convergence across rounds")).to_be_visible(timeout=TIMEOUT)

    # The report: its first page names what the inject changed and why; every reason is in it.
    facilitator.get_by_role("button", name="Build the report now").click()
    expect(facilitator.get_by_text(re.compile(r"Built at \d\d:\d\d:\d\d UTC"))).to_be_visible(timeout=TIMEOUT)
    with facilitator.expect_download() as info:
        facilitator.get_by_role("button", name="After-action report (HTML)").click()
    report = html.unescape(Path(info.value.path()).read_text())
    first_page = report.split('<section class="first-page">', 1)[1].split("</section>", 1)[0]
    assert f"What round 2 ({inject.title}) changed" in first_page
    switched = ", ".join(next(c.name for c in PACK.contexts if c.id == cid) for cid in inject.contexts)
    assert f"Conditions: the inject switched on {switched}." in first_page, first_page
    assert "The group's top option" in first_page
    for reason in [*reasons1.values(), "Reprisals now look likelier", "Migration matters too"]:
        assert reason in report
    with facilitator.expect_download() as info:
        facilitator.get_by_role("button", name="Every submission (CSV)").click()
    rows = Path(info.value.path()).read_text().splitlines()
    assert len(rows) == 1 + 3 + 3 + 2 and rows[0].startswith("round,participant,role,submitted_at_utc")

    # No secret or token ever travelled in a URL (address bar, history, any request); no Referer is sent.
    tokens = [secret] + [p.cookie("ladder_participant") for p in people.values()]
    for watched in (boss, projector, *people.values()):
        for url in watched.urls:
            assert not any(t in url for t in tokens), url
        assert watched.page.evaluate("document.querySelector('meta[name=referrer]').content") == "no-referrer"


def seminar_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def test_a_room_on_an_uploaded_pack_offers_that_packs_roles(browser: Browser, app_url: str, tmp_path: Path) -> None:
    """Issue 13 item 7: the join form listed the bundled pack's roles, and choosing one failed."""
    import zipfile

    from tests._deps import REPO

    mini = load_pack(REPO / "tests" / "schema" / "mini")
    archive = tmp_path / "mini-pack.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted((REPO / "tests" / "schema" / "mini").glob("*.yaml")):
            z.write(path, f"mini/{path.name}")
    facilitator = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    facilitator.goto(f"{app_url}/your-pack")
    ready(facilitator)
    facilitator.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(archive))
    facilitator.get_by_role("button", name="Use this pack for my session").click()
    expect(facilitator.get_by_text(re.compile(r"In use for this session: .*\(uploaded\)"))).to_be_visible(
        timeout=TIMEOUT)
    facilitator.get_by_role("link", name="Run a room").click()
    code = make_room(facilitator, "Own pack")

    page = browser.new_context().new_page()
    page.goto(facilitator.get_by_test_id("stCode").filter(has_text="/join?code=").inner_text().strip())
    ready(page)
    expect(page.get_by_label("Join code (from the facilitator's screen)")).to_have_value(code, timeout=TIMEOUT)
    page.get_by_label("Your display name").fill("Dana")
    page.get_by_label("Role to play (optional: starts your weights from that lens)").click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible(timeout=TIMEOUT)
    offered = options.all_inner_texts()
    assert offered == [f"{lens.name} ({lens.actor})" for lens in mini.lenses]  # the room's pack, not the bundled one
    options.first.click()
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text(re.compile(r"you are Dana, playing "))).to_be_visible(timeout=TIMEOUT)


def test_on_a_phone_the_top_option_stays_in_view_while_the_sliders_move(browser: Browser, app_url: str) -> None:
    """Issue 13 item 4: on a phone the preview sat below all the sliders; now a line with the top option
    stays at the top of the screen (and is not shown on a wide screen, where the preview is beside them)."""
    from tests.browser.test_room_resilience import create_room

    facilitator, code = create_room(browser, app_url, "Phone room")
    facilitator.get_by_role("button", name="Open next round").click()

    phone = join(browser, app_url, code, "Pat", **PHONE).page
    expect(phone.get_by_text("Round 1 is open: set your weights below and submit.")).to_be_visible(timeout=TIMEOUT)
    line = phone.get_by_text(re.compile(r"^(Your top option now|Tied at the top now): "))
    expect(line).to_be_visible(timeout=TIMEOUT)
    last = PACK.criteria[-1]
    slider = phone.get_by_role("slider", name=re.compile(re.escape(last.name)))
    slider.scroll_into_view_if_needed()
    slider.focus()
    slider.press("End")  # the last slider, far down the page: the line is still on the screen
    expect(slider).to_have_value("100", timeout=TIMEOUT)
    matrix = engine.matrix_from_pack(PACK)
    weights = {c.id: (100.0 if c.id == last.id else 50.0) for c in PACK.criteria}
    result = engine.rank(matrix, weights)
    top = [o.name for o in PACK.options if int(result.ranks[result.option_ids.index(o.id)]) == 1]
    expect(line).to_contain_text(top[0], timeout=TIMEOUT)
    box = line.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 844, box  # inside the phone's screen

    laptop = join(browser, app_url, code, "Lee", viewport={"width": 1400, "height": 1000}).page
    expect(laptop.get_by_text("Your ranking with these weights", exact=False)).to_be_visible(timeout=TIMEOUT)
    expect(laptop.get_by_text(re.compile(r"^(Your top option now|Tied at the top now): "))).to_be_hidden()


class HeldFullRun:
    """Between one page and the server: holds back the next request for a run of the whole page.

    While a dashboard polls (a fragment that reruns four times a second), the browser's next poll can
    reach the server before the run that a change of a widget asks for: the poll carries the new value
    too. One CI run met this by chance; holding the page's request reproduces it every time.
    """

    def __init__(self, page: Page) -> None:
        self.armed = False
        self.held: list[bytes] = []
        self.server = None
        page.route_web_socket(re.compile(r"/_stcore/stream"), self._route)

    def _route(self, ws) -> None:
        self.server = ws.connect_to_server()
        ws.on_message(self._from_page)

    def _from_page(self, message) -> None:
        if self.armed and isinstance(message, bytes):
            from streamlit.proto.BackMsg_pb2 import BackMsg

            back = BackMsg()
            back.ParseFromString(message)
            if back.WhichOneof("type") == "rerun_script" and not back.rerun_script.fragment_id:
                self.armed = False
                self.held.append(message)
                return
        self.server.send(message)

    def release(self) -> None:
        assert self.held, "the page sent no request for a whole run"
        while self.held:
            self.server.send(self.held.pop(0))


def test_an_inject_puts_its_conditions_in_force_when_the_dashboards_poll_reaches_the_server_first(
        browser: Browser, app_url: str) -> None:
    """CI run of 2026-11-29: the inject showed as chosen, its conditions did not (and the round would have
    opened without them). The poll ran the inject's callback; the page's own run then overwrote the
    conditions it had set with the browser's empty ones."""
    facilitator = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    wire = HeldFullRun(facilitator)
    facilitator.goto(f"{app_url}/facilitate")
    ready(facilitator)
    make_room(facilitator, "Polled room")
    facilitator.get_by_role("button", name="Open next round").click()
    expect(facilitator.get_by_text("Round 1 (open): no inject")).to_be_visible(timeout=TIMEOUT)

    inject = next(i for i in PACK.injects if i.contexts)
    names = [next(c.name for c in PACK.contexts if c.id == cid) for cid in inject.contexts]
    wire.armed = True
    facilitator.get_by_label("Inject for the next round").click()
    facilitator.get_by_role("option", name=inject.title).click()
    facilitator.wait_for_timeout(1500)  # several polls reach the server with the new inject
    wire.release()
    conditions = facilitator.get_by_test_id("stMultiSelect").filter(has_text="Conditions in force")
    expect(conditions).to_have_count(1, timeout=TIMEOUT)  # (the run that redraws it has ended)
    for name in names:
        expect(conditions).to_contain_text(name, timeout=TIMEOUT)

    # Opened (its run held back the same way), the round has them in force; the next starts with no inject.
    facilitator.get_by_role("button", name="Open next round").click()
    confirm = facilitator.get_by_role("button", name="Close round 1 and open round 2")
    expect(confirm).to_be_visible(timeout=TIMEOUT)
    wire.armed = True
    confirm.click()
    facilitator.wait_for_timeout(1500)
    wire.release()
    expect(facilitator.get_by_text(f"Round 2 (open): {inject.title}")).to_be_visible(timeout=TIMEOUT)
    expect(facilitator.get_by_text(f"Conditions in force: {', '.join(names)}")).to_be_visible(timeout=TIMEOUT)
    picker = facilitator.get_by_role("combobox", name="Inject for the next round")
    expect(picker).to_have_attribute("placeholder", "No inject (a plain round)", timeout=TIMEOUT)
    expect(picker).to_have_value("", timeout=TIMEOUT)
    for name in names:  # still in force for the next round unless the facilitator takes them off
        expect(conditions).to_contain_text(name)


class SlowWire:
    """Between the server and one page: when slowed, hands the page the server's messages one at a time,
    a few milliseconds apart (a slow network, or a busy server), so every step of a run is drawn."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.slow = False
        self.queue: list = []
        self.to_page = None
        page.route_web_socket(re.compile(r"/_stcore/stream"), self._route)

    def _route(self, ws) -> None:
        self.to_page = ws
        server = ws.connect_to_server()
        server.on_message(self._from_server)

    def _from_server(self, message) -> None:
        if self.slow or self.queue:
            self.queue.append(message)
        else:
            self.to_page.send(message)

    def deliver_slowly_until(self, done, seconds: float = 60) -> None:
        """Deliver what is queued, one message every 20 ms, until ``done()`` holds and nothing is queued."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.queue:
                self.to_page.send(self.queue.pop(0))
            elif done():
                self.slow = False
                return
            self.page.wait_for_timeout(20)
        raise AssertionError("the page did not reach the state in time")


class LostPolledParts(SlowWire):  # its routing; its own handling of the server's messages
    """Between the server and one page: when armed, drops every message of the next whole-page run that
    belongs to a polled fragment, as Streamlit does when a poll starts right after that run, before the
    run's messages have left the server (its queue drops the fragment's unsent messages and keeps the
    run's "finished"). The fragments' own runs afterwards pass."""

    def __init__(self, page: Page) -> None:
        self.armed = False
        self.in_full_run = False
        self.dropped: set[str] = set()  # fragments whose part of the whole-page run never reached the page
        self.drawn_again: set[str] = set()  # ... and that have drawn again since
        self.ran_after: set[str] = set()  # fragments that ran by themselves after that run
        self.done = False  # that run has finished
        super().__init__(page)

    @property
    def lost(self) -> set[str]:
        """Fragments whose part of the run never reached the page: dropped here, or (a fragment that ran after
        it with no part in it) already dropped by Streamlit itself, the very defect, when a poll came first.
        Sound because this wire drops every fragment's part of the run, and each fragment sends at least its own
        box in any run: a fragment seen running after it had no part of it reach the page. What the test then
        checks is the page: no browser error, and the dashboard live and right afterwards."""
        return self.dropped | self.ran_after

    def _from_server(self, message) -> None:
        if isinstance(message, bytes):
            from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

            msg = ForwardMsg()
            msg.ParseFromString(message)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.in_full_run = self.armed and not msg.metadata.run.fragment_ids
                if self.done:
                    self.ran_after.update(msg.metadata.run.fragment_ids)
            elif kind == "script_finished" and self.in_full_run:
                self.in_full_run = False
                self.armed = msg.script_finished != ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
                self.done = not self.armed
            elif kind == "delta" and msg.delta.fragment_id:
                if self.in_full_run:
                    self.dropped.add(msg.delta.fragment_id)
                    return
                if msg.delta.fragment_id in self.dropped:
                    self.drawn_again.add(msg.delta.fragment_id)
        self.to_page.send(message)


def open_projector(browser: Browser, facilitator: Page) -> Watched:
    """The facilitator makes a projector link; a screen of its own opens it."""
    facilitator.get_by_role("button", name="Make a projector link").click()
    link = facilitator.get_by_test_id("stCode").filter(has_text="/screen?s=")
    expect(link).to_be_visible(timeout=TIMEOUT)
    projector = Watched(browser, viewport={"width": 1280, "height": 720})
    projector.page.goto(link.inner_text().strip())
    ready(projector.page)
    return projector


def test_the_dashboard_keeps_working_when_a_page_runs_polled_parts_never_reach_the_browser(
        browser: Browser, app_url: str) -> None:
    """Runs of 2026-11-29, about one in four (most under load): the facilitator's page went blank
    ("'setIn' cannot be called on an ElementNode") and the seminar test stopped wherever it was next
    waiting ("Submitted 3 of 3", "Round 1 (open)", an inject's conditions). A poll that starts right after a
    run of the whole page makes Streamlit drop that run's unsent messages for the polled fragment; the
    browser then removed the fragment's box, everything below it moved up one place, and the next poll
    wrote into the wrong element. This drops those messages every time."""
    facilitator = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    errors: list[str] = []
    facilitator.on("pageerror", lambda error: errors.append(str(error)))
    wire = LostPolledParts(facilitator)
    facilitator.goto(f"{app_url}/facilitate")
    ready(facilitator)
    code = make_room(facilitator, "Lost parts")
    person = join(browser, app_url, code, "Ida").page
    expect(facilitator.get_by_text("Joined so far: 1")).to_be_visible(timeout=TIMEOUT)

    wire.armed = True
    facilitator.get_by_role("button", name="Open next round").click()  # a run of the whole page
    deadline = time.monotonic() + 30
    # Every part lost and drawn again: the dashboard, values or facts, the participants panel. Most runs drop
    # all three here; under load Streamlit now and then drops the dashboard's part first (CI of 2026-11-29).
    while wire.armed or not wire.dropped or wire.drawn_again != wire.dropped or len(wire.lost) < 3:
        assert not errors, errors  # (without its own container: "'setIn' cannot be called on an ElementNode")
        assert time.monotonic() < deadline, (wire.armed, wire.dropped, wire.drawn_again, wire.ran_after)
        facilitator.wait_for_timeout(50)

    try:  # (a page that failed is blank: the browser's error says more than a missing text)
        expect(facilitator.get_by_text("Round 1 (open): no inject")).to_be_visible(timeout=TIMEOUT)
        expect(facilitator.get_by_text("Submitted 0 of 1")).to_be_visible(timeout=TIMEOUT)
        expect(facilitator.get_by_role("heading", name="After-action report")).to_be_visible()
        expect(facilitator.get_by_role("button", name="Build the report now")).to_be_visible()
        weigh_and_submit(person, 1, None, "Still here")
        expect(facilitator.get_by_text("Submitted 1 of 1")).to_be_visible(timeout=TIMEOUT)  # still live
    finally:
        assert not errors, errors


MOST_AT_ONCE = """() => {
    window.__mostAtOnce = 0;
    const count = () => document.querySelectorAll('textarea[aria-label^="Your reason"]').length;
    new MutationObserver(() => { window.__mostAtOnce = Math.max(window.__mostAtOnce, count()); })
        .observe(document.body, {childList: true, subtree: true});
}"""


def test_a_participants_form_is_drawn_once_while_the_page_changes_rounds(browser: Browser, app_url: str) -> None:
    """A local run of 2026-11-29: when the next round opened after a closed, revealed one, the participant's page
    showed two reason boxes while it ran (what stood above the form changed, so the form moved and its old
    copy stayed until the run ended). A participant typing then could type into the box that is about to go."""
    from tests.browser.test_room_resilience import create_room

    facilitator, code = create_room(browser, app_url, "Moving form")
    facilitator.get_by_role("button", name="Open next round").click()
    expect(facilitator.get_by_text("Round 1 (open): no inject")).to_be_visible(timeout=TIMEOUT)
    person = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    wire = SlowWire(person)
    person.goto(f"{app_url}/join?code={code}")
    ready(person)
    expect(person.get_by_label("Join code (from the facilitator's screen)")).to_have_value(code, timeout=TIMEOUT)
    person.get_by_label("Your display name").fill("Kim")
    person.get_by_role("button", name="Join").click()
    expect(person.get_by_text("you are Kim")).to_be_visible(timeout=TIMEOUT)
    weigh_and_submit(person, 1, PACK.criteria[0].id, "Fentanyl first")
    facilitator.get_by_role("button", name="Reveal results").click()
    expect(person.get_by_text("Your weights against the group's")).to_be_visible(timeout=TIMEOUT)

    facilitator.get_by_role("button", name="Close round").click()
    expect(person.get_by_text("Round 1 is closed. Wait for the facilitator to open the next round.")
           ).to_be_visible(timeout=TIMEOUT)
    person.evaluate(MOST_AT_ONCE)
    wire.slow = True
    facilitator.get_by_role("button", name="Open next round").click()
    wire.deliver_slowly_until(lambda: person.get_by_text("Your weights for round 2").count() == 1
                              and person.get_by_test_id("stStatusWidget").count() == 0)
    assert person.evaluate("window.__mostAtOnce") == 1


def test_the_participants_list_follows_people_joining_without_a_click(browser: Browser, app_url: str) -> None:
    """An exploratory test of 2026-11-29: the dashboard said "Joined so far: 1" while the Participants list below
    still said "(0 of at most 300)" and offered no Remove button until the facilitator clicked something."""
    from tests.browser.test_room_resilience import create_room

    facilitator, code = create_room(browser, app_url, "Who is here")
    panel = facilitator.get_by_test_id("stExpander").filter(has_text=re.compile(r"Participants(:| \()"))
    expect(panel).to_be_visible(timeout=TIMEOUT)
    join(browser, app_url, code, "Noor")
    expect(facilitator.get_by_text("Joined so far: 1")).to_be_visible(timeout=TIMEOUT)
    panel.get_by_text(re.compile(r"^Participants(:| \()")).click()
    expect(panel).to_contain_text("1 of at most", timeout=TIMEOUT)
    expect(panel.get_by_text("Noor", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(panel.get_by_role("button", name="Remove")).to_be_visible(timeout=TIMEOUT)
    join(browser, app_url, code, "Ravi")  # while it is open: it stays open and lists her
    expect(panel.get_by_text("Ravi", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(panel).to_contain_text("2 of at most", timeout=TIMEOUT)
    expect(panel.get_by_role("button", name="Remove")).to_have_count(2, timeout=TIMEOUT)
    panel.get_by_role("button", name="Remove").nth(1).click()  # Ravi, the second to join
    panel.get_by_role("button", name="Yes, remove").click()
    expect(panel).to_contain_text("removed at", timeout=TIMEOUT)
    expect(panel).to_contain_text("1 of at most", timeout=TIMEOUT)
    expect(facilitator.get_by_text("Joined so far: 1")).to_be_visible(timeout=TIMEOUT)


def test_a_second_facilitator_tab_follows_what_the_first_did_without_a_click(browser: Browser, app_url: str) -> None:
    """Exploratory test, 2026-11-29: a second facilitator tab still offered "Reveal results" and "Close round" after
    the first had revealed and closed, and its "Open next round" asked to close a round that was already closed."""
    from tests.browser.test_room_resilience import create_room, facilitator_key, open_round

    first, _code = create_room(browser, app_url, "Two tabs")
    room_number, key = facilitator_key(first)
    second = browser.new_context().new_page()
    second.goto(f"{app_url}/facilitate")
    ready(second)
    second.get_by_label("Room number").fill(str(room_number))
    second.get_by_label("Facilitator key").fill(key)
    second.get_by_role("button", name="Resume room").click()
    expect(second.get_by_text("Two tabs")).to_be_visible(timeout=TIMEOUT)

    open_round(first, 1)
    expect(second.get_by_role("button", name="Close round")).to_be_enabled(timeout=10_000)
    first.get_by_role("button", name="Reveal results").click()
    expect(second.get_by_role("button", name="Hide results")).to_be_visible(timeout=10_000)
    first.get_by_role("button", name="Close round").click()
    expect(second.get_by_role("button", name="Close round")).to_be_disabled(timeout=10_000)
    second.get_by_role("button", name="Open next round").click()  # the round is closed: no question to answer
    expect(second.get_by_text("Round 2 (open): no inject")).to_be_visible(timeout=TIMEOUT)
    expect(second.get_by_text("is still open", exact=False)).to_have_count(0)


def test_axe_core_finds_nothing_serious_on_the_room_pages(browser: Browser, app_url: str) -> None:
    """Issue 11 asks for no serious or critical axe-core violation on every page our code controls; the room
    pages are ours too: the facilitator's (before and with a room), the join form, a participant's page (round
    open, results revealed, on a phone) and the projector (waiting, revealed)."""
    from tests.browser.test_student_task import _serious

    found: dict[str, list[str]] = {}
    boss = Watched(browser, viewport={"width": 1400, "height": 1000})
    facilitator = boss.page
    facilitator.goto(f"{app_url}/facilitate")
    ready(facilitator)
    expect(facilitator.get_by_label("Room title")).to_be_visible(timeout=TIMEOUT)
    found["facilitator, no room"] = _serious(facilitator)
    code = make_room(facilitator, "Axe check")
    projector = open_projector(browser, facilitator)
    expect(projector.page.get_by_text("Waiting for the first round")).to_be_visible(timeout=TIMEOUT)
    found["projector, waiting"] = _serious(projector.page)

    newcomer = Watched(browser, viewport={"width": 1400, "height": 1000})
    newcomer.page.goto(f"{app_url}/join")
    ready(newcomer.page)
    expect(newcomer.page.get_by_label("Your display name")).to_be_visible(timeout=TIMEOUT)
    found["join form"] = _serious(newcomer.page)

    ana = join(browser, app_url, code, "Ana")
    chen = join(browser, app_url, code, "Chen", **PHONE)
    facilitator.get_by_role("button", name="Open next round").click()
    expect(facilitator.get_by_text("Round 1 (open): no inject")).to_be_visible(timeout=TIMEOUT)
    expect(chen.page.get_by_text("Round 1 is open: set your weights below and submit.")).to_be_visible(
        timeout=TIMEOUT)
    found["participant on a phone, round open"] = _serious(chen.page)
    weigh_and_submit(ana.page, 1, PACK.criteria[0].id, "Fentanyl first")
    weigh_and_submit(chen.page, 1, PACK.criteria[5].id, "Civilians first")
    expect(facilitator.get_by_text("Submitted 2 of 2")).to_be_visible(timeout=TIMEOUT)
    found["facilitator, round open, all submitted"] = _serious(facilitator)
    facilitator.get_by_role("button", name="Reveal results").click()
    expect(projector.page.get_by_text("“Civilians first”")).to_be_visible(timeout=TIMEOUT)
    found["projector, revealed"] = _serious(projector.page)
    expect(ana.page.get_by_text("Your weights against the group's")).to_be_visible(timeout=TIMEOUT)
    found["participant, revealed"] = _serious(ana.page)
    facilitator.get_by_text("Resume this room on another device").click()
    expect(facilitator.get_by_test_id("stExpander").filter(has_text="Resume this room").get_by_test_id("stCode")
           ).to_be_visible(timeout=TIMEOUT)
    found["facilitator, revealed, resume secret shown"] = _serious(facilitator)
    newcomer.page.get_by_label("Join code (from the facilitator's screen)").fill("ZZZZ-ZZZZ")
    newcomer.page.get_by_label("Your display name").fill("Dee")
    newcomer.page.get_by_role("button", name="Join").click()
    expect(newcomer.page.get_by_test_id("stAlert")).to_be_visible(timeout=TIMEOUT)
    found["join form, wrong code"] = _serious(newcomer.page)
    bad = {where: lines for where, lines in found.items() if lines}
    assert bad == {}, "\n".join(f"{w}: {line}" for w, lines in bad.items() for line in lines)
