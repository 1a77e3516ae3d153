"""The perspectives map, the four rankings of two roles and the lens summary, on a pack made for them."""

from __future__ import annotations

import pytest

from engine import EngineError
from engine._perspectives import EDITORS, four_rankings, lens_summary, perspectives
from tests.engine.sided_packs import two_sides


def test_every_lens_times_every_assessment_is_ranked() -> None:
    result = perspectives(two_sides())
    assert result.assessments == (EDITORS, "hawks", "doves")
    assert len(result.ranks) == 4 * 3 * 3
    hawk_hawks = result.ranks[(result.ranks["lens"] == "hawk") & (result.ranks["assessment"] == "hawks")]
    assert dict(zip(hawk_hawks["option"], hawk_hawks["rank"], strict=True)) == {"talks": 2, "wall": 3, "strike": 1}
    assert hawk_hawks["own"].all()
    assert hawk_hawks.set_index("option")["score"].round(4).to_dict() == {"talks": 0.75, "wall": 0.5, "strike": 0.8125}


def test_rank_range_per_option() -> None:
    ranges = perspectives(two_sides()).rank_range
    assert ranges.loc["strike", ["best", "worst"]].tolist() == [1, 3]
    assert ranges.loc["strike", "best_at"] == "hawk × hawks"
    assert ranges.loc["talks", ["best", "worst"]].tolist() == [1, 3]
    assert ranges.loc["talks", ["own_best", "own_worst"]].tolist() == [1, 3]
    assert ranges.loc["wall", "best"] == 1  # first for the builder whatever the assessment


def test_same_weights_different_assessments_is_a_disagreement_about_facts() -> None:
    result = four_rankings(two_sides(), "hawk", "dove")
    assert result.verdict == "facts"
    assert result.first == {
        "a_weights_a_facts": ["Strike"], "a_weights_b_facts": ["Talks"],
        "b_weights_a_facts": ["Strike"], "b_weights_b_facts": ["Talks"],
    }
    assert result.sentences == [
        "“Hawk” with the assessment of the hawks puts Strike first.",
        "“Dove” with the assessment of the doves puts Talks first.",
        "With the assessment of the doves, the weights of “Hawk” put Talks first instead of Strike.",
        "With the assessment of the hawks, the weights of “Dove” put Strike first instead of Talks.",
        "The roles disagree about facts, not values: given the same assessment, both roles' weights put the "
        "same option first.",
    ]
    assert result.ranks.loc["strike"].tolist() == ["Strike", 1, 3, 1, 3]
    assert result.titles["a_weights_b_facts"] == "Weights of Hawk · facts of Dove (As the doves assess them)"
    assert len(set(four_rankings(two_sides(), "hawk", "builder").titles.values())) == 4  # unique with one assessment


def test_weights_that_keep_their_first_option_are_a_disagreement_about_values() -> None:
    result = four_rankings(two_sides(), "builder", "guardian")
    assert result.verdict == "values"
    assert result.sentences[2] == "With the assessment of the doves, the weights of “Builder” still put Wall first."
    assert result.sentences[3] == "With the assessment of the hawks, the weights of “Guardian” still put Talks first."
    assert result.sentences[-1].startswith("The roles disagree about values, not facts")


def test_mixed_and_same_assessment_cases() -> None:
    mixed = four_rankings(two_sides(), "hawk", "guardian")
    # hawk with the doves' facts: talks; guardian with the hawks' facts: still talks
    assert mixed.first["a_weights_b_facts"] == ["Talks"] and mixed.first["b_weights_a_facts"] == ["Talks"]
    assert mixed.verdict == "facts and values"
    assert mixed.sentences[-1] == (
        "The roles disagree about facts and values: with the assessment of the doves both roles put Talks "
        "first, but with the assessment of the hawks their weights still put different options first."
    )
    same = four_rankings(two_sides(), "hawk", "builder")
    assert same.verdict == "same assessment"
    assert same.sentences[-1] == (
        "Both roles hold the assessment of the hawks, so any difference between them is about values "
        "(the weights), not facts."
    )


def test_unknown_or_repeated_role_is_a_clear_error() -> None:
    with pytest.raises(EngineError, match="unknown lens 'owl': use one of hawk, dove, builder, guardian"):
        four_rankings(two_sides(), "owl", "dove")
    with pytest.raises(EngineError, match="pick two different roles"):
        four_rankings(two_sides(), "dove", "dove")


def test_lens_summary_top_three_and_tau() -> None:
    summary = lens_summary(two_sides())
    assert summary.top.loc["hawk", ["assessment", "first", "second", "third"]].tolist() == [
        "hawks", "Strike", "Talks", "Wall"]
    assert summary.top.loc["dove", ["first", "second", "third"]].tolist() == ["Talks", "Wall", "Strike"]
    assert summary.tau.loc["hawk", "hawk"] == 1.0
    # hawk (strike, talks, wall) vs dove (talks, wall, strike): one concordant pair of three
    assert summary.tau.loc["hawk", "dove"] == pytest.approx(-1 / 3)
    assert summary.tau.loc["dove", "hawk"] == summary.tau.loc["hawk", "dove"]


def test_vectorised_tau_b_matches_scipy_with_ties() -> None:
    import numpy as np
    from scipy.stats import kendalltau

    from engine._perspectives import kendall_tau_b

    rng = np.random.default_rng(4)
    ranks = rng.integers(1, 6, size=(6, 12)).astype(float)
    ranks[5] = 3  # every option tied: no order
    tau = kendall_tau_b(ranks)
    for i in range(5):
        for j in range(5):
            assert tau[i, j] == pytest.approx(kendalltau(ranks[i], ranks[j]).statistic)
    assert tau[5].tolist() == [0, 0, 0, 0, 0, 1]


def test_neither_assessment_reconciles_the_roles_is_both() -> None:
    from schema import Assessment

    from tests.engine.sided_packs import cited

    pack = two_sides()
    # doves' facts: talks effect 2, wall 1, strike 3. Builder (effect only, hawks' facts) puts wall
    # first, with the doves' facts strike; guardian (harm only) puts talks first under both.
    doves = Assessment(id="doves", name="As the doves assess them", holder="The doves",
                       cells={"talks": {"effect": cited(2)}, "wall": {"effect": cited(1)},
                              "strike": {"effect": cited(3)}})
    pack = pack.model_copy(update={"assessments": [pack.assessments[0], doves]})
    result = four_rankings(pack, "builder", "guardian")
    assert result.first == {"a_weights_a_facts": ["Wall"], "a_weights_b_facts": ["Strike"],
                            "b_weights_a_facts": ["Talks"], "b_weights_b_facts": ["Talks"]}
    assert result.verdict == "both"
    assert result.sentences[-1] == (
        "The roles disagree about both values and facts: with either assessment their weights put different "
        "options first, and the assessment changes what at least one role puts first."
    )


def test_a_holder_with_an_aside_is_closed_by_a_comma_before_the_verb() -> None:
    """An exploratory test of 2026-11-29: "with the assessment of Donald Trump, in his quoted words and as the texts
    report his intent puts Economic … first" lacked the comma that closes the aside."""
    from schema import BUNDLED_PACK, load_pack

    pack = load_pack(BUNDLED_PACK)
    trump = next(lens for lens in pack.lenses if lens.assessment and next(
        a for a in pack.assessments if a.id == lens.assessment).holder.startswith("Donald Trump,"))
    other = next(lens for lens in pack.lenses if lens.assessment and lens.assessment != trump.assessment)
    result = four_rankings(pack, trump.id, other.id)
    first = result.sentences[0]
    assert "as the texts report his intent, puts " in first, first
    assert not any(",," in s or ", ," in s for s in result.sentences), result.sentences
