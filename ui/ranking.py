"""The ranking as an ordered list in a polite live region (a screen reader hears each change),
with ties marked and the movement since the last change."""

from __future__ import annotations

import html

import streamlit as st

import engine
from ui import plain


def movement(result: engine.RankingResult) -> dict[str, int]:
    """Places each option moved since the ranking last changed (positive = up).

    Places as the list numbers them: tied options share a place, so an option tied first before and
    first alone after has not moved, and one that went from 4th to a shared 12th went down 8."""
    places = {o: int(r) for o, r in zip(result.option_ids, result.ranks, strict=True)}
    if st.session_state.get("current_places") != places:
        st.session_state["previous_places"] = st.session_state.get("current_places")
        st.session_state["current_places"] = places
    previous = st.session_state.get("previous_places") or places
    return {o: previous[o] - place if o in previous else 0 for o, place in places.items()}


def bottom_line_html(text: str) -> str:
    """The bottom line, a polite status region: a screen reader reads it again when it changes."""
    return f'<p class="bottom-line" id="bottom-line" role="status" aria-live="polite">{html.escape(text)}</p>'


def ranking_html(result: engine.RankingResult, names: dict[str, str], moves: dict[str, int]) -> str:
    """The ranking as an ordered list in a polite live region; pack text is escaped.

    Tied options share a number (``<li value>``) and say "tied"; arrows are hidden from screen
    readers, which hear "up 2" instead.
    """
    items = []
    for item in plain.ranking_items(result, names, moves):
        moved = item["moved"]
        arrow = ""
        if moved:
            symbol, word = ("▲", "up") if moved > 0 else ("▼", "down")
            arrow = (f' <span aria-hidden="true" class="move">{symbol}{abs(moved)}</span>'
                     f'<span class="sr-only">, {word} {abs(moved)}</span>')
        tied = ' <span class="tied">(tied)</span>' if item["tied"] else ""
        items.append(f'<li value="{item["rank"]}"><span class="name">{html.escape(item["name"])}</span> — '
                     f'{item["score"]:.3f}{tied}{arrow}</li>')
    return (
        '<div class="ladder-ranking" role="region" aria-label="Ranking" aria-live="polite">'
        f'<ol class="ranking-list" id="ranking-list">{"".join(items)}</ol></div>'
    )
