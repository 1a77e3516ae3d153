"""ui.serve: `make run`'s launcher (streamlit run app.py, with the first page's imports warmed)."""

from __future__ import annotations

import socket
import time

from ui import serve


def test_without_a_running_server_the_warm_up_finds_no_address(monkeypatch) -> None:
    import sys
    import types

    assert serve._server_address() is None  # no Streamlit runtime in this process
    # The server's thread still importing streamlit.runtime.runtime (no Runtime in it yet): not an error.
    monkeypatch.setitem(sys.modules, "streamlit.runtime.runtime", types.ModuleType("streamlit.runtime.runtime"))
    assert serve._server_address() is None


def test_a_failing_lookup_never_escapes_the_warm_up() -> None:
    def broken():
        raise AttributeError("partially initialized module")

    serve.warm(timeout=0.2, where=broken)  # returns quietly: no traceback in the server's terminal


def test_the_warm_up_waits_for_the_server_and_gives_up_quietly_when_it_never_listens() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, not listening: nothing answers
        start = time.monotonic()
        serve.warm(timeout=0.5, where=lambda: (port, None))
        assert 0.5 <= time.monotonic() - start < 5


def test_once_the_server_listens_the_first_page_modules_are_imported() -> None:
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        serve.warm(timeout=5, where=lambda: (s.getsockname()[1], None), rooms_after=0)
    assert all(name in sys.modules for name in serve.WARM_MODULES)


def test_the_first_page_is_warmed_before_the_rooms_which_wait(monkeypatch) -> None:
    from ui import session

    done: list[tuple[str, float]] = []
    monkeypatch.setattr(serve.importlib, "import_module", lambda name: done.append((name, time.monotonic())))
    monkeypatch.setattr(session, "bundled_pack", lambda: done.append(("pack", time.monotonic())))
    monkeypatch.setattr(serve, "first_use", lambda: done.append(("first_use", time.monotonic())))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        serve.warm(timeout=5, where=lambda: (s.getsockname()[1], None), rooms_after=0.3)
    names = [name for name, _ in done]
    assert names == [*serve.PAGE_MODULES, "pack", "first_use", *serve.ROOM_MODULES]
    at = dict(done)
    assert at[serve.ROOM_MODULES[0]] - at["first_use"] >= 0.3  # the rooms wait while a first page loads
    assert "psycopg" not in " ".join(serve.PAGE_MODULES) and "seminar" in serve.ROOM_MODULES


def test_first_use_pays_the_first_runs_once_only_costs() -> None:
    import sys

    from streamlit import delta_generator

    before = delta_generator._use_warning_has_been_displayed
    try:
        delta_generator._use_warning_has_been_displayed = False
        serve.first_use()
        # Streamlit's "not run with streamlit run?" check inspects the whole call stack once, on a script's
        # first element; done here, the first page does not pay for it.
        assert delta_generator._use_warning_has_been_displayed is True
    finally:
        delta_generator._use_warning_has_been_displayed = before
    for name in ("PIL.PngImagePlugin", "narwhals._pandas_like.dataframe", "pandas.io.formats.csvs",
                 "pyarrow.pandas_compat"):
        assert name in sys.modules, name
