"""The ranking as text (readable by a screen reader), with movement since the last change."""

from __future__ import annotations

import streamlit as st

import engine
from schema import Pack
from ui.text import md


def movement(order: list[str]) -> dict[str, int]:
    """Places each option moved since the order last changed (positive = up)."""
    current = st.session_state.get("current_order")
    if current != order:
        st.session_state["previous_order"] = current
        st.session_state["current_order"] = order
    previous = st.session_state.get("previous_order") or order
    return {o: previous.index(o) - order.index(o) if o in previous else 0 for o in order}


def ranking_text(pack: Pack, result: engine.RankingResult, moves: dict[str, int]) -> str:
    names = {o.id: o.name for o in pack.options}
    lines = []
    for option_id in result.order:
        i = result.option_ids.index(option_id)
        move = moves.get(option_id, 0)
        arrow = f" ▲{move}" if move > 0 else f" ▼{-move}" if move < 0 else ""
        lines.append(f"{int(result.ranks[i])}\\. {md(names[option_id])} — {result.scores[i]:.3f}{arrow}")
    return "  \n".join(lines)
