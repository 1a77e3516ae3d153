"""Altair charts. Colours are Okabe–Ito, safe for colour-blind viewers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import altair as alt


def _altair():
    """Altair, imported on first use (about 0.5 s): the words and the ranking reach the page first."""
    import altair

    return altair

def label_limit(wide: int) -> dict:
    """Axis labels are cut at ``wide`` px (full names in tooltips and tables); on a narrow screen (a phone)
    at two fifths of the chart's width, so that the plot keeps the rest: with 230 px of labels on a 358 px
    phone chart the bars had almost no room."""
    return {"expr": f"containerSize()[0] < 600 ? max(80, floor(containerSize()[0] * 0.4)) : {wide}"}


#: Legend labels whole on a wide screen (0: no limit); on a phone cut at the chart's width, since a longer label
#: ran off the screen (the tooltip and the words beside the chart give the whole name).
#: A bottom legend starts under the plot, right of the axis labels (two fifths of a phone chart): half the
#: width is what is left of it.
LEGEND_LIMIT = {"expr": "containerSize()[0] < 600 ? max(80, floor(containerSize()[0] * 0.5))"
                        " : max(200, containerSize()[0] - 260)"}
#: An axis title no wider than the plot it is centred under (the axis labels take the rest).
AXIS_TITLE_LIMIT = {"expr": "containerSize()[0] < 600 ? max(80, floor(containerSize()[0] * 0.55))"
                            " : max(80, containerSize()[0] - 270)"}  # 230 px of labels (LABEL_LIMIT) and 40 px


def title(text: str):
    """A chart title cut (with "…") at the chart's width: a title wider than the chart left the plot narrow."""
    return _altair().TitleParams(text, limit={"expr": "containerSize()[0] - 40"})


#: Option names are long: axis labels are cut at this width (full names in tooltips and tables).
LABEL_LIMIT = label_limit(230)
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
APPLIES_COLOURS = {"domestic": "#0072B2", "domestic or joint": "#E69F00", "joint": "#009E73",
                   "joint or unilateral": "#D55E00", "unilateral": "#CC79A7"}


def applies_label(applies: list[str]) -> str:
    if "joint" in applies and "unilateral" in applies:
        return "joint or unilateral"
    if "joint" in applies and "domestic" in applies:
        return "domestic or joint"
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
    alt = _altair()
    order = frame.sort_values("rung", ascending=False)["name"].tolist()
    families = frame.sort_values("family_order")["family"].drop_duplicates().tolist()
    domain = [k for k in APPLIES_COLOURS if k in set(frame["applies"])]
    base = alt.Chart(frame).encode(
        y=alt.Y("name:N", sort=order, title=None,
                axis=alt.Axis(labelLimit=label_limit(300), labelFontSize=12, labelOverlap=False)),
        x=alt.X("family:N", sort=families, title=None,
                axis=alt.Axis(orient="top", labelAngle=-40, labelAlign="left", labelOverlap=False,
                              labelLimit={"expr": "containerSize()[0] < 600 ? 70 : 160"}, labelFontSize=11)),
        tooltip=[alt.Tooltip("rung:Q", title="Rung"), alt.Tooltip("name:N", title="Option"),
                 alt.Tooltip("family:N", title="Family"), alt.Tooltip("applies:N", title="Applies")],
    )
    points = base.mark_point(size=260, filled=True, opacity=0.95).encode(
        color=alt.Color("applies:N", title="Where it applies",
                        scale=alt.Scale(domain=domain, range=[APPLIES_COLOURS[d] for d in domain]),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=LEGEND_LIMIT)),
        shape=alt.Shape("applies:N", scale=alt.Scale(domain=domain), legend=None),
    )
    labels = base.mark_text(dx=14, align="left", fontSize=11).encode(text=alt.Text("rung:Q"))
    return (points + labels).properties(
        height=max(260, 30 * len(frame)),
        title="Options by rung and family",
        description=f"Escalation ladder of {len(frame)} options, from "
                    f"{frame.sort_values('rung')['name'].iloc[0]} at the bottom to "
                    f"{frame.sort_values('rung')['name'].iloc[-1]} at the top; the list below the chart names each.",
    )


def contributions_chart(frame: pd.DataFrame, order: list[str]) -> alt.Chart:
    """Stacked weighted contributions per option. ``frame``: option, criterion, contribution.

    Every option gets its own labelled row (labels never hidden for overlap); criteria share
    Okabe–Ito colours plus two more, listed in a legend of one column that is never cut.
    """
    alt = _altair()
    criteria = list(dict.fromkeys(frame["criterion"]))
    palette = (OKABE_ITO + ["#999999", "#7F3C8D", "#8C564B", "#661100"])[: max(1, len(criteria))]
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT, labelOverlap=False)),
        x=alt.X("sum(contribution):Q", title="Weighted score (sum of contributions)",
                axis=alt.Axis(titleLimit=AXIS_TITLE_LIMIT)),
        color=alt.Color("criterion:N", title="Criterion", sort=criteria, scale=alt.Scale(domain=criteria, range=palette),
                        legend=alt.Legend(orient="bottom", columns={"expr": "containerSize()[0] < 600 ? 1 : 2"},
                                          labelLimit=LEGEND_LIMIT, symbolLimit=0)),
        order=alt.Order("criterion:N"),
        tooltip=["option:N", "criterion:N", alt.Tooltip("contribution:Q", format=".3f")],
    ).properties(
        height=alt.Step(24),
        title="Each option's score, split by criterion",
        description=f"Stacked bars: the weighted score of each of {len(order)} options, best first ({order[0]}), "
                    "split into the contribution of each criterion. The table below holds the numbers.",
    )


def why_chart(frame: pd.DataFrame, name_a: str, name_b: str) -> alt.Chart:
    """Diverging bars: per criterion, how much it adds to A's lead (right) or B's (left).

    ``frame``: criterion, difference (contribution of A minus contribution of B).
    """
    alt = _altair()
    data = frame.assign(favours=[name_a if d > 0 else name_b if d < 0 else "neither" for d in frame["difference"]])
    order = data.sort_values("difference", ascending=False)["criterion"].tolist()
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("criterion:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT, labelOverlap=False)),
        # Two lines: a title wider than the chart leaves the plot no width (on a phone, no bars at all).
        # Each line no wider than the chart (it was cut at 40 characters, even on a wide screen).
        x=alt.X("difference:Q", title=[f"← favours {name_b}", f"→ favours {name_a}"],  # arrows first: never cut
                axis=alt.Axis(titleLimit=AXIS_TITLE_LIMIT)),
        color=alt.Color("favours:N", title="Favours", scale=alt.Scale(domain=[name_a, name_b, "neither"],
                                                                        range=["#0072B2", "#D55E00", "#999999"]),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=LEGEND_LIMIT)),
        tooltip=["criterion:N", alt.Tooltip("difference:Q", format="+.3f"), "favours:N"],
    ).properties(
        height=alt.Step(24),
        title="What each criterion adds to the gap",
        description=f"Diverging bars per criterion: to the right it favours {name_a}, to the left {name_b}; "
                    "the sentence above and the table below give the numbers.",
    )


def heatmap(frame: pd.DataFrame, option_order: list[str], criterion_order: list[str]) -> alt.Chart:
    """The matrix on a common 0–1 'goodness' colour; tooltip gives value, basis and rationale.

    ``frame``: option, criterion, value, goodness, basis, rationale, marker.
    """
    alt = _altair()
    base = alt.Chart(frame).encode(
        x=alt.X("criterion:N", sort=criterion_order, title=None,
                axis=alt.Axis(orient="top", labelAngle=-45, labelAlign="left", labelLimit=150, labelOverlap=False)),
        y=alt.Y("option:N", sort=option_order, title=None,
                # Its width is set per column, so containerSize() is not the screen's: the window decides.
                axis=alt.Axis(labelLimit={"expr": "windowSize()[0] < 600 ? 80 : 230"}, labelOverlap=False)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("goodness:Q", title="Better →", scale=alt.Scale(scheme="blueorange", reverse=True, domain=[0, 1])),
        tooltip=["option:N", "criterion:N", alt.Tooltip("value:Q", format="g"), "basis:N", "rationale:N", "marker:N"],
    )
    text = base.mark_text(fontSize=11).encode(
        text="label:N",
        color=alt.condition("datum.goodness < 0.2 || datum.goodness > 0.8", alt.value("white"), alt.value("black")))
    return (cells + text).properties(
        height=alt.Step(24), width=alt.Step(44),
        title="The matrix: every option's score on every criterion",
        description=f"Heat map of {len(option_order)} options by {len(criterion_order)} criteria, coloured from "
                    "worse to better; the table below holds the same values.",
    )


def _highlighted(frame: pd.DataFrame, keep: list[str]) -> pd.DataFrame:
    return frame.assign(shown=[o if o in keep else "other options" for o in frame["option"]])


def sweep_chart(frame: pd.DataFrame, criterion_name: str, current: float) -> alt.Chart:
    """Each option's score as one criterion's weight goes from 0 to 1. ``frame``: weight, option, score.

    Only the options that are ever in the top three along the sweep get a colour (at most
    eight, so none repeats); the others are thin grey lines.
    """
    alt = _altair()
    places = frame.groupby("weight")["score"].rank(ascending=False, method="min")
    keep = list(dict.fromkeys(frame.loc[places <= 3, "option"]))[: len(OKABE_ITO)]
    data = _highlighted(frame, keep)
    domain = keep + ["other options"]
    lines = alt.Chart(data).mark_line().encode(
        x=alt.X("weight:Q", title=f"Share of weight on {criterion_name}", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("score:Q", title="Score"),
        detail="option:N",
        color=alt.Color("shown:N", title="Option (ever in the top three)", scale=alt.Scale(
            domain=domain, range=OKABE_ITO[: len(keep)] + ["#c7c7c7"]),
            legend=alt.Legend(orient="bottom", columns=1, labelLimit=LEGEND_LIMIT, symbolLimit=0)),
        strokeWidth=alt.condition(alt.datum.shown == "other options", alt.value(1), alt.value(2.5)),
        tooltip=["option:N", alt.Tooltip("weight:Q", format=".2f"), alt.Tooltip("score:Q", format=".3f")],
    )
    rule = alt.Chart(pd.DataFrame({"weight": [current]})).mark_rule(color="black", strokeDash=[4, 4]).encode(x="weight:Q")
    return (lines + rule).properties(
        # The legend (one row per coloured option) is drawn inside the chart's height: make room for it, so
        # the lines keep about 270 px however many options are coloured.
        height=400 + 24 * len(domain),
        title=f"Scores as the weight on {criterion_name} goes from 0 to 1",
        description=f"Line chart: each option's score as the share of weight on {criterion_name} runs from 0 to 1; "
                    f"the dashed line is the current share ({current:.2f}). The sentences above say where the top "
                    "option changes.",
    )


def stability_chart(frame: pd.DataFrame) -> alt.Chart:
    """Each criterion's weight interval keeping the top option first, with the current weight.

    ``frame``: criterion, weight, top_low, top_high.
    """
    alt = _altair()
    base = alt.Chart(frame).encode(y=alt.Y("criterion:N", title=None,
                                           axis=alt.Axis(labelLimit=LABEL_LIMIT, labelOverlap=False)))
    bars = base.mark_bar(height=14, color="#56B4E9").encode(
        x=alt.X("top_low:Q", title="Weight range in which the top option stays first", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(titleLimit=AXIS_TITLE_LIMIT)),
        x2="top_high:Q",
        tooltip=["criterion:N", alt.Tooltip("top_low:Q", format=".2f"), alt.Tooltip("top_high:Q", format=".2f"),
                 alt.Tooltip("weight:Q", format=".2f", title="current")],
    )
    ticks = base.mark_tick(color="black", thickness=3, size=20).encode(x="weight:Q")
    return (bars + ticks).properties(
        height=alt.Step(26),
        title="How far each weight can move before the top option changes",
        description="Bars: for each criterion, the range of its share of the weight in which the top option stays "
                    "first; the black tick is the current share. The table below gives the numbers.",
    )


def acceptability_chart(frame: pd.DataFrame, order: list[str]) -> alt.Chart:
    """SMAA rank acceptability: for each option, the share of draws at each rank. ``frame``: option, rank, share."""
    alt = _altair()
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT, labelOverlap=False)),
        x=alt.X("share:Q", title="Share of draws", stack="normalize", axis=alt.Axis(format="%")),
        color=alt.Color("rank:O", title="Rank", scale=alt.Scale(scheme="viridis")),
        order=alt.Order("rank:O"),
        tooltip=["option:N", "rank:O", alt.Tooltip("share:Q", format=".1%")],
    ).properties(
        height=alt.Step(24),
        title="How often each option lands at each rank",
        description="Stacked bars: for each option, the share of random draws that put it at each rank; the "
                    "sentence above and the table below give the numbers.",
    )


def bump_chart(frame: pd.DataFrame, x_title: str = "Scenario") -> alt.Chart:
    """Ranks across scenarios or rounds. ``frame``: step (str), step_order (int), option, rank.

    Options in the top three of any step get a colour (at most eight); the others are grey.
    """
    alt = _altair()
    steps = frame.sort_values("step_order")["step"].drop_duplicates().tolist()
    keep = list(dict.fromkeys(frame.sort_values("rank").loc[frame["rank"] <= 3, "option"]))[: len(OKABE_ITO)]
    data = _highlighted(frame, keep)
    base = alt.Chart(data).encode(
        x=alt.X("step:N", sort=steps, title=x_title, axis=alt.Axis(labelAngle=0, labelLimit=200)),
        y=alt.Y("rank:Q", scale=alt.Scale(reverse=True, zero=False, nice=False, domain=[1, int(frame["rank"].max())]),
                title="Rank", axis=alt.Axis(tickMinStep=1)),
        detail="option:N",
        color=alt.Color("shown:N", title="Option (top three anywhere)", scale=alt.Scale(
            domain=keep + ["other options"], range=OKABE_ITO[: len(keep)] + ["#c7c7c7"]),
            legend=alt.Legend(orient="bottom", columns=1, labelLimit=LEGEND_LIMIT, symbolLimit=0)),
        tooltip=["step:N", "option:N", "rank:Q"],
    )
    return (base.mark_line() + base.mark_point(filled=True, size=70)).properties(
        height=max(260, 24 * frame["option"].nunique()),
        title=f"Rank of each option by {x_title.lower()}",
        description=f"Line chart of ranks across {len(steps)} {x_title.lower()}s ({', '.join(steps)}); the table "
                    "below gives every rank.",
    )
