"""Controls shared by every page, drawn once by the entrypoint: pack, method, contexts."""

from __future__ import annotations

import streamlit as st

from schema import Pack
from ui import assessments, session
from ui.text import md


def _exclusive(pack: Pack, context_id: str) -> None:
    """Switching a context on switches off the others of its exclusive group."""
    if not st.session_state.get(session.context_key(context_id)):
        return
    group = next(c.exclusive_group for c in pack.contexts if c.id == context_id)
    if group:
        for other in pack.contexts:
            if other.id != context_id and other.exclusive_group == group:
                st.session_state[session.context_key(other.id)] = False


def render(pack: Pack) -> None:
    with st.sidebar:
        st.caption("Case pack")
        st.markdown(f"**{md(pack.info.title)}**")
        if session.pack_key() != "bundled":
            st.caption("Uploaded for this browser session only.")
        st.selectbox(
            "Ranking method",
            list(session.METHODS),
            format_func=session.METHODS.__getitem__,
            key="method",
            bind="query-params",
            persist_state="session",
            help="Weighted sum is the default: adding or removing an option never reorders the others.",
        )
        assessments.render_picker(pack)
        if pack.contexts:
            st.caption("Conditions (contexts)")
            for context in pack.contexts:
                st.toggle(
                    context.name,
                    key=session.context_key(context.id),
                    bind="query-params",
                    persist_state="session",
                    help=context.description or None,
                    on_change=_exclusive,
                    args=(pack, context.id),
                )
