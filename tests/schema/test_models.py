"""Each model rule: a valid example passes, an invalid one fails with a message saying what to fix."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from schema import Citation, Criterion, Lens, Option, Scale, Score, ScoreEffect, Stance

CITE = {"source": "src-a", "quote": "a quote"}
SCALE = {"min": 1, "max": 5, "anchors": [{"value": 1, "meaning": "low"}, {"value": 3, "meaning": "mid"},
                                          {"value": 5, "meaning": "high"}]}
JUDGED = {"value": 3, "low": 2, "high": 4, "basis": "judgment", "rationale": "estimate"}


def errors(model: Any, data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return str(info.value)


def test_citation() -> None:
    assert Citation.model_validate(CITE).source == "src-a"
    assert "not a valid id" in errors(Citation, {"source": "Src A", "quote": "q"})
    assert "at least 1 character" in errors(Citation, {"source": "src-a", "quote": "  "})


def test_scale_needs_bottom_middle_and_top_anchors() -> None:
    assert Scale.model_validate(SCALE).max == 5
    no_middle = {**SCALE, "anchors": [SCALE["anchors"][0], SCALE["anchors"][2], {"value": 5.0, "meaning": "x"}]}
    assert "same value" in errors(Scale, no_middle) or "middle" in errors(Scale, no_middle)
    no_top = {**SCALE, "anchors": [{"value": 1, "meaning": "a"}, {"value": 2, "meaning": "b"}, {"value": 3, "meaning": "c"}]}
    assert "the top (5)" in errors(Scale, no_top)
    assert "must be below max" in errors(Scale, {**SCALE, "min": 5, "max": 1})


def test_criterion_direction_is_benefit_or_cost() -> None:
    good = {"id": "civilian_harm", "name": "Civilian harm", "definition": "d", "direction": "cost", "scale": SCALE}
    assert Criterion.model_validate(good).direction == "cost"
    assert "'benefit' or 'cost'" in errors(Criterion, {**good, "direction": "lower"})


@pytest.mark.parametrize("change,message", [
    ({"low": None}, "give both low and high"),
    ({"low": 4, "high": 3, "value": 3}, "low (4) is above high (3)"),
    ({"value": 5}, "outside its own range"),
    ({"low": None, "high": None}, "needs a low–high range"),
    ({"basis": "cited"}, "needs at least one citation"),
    ({"basis": "guess"}, "'cited' or 'judgment'"),
])
def test_score_rules(change: dict[str, Any], message: str) -> None:
    assert Score.model_validate(JUDGED).value == 3
    assert Score.model_validate({**JUDGED, "basis": "cited", "citations": [CITE]}).basis == "cited"
    assert message in errors(Score, {**JUDGED, **change})


def test_stance_position() -> None:
    good = {"actor": "Gen. X", "position": "opposes", "citation": CITE}
    assert Stance.model_validate(good).position == "opposes"
    assert "'supports', 'opposes' or 'conditional'" in errors(Stance, {**good, "position": "against"})


def test_option_rules() -> None:
    good = {"id": "a", "name": "A", "rung": 0, "family": "f", "summary": "s", "description": "d",
            "applies": ["joint"], "scores": {"c": JUDGED}}
    assert Option.model_validate(good).id == "a"
    assert "at most once" in errors(Option, {**good, "applies": ["joint", "joint"]})
    assert "'joint', 'unilateral' or 'domestic'" in errors(Option, {**good, "applies": ["abroad"]})
    assert "not a valid id" in errors(Option, {**good, "id": "Not A Slug"})
    assert "Extra inputs are not permitted" in errors(Option, {**good, "colour": "red"})


def test_lens_rules() -> None:
    good = {"id": "l", "name": "L", "actor": "A", "label": "An interpretation, not their numbers",
            "weights": {"a": 1, "b": 0}, "derived_from": [CITE]}
    assert Lens.model_validate(good).weights == {"a": 1, "b": 0}
    assert "all zero" in errors(Lens, {**good, "weights": {"a": 0, "b": 0}})
    assert "must not be negative: b" in errors(Lens, {**good, "weights": {"a": 1, "b": -1}})
    assert "must say the weights are an interpretation" in errors(Lens, {**good, "label": "Milley's weights"})
    assert "at least 1 item" in errors(Lens, {**good, "derived_from": []})


def test_score_effect_shift_not_zero() -> None:
    good = {"option": "a", "criterion": "c", "shift": 1, "reason": "r"}
    assert ScoreEffect.model_validate(good).shift == 1
    assert "a shift of 0 changes nothing" in errors(ScoreEffect, {**good, "shift": 0})
