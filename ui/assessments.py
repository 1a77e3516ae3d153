"""Assessments in the app: the sidebar picker, the matrix order in Show your work, where the
sides' assessments of an option differ (Ladder page) and the balance report (Sources page).

The picker (`assessment`) is keyed and bound to the URL like the weights and conditions, so a
copied link reproduces the same scores. Its value is an assessment id, or ``engine.EDITORS``
for the editors' scores.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import engine
from schema import Pack
from ui.citations import citations
from ui.text import md

KEY = "assessment"


def label(pack: Pack, value: str) -> str:
    if value == engine.EDITORS:
        return "The editors' scores"
    return next((f"{a.name} ({a.holder})" for a in pack.assessments if a.id == value), value)


def labels(pack: Pack) -> list[str]:
    """The picker's choices as the page and its link show them."""
    return [label(pack, v) for v in (engine.EDITORS, *(a.id for a in pack.assessments))]


def render_picker(pack: Pack) -> None:
    """The sidebar's assessment picker, beside the conditions (nothing when the pack has none)."""
    if not pack.assessments:
        return
    options = [engine.EDITORS, *(a.id for a in pack.assessments)]
    if st.session_state.get(KEY) not in options:
        st.session_state.pop(KEY, None)  # an id of another pack, or a mistyped link
    st.selectbox(
        "Whose assessment of the facts",
        options,
        format_func=lambda v: label(pack, v),
        key=KEY,
        bind="query-params",
        persist_state="session",
        help="Each side's own scores for what the options would do. Cells an assessment leaves out keep "
        "the editors' scores. Order: editors' scores → assessment → conditions → your overrides.",
    )


PAGE_KEY = "assessment_page"


def _page_changed() -> None:
    st.session_state[KEY] = st.session_state[PAGE_KEY]


def picker_on_page(pack: Pack) -> None:
    """The same picker on the page itself (a phone hides the sidebar in a drawer); it mirrors the
    sidebar's, which stays the one bound to the link."""
    if not pack.assessments:
        return
    options = [engine.EDITORS, *(a.id for a in pack.assessments)]
    st.session_state[PAGE_KEY] = st.session_state.get(KEY) if st.session_state.get(KEY) in options else engine.EDITORS
    st.selectbox("Whose assessment of the facts", options, format_func=lambda v: label(pack, v), key=PAGE_KEY,
                 on_change=_page_changed, help="The same choice as in the sidebar: each side's own scores for what "
                 "the options would do.")


def current(pack: Pack) -> str | None:
    """The chosen assessment id, or None for the editors' scores."""
    value = st.session_state.get(KEY)
    return value if value in {a.id for a in pack.assessments} else None


def show_order(pack: Pack, matrix: engine.DecisionMatrix) -> None:
    """Show your work: the order the matrix is built in, and what the assessment replaced."""
    name = label(pack, matrix.assessment) if matrix.assessment else "none (the editors' scores)"
    st.markdown(md(f"Scores are built in this order: {engine.MATRIX_ORDER}. Assessment in use: {name}."))
    for note in matrix.notes:
        if note.startswith("Scores: "):
            st.caption(md(note))


def option_differences(pack: Pack, option_id: str) -> None:
    """Ladder page: per criterion where the sides' assessments of this option differ, each side's
    value, basis and rationale, and the quotes behind each side's cell."""
    if not pack.assessments:
        return
    frame = engine.assessment_differences(pack, option_id)
    st.subheader("Where the assessments differ")
    if frame.empty:
        st.caption("Every assessment in the pack gives this option the editors' scores.")
        return
    names = {c.id: c.name for c in pack.criteria}
    table = pd.DataFrame({
        "Criterion": [names[c] for c in frame["criterion"]],
        "Whose": list(frame["side_name"]),
        "Score": [f"{v:g}" + (f" ({lo:g}–{hi:g})" if lo < hi else "") for v, lo, hi in
                  zip(frame["value"], frame["low"], frame["high"], strict=True)],
        "Basis": list(frame["basis"]),
        "Rationale": list(frame["rationale"]),
    })
    st.dataframe(table, hide_index=True, width="stretch", key=f"assess-diff-{option_id}")
    lookup = {}
    for a in pack.assessments:
        for c, score in a.cells.get(option_id, {}).items():
            lookup[(a.id, c)] = score
    option = pack.option(option_id)
    for criterion_id, rows in frame.groupby("criterion", sort=False):
        with st.expander(f"Quotes behind each side's score on {md(names[criterion_id])}"):
            for row in rows.itertuples():
                score = (option.scores[criterion_id] if row.side == engine.EDITORS
                         else lookup[(row.side, criterion_id)])
                st.caption(md(f"{row.side_name}: the quotes behind its score on {names[criterion_id]}"
                              + ("" if score.citations else ": none (a judgment)")))
                citations(score.citations, f"assess-{option_id}-{row.side}-{criterion_id}")


@st.cache_data(show_spinner=False, max_entries=8)
def _balance(key: str, _pack: Pack) -> Any:
    return engine.balance_report(_pack)


def balance_section(pack: Pack, key: str) -> None:
    """Sources page: the balance report, so a lopsided pack shows before a room sees it."""
    report = _balance(key, pack)
    titles = {source.id: source.title for source in pack.sources}
    st.subheader("Balance of the pack", anchor="balance")
    st.caption("Counts, not judgments: sides follow the lenses' stance actors; actors no lens names are "
               "'not tied to a lens'. A figure counts for the side whose stances quote its source.")
    for title, frame in (
        ("Stances by side", report.stances),
        ("Quotes per source", report.quotes.set_index("title").rename_axis("Source")),  # titles, not ids
        ("Figures per side and source", report.figures.reset_index().assign(
            source=lambda f: [titles.get(x, x) for x in f["source"]])),
        ("Risks and cited strengths per option", report.options.set_index("name")),
        ("Context effects: better or worse for the option", report.contexts.set_index("name")),
        ("Options that cannot lead, or are dominated", report.never_lead.set_index("name")),
    ):
        st.markdown(f"**{md(title)}**")
        if title.startswith("Options that cannot lead"):
            st.caption("An option is listed when neither the editors' scores nor any assessment gives it a "
                       "weighting under which it comes strictly first, or when another option is at least as good "
                       "on every criterion with the editors' scores. 'Can lead with' names the scores under which "
                       "some weighting puts it strictly first.")
        if frame.empty:
            st.caption("None.")
        elif title.startswith("Options that cannot lead"):
            # A few rows of long names: a static table wraps them, where a data grid put 'dominated by' out of view
            # to the right once an assessment's name grew (an exploratory run of 2026-11-29).
            st.table(frame)
        else:
            st.dataframe(frame, width="stretch", key=f"balance-{title}", hide_index=title.startswith("Figures"))
