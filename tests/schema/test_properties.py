"""Property tests: whatever a user feeds the loader, the only error it raises is PackError."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schema import PackError, load_pack, load_pack_bytes

MINI = Path(__file__).parent / "mini"

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=12), children, max_size=5)),
    max_leaves=25,
)


def loads_or_pack_error(name: str, data: bytes) -> None:
    try:
        load_pack_bytes(name, data)
    except PackError as exc:
        assert exc.problems, "a PackError always lists its problems"
        for problem in exc.problems:
            assert str(problem).startswith(name)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_random_json_documents_only_raise_pack_error(doc: Any) -> None:
    loads_or_pack_error("random.json", json.dumps(doc, allow_nan=True).encode())


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_only_raise_pack_error(data: bytes) -> None:
    loads_or_pack_error("random.yaml", data)
    loads_or_pack_error("random.zip", data)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, prefix + (i,))
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutations_of_a_pack_only_raise_pack_error(tmp_path: Path, data: st.DataObject) -> None:
    folder = tmp_path / "mut"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(MINI, folder)
    path = data.draw(st.sampled_from(sorted(folder.glob("*.yaml"))))
    doc = yaml.safe_load(path.read_text())
    target = data.draw(st.sampled_from(_paths(doc)[1:]))
    parent = doc
    for key in target[:-1]:
        parent = parent[key]
    if data.draw(st.booleans()):
        del parent[target[-1]]
    else:
        parent[target[-1]] = data.draw(documents)
    path.write_text(yaml.safe_dump(doc))
    try:
        load_pack(folder)
    except PackError as exc:
        assert all(str(p).startswith("mut/") for p in exc.problems)
