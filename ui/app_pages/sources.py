"""Sources: each text's metadata, its numbered notes, and every quote the pack takes from it."""

from __future__ import annotations

import json
from collections import defaultdict

import streamlit as st

from schema import Pack
from schema import format_path, walk_citations
from ui import assessments, session
from ui.text import md

pack = session.current_pack()
st.title("Sources")
st.caption("Every quote in the pack is copied verbatim from these texts. Empty fields are unknown: the texts do "
           "not say, and the pack does not guess.")


@st.cache_data(show_spinner=False)
def _uses(key: str, _pack: Pack) -> dict[str, list[tuple[str, str]]]:
    """source id -> (where it is used, quote), for every citation in the pack."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for option in _pack.ladder:
        for path, cite in walk_citations(option):
            where = format_path(path)
            if path and path[0] == "scores":
                where = f"score on {_pack.criterion(path[1]).name}"
            out[cite.source].append((f"{option.name} — {where}", cite.quote))
    for kind, items in (("context", _pack.contexts), ("lens", _pack.lenses), ("inject", _pack.injects)):
        for item in items:
            label = getattr(item, "name", None) or getattr(item, "title", "")
            for path, cite in walk_citations(item):
                out[cite.source].append((f"{kind}: {label} — {format_path(path)}", cite.quote))
    return dict(out)


uses = _uses(session.pack_key(), pack)
focus = st.query_params.get("source")
ids = [s.id for s in pack.sources]
if focus in ids:
    st.info(f"Showing the source a citation links to: {md(focus)}")
for source in pack.sources:
    st.header(md(source.title), anchor=source.id)
    meta = [("id", source.id), ("publisher", source.publisher), ("authors", ", ".join(source.authors)),
            ("date", source.date), ("url", source.url)]
    st.markdown("  \n".join(f"**{k}:** {md(v) if v else '—'}" for k, v in meta))
    if source.description:
        st.markdown(md(source.description))
    quotes = uses.get(source.id, [])
    with st.expander(f"{len(quotes)} quotes the pack uses", expanded=source.id == focus):
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
