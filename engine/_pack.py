"""Build a decision matrix from a case pack: editors' scores → assessment → contexts → overrides."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from engine._assessments import MATRIX_ORDER, find_assessment
from engine._errors import EngineError
from engine._matrix import DecisionMatrix

if TYPE_CHECKING:  # the engine only reads attributes of the pack models
    from schema import Context, Pack, ScoreEffect

__all__ = ["matrix_from_pack"]

_NO_OVERRIDES: Mapping[tuple[str, str], float] = MappingProxyType({})


def _selected_contexts(pack: Pack, contexts: Iterable[str]) -> list[Context]:
    by_id = {c.id: c for c in pack.contexts}
    chosen: list[Context] = []
    for context_id in dict.fromkeys(contexts):  # keep order, drop repeats
        if context_id not in by_id:
            known = ", ".join(by_id) or "none in this pack"
            raise EngineError(f"unknown context {context_id!r}: use one of {known}")
        chosen.append(by_id[context_id])
    groups: dict[str, str] = {}
    for context in chosen:
        group = context.exclusive_group
        if group is None:
            continue
        if group in groups:
            raise EngineError(
                f"contexts {groups[group]!r} and {context.id!r} are both in the exclusive group "
                f"{group!r}: switch on only one of them"
            )
        groups[group] = context.id
    return chosen


def _fmt_range(low: float, high: float) -> str:
    return f"{low:g}–{high:g}"


def matrix_from_pack(
    pack: Pack,
    contexts: Iterable[str] = (),
    overrides: Mapping[tuple[str, str], float] = _NO_OVERRIDES,
    assessment: str | None = None,
) -> DecisionMatrix:
    """The pack's options × criteria matrix: editors' scores → assessment → contexts → overrides.

    Parameters
    ----------
    pack : schema.Pack
        A loaded case pack. Options come in ladder order (lowest rung first), criteria in
        the pack's order.
    contexts : iterable of str
        Ids of contexts to switch on. Each effect's shift is added to the cell's value,
        low and high, and each is then kept inside the criterion's scale.
    overrides : mapping of (option id, criterion id) to float
        A team's own scores, applied after the contexts. The cell's range is kept when it
        still contains the new value, otherwise it collapses to the value.

    Returns
    -------
    DecisionMatrix
        With ``changed`` marking moved cells and ``notes`` describing every effect and
        override in a plain sentence.

    Raises
    ------
    EngineError
        Unknown assessment, context, option or criterion id; two contexts of one exclusive group;
        an override outside the criterion's scale.
    """
    options = pack.ladder
    criteria = list(pack.criteria)
    n, m = len(options), len(criteria)
    values = np.empty((n, m))
    low = np.empty((n, m))
    high = np.empty((n, m))
    basis = np.empty((n, m), dtype=object)
    rationale = np.empty((n, m), dtype=object)
    for i, option in enumerate(options):
        for j, criterion in enumerate(criteria):
            score = option.scores.get(criterion.id)
            if score is None:
                raise EngineError(
                    f"option {option.id!r} has no score for criterion {criterion.id!r}: add one"
                )
            values[i, j] = score.value
            low[i, j] = score.value if score.low is None else score.low
            high[i, j] = score.value if score.high is None else score.high
            basis[i, j] = score.basis
            rationale[i, j] = score.rationale
    notes: list[str] = []
    if assessment is not None:
        chosen_assessment = find_assessment(pack, assessment)
        replaced: list[str] = []
        col_of = {c.id: j for j, c in enumerate(criteria)}
        for i, option in enumerate(options):
            for criterion_id, own in chosen_assessment.cells.get(option.id, {}).items():
                j = col_of.get(criterion_id)
                if j is None:
                    raise EngineError(
                        f"assessment {assessment!r}: unknown criterion {criterion_id!r}: "
                        f"use one of {', '.join(col_of)}"
                    )
                editors = values[i, j]
                values[i, j] = own.value
                low[i, j] = own.value if own.low is None else own.low
                high[i, j] = own.value if own.high is None else own.high
                basis[i, j] = own.basis
                rationale[i, j] = f"{chosen_assessment.name}: {own.rationale}"
                replaced.append(f"{option.name} on {criteria[j].name} {editors:g} → {own.value:g}")
        notes.append(
            f"Scores: {MATRIX_ORDER}. Assessment \"{chosen_assessment.name}\" "
            f"({chosen_assessment.holder}) replaces {len(replaced)} of the editors' scores"
            + (f": {'; '.join(replaced)}." if replaced else ".")
            + " Every other cell is the editors' score."
        )
    scale_min = np.array([c.scale.min for c in criteria], dtype=float)
    scale_max = np.array([c.scale.max for c in criteria], dtype=float)
    row = {o.id: i for i, o in enumerate(options)}
    col = {c.id: j for j, c in enumerate(criteria)}
    changed = np.zeros((n, m), dtype=bool)
    chosen = _selected_contexts(pack, contexts)

    def cell(option_id: str, criterion_id: str, where: str) -> tuple[int, int]:
        if option_id not in row:
            raise EngineError(f"{where}: unknown option {option_id!r}: use one of {', '.join(row)}")
        if criterion_id not in col:
            raise EngineError(f"{where}: unknown criterion {criterion_id!r}: use one of {', '.join(col)}")
        return row[option_id], col[criterion_id]

    # Every shift on one score adds up first; the scale then holds the sum once (clipping effect by effect
    # made the result depend on their order: 1 − 1 + 0.5 gave 1.5, against a net shift of −0.5).
    by_cell: dict[tuple[int, int], list[tuple[Context, ScoreEffect]]] = {}
    for context in chosen:
        for effect in context.effects:
            by_cell.setdefault(cell(effect.option, effect.criterion, f"context {context.id!r}"), []).append(
                (context, effect))
    for (i, j), effects in by_cell.items():
        lo_s, hi_s = scale_min[j], scale_max[j]
        old = values[i, j]
        total = sum(effect.shift for _, effect in effects)
        new_v = float(np.clip(old + total, lo_s, hi_s))
        new_l = float(np.clip(low[i, j] + total, lo_s, hi_s))
        new_h = float(np.clip(high[i, j] + total, lo_s, hi_s))
        moved = (new_v, new_l, new_h) != (old, low[i, j], high[i, j])
        values[i, j], low[i, j], high[i, j] = new_v, new_l, new_h
        changed[i, j] |= moved
        clamped = new_v != old + total
        together = f"; the {len(effects)} shifts on this score add up to {total:+g}" if len(effects) > 1 else ""
        for context, effect in effects:
            notes.append(
                f"{context.name}: {options[i].name} on {criteria[j].name} moves "
                f"{old:g} → {new_v:g} (shift {effect.shift:+g}{together}"
                f"{', held at the end of the scale' if clamped else ''}): {effect.reason}"
            )

    for (option_id, criterion_id), raw in overrides.items():
        i, j = cell(option_id, criterion_id, f"override {option_id}.{criterion_id}")
        value = float(raw)
        if not math.isfinite(value):
            raise EngineError(f"override {option_id}.{criterion_id}: {raw!r} is not a number")
        if not scale_min[j] <= value <= scale_max[j]:
            raise EngineError(
                f"override {option_id}.{criterion_id}={value:g} is outside the criterion's "
                f"scale {_fmt_range(scale_min[j], scale_max[j])}"
            )
        old = values[i, j]
        kept = low[i, j] <= value <= high[i, j]
        if not kept:
            low[i, j] = high[i, j] = value
        values[i, j] = value
        changed[i, j] |= value != old or not kept
        range_note = (
            f"range {_fmt_range(low[i, j], high[i, j])} kept"
            if kept and low[i, j] < high[i, j]
            else "no range"
        )
        notes.append(
            f"Override: {options[i].name} on {criteria[j].name} set to {value:g} (was {old:g}; {range_note})"
        )

    return DecisionMatrix(
        option_ids=tuple(o.id for o in options),
        option_names=tuple(o.name for o in options),
        criterion_ids=tuple(c.id for c in criteria),
        criterion_names=tuple(c.name for c in criteria),
        values=values,
        low=low,
        high=high,
        is_cost=np.array([c.direction == "cost" for c in criteria], dtype=bool),
        scale_min=scale_min,
        scale_max=scale_max,
        basis=basis,
        rationale=rationale,
        changed=changed,
        notes=notes,
        contexts=tuple(c.id for c in chosen),
        assessment=assessment,
    )
