"""Weight controls: sliders, putting criteria in order, pairwise comparison, lens presets."""

from __future__ import annotations

import itertools

import numpy as np
import streamlit as st

import engine
from schema import Pack
from ui import assessments, session
from ui.citations import citations
from ui.text import isolated, label, md

SAATY = [-9, -7, -5, -3, 1, 3, 5, 7, 9]


def _apply_lens(pack: Pack) -> None:
    lens_id = st.session_state.get("lens_choice")
    if lens_id:
        lens = next(l for l in pack.lenses if l.id == lens_id)
        session.set_weights(pack, engine.lens_weights(pack, lens_id))
        said = f"lens: {lens.name}"
        held = next((a for a in pack.assessments if a.id == lens.assessment), None)
        if held is not None:  # a role is what it values and what it believes
            st.session_state[assessments.KEY] = held.id
            said += f", with the assessment its actor holds ({held.name})"
        elif pack.assessments:  # a lens that names none: the editors' scores, as in the CLI and Perspectives
            st.session_state[assessments.KEY] = engine.EDITORS
            said += ", with the editors' scores (the lens names no assessment)"
        st.session_state["weights_from"] = said


def _equal(pack: Pack) -> None:
    session.set_weights(pack, {c.id: 1.0 for c in pack.criteria})
    st.session_state["weights_from"] = "equal weights"


def swing_anchors(criterion) -> tuple[str, str]:
    """The words of the criterion's worst and best anchors (a cost criterion is best at its bottom)."""
    anchors = sorted(criterion.scale.anchors, key=lambda a: a.value)
    low, high = anchors[0].meaning, anchors[-1].meaning
    return (high, low) if criterion.direction == "cost" else (low, high)


def sliders(pack: Pack) -> None:
    """Swing weights: how much moving an option from the criterion's worst to its best matters."""
    st.markdown("**How much does each swing matter?** Picture an option moving from the worst to the best "
                "on a criterion. Give 100 to the swing that matters most to you, and the others in proportion "
                "(50 = half as much, 0 = not at all).")
    # The first half down the left column, the rest down the right: Tab and a phone's single column both follow
    # the pack's order (one pair of columns: a row per pair made each key press slower to draw).
    cols = st.columns(2)
    half = (len(pack.criteria) + 1) // 2
    for i, criterion in enumerate(pack.criteria):
        worst, best = swing_anchors(criterion)
        with cols[0 if i < half else 1]:
            st.slider(
                f"{label(criterion.name)}: worst to best",
                0, session.WEIGHT_MAX, session.DEFAULT_WEIGHT, 1,
                key=session.weight_key(criterion.id),
                bind="query-params",
                persist_state="session",
            )
            st.caption(f"From “{md(worst)}” to “{md(best)}”")
    if session.all_zero(pack):
        st.warning("Every weight is zero: the ranking below uses equal weights until you raise one.")


def lens_picker(pack: Pack) -> None:
    if not pack.lenses:
        return
    names = {lens.id: f"{lens.name} ({lens.actor})" for lens in pack.lenses}
    st.selectbox("Start from a lens (a role's weighting)", list(names), format_func=names.__getitem__,
                 key="lens_choice", index=None, placeholder="Choose a lens…")
    # In a row under the picker: in a narrow column beside it, a 1280 px screen cut "Equal weights" to "Equal wei…".
    with st.container(horizontal=True):
        st.button("Apply lens", on_click=_apply_lens, args=(pack,), disabled=not st.session_state.get("lens_choice"))
        st.button("Equal weights", on_click=_equal, args=(pack,))
    lens_id = st.session_state.get("lens_choice")
    if lens_id:
        lens = next(l for l in pack.lenses if l.id == lens_id)
        with st.expander(f"Why this lens: {md(lens.name)}"):
            st.caption(md(lens.label))
            held = next((a for a in pack.assessments if a.id == lens.assessment), None)
            if held is not None:
                st.caption(md(f"Its actor's assessment of the facts, applied with the lens: {held.name}."))
            if lens.rationale:
                st.markdown(md(lens.rationale))
            citations(lens.derived_from, f"lens-{lens.id}")


def _apply_order(pack: Pack) -> None:
    order = st.session_state.get("criteria_order") or []
    if order:
        roc = engine.rank_order_centroid(order)
        session.set_weights(pack, {c.id: roc.get(c.id, 0.0) for c in pack.criteria})
        st.session_state["weights_from"] = "rank order of criteria (rank-order centroid)"


def _move_up(criterion_id: str) -> None:
    order = list(st.session_state.get("criteria_order") or [])
    i = order.index(criterion_id)
    if i > 0:
        order[i - 1], order[i] = order[i], order[i - 1]
    st.session_state["criteria_order"] = order


def way_picker(pack: Pack, title: str, key: str, pairs: str = "Pairwise") -> None:
    """How to set the weights besides the sliders (which the caller always draws, below: they hold the weights
    the other two set): Put in order or the pairwise comparison, drawn only when chosen. A row of buttons, not
    st.tabs: a tab panel walks its contents for a focusable element at every redraw, and a key press on a
    slider redraws the page (bench/bench_app.py)."""
    way = st.segmented_control(title, ["Sliders", "Put in order", pairs], default="Sliders", required=True, key=key)
    if way == "Put in order":
        order_picker(pack)
    elif way == pairs:
        pairwise(pack)


def order_picker(pack: Pack) -> None:
    names = {c.id: c.name for c in pack.criteria}
    st.multiselect("Pick criteria from most to least important (the ones you leave out get no weight)",
                   list(names), format_func=names.__getitem__, key="criteria_order")
    order = st.session_state.get("criteria_order") or []
    if len(order) > 1:
        st.caption("Move a criterion up without removing it:")
        for place, cid in enumerate(order, start=1):
            left, right = st.columns([4, 2], vertical_alignment="center")
            left.markdown(f"{place}\\. {md(names[cid])}")
            right.button(f"↑ {names[cid]}", key=f"order_up_{cid}", on_click=_move_up, args=(cid,),
                         disabled=place == 1, width="stretch")
    st.button("Use rank-order weights", on_click=_apply_order, args=(pack,),
              disabled=not st.session_state.get("criteria_order"))


def _pair_label(value: int, a: str, b: str) -> str:
    if value == 1:
        return "equal"
    side = a if value < 0 else b
    return f"{side} ×{abs(value)}"


def _pairwise_matrix(pack: Pack, ids: list[str]) -> np.ndarray:
    n = len(ids)
    m = np.ones((n, n))
    for i, j in itertools.combinations(range(n), 2):
        v = int(st.session_state.get(f"ahp_{ids[i]}__{ids[j]}", 1))
        ratio = float(-v) if v < 0 else 1.0 / v  # negative: the left criterion is more important
        m[i, j], m[j, i] = ratio, 1.0 / ratio
    return m


def _apply_ahp(pack: Pack, ids: list[str]) -> None:
    """AHP weights for the compared criteria; the others keep theirs (the compared ones share
    the total they had before, so criteria the picker does not show are never zeroed)."""
    result = engine.ahp(_pairwise_matrix(pack, ids), ids)
    current = session.weights(pack)
    share = sum(current[c] for c in ids)
    new = {c.id: (share * result.weights[c.id] if c.id in ids else current[c.id]) for c in pack.criteria}
    session.set_weights(pack, new)
    kept = len(pack.criteria) - len(ids)
    st.session_state["weights_from"] = (f"pairwise comparison of {len(ids)} criteria (consistency ratio "
                                        f"{result.cr:.2f}); the other {kept} kept their weights")


def pairwise(pack: Pack) -> None:
    names = {c.id: c.name for c in pack.criteria}
    chosen = st.multiselect("Criteria to compare (pairwise comparison of all of them is long; pick 3–6)",
                            list(names), format_func=names.__getitem__, key="ahp_criteria",
                            default=list(names)[:4])
    if len(chosen) < 2:
        st.caption("Pick at least two criteria.")
        return
    st.caption("For each pair, how much more important is one than the other (Saaty's 1–9 scale).")
    for a, b in itertools.combinations(chosen, 2):
        st.select_slider(label(f"{isolated(names[a])} vs {isolated(names[b])}"), SAATY, value=1, key=f"ahp_{a}__{b}",
                         format_func=lambda v, a=names[a], b=names[b]: _pair_label(v, a, b))
    result = engine.ahp(_pairwise_matrix(pack, chosen), chosen)
    ok = result.cr <= 0.1
    st.markdown(f"**Consistency ratio: {result.cr:.3f}** " + ("(acceptable, ≤ 0.10)" if ok else
                "(above 0.10: the judgments contradict each other; revisit the ones below)"))
    if not ok:
        for i_id, j_id, given, implied in result.worst_judgments[:3]:
            st.markdown(f"- {md(names[i_id])} vs {md(names[j_id])}: you said {given:.2f}, "
                        f"the other judgments imply about {implied:.2f}")
    st.dataframe({"criterion": [names[c] for c in chosen],
                  "share among these": [round(result.weights[c], 3) for c in chosen]}, hide_index=True)
    left_out = [names[c] for c in names if c not in chosen]
    if left_out:
        st.caption(f"The {len(left_out)} criteria not compared here keep their current weights: "
                   + md(", ".join(left_out)) + ".")
    # The compared criteria share out the weight they hold together: with none, there is nothing to share.
    weightless = sum(session.weights(pack)[c] for c in chosen) <= 0
    if weightless:
        st.caption("These criteria have no weight between them now (each slider at 0), so the comparison has "
                   "none to share out: raise one of their sliders first, or add a criterion that has weight.")
    st.button("Use these weights", on_click=_apply_ahp, args=(pack, chosen), disabled=weightless)
