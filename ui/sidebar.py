"""Controls shared by every page, drawn once by the entrypoint: pack, method, contexts."""

from __future__ import annotations

import re

import streamlit as st

import engine
from schema import Pack
from ui import assessments, session
from ui.text import label, md


def _exclusive(pack: Pack, context_id: str) -> None:
    """Switching a context on switches off the others of its exclusive group."""
    if not st.session_state.get(session.context_key(context_id)):
        return
    group = next(c.exclusive_group for c in pack.contexts if c.id == context_id)
    if group:
        for other in pack.contexts:
            if other.id != context_id and other.exclusive_group == group:
                st.session_state[session.context_key(other.id)] = False


def unknown_in_link(key: str, labels: list[str], what: str, shown: str, fallback: object,
                    by_id: dict[str, str] | None = None, control: str = "", instead: str = "") -> None:
    """A link that names a choice the page lacks (a renamed assessment, a typo): Streamlit drops it from the
    link without a word, so say what the page shows instead (``fallback``), for as long as the reader stays on
    this page and has not chosen something else."""
    said = st.session_state.setdefault("_unknown_in_link", {})
    here = (st.context.url or "").split("?")[0]  # None outside a browser (AppTest)
    raw = st.query_params.get(key)
    if raw and raw in (by_id or {}):  # typed from the CLI or the README: the link holds the picker's label
        said[key] = (here, f"This link names the {what} by its id, “{raw}”: the page shows {instead}. Choose "
                           f"“{by_id[raw]}” under “{control}”; a link copied from the page names it that way.")
    elif raw and raw not in labels:
        said[key] = (here, f"This link asks for the {what} “{raw}”, which {shown}.")
    if key in said and st.session_state.get(key, fallback) not in (None, fallback):
        del said[key]  # the reader has chosen: the warning no longer describes the page
    if key in said:
        if said[key][0] == here:
            st.warning(md(said[key][1]))
        else:
            del said[key]


def other_pack_in_link(pack: Pack) -> None:
    """A link (or a reload) that names criteria or conditions this pack lacks was made with another pack,
    most often an uploaded one, which lasts only as long as the browser tab's session: say so."""
    criteria = {c.id for c in pack.criteria}
    contexts = {c.id for c in pack.contexts}
    unknown = [key.removeprefix("w_") for key in st.query_params if session.is_weight_key(key)
               and key.removeprefix("w_") not in criteria]
    unknown += [key.removeprefix("ctx_") for key in st.query_params if key.startswith("ctx_")
                and key.removeprefix("ctx_") not in contexts]
    if unknown:
        st.warning(md(f"This link was made with another case pack: it names {', '.join(sorted(unknown))}, which "
                      f"“{pack.info.title}” does not have. An uploaded pack lasts only while its browser tab is "
                      "open: upload it again on Your pack, then open the link again."))


def render(pack: Pack) -> None:
    other_pack_in_link(pack)
    unknown_in_link("method", list(session.METHODS.values()), "ranking method",
                    f"the app does not offer: the page shows the {session.METHODS['wsm'].lower()}", "wsm")
    if pack.assessments:
        unknown_in_link(assessments.KEY, assessments.labels(pack), "assessment",
                        "this pack does not have: the page shows the editors' scores", engine.EDITORS,
                        by_id={a.id: assessments.label(pack, a.id) for a in pack.assessments},
                        control="Whose assessment of the facts", instead="the editors' scores")
    with st.sidebar:
        st.caption("Case pack")
        st.markdown(f"**{md(pack.info.title)}**")
        if session.pack_key().startswith("room-"):
            st.caption("The case of the room you joined.")
        elif session.pack_key() != "bundled":
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
        conditions(pack)
        saved_scenarios()


def conditions(pack: Pack) -> None:
    """One toggle per context (condition), in the sidebar on every page, bound to the link."""
    if not pack.contexts:
        return
    st.markdown("**Conditions**")
    for context in pack.contexts:
        st.toggle(
            label(context.name),  # a label is Markdown: the pack's text shows as typed
            key=session.context_key(context.id),
            bind="query-params",
            persist_state="session",
            on_change=_exclusive,
            args=(pack, context.id),
        )


def _mirror_changed(pack: Pack, context_id: str) -> None:
    st.session_state[session.context_key(context_id)] = bool(st.session_state.get(_mirror_key(context_id)))
    _exclusive(pack, context_id)


def _mirror_key(context_id: str) -> str:
    return f"ctx_page_{context_id}"


def conditions_on_page(pack: Pack) -> None:
    """The same conditions on the page itself (a phone hides the sidebar in a drawer): each toggle
    mirrors the sidebar's, which stays the one bound to the link."""
    for context in pack.contexts:
        st.session_state[_mirror_key(context.id)] = bool(st.session_state.get(session.context_key(context.id)))
        st.toggle(label(context.name), key=_mirror_key(context.id), on_change=_mirror_changed, args=(pack, context.id))
        if context.description:
            st.caption(md(condition_caption(context.description)))


# A full stop after one of these ends an abbreviation, not a sentence ("under U.S. law", "by Reps. Crenshaw").
_ABBREVIATIONS = ("U.S.", "U.N.", "Rep.", "Reps.", "Sen.", "Sens.", "Gen.", "Adm.", "Dr.", "Mr.", "Ms.", "Mrs.",
                  "St.", "No.", "e.g.", "i.e.", "vs.", "etc.", "Jr.", "Sr.")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])")


def _sentences(text: str) -> list[str]:
    parts, current = [], ""
    for piece in _SENTENCE_END.split(text.strip()):
        current = f"{current} {piece}" if current else piece
        if not current.endswith(_ABBREVIATIONS):
            parts.append(current)
            current = ""
    if current:
        parts.append(current)
    return parts


def condition_caption(text: str, limit: int = 260) -> str:
    """The opening of a condition's description under its toggle: whole sentences, as many as fit in
    ``limit`` characters, and at least the first whole (cut at a word with " …" only past 400 characters)."""
    caption = ""
    for sentence in _sentences(text):
        longer = f"{caption} {sentence}" if caption else sentence
        if caption and len(longer) > limit:
            break
        caption = longer
    return caption if len(caption) <= 400 else caption[:398].rsplit(" ", 1)[0] + " …"  # one long first sentence: whole


def saved_scenarios() -> None:
    """The saved scenarios, kept in the link (so a reload or a copied link keeps them)."""
    with st.expander("Saved scenarios"):
        st.text_input("Saved scenarios, as kept in this page's link", key=session.SCENARIOS_LINK_KEY,
                      bind="query-params", persist_state="session")
        problem = session.sync_scenarios_from_link()
        if problem:
            st.warning(problem)
        saved = session.saved_scenarios()
        if saved:
            st.markdown("\n".join(f"- {md(name)}" for name in saved))
        else:
            st.caption("None yet: save one on Weigh & rank.")
