"""Browser benchmark of the app: weight change to updated ranking text and to all charts, first render.

Starts a real `streamlit run app.py` server and drives Debian chromium with Playwright, as the
browser tests do. Prints medians; asserts nothing (targets: key press -> ranking text 100 ms,
all charts 600 ms, first page rendered 2 s after the server was started).

    .venv/bin/python bench/bench_app.py [--presses 21]
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

from tests.browser.conftest import CHROMIUM, free_port, start_server, stop_server  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
RANKING = """(before) => { const r = document.querySelector('#ranking-list');
    return r && r.innerText !== before; }"""
RANKING_NOW = """() => { const r = document.querySelector('#ranking-list'); return r ? r.innerText : null; }"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presses", type=int, default=21)
    args = parser.parse_args()
    port = free_port()
    t0 = time.perf_counter()
    proc = start_server(port)
    health = time.perf_counter() - t0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            t1 = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/weigh")
            page.locator("#bottom-line").wait_for(timeout=60_000)
            words = time.perf_counter() - t1
            page.locator("svg.marks, canvas").first.wait_for(timeout=60_000)
            page.wait_for_function(IDLE, timeout=60_000)
            first_render = time.perf_counter() - t1
            slider = page.get_by_role("slider").first
            to_text, to_idle = [], []
            for i in range(args.presses):
                before = page.evaluate(RANKING_NOW)
                slider.focus()
                start = time.perf_counter()
                slider.press("ArrowLeft" if i % 2 else "ArrowRight")
                page.wait_for_function(RANKING, arg=before, timeout=30_000)
                to_text.append(time.perf_counter() - start)
                page.wait_for_function(IDLE, timeout=30_000)
                to_idle.append(time.perf_counter() - start)
            browser.close()
    finally:
        stop_server(proc)
    print(f"server start to health:                          {health * 1000:6.0f} ms")
    print(f"server start to first words on the page:         {(health + words) * 1000:6.0f} ms")
    print(f"server start to first page fully rendered:       {(health + first_render) * 1000:6.0f} ms  (target 2000 ms)")
    print(f"first page fully rendered (from the request):    {first_render * 1000:6.0f} ms")
    print(f"key press -> ranking text (median of {len(to_text)}):        {statistics.median(to_text) * 1000:6.0f} ms  (target 100 ms)")
    print(f"key press -> all charts updated (median):        {statistics.median(to_idle) * 1000:6.0f} ms  (target 600 ms)")


if __name__ == "__main__":
    main()
