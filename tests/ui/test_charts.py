"""Issue 11.4 and 11.9: every chart is titled and described, shows every label, and never repeats a
colour in a legend. The chart specs are checked as Vega-Lite dicts (what the browser draws)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import engine
from schema import BUNDLED_PACK, load_pack
from ui import charts

PACK = load_pack(BUNDLED_PACK)
NAMES = {o.id: o.name for o in PACK.options}
CRIT = {c.id: c.name for c in PACK.criteria}
MATRIX = engine.matrix_from_pack(PACK)
RESULT = engine.rank(MATRIX, {c: 1.0 for c in CRIT})
ORDER = [NAMES[o] for o in RESULT.order]


def _specs():
    contrib = pd.DataFrame(RESULT.contributions, columns=list(CRIT.values()))
    contrib["option"] = [NAMES[o] for o in RESULT.option_ids]
    long = contrib.melt(id_vars="option", var_name="criterion", value_name="contribution")
    cells = pd.DataFrame([{"option": NAMES[o], "criterion": CRIT[c], "value": 1.0, "goodness": 0.5, "basis": "",
                           "rationale": "", "marker": "", "label": "1"} for o in MATRIX.option_ids for c in CRIT])
    sweep = engine.weight_sweep(MATRIX, {c: 1.0 for c in CRIT}, next(iter(CRIT)))
    sweep["option"] = sweep["option"].map(NAMES)
    ranks = pd.DataFrame([{"step": s, "step_order": k, "option": NAMES[o], "rank": int(r)}
                          for k, s in enumerate(["A", "B"]) for o, r in zip(RESULT.option_ids, RESULT.ranks)])
    why = engine.why(MATRIX, {c: 1.0 for c in CRIT}, RESULT.order[0], RESULT.order[1])
    ladder = pd.DataFrame([{"rung": o.rung, "name": o.name, "family": o.family, "family_order": 0,
                            "applies": charts.applies_label(o.applies)} for o in PACK.ladder])
    intervals = engine.stability_intervals(MATRIX, {c: 1.0 for c in CRIT})
    return {
        "ladder": charts.ladder_chart(ladder),
        "contributions": charts.contributions_chart(long, ORDER),
        "why": charts.why_chart(why.assign(criterion=[CRIT[c] for c in why.index]), ORDER[0], ORDER[1]),
        "heatmap": charts.heatmap(cells, ORDER, list(CRIT.values())),
        "sweep": charts.sweep_chart(sweep, "x", 0.1),
        "stability": charts.stability_chart(intervals.assign(criterion=[CRIT[c] for c in intervals["criterion"]])),
        "bump": charts.bump_chart(ranks),
    }


def _walk(node, key):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from _walk(v, key)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, key)


@pytest.mark.parametrize("name", list(_specs()))
def test_chart_has_a_title_and_a_description(name: str) -> None:
    spec = _specs()[name].to_dict()
    assert spec.get("title") and len(spec.get("description", "")) > 40


@pytest.mark.parametrize("name", ["ladder", "contributions", "why", "heatmap", "stability"])
def test_no_axis_label_is_hidden_for_overlap(name: str) -> None:
    spec = _specs()[name].to_dict()
    axes = [a for a in _walk(spec, "axis") if isinstance(a, dict)]
    assert axes and all(a.get("labelOverlap") is False for a in axes if "labelLimit" in a)


@pytest.mark.parametrize("name", ["sweep", "bump", "contributions"])
def test_legend_colours_never_repeat_and_labels_are_not_cut(name: str) -> None:
    spec = _specs()[name].to_dict()
    colours = [c for c in _walk(spec, "color") if isinstance(c, dict) and "scale" in c]
    assert colours
    for colour in colours:
        palette = colour["scale"].get("range", [])
        assert len(palette) == len(set(palette)), palette
        # Told apart by eye: an exploratory test of 2026-11-29 found two greens 3 apart in CIELAB (#009E73 and
        # #1B9E77 on the contributions chart); the Okabe–Ito pairs themselves are at least 26 apart.
        close = [(a, b) for i, a in enumerate(palette) for b in palette[i + 1:] if _lab_distance(a, b) < 20]
        assert not close, close
        # Cut only at what the chart's width leaves (a label running past the chart was cut by the screen
        # instead), never at Vega's default 160 px.
        assert colour.get("legend", {}).get("labelLimit") == charts.LEGEND_LIMIT


def test_the_rank_axis_runs_from_first_to_last() -> None:
    """An exploratory test of 2026-11-29: Compare's rank axis started at 0, a rank no option can have."""
    frame = pd.DataFrame({"step": ["A", "A", "B", "B"], "step_order": [0, 0, 1, 1], "option": ["x", "y", "x", "y"],
                          "rank": [1, 2, 2, 1]})
    y = charts.bump_chart(frame).to_dict()["layer"][0]["encoding"]["y"]
    assert y["scale"]["domain"] == [1, 2] and y["scale"]["reverse"] is True


def _lab_distance(a: str, b: str) -> float:
    """CIE76 distance between two sRGB colours given as #rrggbb."""
    def lab(colour: str) -> tuple[float, float, float]:
        rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb]
        x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
        y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
        f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
        return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])

    return math.dist(lab(a), lab(b))


def test_the_ladder_marks_an_option_that_applies_at_home_and_jointly_as_both() -> None:
    """A newcomer's pass of 2026-11-29: options that apply "domestic, joint" (rungs 3 and 22 of the bundled pack)
    were drawn as plain "joint", though the README says the Ladder marks where each applies."""
    assert charts.applies_label(["domestic", "joint"]) == "domestic or joint"
    both = [o for o in PACK.ladder if sorted(o.applies) == ["domestic", "joint"]]
    assert both
    frame = pd.DataFrame([{"rung": o.rung, "name": o.name, "family": o.family, "family_order": 0,
                           "applies": charts.applies_label(o.applies)} for o in PACK.ladder])
    spec = charts.ladder_chart(frame).to_dict()
    domains = [v["scale"]["domain"] for v in _walk(spec, "color") if isinstance(v, dict) and "scale" in v]
    assert any("domestic or joint" in d for d in domains), domains
    colours = [v["scale"]["range"] for v in _walk(spec, "color") if isinstance(v, dict) and "scale" in v][0]
    assert len(set(colours)) == len(colours)
