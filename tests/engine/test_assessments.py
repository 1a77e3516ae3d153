"""The matrix is built editors' scores → assessment → contexts → overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine._assessments import assessment_differences
from schema import Assessment, Context, Pack, ScoreEffect, load_pack
from tests.engine.conftest import CITE, make_pack, score

MINI = Path(__file__).resolve().parents[1] / "schema" / "mini"


def staged_pack() -> Pack:
    """One cell (dam, benefit) that each stage moves to a value no other order would give."""
    pack = make_pack(
        {
            "dam": {"benefit": score(2), "cost": score(3, 2, 4)},
            "wells": {"benefit": score(3), "cost": score(2)},
        },
        {"benefit": "benefit", "cost": "cost"},
        contexts=[
            Context(
                id="rain",
                name="Rain",
                effects=[ScoreEffect(option="dam", criterion="benefit", shift=1, reason="more water")],
            )
        ],
    )
    side = Assessment(
        id="builders",
        name="As the builders assess them",
        holder="The builders",
        cells={"dam": {"benefit": score(3.5, 3, 4).model_copy(update={"rationale": "Builders expect more."})}},
    )
    other = Assessment(
        id="farmers",
        name="As the farmers assess them",
        holder="The farmers",
        cells={"wells": {"cost": score(4).model_copy(update={"citations": [CITE]})}},
    )
    return pack.model_copy(update={"assessments": [side, other]})


def test_each_stage_applies_in_order_on_one_cell() -> None:
    pack = staged_pack()
    editors = engine.matrix_from_pack(pack)
    assert editors.values[0, 0] == 2
    assessed = engine.matrix_from_pack(pack, assessment="builders")
    assert (assessed.values[0, 0], assessed.low[0, 0], assessed.high[0, 0]) == (3.5, 3, 4)
    # the context shifts the assessment's value, not the editors' (2 + 1 would be 3)
    with_context = engine.matrix_from_pack(pack, contexts=["rain"], assessment="builders")
    assert (with_context.values[0, 0], with_context.low[0, 0], with_context.high[0, 0]) == (4.5, 4, 5)
    # the override comes last and wins over both
    overridden = engine.matrix_from_pack(
        pack, contexts=["rain"], overrides={("dam", "benefit"): 1.0}, assessment="builders"
    )
    assert overridden.values[0, 0] == 1
    assert overridden.notes[-1].startswith("Override: Dam on Benefit set to 1 (was 4.5")


def test_cells_an_assessment_leaves_out_keep_the_editors_scores() -> None:
    pack = staged_pack()
    editors = engine.matrix_from_pack(pack)
    assessed = engine.matrix_from_pack(pack, assessment="builders")
    assert assessed.values[0, 1] == editors.values[0, 1] == 3
    assert assessed.values[1].tolist() == editors.values[1].tolist() == [3, 2]
    assert assessed.rationale[0, 1] == editors.rationale[0, 1]


def test_cells_say_which_assessment_they_come_from() -> None:
    assessed = engine.matrix_from_pack(staged_pack(), contexts=["rain"], assessment="builders")
    assert assessed.assessment == "builders"
    assert assessed.basis[0, 0] == "judgment"
    assert assessed.rationale[0, 0] == "As the builders assess them: Builders expect more."
    assert assessed.notes[0] == (
        "Scores: editors' scores → assessment → conditions (contexts) → your overrides. "
        'Assessment "As the builders assess them" (The builders) replaces 1 of the editors\' scores: '
        "Dam on Benefit 2 → 3.5. Every other cell is the editors' score."
    )
    assert assessed.notes[1].startswith("Rain: Dam on Benefit moves 3.5 → 4.5")
    ranked = engine.rank(assessed, {"benefit": 1, "cost": 1})
    assert assessed.notes[0] in ranked.notes
    assert engine.matrix_from_pack(staged_pack()).assessment is None


def test_an_assessment_can_change_the_ranking() -> None:
    pack = staged_pack()
    weights = {"benefit": 1, "cost": 0}
    assert engine.rank(engine.matrix_from_pack(pack), weights).order[0] == "wells"
    assert engine.rank(engine.matrix_from_pack(pack, assessment="builders"), weights).order[0] == "dam"


def test_unknown_assessment_names_the_valid_ids() -> None:
    with pytest.raises(engine.EngineError, match=r"unknown assessment 'critics': use one of builders, farmers"):
        engine.matrix_from_pack(staged_pack(), assessment="critics")


def test_differences_list_every_side_of_a_disputed_cell_with_its_quotes() -> None:
    frame = assessment_differences(load_pack(MINI), "beta")
    assert frame[["criterion", "side", "value"]].values.tolist() == [
        ["benefit_one", "(editors)", 4.0],
        ["benefit_one", "optimists", 5.0],
        ["benefit_one", "sceptics", 3.0],
        ["civilian_harm", "(editors)", 4.0],
        ["civilian_harm", "optimists", 2.0],
    ]
    assert frame.iloc[4]["quotes"] == [{"source": "src-a", "quote": "beta harms few"}]
    whole = assessment_differences(load_pack(MINI))
    assert set(whole["option"]) == {"alpha", "beta"}
