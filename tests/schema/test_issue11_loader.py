"""Issue 11.11 loader findings: deep prerequisite chains and non-finite scale bounds."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from schema import PackError, load_pack, load_pack_bytes

MINI = Path(__file__).parent / "mini"


def _single_file() -> dict:
    return json.loads(load_pack(MINI).model_dump_json())


def _chain(data: dict, length: int) -> dict:
    """``length`` copies of the first option, each needing the one before it."""
    base = data["options"][0]
    options = []
    for i in range(length):
        option = copy.deepcopy(base)
        option["id"] = f"o{i}"
        option["name"] = f"Option {i}"
        option["rung"] = i
        cite = {"source": data["sources"][0]["id"], "quote": base["scores"]["civilian_harm"]["citations"][0]["quote"]}
        option["prerequisites"] = [{"option": f"o{i - 1}", "citation": cite}] if i else []
        options.append(option)
    return {**data, "options": options, "lenses": [], "contexts": [], "injects": [], "assessments": []}


def test_a_thousand_option_prerequisite_chain_loads() -> None:
    data = _chain(_single_file(), 1000)
    body = json.dumps(data).encode()
    pack = load_pack_bytes("chain.json", body)
    assert len(pack.options) == 1000


def test_a_cycle_at_the_end_of_a_long_chain_is_reported_once() -> None:
    data = _chain(_single_file(), 1000)
    first = data["options"][0]
    first["prerequisites"] = [{"option": "o999", "citation": data["options"][1]["prerequisites"][0]["citation"]}]
    with pytest.raises(PackError) as info:
        load_pack_bytes("chain.json", json.dumps(data).encode())
    cycles = [p for p in info.value.problems if "cycle" in p.message]
    assert len(cycles) == 1


@pytest.mark.parametrize("bad", [".inf", "-.inf", ".nan"])
def test_scale_bounds_must_be_finite(bad: str) -> None:
    text = (MINI / "criteria.yaml").read_text()
    files = {p.name: p.read_text() for p in MINI.glob("*.yaml")}
    files["criteria.yaml"] = text.replace("max: 5", f"max: {bad}", 1) if bad != "-.inf" else text.replace(
        "min: 1", f"min: {bad}", 1)
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in files.items():
            archive.writestr(f"mini/{name}", body)
    with pytest.raises(PackError) as info:
        load_pack_bytes("mini.zip", buffer.getvalue())
    assert any(p.file.endswith("criteria.yaml") and "finite" in p.message for p in info.value.problems), \
        [str(p) for p in info.value.problems]


def test_an_unknown_id_in_a_large_pack_lists_a_few_ids_not_all() -> None:
    data = _chain(_single_file(), 200)
    data["assessments"] = [{"id": "side", "name": "A side", "holder": "Someone",
                            "cells": {"no-such-option": {}}}]
    with pytest.raises(PackError) as info:
        load_pack_bytes("chain.json", json.dumps(data).encode())
    message = next(str(p) for p in info.value.problems if "no-such-option" in str(p))
    assert "o0, o1" in message and "and 188 more" in message
    assert len(message) < 400
