"""Citations shown on demand: the source id as a button, the exact quote and a link inside."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from schema import Citation
from ui.text import label, md

SOURCES_PAGE = "ui/app_pages/sources.py"


def citation(cite: Citation, key: str) -> None:
    """One citation: a small popover labelled with its source, holding the verbatim quote."""
    with st.popover(label(f"“{_short(cite.quote)}” — {cite.source}"), key=key, type="tertiary"):
        st.markdown(f"> “{md(cite.quote)}”")
        if cite.note:
            st.caption(md(cite.note))
        st.page_link(SOURCES_PAGE, label=f"Source: {cite.source}", icon=":material/menu_book:",
                     query_params={"source": cite.source})


def citations(cites: Sequence[Citation], key: str) -> None:
    for i, cite in enumerate(cites):
        citation(cite, f"{key}-{i}")


def _short(quote: str, words: int = 9) -> str:
    parts = quote.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
