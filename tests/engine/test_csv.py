"""CSV matrices in and out, and AHP pairwise CSVs."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import EngineError

SIMPLE = """option,Cost,Harm,Reach
direction,min,min,max
weight,2,1,1
Strikes,3,5,4
Talks,1,1,2
"""


def test_reads_matrix_directions_and_weights():
    m, w = engine.matrix_from_csv(SIMPLE)
    assert m.option_names == ("Strikes", "Talks") and m.option_ids == ("strikes", "talks")
    assert m.criterion_ids == ("cost", "harm", "reach")
    np.testing.assert_array_equal(m.values, [[3, 5, 4], [1, 1, 2]])
    np.testing.assert_array_equal(m.is_cost, [True, True, False])
    assert w == {"cost": 2.0, "harm": 1.0, "reach": 1.0}
    assert not m.has_scale and (m.basis == "csv").all()


def test_weight_row_is_optional_and_rows_can_come_in_any_order():
    m, w = engine.matrix_from_csv("name;A;B\nx;1;2\nDirection;MAX;cost\ny;3;4\n")
    assert w is None
    np.testing.assert_array_equal(m.is_cost, [False, True])
    assert m.option_ids == ("x", "y")


def test_csv_matrix_ranks_with_data_min_max_and_says_so():
    m, w = engine.matrix_from_csv(SIMPLE)
    result = engine.rank(m, w)
    assert any("min–max over the data" in note for note in result.notes)
    # Talks is best on cost and harm (weight 3 of 4), Strikes on reach
    np.testing.assert_allclose(result.scores, [0.25, 0.75])


def test_round_trip_keeps_values_ranges_directions_and_scales(pack):
    m = engine.matrix_from_pack(pack)
    text = engine.matrix_to_csv(m, weights={"benefit": 2, "reach": 1, "cost": 1})
    assert (
        text.splitlines()[0] == "option,Benefit,Benefit [low],Benefit [high],Reach,Reach [low],Reach [high],"
        "Cost,Cost [low],Cost [high]"
    )
    back, w = engine.matrix_from_csv(text)
    for name in ("values", "low", "high", "is_cost", "scale_min", "scale_max"):
        np.testing.assert_array_equal(getattr(back, name), getattr(m, name))
    assert back.option_names == m.option_names
    assert w == {"benefit": 2.0, "reach": 1.0, "cost": 1.0}
    np.testing.assert_allclose(engine.rank(back, w).scores, engine.rank(m, w).scores)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the matrix CSV is empty"),
        ("option,A,B\ndirection,max,max\nx,1\n", "line 3 has 2 cells but the header has 3"),
        ("option,A,B\ndirection,max,max\nx,1,2,3\n", "line 3 has 4 cells but the header has 3"),
        ("option,A,B\ndirection,max,max\nx,1,lots\n", "line 3, row 'x', column 'B': 'lots' is not a number"),
        ("option,A,B\nx,1,2\n", "no 'direction' row"),
        ("option,A,B\ndirection,max,up\nx,1,2\n", "column 'B': direction 'up' must be max or min"),
        ("option,A,A\ndirection,max,max\nx,1,2\n", "criterion 'A' appears twice"),
        ("option,A\ndirection,max\nx,1\nx,2\n", "option 'x' appears twice"),
        ("option,A\ndirection,max\n", "no option rows"),
        ("option,A\ndirection,max\nweight,\nx,1\n", "weight row, column 'A': the cell is empty"),
        ("option,A,A [low]\ndirection,max,\nx,1,2\n", "value 1 is outside its range 2–1"),
        ("option,A,B [high]\ndirection,max,\nx,1,2\n", "column 'B \\[high\\]' has no criterion column 'B'"),
        ("option,A\ndirection,max\nscale_min,0\nx,1\n", "both a scale_min and a scale_max row"),
    ],
)
def test_bad_csv_gives_one_line_reason(text, message):
    with pytest.raises(EngineError, match=message) as info:
        engine.matrix_from_csv(text)
    assert "\n" not in str(info.value)


def test_pairwise_csv_fractions_and_blank_mirror_cells():
    text = "crit,Cost,Harm,Reach\nCost,1,3,5\nHarm,,1,1/3\nReach,,,\n"
    a, ids, names = engine.read_pairwise_csv(text)
    assert ids == ["cost", "harm", "reach"] and names == ["Cost", "Harm", "Reach"]
    np.testing.assert_allclose(a, [[1, 3, 5], [1 / 3, 1, 1 / 3], [1 / 5, 3, 1]])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("c,A,B,C\nA,1,2,3\nB,1/2,1,1\n", "2 rows but 3 columns: it must be square"),
        ("c,A,B\nB,1,2\nA,1/2,1\n", "row 'B' should be 'A'"),
        ("c,A,B\nA,1,x\nB,,1\n", "'x' is not a number"),
        ("c,A,B\nA,1,\nB,,1\n", "both empty"),
    ],
)
def test_bad_pairwise_csv(text, message):
    with pytest.raises(EngineError, match=message):
        engine.read_pairwise_csv(text)
