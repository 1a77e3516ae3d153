"""Decision matrix from a pack: contexts, overrides, notes; from arrays: validation."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import EngineError


def test_pack_matrix_in_ladder_order_with_ranges_and_basis(pack):
    m = engine.matrix_from_pack(pack)
    assert m.option_ids == ("dam", "wells", "pipes")
    assert m.criterion_ids == ("benefit", "reach", "cost")
    assert m.option_names[0] == "Dam"
    np.testing.assert_array_equal(m.values, [[4, 2, 4], [3, 4, 2], [2, 3, 3]])
    np.testing.assert_array_equal(m.low[0], [3, 2, 3])  # reach has no range: low = value
    np.testing.assert_array_equal(m.high[0], [5, 2, 5])
    np.testing.assert_array_equal(m.is_cost, [False, False, True])
    np.testing.assert_array_equal(m.scale_min, [1, 1, 1])
    assert m.basis[0, 0] == "judgment" and m.basis[0, 1] == "cited"
    assert m.rationale[0, 1] == "cited"
    assert not m.changed.any() and m.notes == []


def test_context_shifts_value_and_range_and_clamps_to_scale(pack):
    m = engine.matrix_from_pack(pack, contexts=["drought"])
    assert (m.values[0, 0], m.low[0, 0], m.high[0, 0]) == (3, 2, 4)
    # wells cost 2 + 3 = 5 (the top of the scale), no range
    assert (m.values[1, 2], m.low[1, 2], m.high[1, 2]) == (5, 5, 5)
    assert m.changed[0, 0] and m.changed[1, 2] and m.changed.sum() == 2
    assert m.contexts == ("drought",)
    assert m.notes[0] == "Drought: Dam on Benefit moves 4 → 3 (shift -1): less water"


def test_context_clamped_at_scale_end_is_said(pack):
    m = engine.matrix_from_pack(pack, contexts=["boom"])  # pipes reach 3 (2–4) shifted -2
    assert (m.values[2, 1], m.low[2, 1], m.high[2, 1]) == (1, 1, 2)
    m2 = engine.matrix_from_pack(pack, contexts=["drought", "boom"])
    assert "held at the end of the scale" not in m2.notes[0]
    cost = engine.matrix_from_pack(pack, contexts=["drought"], overrides={("wells", "cost"): 4})
    assert cost.values[1, 2] == 4


def test_context_beyond_scale_note(pack):
    from schema import Context, ScoreEffect
    from tests.engine.conftest import make_pack, score

    p = make_pack(
        {"a": {"x": score(5)}},
        {"x": "benefit"},
        contexts=[
            Context(id="up", name="Up", effects=[ScoreEffect(option="a", criterion="x", shift=2, reason="r")])
        ],
    )
    m = engine.matrix_from_pack(p, contexts=["up"])
    assert m.values[0, 0] == 5 and not m.changed[0, 0]
    assert "held at the end of the scale" in m.notes[0]


def test_exclusive_contexts_cannot_both_be_on(pack):
    with pytest.raises(EngineError, match="exclusive group 'weather'"):
        engine.matrix_from_pack(pack, contexts=["drought", "flood"])


def test_unknown_context_names_the_known_ones(pack):
    with pytest.raises(EngineError, match="unknown context 'rain': use one of drought, flood, boom"):
        engine.matrix_from_pack(pack, contexts=["rain"])


def test_override_keeps_range_that_contains_it_else_collapses(pack):
    m = engine.matrix_from_pack(pack, overrides={("dam", "benefit"): 5, ("wells", "benefit"): 1})
    assert (m.values[0, 0], m.low[0, 0], m.high[0, 0]) == (5, 3, 5)
    assert (m.values[1, 0], m.low[1, 0], m.high[1, 0]) == (1, 1, 1)
    assert m.changed[0, 0] and m.changed[1, 0]
    assert m.notes == [
        "Override: Dam on Benefit set to 5 (was 4; range 3–5 kept)",
        "Override: Wells on Benefit set to 1 (was 3; no range)",
    ]


def test_override_applies_after_contexts(pack):
    m = engine.matrix_from_pack(pack, contexts=["drought"], overrides={("dam", "benefit"): 4})
    assert m.values[0, 0] == 4
    assert m.notes[-1].startswith("Override: Dam on Benefit set to 4 (was 3")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({("dome", "benefit"): 3}, "unknown option 'dome'"),
        ({("dam", "beauty"): 3}, "unknown criterion 'beauty'"),
        ({("dam", "benefit"): 7}, r"override dam.benefit=7 is outside the criterion's scale 1–5"),
        ({("dam", "benefit"): float("nan")}, "not a number"),
    ],
)
def test_bad_override_says_what_is_wrong(pack, overrides, message):
    with pytest.raises(EngineError, match=message):
        engine.matrix_from_pack(pack, overrides=overrides)


def test_matrix_is_read_only_and_frames(pack):
    m = engine.matrix_from_pack(pack)
    with pytest.raises(ValueError):
        m.values[0, 0] = 9
    frame = m.to_frame()
    assert list(frame.index) == ["dam", "wells", "pipes"] and list(frame.columns) == [
        "benefit",
        "reach",
        "cost",
    ]
    assert frame.loc["wells", "reach"] == 4
    long = m.to_long_frame()
    assert len(long) == 9 and set(long.columns) >= {
        "option",
        "criterion",
        "value",
        "low",
        "high",
        "basis",
        "changed",
    }


def test_lookups_name_unknown_ids(pack):
    m = engine.matrix_from_pack(pack)
    assert m.option_index("wells") == 1 and m.criterion_name("cost") == "Cost"
    with pytest.raises(EngineError, match="unknown option 'x': use one of dam, wells, pipes"):
        m.option_index("x")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": [[1, 2], [3, np.nan]]}, "missing or infinite"),
        ({"values": [[1, 2]], "low": [[2, 2]]}, "outside its range"),
        ({"values": [[1, 2]], "scale_min": [0, 0]}, "both scale_min and scale_max"),
        ({"values": [[1, 9]], "scale_min": [0, 0], "scale_max": [5, 5]}, "leaves the scale 0–5"),
        ({"values": [[1, 2]], "criterion_ids": ["x", "x"]}, "duplicate criterion id"),
    ],
)
def test_matrix_from_arrays_rejects_bad_input(kwargs, message):
    with pytest.raises(EngineError, match=message):
        engine.matrix_from_arrays(**kwargs)


def test_matrix_from_arrays_defaults_and_ids_from_names():
    m = engine.matrix_from_arrays(
        [[1, 2]],
        [False, True],
        option_names=["Strikes on labs"],
        criterion_names=["Civilian harm", "Civilian harm!"],
    )
    assert m.option_ids == ("strikes-on-labs",)
    assert m.criterion_ids == ("civilian-harm", "civilian-harm-2")
    assert not m.has_scale and m.basis[0, 0] == "csv"


def test_shifts_on_one_score_add_up_before_the_scale_holds_them():
    """An exploratory test of 2026-11-29: "Mexico refuses consent" lists two effects on the lab strikes' migration
    score (−1 and +0.5) and says "their shifts add up"; clipped one at a time, a score at 1 went to 1.5, against
    its net shift of −0.5. Two contexts on one score add up the same way, in either order."""
    from schema import Context, ScoreEffect
    from tests.engine.conftest import make_pack, score

    def effect(shift: float) -> ScoreEffect:
        return ScoreEffect(option="a", criterion="x", shift=shift, reason=f"{shift:+g}")

    p = make_pack(
        {"a": {"x": score(1)}, "b": {"x": score(3)}},
        {"x": "benefit"},
        contexts=[Context(id="both", name="Both", effects=[effect(-1), effect(0.5)]),
                  Context(id="down", name="Down", effects=[effect(-1)]),
                  Context(id="up", name="Up", effects=[effect(1.5)])],
    )
    m = engine.matrix_from_pack(p, contexts=["both"])
    assert m.values[0, 0] == 1 and not m.changed[0, 0]  # net −0.5, held at 1
    assert "add up to -0.5" in " ".join(m.notes) and "held at the end of the scale" in " ".join(m.notes)
    for order in (["down", "up"], ["up", "down"]):
        assert engine.matrix_from_pack(p, contexts=order).values[0, 0] == 1.5  # 1 − 1 + 1.5, whatever the order
