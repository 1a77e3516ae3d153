"""A two-round war-game in real browsers: one facilitator and three participants, each in its own context."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from schema import BUNDLED_PACK, load_pack

pytestmark = pytest.mark.browser
PACK = load_pack(BUNDLED_PACK)
TIMEOUT = 30_000


def ready(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_be_visible(timeout=TIMEOUT)


def join(browser: Browser, app_url: str, code: str, name: str, slider_key: str | None) -> Page:
    page = browser.new_context().new_page()
    page.goto(f"{app_url}/join?code={code}")
    ready(page)
    expect(page.get_by_label("Join code (from the facilitator's screen)")).to_have_value(code, timeout=TIMEOUT)
    page.get_by_label("Your display name").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text(f"you are {name}")).to_be_visible(timeout=TIMEOUT)
    if slider_key:
        slider = page.get_by_role("slider", name=re.compile(re.escape(PACK.criterion(slider_key).name)))
        slider.focus()
        slider.press("End")
    return page


def submit(page: Page, round_number: int) -> None:
    page.get_by_role("button", name="Submit my weights").click()
    expect(page.get_by_text(f"Round {round_number}: submitted (revision 1)")).to_be_visible(timeout=TIMEOUT)


def test_two_round_war_game(browser: Browser, app_url: str, shot) -> None:
    facilitator = browser.new_context().new_page()
    facilitator.goto(f"{app_url}/facilitate")
    ready(facilitator)
    facilitator.get_by_label("Room title").fill("Border war-game")
    facilitator.get_by_role("button", name="Create room").click()
    code_metric = facilitator.get_by_test_id("stMetricValue").first
    expect(code_metric).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"), timeout=TIMEOUT)
    code = code_metric.inner_text().replace("-", "")

    criteria = [c.id for c in PACK.criteria]
    people = [join(browser, app_url, code, name, key) for name, key in
              (("Ana", criteria[0]), ("Ben", criteria[5]), ("Chen", None))]
    expect(facilitator.get_by_text("Joined so far: 3")).to_be_visible(timeout=TIMEOUT)

    # Round 1: a plain round.
    facilitator.get_by_role("button", name="Open next round").click()
    expect(facilitator.get_by_text("Round 1 (open)")).to_be_visible(timeout=TIMEOUT)
    for p in people:
        expect(p.get_by_text("Round 1 (open)")).to_be_visible(timeout=TIMEOUT)
        submit(p, 1)
    # The dashboard refreshes by itself: no reload.
    expect(facilitator.get_by_text("Submitted 3 of 3")).to_be_visible(timeout=TIMEOUT)
    expect(facilitator.get_by_text("Group ranking")).to_be_visible()
    shot(facilitator, "room-facilitator")

    # Round 2: inject an event that switches a context on.
    inject = next(i for i in PACK.injects if i.contexts)
    facilitator.get_by_label("Inject for the next round").click()
    facilitator.get_by_role("option", name=inject.title).click()
    facilitator.get_by_role("button", name="Open next round").click()
    expect(facilitator.get_by_text(f"Round 2 (open): {inject.title}")).to_be_visible(timeout=TIMEOUT)
    for p in people:
        expect(p.get_by_text(f"Round 2 (open): {inject.title}")).to_be_visible(timeout=TIMEOUT)
    submit(people[0], 2)
    expect(facilitator.get_by_text("Submitted 1 of 3")).to_be_visible(timeout=TIMEOUT)
    submit(people[1], 2)
    expect(facilitator.get_by_text("Submitted 2 of 3")).to_be_visible(timeout=TIMEOUT)
    expect(facilitator.get_by_text("How the group ranking moved, round by round")).to_be_visible(timeout=TIMEOUT)

    # Reveal: participants see the group result.
    facilitator.get_by_role("button", name="Reveal results").click()
    expect(people[2].get_by_text(re.compile(r"Group result \(2 submissions\)"))).to_be_visible(timeout=TIMEOUT)
    shot(people[2], "room-participant")

    with facilitator.expect_download() as info:
        facilitator.get_by_role("button", name="After-action report (HTML)").click()
    report = html.unescape(Path(info.value.path()).read_text())
    assert "Round 1: no inject" in report
    assert f"Round 2: {inject.title}" in report
    assert "Ana" in report and "Ben" in report
