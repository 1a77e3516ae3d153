"""The ranking as an ordered list in a polite live region (a screen reader hears each change),
with ties marked and the movement since the last change."""

from __future__ import annotations

import html

import streamlit as st

import engine
from ui import plain
from ui.text import isolated


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
    """The bottom line. A screen reader hears it when it changes through the page's one lasting status region
    (``ui.style``): Streamlit replaces this element on every rerun, and a live region that arrives already
    holding its words is often not read out."""
    return f'<p class="bottom-line" id="bottom-line">{html.escape(text)}</p>'


def score_texts(scores: list[float], places: list[int], digits: int = 3, most: int = 6) -> list[str]:
    """Scores to ``digits`` decimals, with more (up to ``most``) for two neighbours in different places
    whose scores would otherwise read the same: a student must not see a tie the list then ranks."""
    wanted = [digits] * len(scores)
    for k in range(len(scores) - 1):
        if places[k] == places[k + 1]:
            continue
        d = digits
        while d < most and f"{scores[k]:.{d}f}" == f"{scores[k + 1]:.{d}f}":
            d += 1
        wanted[k], wanted[k + 1] = max(wanted[k], d), max(wanted[k + 1], d)
    return [f"{s:.{d}f}" for s, d in zip(scores, wanted, strict=True)]


def ranking_html(result: engine.RankingResult, names: dict[str, str], moves: dict[str, int]) -> str:
    """The ranking as an ordered list in a polite live region; pack text is escaped.

    Tied options share a number (``<li value>``) and say "tied"; arrows are hidden from screen
    readers, which hear "up 2" instead.
    """
    items = []
    listed = plain.ranking_items(result, names, moves)
    shown = score_texts([item["score"] for item in listed], [item["rank"] for item in listed])
    for item, score in zip(listed, shown, strict=True):
        moved = item["moved"]
        arrow = ""
        if moved:
            symbol, word = ("▲", "up") if moved > 0 else ("▼", "down")
            arrow = (f' <span aria-hidden="true" class="move">{symbol}{abs(moved)}</span>'
                     f'<span class="sr-only">, {word} {abs(moved)}</span>')
        tied = ' <span class="tied">(tied)</span>' if item["tied"] else ""
        items.append(f'<li value="{item["rank"]}"><span class="name">{html.escape(isolated(item["name"]))}</span> — '
                     f'{score}{tied}{arrow}</li>')
    return (
        '<div class="ladder-ranking" role="region" aria-label="Ranking">'
        f'<ol class="ranking-list" id="ranking-list">{"".join(items)}</ol></div>'
    )
