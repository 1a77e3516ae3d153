"""Citations shown on demand: the source's name and the quote's opening as a button, the exact quote and a
link to the source inside."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from schema import Citation
from ui.text import label, md

SOURCES_PAGE = "ui/app_pages/sources.py"


def _source(source_id: str):
    from ui import session  # session imports this module's users

    return next((s for s in session.current_pack().sources if s.id == source_id), None)


def source_name(source_id: str) -> str:
    """Who a reader knows the source as: its publisher, else its first author, else its title's opening."""
    from ui import session  # session imports this module's users

    return session.current_pack().source_name(source_id)


def citation(cite: Citation, key: str) -> None:
    """One citation: a small popover labelled with its source (first: a phone cuts the one line's end) and the
    quote's opening, holding the verbatim quote and a link to the source."""
    source = _source(cite.source)
    with st.popover(label(f"{source_name(cite.source)}: “{_short(cite.quote)}”"), key=key, type="tertiary"):
        st.markdown(f"> “{md(cite.quote)}”")
        if cite.note:
            st.caption(md(cite.note))
        st.page_link(SOURCES_PAGE, label=label(f"Source: {source.title if source else cite.source}"),
                     icon=":material/menu_book:", query_params={"source": cite.source})


def citations(cites: Sequence[Citation], key: str) -> None:
    for i, cite in enumerate(cites):
        citation(cite, f"{key}-{i}")


def _short(quote: str, words: int = 9) -> str:
    parts = quote.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
