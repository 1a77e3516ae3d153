"""A team's own scores: edit any cell; overridden cells are marked everywhere and listed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import engine
from schema import Pack
from ui.text import md


def _frame(pack: Pack, matrix: engine.DecisionMatrix) -> pd.DataFrame:
    frame = pd.DataFrame(matrix.values, columns=list(matrix.criterion_ids))
    frame.insert(0, "option", list(matrix.option_names))
    return frame


def _commit(option_ids: list[str]) -> None:
    state = st.session_state.get("override_editor") or {}
    current = dict(st.session_state.get("overrides", {}))
    for row, changes in state.get("edited_rows", {}).items():
        option_id = option_ids[int(row)]  # rows are in the matrix's option order
        for criterion_id, value in changes.items():
            if value is None:
                continue
            current[(option_id, criterion_id)] = float(value)
    st.session_state["overrides"] = current


def editor(pack: Pack, matrix: engine.DecisionMatrix) -> None:
    st.markdown("Change any score to your team's own estimate. Values must stay on the criterion's scale. "
                "Overrides are kept apart from the pack, listed below, and marked ◆.")
    before = _frame(pack, matrix)
    config = {"option": st.column_config.TextColumn("Option", disabled=True, width="large")}
    for c in pack.criteria:
        config[c.id] = st.column_config.NumberColumn(c.name, min_value=c.scale.min, max_value=c.scale.max,
                                                     step=0.5, help=c.definition)
    st.data_editor(before, key="override_editor", hide_index=True, width="stretch", column_config=config,
                   disabled=["option"], on_change=_commit, args=(list(matrix.option_ids),))


def _clear(key: tuple[str, str] | None) -> None:
    current = dict(st.session_state.get("overrides", {}))
    if key is None:
        current = {}
    else:
        current.pop(key, None)
    st.session_state["overrides"] = current
    st.session_state.pop("override_editor", None)


def listing(pack: Pack) -> None:
    current = st.session_state.get("overrides", {})
    if not current:
        return
    with st.container(border=True):
        st.markdown(f"**Your overrides ({len(current)})** — marked ◆ in every chart and table")
        for i, ((oid, cid), value) in enumerate(sorted(current.items())):
            base = pack.option(oid).scores[cid]
            cols = st.columns([5, 1])
            cols[0].markdown(f"◆ {md(pack.option(oid).name)} · {md(pack.criterion(cid).name)}: "
                             f"{value:g} (pack: {base.value:g}, {base.basis})")
            cols[1].button("Undo", key=f"undo_override_{i}", on_click=_clear, args=((oid, cid),))
        st.button("Clear all overrides", on_click=_clear, args=(None,))
