"""A real app server (`python -m ui.serve`, as `make run` starts it) on a free port, driven by Debian's chromium via Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._deps import REPO, missing

CHROMIUM = os.environ.get("LADDER_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = REPO / "docs" / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict[str, str] | None = None, log: Path | None = None,
                 app: Path = REPO / "app.py", warm: bool = True) -> subprocess.Popen:
    # The app as `make run` starts it (ui.serve: streamlit run app.py, imports warmed once it listens);
    # warm=False or another script: plain `streamlit run` (for the benchmarks' comparisons).
    launch = ["-m", "ui.serve"] if app == REPO / "app.py" and warm else ["-m", "streamlit", "run", str(app)]
    cmd = [sys.executable, *launch, "--server.port", str(port),
           "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    out = open(log, "wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=REPO, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.05)  # the benchmarks time "server start to health"
    proc.terminate()
    raise RuntimeError("streamlit did not answer /_stcore/health within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        missing(f"Debian chromium ({CHROMIUM})", "apt-get install -y chromium (make test does this as root)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync"]}


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("appdata")
    port = free_port()
    proc = start_server(port, env={"LADDER_DATABASE_URL": f"sqlite:///{data / 'rooms.sqlite3'}"},
                        log=data / "streamlit.log")
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


RESULTS = REPO / "test-results" / "screenshots"


@pytest.fixture()
def shot():
    """Save a screenshot of a page into test-results/screenshots/ (git ignores it); with
    LADDER_UPDATE_SCREENSHOTS=1 (`make screenshots`) also into docs/screenshots/ for the README."""
    folders = [RESULTS] + ([SCREENSHOTS] if os.environ.get("LADDER_UPDATE_SCREENSHOTS") == "1" else [])

    def take(page, name: str) -> Path:
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"{name}.png"), full_page=False)
        return folders[-1] / f"{name}.png"

    return take


@pytest.fixture(autouse=True)
def _close_pages_left_open(request: pytest.FixtureRequest) -> Iterator[None]:
    """Close every browser context a test opened: a room page left open keeps polling the shared
    server (four times a second on a dashboard) for the rest of the run."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()
