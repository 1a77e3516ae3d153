"""Loader errors: every malformed pack names file, line, field and how to fix it."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import yaml

from schema import MAX_FILE_BYTES, PackError, load_pack, load_pack_bytes

from tests.schema.helpers import MINI, edit, problems_of




def test_mini_pack_loads_in_rung_order() -> None:
    pack = load_pack(MINI)
    assert [o.id for o in pack.ladder] == ["alpha", "beta"]
    assert pack.option("beta").prerequisites[0].option == "alpha"
    assert pack.criterion("civilian_harm").direction == "cost"


def test_broken_yaml_syntax_names_file_and_line(pack_dir: Path) -> None:
    edit(pack_dir, "01-beta.yaml", "family: High", "family: [High")
    problems = problems_of(pack_dir)
    assert len(problems) == 1
    assert problems[0].startswith("mini/01-beta.yaml:")
    assert "not valid YAML" in problems[0]


def test_wrong_type_names_field_and_line(pack_dir: Path) -> None:
    edit(pack_dir, "01-beta.yaml", "rung: 1", "rung: high")
    assert problems_of(pack_dir) == [
        "mini/01-beta.yaml:3 rung: Input should be a valid integer, unable to parse string as an "
        "integer (got 'high'): write a whole number, such as 3"
    ]


def test_a_word_in_a_number_field_says_to_write_a_number(pack_dir: Path) -> None:
    """Exploratory test, 2026-11-29: "Input should be a valid number, unable to parse string as a number (got
    'two')" said what was wrong but not what to write."""
    edit(pack_dir, "01-beta.yaml", "benefit_one: {value: 4,", "benefit_one: {value: two,")
    (problem,) = problems_of(pack_dir)
    assert problem.endswith("(got 'two'): write a number, such as 3 or 2.5"), problem


def test_a_json_file_with_a_trailing_comma_is_called_invalid_json_where_it_is(tmp_path: Path) -> None:
    """Exploratory test, 2026-11-29: '{"info": {"title": "x"},}' was read as YAML and reported as four missing
    fields, not as invalid JSON."""
    with pytest.raises(PackError) as info:
        load_pack_bytes("pack.json", b'{"info": {"title": "x"},\n}')
    (problem,) = info.value.problems
    assert problem.file == "pack.json" and problem.line == 2
    assert problem.message.startswith("not valid JSON"), problem.message


def test_unknown_source_id(pack_dir: Path) -> None:
    edit(pack_dir, "00-alpha.yaml", "source: src-a\n        quote: alpha may fail",
         "source: src-z\n        quote: alpha may fail")
    (problem,) = problems_of(pack_dir)
    assert problem == "mini/00-alpha.yaml:25 risks[0].citations[0].source: unknown source 'src-z': use one of src-a"


def test_score_out_of_range_names_the_criterion(pack_dir: Path) -> None:
    edit(pack_dir, "01-beta.yaml", "civilian_harm: {value: 4, low: 3, high: 5",
         "civilian_harm: {value: 4, low: 3, high: 7")
    (problem,) = problems_of(pack_dir)
    assert problem == ('mini/01-beta.yaml:13 scores.civilian_harm.high: 7 is outside the scale 1–5 '
                       'of criterion "Civilian harm"')


def test_low_above_high(pack_dir: Path) -> None:
    edit(pack_dir, "00-alpha.yaml", "low: 1\n    high: 3", "low: 3\n    high: 1")
    (problem,) = problems_of(pack_dir)
    assert problem.startswith("mini/00-alpha.yaml:9 scores.benefit_one: ")
    assert "low (3) is above high (1)" in problem


def test_missing_criterion_score(pack_dir: Path) -> None:
    edit(pack_dir, "01-beta.yaml",
         "  civilian_harm: {value: 4, low: 3, high: 5, basis: judgment, rationale: An estimate.}\n", "")
    (problem,) = problems_of(pack_dir)
    assert problem.startswith("mini/01-beta.yaml:11 scores: no score for criterion 'civilian_harm'")
    assert "add scores.civilian_harm" in problem


def test_duplicate_id(pack_dir: Path) -> None:
    edit(pack_dir, "01-beta.yaml", "id: beta", "id: alpha")
    problems = problems_of(pack_dir)
    assert any(p.startswith("mini/01-beta.yaml:1 id: duplicate option id 'alpha' (also in mini/00-alpha.yaml:1)")
               for p in problems), problems


def test_prerequisite_cycle(pack_dir: Path) -> None:
    text = (pack_dir / "00-alpha.yaml").read_text()
    text = text.replace("scores:", "prerequisites:\n  - option: beta\n    citation: {source: src-a, quote: q}\nscores:", 1)
    (pack_dir / "00-alpha.yaml").write_text(text)
    (problem,) = problems_of(pack_dir)
    assert "prerequisites[0].option: prerequisites form a cycle" in problem
    assert "alpha" in problem and "beta" in problem
    assert problem.split(" ")[0] in {"mini/00-alpha.yaml:9", "mini/01-beta.yaml:9"}


def test_lens_weights_all_zero(pack_dir: Path) -> None:
    edit(pack_dir, "lenses.yaml", "{benefit_one: 1, civilian_harm: 3}", "{benefit_one: 0, civilian_harm: 0}")
    (problem,) = problems_of(pack_dir)
    assert problem.startswith("mini/lenses.yaml:6 lenses[0].weights: weights are all zero")


def test_lens_missing_criterion_weight(pack_dir: Path) -> None:
    edit(pack_dir, "lenses.yaml", "{benefit_one: 1, civilian_harm: 3}", "{benefit_one: 1}")
    (problem,) = problems_of(pack_dir)
    assert "no weight for criterion 'civilian_harm'" in problem


def test_unknown_field_is_an_error(pack_dir: Path) -> None:
    edit(pack_dir, "01-beta.yaml", "family: High", "family: High\nfamliy: typo")
    (problem,) = problems_of(pack_dir)
    assert problem.startswith("mini/01-beta.yaml:5 famliy: not a known field")


def test_all_problems_are_collected_not_just_the_first(pack_dir: Path) -> None:
    edit(pack_dir, "01-beta.yaml", "rung: 1", "rung: 0")
    edit(pack_dir, "injects.yaml", "contexts: [refuses]", "contexts: [nowhere]")
    edit(pack_dir, "contexts.yaml", "option: beta", "option: gamma")
    problems = problems_of(pack_dir)
    assert len(problems) == 3, problems
    assert any("rung 0 is already taken by option 'alpha'" in p for p in problems)
    assert any("unknown context 'nowhere'" in p for p in problems)
    assert any("effects[0].option: unknown option 'gamma'" in p for p in problems)


def test_judgment_score_needs_a_range_and_cited_needs_a_quote(pack_dir: Path) -> None:
    edit(pack_dir, "01-beta.yaml", "benefit_one: {value: 4, low: 3, high: 5, basis: judgment",
         "benefit_one: {value: 4, basis: judgment")
    edit(pack_dir, "00-alpha.yaml", "basis: judgment", "basis: cited")
    problems = problems_of(pack_dir)
    assert any("01-beta.yaml:12 scores.benefit_one: a 'judgment' score needs a low–high range" in p for p in problems)
    assert any("00-alpha.yaml:9 scores.benefit_one: a 'cited' score needs at least one citation" in p for p in problems)


def test_duplicate_yaml_key_is_reported(pack_dir: Path) -> None:
    edit(pack_dir, "01-beta.yaml", "family: High", "family: High\nfamily: Low")
    (problem,) = problems_of(pack_dir)
    assert problem.startswith("mini/01-beta.yaml:5")
    assert "appears twice" in problem


def test_yaml_alias_is_refused(pack_dir: Path) -> None:
    edit(pack_dir, "01-beta.yaml", "family: High", "family: &f High\nsummary2: *f")
    (problem,) = problems_of(pack_dir)
    assert problem.startswith("mini/01-beta.yaml:5") and "aliases" in problem


def test_billion_laughs_style_nesting_is_refused(tmp_path: Path) -> None:
    deep = "a: " + "[" * 200 + "]" * 200
    with pytest.raises(PackError) as info:
        load_pack_bytes("deep.yaml", deep.encode())
    assert "nesting deeper than 40 levels" in str(info.value.problems[0])


def test_dates_stay_text(pack_dir: Path) -> None:
    edit(pack_dir, "sources.yaml", "title: Source A", "title: Source A\n    date: 2023-03-08")
    assert load_pack(pack_dir).source("src-a").date == "2023-03-08"


def test_missing_files_are_named(pack_dir: Path) -> None:
    (pack_dir / "criteria.yaml").unlink()
    problems = problems_of(pack_dir)
    assert problems == ["mini/criteria.yaml: missing file: add criteria.yaml with the criteria"]


def _zip_of(folder: Path, top: str = "mypack") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{top}/{path.name}")
    return buffer.getvalue()


def test_zip_upload_loads_and_reports_with_zip_name(pack_dir: Path) -> None:
    pack = load_pack_bytes("upload.zip", _zip_of(pack_dir))
    assert len(pack.options) == 2
    edit(pack_dir, "01-beta.yaml", "rung: 1", "rung: -1")
    with pytest.raises(PackError) as info:
        load_pack_bytes("upload.zip", _zip_of(pack_dir))
    assert str(info.value.problems[0]).startswith("upload.zip/01-beta.yaml:3 rung:")


@pytest.mark.parametrize("payload,expected", [
    (b"not a zip", "not a readable zip file"),
    (b"", "not a readable zip file"),
])
def test_broken_zip(payload: bytes, expected: str) -> None:
    with pytest.raises(PackError) as info:
        load_pack_bytes("upload.zip", payload)
    assert expected in str(info.value)


def test_oversized_upload_is_refused_before_parsing() -> None:
    with pytest.raises(PackError) as info:
        load_pack_bytes("big.yaml", b"a: 1\n" * (MAX_FILE_BYTES // 4))
    assert "limit" in str(info.value)


def test_single_file_json_pack_round_trips(pack_dir: Path, tmp_path: Path) -> None:
    pack = load_pack(pack_dir)
    data = json.loads(pack.model_dump_json())
    assert load_pack_bytes("pack.json", json.dumps(data, indent=1).encode()) == pack
    data["options"][1]["scores"]["civilian_harm"]["high"] = 9
    with pytest.raises(PackError) as info:
        load_pack_bytes("pack.json", json.dumps(data, indent=1).encode())
    (problem,) = info.value.problems
    assert problem.file == "pack.json" and problem.line is not None
    assert problem.field == "options[1].scores.civilian_harm.high"
    assert "outside the scale" in problem.message


def test_single_file_yaml_pack(pack_dir: Path) -> None:
    pack = load_pack(pack_dir)
    text = yaml.safe_dump(json.loads(pack.model_dump_json()), sort_keys=False, allow_unicode=True)
    assert load_pack_bytes("whole.yaml", text.encode()).options[1].id == "beta"


def test_unsupported_and_not_utf8() -> None:
    with pytest.raises(PackError, match="unsupported file type"):
        load_pack_bytes("pack.exe", b"x")
    with pytest.raises(PackError, match="not UTF-8"):
        load_pack_bytes("pack.yaml", b"\xff\xfe\xfa")


def test_a_missing_or_malformed_field_says_what_to_write(pack_dir: Path) -> None:
    """A newcomer's pass of 2026-11-29 over docs/pack-format.md: these messages named the problem, not the fix
    ("anchors: required but missing: add it"; "anchors[0]: expected a mapping of fields here, got int"; pydantic's
    own "List should have at least 3 items after validation, not 2"; "applies: required but missing: add it",
    the allowed values given only after a wrong one)."""
    edit(pack_dir, "criteria.yaml", """      anchors:
        - {value: 1, meaning: little}
        - {value: 3, meaning: some}
        - {value: 5, meaning: much}
""", "")
    edit(pack_dir, "criteria.yaml", """        - {value: 1, meaning: none}
        - {value: 3, meaning: some}""", """        - 1
        - {value: 3, meaning: some}""")
    text = (pack_dir / "00-alpha.yaml").read_text()
    applies = next(line for line in text.splitlines() if line.startswith("applies:"))
    edit(pack_dir, "00-alpha.yaml", applies + "\n", "")
    problems = problems_of(pack_dir)
    missing = next(p for p in problems if "criteria[0].scale.anchors:" in p)
    assert "value" in missing and "meaning" in missing and "bottom" in missing, missing
    not_mapping = next(p for p in problems if "anchors[0]:" in p)
    assert "value" in not_mapping and "meaning" in not_mapping, not_mapping
    no_applies = next(p for p in problems if "applies:" in p)
    for word in ("joint", "unilateral", "domestic"):
        assert word in no_applies, no_applies


def test_too_few_anchors_is_said_in_the_packs_words(pack_dir: Path) -> None:
    edit(pack_dir, "criteria.yaml", """        - {value: 3, meaning: some}
        - {value: 5, meaning: much}""", """        - {value: 5, meaning: much}""")
    problem = next(p for p in problems_of(pack_dir) if "criteria[0].scale.anchors:" in p)
    assert "List should" not in problem and "at least 3" in problem and "middle" in problem, problem
