"""Ladder: the options as an escalation ladder; open one to read its case and its critics."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import engine
from ui import assessments, charts, session
from ui.citations import citation, citations
from ui.text import md

pack = session.current_pack()
matrix = session.matrix(pack)
st.title("The escalation ladder")
if pack.info.summary:
    st.caption(md(pack.info.summary))

families: dict[str, int] = {}
for option in pack.ladder:
    families.setdefault(option.family, len(families))
frame = pd.DataFrame([
    {"rung": o.rung, "name": o.name, "family": o.family, "family_order": families[o.family],
     "applies": charts.applies_label(o.applies)}
    for o in pack.ladder
])
st.altair_chart(charts.ladder_chart(frame), width="stretch")

contexts = session.active_contexts(pack)
if contexts:
    names = ", ".join(pack.contexts[[c.id for c in pack.contexts].index(cid)].name for cid in contexts)
    st.info(f"Conditions switched on: {md(names)}. Scores they change are marked ◆ below.")

ids = [o.id for o in pack.ladder]
names = {o.id: f"Rung {o.rung} · {o.name}" for o in pack.ladder}
if "ladder_option" not in st.session_state and st.query_params.get("option") in ids:
    st.session_state["ladder_option"] = st.query_params["option"]  # a shared link opens that option
choice = st.selectbox("Open an option", ids, format_func=names.__getitem__, key="ladder_option")
st.query_params["option"] = choice
option = pack.option(choice)
row = matrix.option_ids.index(option.id)

st.header(md(option.name))
st.markdown(f"**Rung {option.rung}** · {md(option.family)} · applies: {md(', '.join(option.applies))}")
st.markdown(md(option.description))

if option.sources_say:
    st.subheader("What the sources say")
    citations(option.sources_say, f"say-{option.id}")

left, right = st.columns(2)
with left:
    st.subheader("Risks")
    if not option.risks:
        st.caption("The sources name no risks for this option.")
    for i, risk in enumerate(option.risks):
        bears = ", ".join(pack.criterion(c).name for c in risk.criteria)
        st.markdown(f"**{md(risk.title)}**" + (f"  \n*bears on: {md(bears)}*" if bears else ""))
        if risk.description:
            st.markdown(md(risk.description))
        citations(risk.citations, f"risk-{option.id}-{i}")
NONE_NAMED = {"supports": "The sources name no supporter of this option.",
              "opposes": "The sources name no critic of this option.",
              "conditional": "The sources name no one who supports it only on a condition."}
with right:
    for title, position in (("Supporters", "supports"), ("Critics", "opposes"), ("Conditional", "conditional")):
        stances = [s for s in option.stances if s.position == position]
        st.subheader(title)
        if not stances:
            st.caption(NONE_NAMED[position])
        for i, stance in enumerate(stances):
            who = md(pack.stance_who(stance))  # a reporter's summary says whose words they are
            cond = f" — *on condition: {md(stance.condition)}*" if stance.condition else ""
            st.markdown(f"**{who}**{cond}")
            citation(stance.citation, f"stance-{option.id}-{position}-{i}")

if option.prerequisites:
    st.subheader("Prerequisites")
    for i, pre in enumerate(option.prerequisites):
        st.markdown(f"- {md(pack.option(pre.option).name)}")
        citation(pre.citation, f"pre-{option.id}-{i}")
if option.figures:
    st.subheader("Figures the sources give")
    for i, fig in enumerate(option.figures):
        st.markdown(f"- **{md(fig.label)}**: {md(fig.value)}")
        citation(fig.citation, f"fig-{option.id}-{i}")

st.subheader("Scores")
st.caption("cited = backed by the quotes shown; judgment = an editorial estimate you may override on Weigh & rank. "
           "For a cost criterion (↓) a higher value is worse. ◆ = changed by a condition or an override.")
rows = []
# "was": the score before conditions and overrides, i.e. the chosen assessment's where it has one
before = engine.matrix_from_pack(pack, assessment=matrix.assessment) if matrix.assessment else None
for j, criterion in enumerate(pack.criteria):
    col = matrix.criterion_ids.index(criterion.id)
    was = float(before.values[row, col]) if before is not None else option.scores[criterion.id].value
    value = float(matrix.values[row, col])
    changed = bool(matrix.changed[row, col])
    rows.append({
        "Criterion": f"{criterion.name} {'↑' if criterion.direction == 'benefit' else '↓'}",
        "Score": f"{value:g}" + (f" ◆ (was {was:g})" if changed else ""),
        "Range": f"{matrix.low[row, col]:g}–{matrix.high[row, col]:g}",
        "Basis": matrix.basis[row, col],
        "Rationale": matrix.rationale[row, col],
    })
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
held = next((a for a in pack.assessments if a.id == matrix.assessment), None)
held_cells = held.cells.get(option.id, {}) if held is not None else {}
for cid, score in option.scores.items():
    # Under an assessment, the quotes behind the score in the table: the assessment's where it has the cell
    own = held_cells.get(cid)
    if own is not None:
        with st.container():
            st.caption(md(f"Citations for {pack.criterion(cid).name} ({held.name})" if own.citations else
                          f"{pack.criterion(cid).name}: {held.name} gives a judgment, with no quotes"))
            citations(own.citations, f"score-{option.id}-{cid}")
    elif score.citations:
        with st.container():
            st.caption(f"Citations for {md(pack.criterion(cid).name)}")
            citations(score.citations, f"score-{option.id}-{cid}")
# ◆ for what conditions and overrides changed; the assessment's own cells of this option, without it
for note in matrix.notes:
    if note.startswith("Scores: "):
        continue
    if option.name in note or option.id in note:
        st.markdown(f"◆ {md(note)}")
if held_cells:
    st.markdown(md(f"{held.name}: " + "; ".join(
        f"{pack.criterion(cid).name} {option.scores[cid].value:g} → {cell.value:g}"
        for cid, cell in held_cells.items()) + " (the editors' scores → this assessment's)."))
assessments.option_differences(pack, option.id)
