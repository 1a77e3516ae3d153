"""Downloads on a shared server: every file arrives named and whole while a room polls the server.

Streamlit deletes a deferred download's file once two script runs anywhere on the server have
ended after it was made, so on a server whose seminar rooms poll many times a second a click could
fetch a file already gone (CI saw the brief arrive as "<media id>.html" twice). The files are now
made with the page (the brief when "Make the brief" is pressed). Playwright cannot hold a download's own fetch, so this test cannot widen that
window on demand: it checks the whole path, four downloads in a row beside a polling dashboard, with
the page's other media fetches slowed.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Browser, Route, expect

from tests.browser.test_app_browser import TIMEOUT, goto
from tests.browser.test_student_task import at_rest, save_scenario

DOWNLOADS = {
    "Brief (HTML, one page)": "harm-first-brief.html",
    "Brief (Markdown)": "harm-first-brief.md",
    "Scenario (JSON)": "harm-first.json",
    "Ranking (CSV)": "harm-first-ranking.csv",
}


def test_every_download_keeps_its_name_and_content_while_a_room_polls(browser: Browser, app_url: str) -> None:
    room = browser.new_context().new_page()  # a facilitator's dashboard, polling four times a second
    goto(room, f"{app_url}/facilitate")
    room.get_by_label("Room title").fill("Polling room")
    room.get_by_role("button", name="Create room").click()
    expect(room.get_by_test_id("stMetricValue").first).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"),
                                                                    timeout=TIMEOUT)

    student = browser.new_context(accept_downloads=True).new_page()

    def slow_network(route: Route) -> None:
        time.sleep(1.5)
        route.continue_()

    student.route(re.compile(r"/media/"), slow_network)
    goto(student, f"{app_url}/weigh")
    save_scenario(student, "Harm first")
    student.get_by_role("button", name="Make the brief").click()
    for label, filename in DOWNLOADS.items():
        at_rest(student)
        with student.expect_download(timeout=TIMEOUT) as info:
            student.get_by_role("button", name=label).click()
        download = info.value
        assert download.failure() is None, (label, download.failure())
        assert download.suggested_filename == filename
        text = Path(download.path()).read_text()
        assert "Harm first" in text or label == "Ranking (CSV)", label
        assert text.strip(), label


def test_the_after_action_report_fits_the_page_width(browser, tmp_path) -> None:
    """Exploratory test (seventh session): the report's "Every submission" table ran wider than the page when a
    reason or a name had a long unbroken word."""
    import seminar
    from schema import BUNDLED_PACK, load_pack
    from ui import room_report, rooms

    pack = load_pack(BUNDLED_PACK)
    criteria = [c.id for c in pack.criteria]
    store = seminar.open_store(f"sqlite:///{tmp_path / 'rooms.sqlite3'}")
    room_id, secret, code = store.create_room("Room", "bundled", "wsm", False, criteria)
    _, token = store.join(code, "Ana" + "x" * 50)
    store.open_round(room_id, secret)
    store.submit(token, {c: 50 for c in criteria}, reason="because" + "-because" * 40)
    view = store.facilitator_view(room_id, secret)
    analyse = (lambda rnd: rooms.analyse_weights(pack, tuple(rnd.contexts), "wsm",
                                                 store.round_weights(room_id, rnd.number)))
    report = room_report.after_action_html(pack, view, store.history(room_id, secret), analyse, False)
    context = browser.new_context(viewport={"width": 800, "height": 1000})
    try:
        page = context.new_page()
        page.set_content(report)
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 800, f"the report is {wide} px wide in an 800 px window"
        # and no one-word header is broken inside the word ("Ro/un/d")
        broken = page.evaluate("""() => [...document.querySelectorAll('th')].filter((th) => {
            if (th.textContent.trim().includes(' ')) return false;
            const range = document.createRange(); range.selectNodeContents(th);
            return range.getClientRects().length > 1; }).map((th) => th.textContent)""")
        assert not broken, broken
    finally:
        context.close()
