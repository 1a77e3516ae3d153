"""The projector view: what the whole room may see, in large type, refreshing by itself.

Opened with a read-only screen link (``/screen?s=TOKEN``) that the facilitator makes. It shows the
join code and QR, counts, the round with its inject and conditions, an optional countdown
(``&minutes=N`` from the round's opening), and once results are revealed the group ranking, the
disagreement, values or facts, and anonymous reasons. It holds no secret and can do nothing.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

import streamlit as st

import seminar
from ui import plain, rooms
from ui.text import isolated, md

rooms.room_page_setup("Projector — Options Ladder")
store = rooms.store()

# Big type for the back of the room; no sidebar or toolbar on the projected screen.
st.html("""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
[data-testid="stMainBlockContainer"] {padding: 1.2rem 2rem 1rem 2rem; max-width: 100%;}
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 1.35rem; line-height: 1.35;}
.ladder-code {font-size: 3.6rem; font-weight: 700; letter-spacing: .08em; line-height: 1.1; font-family: monospace;}
.ladder-title {font-size: 1.9rem; font-weight: 700; line-height: 1.2;}
.ladder-count {font-size: 1.6rem;}
.ladder-countdown {font-size: 2.4rem; font-weight: 700; color: #b00020;}
</style>""")

token = st.query_params.get("s", "")
try:
    minutes = max(0, min(180, int(st.query_params.get("minutes", "0") or 0)))
except ValueError:
    minutes = 0
if not token:
    st.title("Projector view")
    st.info("Open this page with the projector link from the facilitator's dashboard (Run a room → "
            "Make a projector link).")
    st.stop()


def _countdown(rnd: seminar.RoundInfo) -> None:
    if not minutes or not rnd.is_open:
        return
    left = rnd.opened_at + timedelta(minutes=minutes) - datetime.now(UTC)
    if left.total_seconds() <= 0:
        st.html("<div class='ladder-countdown'>Time is up</div>")
    else:
        secs = int(left.total_seconds())
        st.html(f"<div class='ladder-countdown'>{secs // 60}:{secs % 60:02d} left</div>")


def _screen_view() -> seminar.ScreenView:
    """The screen view, read again only when the room's change counter moved (one indexed read)."""
    version = store.screen_version(token)
    cached = st.session_state.get("screen_view")
    if cached is not None and cached[0] == (token, version):
        return cached[1]
    view = store.screen_view(token)
    st.session_state["screen_view"] = ((token, version), view)
    return view


def _cut(text: str, limit: int) -> str:
    """A text cut with "…" when longer than ``limit`` characters: at the last sentence's end if that keeps at least
    half of it (a cut mid-sentence left a quotation open), else at a word break."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    return (head[:end + 1] if end >= limit // 2 else head.rsplit(" ", 1)[0]) + " …"


@st.fragment(run_every=rooms.DASHBOARD_POLL_SECONDS)
def screen() -> None:
    try:
        view = _screen_view()
    except rooms.STORE_FAULTS:
        st.warning(rooms.FAULT_MESSAGE)
        return
    except seminar.RoomError:
        st.error("This projector link is no longer valid: the facilitator made a new one. "
                 "Open the new link from the dashboard.")
        return
    try:
        pack = rooms.room_pack(view.pack_ref)
    except rooms.STORE_FAULTS:
        st.warning(rooms.FAULT_MESSAGE)
        return
    except seminar.RoomError as exc:  # a pack this version can no longer read
        st.error(md(f"{rooms.said(exc)} The facilitator can upload the pack again and create a new room."))
        return
    ctx_names = {c.id: c.name for c in pack.contexts}
    crit = {c.id: c.name for c in pack.criteria}
    code = seminar.format_join_code(view.join_code)
    # Once results are revealed, the reasons take the QR code's place (the code and address stay for late
    # joiners): below the results they fell off a 1280×720 screen whenever the round had an inject.
    reasons = [r for r in view.reasons if r.strip()] if view.revealed and view.revealed_submissions else []
    left, right = st.columns([1, 2], gap="large")
    with left:
        st.html(f"<div class='ladder-title'>{html.escape(view.title)}</div>")
        if view.state == seminar.RoomState.CLOSED:
            st.markdown("The room is closed.")
        else:
            st.markdown("Join at **" + md(rooms.public_base_url() + "/join") + "** with the code")
            st.html(f"<div class='ladder-code'>{html.escape(code)}</div>")
            if not reasons:
                st.image(rooms.qr_png(rooms.join_url(view.join_code, view.pack_ref), scale=7), caption="Scan to join",
                         width=230, alt=rooms.qr_alt(code))
            if view.state == seminar.RoomState.LOCKED:
                st.markdown("The room is locked: no one new can join.")
        st.html(f"<div class='ladder-count'>Joined: <b>{view.joined}</b> · "
                f"Submitted this round: <b>{view.submitted}</b></div>")
        if reasons:
            st.markdown("**Reasons** (anonymous)")
            st.markdown("  \n".join(f"“{md(_cut(r, 110))}”" for r in reasons[:3]))  # three lines each at most
    with right:
        rnd = view.current_round
        if rnd is None:
            st.markdown("### Waiting for the first round")
            return
        state = "open" if rnd.is_open else "closed"
        st.markdown(f"### Round {rnd.number} ({state}): {md(rnd.inject_title or 'no inject')}")
        if rnd.inject_text:
            # Two lines at most: the room reads it whole on its own pages, and one 1280×720 screen holds the rest
            st.markdown(md(_cut(rnd.inject_text, 200)))
        st.caption("Conditions in force: " + (md(", ".join(ctx_names.get(c, c) for c in rnd.contexts)) or "none"))
        _countdown(rnd)
        if not view.revealed or not view.revealed_submissions:
            st.markdown("The group's results appear here when the facilitator reveals them.")
            return
        weights = [dict(s.weights) for s in view.revealed_submissions]
        result = rooms.analyse_round(view.pack_ref, pack, tuple(rnd.contexts), view.method, weights, None,
                                     tuple(s.assessment for s in view.revealed_submissions))
        if result is None:
            return
        # Everything on one 1280×720 screen: the top five, the room's disagreement and its verdict on values or
        # facts beside them, and a few reasons below (the dashboard and the report hold the rest).
        a, b = st.columns([1, 1], gap="medium")
        with a:
            scores = rooms.group_scores_note(pack, result, short=True)
            st.markdown(f"**Group ranking** ({plain.count(result.participants, 'submission')}"
                        + (f"; {md(scores)}" if scores else "") + ")")
            rooms.ranking_lines(result, limit=5)
        with b:
            lines = []
            if result.kendall_w is not None:
                lines.append(f"Agreement (Kendall's W): **{result.kendall_w:.2f}**")
            # The two largest, each cut to a line, and a count of the rest: a tie of long names made one line run
            # to many and pushed the verdict below the screen.
            shown = [f"{md(_cut(label, 70))}: {votes}" for label, votes in result.first_choices[:2]]
            rest = len(result.first_choices) - len(shown)
            lines.append("First choices: " + "; ".join(shown) + (f"; and {rest} more" if rest else ""))
            # Only a range the screen can show as one: 0.077–0.083 would read "0.08–0.08".
            spread = result.spread[result.spread["max"].round(2) != result.spread["min"].round(2)]
            top_spread = spread.sort_values("std", ascending=False).head(3)
            if len(top_spread):
                lines.append("Most disputed weights (lowest–highest): " + "; ".join(
                    f"{md(isolated(crit.get(cid, cid)))} {row['min']:.2f}–{row['max']:.2f}" for cid, row in top_spread.iterrows()))
            found = rooms.cached_values_facts(
                view.pack_ref, pack, tuple(rnd.contexts), view.method,
                tuple((tuple(sorted(s.weights.items())), s.assessment) for s in view.revealed_submissions))
            if found is not None and len(found.sentences()) > 3:  # the verdict, once two have submitted
                lines.append(f"**Values or facts?** {md(found.sentences()[-1])}")
            st.markdown("  \n".join(lines))


screen()
