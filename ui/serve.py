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


def _listening(port: int, address: str | None) -> bool:
    hosts = ["127.0.0.1", "::1"] + ([address] if address and address not in {"0.0.0.0", "::"} else [])
    for host in hosts:
        try:
            socket.create_connection((host, port), timeout=0.2).close()
            return True
        except OSError:
            continue
    return False


def _server_address() -> tuple[int, str | None] | None:
    """The port and address the server uses, once Streamlit's runtime exists (from its config: the
    command line, STREAMLIT_SERVER_PORT or config.toml, and the next port if the first was busy)."""
    runtime = getattr(sys.modules.get("streamlit.runtime.runtime"), "Runtime", None)  # the server imports it
    if runtime is None or not runtime.exists():  # (None too while that module is still being imported)
        return None
    from streamlit import config  # loaded by then

    return int(config.get_option("server.port")), config.get_option("server.address")


def warm(timeout: float = 60.0, where=_server_address) -> None:
    """Wait until the server listens (so its own start is not slowed), then import and load the pack."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = where()
        except Exception:  # noqa: BLE001 - a warm-up only: never a traceback in the server's terminal
            found = None
        if found is not None and _listening(*found):
            break
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
    threading.Thread(target=warm, name="ladder-warm-imports", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(REPO / "app.py"), *args]
    cli.main()


if __name__ == "__main__":
    main()
