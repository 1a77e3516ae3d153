"""Shared pieces of the seminar pages: the store, a room's pack, the group analysis of a round."""

from __future__ import annotations

import gc
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import engine
import seminar
from schema import Pack, load_pack_bytes
from ui import session
from ui.text import md


@st.cache_resource(show_spinner=False)
def store() -> seminar.RoomStore:
    """One store per server process: it holds a connection pool, no room data."""
    opened = seminar.open_store()
    # The heavy imports are done by now: keep their objects out of every later garbage
    # collection, which otherwise pauses a busy room's server for hundreds of milliseconds.
    gc.freeze()
    return opened


def room_pack(pack_ref: str) -> Pack:
    """The pack a room runs on: the bundled one, or an uploaded one kept in the store by hash."""
    if pack_ref == seminar.BUNDLED_PACK:
        return session.bundled_pack()
    return _uploaded_room_pack(pack_ref)


@st.cache_data(show_spinner=False, max_entries=32)
def _uploaded_room_pack(pack_ref: str) -> Pack:
    return load_pack_bytes("room-pack.json", store().load_pack_json(pack_ref).encode("utf-8"))


def pack_ref_for(pack: Pack) -> str:
    """Keep the session's pack in the store (unless it is the bundled one); return its ref."""
    if session.pack_key() == "bundled":
        return seminar.BUNDLED_PACK
    return store().save_pack(pack.model_dump_json())


@dataclass(frozen=True)
class RoundAnalysis:
    """The group's result for one round."""

    participants: int
    group_weights: dict[str, float]
    ranking: pd.DataFrame  # group_ranking: name, score, rank, borda_points, borda_rank
    spread: pd.DataFrame  # per criterion: mean, std, min, max, iqr
    kendall_w: float | None
    first_choices: pd.DataFrame  # name, votes, share
    top_share: float  # share of participants whose own first choice is the group's top option
    flips: list[str]  # what would change the group's top option


@st.cache_data(show_spinner=False, max_entries=256)
def analyse_round(pack_ref: str, _pack: Pack, contexts: tuple[str, ...], method: str,
                  weights: list[dict[str, float]]) -> RoundAnalysis | None:
    """Aggregate a round's latest submissions; None when nobody has submitted yet.

    Cached on its inputs: the dashboard polls every second and most polls find nothing new.
    """
    pack = _pack
    if not weights:
        return None
    criteria = [c.id for c in pack.criteria]
    matrix = engine.matrix_from_pack(pack, contexts=contexts)
    group = engine.aggregate_weights(weights, criteria)
    ranking = engine.group_ranking(matrix, weights, method=method)
    individual = [engine.rank(matrix, w, method=method) for w in weights]
    w_stat = engine.kendall_w([r.ranks for r in individual]) if len(weights) > 1 else None
    firsts = engine.first_choice_distribution(matrix, weights, method=method)
    top = ranking.index[0]
    top_share = float(firsts.loc[top, "share"]) if top in firsts.index else 0.0
    return RoundAnalysis(
        participants=len(weights),
        group_weights=group,
        ranking=ranking,
        spread=engine.weight_spread(weights, criteria),
        kendall_w=w_stat,
        first_choices=firsts[firsts["votes"] > 0],
        top_share=top_share,
        flips=engine.flip_sentences(matrix, group, method=method),
    )


def round_header(rnd: seminar.RoundInfo, context_names: dict[str, str]) -> None:
    """A round's number and state, its inject and the conditions it puts in force."""
    state = "open" if rnd.is_open else "closed"
    st.subheader(f"Round {rnd.number} ({state}): {md(rnd.inject_title or 'no inject')}")
    if rnd.inject_text:
        st.markdown(md(rnd.inject_text))
    st.caption("Conditions in force: " + (md(", ".join(context_names.get(c, c) for c in rnd.contexts)) or "none"))
