"""The bundled Mexico-border pack: complete, cited, and valid against its own JSON Schemas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from schema import BUNDLED_PACK, SECTION_FILES, json_schemas, load_pack
from schema._jsonschema import SCHEMA_DIR
from tests._deps import require_shared

OPTION_FILES = sorted(p for p in BUNDLED_PACK.glob("*.yaml") if p.stem not in SECTION_FILES)
PACK = load_pack(BUNDLED_PACK)


def test_there_are_option_files() -> None:
    assert 14 <= len(OPTION_FILES) <= 22


def test_pack_shape_matches_the_brief() -> None:
    assert 14 <= len(PACK.options) <= 22
    assert 8 <= len(PACK.criteria) <= 12
    assert len(PACK.lenses) >= 6
    assert len(PACK.injects) >= 6
    assert {s.id for s in PACK.sources} == {
        "heritage-sr309", "defenseone-milley", "stripes-dalton", "novak-military-to-mexico", "trump-troops-aides"}
    context_ids = {c.id for c in PACK.contexts}
    for required in ("mexico-refuses-consent", "fto-designations-in-force",
                     "supplemental-funding-appropriated", "cartel-reprisal-after-strike"):
        assert required in context_ids
    families = " ".join(o.family.lower() + " " + o.name.lower() for o in PACK.options)
    for word in ("non-military", "partner", "border", "drone", "detention", "deportation", "surveillance",
                 "raids", "labs", "cartel"):
        assert word in families, f"the ladder has no {word!r} rung"


def test_every_criterion_has_anchored_scale() -> None:
    for criterion in PACK.criteria:
        values = {a.value for a in criterion.scale.anchors}
        assert {criterion.scale.min, criterion.scale.max} <= values
        assert criterion.definition


@pytest.mark.parametrize("path", OPTION_FILES, ids=lambda p: p.stem)
def test_option_file_is_complete(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/json/option.schema.json")
    option = next(o for o in PACK.options if o.id == yaml.safe_load(text)["id"])
    assert option.description.strip()
    assert len(option.risks) >= 2, "every option needs at least two cited risks"
    assert all(r.citations for r in option.risks)
    assert set(option.scores) == {c.id for c in PACK.criteria}
    for criterion_id, score in option.scores.items():
        assert score.rationale.strip(), criterion_id
        assert score.low is not None and score.high is not None, f"{criterion_id} has no range"
        if score.basis == "cited":
            assert score.citations
    says_why = any("no stance" in c.note or "states a position" in c.note for c in option.sources_say)
    assert option.stances or says_why, (
        "every option names who supports or criticises it, or a note in sources_say says why none does"
    )


def test_stances_cover_the_actors_the_texts_name() -> None:
    actors = " | ".join(s.actor for o in PACK.options for s in o.stances)
    for name in ("Heritage", "Milley", "Dalton", "VanHerck", "Esper", "López Obrador", "Graham",
                 "Crenshaw", "Waltz", "Barr"):
        assert name in actors, f"no stance for {name}"


def test_both_sides_are_heard() -> None:
    positions = [s.position for o in PACK.options for s in o.stances]
    critics = positions.count("opposes") + positions.count("conditional")
    assert positions.count("supports") >= 5 and critics >= 5


def test_quote_checker_passes() -> None:
    shared = require_shared()
    result = subprocess.run([sys.executable, str(shared / "tools" / "check_quotes.py"), str(BUNDLED_PACK)],
                            capture_output=True, text=True, timeout=120)
    last = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout[-3000:]
    assert last.endswith(" 0 failed") and not last.startswith("quotes: 0 verified"), last


def test_committed_json_schemas_match_the_models() -> None:
    generated = json_schemas()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.json")}
    assert set(committed) == set(generated), "run `make schema` and commit schema/json/"
    for name, text in generated.items():
        assert committed[name] == text, f"schema/json/{name} drifted from the models: run `make schema`"


@pytest.mark.parametrize("path", sorted(BUNDLED_PACK.glob("*.yaml")), ids=lambda p: p.name)
def test_each_yaml_file_validates_against_the_schema_it_points_at(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), "first line must point editors at the file's JSON Schema"
    schema_path = (path.parent / first[len(prefix):]).resolve()
    expected = "option.schema.json" if path.stem not in SECTION_FILES else f"{path.stem}.schema.json"
    assert schema_path.name == expected
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), json.loads(schema_path.read_text()))
