"""Open a page of the app with AppTest as a browser would open it: its link's query parameters and the
session's state are in place before the first run."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests._deps import REPO


def open_page(page: str, *, query: dict[str, str] | None = None, **state: object) -> AppTest:
    """``ui/app_pages/{page}.py`` after the entry point's first run; no exception on the way."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(f"ui/app_pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
