"""Compare: saved scenarios side by side — weights, ranks (bump chart), what moved and why."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import engine
from ui import assessments, charts, plain, session
from ui.text import md

pack = session.current_pack()
names = {o.id: o.name for o in pack.options}
crit = {c.id: c.name for c in pack.criteria}
ctx_names = {c.id: c.name for c in pack.contexts}
st.title("Compare scenarios")
saved: dict[str, dict] = session.saved_scenarios()


def _load_uploaded() -> None:
    upload = st.session_state.get("scenario_upload")
    if upload is None:
        return
    try:
        data, scenario = session.scenario_from_json(upload.getvalue(), pack)
    except ValueError as exc:
        advice = "" if "made with the case pack" in str(exc) else \
            " Download one from Weigh & rank and upload it unchanged."
        st.session_state["scenario_upload_error"] = f"{upload.name}: not a scenario of this pack ({exc}).{advice}"
        return
    name = str(data.get("name") or "").strip()[:60] or upload.name.removesuffix(".json")
    session.save_scenario(name, scenario)
    st.session_state.pop("scenario_upload_error", None)


def _apply(scenario: dict) -> None:
    raw = scenario.get("raw_weights")
    if raw:  # the slider points as saved
        for c in pack.criteria:
            st.session_state[session.weight_key(c.id)] = int(round(raw.get(c.id, 0.0)))
    else:
        session.set_weights(pack, scenario["weights"])
    st.session_state["method"] = scenario["method"]
    for c in pack.contexts:
        st.session_state[session.context_key(c.id)] = c.id in scenario["contexts"]
    st.session_state["overrides"] = {(o["option"], o["criterion"]): o["value"] for o in scenario["overrides"]}
    st.session_state["weights_from"] = f"the saved scenario “{scenario.get('name', '')}”"
    st.session_state["assessment"] = scenario.get("assessment") or engine.EDITORS
    st.session_state["compare_applied"] = scenario.get("name", "")


st.file_uploader("Load a scenario (JSON downloaded from Weigh & rank)", type=["json"], key="scenario_upload",
                 on_change=_load_uploaded)
if st.session_state.get("scenario_upload_error"):
    st.error(md(st.session_state["scenario_upload_error"]))  # the file's name is the user's text

if len(saved) < 2:
    st.info("Save at least two scenarios on Weigh & rank (or load them here) to compare them. "
            f"Saved so far: {len(saved)}.")
    st.stop()

chosen = st.multiselect("Scenarios to compare (2 to 4)", list(saved), default=list(saved)[:2], max_selections=4,
                        key="compare_choice")
if len(chosen) < 2:
    st.caption("Pick at least two.")
    st.stop()

rank_rows, weight_rows, results = [], [], {}
for k, name in enumerate(chosen):
    sc = saved[name]
    try:
        matrix = engine.matrix_from_pack(pack, contexts=sc["contexts"],
                                         overrides={(o["option"], o["criterion"]): o["value"] for o in sc["overrides"]},
                                         assessment=sc.get("assessment"))
        result = engine.rank(matrix, sc["weights"], method=sc["method"])
    except ValueError as exc:
        st.error(f"Scenario “{md(name)}” cannot be ranked with this pack: {md(str(exc))}")
        st.stop()
    results[name] = result
    for i, oid in enumerate(result.option_ids):
        rank_rows.append({"step": name, "step_order": k, "option": names[oid], "rank": int(result.ranks[i])})
    # All text: a column per scenario holds weights and words (Arrow cannot type a mixed column).
    weight_rows.append({"scenario": name, **{crit[c]: f"{sc['weights'].get(c, 0.0):.3f}" for c in crit},
                        "method": session.METHODS[sc["method"]],
                        "assessment": assessments.label(pack, sc.get("assessment") or engine.EDITORS),
                        "conditions": ", ".join(ctx_names.get(c, c) for c in sc["contexts"]) or "none",
                        "overrides": str(len(sc["overrides"]))})

st.subheader("Bottom lines")
for name in chosen:
    sc = saved[name]
    line = plain.bottom_line(results[name], names, [], session.METHODS[sc["method"]].lower(), with_change=False)
    st.markdown(f"**{md(name)}:** {md(line)}")
st.subheader("Settings")
st.caption("Weights are shares of the total weight (0–1), not slider points.")
st.dataframe(pd.DataFrame(weight_rows).set_index("scenario").T, width="stretch")
st.subheader("Ranks")
ranks = pd.DataFrame(rank_rows)
st.altair_chart(charts.bump_chart(ranks), width="stretch")
st.table(ranks.pivot(index="option", columns="step", values="rank")[chosen].sort_values(chosen[0])  # names wrap on a phone
         .rename(index=md).rename_axis("Option").rename_axis(None, axis=1))

st.subheader(f"What moved from “{md(chosen[0])}” to “{md(chosen[-1])}”")
first, last = saved[chosen[0]], saved[chosen[-1]]
diffs = sorted(((last["weights"].get(c, 0) - first["weights"].get(c, 0), c) for c in crit), key=lambda t: -abs(t[0]))
reasons = [f"weight on {crit[c]} {'up' if d > 0 else 'down'} {abs(d):.2f}" for d, c in diffs[:3] if abs(d) >= 0.005]
if first["method"] != last["method"]:
    reasons.append(f"method {session.METHODS[first['method']]} → {session.METHODS[last['method']]}")
if (first.get("assessment") or engine.EDITORS) != (last.get("assessment") or engine.EDITORS):
    reasons.append(f"assessment {assessments.label(pack, first.get('assessment') or engine.EDITORS)} → "
                   f"{assessments.label(pack, last.get('assessment') or engine.EDITORS)}")
on = set(last["contexts"]) - set(first["contexts"])
off = set(first["contexts"]) - set(last["contexts"])
reasons += [f"{ctx_names.get(c, c)} switched on" for c in on] + [f"{ctx_names.get(c, c)} switched off" for c in off]
if len(first["overrides"]) != len(last["overrides"]) or first["overrides"] != last["overrides"]:
    reasons.append("different score overrides")
st.markdown("Changes: " + (md("; ".join(reasons)) if reasons else "none"))
r0, r1 = results[chosen[0]], results[chosen[-1]]
moved = []
for oid in r0.option_ids:
    a = int(r0.ranks[r0.option_ids.index(oid)])
    b = int(r1.ranks[r1.option_ids.index(oid)])
    if a != b:
        moved.append((b - a, f"{names[oid]}: {a} → {b} ({'down' if b > a else 'up'} {abs(b - a)})"))
st.markdown("\n".join(f"- {md(t)}" for _, t in sorted(moved)) if moved else "No option changed rank.")

st.subheader("Use a saved scenario")
pick = st.selectbox("Scenario", list(saved), key="apply_choice")
st.button("Apply to Weigh & rank", on_click=_apply, args=({"name": pick, **saved[pick]},))
if (applied := st.session_state.pop("compare_applied", None)) is not None:
    st.success(f"“{md(applied)}” is now on Weigh & rank: its weights, conditions, assessment and overrides.")
    st.page_link("ui/app_pages/weigh.py", label="Open Weigh & rank")
