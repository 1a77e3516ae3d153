"""Properties every ranking must have, checked on generated matrices."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import engine

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

problems = st.integers(2, 6).flatmap(
    lambda n: st.integers(1, 4).flatmap(
        lambda m: st.tuples(
            st.lists(st.lists(st.integers(1, 5), min_size=m, max_size=m), min_size=n, max_size=n),
            st.lists(st.booleans(), min_size=m, max_size=m),
            st.lists(st.integers(0, 9), min_size=m, max_size=m).filter(any),
        )
    )
)


def _matrix(values, is_cost):
    m = len(is_cost)
    return engine.matrix_from_arrays(values, is_cost, scale_min=[1] * m, scale_max=[5] * m)


@SETTINGS
@given(problem=problems, factor=st.floats(0.01, 1000), method=st.sampled_from(list(engine.METHODS)))
def test_scaling_all_weights_changes_nothing(problem, factor, method):
    values, is_cost, weights = problem
    m = _matrix(values, is_cost)
    a = engine.rank(m, weights, method)
    b = engine.rank(m, [w * factor for w in weights], method)
    np.testing.assert_allclose(a.scores, b.scores, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(a.ranks, b.ranks)


@SETTINGS
@given(problem=problems)
def test_a_dominated_option_never_outranks_its_dominator(problem):
    values, is_cost, weights = problem
    m = _matrix(values, is_cost)
    result = engine.rank(m, weights)
    for dominated, dominators in engine.pareto_dominated(m).items():
        for dominator in dominators:
            assert result.ranks[m.option_index(dominator)] <= result.ranks[m.option_index(dominated)]


@SETTINGS
@given(problem=problems, which=st.integers(0, 5), worse=st.integers(1, 4), data=st.data())
def test_adding_a_dominated_option_does_not_reorder_the_others(problem, which, worse, data):
    values, is_cost, weights = problem
    base = np.array(values, dtype=float)
    source = base[which % len(base)]
    copy = source.copy()
    j = data.draw(st.integers(0, len(is_cost) - 1))
    copy[j] = max(1, copy[j] - worse) if not is_cost[j] else min(5, copy[j] + worse)
    assume(not np.array_equal(copy, source))
    before = engine.rank(_matrix(base, is_cost), weights)
    after = engine.rank(_matrix(np.vstack([base, copy]), is_cost), weights)
    np.testing.assert_allclose(after.scores[:-1], before.scores)
    np.testing.assert_array_equal(
        np.argsort(after.ranks[:-1], kind="stable"), np.argsort(before.ranks, kind="stable")
    )
    assert after.ranks[-1] >= after.ranks[which % len(base)]


@SETTINGS
@given(problem=problems, method=st.sampled_from(list(engine.METHODS)))
def test_scores_are_finite_and_ranks_are_competition_ranks(problem, method):
    values, is_cost, weights = problem
    result = engine.rank(_matrix(values, is_cost), weights, method)
    assert np.all(np.isfinite(result.scores))
    ranks = np.sort(result.ranks)
    assert ranks[0] == 1
    for k, r in enumerate(ranks):  # each rank is 1 + the number of strictly better options
        assert r == 1 + np.sum(ranks < r) and r <= k + 1
