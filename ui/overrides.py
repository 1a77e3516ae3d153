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
    names = {c.id: c.name for c in pack.criteria}
    frame["changed"] = ["◆ " + ", ".join(names[c] for j, c in enumerate(matrix.criterion_ids) if matrix.changed[i, j])
                        if matrix.changed[i].any() else "" for i in range(len(matrix.option_ids))]
    return frame


def apply_edits(pack: Pack, option_ids: list[str], edited_rows: dict, current: dict) -> tuple[dict, list[str]]:
    """The overrides after the editor's edits, and a sentence for each edit refused (off the scale,
    not a number). Nothing is dropped without a word."""
    result = dict(current)
    refused: list[str] = []
    for row, changes in edited_rows.items():
        option_id = option_ids[int(row)]  # rows are in the matrix's option order
        for criterion_id, value in changes.items():
            if value is None or criterion_id not in {c.id for c in pack.criteria}:
                continue
            criterion = pack.criterion(criterion_id)
            where = f"{pack.option(option_id).name} · {criterion.name}"
            try:
                number = float(value)
            except (TypeError, ValueError):
                refused.append(f"{where}: {value!r} is not a number; not applied.")
                continue
            if not (criterion.scale.min <= number <= criterion.scale.max):
                refused.append(f"{where}: {number:g} is outside the scale {criterion.scale.min:g}–"
                               f"{criterion.scale.max:g}; not applied.")
                continue
            result[(option_id, criterion_id)] = number
    return result, refused


def _commit(pack: Pack, option_ids: list[str]) -> None:
    state = st.session_state.get("override_editor") or {}
    current, refused = apply_edits(pack, option_ids, state.get("edited_rows", {}),
                                   dict(st.session_state.get("overrides", {})))
    st.session_state["overrides"] = current
    st.session_state["override_refused"] = refused


def editor(pack: Pack, matrix: engine.DecisionMatrix) -> None:
    st.markdown("Change any score to your team's own estimate. Values must stay on the criterion's scale. "
                "Overrides are kept apart from the pack, listed below, and marked ◆.")
    for message in st.session_state.get("override_refused", []):
        st.error(md(message))
    before = _frame(pack, matrix)
    config = {"option": st.column_config.TextColumn("Option", disabled=True, width="medium", pinned=True),
              "changed": st.column_config.TextColumn("◆ changed", disabled=True, width="medium")}
    for c in pack.criteria:
        config[c.id] = st.column_config.NumberColumn(c.name, step=0.5, width="small",
                                                     help=f"{c.definition} Scale {c.scale.min:g}–{c.scale.max:g}.")
    st.data_editor(before, key="override_editor", hide_index=True, width="stretch", column_config=config,
                   disabled=["option", "changed"], on_change=_commit, args=(pack, list(matrix.option_ids)))


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
