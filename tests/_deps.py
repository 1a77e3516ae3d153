"""How a test reacts to a missing outside dependency (browser, PostgreSQL, ../shared).

Under CI (``CI=true``) a missing dependency fails the test: CI installs everything, so a
missing piece is a broken setup, never a reason to skip. Elsewhere the test is skipped with
a message that says exactly what is missing and how to get it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing(what: str, how: str) -> None:
    """Fail under CI, skip elsewhere; ``what`` is missing, ``how`` says how to get it."""
    message = f"{what} is missing: {how}"
    if under_ci():
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


def require_shared() -> Path:
    """The ../shared folder beside the checkout (sources and the quote checker)."""
    if not (SHARED / "sources").is_dir() or not (SHARED / "tools" / "check_quotes.py").is_file():
        missing(f"{SHARED} (sources/ and tools/check_quotes.py)",
                "check out the project with ../shared beside it")
    return SHARED
