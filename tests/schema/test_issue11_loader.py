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


def test_a_file_with_a_wrong_type_still_reports_its_unknown_sources_at_once(tmp_path: Path) -> None:
    """Issue 11.10: problems came in stages: an unknown source in an option showed only after a
    wrong type elsewhere in the same option was fixed."""
    import shutil

    shutil.copytree(MINI, tmp_path / "pack")
    option = next(p for p in sorted((tmp_path / "pack").glob("*.yaml")) if p.stem[0].isdigit())
    text = option.read_text()
    text = text.replace("source: src-a", "source: nosuch", 1)
    value_at = text.index("value: ")
    end = text.index("\n", value_at)
    text = text[:value_at] + 'value: "high"' + text[end:]
    option.write_text(text)
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "pack")
    messages = [f"{p.field}: {p.message}" for p in info.value.problems]
    assert any("unable to parse string as a number" in m for m in messages), messages
    assert any("unknown source 'nosuch'" in m for m in messages), messages


def _zip_with(replace: dict[str, tuple[str, str]]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in MINI.glob("*.yaml"):
            body = path.read_text()
            if path.name in replace:
                old, new = replace[path.name]
                assert old in body, (path.name, old)
                body = body.replace(old, new, 1)
            archive.writestr(f"mini/{path.name}", body)
    return buffer.getvalue()


@pytest.mark.parametrize(("file", "old", "new"), [
    ("lenses.yaml", "weights: {benefit_one: 1, civilian_harm: 3}", "weights: {benefit_one: 1, civilian_harm: 1e309}"),
    ("lenses.yaml", "weights: {benefit_one: 1, civilian_harm: 3}", "weights: {benefit_one: 1, civilian_harm: .nan}"),
    ("contexts.yaml", "shift: 1,", "shift: .nan,"),
    ("contexts.yaml", "shift: 1,", "shift: .inf,"),
    ("00-alpha.yaml", "value: 2\n", "value: .nan\n"),
])
def test_every_number_in_a_pack_must_be_finite(file: str, old: str, new: str) -> None:
    """An instructor's lens weight of 1e309 (infinity), or a .nan shift or score, was 'valid' and then crashed
    Weigh & rank ('Apply lens') or left a seminar room that no page could open. The loader names the file, line
    and field and says to give a finite number."""
    with pytest.raises(PackError) as info:
        load_pack_bytes("mini.zip", _zip_with({file: (old, new)}))
    problems = [p for p in info.value.problems if p.file.endswith(file)]
    assert any("finite" in p.message and "write an ordinary number" in p.message and p.line for p in problems), [str(p) for p in info.value.problems]


def test_a_file_that_is_not_utf8_names_its_line() -> None:
    """Exploratory test (seventh session): a Latin-1 "Régie d'État" on line 2 was reported by byte only."""
    body = (MINI / "00-alpha.yaml").read_text().replace("name: Alpha", "name: Régie d'État", 1).encode("latin-1")
    line = body[: body.index("R\xe9gie".encode("latin-1"))].count(b"\n") + 1
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in MINI.glob("*.yaml"):
            archive.writestr(f"mini/{path.name}", body if path.name == "00-alpha.yaml" else path.read_bytes())
    with pytest.raises(PackError) as info:
        load_pack_bytes("mini.zip", buffer.getvalue())
    problem = next(p for p in info.value.problems if "UTF-8" in p.message)
    assert problem.line == line and "save the file as UTF-8" in problem.message
    assert f"00-alpha.yaml:{line}" in str(problem)


@pytest.mark.parametrize(("file", "old", "new", "hint"), [
    ("criteria.yaml", "    name: Benefit one", "\tname: Benefit one", "indent with spaces, not tabs"),
    ("lenses.yaml", "    name: Bold", "      name: Bold", "check this line's indentation"),
    ("lenses.yaml", "{source: src-a, quote: act boldly}", "{source: src-a, quote: act boldly, now}",
     "put the whole text in quotation marks"),
])
def test_yaml_mistakes_say_how_to_fix_them(file: str, old: str, new: str, hint: str) -> None:
    """Exploratory test (seventh session): a tab, a bad indent and an unquoted comma inside { … } gave PyYAML's
    words ('mapping values are not allowed in this context') or 'not a known field', with no fix."""
    with pytest.raises(PackError) as info:
        load_pack_bytes("mini.zip", _zip_with({file: (old, new)}))
    messages = [str(p) for p in info.value.problems]
    assert any(file in m and hint in m for m in messages), messages


def test_one_section_file_uploaded_alone_is_told_to_zip_the_folder(tmp_path: Path) -> None:
    """Exploratory test (seventh session): criteria.yaml uploaded alone got 'info/sources/options: required but
    missing', which does not say that a pack is a folder."""
    with pytest.raises(PackError) as info:
        load_pack_bytes("criteria.yaml", (MINI / "criteria.yaml").read_bytes())
    (problem,) = info.value.problems
    assert "it is one file of a pack folder. Zip the whole folder and upload the zip" in problem.message


def test_options_in_a_subfolder_are_named_as_the_cause(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "pack"
    shutil.copytree(MINI, folder)
    (folder / "options").mkdir()
    for name in ("00-alpha.yaml", "01-beta.yaml"):
        (folder / name).rename(folder / "options" / name)
    with pytest.raises(PackError) as info:
        load_pack(folder)
    messages = [p.message for p in info.value.problems]
    assert any("next to pack.yaml (files in subfolders are not read)" in m for m in messages), messages
    assert any("use an option id of this pack (it has none yet)" in m for m in messages), messages


@pytest.mark.parametrize(("text", "line", "hint"), [
    ("a:\n\tb: 1\n", 2, "indent with spaces, not tabs"),
    ("a:\n  b: 1\n c: 2\n", 3, "check this line's indentation against the lines above it"),
    ("a: [1, 2\nb: 3\n", 2, "close the [ … ] list"),
    ("a: 1\nb: \"open\nc: 2\nd: 3\n", 2, "close the quotation mark or bracket opened on this line"),
])
def test_more_yaml_mistakes_say_where_and_how_to_fix_them(text: str, line: int, hint: str) -> None:
    """Review (seventh session): a tab at a line's start, a bad dedent and an unclosed [ got no hint, and an
    unclosed quote was reported at the file's last line."""
    from schema._yaml import YamlProblem, parse_yaml

    with pytest.raises(YamlProblem) as info:
        parse_yaml(text, "x.yaml")
    assert info.value.line == line and hint in str(info.value), (info.value.line, str(info.value))


def test_a_lens_weight_too_large_to_add_up_is_refused() -> None:
    """Review (seventh session): lens weights 1e308 and 1.7e308 are finite and passed, then their sum overflowed
    and `ladder rank --lens` said "all weights are zero"."""
    with pytest.raises(PackError) as info:
        load_pack_bytes("mini.zip", _zip_with({"lenses.yaml": ("weights: {benefit_one: 1, civilian_harm: 3}",
                                                               "weights: {benefit_one: 1e308, civilian_harm: 1.7e308}")}))
    (problem,) = [p for p in info.value.problems if p.file.endswith("lenses.yaml")]
    assert "weights above 1,000,000: benefit_one, civilian_harm; weights are relative" in problem.message
