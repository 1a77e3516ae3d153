"""Start the app's Streamlit server and, once it listens, import what the first page needs.

``python -m ui.serve [streamlit run options]`` is ``streamlit run app.py [options]`` plus one thing:
a background thread that waits until the server accepts connections and then imports pandas,
Altair and the app's own modules. A cold first page otherwise spends about a second on those
imports after the browser has asked for it; this way they happen while the browser is still
loading Streamlit's frontend. ``make run``, ``make seminar`` and the browser tests start the app
this way.
"""

from __future__ import annotations

import importlib
import socket
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: In the order the first page needs them; the rooms' modules last.
WARM_MODULES = ("pandas", "pydantic", "schema", "engine", "ui.session", "ui.sidebar", "ui.style", "ui.ranking",
                "ui.plain", "ui.weights", "ui.assessments", "ui.overrides", "ui.downloads", "altair", "ui.charts",
                "sqlalchemy", "seminar", "ui.rooms")


def _option(args: list[str], name: str) -> str | None:
    for k, arg in enumerate(args):
        if arg == name and k + 1 < len(args):
            return args[k + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _listening(port: int, address: str | None) -> bool:
    hosts = ["127.0.0.1", "::1"] + ([address] if address and address not in {"0.0.0.0", "::"} else [])
    for host in hosts:
        try:
            socket.create_connection((host, port), timeout=0.2).close()
            return True
        except OSError:
            continue
    return False


def warm(port: int, address: str | None = None, timeout: float = 60.0) -> None:
    """Wait until the server listens on ``port`` (so its own start is not slowed), then import."""
    deadline = time.monotonic() + timeout
    while not _listening(port, address):
        if time.monotonic() > deadline:
            return
        time.sleep(0.05)
    try:
        for name in WARM_MODULES:
            importlib.import_module(name)
        from ui import session

        session.bundled_pack()  # the server's one shared copy (cache_resource), loaded before anyone asks
    except Exception:  # noqa: BLE001 - a warm-up only: the page reports any real problem itself
        return


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    port = int(_option(args, "--server.port") or 8501)
    threading.Thread(target=warm, args=(port, _option(args, "--server.address")), name="ladder-warm-imports",
                     daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(REPO / "app.py"), *args]
    cli.main()


if __name__ == "__main__":
    main()
