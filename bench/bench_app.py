"""Browser benchmark of the app: weight change to updated ranking text and to all charts, first render.

Starts the app as `make run` does (`python -m ui.serve`) and drives Debian chromium with Playwright, as the
browser tests do. Prints medians; asserts nothing (targets: key press -> ranking text 100 ms,
all charts 600 ms, first page rendered 2 s after the server was started).

    .venv/bin/python bench/bench_app.py [--presses 21] [--floor] [--no-warm]

``--floor`` times the same milestones on ``bench/floor_app.py`` (one slider, a ranking list and
one small chart, no pack and no engine): Streamlit's own cost with this browser on this machine.
``--no-warm`` starts the app with plain ``streamlit run app.py`` instead of ``python -m ui.serve``.

Key press -> ranking text is printed twice: as Playwright sees it (from the press command to a poll that
finds the new text, round trips to the browser included) and by the page's own clock (from the keydown
event to the new text in the DOM, and to the animation frame that draws it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from _frames import PageFrames  # noqa: E402  (bench/, this script's folder)
from tests.browser.conftest import CHROMIUM, free_port, start_server, stop_server  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
RANKING = """(before) => { const r = document.querySelector('#ranking-list');
    return r && r.innerText !== before; }"""
RANKING_NOW = """() => { const r = document.querySelector('#ranking-list'); return r ? r.innerText : null; }"""
# The page's own clock: when the keydown happened (the event's own time stamp), when the ranking list's new
# text was in the DOM, and when the animation frame that draws it began (its requestAnimationFrame
# callback; the frame's paint follows, 10-17 ms in a Chromium trace of this page). No Playwright round trip
# is in these figures, and the frame is not delayed to the end of the tasks queued behind it.
PAGE_CLOCK = """(() => {
  window.__keydowns = []; window.__rankings = [];
  document.addEventListener('keydown', (e) => window.__keydowns.push(e.timeStamp), true);
  let last = null;
  const look = () => {
    const r = document.querySelector('#ranking-list');
    const text = r ? r.textContent : null;
    if (text === null || text === last) return;
    last = text;
    const seen = performance.now();
    requestAnimationFrame(() => window.__rankings.push({seen, frame: performance.now()}));
  };
  const start = () => new MutationObserver(look).observe(document.documentElement,
      {subtree: true, childList: true, characterData: true});
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})()"""
PAGE_TIMES = """() => { const k = window.__keydowns.at(-1);
  const r = window.__rankings.find((x) => x.seen >= k);
  return r ? [r.seen - k, r.frame - k] : null; }"""


class Frames(PageFrames):
    """The page's websocket frames: when it asked for a rerun, when the server began it, when the
    ranking list's delta arrived (as Playwright reports them)."""

    def __init__(self) -> None:
        self.sent: list[float] = []
        self.started: list[float] = []
        self.ranking: list[float] = []

    def on_back(self, msg, now: float) -> None:
        if msg.WhichOneof("type") == "rerun_script":
            self.sent.append(now)

    def on_forward(self, msg, now: float) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.started.append(now)
        elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "html" \
                and 'id="ranking-list"' in msg.delta.new_element.html.body:  # not the stylesheet's selector
            self.ranking.append(now)

    @staticmethod
    def first_after(times: list[float], start: float) -> float | None:
        return next((t - start for t in times if t >= start), None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presses", type=int, default=21)
    parser.add_argument("--floor", action="store_true", help="time bench/floor_app.py instead of the app")
    parser.add_argument("--no-warm", action="store_true",
                        help="start the app with plain `streamlit run app.py` (no imports warmed by ui.serve)")
    args = parser.parse_args()
    port = free_port()
    with sync_playwright() as p:
        # The browser is up before the server starts: "after server start" is then the wall time a user
        # who opens the page the moment the server answers would wait, with nothing left out.
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        frames = Frames()
        page.on("websocket", frames.attach)
        page.add_init_script(PAGE_CLOCK)
        t0 = time.perf_counter()
        proc = start_server(port, app=REPO / "bench" / "floor_app.py") if args.floor else \
            start_server(port, warm=not args.no_warm)
        health = time.perf_counter() - t0
        try:
            t1 = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/" + ("" if args.floor else "weigh"))
            page.locator("#bottom-line").wait_for(timeout=60_000)
            words = time.perf_counter() - t1
            page.locator("svg.marks, canvas").first.wait_for(timeout=60_000)
            page.wait_for_function(IDLE, timeout=60_000)
            first_render = time.perf_counter() - t1
            slider = page.get_by_role("slider").first
            to_text, to_idle, parts, in_page = [], [], [], []
            for i in range(args.presses):
                before = page.evaluate(RANKING_NOW)
                slider.focus()
                start = time.perf_counter()
                slider.press("ArrowLeft" if i % 2 else "ArrowRight")
                page.wait_for_function(RANKING, arg=before, timeout=30_000)
                to_text.append(time.perf_counter() - start)
                parts.append((frames.first_after(frames.sent, start), frames.first_after(frames.started, start),
                               frames.first_after(frames.ranking, start)))
                page.wait_for_function(IDLE, timeout=30_000)
                to_idle.append(time.perf_counter() - start)
                page.wait_for_function(PAGE_TIMES, timeout=30_000)
                in_page.append(page.evaluate(PAGE_TIMES))
        finally:
            stop_server(proc)
        browser.close()
    if args.floor:
        print("bench/floor_app.py (Streamlit's floor: one slider, a ranking list, one chart)")
    print(f"server start to health:                          {health * 1000:6.0f} ms")
    print(f"server start to first words on the page:         {(health + words) * 1000:6.0f} ms")
    print(f"server start to first page fully rendered:       {(health + first_render) * 1000:6.0f} ms  (target 2000 ms)")
    print(f"first page fully rendered (from the request):    {first_render * 1000:6.0f} ms")
    print(f"key press -> ranking text (median of {len(to_text)}):        {statistics.median(to_text) * 1000:6.0f} ms  (target 100 ms)")
    print(f"  by the page's own clock: keydown -> new ranking text in the page {statistics.median(p[0] for p in in_page):.0f} ms, "
          f"-> the frame that draws it begins {statistics.median(p[1] for p in in_page):.0f} ms median "
          f"({min(p[1] for p in in_page):.0f}-{max(p[1] for p in in_page):.0f})")
    print(f"key press -> all charts updated (median):        {statistics.median(to_idle) * 1000:6.0f} ms  (target 600 ms)")
    for label, k in (("the page sends the new value", 0), ("the server begins the run", 1),
                     ("the ranking list's delta arrives", 2)):
        got = [p[k] for p in parts if p[k] is not None]
        if got:
            print(f"  key press -> {label + ':':34s}{statistics.median(got) * 1000:6.0f} ms median "
                  f"({min(got) * 1000:.0f}-{max(got) * 1000:.0f})")


if __name__ == "__main__":
    main()
