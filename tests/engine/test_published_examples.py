"""Each method reproduces published worked examples, to the precision they were published.

Where a published example uses a different normalisation than ours, the test checks a
quantity that normalisation cannot change (e.g. the ratio of two weighted-product
scores) and says so.
"""

from __future__ import annotations

import numpy as np
import pytest

import engine


def test_topsis_tzeng_huang_2011():
    """Tzeng, G.-H., & Huang, J.-J. (2011). Multiple Attribute Decision Making: Methods and
    Applications. CRC Press — TOPSIS example, as reproduced in scikit-criteria's
    tests/agg/test_similarity.py::test_TOPSIS_tzeng2011multiple (closeness to 4 decimals)."""
    m = engine.matrix_from_arrays([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]])
    result = engine.rank(m, [0.3, 0.4, 0.3], "topsis")
    np.testing.assert_allclose(result.scores, [0.5037, 0.6581, 0.7482, 0.3340], atol=5e-5)
    np.testing.assert_array_equal(result.ranks, [3, 2, 1, 4])
    ideal = result.steps["ideal"]
    # vector-normalised, weighted ideal of criterion 1: 0.3 × 8 / sqrt(25 + 49 + 64 + 49)
    assert ideal.loc["ideal", "c1"] == pytest.approx(0.3 * 8 / np.sqrt(187))


def test_wpm_wikipedia_triantaphyllou_ratios():
    """Weighted product model, Wikipedia (after Triantaphyllou 2000): with weights 0.20, 0.15,
    0.40, 0.25, P(A1/A2) = 1.007, P(A1/A3) = 1.067, P(A2/A3) = 1.059, so A1 > A2 > A3.
    scikit-criteria's test_WeightedProductModel_enwiki_1015567716 gives the same example
    as log10 scores −0.50128589, −0.50448471, −0.52947246 after sum-scaling: our scores
    differ from those by a constant factor only, so the log10 differences must agree."""
    m = engine.matrix_from_arrays([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]])
    s = engine.rank(m, [20, 15, 40, 25], "wpm").scores
    assert round(s[0] / s[1], 3) == 1.007
    assert round(s[0] / s[2], 3) == 1.067
    assert round(s[1] / s[2], 3) == 1.059
    published = np.array([-0.50128589, -0.50448471, -0.52947246])
    np.testing.assert_allclose(np.log10(s) - np.log10(s[0]), published - published[0], atol=1e-8)


def test_wpm_cost_criterion_is_the_inverse_ratio():
    """Triantaphyllou (2000), ch. 2: a cost criterion enters the product with exponent −w,
    so turning a benefit column x into a cost column 1/x changes nothing."""
    values = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], dtype=float)
    as_cost = values.copy()
    as_cost[:, 2] = 1 / values[:, 2]
    a = engine.rank(engine.matrix_from_arrays(values), [20, 15, 40, 25], "wpm").scores
    b = engine.rank(
        engine.matrix_from_arrays(as_cost, [False, False, True, False]), [20, 15, 40, 25], "wpm"
    ).scores
    np.testing.assert_allclose(a, b)


def test_promethee_usual_zhao_peng_li_2013():
    """Zhao, H., Peng, Y., & Li, W. (2013). Revised PROMETHEE II for improving efficiency in
    emergency response. Procedia Computer Science, 17, 181–188 — usual preference function,
    net flows 0.1, −0.3, 0.2 (as in pymcdm's tests, TestPROMETHEE_II)."""
    m = engine.matrix_from_arrays([[4, 3, 2], [3, 2, 4], [5, 1, 3]])
    result = engine.rank(m, [0.5, 0.3, 0.2], "promethee")
    np.testing.assert_allclose(result.scores, [0.1, -0.3, 0.2], atol=1e-12)
    flows = result.steps["flows"]
    np.testing.assert_allclose(flows["phi_plus"], [0.55, 0.35, 0.6])
    np.testing.assert_allclose(flows["phi_minus"], [0.45, 0.65, 0.4])
    np.testing.assert_allclose(result.contributions.sum(axis=1), result.scores)


def test_promethee_linear_worked_by_hand():
    """The same matrix with the linear (type V) function, q = 0.5, p = 2 (Brans & Vincke 1985):
    P = 0 for d ≤ 0.5, (d − 0.5)/1.5 for 0.5 < d ≤ 2, 1 beyond. Worked by hand:
    π(A1,A2) = 0.5·⅓ + 0.3·⅓ = 0.2667, π(A1,A3) = 0.3, π(A2,A1) = 0.2, π(A2,A3) = 0.1667,
    π(A3,A1) = 0.2333, π(A3,A2) = 0.5, so φ = (1/15, −1/5, 2/15)."""
    m = engine.matrix_from_arrays([[4, 3, 2], [3, 2, 4], [5, 1, 3]])
    result = engine.rank(m, [0.5, 0.3, 0.2], "promethee", preference="linear", p=2, q=0.5)
    np.testing.assert_allclose(
        result.steps["preference_index"].to_numpy(),
        [[0, 0.8 / 3, 0.3], [0.2, 0, 0.5 / 3], [0.7 / 3, 0.5, 0]],
        atol=1e-12,
    )
    np.testing.assert_allclose(result.scores, [1 / 15, -1 / 5, 2 / 15], atol=1e-12)
    np.testing.assert_array_equal(result.ranks, [2, 3, 1])


def test_promethee_cost_criterion_prefers_lower():
    m = engine.matrix_from_arrays([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [False, False, True])
    result = engine.rank(m, [0.5, 0.3, 0.2], "promethee")
    # on the cost criterion A1 (2) beats both, A2 (4) loses to both
    np.testing.assert_allclose(result.steps["single_criterion_flows"]["c3"], [1, -1, 0])


def test_wsm_hand_example_with_an_exact_tie():
    """Weighted sum on a 0–100 scale: A1 = .25·.20 + .20·.15 + .15·.40 + .30·.25 = 0.215,
    A2 = A3 = 0.22 (computed by hand) — a tie, so both rank 1 and A1 ranks 3."""
    m = engine.matrix_from_arrays(
        [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], scale_min=[0] * 4, scale_max=[100] * 4
    )
    result = engine.rank(m, [20, 15, 40, 25])
    np.testing.assert_allclose(result.scores, [0.215, 0.22, 0.22])
    np.testing.assert_array_equal(result.ranks, [3, 1, 1])
    assert result.order == ["a2", "a3", "a1"]


SAATY_HOUSE = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]


def test_ahp_saaty_1990_house_example():
    """Saaty, T. L. (1990). How to make a decision: the analytic hierarchy process. EJOR 48,
    9–26 — buying a house, eight criteria: priorities .173 .054 .188 .018 .031 .036 .167
    .333, λmax = 9.669, CI = 0.238, CR = 0.169 (above 0.1, so judgments are flagged)."""
    ids = ["size", "transport", "neighbourhood", "age", "yard", "facilities", "condition", "finance"]
    result = engine.ahp(SAATY_HOUSE, ids)
    np.testing.assert_allclose(
        [result.weights[c] for c in ids], [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333], atol=5e-4
    )
    assert round(result.lambda_max, 3) == 9.669
    assert round(result.ci, 3) == 0.238
    assert round(result.cr, 3) == 0.169
    assert not result.consistent
    assert len(result.worst_judgments) == 3
    worst = result.worst_judgments[0]
    # neighbourhood judged 6× as important as general condition, though the weights imply ~1.1
    assert worst[:3] == ("neighbourhood", "condition", 6.0)
    assert worst[3] == pytest.approx(result.weights["neighbourhood"] / result.weights["condition"])


def test_ahp_wang_chin_2011_eigenvector():
    """Wang, Y. M., & Chin, K. S. (2011). A linear programming approximation to the eigenvector
    method in the analytic hierarchy process. Information Sciences, 181(23), 5240–5248 —
    eigenvector weights 0.3208 0.1395 0.0348 0.1285 0.2374 0.1391 (pymcdm TestAHPWeights)."""
    a = [
        [1, 4, 3, 1, 3, 4],
        [1 / 4, 1, 7, 3, 1 / 5, 1],
        [1 / 3, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 6],
        [1, 1 / 3, 5, 1, 1, 1 / 3],
        [1 / 3, 5, 5, 1, 1, 3],
        [1 / 4, 1, 6, 3, 1 / 3, 1],
    ]
    result = engine.ahp(a, list("abcdef"))
    np.testing.assert_allclose(
        list(result.weights.values()), [0.3208, 0.1395, 0.0348, 0.1285, 0.2374, 0.1391], atol=5e-5
    )


def test_rank_order_centroid_barron_barrett_1996():
    """Barron & Barrett (1996), Management Science 42(11): ROC weights for four criteria
    are 0.5208, 0.2708, 0.1458, 0.0625."""
    w = engine.rank_order_centroid(["a", "b", "c", "d"])
    assert list(w) == ["a", "b", "c", "d"]
    np.testing.assert_allclose(list(w.values()), [0.5208, 0.2708, 0.1458, 0.0625], atol=5e-5)
    assert sum(w.values()) == pytest.approx(1)
