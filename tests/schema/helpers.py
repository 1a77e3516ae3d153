"""Shared by the loader tests: the mini pack, an edited copy of it, and the problems a load reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from schema import PackError, load_pack

MINI = Path(__file__).parent / "mini"


def edit(folder: Path, name: str, old: str, new: str) -> None:
    """Replace the first ``old`` in ``folder/name`` with ``new`` (the fixture must hold ``old``)."""
    path = folder / name
    text = path.read_text()
    assert old in text, f"fixture no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1))


def problems_of(path: Path | str) -> list[str]:
    """Every problem loading ``path`` reports, as ``file:line field: message``."""
    with pytest.raises(PackError) as info:
        load_pack(path)
    return [str(p) for p in info.value.problems]
