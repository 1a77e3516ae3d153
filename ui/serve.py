"""Start the app's Streamlit server and, once it listens, import what the first page needs.

``python -m ui.serve [streamlit run options]`` is ``streamlit run app.py [options]`` plus one thing:
a background thread that waits until the server accepts connections and then imports pandas,
Altair and the app's own modules, loads the pack and pays the first run's once-only costs (the rooms'
modules follow some seconds later). A cold first page otherwise spends about a second on those
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
FAVICON = REPO / "ui" / "favicon.png"

#: In the order the first page needs them. The rooms' modules come after the pack and first_use():
#: importing them first (psycopg, SQLAlchemy) held the first page's run back by about 0.8 s, since the
#: browser asks for the page while the warm-up is still going.
PAGE_MODULES = ("pandas", "pydantic", "schema", "engine", "ui.session", "ui.sidebar", "ui.style", "ui.ranking",
                "ui.plain", "ui.weights", "ui.assessments", "ui.overrides", "ui.downloads", "altair", "ui.charts")
ROOM_MODULES = ("sqlalchemy", "seminar", "ui.rooms")
WARM_MODULES = PAGE_MODULES + ROOM_MODULES
#: Seconds between the first page's warm-up and the rooms'. A browser that asks the moment the server
#: answers loads Streamlit's frontend for about a second, then runs the page; the rooms' imports held the
#: GIL against that run and against the frontend's files the same server sends.
ROOMS_AFTER = 8.0


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


def warm(timeout: float = 60.0, where=_server_address, rooms_after: float = ROOMS_AFTER) -> None:
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
        for name in PAGE_MODULES:
            importlib.import_module(name)
        from ui import session

        session.bundled_pack()  # the server's one shared copy (cache_resource), loaded before anyone asks
        first_use()
        time.sleep(rooms_after)  # not while the first visitor's page loads (see ROOMS_AFTER)
        for name in ROOM_MODULES:
            importlib.import_module(name)
    except Exception:  # noqa: BLE001 - a warm-up only: the page reports any real problem itself
        return


def first_use() -> None:
    """Pay once, before anyone asks, what the first page run would otherwise pay on its first use
    (about 0.2 s of a cold first page, by cProfile of that run): the page icon's image library, Altair's
    first chart (its schema validator and narwhals' pandas support), pandas' CSV writer, Arrow's pandas
    conversion (every st.dataframe), and Streamlit's once-only "not run with streamlit run?" check, which
    inspects the whole call stack, source lines and all, on the first element a script sends. Pillow and
    pyarrow come with Streamlit, which needs both."""
    from streamlit import delta_generator

    check = getattr(delta_generator, "_maybe_print_use_warning", None)  # private: skipped if it goes
    if check is not None:
        check()  # in this thread of a running server: prints nothing, and the flag it sets holds for all
    import altair as alt
    import pandas as pd
    import pyarrow as pa
    from PIL import Image

    with Image.open(FAVICON) as icon:
        icon.load()
    frame = pd.DataFrame({"option": ["a"], "score": [1.0]})
    alt.Chart(frame).mark_bar().encode(x="score:Q", y="option:N").to_dict()
    frame.to_csv(index=False)
    pa.Table.from_pandas(frame)


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
