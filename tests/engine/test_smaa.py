"""SMAA-2: analytic cases, reproducibility, and the acceptability matrix's sums."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine import EngineError


def test_triangular_draw_against_its_distribution_function():
    """B ~ triangular(2, 4, 4) beats A = 3 with probability 1 − (3 − 2)²/((4 − 2)(4 − 2)) = 0.75."""
    m = engine.matrix_from_arrays(
        [[3.0], [4.0]], low=[[3.0], [2.0]], high=[[3.0], [4.0]], scale_min=[1], scale_max=[5]
    )
    result = engine.smaa(m, [1], samples=40_000, seed=1)
    assert result.first_rank["a2"] == pytest.approx(0.75, abs=0.01)
    assert result.rank_acceptability.loc["a1", 1] == pytest.approx(0.25, abs=0.01)
    # with fixed weights the confidence factor is the first-rank acceptability
    np.testing.assert_allclose(result.confidence, result.first_rank)


def test_symmetric_triangle_is_a_coin_toss():
    m = engine.matrix_from_arrays(
        [[3.0], [3.0]], low=[[3.0], [2.0]], high=[[3.0], [4.0]], scale_min=[1], scale_max=[5]
    )
    result = engine.smaa(m, [1], samples=40_000, seed=2)
    assert result.first_rank["a1"] == pytest.approx(0.5, abs=0.01)


def test_unknown_weights_two_criteria_central_weights_and_confidence():
    """A = (1, 0), B = (0, 1): A is first when w1 > w2 (probability ½); its central weight
    vector is E[w | w1 > w2] = (¾, ¼), under which A is always first (confidence 1)."""
    m = engine.matrix_from_arrays([[1.0, 0.0], [0.0, 1.0]], scale_min=[0, 0], scale_max=[1, 1])
    result = engine.smaa(m, None, samples=40_000, weights_mode="unknown", seed=3)
    assert result.first_rank["a1"] == pytest.approx(0.5, abs=0.01)
    np.testing.assert_allclose(result.central_weights.loc["a1"], [0.75, 0.25], atol=0.01)
    np.testing.assert_allclose(result.central_weights.loc["a2"], [0.25, 0.75], atol=0.01)
    np.testing.assert_allclose(result.confidence, [1.0, 1.0])


def test_ordinal_weights_keep_the_users_order():
    """With w1 ≥ w2 ≥ w3 required, every central weight vector respects the order, and the
    option best on the least important criterion wins less often than under unknown weights."""
    m = engine.matrix_from_arrays(
        [[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]], scale_min=[0] * 3, scale_max=[1] * 3
    )
    ordinal = engine.smaa(m, [3, 2, 1], samples=20_000, weights_mode="ordinal", seed=4)
    central = ordinal.central_weights[ordinal.first_rank > 0].to_numpy()
    assert np.all(np.diff(central, axis=1) <= 1e-12)
    # under w1 ≥ w2 ≥ w3 option 1 (best on c1) is always first
    assert ordinal.first_rank["a1"] == pytest.approx(1.0)
    unknown = engine.smaa(m, None, samples=20_000, weights_mode="unknown", seed=4)
    np.testing.assert_allclose(unknown.first_rank, [1 / 3] * 3, atol=0.015)


def test_ordinal_equal_weights_have_no_order_and_zero_weights_stay_out():
    m = engine.matrix_from_arrays(
        [[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]], scale_min=[0] * 3, scale_max=[1] * 3
    )
    result = engine.smaa(m, [1, 1, 0], samples=20_000, weights_mode="ordinal", seed=5)
    assert result.first_rank["a1"] == pytest.approx(0.5, abs=0.015)
    assert result.first_rank["a3"] == 0
    assert (result.central_weights["c3"] == 0).all()


def test_perturbed_weights_stay_near_the_given_ones():
    m = engine.matrix_from_arrays([[1.0, 0.0], [0.0, 1.0]], scale_min=[0, 0], scale_max=[1, 1])
    result = engine.smaa(m, [0.52, 0.48], samples=20_000, weights_mode="perturbed", perturbation=0.1, seed=6)
    assert 0.5 < result.first_rank["a1"] < 0.9
    assert result.central_weights.loc["a1", "c1"] == pytest.approx(0.54, abs=0.02)


def test_same_seed_same_numbers_whatever_chunk_and_threads(pack):
    m = engine.matrix_from_pack(pack)
    for mode in engine.WEIGHT_MODES:
        a = engine.smaa(m, [1, 1, 1], samples=3000, seed=7, weights_mode=mode, chunk=128, threads=1)
        b = engine.smaa(m, [1, 1, 1], samples=3000, seed=7, weights_mode=mode, chunk=1000, threads=2)
        c = engine.smaa(m, [1, 1, 1], samples=3000, seed=9, weights_mode=mode)
        np.testing.assert_array_equal(a.rank_acceptability, b.rank_acceptability)
        np.testing.assert_allclose(a.central_weights, b.central_weights, rtol=1e-12)
        np.testing.assert_allclose(a.confidence, b.confidence, rtol=1e-12)
        assert not np.array_equal(a.rank_acceptability, c.rank_acceptability)


def test_fixed_cells_and_weights_give_the_deterministic_ranking_with_ties_shared(make_matrix):
    m = make_matrix([[5, 1], [1, 5], [2, 2]])  # a1 and a2 tie at equal weights
    result = engine.smaa(m, [1, 1], samples=100)
    np.testing.assert_allclose(result.rank_acceptability.loc["a1"], [0.5, 0.5, 0])
    np.testing.assert_allclose(result.rank_acceptability.loc["a3"], [0, 0, 1])
    np.testing.assert_allclose(result.first_rank, [0.5, 0.5, 0])


@pytest.mark.parametrize("method", list(engine.METHODS))
def test_every_method_runs_and_wpm_checks_the_low_bounds(method, pack):
    m = engine.matrix_from_pack(pack)
    result = engine.smaa(m, [1, 1, 1], samples=500, method=method, weights_mode="perturbed")
    assert result.method == method and np.isclose(result.first_rank.sum(), 1)
    zero_low = engine.matrix_from_arrays([[1.0], [2.0]], low=[[0.0], [2.0]], high=[[1.0], [2.0]])
    if method == "wpm":
        with pytest.raises(EngineError, match="needs values above 0"):
            engine.smaa(zero_low, [1], samples=10, method=method)


def test_progress_reaches_one_in_order(pack):
    m = engine.matrix_from_pack(pack)
    seen: list[float] = []
    engine.smaa(m, [1, 2, 3], samples=2000, chunk=300, weights_mode="unknown", progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0) and len(seen) > 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"samples": 0}, "samples is 0"),
        ({"weights_mode": "guess"}, "unknown weights mode 'guess'"),
        ({"perturbation": 1.5}, "perturbation is 1.5"),
        ({"chunk": 0}, "chunk is 0"),
        ({"weights": None}, "give weights, or use weights_mode='unknown'"),
        ({"weights": [0, 0, 0]}, "all weights are zero"),
    ],
)
def test_smaa_errors(kwargs, message, pack):
    m = engine.matrix_from_pack(pack)
    args = {"weights": [1, 1, 1], **kwargs}
    weights = args.pop("weights")
    with pytest.raises(EngineError, match=message):
        engine.smaa(m, weights, **args)


def test_result_frames_and_notes(pack):
    m = engine.matrix_from_pack(pack)
    result = engine.smaa(m, [1, 1, 1], samples=200, seed=3)
    assert list(result.rank_acceptability.index) == list(m.option_ids)
    assert list(result.rank_acceptability.columns) == [1, 2, 3]
    assert list(result.central_weights.columns) == list(m.criterion_ids)
    assert result.samples == 200 and result.seed == 3 and result.weights_mode == "fixed"
    assert "5 of 9 scores have a range" in result.notes[1]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(st.lists(st.integers(1, 5), min_size=3, max_size=3), min_size=2, max_size=6),
    spread=st.integers(0, 2),
    mode=st.sampled_from(list(engine.WEIGHT_MODES)),
    method=st.sampled_from(list(engine.METHODS)),
    seed=st.integers(0, 1000),
)
def test_rank_acceptability_rows_and_columns_sum_to_one(values, spread, mode, method, seed):
    v = np.array(values, float)
    m = engine.matrix_from_arrays(
        v,
        [False, True, False],
        low=np.clip(v - spread, 1, 5),
        high=np.clip(v + spread, 1, 5),
        scale_min=[1] * 3,
        scale_max=[5] * 3,
    )
    result = engine.smaa(m, [2, 1, 1], samples=300, seed=seed, weights_mode=mode, method=method)
    ra = result.rank_acceptability.to_numpy()
    np.testing.assert_allclose(ra.sum(axis=0), 1.0)
    np.testing.assert_allclose(ra.sum(axis=1), 1.0)
    assert np.all(ra >= -1e-12)
    assert np.all((result.confidence >= 0) & (result.confidence <= 1 + 1e-12))
    central = result.central_weights.to_numpy()
    winners = result.first_rank.to_numpy() > 0
    np.testing.assert_allclose(central[winners].sum(axis=1), 1.0)
