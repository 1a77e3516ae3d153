"""Sources: each text's metadata, its numbered notes, and every quote the pack takes from it."""

from __future__ import annotations

import json
import re
import os
from collections import defaultdict

import streamlit as st

from schema import Pack
from schema import walk_citations
from ui import assessments, session
from ui.text import md

pack = session.current_pack()
st.title("Sources")
if session.pack_key() == "bundled" and not os.environ.get("LADDER_PACK"):  # the project's tests check its quotes
    st.caption("Every quote in the pack is copied verbatim from these texts. Empty fields are unknown: the texts do "
               "not say, and the pack does not guess.")
else:  # an uploaded pack, or another pack served with LADDER_PACK
    st.caption("The sources this pack cites. The app cannot check its quotes against the texts: its authors "
               "vouch for them.")


def _where(pack: Pack, item, path: tuple) -> str:
    """Where in the pack a citation sits, in words: "risk: …", "what the sources say", "effect on …"."""
    head = path[0] if path else ""
    if head == "scores":
        return f"score on {pack.criterion(path[1]).name}"
    if head == "risks":
        return f"risk: {item.risks[path[1]].title}"
    if head == "stances":
        stance = item.stances[path[1]]
        return f"stance of {stance.actor} ({stance.position})"
    if head == "sources_say":
        return "what the sources say"
    if head == "figures":
        return f"figure: {item.figures[path[1]].label}"
    if head == "prerequisites":
        return f"prerequisite: {pack.option(item.prerequisites[path[1]].option).name} first"
    if head == "effects":
        effect = item.effects[path[1]]
        return f"effect on {pack.option(effect.option).name} ({pack.criterion(effect.criterion).name})"
    if head == "derived_from":
        return "why the lens weighs as it does"
    if head == "cells":
        return f"score of {pack.option(path[1]).name} on {pack.criterion(path[2]).name}"
    if head == "citations":
        return "description"
    return "citation"


@st.cache_data(show_spinner=False)
def _uses(key: str, _pack: Pack) -> dict[str, list[tuple[str, str]]]:
    """source id -> (where it is used, quote), for every citation in the pack."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for option in _pack.ladder:
        for path, cite in walk_citations(option):
            out[cite.source].append((f"{option.name} — {_where(_pack, option, path)}", cite.quote))
    for kind, items in (("context", _pack.contexts), ("lens", _pack.lenses), ("inject", _pack.injects)):
        for item in items:
            label = getattr(item, "name", None) or getattr(item, "title", "")
            for path, cite in walk_citations(item):
                out[cite.source].append((f"{kind}: {label} — {_where(_pack, item, path)}", cite.quote))
    for assessment in getattr(_pack, "assessments", None) or []:
        for path, cite in walk_citations(assessment):
            out[cite.source].append((f"{assessment.name}: {_where(_pack, assessment, path)}", cite.quote))
    return dict(out)


def _link(url: str) -> str:
    """A source's own address as a link (text elsewhere never becomes one): web addresses only."""
    if re.fullmatch(r"https?://[^\s<>()\[\]\\]+", url or ""):
        return f"[{md(url)}](<{url}>)"
    return md(url) if url else "—"


uses = _uses(session.pack_key(), pack)
focus = st.query_params.get("source")
ids = [s.id for s in pack.sources]
if focus in ids:
    st.info(f"Showing the source a citation links to: {md(next(s.title for s in pack.sources if s.id == focus))}")
elif focus:
    st.warning(f"No source has the id “{md(focus)}” in this case pack: every source it has is below.")
for source in pack.sources:
    st.header(md(source.title), anchor=source.id)
    meta = [("id", source.id), ("publisher", source.publisher), ("authors", ", ".join(source.authors)),
            ("date", source.date), ("url", source.url)]
    st.markdown("  \n".join(f"**{k}:** {_link(v) if k == 'url' else md(v) if v else '—'}" for k, v in meta))
    if source.description:
        st.markdown(md(source.description))
    quotes = uses.get(source.id, [])
    with st.expander(f"{len(quotes)} {'quote' if len(quotes) == 1 else 'quotes'} the pack uses",
                     expanded=source.id == focus):
        for where, quote in quotes:
            st.markdown(f"> “{md(quote)}”  \n— *{md(where)}*")
    if source.notes:
        with st.expander(f"The source's {len(source.notes)} numbered notes"):
            st.markdown("\n".join(f"{n.number}. {md(n.text)}" for n in source.notes))

if focus in ids:  # a citation's link: bring that source into view once the page has settled
    st.html("<script>(function(){const id=" + json.dumps(focus) + ";"
            "const go=()=>{const el=document.getElementById(id);if(el){el.scrollIntoView({block:'start'});}};"
            "[150,600,1200,2000].forEach(t=>setTimeout(go,t));})();</script>",
            unsafe_allow_javascript=True, width="content")

assessments.balance_section(pack, session.pack_key())
