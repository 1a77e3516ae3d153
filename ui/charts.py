"""Altair charts. Colours are Okabe–Ito, safe for colour-blind viewers."""

from __future__ import annotations

import altair as alt
import pandas as pd

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
APPLIES_COLOURS = {"domestic": "#0072B2", "joint": "#009E73", "joint or unilateral": "#D55E00",
                   "unilateral": "#CC79A7"}


def applies_label(applies: list[str]) -> str:
    if "joint" in applies and "unilateral" in applies:
        return "joint or unilateral"
    if "domestic" in applies and len(applies) == 1:
        return "domestic"
    if "unilateral" in applies:
        return "unilateral"
    if "joint" in applies:
        return "joint"
    return "domestic"


def ladder_chart(frame: pd.DataFrame) -> alt.Chart:
    """Rungs bottom to top, one column per family; colour and shape say where the option applies.

    ``frame`` columns: rung, name, family, family_order, applies.
    """
    order = frame.sort_values("rung", ascending=False)["name"].tolist()
    families = frame.sort_values("family_order")["family"].drop_duplicates().tolist()
    domain = [k for k in APPLIES_COLOURS if k in set(frame["applies"])]
    base = alt.Chart(frame).encode(
        y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=440, labelFontSize=13)),
        x=alt.X("family:N", sort=families, title=None,
                axis=alt.Axis(orient="top", labelAngle=-25, labelAlign="left", labelOverlap=False,
                              labelLimit=200, labelFontSize=12)),
        tooltip=[alt.Tooltip("rung:Q", title="Rung"), alt.Tooltip("name:N", title="Option"),
                 alt.Tooltip("family:N", title="Family"), alt.Tooltip("applies:N", title="Applies")],
    )
    points = base.mark_point(size=260, filled=True, opacity=0.95).encode(
        color=alt.Color("applies:N", title="Where it applies",
                        scale=alt.Scale(domain=domain, range=[APPLIES_COLOURS[d] for d in domain]),
                        legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("applies:N", scale=alt.Scale(domain=domain), legend=None),
    )
    labels = base.mark_text(dx=14, align="left", fontSize=11).encode(text=alt.Text("rung:Q"))
    return (points + labels).properties(height=max(260, 30 * len(frame)))


def contributions_chart(frame: pd.DataFrame, order: list[str]) -> alt.Chart:
    """Stacked weighted contributions per option. ``frame``: option, criterion, contribution."""
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("sum(contribution):Q", title="Weighted score (sum of contributions)"),
        color=alt.Color("criterion:N", title="Criterion", scale=alt.Scale(range=OKABE_ITO + ["#999999", "#7F3C8D"]),
                        legend=alt.Legend(orient="bottom", columns=3, labelLimit=240)),
        order=alt.Order("criterion:N"),
        tooltip=["option:N", "criterion:N", alt.Tooltip("contribution:Q", format=".3f")],
    ).properties(height=max(240, 26 * len(order)))


def heatmap(frame: pd.DataFrame, option_order: list[str], criterion_order: list[str]) -> alt.Chart:
    """The matrix on a common 0–1 'goodness' colour; tooltip gives value, basis and rationale.

    ``frame``: option, criterion, value, goodness, basis, rationale, marker.
    """
    base = alt.Chart(frame).encode(
        x=alt.X("criterion:N", sort=criterion_order, title=None, axis=alt.Axis(labelAngle=-35, labelLimit=180)),
        y=alt.Y("option:N", sort=option_order, title=None, axis=alt.Axis(labelLimit=300)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("goodness:Q", title="Better →", scale=alt.Scale(scheme="blueorange", reverse=True, domain=[0, 1])),
        tooltip=["option:N", "criterion:N", alt.Tooltip("value:Q", format="g"), "basis:N", "rationale:N", "marker:N"],
    )
    text = base.mark_text(fontSize=11).encode(text="label:N")
    return (cells + text).properties(height=max(240, 26 * len(option_order)))


def sweep_chart(frame: pd.DataFrame, criterion_name: str, current: float) -> alt.Chart:
    """Each option's score as one criterion's weight goes from 0 to 1. ``frame``: weight, option, score."""
    lines = alt.Chart(frame).mark_line().encode(
        x=alt.X("weight:Q", title=f"Weight on {criterion_name}", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("score:Q", title="Score"),
        color=alt.Color("option:N", title="Option", legend=alt.Legend(orient="right", labelLimit=260)),
        strokeDash=alt.StrokeDash("option:N", legend=None),
        tooltip=["option:N", alt.Tooltip("weight:Q", format=".2f"), alt.Tooltip("score:Q", format=".3f")],
    )
    rule = alt.Chart(pd.DataFrame({"weight": [current]})).mark_rule(color="black", strokeDash=[4, 4]).encode(x="weight:Q")
    return (lines + rule).properties(height=360)


def stability_chart(frame: pd.DataFrame) -> alt.Chart:
    """Each criterion's weight interval keeping the top option first, with the current weight.

    ``frame``: criterion, weight, top_low, top_high.
    """
    base = alt.Chart(frame).encode(y=alt.Y("criterion:N", title=None, axis=alt.Axis(labelLimit=220)))
    bars = base.mark_bar(height=14, color="#56B4E9").encode(
        x=alt.X("top_low:Q", title="Weight range in which the top option stays first", scale=alt.Scale(domain=[0, 1])),
        x2="top_high:Q",
        tooltip=["criterion:N", alt.Tooltip("top_low:Q", format=".2f"), alt.Tooltip("top_high:Q", format=".2f"),
                 alt.Tooltip("weight:Q", format=".2f", title="current")],
    )
    ticks = base.mark_tick(color="black", thickness=3, size=20).encode(x="weight:Q")
    return (bars + ticks).properties(height=max(200, 28 * len(frame)))


def acceptability_chart(frame: pd.DataFrame, order: list[str]) -> alt.Chart:
    """SMAA rank acceptability: for each option, the share of draws at each rank. ``frame``: option, rank, share."""
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("share:Q", title="Share of draws", stack="normalize", axis=alt.Axis(format="%")),
        color=alt.Color("rank:O", title="Rank", scale=alt.Scale(scheme="viridis")),
        order=alt.Order("rank:O"),
        tooltip=["option:N", "rank:O", alt.Tooltip("share:Q", format=".1%")],
    ).properties(height=max(240, 26 * len(order)))


def bump_chart(frame: pd.DataFrame, x_title: str = "Scenario") -> alt.Chart:
    """Ranks across scenarios or rounds. ``frame``: step (str), step_order (int), option, rank."""
    steps = frame.sort_values("step_order")["step"].drop_duplicates().tolist()
    base = alt.Chart(frame).encode(
        x=alt.X("step:N", sort=steps, title=x_title, axis=alt.Axis(labelAngle=0, labelLimit=200)),
        y=alt.Y("rank:Q", scale=alt.Scale(reverse=True, zero=False), title="Rank", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("option:N", title="Option", legend=alt.Legend(labelLimit=260)),
        tooltip=["step:N", "option:N", "rank:Q"],
    )
    return (base.mark_line() + base.mark_point(filled=True, size=70)).properties(height=max(260, 24 * frame["option"].nunique()))
