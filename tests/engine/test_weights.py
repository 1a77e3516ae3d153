"""Weights: direct numbers, rank order, lenses; AHP errors and group judgments."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import EngineError


def test_normalize_mapping_missing_criteria_get_zero():
    w = engine.normalize_weights({"b": 3, "a": 1}, ["a", "b", "c"])
    np.testing.assert_allclose(w, [0.25, 0.75, 0.0])


def test_normalize_array_keeps_order():
    np.testing.assert_allclose(
        engine.normalize_weights(np.array([2, 2, 4]), ["a", "b", "c"]), [0.25, 0.25, 0.5]
    )


def test_rank_order_centroid_rejects_repeats_and_empty():
    with pytest.raises(EngineError, match="'a' appears twice"):
        engine.rank_order_centroid(["a", "b", "a"])
    with pytest.raises(EngineError, match="empty"):
        engine.rank_order_centroid([])
    assert engine.rank_order_centroid(["x"]) == {"x": 1.0}


def test_lens_weights_normalised_and_unknown_lens(pack):
    assert engine.lens_weights(pack, "treasury") == {"benefit": 0.25, "reach": 0.25, "cost": 0.5}
    with pytest.raises(EngineError, match="unknown lens 'army': use one of treasury"):
        engine.lens_weights(pack, "army")


def test_ahp_consistent_matrix_has_zero_ratio_and_no_flags():
    # weights 4:2:1 exactly
    a = [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]
    result = engine.ahp(a, ["x", "y", "z"])
    np.testing.assert_allclose(list(result.weights.values()), [4 / 7, 2 / 7, 1 / 7])
    assert result.lambda_max == pytest.approx(3)
    assert result.cr == pytest.approx(0, abs=1e-9) and result.consistent
    assert result.worst_judgments == []


def test_ahp_one_and_two_criteria():
    assert engine.ahp([[1]], ["x"]).weights == {"x": 1.0}
    result = engine.ahp([[1, 3], [1 / 3, 1]], ["x", "y"])
    assert result.weights["x"] == pytest.approx(0.75) and result.cr == 0


@pytest.mark.parametrize(
    ("matrix", "ids", "message"),
    [
        ([[1, 2, 3], [1 / 2, 1, 1]], ["a", "b"], "the AHP matrix is 2×3: it must be square"),
        ([[1, 2], [1 / 2, 1]], ["a", "b", "c"], "2×2 but 3 criteria were named"),
        (
            [[1, 2], [2, 1]],
            ["a", "b"],
            r"\(a, b\) = 2 and \(b, a\) = 2 are not reciprocal: make the second 1/2",
        ),
        ([[2, 1], [1, 1]], ["a", "b"], r"\(a, a\) is 2: a criterion compared with itself is 1"),
        ([[1, 12], [1 / 12, 1]], ["a", "b"], "Saaty's scale runs from 1/9 to 9"),
        ([[1, 0], [0, 1]], ["a", "b"], "judgments must be positive"),
        ([[1, 2], [1 / 2]], ["a", "b"], "must be square"),
    ],
)
def test_ahp_errors(matrix, ids, message):
    with pytest.raises(EngineError, match=message):
        engine.ahp(matrix, ids)


def test_aggregate_ahp_is_the_geometric_mean_and_stays_reciprocal():
    a = np.array([[1, 3], [1 / 3, 1]])
    b = np.array([[1, 1 / 3], [3, 1]])
    c = np.array([[1, 9], [1 / 9, 1]])
    g = engine.aggregate_ahp([a, b, c])
    assert g[0, 1] == pytest.approx(9 ** (1 / 3))
    assert g[0, 1] * g[1, 0] == pytest.approx(1)
    with pytest.raises(EngineError, match="differ in size"):
        engine.aggregate_ahp([a, np.eye(3)])
    with pytest.raises(EngineError, match="at least one"):
        engine.aggregate_ahp([])
