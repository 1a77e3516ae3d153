"""Assessments, lens links, stance voice, no-case notes and record-check thresholds in a pack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from schema import (
    PackError,
    PackInfo,
    RecordCheckThresholds,
    Stance,
    load_pack,
    load_pack_bytes,
)

from tests.schema.helpers import MINI, edit, problems_of
TEMPLATE = Path(__file__).resolve().parents[2] / "ui" / "template_pack"




@pytest.mark.parametrize("folder", [MINI, TEMPLATE], ids=["mini", "template"])
def test_test_packs_carry_two_assessments_and_lenses_naming_them(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / "pack"
    shutil.copytree(folder, copy)
    shutil.copy(MINI / "pack.yaml", copy / "pack.yaml")  # the template's own pack.yaml is another branch's
    pack = load_pack(copy)
    assert [a.id for a in pack.assessments] == ["optimists", "sceptics"]
    assert {lens.id: lens.assessment for lens in pack.lenses} == {"cautious": "sceptics", "bold": "optimists"}
    assert [lens.stance_actors for lens in pack.lenses] == [["A cautious reader"], ["A bold reader"]]
    optimists = pack.assessment("optimists")
    assert optimists.cells["beta"]["benefit_one"].value == 5
    assert optimists.cells["beta"]["civilian_harm"].citations[0].quote == "beta harms few"
    beta = pack.option("beta")
    assert [s.voice for s in beta.stances] == ["own words", "reported"]


def test_new_fields_are_optional_and_default_sensibly() -> None:
    info = PackInfo(schema_version=1, title="t")
    assert info.record_check is None
    stance = Stance.model_validate({"actor": "A", "position": "supports",
                                    "citation": {"source": "s", "quote": "q"}})
    assert stance.voice == "own words"
    thresholds = RecordCheckThresholds(min_pair_agreement=0.9, min_first_rank_acceptability=0.01)
    assert (thresholds.samples, thresholds.seed) == (20_000, 1)
    with pytest.raises(ValidationError):
        RecordCheckThresholds(min_pair_agreement=1.5, min_first_rank_acceptability=0.01)
    with pytest.raises(ValidationError):
        Stance.model_validate({"actor": "A", "position": "supports", "voice": "paraphrase",
                               "citation": {"source": "s", "quote": "q"}})


def test_pack_without_assessments_loads(pack_dir: Path) -> None:
    (pack_dir / "assessments.yaml").unlink()
    edit(pack_dir, "lenses.yaml", "    assessment: sceptics\n", "")
    edit(pack_dir, "lenses.yaml", "    assessment: optimists\n", "")
    pack = load_pack(pack_dir)
    assert pack.assessments == []


def test_record_check_thresholds_load_from_pack_yaml(pack_dir: Path) -> None:
    (pack_dir / "pack.yaml").write_text(
        (pack_dir / "pack.yaml").read_text()
        + "  record_check:\n    min_pair_agreement: 0.9\n    min_first_rank_acceptability: 0.01\n"
    )
    info = load_pack(pack_dir).info
    assert info.record_check == RecordCheckThresholds(
        min_pair_agreement=0.9, min_first_rank_acceptability=0.01, samples=20_000, seed=1
    )


def test_unknown_option_in_an_assessment_names_file_line_and_ids(pack_dir: Path) -> None:
    edit(pack_dir, "assessments.yaml", "    cells:\n      beta:", "    cells:\n      gamma:")
    assert problems_of(pack_dir) == [
        "mini/assessments.yaml:7 assessments[0].cells.gamma: unknown option 'gamma': "
        "use an option id of this pack (alpha, beta)"
    ]


def test_unknown_criterion_in_an_assessment(pack_dir: Path) -> None:
    edit(pack_dir, "assessments.yaml", "      alpha:\n        benefit_one:", "      alpha:\n        benefit_two:")
    assert problems_of(pack_dir) == [
        "mini/assessments.yaml:20 assessments[1].cells.alpha.benefit_two: unknown criterion "
        "'benefit_two': use one of benefit_one, civilian_harm"
    ]


def test_assessment_value_outside_the_scale(pack_dir: Path) -> None:
    edit(pack_dir, "assessments.yaml", "{value: 5, low: 4, high: 5,", "{value: 6, low: 4, high: 6,")
    assert problems_of(pack_dir) == [
        'mini/assessments.yaml:8 assessments[0].cells.beta.benefit_one.value: 6 is outside the scale '
        '1–5 of criterion "Benefit one"',
        'mini/assessments.yaml:8 assessments[0].cells.beta.benefit_one.high: 6 is outside the scale '
        '1–5 of criterion "Benefit one"',
    ]


def test_assessment_citation_needs_a_known_source(pack_dir: Path) -> None:
    edit(pack_dir, "assessments.yaml", "{source: src-a, quote: beta harms few}", "{source: src-q, quote: beta harms few}")
    assert problems_of(pack_dir) == [
        "mini/assessments.yaml:14 assessments[0].cells.beta.civilian_harm.citations[0].source: "
        "unknown source 'src-q': use one of src-a"
    ]


def test_judgment_cell_without_a_range_is_refused(pack_dir: Path) -> None:
    edit(pack_dir, "assessments.yaml", "{value: 5, low: 4, high: 5, basis: judgment",
         "{value: 5, basis: judgment")
    (problem,) = problems_of(pack_dir)
    assert problem.startswith("mini/assessments.yaml:8 assessments[0].cells.beta.benefit_one: ")
    assert "needs a low–high range" in problem


def test_duplicate_assessment_ids(pack_dir: Path) -> None:
    edit(pack_dir, "assessments.yaml", "  - id: sceptics", "  - id: optimists")
    edit(pack_dir, "lenses.yaml", "assessment: sceptics", "assessment: optimists")
    assert problems_of(pack_dir) == [
        "mini/assessments.yaml:15 assessments[1].id: duplicate assessment id 'optimists' "
        "(also in mini/assessments.yaml:2): give each assessment its own id"
    ]


def test_lens_naming_an_unknown_assessment(pack_dir: Path) -> None:
    edit(pack_dir, "lenses.yaml", "assessment: sceptics", "assessment: skeptics")
    assert problems_of(pack_dir) == [
        "mini/lenses.yaml:9 lenses[0].assessment: unknown assessment 'skeptics': use one of optimists, sceptics"
    ]


def test_stance_actor_that_no_stance_has(pack_dir: Path) -> None:
    edit(pack_dir, "lenses.yaml", "stance_actors: [A bold reader]", "stance_actors: [a bold reader, Nobody]")
    assert problems_of(pack_dir) == [
        "mini/lenses.yaml:19 lenses[1].stance_actors[0]: no stance has the actor 'a bold reader': "
        "did you mean 'A bold reader'?",
        "mini/lenses.yaml:19 lenses[1].stance_actors[1]: no stance has the actor 'Nobody': "
        "copy the actor exactly as an option's stances write it",
    ]


def test_unknown_field_in_an_assessment_file(pack_dir: Path) -> None:
    edit(pack_dir, "assessments.yaml", "    holder: The bold reader", "    holdr: The bold reader")
    problems = problems_of(pack_dir)
    assert ("mini/assessments.yaml:4 assessments[0].holdr: not a known field: remove it or fix its spelling "
            "(see pack-format.md in the template pack)") in problems


def test_single_file_pack_takes_an_assessments_key() -> None:
    whole: dict[str, object] = {}
    for path in sorted(MINI.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        if path.stem == "pack":
            whole["info"] = data["info"]
        elif "id" in data and "scores" in data:
            whole.setdefault("options", []).append(data)  # type: ignore[union-attr]
        else:
            whole.update(data)
    pack = load_pack_bytes("pack.json", json.dumps(whole).encode())
    assert [a.id for a in pack.assessments] == ["optimists", "sceptics"]
    whole["assessments"][0]["cells"]["beta"]["civilian_harm"]["value"] = 7  # type: ignore[index]
    with pytest.raises(PackError) as info:
        load_pack_bytes("pack.json", json.dumps(whole).encode())
    assert [str(p) for p in info.value.problems] == [
        "pack.json:1 assessments[0].cells.beta.civilian_harm.value: 7 is outside the scale 1–5 "
        "of criterion \"Civilian harm\""
    ]
