"""Issue 11.11: the engine checked independently. Each test here failed on main before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest

import engine
from engine._ranks import first_place
from engine._sensitivity import rescaled_weights

METHODS = ["wsm", "wpm", "topsis", "promethee"]


def _scores(matrix: engine.DecisionMatrix, weights: np.ndarray, method: str) -> np.ndarray:
    return engine.rank(matrix, dict(zip(matrix.criterion_ids, weights, strict=True)), method=method).scores


@pytest.mark.parametrize("method", METHODS)
def test_flip_names_the_option_that_actually_leads_beyond_the_threshold(method: str) -> None:
    """On 1–5 integer matrices (where several options often cross at one weight) the option
    the table names as first just beyond each end of the interval is the one that leads there."""
    rng = np.random.default_rng(0)
    checked = wrong = 0
    for _ in range(300):
        values = rng.integers(1, 6, size=(6, 4)).astype(float)
        matrix = engine.matrix_from_arrays(values, [False, True, False, True], scale_min=[1] * 4, scale_max=[5] * 4)
        w = rng.integers(0, 5, size=4).astype(float)  # whole-number weights, as sliders give
        if w.sum() == 0:
            continue
        w = w / w.sum()
        table = engine.stability_intervals(matrix, w, method=method)
        for k, row in enumerate(table.itertuples(index=False)):
            for bound, who, step in ((row.top_high, row.overtaken_above_by, 1e-6),
                                     (row.top_low, row.overtaken_below_by, -1e-6)):
                if not isinstance(who, str):
                    continue
                t = float(np.clip(bound + step, 0, 1))
                s = _scores(matrix, rescaled_weights(np.asarray(w), k, np.array([t]))[0], method)
                checked += 1
                if matrix.option_ids[first_place(s)] != who or who == row.top:
                    wrong += 1
    assert checked > 500
    assert wrong == 0, f"{wrong} of {checked} flip claims name an option that does not lead there"


def test_flip_sentence_thresholds_are_rounded_outward() -> None:
    """'rises above X' is only true when X is at or beyond the exact threshold."""
    rng = np.random.default_rng(3)
    for _ in range(30):
        values = rng.uniform(1, 5, size=(5, 3))
        matrix = engine.matrix_from_arrays(values, scale_min=[1] * 3, scale_max=[5] * 3)
        w = rng.dirichlet(np.ones(3))
        table = engine.stability_intervals(matrix, w)
        for sentence in engine.flip_sentences(matrix, w):
            row = next(r for r in table.itertuples() if f"weight on {r.name} " in sentence)
            stated = float(sentence.rsplit(" ", 1)[1])
            if "rises above" in sentence:
                assert stated >= row.top_high - 1e-12, (sentence, row.top_high)
            else:
                assert stated <= row.top_low + 1e-12, (sentence, row.top_low)


def test_ahp_csv_with_a_huge_cell_is_an_error_not_a_traceback() -> None:
    text = "criterion,a,b\na,1,1e400\nb,,1\n"
    with pytest.raises(engine.EngineError, match="1e400"):
        values, ids, _ = engine.read_pairwise_csv(text)
        engine.ahp(values, ids)


def test_ahp_random_index_rises_with_size() -> None:
    """Alonso & Lamata (2006) give RI(12) = 1.5365: the index never falls as n grows."""
    sizes = sorted(engine.RANDOM_INDEX) if hasattr(engine, "RANDOM_INDEX") else None
    from engine._ahp import RANDOM_INDEX

    sizes = sorted(RANDOM_INDEX)
    values = [RANDOM_INDEX[n] for n in sizes]
    assert values == sorted(values)
    assert RANDOM_INDEX[12] == pytest.approx(1.5365, abs=0.005)


def test_csv_column_spanning_the_float_range_is_refused_before_sensitivity() -> None:
    text = "option,x,y\ndirection,max,max\nA,1e308,1\nB,-1e308,2\nC,0,3\n"
    with pytest.raises(engine.EngineError, match="x"):
        matrix, _ = engine.matrix_from_csv(text)
        engine.stability_intervals(matrix, {c: 1 for c in matrix.criterion_ids})


@pytest.mark.parametrize("bound", [math.inf, -math.inf, math.nan])
def test_matrix_refuses_non_finite_scale_bounds(bound: float) -> None:
    with pytest.raises(engine.EngineError):
        engine.matrix_from_arrays([[1.0, 2.0], [2.0, 1.0]], scale_min=[0, bound], scale_max=[5, 5])


def test_topsis_keeps_a_column_of_huge_values() -> None:
    """Squares of 1e200 overflow: the column must still separate the options, as it does at 1e2."""
    small = engine.matrix_from_arrays([[1e2, 1.0], [2e2, 1.0], [3e2, 1.0]])
    huge = engine.matrix_from_arrays([[1e200, 1.0], [2e200, 1.0], [3e200, 1.0]])
    w = {c: 0.5 for c in small.criterion_ids}
    a = engine.rank(small, w, method="topsis").scores
    b = engine.rank(huge, dict(zip(huge.criterion_ids, [0.5, 0.5], strict=True)), method="topsis").scores
    np.testing.assert_allclose(a, b, atol=1e-9)


def test_promethee_usual_does_not_depend_on_units() -> None:
    """The same data in units a million times smaller ranks the same way."""
    base = np.array([[1.0, 3.0], [2.0, 1.0], [3.0, 2.0]])
    w = [0.5, 0.5]
    big = engine.matrix_from_arrays(base)
    tiny = engine.matrix_from_arrays(base * 1e-13)
    s_big = engine.rank(big, dict(zip(big.criterion_ids, w, strict=True)), method="promethee").scores
    s_tiny = engine.rank(tiny, dict(zip(tiny.criterion_ids, w, strict=True)), method="promethee").scores
    np.testing.assert_allclose(s_big, s_tiny, atol=1e-12)


def test_weighted_sum_without_scales_normalises_over_the_ranges() -> None:
    """A CSV matrix without scales: every value SMAA may draw (low..high) maps into [0, 1]."""
    from engine._methods import prepare

    text = "option,x,x [low],x [high],y\ndirection,max,,,min\nA,5,2,9,1\nB,6,5,7,2\nC,7,6,8,3\n"
    matrix, _ = engine.matrix_from_csv(text)
    assert not matrix.has_scale
    model = prepare(matrix, "wsm")
    for cells in (matrix.low, matrix.high, matrix.values):
        u = model.utilities(cells)
        assert u.min() >= -1e-12 and u.max() <= 1 + 1e-12
