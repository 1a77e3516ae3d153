"""ui.serve: `make run`'s launcher (streamlit run app.py, with the first page's imports warmed)."""

from __future__ import annotations

import socket
import time

from ui import serve


def test_the_port_and_address_are_read_as_streamlit_reads_them() -> None:
    args = ["--server.port", "8600", "--server.address=0.0.0.0", "--server.headless", "true"]
    assert serve._option(args, "--server.port") == "8600"
    assert serve._option(args, "--server.address") == "0.0.0.0"
    assert serve._option(["--server.port=9000"], "--server.port") == "9000"
    assert serve._option([], "--server.port") is None


def test_the_warm_up_waits_for_the_server_and_gives_up_quietly_when_it_never_listens() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, not listening: nothing answers
        start = time.monotonic()
        serve.warm(port, timeout=0.5)
        assert 0.5 <= time.monotonic() - start < 5


def test_once_the_server_listens_the_first_page_modules_are_imported() -> None:
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        serve.warm(s.getsockname()[1], timeout=5)
    assert all(name in sys.modules for name in serve.WARM_MODULES)
