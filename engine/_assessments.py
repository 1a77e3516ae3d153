"""Assessments: each side's own scores for the cells it disputes, and where the sides differ.

A pack's option files hold the editors' scores. An assessment replaces some of those cells
with how one side (its ``holder``) believes the options would do; the cells it leaves out
keep the editors' scores. :func:`engine.matrix_from_pack` applies an assessment before the
contexts and the overrides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from engine._errors import EngineError

if TYPE_CHECKING:  # the engine only reads attributes of the pack models
    from schema import Assessment, Pack, Score

__all__ = ["EDITORS", "MATRIX_ORDER", "assessment_differences", "find_assessment", "lens_assessment"]

#: How the editors' scores (no assessment) are named where an assessment id would go.
EDITORS = "(editors)"

#: The order in which a pack's matrix is built, in the words Show your work uses.
MATRIX_ORDER = "editors' scores → assessment → conditions (contexts) → your overrides"


def find_assessment(pack: Pack, assessment_id: str) -> Assessment:
    """The pack's assessment with this id; EngineError naming the valid ids otherwise."""
    for assessment in pack.assessments:
        if assessment.id == assessment_id:
            return assessment
    if not pack.assessments:
        raise EngineError(f"unknown assessment {assessment_id!r}: this pack has no assessments (add an "
                          "assessments.yaml, as in the template pack), so leave out --assessment")
    known = ", ".join(a.id for a in pack.assessments)
    raise EngineError(f"unknown assessment {assessment_id!r}: use one of {known}")


def lens_assessment(pack: Pack, lens_id: str) -> str | None:
    """The id of the assessment a lens's actor holds (None: the editors' scores)."""
    for lens in pack.lenses:
        if lens.id == lens_id:
            return lens.assessment
    known = ", ".join(lens.id for lens in pack.lenses) or "none in this pack"
    raise EngineError(f"unknown lens {lens_id!r}: use one of {known}")


def _cell(score: Score) -> dict[str, Any]:
    return {
        "value": score.value,
        "low": score.value if score.low is None else score.low,
        "high": score.value if score.high is None else score.high,
        "basis": score.basis,
        "rationale": score.rationale,
        "quotes": [{"source": c.source, "quote": c.quote} for c in score.citations],
    }


def assessment_differences(pack: Pack, option_id: str | None = None) -> pd.DataFrame:
    """Every cell on which some assessment differs from the editors' scores or another assessment.

    Parameters
    ----------
    pack : schema.Pack
    option_id : str, optional
        Only this option's cells.

    Returns
    -------
    DataFrame
        One row per (cell, side): option, criterion, side (assessment id, or ``EDITORS``),
        side_name, value, low, high, basis, rationale, quotes (list of {source, quote}).
        Cells where every side gives the same value are left out. Sides come editors
        first, then assessments in pack order.
    """
    if option_id is not None and option_id not in {o.id for o in pack.options}:
        raise EngineError(
            f"unknown option {option_id!r}: use one of {', '.join(o.id for o in pack.ladder)}"
        )
    rows: list[dict[str, Any]] = []
    for option in pack.ladder:
        if option_id is not None and option.id != option_id:
            continue
        for criterion in pack.criteria:
            editors = option.scores.get(criterion.id)
            if editors is None:
                continue
            sides = [(EDITORS, "The editors' scores", editors)]
            for assessment in pack.assessments:
                own = assessment.cells.get(option.id, {}).get(criterion.id)
                if own is not None:
                    sides.append((assessment.id, assessment.name, own))
            if len({s.value for _, _, s in sides}) < 2:
                continue
            for side, name, score in sides:
                rows.append(
                    {"option": option.id, "criterion": criterion.id, "side": side, "side_name": name, **_cell(score)}
                )
    columns = ["option", "criterion", "side", "side_name", "value", "low", "high", "basis", "rationale", "quotes"]
    return pd.DataFrame(rows, columns=columns)
