"""rank(): every method's result, ties, cost criteria, and the errors a user can cause."""

from __future__ import annotations

import json

import numpy as np
import pytest

import engine
from engine import EngineError

METHODS = list(engine.METHODS)


def test_competition_ranks_share_places():
    np.testing.assert_array_equal(engine.competition_ranks(np.array([9, 7, 7, 5])), [1, 2, 2, 4])
    np.testing.assert_array_equal(engine.competition_ranks(np.array([0.1 + 0.2, 0.3, 0.0])), [1, 1, 3])


def test_wsm_on_scale_bounds_turns_cost_around(make_matrix):
    m = make_matrix([[5, 1], [1, 5], [3, 3]], [False, True])
    result = engine.rank(m, {"c1": 1, "c2": 1})
    # u = (x − 1)/4; cost: 1 − u. A1: 1 and 1 → 1; A2: 0 and 0 → 0; A3: 0.5 and 0.5
    np.testing.assert_allclose(result.scores, [1.0, 0.0, 0.5])
    np.testing.assert_allclose(result.contributions, [[0.5, 0.5], [0, 0], [0.25, 0.25]])
    np.testing.assert_allclose(result.steps["normalised"].to_numpy(), [[1, 1], [0, 0], [0.5, 0.5]])
    assert result.steps["bounds"]["direction"].tolist() == ["benefit", "cost"]
    assert any("never changes another option's score" in n for n in result.notes)


def test_wsm_data_normalisation_when_asked(make_matrix):
    m = make_matrix([[4, 2], [2, 4], [3, 3]])
    scale = engine.rank(m, [1, 1]).scores
    data = engine.rank(m, [1, 1], normalization="data").scores
    np.testing.assert_allclose(scale, [0.5, 0.5, 0.5])
    np.testing.assert_allclose(data, [0.5, 0.5, 0.5])
    assert engine.rank(m, [3, 1], normalization="data").scores[0] == pytest.approx(0.75)


@pytest.mark.parametrize("method", METHODS)
def test_result_fields_table_order_and_json(method, make_matrix):
    m = make_matrix([[4, 2, 3], [2, 4, 4], [3, 3, 2]], [False, False, True])
    result = engine.rank(m, {"c1": 2, "c2": 1, "c3": 1}, method)
    assert result.method == method
    assert result.scores.shape == (3,) and result.contributions.shape == (3, 3)
    np.testing.assert_allclose(result.weights, [0.5, 0.25, 0.25])
    table = result.table()
    assert list(table.columns) == ["rank", "option", "name", "score", "c1", "c2", "c3"]
    assert table["option"].tolist() == result.order
    assert table["rank"].is_monotonic_increasing
    data = json.loads(json.dumps(result.to_dict()))
    assert [row["option"] for row in data["ranking"]] == result.order
    assert set(data["ranking"][0]["contributions"]) == {"c1", "c2", "c3"}
    assert result.steps and all(len(frame) for frame in result.steps.values())
    assert result.notes


@pytest.mark.parametrize("method", ["wsm", "promethee"])
def test_contributions_add_up_to_the_score(method, make_matrix):
    m = make_matrix([[4, 2, 3], [2, 4, 4], [3, 3, 2]], [False, False, True])
    result = engine.rank(m, [2, 1, 1], method)
    np.testing.assert_allclose(result.contributions.sum(axis=1), result.scores)


def test_wpm_contributions_add_up_to_log_score(make_matrix):
    m = make_matrix([[4, 2, 3], [2, 4, 4], [3, 3, 2]], [False, False, True])
    result = engine.rank(m, [2, 1, 1], "wpm")
    np.testing.assert_allclose(np.exp(result.contributions.sum(axis=1)), result.scores)


@pytest.mark.parametrize("method", METHODS)
def test_cost_criterion_equals_reflected_benefit(method, make_matrix):
    """A cost column ranks like the benefit column reflected on its scale (6 − x on 1–5)
    for the methods that compare differences; wpm reflects by ratio instead (see the
    published-example tests), so it is checked only for order here."""
    values = np.array([[4, 2, 3], [2, 4, 4], [3, 3, 1], [1, 5, 2]], dtype=float)
    as_benefit = values.copy()
    as_benefit[:, 2] = 6 - values[:, 2]
    a = engine.rank(make_matrix(values.tolist(), [False, False, True]), [1, 1, 2], method)
    b = engine.rank(make_matrix(as_benefit.tolist()), [1, 1, 2], method)
    if method in ("wsm", "promethee"):
        np.testing.assert_allclose(a.scores, b.scores)
    assert a.ranks[3] > a.ranks[2] or method == "wpm"


@pytest.mark.parametrize("method", METHODS)
def test_constant_columns_give_numbers_not_nan(method, make_matrix):
    m = engine.matrix_from_arrays([[3, 2], [3, 2], [3, 2]])
    result = engine.rank(m, [1, 1], method)
    assert np.all(np.isfinite(result.scores)) and np.all(np.isfinite(result.contributions))
    np.testing.assert_array_equal(result.ranks, [1, 1, 1])
    for frame in result.steps.values():
        numbers = frame.select_dtypes("number").to_numpy()
        assert np.all(np.isfinite(numbers))


def test_constant_column_is_explained_for_data_normalisation():
    m = engine.matrix_from_arrays([[3, 1], [3, 2]])
    result = engine.rank(m, [1, 1])
    assert any("C1: every option has the same value" in n for n in result.notes)
    np.testing.assert_allclose(result.steps["normalised"]["c1"], [0.5, 0.5])


def test_single_option_matrix_ranks_first(make_matrix):
    m = make_matrix([[3, 2]])
    for method in METHODS:
        result = engine.rank(m, [1, 1], method)
        assert result.ranks.tolist() == [1] and np.isfinite(result.scores).all()


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"c1": 0, "c2": 0}, "all weights are zero: give at least one criterion a positive weight"),
        ({"c1": -1, "c2": 2}, r"weight for 'c1' is negative \(-1\)"),
        ({"c9": 1}, "unknown criterion 'c9' in the weights: use one of c1, c2"),
        ([1, 2, 3], "got 3 weights for 2 criteria"),
        ({"c1": "heavy"}, "weight for 'c1' is 'heavy', not a number"),
        ({"c1": float("inf")}, "give a finite number"),
    ],
)
def test_bad_weights_say_what_to_fix(weights, message, make_matrix):
    with pytest.raises(EngineError, match=message):
        engine.rank(make_matrix([[1, 2], [2, 1]]), weights)


def test_unknown_method_and_option(make_matrix):
    m = make_matrix([[1, 2], [2, 1]])
    with pytest.raises(EngineError, match="unknown method 'ahp': use one of wsm, wpm, topsis, promethee"):
        engine.rank(m, [1, 1], "ahp")
    with pytest.raises(EngineError, match="method 'topsis' has no option 'p' \\(it takes no options\\)"):
        engine.rank(m, [1, 1], "topsis", p=2)
    with pytest.raises(EngineError, match="unknown normalization 'z'"):
        engine.rank(m, [1, 1], normalization="z")
    with pytest.raises(EngineError, match="this matrix has no criterion scales"):
        engine.rank(engine.matrix_from_arrays([[1, 2]]), [1, 1], normalization="scale")


def test_wpm_refuses_zero_and_negative_values():
    m = engine.matrix_from_arrays([[1, 2], [0, 3]], option_names=["A", "B"], criterion_names=["Cost", "Harm"])
    with pytest.raises(
        EngineError, match="needs values above 0, but B on Cost is 0: use wsm, topsis or promethee"
    ):
        engine.rank(m, [1, 1], "wpm")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"preference": "gaussian"}, "unknown preference function 'gaussian'"),
        ({"preference": "linear", "p": 1, "q": 2}, r"q \(2\) is above p \(1\)"),
        ({"preference": "linear", "p": -1}, "thresholds must be numbers of 0 or more"),
        ({"preference": {"c3": "linear"}}, "unknown criterion 'c3' in preference"),
        ({"preference": "linear", "p": [1, 2, 3]}, "p has 3 entries for 2 criteria"),
    ],
)
def test_bad_promethee_options(options, message, make_matrix):
    with pytest.raises(EngineError, match=message):
        engine.rank(make_matrix([[1, 2], [2, 1]]), [1, 1], "promethee", **options)


def test_promethee_per_criterion_functions_and_default_p_is_scale_range(make_matrix):
    m = make_matrix([[1, 2], [3, 1]])
    result = engine.rank(m, [1, 1], "promethee", preference={"c1": "linear"})
    thresholds = result.steps["thresholds"]
    assert thresholds["function"].tolist() == ["linear", "usual"]
    assert thresholds.loc["c1", "p"] == 4  # scale 1–5
    # c1: d = 2 of p = 4 → 0.5 preference; c2 usual → 1
    np.testing.assert_allclose(result.scores, [0.5 * (1 - 0.5), 0.5 * (0.5 - 1)])


def test_matrix_notes_reach_the_result(pack):
    m = engine.matrix_from_pack(pack, contexts=["drought"])
    result = engine.rank(m, {"benefit": 1, "reach": 1, "cost": 1})
    assert result.notes[-2].startswith("Drought: Dam on Benefit moves 4 → 3")
