"""Perspectives: each option's rank over every role × assessment, two roles' four rankings that
separate a disagreement about values from one about facts, and the record check."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import engine
from schema import Pack
from ui import assessments, charts, session, sidebar
from ui.text import md

pack = session.current_pack()
st.title("Perspectives")
st.caption("A role is what it values (a lens's weights) and what it believes (the assessment its actor holds). "
           "Swapping only the weights, or only the assessment, between two roles shows which of the two moves the "
           "answer. Lens weights are interpretations of the quotes, not the actors' own numbers.")
if session.method() != "wsm":
    st.info(f"Every ranking on this page uses the weighted sum, not the {session.METHODS[session.method()]} chosen in "
            "the sidebar: the record check's weight ranges are linear programs, which only the weighted sum allows. "
            "The conditions switched on in the sidebar do apply.")
if len(pack.lenses) < 2:
    st.info("This pack has fewer than two lenses: add lenses (with assessments) to compare perspectives.")
    st.stop()

contexts = tuple(session.active_contexts(pack))
lens_ids = [lens.id for lens in pack.lenses]
lens_names = {lens.id: lens.name for lens in pack.lenses}


@st.cache_data(show_spinner=False, max_entries=16)
def _map(key: str, contexts: tuple[str, ...], _pack: Pack) -> Any:
    return engine.perspectives(_pack, contexts)


@st.cache_data(show_spinner=False, max_entries=64)
def _four(key: str, a: str, b: str, contexts: tuple[str, ...], _pack: Pack) -> Any:
    return engine.four_rankings(_pack, a, b, contexts)


@st.cache_data(show_spinner=False, max_entries=4)
def _record(key: str, _pack: Pack) -> Any:
    return engine.record_check(_pack)


def _side_name(value: str | None) -> str:
    if value in (None, engine.EDITORS):
        return "the editors' scores"
    return next((a.name for a in pack.assessments if a.id == value), str(value))


try:
    result = _map(session.pack_key(), contexts, pack)
except ValueError as exc:
    st.error(f"Cannot compare perspectives with these settings: {md(str(exc))}")
    st.stop()

# --------------------------------------------------------------------------- rank ranges
st.header("Rank range of each option")
def _pair_name(pair: str) -> str:
    """"lens-id × assessment-id" (the engine's label) in names: “Lens” with As … assess them."""
    lens_id, _, side = pair.partition(" × ")
    return f"“{lens_names.get(lens_id, lens_id)}” with {_side_name(side)}"


ranges = result.rank_range.reset_index()
ranges["best_at"] = [_pair_name(p) for p in ranges["best_at"]]
ranges["worst_at"] = [_pair_name(p) for p in ranges["worst_at"]]
n_pairs = len(result.lenses) * len(result.assessments)
chart_frame = ranges.assign(label=[f"{b}–{w}" if b != w else f"{b}" for b, w in zip(ranges["best"], ranges["worst"],
                                                                                      strict=True)])
order = ranges.sort_values(["best", "worst"])["name"].tolist()
title = "Best and worst rank of each option"  # short enough for a phone; what it ranks over is said above it
over = f"Over {n_pairs} role × assessment pairs (each lens's weights with each assessment); rank 1 = first."
st.caption(over)
description = "; ".join(f"{r.name}: rank {r.best} to {r.worst}" for r in ranges.itertuples())
base = alt.Chart(chart_frame, title=charts.title(title), description=f"{title}. {over} {description}").encode(
    y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=charts.label_limit(360))),
    tooltip=[alt.Tooltip("name:N", title="Option"), alt.Tooltip("best:Q", title="Best rank"),
             alt.Tooltip("worst:Q", title="Worst rank"), alt.Tooltip("best_at:N", title="Best under"),
             alt.Tooltip("worst_at:N", title="Worst under")],
)
bars = base.mark_bar(color="#0072B2", height=12).encode(
    x=alt.X("best:Q", title="Rank (1 = first)", scale=alt.Scale(domain=[0.5, len(ranges) + 0.5], reverse=False),
            axis=alt.Axis(tickMinStep=1, format="d")),  # ranks are whole numbers (0.4, 0.5, … on a small pack)
    x2="worst:Q",
)
ends = base.mark_tick(color="#D55E00", thickness=3, size=16).encode(x="best:Q")
text = base.mark_text(align="left", dx=6).encode(x="worst:Q", text="label:N")
st.altair_chart((bars + ends + text).properties(height=max(240, 26 * len(ranges))), width="stretch")
with st.expander("The chart as text"):
    st.markdown("\n".join(
        f"- {md(r.name)}: rank {r.best} to {r.worst} (best under {md(r.best_at)}, worst under {md(r.worst_at)})"
        for r in ranges.itertuples()))
if contexts:
    st.caption("Conditions switched on in the sidebar apply to every ranking here.")

# --------------------------------------------------------------------------- two roles
st.header("Two roles: values or facts?")
for key, place in (("persp_a", 0), ("persp_b", 1)):  # a link naming a role the pack lacks is said, not dropped
    sidebar.unknown_in_link(key, list(lens_names.values()), "role",
                            f"this pack does not have: the page shows “{lens_names[lens_ids[place]]}”", lens_ids[place])
for key in ("persp_a", "persp_b"):
    if key in st.session_state and st.session_state[key] not in lens_ids:
        st.session_state.pop(key, None)
left, right = st.columns(2)
role_a = left.selectbox("Role A", lens_ids, index=0, format_func=lens_names.__getitem__, key="persp_a",
                        bind="query-params")
role_b = right.selectbox("Role B", lens_ids, index=1, format_func=lens_names.__getitem__, key="persp_b",
                         bind="query-params")
if role_a == role_b:
    st.info("Pick two different roles.")
else:
    four = _four(session.pack_key(), role_a, role_b, contexts, pack)
    short = {"a_weights_a_facts": "A's weights, A's facts", "a_weights_b_facts": "A's weights, B's facts",
             "b_weights_a_facts": "B's weights, A's facts", "b_weights_b_facts": "B's weights, B's facts"}
    st.caption(md(f"Rank of each option (1 = first). A = {lens_names[role_a]}; B = {lens_names[role_b]}. "
                  f"A's facts: {_side_name(four.assessment_a)}; B's facts: {_side_name(four.assessment_b)}."))
    table = four.ranks.sort_values(["a_weights_a_facts", "b_weights_b_facts"], kind="stable")
    # a static table: on a phone its names wrap and every rank stays in view (a data grid pins the long names
    # and leaves the ranks to a sideways scroll)
    st.table(table.assign(name=[md(n) for n in table["name"]]).set_index("name").rename_axis("Option")
             .rename(columns=short))
    for sentence in four.sentences:
        st.markdown(md(sentence))
    chosen = assessments.current(pack)
    shared = engine.matrix_from_pack(pack, contexts, assessment=chosen)
    firsts = []
    for lens_id in (role_a, role_b):
        ranked = engine.rank(shared, engine.lens_weights(pack, lens_id))
        firsts.append(shared.option_name(ranked.order[0]))
    verdict = ("both put the same option first" if firsts[0] == firsts[1]
               else "they still put different options first")
    st.markdown(md(f"With the sidebar's choice ({_side_name(chosen)}) for both roles, “{lens_names[role_a]}” puts "
                   f"{firsts[0]} first and “{lens_names[role_b]}” puts {firsts[1]} first: {verdict}."))

# --------------------------------------------------------------------------- record check
WEIGH_PAGE = "ui/app_pages/weigh.py"


def _open_weighting(pack: Pack, option_id: str, row: Any) -> None:
    """Put the weighting under which the option leads, with its supporters' scores, on Weigh & rank:
    those weights on the sliders, that assessment, no conditions, the weighted sum (as the check)."""
    was_method = session.METHODS[session.method()]
    were_on = [c.name for c in pack.contexts if c.id in session.active_contexts(pack)]
    session.send_to_weigh(pack, row["leads_under"])
    st.session_state[assessments.KEY] = row["assessment"]
    for context in pack.contexts:
        st.session_state[session.context_key(context.id)] = False
    st.session_state["method"] = "wsm"
    st.session_state["weights_from"] = (f"the record check: weights under which {row['name']} comes first with "
                                        f"the scores “{_side_name(row['assessment'])}”, ranked as the check ranks: "
                                        "weighted sum, no conditions switched on"
                                        + (f" (it replaced {was_method})" if was_method != session.METHODS["wsm"] else "")
                                        + (f" (it switched off {', '.join(were_on)})" if were_on else ""))


def _see_it_lead(supported: pd.DataFrame) -> None:
    """Each supported option's weighting under which it comes first, to open on Weigh & rank."""
    can = supported[supported["leads_how"].isin(["central", "widest margin"])]
    st.subheader("See a side's option lead")
    cannot = supported[supported["leads_how"] == "none"]
    if len(cannot):
        st.caption(md("No weighting puts these first with their supporters' scores: "
                      + "; ".join(cannot["name"]) + "."))
    finer = supported[supported["leads_how"] == "finer"]
    if len(finer):
        st.caption(md("These come first only under weights finer than the sliders' steps: "
                      + "; ".join(finer["name"]) + "."))
    if not len(can):
        return
    choice = st.selectbox("Option", list(can.index), format_func=lambda o: can.loc[o, "name"],
                          key="record_option")
    row = can.loc[choice]
    st.markdown(md(f"{row['leads_sentence']} Scores: {_side_name(row['assessment'])}."))
    if session.overrides():
        n_over = len(session.overrides())
        st.caption(f"Your {n_over} score override{' stays' if n_over == 1 else 's stay'} on Weigh & rank: with them this option "
                   "may not come first.")
    if st.button("Open Weigh & rank with this weighting", key="record_open_button",
                 on_click=_open_weighting, args=(pack, choice, row)):
        # The link carries the weights (the sidebar's bound choices write themselves).
        st.switch_page(WEIGH_PAGE, query_params=session.weigh_link())


st.header("Record check")
st.caption("Does each lens, with its assessment, rank the options its actors support above those they oppose? "
           "And can each option some actor supports come first under some weighting?")
record = _record(session.pack_key(), pack)
if not record.lenses:
    st.caption("No lens names the stance actors it speaks for (stance_actors), so no lens is checked.")
for lens_record in record.lenses:
    summary = (f"{lens_record.right} of {lens_record.total} pairs the right way round" if lens_record.total
               else "no supported-versus-opposed pairs to check")
    with st.expander(f"{md(lens_record.name)}: {summary}", expanded=False):
        st.caption(md(f"Scores: {_side_name(lens_record.assessment)}. Actors: {', '.join(lens_record.actors)}."))
        for sentence in lens_record.sentences:
            st.markdown(md(sentence))
        if lens_record.ranges is not None and lens_record.total:
            st.markdown(md("Weights under which every supported option scores at least level with every opposed one"
                           + ("" if lens_record.feasible else " (the pairs named above set aside)") + ":"))
            ranges_table = lens_record.ranges.assign(name=[md(n) for n in lens_record.ranges["name"]])
            st.table(ranges_table.set_index("name").rename_axis("Criterion").rename(
                columns={"lens_weight": "this lens", "low": "least", "high": "most"}).map(lambda x: f"{x:.3f}"))
if len(record.supported):
    table = pd.DataFrame({
        "Option": [md(n) for n in record.supported["name"]],
        "Comes first under": [f"{100 * p:.1f}%" for p in record.supported["first_rank"]],
        "With the scores of": [md(_side_name(a)) for a in record.supported["assessment"]],
        "Note": [md(n) if n else ("below the pack's threshold" if f else "") for n, f in
                 zip(record.supported["no_case_note"], record.supported["flagged"], strict=True)],
    })
    st.markdown("Options some actor supports: the share of all weightings under which each comes first.")
    st.table(table.set_index("Option"))  # static: names wrap on a phone, the shares stay in view
    _see_it_lead(record.supported)
if record.min_pair_agreement is not None:  # without thresholds the check's own note, below, says so
    if record.passed:
        st.success("The pack meets its own record-check thresholds.")
    else:
        st.warning("The case pack misses the thresholds its editors set for this check:\n\n"
                   + "\n\n".join(md(f) for f in record.failures))
for note in record.notes:
    st.caption(md(note))
