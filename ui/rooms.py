"""Shared pieces of the seminar pages: the store, a room's pack, the group analysis of a round."""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import numpy as np
import pandas as pd
import streamlit as st

import engine
import seminar
from schema import Pack
from ui import session
from ui.text import isolated, md


PUBLIC_URL_ENV = "LADDER_PUBLIC_URL"
FACILITATOR_COOKIE = "ladder_facilitator"
PARTICIPANT_COOKIE = "ladder_participant"
SCREEN_COOKIE = "ladder_screen"  # read-only projector token: kept so a reload shows the link again
COOKIE_MAX_AGE = 2 * 24 * 3600  # a seminar day and the day after (for the report)
FAVICON = Path(__file__).parent / "favicon.png"  # bundled: no icon font from an outside host


# One facilitator and one projector per room: they poll the room's change counter (one indexed read)
# four times a second and read the full view only when it moved (issue 13: submission -> screen <= 500 ms).
DASHBOARD_POLL_SECONDS = 0.25
SLOW_PANEL_SECONDS = 2
SLOW_PANEL_LARGE_ROOM_SECONDS = 5
PARTICIPANT_POLL_SECONDS = 3
#: The dashboard lists everyone by name in a room up to this size; in a larger one only those still to
#: submit, once they are this few (a list of 300 names redrawn on every change is slow and unreadable).
NAMES_LISTED_UP_TO = 40
#: A participant's poll costs the server about 9 ms of one core (Streamlit's own fragment run and its
#: messages, bench/bench_room.py), so a room polls at most this many times a second in all: the poll
#: interval grows with the room (300 participants: every 7.5 s) so the server keeps up.
ROOM_POLLS_PER_SECOND = 40
PARTICIPANT_POLL_MAX_SECONDS = 8
#: After a reveal, a late submission redraws participants' group result at most this often.
REVEALED_REFRESH_SECONDS = 10
#: A room's pulse is read from the database at most this often per server, for all its participants.
PULSE_MAX_AGE_SECONDS = 0.5
ROOM_STATE_WORDS = {"open": "open", "locked": "locked (no new joins)", "closed": "closed"}
FAULT_MESSAGE = ("The room's database is not answering just now. Nothing you saw is lost; this page tries "
                 "again by itself. If it lasts, tell the person running the server.")
try:  # the database faults a page can meet (connection lost, disk full, corruption): shown kindly
    from sqlalchemy.exc import SQLAlchemyError as _SQLAlchemyError

    STORE_FAULTS: tuple[type[BaseException], ...] = (_SQLAlchemyError, OSError)
except ImportError:  # pragma: no cover
    STORE_FAULTS = (OSError,)
STORE_FAULTS = (*STORE_FAULTS, seminar.StoreUnavailable)


def store_fault_stop() -> None:
    """The store failed while a page was drawing: say so kindly, retry by itself, no traceback. What the person
    just pressed, if it too met the fault, is said first (the page drawing it stops before its place)."""
    pending = st.session_state.get("submit_msg")
    if pending and pending[0] == "error":
        st.error(md(pending[2]))
    if st.session_state.get("room_error"):
        st.error(md(st.session_state["room_error"]))
    st.warning(FAULT_MESSAGE)

    @st.fragment(run_every=3)
    def _retry() -> None:
        try:
            store().facilitator_view(0, "")
        except STORE_FAULTS:
            pass
        except seminar.RoomError:
            st.rerun(scope="app")  # the store answered (with "no such room"): draw the page again

    _retry()
    st.stop()


def public_base_url() -> str:
    """The address participants use: ``$LADDER_PUBLIC_URL`` (behind a proxy, a school's domain),
    else the address this browser reached the server at."""
    configured = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    if configured:
        return configured
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def join_url(join_code: str, pack_ref: str = "") -> str:
    """The join link (and QR code). ``pack_ref`` (the room's pack: a content hash, no secret) lets the
    join form offer that pack's roles before joining; the store still checks the role against the room."""
    return f"{public_base_url()}/join?code={quote(join_code)}" + (f"&pack={quote(pack_ref)}" if pack_ref else "")


def screen_url(screen_token: str, minutes: int = 0) -> str:
    """The projector link; ``minutes`` adds a countdown from each round's opening."""
    return f"{public_base_url()}/screen?s={quote(screen_token)}" + (f"&minutes={int(minutes)}" if minutes else "")


@st.cache_data(show_spinner=False, max_entries=64)
def qr_png(url: str, scale: int = 8) -> bytes:
    """A QR code of ``url`` as PNG bytes (segno: pure Python, no network)."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_alt(code: str) -> str:
    """The QR code's text alternative (axe-core's image-alt: an image needs one)."""
    return f"QR code that opens the join page for this room (join code {code})"


def room_page_setup(title: str) -> None:
    """Every room page: the bundled favicon (no outside font host), and no Referer sent anywhere."""
    st.set_page_config(page_title=title, page_icon=str(FAVICON), layout="wide")
    st.html("<script>if(!document.querySelector('meta[name=referrer]')){const m=document.createElement('meta');"
            "m.name='referrer';m.content='no-referrer';document.head.appendChild(m);}</script>",
            unsafe_allow_javascript=True, width="content")


def remember_in_browser(name: str, value: str) -> None:
    """Keep ``value`` in a first-party cookie (SameSite=Strict): never in the address bar or history.

    ``st.context.cookies`` reads it back when the page is loaded again (a reload, a restarted
    server), so a secret never travels in a URL.
    """
    st.html(f"<script>document.cookie={json.dumps(name)}+'='+{json.dumps(value)}+"
            f"'; path=/; max-age={COOKIE_MAX_AGE}; SameSite=Strict'+(location.protocol==='https:'?'; Secure':'');"
            "</script>", unsafe_allow_javascript=True, width="content")


def forget_in_browser(name: str) -> None:
    st.html(f"<script>document.cookie={json.dumps(name)}+'=; path=/; max-age=0; SameSite=Strict';</script>",
            unsafe_allow_javascript=True, width="content")


def cookie(name: str) -> str | None:
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) and value else None


def said(exc: BaseException) -> str:
    """The store's message as a sentence on the page: "display name: must not be empty" becomes
    "Display name: must not be empty." (the store's own words, which name the field and the fix)."""
    text = str(exc).strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def store() -> seminar.RoomStore:
    """One store per server process; a missing or unreachable database is said kindly (and how to fix it)."""
    try:
        return _store()
    except seminar.RoomError as exc:  # DatabaseMissing, StoreUnavailable: no traceback, say what to do
        st.error(md(said(exc)))
        st.stop()


store.clear = lambda: _store.clear()  # tests open a fresh store per database


@st.cache_resource(show_spinner=False)
def _store() -> seminar.RoomStore:
    """One store per server process: it holds a connection pool, no room data."""
    opened = seminar.open_store()
    # The heavy imports are done by now: keep their objects out of every later garbage
    # collection, which otherwise pauses a busy room's server for hundreds of milliseconds.
    gc.freeze()
    return opened


@st.cache_resource(show_spinner=False)
def _pulses() -> tuple[dict[int, tuple[float, tuple[tuple[str, ...], int, int]]], threading.Lock]:
    return {}, threading.Lock()


def room_pulse(room_id: int, fresh: bool = False) -> tuple[tuple[str, ...], int, int]:
    """The room's pulse (``RoomStore.room_pulse``), read from the database at most every half second
    for all the room's participants on this server: 300 participants polling every 3 s then cost two
    reads a second, not a hundred. ``fresh`` reads it now (a page's full run)."""
    pulses, lock = _pulses()
    now = time.monotonic()
    with lock:
        held = pulses.get(room_id)
    if not fresh and held is not None and now - held[0] < PULSE_MAX_AGE_SECONDS:
        return held[1]
    pulse = store().room_pulse(room_id)
    with lock:
        if len(pulses) > 4096:
            pulses.clear()
        pulses[room_id] = (now, pulse)
    return pulse


def participant_poll_seconds(participants: int) -> float:
    """How often a participant's page looks for a change: every 3 s in a room of up to 120, then
    slower as the room grows (at most every 8 s), so the room's polls stay near 40 a second."""
    return min(float(PARTICIPANT_POLL_MAX_SECONDS), max(float(PARTICIPANT_POLL_SECONDS),
                                                          participants / ROOM_POLLS_PER_SECOND))


def middle_half_word(mine: float, q1: float, q3: float, places: int = 3) -> str:
    """Where a participant's weight lies against the group's middle half, judged on the numbers as shown (to
    ``places`` decimals): "you 0.236; middle half 0.236–0.238" is within it, never below it."""
    shown, low, high = round(mine, places), round(q1, places), round(q3, places)
    if shown > high:
        return "above the middle half"
    if shown < low:
        return "below the middle half"
    return "within the middle half"


def room_pack(pack_ref: str) -> Pack:
    """The pack a room runs on: the bundled one, or an uploaded one kept in the store by hash
    (reloaded without the upload limits, which do not apply to data the store wrote itself)."""
    if pack_ref == seminar.BUNDLED_PACK:
        return session.bundled_pack()
    return store().load_pack(pack_ref)


def room_pack_or_stop(pack_ref: str, leave_label: str, on_leave: Callable[[], None], advice: str) -> Pack:
    """The room's pack, or, when it cannot be read (a pack stored by another version, say), what went wrong,
    what this reader can do (``advice``) and a button that leaves the room, so the page never ends in an error
    box that a reload brings back."""
    try:
        return room_pack(pack_ref)
    except STORE_FAULTS:
        store_fault_stop()
    except seminar.RoomError as exc:
        st.error(md(f"{said(exc)} {advice}"))
        st.button(leave_label, on_click=on_leave)
        st.stop()
    raise AssertionError("unreachable")  # store_fault_stop() and st.stop() end the run


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
    first_choices: list[tuple[str, int]]  # (option name, or "A and B (tied)", whole votes), most first
    top_votes: int  # participants whose own first choice is the group's top option alone
    flips: list[str]  # what would change the group's top option (only thresholds inside 0.01–0.99)
    individual_tops: tuple[tuple[str, ...], ...]  # each participant's first option(s), in input order
    assessment: str | None = None  # the group ranking's scores: the one every participant chose, else the editors'
    mixed: bool = False  # participants chose different assessments

    @property
    def top_ids(self) -> list[str]:
        """The group's first option, or the options tied for first."""
        return [oid for oid, row in self.ranking.iterrows() if int(row["rank"]) == 1]

    def top_label(self) -> str:
        """The group's first option by name; a tie is named as a tie."""
        return tied_label([str(self.ranking.loc[oid, "name"]) for oid in self.top_ids])


def tied_label(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" and {names[-1]} (tied)"


def _meaningful_flips(matrix: engine.DecisionMatrix, group: dict[str, float], method: str) -> list[str]:
    """What would flip the top, as sentences, leaving out thresholds that read 0.00 or 1.00.

    A crossing that reads the same as the current weight at two decimals is a knife-edge: it is
    called one and given with three decimals, so the sentence never says "from 0.08 to below 0.08".
    """
    table = engine.stability_intervals(matrix, group, method)
    found: list[tuple[float, str]] = []

    def sentence(by: str, top_name: str, criterion: str, weight: float, threshold: float, rises: bool) -> str:
        knife_edge = f"{weight:.2f}" == f"{threshold:.2f}"
        digits = 3 if knife_edge else 2
        move = "rose" if rises else "fell"
        side = "above" if rises else "below"
        text = (f"{matrix.option_name(by)} would overtake {top_name} if the weight on {criterion} {move} from "
                f"{weight:.{digits}f} to {side} {threshold:.{digits}f}")
        return f"A knife-edge: {text}" if knife_edge else text

    for row in table.itertuples(index=False):
        top_name = matrix.option_name(row.top)
        if isinstance(row.overtaken_above_by, str) and 0.005 <= row.top_high < 0.995:
            found.append((row.top_high - row.weight,
                          sentence(row.overtaken_above_by, top_name, row.name, row.weight, row.top_high, True)))
        if isinstance(row.overtaken_below_by, str) and 0.005 <= row.top_low < 0.995:
            found.append((row.weight - row.top_low,
                          sentence(row.overtaken_below_by, top_name, row.name, row.weight, row.top_low, False)))
    found.sort(key=lambda item: item[0])
    return [s for _, s in found]


def _weights_digest(weights: list) -> bytes | tuple:
    """The cache key of a round's weights (a list of dicts of numbers): a digest of their text.
    Streamlit's own hashing walks every number and took 23 ms for 300 participants, on every poll of
    the dashboard. Any other list is left to Streamlit's hashing (as a tuple)."""
    if all(type(entry) is dict for entry in weights):
        return hashlib.blake2b(repr(weights).encode(), digest_size=16).digest()
    return tuple(weights)


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs={list: _weights_digest})
def analyse_round(pack_ref: str, _pack: Pack, contexts: tuple[str, ...], method: str,
                  weights: list[dict[str, float]], assessment: str | None = None,
                  own_assessments: tuple[str | None, ...] | None = None) -> RoundAnalysis | None:
    """Aggregate a round's latest submissions; None when nobody has submitted yet.

    Cached on its inputs: the dashboard polls often and most polls find nothing new.
    """
    return analyse_weights(_pack, contexts, method, weights, assessment, own_assessments)


def round_matrix(pack: Pack, contexts: tuple[str, ...], assessment: str | None = None) -> engine.DecisionMatrix:
    """The decision matrix of a round: its conditions, and an assessment where one is chosen."""
    if assessment:
        return engine.matrix_from_pack(pack, contexts=contexts, assessment=assessment)
    return engine.matrix_from_pack(pack, contexts=contexts)


def analyse_weights(pack: Pack, contexts: tuple[str, ...], method: str, weights: list[dict[str, float]],
                    assessment: str | None = None,
                    own_assessments: Sequence[str | None] | None = None) -> RoundAnalysis | None:
    """The uncached analysis (pure: the report uses it without Streamlit).

    The group ranking uses ``assessment`` (None: the editors' scores). Each participant's own ranking (their
    first choice, and the agreement between rankings) uses the assessment they chose with their weights,
    ``own_assessments`` in the order of ``weights``, as their own page shows it."""
    if not weights:
        return None
    criteria = [c.id for c in pack.criteria]
    shared, mixed = shared_assessment(pack, own_assessments or ())
    if assessment is None:  # the whole room believes one side: rank the group with it
        assessment = shared
    matrix = round_matrix(pack, contexts, assessment)
    group = engine.aggregate_weights(weights, criteria)
    ranking = engine.group_ranking(matrix, weights, method=method)
    individual = _own_ranks(pack, contexts, method, weights, matrix, assessment, own_assessments)
    w_stat = engine.kendall_w(individual) if len(weights) > 1 else None
    tops = tuple(tuple(oid for oid, rank in zip(matrix.option_ids, row) if int(rank) == 1) for row in individual)
    names = dict(zip(matrix.option_ids, matrix.option_names))
    votes: dict[tuple[str, ...], int] = {}
    for top in tops:
        votes[top] = votes.get(top, 0) + 1
    order = {oid: k for k, oid in enumerate(ranking.index)}
    first_choices = [(tied_label([names[o] for o in top]), n) for top, n in
                     sorted(votes.items(), key=lambda kv: (-kv[1], min(order[o] for o in kv[0])))]
    group_top = tuple(oid for oid, row in ranking.iterrows() if int(row["rank"]) == 1)
    return RoundAnalysis(
        participants=len(weights),
        group_weights=group,
        ranking=ranking,
        spread=engine.weight_spread(weights, criteria),
        kendall_w=w_stat,
        first_choices=first_choices,
        top_votes=sum(1 for top in tops if top == group_top),
        flips=_meaningful_flips(matrix, group, method),
        individual_tops=tops,
        assessment=assessment,
        mixed=mixed,
    )


def shared_assessment(pack: Pack, chosen: Iterable[str | None]) -> tuple[str | None, bool]:
    """The assessment every participant chose (None: the editors' scores, or no one assessment), and whether
    they chose different ones."""
    known = {a.id for a in pack.assessments}
    distinct = {a if a in known else None for a in chosen}
    return (next(iter(distinct)) if len(distinct) == 1 else None), len(distinct) > 1


def group_scores_note(pack: Pack, result: RoundAnalysis | None = None, *, assessment: str | None = None,
                      mixed: bool = False, short: bool = False) -> str:
    """Whose scores the group ranking uses, in words (from a round's analysis, or given); ``short``: a few words
    for the projector."""
    if result is not None:
        assessment, mixed = result.assessment, result.mixed
    name = next((a.name for a in pack.assessments if a.id == assessment), None)
    if short:
        return "" if not pack.assessments else (f"scores: {name}" if name else "the editors' scores")
    if name is not None:
        return f"Scores: {name}, the assessment every participant chose."
    if mixed:
        return ("Scores: the editors' scores, since participants chose different ones; each participant's own "
                "first choice uses the assessment they chose.")
    return "Scores: the editors' scores." if pack.assessments else ""


def _own_ranks(pack: Pack, contexts: tuple[str, ...], method: str, weights: list[dict[str, float]],
               matrix: engine.DecisionMatrix, assessment: str | None,
               own_assessments: Sequence[str | None] | None) -> np.ndarray:
    """Every participant's ranks with their own assessment (one pass per assessment in use)."""
    known = {a.id for a in pack.assessments}
    own = [a if a in known else None for a in own_assessments] if own_assessments is not None else None
    if own is None or len(own) != len(weights) or all(a == assessment for a in own):
        return engine.individual_ranks(matrix, weights, method=method)  # one pass for the whole room
    ranks = np.zeros((len(weights), len(matrix.option_ids)), dtype=int)
    for side in dict.fromkeys(own):
        rows = [i for i, a in enumerate(own) if a == side]
        side_matrix = matrix if side == assessment else round_matrix(pack, contexts, side)
        ranks[rows] = engine.individual_ranks(side_matrix, [weights[i] for i in rows], method=method)
    return ranks


def round_header(rnd: seminar.RoundInfo, context_names: dict[str, str]) -> None:
    """A round's number and state, its inject and the conditions it puts in force."""
    state = "open" if rnd.is_open else "closed"
    st.subheader(f"Round {rnd.number} ({state}): {md(rnd.inject_title or 'no inject')}")
    if rnd.inject_text:
        st.markdown(md(rnd.inject_text))
    st.caption("Conditions in force: " + (md(", ".join(context_names.get(c, c) for c in rnd.contexts)) or "none"))


def ranking_lines(result: RoundAnalysis, limit: int | None = None) -> None:
    """The group ranking as numbered lines (names, not ids; tied options share a rank)."""
    rows = list(result.ranking.iterrows())[:limit]
    st.markdown("  \n".join(f"{int(row['rank'])}\\. {md(isolated(row['name']))} — {row['score']:.3f}" for _, row in rows))


def first_choice_text(result: RoundAnalysis) -> str:
    return "; ".join(f"{md(label)}: {votes}" for label, votes in result.first_choices)


def disagreement(result: RoundAnalysis, criterion_names: dict[str, str]) -> None:
    """Kendall's W, first choices in whole votes, the spread per criterion, what would flip the top."""
    st.markdown("**Disagreement**")
    lines = []
    if result.kendall_w is not None:
        lines.append(f"Agreement between participants' rankings (Kendall's W, 1 = identical): "
                     f"**{result.kendall_w:.2f}**")
    lines.append(f"{result.top_votes} of {result.participants} put the group's top option "
                 f"({md(result.top_label())}) first on their own")
    lines.append("First choices: " + first_choice_text(result))
    st.markdown("  \n".join(lines))
    # A text table (cheap to send four times a second, readable by screen readers), most disputed first.
    rows = [f"| {md(criterion_names.get(cid, cid))} | {row['mean']:.2f} | {row['std']:.2f} | "
            f"{row['min']:.2f}–{row['max']:.2f} |" for cid, row in
            result.spread.sort_values("std", ascending=False).iterrows()]
    st.markdown("| Criterion | Mean weight | Spread (SD) | Lowest–highest |\n|---|---|---|---|\n" + "\n".join(rows))
    if result.flips:
        st.markdown("What would flip the group's top option:  \n" + "  \n".join(md(s) for s in result.flips[:3]))


def convergence_frame(rounds: tuple[seminar.RoundInfo, ...], analyse) -> pd.DataFrame:
    """Kendall's W and the mean spread (SD) of the weights per round: is the room converging?"""
    rows = []
    for rnd in rounds:
        res = analyse(rnd)
        if res is None:
            continue
        rows.append({"round": rnd.number, "agreement (Kendall's W)": res.kendall_w,
                     "spread of weights (mean SD)": float(res.spread["std"].mean())})
    return pd.DataFrame(rows)


def convergence(rounds: tuple[seminar.RoundInfo, ...], analyse, option_names: dict[str, str]) -> None:
    """How the room moved across rounds: the group ranking (bump chart) and agreement and spread."""
    from ui import charts

    rows = []
    for k, past in enumerate(rounds):
        res = analyse(past)
        if res is None:
            continue
        for oid, row in res.ranking.iterrows():
            rows.append({"step": f"Round {past.number}", "step_order": k, "option": option_names.get(oid, oid),
                         "rank": int(row["rank"])})
    if not rows:
        return
    st.markdown("**How the group ranking moved, round by round**")
    st.altair_chart(charts.bump_chart(pd.DataFrame(rows), "Round"), width="stretch")
    frame = convergence_frame(rounds, analyse)
    if len(frame) > 1:
        st.markdown("**Convergence across rounds** (Delphi: agreement up and spread down means the room converges)")
        st.dataframe(frame.set_index("round"), width="stretch", column_config={  # 1.00 and 0.05, not 1 and 0.05
            name: st.column_config.NumberColumn(name, format="%.2f") for name in frame.columns if name != "round"})


AGREEMENT = 0.9  # Kendall's W at or above which a room is said to agree, whether values or facts vary


@dataclass(frozen=True)
class ValuesFacts:
    """How much of a room's disagreement is about values (weights) and how much about facts (assessments).

    Three agreements (Kendall's W of the participants' rankings): as submitted (own weights, own
    assessment); with everyone's own weights under one shared assessment (the editors' scores: only
    values differ); with the group's weights under each participant's own assessment (only facts
    differ). ``side_by_side``: the group ranking (group weights) under each assessment, one column each.
    """

    submitted: float | None
    same_facts: float | None
    same_values: float | None
    side_by_side: pd.DataFrame  # index option name; one column of ranks per assessment name
    shared: str = "the editors' scores"  # the assessment "only values differ" uses: the room's own when all share one

    def sentences(self) -> list[str]:
        def w(x: float | None) -> str:  # Kendall's W needs two rankings
            return "not yet (it needs two submissions)" if x is None else f"{x:.2f}"

        out = [f"Agreement of the rankings as submitted (Kendall's W): {w(self.submitted)}.",
               f"With everyone's own weights under one shared assessment, {self.shared} (only values differ): "
               f"{w(self.same_facts)}.",
               f"With the group's weights under each participant's own assessment (only facts differ): "
               f"{w(self.same_values)}."]
        if self.same_facts is not None and self.same_values is not None:
            if min(self.same_values, self.same_facts) >= AGREEMENT:
                out.append("The room largely agrees: neither values nor facts divide it much "
                           f"(agreement {AGREEMENT:.1f} or more either way).")
            elif self.same_values > self.same_facts + 0.05:
                out.append("The room disagrees more about values (how much each criterion matters) than about facts.")
            elif self.same_facts > self.same_values + 0.05:
                out.append("The room disagrees more about facts (whose assessment to believe) than about values.")
            else:
                out.append("Values and facts divide the room about equally.")
        return out


def values_facts(pack: Pack, contexts: tuple[str, ...], method: str,
                 submissions: list[tuple[dict[str, float], str | None]]) -> ValuesFacts | None:
    """Separate value disagreement from fact disagreement (None without assessments or submissions)."""
    assessments = list(getattr(pack, "assessments", None) or [])
    if not assessments or not submissions:
        return None
    criteria = [c.id for c in pack.criteria]
    matrices: dict[str | None, engine.DecisionMatrix] = {}

    def matrix(a: str | None) -> engine.DecisionMatrix:
        if a not in matrices:
            matrices[a] = round_matrix(pack, contexts, a)
        return matrices[a]

    def agreement(ranks: list) -> float | None:
        return engine.kendall_w(ranks) if len(ranks) > 1 else None

    # Every participant's ranks, one vectorised pass per assessment (a room of 300 is not 900 rankings).
    weights = [w for w, _ in submissions]
    group = engine.aggregate_weights(weights, criteria)
    own: list = [None] * len(submissions)
    for a in dict.fromkeys(a for _, a in submissions):
        rows = [k for k, (_, held) in enumerate(submissions) if held == a]
        for k, ranks in zip(rows, engine.individual_ranks(matrix(a), [weights[k] for k in rows], method=method)):
            own[k] = ranks
    submitted = agreement(own)
    held = set(a for _, a in submissions)
    shared_id = next(iter(held)) if len(held) == 1 else None  # everyone believes one assessment: that one
    same_facts = agreement(list(engine.individual_ranks(matrix(shared_id), weights, method=method)))
    shared = next((a.name for a in assessments if a.id == shared_id), "the editors' scores")
    group_under = {a: engine.rank(matrix(a), group, method=method).ranks for a in dict.fromkeys(a for _, a in submissions)}
    same_values = agreement([group_under[a] for _, a in submissions])
    columns: dict[str, list[int]] = {}
    names: list[str] = []
    for a_id, label in [(None, "Editors' scores"), *((a.id, a.name) for a in assessments)]:
        result = engine.rank(matrix(a_id), group, method=method)
        names = list(result.option_names)
        columns[label] = [int(r) for r in result.ranks]
    table = pd.DataFrame(columns, index=pd.Index(names, name="option")).sort_values("Editors' scores")
    return ValuesFacts(submitted, same_facts, same_values, table, shared)


@st.cache_data(show_spinner=False, max_entries=128)
def cached_values_facts(pack_ref: str, _pack: Pack, contexts: tuple[str, ...], method: str,
                        submissions: tuple[tuple[tuple[tuple[str, float], ...], str | None], ...]) -> ValuesFacts | None:
    return values_facts(_pack, contexts, method, [(dict(w), a) for w, a in submissions])


def show_values_facts(result: ValuesFacts | None) -> None:
    if result is None:
        return
    st.markdown("**Values or facts?**")
    st.markdown("  \n".join(md(s) for s in result.sentences()))
    table = result.side_by_side
    st.caption("The group ranking under each assessment (rank of each option, the group's weights). Columns, left to "
               "right: " + md("; ".join(table.columns)) + ".")
    # Narrow columns, each headed by its assessment's name (cut, and whole on hover), so that every column's ranks
    # are on the screen at once: wide headers pushed the last assessments out of view.
    st.dataframe(table, width="stretch", column_config={
        name: st.column_config.NumberColumn(name, help=name, width="small", format="%d") for name in table.columns})
