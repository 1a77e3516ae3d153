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
        serve.warm(timeout=5, where=lambda: (s.getsockname()[1], None))
    assert all(name in sys.modules for name in serve.WARM_MODULES)
