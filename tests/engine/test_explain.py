"""Dominance, why A is above B, and agreement between methods."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import EngineError


def test_pareto_dominated_with_cost_criteria(make_matrix):
    m = make_matrix([[4, 2], [3, 3], [4, 3], [2, 4]], [False, True])
    # a1 (4, cost 2) dominates everyone; a3 (4, cost 3) dominates a2 (3, 3) and a4 (2, 4)
    assert engine.pareto_dominated(m) == {"a2": ["a1", "a3"], "a3": ["a1"], "a4": ["a1", "a2", "a3"]}


def test_identical_options_do_not_dominate_each_other(make_matrix):
    assert engine.pareto_dominated(make_matrix([[3, 3], [3, 3]])) == {}


def test_why_lists_criteria_by_weighted_difference(pack):
    m = engine.matrix_from_pack(pack)
    table = engine.why(m, {"benefit": 2, "reach": 1, "cost": 1}, "dam", "wells")
    assert list(table.index) == ["benefit", "reach", "cost"]
    assert table["favours"].tolist() == ["a", "b", "b"]
    # benefit: 0.5 × (0.75 − 0.5); reach: 0.25 × (0.25 − 0.75); cost: 0.25 × (0.25 − 0.75)
    np.testing.assert_allclose(table["difference"], [0.125, -0.125, -0.125])
    result = engine.rank(m, {"benefit": 2, "reach": 1, "cost": 1})
    assert table["difference"].sum() == pytest.approx(result.scores[0] - result.scores[1])
    assert table.loc["cost", "value_a"] == 4 and table.loc["cost", "value_b"] == 2


def test_why_needs_two_known_options(pack):
    m = engine.matrix_from_pack(pack)
    with pytest.raises(EngineError, match="two different options"):
        engine.why(m, [1, 1, 1], "dam", "dam")
    with pytest.raises(EngineError, match="unknown option 'x'"):
        engine.why(m, [1, 1, 1], "dam", "x")


def test_method_agreement_ranks_and_kendall_tau(make_matrix):
    m = make_matrix([[5, 1], [4, 2], [3, 3], [1, 5]])
    ranks, tau = engine.method_agreement(m, [3, 1])
    assert list(ranks.columns) == ["wsm", "wpm", "topsis", "promethee"]
    assert ranks["wsm"].tolist() == [1, 2, 3, 4]
    assert list(tau.index) == list(tau.columns) == list(ranks.columns)
    np.testing.assert_allclose(np.diag(tau), 1.0)
    np.testing.assert_allclose(tau.to_numpy(), tau.to_numpy().T)
    assert ranks.attrs["skipped"] == {}


def test_method_agreement_leaves_out_a_method_that_cannot_run():
    m = engine.matrix_from_arrays([[0, 1], [1, 0], [2, 2]])
    ranks, tau = engine.method_agreement(m, [1, 1])
    assert "wpm" not in ranks.columns and "needs values above 0" in ranks.attrs["skipped"]["wpm"]
    assert not tau.isna().any().any()
