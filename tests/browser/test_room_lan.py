"""A seminar on a network: `make seminar` (python -m ui.lan) serves on every interface and the QR code
on the facilitator's screen carries the address participants use.

127.0.0.2 stands in for another device: it is loopback too, but a server bound to 127.0.0.1 (as
`make run` is) refuses it, while one bound to 0.0.0.0 answers.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, expect

from tests._deps import REPO
from tests.browser.conftest import free_port, stop_server

pytestmark = pytest.mark.browser
TIMEOUT = 30_000
OTHER_DEVICE = "127.0.0.2"


def _health(host: str, port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


@pytest.fixture()
def lan_server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`python -m ui.lan` (what `make seminar` runs), its public URL set to the other device's address."""
    port = free_port()
    public = f"http://{OTHER_DEVICE}:{port}"
    env = {**os.environ, "LADDER_PUBLIC_URL": public,
           "LADDER_DATABASE_URL": f"sqlite:///{tmp_path / 'rooms.sqlite3'}"}
    log = tmp_path / "lan.log"
    proc = subprocess.Popen([sys.executable, "-m", "ui.lan", "--port", str(port)], cwd=REPO, env=env,
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _health(OTHER_DEVICE, port):
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the LAN server did not answer within 60 s"
            time.sleep(0.2)
        yield public, log.read_text()
    finally:
        stop_server(proc)


def test_make_seminar_is_declared_and_make_run_stays_on_loopback(tmp_path: Path) -> None:
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^seminar: .*\n\t\$\(PY\) -m ui\.lan --port \$\(PORT\)$", makefile, re.M)
    assert re.search(r"^run: .*\n\t\$\(PY\) -m ui\.serve --server\.port \$\(PORT\)$", makefile, re.M)
    port = free_port()  # `make run`'s command line: the address comes from .streamlit/config.toml
    proc = subprocess.Popen([sys.executable, "-m", "ui.serve", "--server.port", str(port)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _health("127.0.0.1", port):
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        assert not _health(OTHER_DEVICE, port), "make run must not be reachable from other devices"
    finally:
        stop_server(proc)


def test_a_participant_on_another_device_joins_through_the_qr_code(browser: Browser, lan_server) -> None:
    public, banner = lan_server
    assert f"Participants open: {public}/join" in banner  # the command says which address to use

    facilitator = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    facilitator.goto(f"{public}/facilitate")
    facilitator.get_by_label("Room title").fill("LAN seminar")
    facilitator.get_by_role("button", name="Create room").click()
    code_metric = facilitator.get_by_test_id("stMetricValue").first
    expect(code_metric).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"), timeout=TIMEOUT)
    code = code_metric.inner_text().replace("-", "")

    qr = facilitator.get_by_test_id("stImage").filter(has_text="Scan to join").locator("img")
    expect(qr).to_be_visible(timeout=TIMEOUT)
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))]
    assert decoded == [f"{public}/join?code={code}&pack=bundled"]

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    phone.goto(decoded[0])
    expect(phone.get_by_label("Join code (from the facilitator's screen)")).to_have_value(code, timeout=TIMEOUT)
    phone.get_by_label("Your display name").fill("Dana")
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_text("you are Dana")).to_be_visible(timeout=TIMEOUT)
    expect(facilitator.get_by_text("Joined so far: 1")).to_be_visible(timeout=TIMEOUT)
