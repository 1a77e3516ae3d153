"""Run a room: create it, open rounds with injects, watch the group's ranking and disagreement live.

The facilitator's room id and secret live in this session and in a first-party cookie
(SameSite=Strict), never in a URL: a reload or a restarted server brings the dashboard back, and
the secret is never in the address bar, the browser history or a proxy's access log.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

import seminar
from ui import room_report, rooms, session
from ui.text import md

rooms.room_page_setup("Run a room — Options Ladder")
st.title("Run a seminar room")
store = rooms.store()
ss = st.session_state


def _restore_from_cookie() -> None:
    """A reload or a new server: the browser's cookie brings the facilitator back to their room."""
    raw = rooms.cookie(rooms.FACILITATOR_COOKIE)
    if not raw or "." not in raw or ss.get("left_room"):
        return
    room_text, secret = raw.split(".", 1)
    try:
        room_id = int(room_text)
        store.facilitator_view(room_id, secret)
    except rooms.STORE_FAULTS:
        raise
    except (ValueError, seminar.RoomError):
        rooms.forget_in_browser(rooms.FACILITATOR_COOKIE)  # a stale cookie: forget it quietly
        return
    ss["facilitating"] = (room_id, secret)


def _create(pack_title: str) -> None:
    pack = session.current_pack()
    title = ss.get("new_room_title", "").strip()
    try:
        room_id, secret, _code = store.create_room(
            title or pack_title, rooms.pack_ref_for(pack), ss.get("new_room_method", "wsm"),
            bool(ss.get("new_room_individual", False)),
            [c.id for c in pack.criteria], [lens.id for lens in pack.lenses],
            assessment_ids=[a.id for a in getattr(pack, "assessments", None) or []])
    except rooms.STORE_FAULTS:
        ss["room_error"] = rooms.FAULT_MESSAGE
        return
    except seminar.RoomError as exc:
        ss["room_error"] = rooms.said(exc)
        return
    ss["facilitating"] = (room_id, secret)
    ss.pop("left_room", None)


def _resume() -> None:
    try:
        room_id = int(str(ss.get("resume_room", "")).strip())
        secret = str(ss.get("resume_key", "")).strip()
        store.facilitator_view(room_id, secret)
    except rooms.STORE_FAULTS:
        ss["room_error"] = rooms.FAULT_MESSAGE
        return
    except (ValueError, seminar.RoomError):
        ss["room_error"] = "That room number and facilitator key do not match a room. Check both and try again."
        return
    ss["facilitating"] = (room_id, secret)
    ss.pop("left_room", None)


try:
    if "facilitating" not in ss:
        _restore_from_cookie()
except rooms.STORE_FAULTS:
    rooms.store_fault_stop()

if "facilitating" not in ss:
    if ss.get("left_room"):  # left the dashboard: this browser forgets the room too
        rooms.forget_in_browser(rooms.FACILITATOR_COOKIE)
    pack = session.current_pack()
    st.markdown("Participants join from their own laptops and phones with a short code or a QR code; you open "
                "rounds, inject events and see the group's ranking update by itself. A projector view shows "
                "the room what it may see.")
    left, right = st.columns([3, 2], gap="large")
    with left, st.form("create_room"):
        st.text_input("Room title", key="new_room_title", placeholder=pack.info.title)
        st.selectbox("Ranking method", list(session.METHODS), format_func=session.METHODS.__getitem__,
                     key="new_room_method")
        st.checkbox("Show individual submissions to the room (otherwise only the aggregate)",
                    key="new_room_individual")
        st.caption(f"Case pack: {md(pack.info.title)}" + (" (uploaded)" if session.pack_key() != "bundled" else ""))
        st.form_submit_button("Create room", type="primary", on_click=_create, args=(pack.info.title,))
    with right, st.form("resume_room"):
        st.markdown("**Resume a room you run** (on another device)")
        st.text_input("Room number", key="resume_room")
        st.text_input("Facilitator key", key="resume_key", type="password")
        st.form_submit_button("Resume room", on_click=_resume)
    if ss.get("room_error"):
        st.error(md(ss.pop("room_error")))
    st.stop()

room_id, secret = ss["facilitating"]
# Drawn on every run (an unchanged element does not run again), so the elements below keep their places.
rooms.remember_in_browser(rooms.FACILITATOR_COOKIE, f"{room_id}.{secret}")


ACTION_FAULT = ("The room's database is not answering just now, so nothing was changed: wait a few seconds and "
                "try again. If it lasts, tell the person running the server.")


def _act(action: str, *args) -> None:
    ss.pop("confirm", None)
    try:
        getattr(store, action)(room_id, secret, *args)
    except rooms.STORE_FAULTS:  # first: the store's own message for this is written for participants
        ss["room_error"] = ACTION_FAULT
    except seminar.RoomError as exc:
        ss["room_error"] = rooms.said(exc)


def _open_round(pack, after: int) -> None:
    """Open round ``after + 1``: ``after`` is the latest round this page showed, so a confirm pressed
    in two tabs (or delivered twice) opens one round, not two."""
    ss.pop("confirm", None)
    inject_id = ss.get("round_inject") or ""
    title = text = ""
    contexts = list(ss.get("round_contexts") or [])
    if inject_id and inject_id != "__typed__":
        inject = next(i for i in pack.injects if i.id == inject_id)
        title, text = inject.title, inject.description
    elif inject_id == "__typed__":
        title = ss.get("round_typed_title", "").strip()
        text = ss.get("round_typed_text", "").strip()
        inject_id = ""
    try:
        store.open_round(room_id, secret, inject_id=inject_id, inject_title=title, inject_text=text,
                         contexts=contexts, after=after)
    except rooms.STORE_FAULTS:
        ss["room_error"] = ACTION_FAULT
    except seminar.RoomError as exc:
        ss["room_error"] = rooms.said(exc)


def _follow_the_inject(pack, latest: int, in_force: tuple[str, ...]) -> None:
    """Before the round's widgets are drawn: a new round starts with no inject chosen, and a newly
    chosen inject switches its conditions on, beside those in force in the latest round (``in_force``);
    the facilitator takes any off by hand. Choosing another inject instead starts again from ``in_force``.

    Done here, in the page's own run, not in the picker's callback: the dashboard polls four times a
    second, and a poll can carry the new choice to the server before the run that the choice asks
    for. The callback then ran in the poll, and the page's run overwrote the conditions it had set
    with the browser's old ones (a CI run showed the inject chosen and no condition in force)."""
    if ss.get("round_setup_for") != latest:  # a round has opened since these were set, or the page is new
        if "round_setup_for" in ss:
            ss["round_inject"] = None
            ss["round_typed_title"] = ss["round_typed_text"] = ""
        # What is in force now, as the next round would keep it (a reload began with none, so the next round
        # dropped them; a round opened on another device may have others)
        ss["round_contexts"] = list(in_force)
        ss["round_setup_for"] = latest
    chosen = ss.get("round_inject")
    if chosen != ss.get("round_conditions_follow"):
        ss["round_conditions_follow"] = chosen
        inject = next((i for i in pack.injects if i.id == chosen), None)
        if inject is not None:
            ss["round_contexts"] = list(dict.fromkeys([*in_force, *inject.contexts]))


def _leave() -> None:
    for key in ("facilitating", "confirm"):
        ss.pop(key, None)
    ss["left_room"] = True


def _ask(what: str | None) -> None:
    ss["confirm"] = what


def _make_screen_link() -> None:
    try:
        token = store.create_screen_token(room_id, secret)
    except rooms.STORE_FAULTS:
        ss["room_error"] = rooms.FAULT_MESSAGE
    except seminar.RoomError as exc:
        ss["room_error"] = rooms.said(exc)
    else:
        ss["screen_token"] = (room_id, token)


def _remove(participant_id: int) -> None:
    _act("remove_participant", participant_id)


def _set_cap() -> None:
    _act("set_participant_cap", int(ss.get("room_cap", 300)))


def _screen_token() -> str | None:
    """This room's projector token: made in this session, else remembered by this browser."""
    held = ss.get("screen_token")
    if held and held[0] == room_id:
        return held[1]
    saved = rooms.cookie(rooms.SCREEN_COOKIE)
    if saved and saved.startswith(f"{room_id}.") and view.room.has_screen_token:
        return saved.split(".", 1)[1]
    return None


try:
    view = store.facilitator_view(room_id, secret)
except rooms.STORE_FAULTS:
    rooms.store_fault_stop()
except seminar.RoomError:
    _leave()
    rooms.forget_in_browser(rooms.FACILITATOR_COOKIE)
    st.error("This room is no longer available to you. Create a new room, or resume one with its key.")
    st.stop()

pack = rooms.room_pack_or_stop(view.room.pack_ref, "Leave this room", _leave,  # the browser forgets it too
                               "Upload the pack again on Your pack and create a new room with it.")
names = {o.id: o.name for o in pack.options}
crit = {c.id: c.name for c in pack.criteria}
ctx_names = {c.id: c.name for c in pack.contexts}
role_names = {lens.id: lens.name for lens in pack.lenses}

def _who(p: seminar.ParticipantInfo) -> str:
    role = role_names.get(p.role, p.role) if p.role else ""
    return md(p.display_name) + (f" — {md(role)}" if role else "")  # a role's name may hold brackets


code = seminar.format_join_code(view.room.join_code)
join_link = rooms.join_url(view.room.join_code, view.room.pack_ref)
st.subheader(md(view.room.title))
c1, c2, c3 = st.columns([2, 3, 2])
with c1:
    st.metric("Join code", code)
    st.metric("Room", rooms.ROOM_STATE_WORDS.get(str(view.room.state), str(view.room.state)))
with c2:
    st.markdown("Participants scan the QR code, or open **Join a room** and type the code. The link:")
    st.code(join_link, language=None, wrap_lines=True)  # whole on the screen: the link was cut at "…&pack"
    st.caption(f"Method: {md(session.METHODS.get(view.room.method, view.room.method))}. "
               f"Case pack: {md(pack.info.title)}.")
with c3:
    st.image(rooms.qr_png(join_link), caption="Scan to join", width=180, alt=rooms.qr_alt(code))
with st.container():  # (what comes and goes sits in a container, so the widgets below keep their places)
    if ss.get("room_error"):
        st.error(md(ss.pop("room_error")))

with st.container(border=True):
    st.markdown("**Rounds**")
    inject_labels = {i.id: i.title for i in pack.injects} | {"__typed__": "Type an event of my own…"}
    latest = view.current_round.number if view.current_round else 0
    _follow_the_inject(pack, latest, tuple(view.current_round.contexts) if view.current_round else ())
    r1, r2 = st.columns(2)
    r1.selectbox("Inject for the next round", list(inject_labels), format_func=inject_labels.__getitem__,
                 index=None, placeholder="No inject (a plain round)", key="round_inject")
    r2.multiselect("Conditions in force", list(ctx_names), format_func=ctx_names.__getitem__, key="round_contexts",
                   placeholder="None: the options as scored")
    with st.container():
        if ss.get("round_inject") == "__typed__":
            st.text_input("Event title", key="round_typed_title")
            st.text_area("What happened", key="round_typed_text")
    is_open = bool(view.current_round and view.current_round.is_open)
    closed = view.room.state == seminar.RoomState.CLOSED
    b = st.columns(6)
    if is_open:
        b[0].button("Open next round", type="primary", on_click=_ask, args=("open",), disabled=closed)
    else:
        b[0].button("Open next round", type="primary", on_click=_open_round, args=(pack, latest), disabled=closed)
    b[1].button("Close round", on_click=_act, args=("close_round",), disabled=not is_open)
    b[2].button("Hide results" if view.room.revealed else "Reveal results", on_click=_act,
                args=("set_revealed", not view.room.revealed), disabled=closed)
    locked = view.room.state == seminar.RoomState.LOCKED
    b[3].button("Unlock" if locked else "Lock", on_click=_act, args=("unlock_room" if locked else "lock_room",),
                disabled=closed, help="Lock stops new people joining; submissions carry on.")
    b[4].button("Close room", on_click=_ask, args=("close_room",), disabled=closed)
    b[5].button("Leave dashboard", on_click=_ask, args=("leave",))
    asked = ss.get("confirm")
    if asked == "open" and not is_open:  # the round was closed meanwhile (another tab): nothing to confirm
        ss.pop("confirm", None)
        asked = None
    if asked == "open" and view.current_round:
        st.warning(f"Round {view.current_round.number} is still open. Opening round "
                   f"{view.current_round.number + 1} closes it: late submissions to round "
                   f"{view.current_round.number} will be refused.")
        y, n, _ = st.columns([2, 1, 4])
        y.button(f"Close round {view.current_round.number} and open round {view.current_round.number + 1}",
                 type="primary", on_click=_open_round, args=(pack, latest))
        n.button("Cancel", key="cancel_open", on_click=_ask, args=(None,))
    elif asked == "close_room":
        st.warning("Close the room for good? Nobody can join or submit afterwards, and results can no longer be "
                   "revealed or hidden: reveal the last round first if the room should see it. The report stays "
                   "available.")
        y, n, _ = st.columns([2, 1, 4])
        y.button("Yes, close the room", type="primary", on_click=_act, args=("close_room",))
        n.button("Cancel", key="cancel_close", on_click=_ask, args=(None,))
    elif asked == "leave":
        st.warning("Leave the dashboard? The room carries on without you. To come back on this or another "
                   f"device you need the room number ({room_id}) and the facilitator key above.")
        y, n, _ = st.columns([2, 1, 4])
        y.button("Yes, leave", type="primary", on_click=_leave)
        n.button("Cancel", key="cancel_leave", on_click=_ask, args=(None,))


def _analyse(rnd: seminar.RoundInfo):
    subs = store.round_submissions(room_id, rnd.number)
    return rooms.analyse_round(view.room.pack_ref, pack, tuple(rnd.contexts), view.room.method,
                               [dict(s.weights) for s in subs], None, tuple(s.assessment for s in subs))


def _live_view() -> seminar.FacilitatorView:
    """The facilitator's view, read again only when the room's change counter moved (one indexed read)."""
    version = store.room_version(room_id, secret)
    cached = ss.get("dashboard_view")
    if cached is not None and cached[0] == (room_id, version):
        return cached[1]
    live = store.facilitator_view(room_id, secret)
    ss["dashboard_view"] = ((room_id, version), live)
    return live


def _controls(v: seminar.FacilitatorView) -> tuple:
    """What the buttons above the dashboard are drawn from: the round, whether it is open, revealed, the room's state."""
    r = v.current_round
    return (r.number if r else 0, bool(r and r.is_open), v.room.revealed, str(v.room.state))


@st.fragment(run_every=rooms.DASHBOARD_POLL_SECONDS)
def dashboard() -> None:
    """Counts, the group ranking and the disagreement: polled four times a second, cheap when nothing moved."""
    try:
        live = _live_view()
    except rooms.STORE_FAULTS:
        st.warning(rooms.FAULT_MESSAGE)
        return
    if _controls(live) != _controls(view):  # another tab or device moved the room: redraw the buttons for it
        st.rerun(scope="app")
    rnd = live.current_round
    if rnd is None:
        st.info(f"No round yet: open the first round when participants have joined. "
                f"Joined so far: {len(live.active_participants)}.")
        if live.active_participants:
            st.markdown(", ".join(_who(p) for p in live.active_participants))
        return
    rooms.round_header(rnd, ctx_names)
    submitted = {s.participant_id: s for s in live.latest_submissions} if live.submitted_this_round else {}
    people = live.active_participants
    waiting = [p for p in people if p.id not in submitted]
    if len(people) <= rooms.NAMES_LISTED_UP_TO:  # a seminar: everyone by name
        lines = [(f"✓ {_who(p)} at {submitted[p.id].submitted_at:%H:%M} UTC" if p.id in submitted else f"… {_who(p)}")
                 for p in people]
    elif len(waiting) <= rooms.NAMES_LISTED_UP_TO:  # a lecture hall: only the few still to submit
        lines = ["Still to submit: " + ", ".join(_who(p) for p in waiting)] if waiting else []
    else:
        lines = [f"{len(waiting)} still to submit (their names appear here when {rooms.NAMES_LISTED_UP_TO} or "
                 "fewer are left; everyone is listed under Participants below)"]
    st.markdown("  \n".join([f"**Submitted {len(submitted)} of {len(people)}**", *lines]))
    result = rooms.analyse_round(view.room.pack_ref, pack, tuple(rnd.contexts), live.room.method,
                                 [dict(s.weights) for s in live.latest_submissions], None,
                                 tuple(s.assessment for s in live.latest_submissions))
    if result is None:
        st.caption("Waiting for the first submission.")
        return
    left, right = st.columns(2)
    with left:
        st.markdown("**Group ranking** (by the mean of everyone's normalised weights)")
        if note := rooms.group_scores_note(pack, result):
            st.caption(md(note))
        rooms.ranking_lines(result)
    with right:
        rooms.disagreement(result, crit)


# Heavier (values or facts ranks everyone under every assessment): every 2 s in a seminar, every 5 s in
# a larger room, where it would otherwise hold up the counts above (one run at a time per page).
@st.fragment(run_every=(rooms.SLOW_PANEL_SECONDS if len(view.active_participants) <= rooms.NAMES_LISTED_UP_TO
                        else rooms.SLOW_PANEL_LARGE_ROOM_SECONDS))
def across_rounds() -> None:
    """Values or facts, and how the room moved across rounds: heavier, so refreshed every two seconds."""
    try:
        live = _live_view()
    except rooms.STORE_FAULTS:
        return
    rnd = live.current_round
    if rnd is None or not live.latest_submissions:
        return
    rooms.show_values_facts(rooms.cached_values_facts(
        view.room.pack_ref, pack, tuple(rnd.contexts), live.room.method,
        tuple((tuple(sorted(s.weights.items())), s.assessment) for s in live.latest_submissions)))
    if len(live.rounds) > 1:
        rooms.convergence(live.rounds, _analyse, names)


# Each polled fragment in a container of its own, never straight on the page among the elements below it.
# When a poll starts right after a run of the whole page (at four polls a second it nearly always does, and
# on a busy server before that run's messages have left), Streamlit drops the run's messages for the polled
# fragment but still sends its "finished": the browser then removes the fragment's old box from the page,
# everything below moves up one place, and the next poll writes into the wrong element. The facilitator's
# page went blank (the browser's "'setIn' cannot be called on an ElementNode"; the seminar browser test
# stopped at "Submitted 3 of 3"). In a container of its own only that box goes, until the poll draws it again.
with st.container():
    dashboard()
with st.container():
    across_rounds()

st.subheader("Room settings")
screen_token = _screen_token()
with st.container(border=True):
    p1, p2 = st.columns([3, 2])
    if screen_token:
        rooms.remember_in_browser(rooms.SCREEN_COOKIE, f"{room_id}.{screen_token}")
        p1.markdown("**Projector view**: open this link on the projected screen. It shows the join code, the "
                    "round and, once you reveal them, the group's results and anonymous reasons; it cannot act.")
        minutes = int(ss.get("screen_minutes") or 0)
        p1.code(rooms.screen_url(screen_token, minutes), language=None, wrap_lines=True)  # no scrolled box
        p2.link_button("Open the projector view", rooms.screen_url(screen_token, minutes))
        p2.number_input("Countdown on the projector (minutes from each round's opening; 0 = none)", 0, 180,
                        key="screen_minutes")
        p2.button("New projector link (the old one stops working)", on_click=_make_screen_link)
    else:
        p1.markdown("**Projector view**: a read-only page for the projected screen (join code and QR in large "
                    "type, the round, and the group's results once you reveal them).")
        p2.button("Make a projector link" if not view.room.has_screen_token else
                  "Make a new projector link (the old one stops working)", on_click=_make_screen_link)

with st.expander("Resume this room on another device (keep the key to yourself; do not project it)"):
    st.markdown(f"Room number **{room_id}**; facilitator key:")
    st.code(secret, language=None, wrap_lines=True)  # a scrolled box is out of a keyboard's reach
    st.caption("This browser comes back to the dashboard by itself after a reload or a server restart.")


@st.fragment(run_every=(rooms.SLOW_PANEL_SECONDS if len(view.active_participants) <= rooms.NAMES_LISTED_UP_TO
                        else rooms.SLOW_PANEL_LARGE_ROOM_SECONDS))
def participants_panel() -> None:
    """Who has joined, with a Remove button each, and the cap: kept current as people join (the list said
    "0" under a dashboard that counted one). Drawn only while its expander is open; the expander's label
    stays the same (a label that changed closed the expander in the facilitator's hands)."""
    if not ss.get("participants_open"):
        return
    try:
        live = _live_view()
    except rooms.STORE_FAULTS:
        st.warning(rooms.FAULT_MESSAGE)
        return
    st.markdown(f"**{len(live.active_participants)} of at most {live.room.max_participants}** have joined "
                "and not been removed.")
    for person in live.participants:
        q1, q2 = st.columns([4, 1])
        if person.removed:
            q1.markdown(f"~~{_who(person)}~~ (removed at {person.removed_at:%H:%M} UTC)")
            continue
        q1.markdown(_who(person))
        if ss.get("confirm") == f"remove-{person.id}":
            q2.button("Yes, remove", key=f"remove_yes_{person.id}", type="primary", on_click=_remove,
                      args=(person.id,))
            q1.warning(f"Remove {md(person.display_name)}? Their submissions leave the group's result (the "
                       "report keeps them, marked removed) and their page stops working.")
        else:
            q2.button("Remove", key=f"remove_{person.id}", on_click=_ask, args=(f"remove-{person.id}",))
    c_cap, c_set = st.columns([2, 1])
    c_cap.number_input("Most participants allowed", 1, 1000, value=live.room.max_participants, key="room_cap")
    c_set.button("Set the cap", on_click=_set_cap)


with st.expander("Participants: who has joined, removing someone, the cap", key="participants_open",
                 on_change="rerun"):
    participants_panel()


st.subheader("After-action report")
anonymise = st.checkbox("Anonymise names in the report", key="report_anonymise")


def _fresh_report() -> tuple[dict, list]:
    """Built when a download button is pressed, so it always holds the latest submissions."""
    history = store.history(room_id, secret)
    latest = store.facilitator_view(room_id, secret)

    def analyse(rnd: seminar.RoundInfo) -> rooms.RoundAnalysis | None:
        subs = store.round_submissions(room_id, rnd.number)
        return rooms.analyse_weights(pack, tuple(rnd.contexts), latest.room.method, [dict(s.weights) for s in subs],
                                     None, [s.assessment for s in subs])
    return room_report.report_context(pack, latest, history, analyse, anonymise), history


def _build_report() -> None:
    """Build the report and CSV from the room's data now (so they hold every submission so far)."""
    try:
        context, history = _fresh_report()
        ss["report_built"] = {
            "at": datetime.now(UTC), "anonymise": anonymise,
            "html": room_report.render_html(context), "markdown": room_report.render_markdown(context),
            "csv": room_report.submissions_csv(pack, history, anonymise),
        }
    except rooms.STORE_FAULTS:
        ss["room_error"] = rooms.FAULT_MESSAGE


st.button("Build the report now", on_click=_build_report,
          help="Takes every submission so far; build it again after later rounds.")
built = ss.get("report_built")
if built:
    st.caption(f"Built at {built['at']:%H:%M:%S} UTC" + (", names anonymised" if built["anonymise"] else "")
               + ". Build it again to include later submissions.")
    d1, d2, d3 = st.columns(3)
    d1.download_button("After-action report (HTML)", built["html"], "after-action-report.html", "text/html",
                       on_click="ignore")
    d2.download_button("After-action report (Markdown)", built["markdown"], "after-action-report.md",
                       "text/markdown", on_click="ignore")
    d3.download_button("Every submission (CSV)", built["csv"], "submissions.csv", "text/csv", on_click="ignore")
