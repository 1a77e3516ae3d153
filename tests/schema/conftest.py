"""Fixtures of the schema tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.schema.helpers import MINI


@pytest.fixture()
def pack_dir(tmp_path: Path) -> Path:
    """A copy of the mini pack that a test may edit."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target
