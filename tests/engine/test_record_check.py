"""The record check on packs whose answers are known by hand (see tests/engine/sided_packs.py)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import engine
from engine._record_check import first_rank_unknown_weights, record_check, weight_ranges
from schema import RecordCheckThresholds
from tests.engine.sided_packs import conflict_pack, lp_pack, two_sides


def test_consistent_weight_ranges_match_the_hand_computation() -> None:
    (rec,) = record_check(lp_pack(), samples=1000).lenses
    assert rec.supported == ("p", "r") and rec.opposed == ("q",)
    assert rec.feasible
    assert rec.ranges is not None
    assert rec.ranges["low"].round(9).tolist() == [0.0, 0.0, 0.25]
    assert rec.ranges["high"].round(9).tolist() == [0.5, 0.5, 1.0]
    assert rec.ranges["lens_weight"].tolist() == [0.5, 0.25, 0.25]


def test_pair_agreement_counts_and_names_the_wrong_pairs() -> None:
    (rec,) = record_check(lp_pack(), samples=1000).lenses
    assert (rec.right, rec.total, rec.share) == (1, 2, 0.5)
    wrong = rec.pairs[~rec.pairs["right"]]
    assert wrong[["supported", "opposed"]].values.tolist() == [["r", "q"]]
    assert "Wrong way round: R (supported, 0.375) scores below Q (opposed, 0.400)." in rec.sentences
    assert "1 of 2 pairs (50.0%) are ranked the right way round by the lens's weights with its assessment." in rec.sentences
    assert rec.sentences[0] == "“Actor”: its actors support 2 options (“P”, “R”) and oppose 1 (“Q”)."


def test_pairs_no_weighting_explains_are_named() -> None:
    (rec,) = record_check(conflict_pack(), samples=1000).lenses
    assert not rec.feasible
    assert rec.alone == [("s", "c")]
    assert rec.conflicts == [[("a", "c"), ("b", "c")]]
    assert "No weighting explains S above C: C is better on every criterion." in rec.sentences
    assert "No single weighting explains these together: A above C; B above C." in rec.sentences
    assert rec.pairs.set_index("supported")["explainable"].to_dict() == {"a": False, "b": False, "s": False}
    # with every pair named, no pair is left for weight ranges to explain: none are reported
    assert rec.ranges is None
    assert rec.sentences[0] == "“Actor”: its actors support 3 options (“A”, “B”, “S”) and oppose 1 (“C”)."


def test_lenses_with_assessments_and_supported_options_leading() -> None:
    result = record_check(two_sides(), samples=20_000, seed=1)
    assert [r.lens for r in result.lenses] == ["hawk", "dove"]
    hawk, dove = result.lenses
    assert (hawk.right, hawk.total, dove.right, dove.total) == (1, 1, 2, 2)
    table = result.supported
    assert table.index.tolist() == ["talks", "wall", "strike"]
    assert table.loc["strike", "assessment"] == "hawks"
    assert table.loc["wall", "assessment"] == "(editors)"  # its supporter is tied to no lens: the editors' scores
    # uniform t = w_effect on [0, 1]: talks leads for t < .8 (doves), wall for t > 2/3 (editors),
    # strike for .4 < t < 6/7 (hawks)
    assert table.loc["talks", "first_rank"] == pytest.approx(0.8, abs=0.01)
    assert table.loc["wall", "first_rank"] == pytest.approx(1 / 3, abs=0.01)
    assert table.loc["strike", "first_rank"] == pytest.approx(6 / 7 - 0.4, abs=0.015)  # 20,000 draws: ±4 SE
    assert result.passed and result.min_pair_agreement is None


def test_thresholds_fail_with_plain_reasons_and_no_case_note_excuses() -> None:
    pack = two_sides(RecordCheckThresholds(min_pair_agreement=0.9, min_first_rank_acceptability=0.5,
                                           samples=5000, seed=3))
    result = record_check(pack)
    assert (result.samples, result.seed) == (5000, 3)
    assert not result.passed
    assert result.supported["flagged"].to_dict() == {"talks": False, "wall": True, "strike": True}
    assert result.failures[0].startswith("Wall leads under 33.")
    assert result.failures[0].endswith("of all weightings with its supporters' assessment; the pack asks for at "
                                       "least 50.0%, or a note that the texts give it no case.")
    noted = pack.model_copy(update={"options": [
        o.model_copy(update={"no_case_note": "The texts give no case for it."}) if o.id in {"wall", "strike"} else o
        for o in pack.options]})
    assert record_check(noted).passed


def test_lens_below_the_pair_threshold_fails() -> None:
    pack = lp_pack()
    pack = pack.model_copy(update={"info": pack.info.model_copy(update={"record_check": RecordCheckThresholds(
        min_pair_agreement=0.9, min_first_rank_acceptability=0.0)})})
    result = record_check(pack, samples=1000)
    assert result.failures == [
        "“Actor” ranks 1 of 2 pairs (50.0%) the right way round; the pack asks for at least 90.0%."
    ]


def test_first_rank_matches_smaa_with_fixed_scores() -> None:
    matrix = engine.matrix_from_pack(two_sides(), assessment="hawks")
    from engine._methods import prepare

    (ours,) = first_rank_unknown_weights([prepare(matrix, "wsm").utilities(matrix.values)], 4000, 7)
    smaa = engine.smaa(matrix, None, samples=4000, seed=7, weights_mode="unknown")
    assert np.allclose(ours, smaa.first_rank.to_numpy(), atol=1e-3)


@st.composite
def stated_pairs(draw: st.DrawFn) -> np.ndarray:
    m = draw(st.integers(2, 5))
    k = draw(st.integers(1, 6))
    values = draw(st.lists(st.integers(-10, 10), min_size=k * m, max_size=k * m))
    d = np.array(values, dtype=float).reshape(k, m) / 10
    if draw(st.booleans()):  # a criterion on which every supported option is at least level: feasible
        j = draw(st.integers(0, m - 1))
        d[:, j] = np.abs(d[:, j])
    return d


@settings(max_examples=60, deadline=None)
@given(stated_pairs(), st.integers(0, 2**31))
def test_reported_ranges_bound_every_consistent_weighting_and_are_attained(d: np.ndarray, seed: int) -> None:
    ranges = weight_ranges(d)
    rng = np.random.default_rng(seed)
    samples = rng.dirichlet(np.ones(d.shape[1]), 4000)
    inside = samples[(samples @ d.T >= 0).all(axis=1)]
    if ranges is None:
        assert inside.size == 0
        return
    tol = 1e-7
    # every sampled weighting that satisfies the stated pairs lies inside the reported ranges
    assert np.all(inside >= ranges.low - tol) and np.all(inside <= ranges.high + tol)
    # the bounds are attained by weightings that satisfy every pair
    for at, bound in ((ranges.at_low, ranges.low), (ranges.at_high, ranges.high)):
        assert np.allclose(at.sum(axis=1), 1) and np.all(at >= -tol)
        assert np.all(at @ d.T >= -tol)
        assert np.allclose(np.diag(at), bound, atol=1e-7)
    # every weighting mixed from the attaining ones satisfies the pairs (the set is convex)
    corners = np.vstack([ranges.at_low, ranges.at_high])
    mixes = rng.dirichlet(np.ones(len(corners)), 200) @ corners
    assert np.all(mixes @ d.T >= -tol)
    assert np.all(mixes >= ranges.low - tol) and np.all(mixes <= ranges.high + tol)


# ----------------------------------------------------------------- a weighting under which it leads
THREE = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]])  # A, B, C on two criteria (utilities)


def test_central_weights_match_the_hand_computation() -> None:
    """Two criteria, w = (x, 1 − x) with x uniform: A leads for x > 0.6, C for 0.4 < x < 0.6, B for x < 0.4.
    Central weight vectors: the middles of those intervals, (0.8, 0.2), (0.5, 0.5) and (0.2, 0.8)."""
    from engine._record_check import _FirstRank

    draws = _FirstRank([THREE], 40_000, 3)
    assert np.allclose(draws.shares[0], [0.4, 0.4, 0.2], atol=0.01)
    assert np.allclose([draws.central(0, i) for i in range(3)], [[0.8, 0.2], [0.2, 0.8], [0.5, 0.5]], atol=0.01)


def test_widest_margin_weights_and_an_option_no_weighting_puts_first() -> None:
    from engine._record_check import max_margin_weights

    margin, w = max_margin_weights(THREE, 2)  # C: min(0.6 − x, 0.6 − (1 − x)) is largest at x = 0.5
    assert margin == pytest.approx(0.1) and np.allclose(w, [0.5, 0.5])
    with_d = np.vstack([THREE, [0.45, 0.45]])  # D: below max(A, B, C) under every weighting
    margin, _ = max_margin_weights(with_d, 3)
    assert margin < 0


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6), st.integers(2, 4), st.integers(0, 10_000))
def test_an_option_comes_first_under_its_central_weights(n: int, m: int, seed: int) -> None:
    """The set of weightings under which an option leads is convex, so its central weight vector is in it."""
    from engine._record_check import _FirstRank

    u = np.random.default_rng(seed).integers(0, 5, size=(n, m)) / 4
    draws = _FirstRank([u], 3000, seed)
    for i in np.flatnonzero(draws.shares[0] > 0):
        central = draws.central(0, i)
        scores = u @ central
        rivals = np.abs(u - u[i]).max(axis=1) > 0  # identical options tie with it
        assert not rivals.any() or scores[i] > scores[rivals].max(), (u, i, central)


@pytest.mark.parametrize("samples", [4000, 1])
def test_the_record_check_says_under_which_weighting_each_supported_option_leads(samples: int) -> None:
    """With one sample most options are first in no sample: they get the widest-margin weighting."""
    supported = record_check(two_sides(), samples=samples).supported
    assert set(supported["leads_how"]) <= {"central", "widest margin", "none"}
    if samples == 1:
        assert (supported["leads_how"] == "widest margin").sum() >= 1
    for option_id, row in supported.iterrows():
        if row["leads_how"] == "none":
            assert row["leads_under"] is None
            assert row["leads_sentence"] == "No weighting puts it strictly first with its supporters' scores."
            continue
        assessment = None if row["assessment"] == engine.EDITORS else row["assessment"]
        matrix = engine.matrix_from_pack(two_sides(), assessment=assessment)
        assert engine.rank(matrix, row["leads_under"]).order[0] == option_id
        assert row["leads_sentence"].startswith(("Weights under which it comes first, for example: ",
                                                 "No sampled weighting put it first; weights under which it leads "
                                                 "by the widest margin: "))


def test_a_dominated_option_is_known_to_lead_nowhere_without_the_lp() -> None:
    from engine._record_check import _dominated, max_margin_weights

    u = np.vstack([THREE, [0.5, 0.6]])  # below C = (0.6, 0.6) on one criterion, level on the other
    assert _dominated(u, 3) and not _dominated(u, 2)
    assert max_margin_weights(u, 3)[0] <= 0  # what the LP would have said


def _leading(u: np.ndarray, i: int, samples: int = 20_000) -> tuple[str | None, np.ndarray | None, str]:
    from engine._record_check import _FirstRank, _weighting_that_leads

    draws = _FirstRank([u], samples, 1)
    share = float(draws.shares[0][i])
    return _weighting_that_leads(lambda a: (u, None), ["s"], draws, {"s": share}, "s", share, i)


def test_a_weighting_that_loses_the_lead_on_the_sliders_is_not_offered_as_one_that_keeps_it() -> None:
    """C leads only in a band narrower than the sliders' steps (whole hundredths of the largest weight):
    rounded, both its central weights and the widest-margin weights put A or B first. The check says
    it leads only under finer weights, and gives weights (unrounded) under which it does."""
    from engine._record_check import _comes_first, _rounded

    x0 = 0.985 / 1.985  # where A = (1, 0) and B = (0, 0.985) score the same: x0 = 0.985 (1 − x0)
    u = np.array([[1.0, 0.0], [0.0, 0.985], [x0 + 1e-3, x0 + 1e-3]])
    _, w, how = _leading(u, 2)
    assert how == "finer"
    assert _comes_first(u, 2, w) and not _comes_first(u, 2, _rounded(w))


def test_reported_weights_keep_the_lead_once_rounded_to_the_sliders() -> None:
    from engine._record_check import _comes_first

    rng = np.random.default_rng(5)
    for _ in range(40):
        u = rng.integers(0, 9, size=(6, 4)) / 8
        for i in range(len(u)):
            _, w, how = _leading(u, i, samples=2000)
            if how in ("central", "widest margin"):
                top = w.max()
                assert np.allclose(w * 100 / top, np.round(w * 100 / top))  # whole slider steps
                assert _comes_first(u, i, w)
            elif how == "finer":
                assert _comes_first(u, i, w)


def test_the_sentence_gives_weights_that_add_up_to_100_and_names_a_tie() -> None:
    from engine._record_check import _leads_sentence

    names = [f"C{j}" for j in range(12)]
    w = np.array([0.286, 0.184, 0.146, *[0.045] * 8, 0.024])  # 28.6, 18.4, 14.6 and 38.4 together
    text = _leads_sentence("central", w, names, ["Twin"])
    assert text.startswith("Weights under which it comes first, for example: C0 29%, C1 18%, C2 15% and the other "
                           "nine criteria 38% together")
    assert text.endswith("It ties for first with Twin, which has the same scores.")
    assert sum(int(x) for x in re.findall(r"(\d+)%", text)) == 100
