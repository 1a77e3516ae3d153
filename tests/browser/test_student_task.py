"""Issue 11, done when: the student's task end to end in a real browser, on a desktop and a phone,
and an axe-core audit of every page our code controls."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from pypdf import PdfReader

import engine
from schema import BUNDLED_PACK, load_pack
from tests.browser.test_app_browser import TIMEOUT, goto, show_view, wait_ready
from ui import plain

pytestmark = pytest.mark.browser
PACK = load_pack(BUNDLED_PACK)
NAMES = {o.id: o.name for o in PACK.options}
CRITERIA = [c.id for c in PACK.criteria]
VIEWPORTS = {"desktop": {"width": 1400, "height": 1000}, "phone": {"width": 390, "height": 844}}
CONSENT = next(c for c in PACK.contexts if "consent" in c.id)  # "Mexico refuses consent"

#: Streamlit's own widgets whose markup we cannot change; violations inside them are filtered by
#: node and listed in the README (rule ids there). Everything else must pass.
STREAMLIT_OWNED = ['[data-testid="stSidebarNav"]', '[data-testid="stSidebarNavItems"]']


def leaders(raw: dict[str, float], contexts: tuple[str, ...] = ()) -> list[str]:
    result = engine.rank(engine.matrix_from_pack(PACK, contexts=contexts), raw)
    return [NAMES[o] for o in plain.leaders(result)]


def words(page: Page):
    return page.locator("#bottom-line")


def set_slider(page: Page, criterion_id: str, key: str) -> None:
    slider = page.get_by_role("slider", name=re.compile("^" + re.escape(PACK.criterion(criterion_id).name) + ":"))
    slider.scroll_into_view_if_needed()
    slider.focus()
    slider.press(key)


def expect_leaders(page: Page, names: list[str]) -> None:
    if len(names) > 1:
        expect(words(page)).to_contain_text("Tie for first: ", timeout=TIMEOUT)
        for name in names:
            expect(words(page)).to_contain_text(name, timeout=TIMEOUT)
    else:
        expect(words(page)).to_contain_text(f"{names[0]} leads with", timeout=TIMEOUT)


def save_scenario(page: Page, name: str) -> None:
    box = page.get_by_label("Scenario name")
    box.fill(name)
    box.press("Enter")
    page.get_by_role("button", name="Save scenario").click()
    expect(page.get_by_text(f"Saved “{name}”")).to_be_visible(timeout=TIMEOUT)


def pdf_pages(page: Page, html_text: str, paper: str) -> int:
    page.set_content(html_text)
    return len(PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True))).pages)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_student_task_end_to_end(browser, app_url: str, viewport: str, shot, tmp_path: Path) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True)
    page = context.new_page()
    try:
        goto(page, f"{app_url}/weigh")
        # Civilian harm and cooperation weighted highest (keyboard, as a student would).
        set_slider(page, "civilian_harm", "End")
        set_slider(page, "cooperation_risk", "End")
        raw = {c: 50.0 for c in CRITERIA} | {"civilian_harm": 100.0, "cooperation_risk": 100.0}
        expect(page).to_have_url(re.compile("w_cooperation_risk=100"), timeout=TIMEOUT)
        first = leaders(raw)
        expect_leaders(page, first)  # a tie is named as a tie
        items = page.locator("#ranking-list li")
        expect(items).to_have_count(len(PACK.options), timeout=TIMEOUT)
        if len(first) > 1:
            expect(items.first).to_contain_text("(tied)")
        # On a phone the words and the ranking come before the sliders.
        slider_box = page.get_by_role("slider").first.bounding_box()
        assert page.locator("#ranking-list").bounding_box()["y"] < slider_box["y"]
        shot(page, f"task-words-{viewport}")

        # The reason, as a sentence.
        show_view(page, "Why A above B")
        matrix = engine.matrix_from_pack(PACK)
        result = engine.rank(matrix, raw)
        a, b = result.order[0], result.order[1]
        sentence = plain.why_sentence(engine.why(matrix, raw, a, b), NAMES[a], NAMES[b],
                                      plain.score_of(result, a), plain.score_of(result, b))
        expect(page.get_by_text(sentence[:60], exact=False).first).to_be_visible(timeout=TIMEOUT)
        save_scenario(page, "Harm and cooperation first")

        # Consent switched off: Mexico refuses consent.
        page.get_by_text(re.compile(r"^Conditions \(")).first.click()
        switch = page.get_by_test_id("stMainBlockContainer").get_by_role("switch", name=CONSENT.name)
        switch.focus()
        page.keyboard.press("Space")
        expect(page).to_have_url(re.compile(f"ctx_{CONSENT.id}=true"), timeout=TIMEOUT)
        expect_leaders(page, leaders(raw, (CONSENT.id,)))
        save_scenario(page, "No consent")

        # The brief: named after the scenario, one printed page on A4 and on Letter.
        page.get_by_role("button", name="Make the brief").click()
        at_rest(page)
        with page.expect_download() as info:
            page.get_by_role("button", name="Brief (HTML, one page)").click()
        assert info.value.suggested_filename == "no-consent-brief.html"
        brief = Path(info.value.path()).read_text()
        assert "No consent" in brief and CONSENT.name in brief
        for name in leaders(raw, (CONSENT.id,)):
            assert name.replace("&", "&amp;") in brief
        printer = context.new_page()
        assert pdf_pages(printer, brief, "A4") == 1
        assert pdf_pages(printer, brief, "Letter") == 1
        printer.close()

        # Two named scenarios compared; still there after a reload (they live in the link).
        page.reload()
        wait_ready(page)
        if viewport == "phone":
            page.get_by_test_id("stExpandSidebarButton").or_(page.get_by_test_id("stSidebarCollapsedControl")).first.click()
        page.get_by_role("link", name="Compare").click()
        expect(page.get_by_role("heading", name="Ranks")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text(f"{CONSENT.name} switched on")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("Harm and cooperation first:", exact=False).first).to_be_visible()
        expect(page.get_by_text("No consent:", exact=False).first).to_be_visible()
        shot(page, f"task-compare-{viewport}")
    finally:
        context.close()


def at_rest(page: Page) -> None:
    """Wait until no run is in progress, nothing is faded as stale and no animation runs."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
                           " && !document.querySelector('[data-stale=\"true\"]')"
                           " && document.getAnimations().filter(a => a.playState === 'running').length === 0",
                           timeout=TIMEOUT)


#: The parts of the page that scroll by themselves (the page's main area and the sidebar).
SCROLLERS = ['[data-testid="stMain"]', '[data-testid="stSidebarContent"]']
SCROLL = """([sel, y]) => { const e = document.querySelector(sel); if (!e) return null;
    e.scrollTo(0, y); return [e.scrollTop, e.scrollHeight, e.clientHeight]; }"""


def _violations(page: Page, response: dict) -> list[str]:
    found = []
    for violation in response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            owned = page.evaluate(
                "([sel, owned]) => { const el = document.querySelector(sel);"
                " return !!el && owned.some(o => el.closest(o)); }",
                [node["target"][0], STREAMLIT_OWNED])
            if not owned:
                found.append(f"{violation['id']}: {node['html'][:160]} {node.get('failureSummary', '')[:200]}")
    return found


def _serious(page: Page) -> list[str]:
    """Serious and critical axe-core violations outside Streamlit's own widgets, one line each: every rule on the
    first screen, then colour contrast on each further screen. axe-core checks contrast only for what is on
    screen, and the page's main area and the sidebar scroll by themselves: a faint line below the first
    screen passed unseen (an accessibility audit of 2026-11-29 found the faded quotes that way)."""
    # Audit the page at rest: elements of a run still in progress are faded (stale) by design.
    at_rest(page)
    found = _violations(page, Axe().run(page).response)
    for scroller in SCROLLERS:
        at = page.evaluate(SCROLL, [scroller, 0])
        for _ in range(40):  # a page of 40 screens is far longer than any of ours
            if not at or at[0] + at[2] >= at[1] - 1:  # nothing below what was checked
                break
            moved = page.evaluate(SCROLL, [scroller, at[0] + at[2] - 40])  # a screen on, a line overlapping
            if moved[0] <= at[0]:  # it did not scroll (not the part that scrolls here): nothing more to see
                break
            at = moved
            at_rest(page)
            found += [f for f in _violations(page, Axe().run(page, options={"runOnly": ["color-contrast"]}).response)
                      if f not in found]
        page.evaluate(SCROLL, [scroller, 0])
    return found


PAGES = ["", "weigh", "compare", "perspectives", "sources", "your-pack"]
WEIGH_VIEWS = ["Why A above B", "Contributions", "Matrix", "Sensitivity", "Uncertainty", "Methods", "Override scores",
               "Show your work"]


def test_the_accessibility_check_reads_every_screen_of_a_page(page: Page, app_url: str) -> None:
    """A line too faint to read, put below the first screen of the main area and of the sidebar, is found."""
    goto(page, f"{app_url}/weigh")
    expect(page.locator("[class*=st-key-weigh_view_] svg.marks").first).to_be_visible(timeout=TIMEOUT)  # all drawn
    at_rest(page)
    for scroller, name in ((SCROLLERS[0], "below-main"), (SCROLLERS[1], "below-sidebar")):
        planted = page.evaluate(
            """([sel, id]) => { const box = document.querySelector(sel);
                const p = document.createElement('p'); p.id = id; p.textContent = 'A line too faint to read';
                p.style.cssText = 'color:#c8c8c8;background:#ffffff';
                [...box.querySelectorAll('[data-testid=stElementContainer]')].filter((e) => e.checkVisibility()).at(-1)
                    .appendChild(p);
                return [p.getBoundingClientRect().top, innerHeight]; }""", [scroller, name])
        assert planted[0] > planted[1], (scroller, planted)  # below the first screen
    found = _serious(page)
    assert any('id="below-main"' in f and f.startswith("color-contrast") for f in found), found
    assert any('id="below-sidebar"' in f and f.startswith("color-contrast") for f in found), found


@pytest.mark.parametrize("path", PAGES)
def test_axe_core_finds_nothing_serious(page: Page, app_url: str, path: str) -> None:
    goto(page, f"{app_url}/{path}")
    expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(500)
    assert _serious(page) == []


def test_axe_core_on_every_weigh_view(page: Page, app_url: str) -> None:
    goto(page, f"{app_url}/weigh")
    for tab in WEIGH_VIEWS:
        show_view(page, tab)
        page.wait_for_timeout(300)
        assert _serious(page) == [], tab


def test_every_chart_has_a_name_and_no_name_cut_to_a_few_words(page: Page, app_url: str) -> None:
    """Charts carry a title and a description (the SVG's accessible name). An exploratory test of 2026-11-29: at
    1400 px the matrix heat map cut every option to about 12 characters ("Press China o…"): its width is set per
    column, and the phone rule read the chart's width as a phone's."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    goto(page, f"{app_url}/weigh")
    for tab in ["Why A above B", "Contributions", "Matrix", "Sensitivity"]:
        show_view(page, tab)
        charts = page.locator("[class*=st-key-weigh_view_] svg.marks")
        expect(charts.first).to_be_visible(timeout=TIMEOUT)
        for i in range(charts.count()):
            label = charts.nth(i).get_attribute("aria-label") or ""
            assert len(label) > 20, (tab, label)
            cut = charts.nth(i).evaluate("(svg) => [...svg.querySelectorAll('.role-axis-label text')]"
                                         ".map(t => t.textContent).filter(t => t.endsWith('…'))")
            assert all(len(t) >= 25 for t in cut), (tab, cut[:4])


PHONE_MARKS = """(svg) => {
    // Every bar, point and tick the chart draws: its box on the screen.
    const marks = [...svg.querySelectorAll('g.role-mark > path')];
    return marks.map(m => { const r = m.getBoundingClientRect(); return [r.left, r.right, r.width, r.height]; });
}"""


def _charts_fit_the_phone(page: Page, where: str) -> None:
    charts = page.locator("svg.marks:visible")
    expect(charts.first).to_be_visible(timeout=TIMEOUT)
    for i in range(charts.count()):
        svg = charts.nth(i)
        name = (svg.get_attribute("aria-label") or "")[:60]
        boxes = svg.evaluate(PHONE_MARKS)
        drawn = [b for b in boxes if b[2] >= 2 or b[3] >= 2]
        assert drawn, f"{where}: the chart {name!r} draws nothing on a phone"
        # A chart of its own that scrolls sideways (the heatmap); the page's main area scrolls too, which does
        # not count: up to it, not past it.
        scrolls = svg.evaluate("(svg) => { for (let e = svg.parentElement; e && e.dataset.testid !== 'stMain';"
                               " e = e.parentElement) {"
                               " if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) return true; }"
                               " return false; }")
        outside = [b for b in drawn if b[0] < -1 or b[1] > 391]
        assert scrolls or not outside, f"{where}: {len(outside)} of {len(drawn)} marks of {name!r} lie off the screen"
        plot = svg.evaluate("(svg) => { const r = svg.querySelector('g.role-mark');"
                            " return r ? r.getBoundingClientRect().width : 0; }")
        assert plot >= 60, f"{where}: the plot of {name!r} is {plot:.0f} px wide on a phone"
        # Exploratory test, 2026-11-29: "Why A above B" reached 538 px on a 390 px phone (its legend and axis
        # title ran off the screen, cut mid-word).
        right = svg.evaluate("(svg) => Math.max(svg.getBoundingClientRect().right,"
                             " ...[...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().right))")
        assert scrolls or right <= 391, f"{where}: the chart {name!r} reaches {right:.0f} px on a 390 px phone"


def test_on_a_phone_every_chart_draws_its_marks_inside_the_screen(browser, app_url: str) -> None:
    """An exploratory test of 2026-11-29: on a 390 px phone the "Why A above B" chart drew its labels and
    no bars (a one-line axis title wider than the screen left the plot no width), the Perspectives rank
    ranges lost their bars and the ladder's columns ran together."""
    page = browser.new_context(viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True).new_page()
    goto(page, f"{app_url}/")
    _charts_fit_the_phone(page, "Ladder")
    goto(page, f"{app_url}/perspectives")
    _charts_fit_the_phone(page, "Perspectives")
    goto(page, f"{app_url}/weigh?w_civilian_harm=100&w_cooperation_risk=100")  # two long names at the top
    for tab in ["Why A above B", "Contributions", "Matrix", "Sensitivity"]:
        show_view(page, tab)
        _charts_fit_the_phone(page, tab)


def test_the_back_button_from_another_page_keeps_the_weights(page: Page, app_url: str) -> None:
    """Exploratory test, 2026-11-29: weights set on Weigh & rank, then Compare from the sidebar, then the browser's
    Back button: Weigh & rank came back with every slider at the middle and another leader, without a word."""
    goto(page, f"{app_url}/")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Weigh & rank").click()
    expect(words(page)).to_be_visible(timeout=TIMEOUT)
    set_slider(page, "civilian_harm", "End")
    set_slider(page, "cooperation_risk", "End")
    raw = {c: 50.0 for c in CRITERIA} | {"civilian_harm": 100.0, "cooperation_risk": 100.0}
    expect_leaders(page, leaders(raw))
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Compare").click()
    expect(page.get_by_role("heading", name="Compare")).to_be_visible(timeout=TIMEOUT)
    page.go_back()
    expect(words(page)).to_be_visible(timeout=TIMEOUT)
    slider = page.get_by_role("slider", name=re.compile("^" + re.escape(PACK.criterion("civilian_harm").name) + ":"))
    expect(slider).to_have_value("100", timeout=TIMEOUT)
    expect_leaders(page, leaders(raw))


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_weight_sweep_draws_its_lines_with_room_to_read_them(browser, app_url: str, viewport: str) -> None:
    """Exploratory test, 2026-11-29: the Sensitivity tab's sweep drew every line along one flat band above the
    axis; its legend took the chart's height."""
    page = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone").new_page()
    goto(page, f"{app_url}/weigh")
    show_view(page, "Sensitivity")
    sweep = page.locator("svg.marks").filter(has=page.locator(".role-title-text", has_text="Scores as the weight on"))
    expect(sweep).to_be_visible(timeout=TIMEOUT)
    sweep.scroll_into_view_if_needed()
    plot = sweep.evaluate("(svg) => { const lines = [...svg.querySelectorAll('g.role-mark path')];"
                          " const boxes = lines.map(l => l.getBoundingClientRect()).filter(r => r.width > 2);"
                          " return Math.max(...boxes.map(r => r.bottom)) - Math.min(...boxes.map(r => r.top)); }")
    assert plot >= 100, f"the sweep's lines span {plot:.0f} px of height on a {viewport}"


def test_axe_core_on_sources_with_a_sources_quotes_open(page: Page, app_url: str) -> None:
    """An accessibility pass of 2026-11-29: opened from a citation (?source=…), Sources shows that source's quotes
    as Markdown quotes, which Streamlit fades to 3.9:1 (color-contrast, serious); the default page keeps them
    closed, so the check above never saw them."""
    source = PACK.sources[-1].id
    goto(page, f"{app_url}/sources?source={source}")
    expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=TIMEOUT)
    quote = page.locator("[data-testid='stExpander'] details[open] blockquote").first
    expect(quote).to_be_visible(timeout=TIMEOUT)
    quote.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert _serious(page) == []
    opacity, colour = quote.evaluate("q => [getComputedStyle(q).opacity, getComputedStyle(q).color]")
    assert float(opacity) == 1.0, (opacity, colour)
