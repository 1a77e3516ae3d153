"""Weigh & rank: words first (who leads, by how much, tie or knife-edge, what would change it),
the ranking as a list, then the swing-weight sliders; charts and tables below, each with words."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx

import engine
from ui import assessments, charts, downloads, overrides, plain, ranking, session, sidebar, weights
from ui.text import in_sentence, md

SEND_PAUSE_SECONDS = 0.02

pack = session.current_pack()
st.title("Weigh & rank")
session.arrive_on_weigh(pack)
names = {o.id: o.name for o in pack.options}
crit_names = {c.id: c.name for c in pack.criteria}

def _inputs(matrix: engine.DecisionMatrix, w: dict[str, float], method: str) -> tuple:
    """What an uncertainty run's result depends on besides its own settings: the scores after conditions,
    assessment and overrides (with their ranges), the weights and the method."""
    return (matrix.option_ids, matrix.criterion_ids, matrix.values.tobytes(), matrix.low.tobytes(),
            matrix.high.tobytes(), tuple(sorted(w.items())), method)


def _fragment_run() -> bool:
    """Is this run the top fragment's own (a key press on a slider), not a run of the whole page?"""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def _rank(ranking_box: DeltaGenerator, early: bool = False) -> tuple[
        dict[str, float], dict[str, float], str, engine.DecisionMatrix, engine.RankingResult] | None:
    w = session.weights(pack)
    raw = session.raw_weights(pack) if not session.all_zero(pack) else {c: 1.0 for c in crit_names}
    method = session.method()
    try:
        matrix = session.matrix(pack)
        result = engine.rank(matrix, w, method=method)
    except ValueError as exc:  # a combination the engine cannot rank: say what to change
        if early:  # said below the sliders and conditions, which stay on the page to change it
            return None
        if _fragment_run():  # the whole page says it (and drops the charts of the last weights)
            st.rerun()
        st.error(f"Cannot rank with these settings: {md(str(exc))}")
        st.stop()
    contexts = session.active_contexts(pack)
    with ranking_box.container():
        st.subheader(f"Ranking — {session.METHODS[method]}")
        scores = f"Scores: {assessments.label(pack, assessments.current(pack) or engine.EDITORS)}. " \
            if pack.assessments else ""
        if contexts:
            st.caption(md(scores + "Conditions on: " + ", ".join(c.name for c in pack.contexts if c.id in contexts)))
        else:
            st.caption(md(scores) + "No conditions switched on: switch them below.")
        st.html(ranking.ranking_html(result, names, ranking.movement(result)))
        st.caption(md(plain.SCORE_SCALES.get(method, "")) + " ▲/▼: places moved since the last change. "
                   "Tied options share a place.")
    return w, raw, method, matrix, result



# The words and the ranking go on top (and first on a phone). On the first run they are computed
# after the sliders are drawn, so that a value bound to the URL is in session state before it is
# read; on every later run (a key press) the sliders' values are already there, and the ranking is
# sent before the conditions and sliders: the browser draws it without first working through them.
# The words, the ranking, the conditions and the weights are one fragment: a key press on a slider
# reruns only it, so the ranking reaches the browser without the sidebar and the charts being sent
# again first (bench/bench_app.py: 127-139 ms -> 113-121 ms median). Its run then asks for a run of
# the whole page, which redraws the sidebar and the charts below with the new weights.
@st.fragment
def _top() -> tuple[dict[str, float], dict[str, float], str, engine.DecisionMatrix, engine.RankingResult,
                    list, str]:
    words = st.container()
    left, right = st.columns([2, 3], gap="large")
    with left:
        ranking_box = st.empty()  # one slot: drawn again if the sliders turn out to hold other values

    ranked, early_weights, early_places = None, None, None
    if all(session.weight_key(c.id) in st.session_state for c in pack.criteria):
        early_weights = session.raw_weights(pack)
        early_places = (st.session_state.get("current_places"), st.session_state.get("previous_places"))
        ranked = _rank(ranking_box, early=True)
        # Streamlit sends each element from its event loop, a thread that needs the GIL this script holds
        # while it builds the rest of the page; a short pause lets the ranking leave now. Key press ->
        # ranking on screen went from about 215 ms to about 150 ms (bench/bench_app.py).
        time.sleep(SEND_PAUSE_SECONDS)
    with left:
        n_on = len(session.active_contexts(pack))
        with st.expander(f"Conditions ({n_on} switched on)" if pack.contexts else "Conditions (none in this pack)",
                         expanded=n_on > 0):
            sidebar.conditions_on_page(pack)
    with right, st.container(border=True):
        st.subheader("Weights")
        weights.lens_picker(pack)
        weights.way_picker(pack, "How to set the weights", "weights_tab")
        weights.sliders(pack)  # always drawn: the sliders hold the weights every other control sets
        if st.session_state.get("weights_from"):
            st.caption(f"Weights last set from {md(st.session_state['weights_from'])}.")
    session.weights_as_left(pack)

    if ranked is not None and session.raw_weights(pack) != early_weights:
        # Back or Forward in the browser: the sliders took their values from the link only when drawn.
        # Rank again with those, in the same slot, and count the movement from the places shown before.
        st.session_state["current_places"], st.session_state["previous_places"] = early_places
        ranked = None
    w, raw, method, matrix, result = ranked or _rank(ranking_box)
    method_name = session.METHODS[method]

    # The list is on its way to the browser; now the words above it (they re-rank to check each flip).
    flips = plain.slider_flips(matrix, raw, method)
    with words:
        st.html(ranking.bottom_line_html(plain.bottom_line(result, names, flips, in_sentence(method_name))))
    if _fragment_run():
        st.rerun()
    return w, raw, method, matrix, result, flips, method_name


# In a container of its own (see room_facilitator.py): if Streamlit drops the fragment's part of a whole-page run
# (a key press right after one), only its box goes, not the place of everything below it.
with st.container():
    w, raw, method, matrix, result, flips, method_name = _top()
# The assessment picker again, on the page (a phone hides the sidebar), outside the fragment: inside it, every key
# press drew it again and took 15-20 ms longer to reach the ranking (bench/bench_app.py).
assessments.picker_on_page(pack)

dominated = engine.pareto_dominated(matrix)
if dominated:
    with st.expander(f"{len(dominated)} option{' is' if len(dominated) == 1 else 's are'} dominated "
                     "(another is at least as good on every criterion)"):
        for oid, by in dominated.items():
            st.markdown(f"- {md(names[oid])} — dominated by {md(', '.join(names[b] for b in by))}")

# Only the view chosen is computed and drawn: a weight change then redraws one chart, not eight. A row of
# buttons, not st.tabs: a tab panel walks its contents for a focusable element (forcing the browser's style
# work) each time the page redraws, and the page redraws at every key press on a slider (bench/bench_app.py:
# key press -> ranking text 108-120 ms with both tab rows, 89 ms without, alternated in one browser).
VIEWS = ["Why A above B", "Contributions", "Matrix", "Sensitivity", "Uncertainty", "Methods",
         "Override scores", "Show your work"]
view = st.pills("Look closer at the ranking", VIEWS, default=VIEWS[0], required=True, key="weigh_tab")  # they wrap
order_names = [names[o] for o in result.order]


def view_key(name: str) -> str:
    """The chosen view's container (its class on the page: st-key-weigh_view_why_a_above_b)."""
    return "weigh_view_" + "_".join(name.lower().split())


with st.container(key=view_key(view)):  # the chosen view's words, chart and table
    if view == "Why A above B":
        c1, c2 = st.columns(2)
        # Until the user picks a pair: the current top two. The pair picked is kept while another view is
        # shown (persist_state), not after a visit to another page: then the top two again.
        if not st.session_state.get("why_chosen") or not {"why_a", "why_b"} <= st.session_state.keys():
            st.session_state["why_chosen"] = False
            st.session_state["why_a"] = result.order[0]
            st.session_state["why_b"] = result.order[min(1, len(result.order) - 1)]

        def _chosen() -> None:
            st.session_state["why_chosen"] = True

        a = c1.selectbox("Option A", result.order, format_func=names.__getitem__, key="why_a", on_change=_chosen,
                         persist_state="page")
        b = c2.selectbox("Option B", result.order, format_func=names.__getitem__, key="why_b", on_change=_chosen,
                         persist_state="page")
        if a == b:
            st.caption("Pick two different options.")
        else:
            why = engine.why(matrix, w, a, b)
            wsm = result if method == "wsm" else engine.rank(matrix, w, method="wsm")
            sentence = plain.why_sentence(why, names[a], names[b], plain.score_of(wsm, a), plain.score_of(wsm, b))
            st.markdown(md(sentence))
            if method != "wsm":
                st.caption(f"Explained with the weighted sum, whose parts add up exactly; the ranking above uses "
                           f"{md(method_name)}.")
            frame = why.assign(criterion=[crit_names[c] for c in why.index])
            st.altair_chart(charts.why_chart(frame, names[a], names[b]), width="stretch")
            table = pd.DataFrame({
                "Criterion": frame["criterion"],
                "Share of weight (0–1)": frame["weight"].round(3),
                f"Score of {names[a]}": frame["value_a"],
                f"Score of {names[b]}": frame["value_b"],
                "Difference in weighted score": frame["difference"].round(3),
            })
            total = pd.DataFrame([{"Criterion": "Total", "Share of weight (0–1)": round(float(frame["weight"].sum()), 3),
                                   f"Score of {names[a]}": None, f"Score of {names[b]}": None,
                                   "Difference in weighted score": round(float(frame["difference"].sum()), 3)}])
            st.dataframe(pd.concat([table, total], ignore_index=True), hide_index=True, width="stretch")

    if view == "Contributions":
        contrib = pd.DataFrame(result.contributions, columns=[crit_names[c] for c in matrix.criterion_ids])
        contrib["option"] = [names[o] for o in result.option_ids]
        long = contrib.melt(id_vars="option", var_name="criterion", value_name="contribution")
        if method != "wsm":
            st.caption("Contributions are exact for the weighted sum; for this method they show each criterion's "
                       "weighted, normalised part of the score (see Show your work).")
        top_id = result.order[0]
        parts = contrib.set_index("option").loc[names[top_id]].sort_values(ascending=False)
        st.markdown(md(plain.contributions_sentence(names[top_id], parts)))
        st.altair_chart(charts.contributions_chart(long, order_names), width="stretch")
        with st.expander("The same as a table"):
            st.dataframe(contrib.set_index("option").loc[order_names].round(3), width="stretch")

    if view == "Matrix":
        cells = []
        for i, oid in enumerate(matrix.option_ids):
            for j, cid in enumerate(matrix.criterion_ids):
                lo, hi = matrix.scale_min[j], matrix.scale_max[j]
                good = (matrix.values[i, j] - lo) / (hi - lo)
                if matrix.is_cost[j]:
                    good = 1 - good
                marker = "◆ changed" if matrix.changed[i, j] else ""
                cells.append({"option": names[oid], "criterion": crit_names[cid], "value": matrix.values[i, j],
                              "goodness": good, "basis": matrix.basis[i, j], "rationale": matrix.rationale[i, j],
                              "marker": marker, "label": f"{matrix.values[i, j]:g}{'◆' if marker else ''}"})
        st.caption("Colour: better → worse on each criterion (cost criteria turned around). ◆ = changed by a "
                   "condition or an override. Hover a cell for its basis and rationale; the table below holds "
                   "the same numbers.")
        # Its own width (cells of a fixed size), scrolled sideways on a phone instead of squeezed to nothing.
        with st.container(horizontal=True, key="heatmap_scroll"):
            st.altair_chart(charts.heatmap(pd.DataFrame(cells), order_names,
                                           [crit_names[c] for c in matrix.criterion_ids]), width="content")
        values = pd.DataFrame(matrix.values, index=[names[o] for o in matrix.option_ids],
                              columns=[crit_names[c] for c in matrix.criterion_ids])
        st.dataframe(values.loc[order_names], width="stretch")

    if view == "Sensitivity":
        st.markdown("**What would change the top option** (one slider at a time, the others where they are)")
        if flips:
            st.markdown("\n".join(f"- {md(plain.flip_sentence(f, names))}" + (" — a knife-edge" if f.knife_edge else "")
                                  for f in flips))
        else:
            st.markdown(f"No single slider move (0–100) changes the top option ({md(names[result.order[0]])}).")
        intervals = engine.stability_intervals(matrix, w, method=method)
        frame = intervals.assign(criterion=[crit_names[c] for c in intervals["criterion"]])
        st.altair_chart(charts.stability_chart(frame), width="stretch")
        show = frame[["criterion", "weight", "top_low", "top_high", "order_low", "order_high"]].rename(columns={
            "weight": "current share of weight", "top_low": "top stays first from", "top_high": "to",
            "order_low": "whole order stays from", "order_high": "to "})
        st.caption("Shares of the total weight (0–1), not slider points.")
        st.dataframe(show.round(3), hide_index=True, width="stretch")
        chosen = st.selectbox("Sweep one criterion's share of the weight from 0 to 1", list(crit_names),
                              format_func=crit_names.__getitem__, key="sweep_criterion")
        sweep = engine.weight_sweep(matrix, w, chosen, method=method)
        sweep["option"] = sweep["option"].map(names)
        st.altair_chart(charts.sweep_chart(sweep, crit_names[chosen], w[chosen]), width="stretch")

    if view == "Uncertainty":
        st.markdown(f"Draws every score from its low–high range (triangular, peaking at the value) and the weights "
                    f"as chosen below, ranks each draw with {md(method_name)} (the method in the sidebar), then "
                    "counts how often each option lands at each rank (SMAA-2).")
        c1, c2, c3 = st.columns(3)
        mode_labels = {"fixed": "Fixed at my weights", "perturbed": "Perturbed around my weights (±10%)",
                       "ordinal": "Only my order of criteria", "unknown": "Wholly unknown"}
        mode = c1.selectbox("Weights", list(mode_labels), format_func=mode_labels.__getitem__, key="smaa_mode")
        samples = c2.select_slider("Draws", [1000, 2000, 5000, 10000, 20000], value=5000, key="smaa_samples")
        seed = c3.number_input("Seed", 0, 10**6, 0, key="smaa_seed")
        if st.button("Run uncertainty analysis", type="primary"):
            bar = st.progress(0.0, text="Drawing…")
            smaa = engine.smaa(matrix, w, samples=int(samples), seed=int(seed), weights_mode=mode, method=method,
                               progress=lambda f: bar.progress(min(1.0, f), text=f"Drawing… {f:.0%}"))
            bar.empty()
            st.session_state["smaa_result"] = (smaa, mode, samples, seed, method, _inputs(matrix, w, method))
        if "smaa_result" in st.session_state:
            smaa, mode_used, n_used, seed_used, method_used, inputs = st.session_state["smaa_result"]
            if inputs != _inputs(matrix, w, method):
                st.info("The weights, conditions, assessment or method have changed since this run: run it again "
                        "to see the shares for what the page shows now.")
            else:
                ra = smaa.rank_acceptability.copy()
                ra.index = [names[o] for o in ra.index]
                long = ra.reset_index(names="option").melt(id_vars="option", var_name="rank", value_name="share")
                first = smaa.first_rank.sort_values(ascending=False)
                st.markdown(f"With {n_used:,} draws ({mode_labels[mode_used].lower()}, "
                            f"{md(session.METHODS[method_used])}, seed {seed_used}): "
                            + "; ".join(f"{md(names[o])} first in {p:.0%}" for o, p in first.head(3).items() if p > 0))
                st.altair_chart(charts.acceptability_chart(long, [names[o] for o in first.index]), width="stretch")
                st.dataframe(ra.round(3), width="stretch")

    if view == "Methods":
        ranks, tau = engine.method_agreement(matrix, w)
        ranks = ranks.rename(index=names, columns=session.METHODS)
        tau = tau.rename(index=session.METHODS, columns=session.METHODS)
        st.markdown("Rank of every option under every method, and how far the methods agree (Kendall's τ, 1 = same order).")
        st.dataframe(ranks, width="stretch")
        st.dataframe(tau.round(2), width="stretch")

    if view == "Override scores":
        overrides.editor(pack, matrix)

    if view == "Show your work":
        assessments.show_order(pack, matrix)
        st.caption(f"The intermediate tables of {md(method_name)}, in order.")
        for name, table in result.steps.items():
            st.markdown(f"**{md(name.replace('_', ' ').capitalize())}**")
            st.dataframe(table.rename(index=names, columns={**crit_names, **names}), width="stretch")

overrides.listing(pack)
downloads.section(pack, matrix, result, flips)
