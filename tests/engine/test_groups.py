"""Groups: aggregated weights, spread, group ranking, Kendall's W, first choices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import engine
from engine import EngineError

IDS = ["c1", "c2"]


def test_aggregate_weights_is_the_mean_of_normalised_weights():
    weights = [{"c1": 1, "c2": 1}, {"c1": 30, "c2": 10}, {"c1": 0, "c2": 5}]
    # normalised: (.5, .5), (.75, .25), (0, 1)
    assert engine.aggregate_weights(weights, IDS) == pytest.approx({"c1": 1.25 / 3, "c2": 1.75 / 3})


def test_aggregate_weights_names_the_participant_with_bad_weights():
    with pytest.raises(EngineError, match="participant 2: weight for 'c1' is negative"):
        engine.aggregate_weights([{"c1": 1}, {"c1": -1, "c2": 1}], IDS)
    with pytest.raises(EngineError, match="at least one"):
        engine.aggregate_weights([], IDS)


@pytest.mark.parametrize("bad, message", [
    ({"c1": 1, "c3": 1}, "participant 2: unknown criterion 'c3'"),
    ({"c1": float("nan"), "c2": 1}, "participant 2: weight for 'c1' is nan"),
    ({"c1": "x", "c2": 1}, "participant 2: weight for 'c1' is 'x', not a number"),
    ({"c1": 0, "c2": 0}, "participant 2: all weights are zero"),
    ({"c1": [5], "c2": [1]}, "participant 2: weight for 'c1' is \\[5\\], not a number"),
])
def test_a_room_of_weights_names_the_participant_whose_weights_are_wrong(bad, message):
    """The whole room's weights are checked as one array; a wrong entry is still named."""
    with pytest.raises(EngineError, match=message):
        engine.aggregate_weights([{"c1": 1}, bad, {"c2": 2}], IDS)


def test_a_room_of_weights_is_normalised_as_each_participant_alone():
    rng = np.random.default_rng(3)
    ids = [f"c{k}" for k in range(12)]
    room = [{c: int(rng.integers(0, 101)) for c in ids if rng.random() > 0.2} | {"c0": 1} for _ in range(300)]
    mean = np.mean([engine.normalize_weights(w, ids) for w in room], axis=0)
    assert list(engine.aggregate_weights(room, ids).values()) == pytest.approx(list(mean), abs=1e-12)


def test_weight_spread():
    spread = engine.weight_spread([{"c1": 1, "c2": 1}, {"c1": 3, "c2": 1}, {"c1": 0, "c2": 1}], IDS)
    assert list(spread.index) == IDS and list(spread.columns) == ["mean", "std", "min", "max", "iqr"]
    c1 = spread.loc["c1"]
    assert c1["mean"] == pytest.approx(0.4166667) and c1["min"] == 0 and c1["max"] == 0.75
    assert c1["std"] == pytest.approx(np.std([0.5, 0.75, 0.0], ddof=1))
    assert c1["iqr"] == pytest.approx(0.375)  # quartiles 0.25 and 0.625
    one = engine.weight_spread([{"c1": 1}], IDS)
    assert (one["std"] == 0).all()


def test_group_ranking_by_mean_weights_and_borda(make_matrix):
    m = make_matrix([[5, 1], [1, 5], [4, 3]])
    weights = [{"c1": 1}, {"c1": 1}, {"c2": 1}]
    table = engine.group_ranking(m, weights)
    # mean weights (2/3, 1/3): a1 = 2/3, a2 = 1/3, a3 = 2/3·¾ + 1/3·½ = 2/3
    assert table.loc["a1", "score"] == pytest.approx(2 / 3) and table.loc["a3", "score"] == pytest.approx(
        2 / 3
    )
    assert table.loc["a1", "rank"] == table.loc["a3", "rank"] == 1 and table.loc["a2", "rank"] == 3
    # Borda (n − rank): c1 voters: a1 2, a3 1, a2 0 (twice); c2 voter: a2 2, a3 1, a1 0
    assert table["borda_points"].to_dict() == {"a1": 4, "a3": 3, "a2": 2}
    assert table.loc["a1", "borda_rank"] == 1 and table.loc["a2", "borda_rank"] == 3
    assert list(table.columns) == ["name", "score", "rank", "borda_points", "borda_rank"]


def test_borda_shares_points_for_ties(make_matrix):
    m = make_matrix([[5, 1], [1, 5]])
    table = engine.group_ranking(m, [{"c1": 1, "c2": 1}])
    assert table["borda_points"].tolist() == [0.5, 0.5]


def test_kendall_w_hand_example_and_edges():
    # rank sums 4, 6, 8, 12 → S = 35; W = 12·35 / (3²·(4³ − 4)) = 7/9
    assert engine.kendall_w([[1, 2, 3, 4], [1, 3, 2, 4], [2, 1, 3, 4]]) == pytest.approx(7 / 9)
    assert engine.kendall_w([[1, 2, 3], [1, 2, 3]]) == 1.0
    assert engine.kendall_w([[1, 2], [2, 1]]) == pytest.approx(0.0)
    assert engine.kendall_w([[1, 2, 3]]) == 1.0
    assert engine.kendall_w([[1, 1, 1], [1, 1, 1]]) == 1.0
    assert engine.kendall_w(pd.DataFrame([[1, 2, 3], [3, 2, 1]])) == pytest.approx(0.0)
    with pytest.raises(EngineError, match="one row per participant"):
        engine.kendall_w([1, 2, 3])


def test_kendall_w_with_ties_matches_the_corrected_formula():
    r = np.array([[1, 2, 3.5, 3.5], [1, 3, 2, 4], [2, 1, 3, 4]])
    m, n = r.shape
    s = ((r.sum(axis=0) - m * (n + 1) / 2) ** 2).sum()
    t = 2**3 - 2
    assert engine.kendall_w(r) == pytest.approx(12 * s / (m**2 * (n**3 - n) - m * t))


def test_first_choice_distribution(make_matrix):
    m = make_matrix([[5, 1], [1, 5], [3, 3]])
    table = engine.first_choice_distribution(m, [{"c1": 1}, {"c1": 2}, {"c2": 1}, {"c1": 1, "c2": 1}])
    # the last participant ties all three → a third of a vote each
    assert table.loc["a1", "votes"] == pytest.approx(2 + 1 / 3)
    assert table.loc["a2", "votes"] == pytest.approx(1 + 1 / 3)
    assert table["share"].sum() == pytest.approx(1)
    assert table.index[0] == "a1"


@pytest.mark.parametrize("method", ["wsm", "wpm", "topsis", "promethee"])
def test_individual_ranks_match_ranking_each_participant_alone(method: str) -> None:
    """One vectorised pass gives every participant's ranks exactly as engine.rank does, ties included."""
    from schema import BUNDLED_PACK, load_pack

    pack = load_pack(BUNDLED_PACK)
    matrix = engine.matrix_from_pack(pack)
    ids = [c.id for c in pack.criteria]
    rng = np.random.default_rng(7)
    weights = [dict(zip(ids, rng.integers(0, 101, len(ids)).astype(float))) for _ in range(40)]
    weights += [{c: 1.0 for c in ids}, {ids[0]: 100.0}, {c: (100.0 if k < 2 else 0.0) for k, c in enumerate(ids)}]
    ranks = engine.individual_ranks(matrix, weights, method=method)
    assert ranks.shape == (len(weights), len(matrix.option_ids))
    for row, w in zip(ranks, weights):
        assert list(row) == list(engine.rank(matrix, w, method=method).ranks)
