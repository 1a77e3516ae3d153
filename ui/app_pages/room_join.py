"""Join a room: a participant weighs the criteria for the current round and sees the group when revealed.

The participant's token lives in this session and a first-party cookie (SameSite=Strict), never in
the address bar: a reload, a dropped connection or a restarted server brings them back as
themselves, and the token is in no URL, history entry or proxy log.
"""

from __future__ import annotations

import time

import streamlit as st

import engine
import seminar
from ui import plain, rooms, session, weights
from ui.text import isolated, label, md

rooms.room_page_setup("Join a room — Options Ladder")
st.title("Join a seminar room")
store = rooms.store()
ss = st.session_state
MAX_REASON = 500


def _join(role_ids: list[str]) -> None:
    code = ss.get("join_code", "")
    name = ss.get("join_name", "")
    role = ss.get("join_role") or ""
    already_wrong = ss.get("wrong_codes", {}).get(seminar.normalise_join_code(code or ""))
    if already_wrong:  # counted once against the join limit when it was typed: not a second time now
        ss["join_error"] = already_wrong
        return
    try:
        # The client key for slowing down guessed codes (X-Forwarded-For only from trusted proxies).
        client = seminar.client_key(st.context.ip_address, st.context.headers.get("X-Forwarded-For"))
        _pid, token = store.join(code, name, role if role in role_ids else "", client_key=client)
    except rooms.STORE_FAULTS:
        ss["join_error"] = rooms.FAULT_MESSAGE
    except seminar.RoomError as exc:
        ss["join_error"] = rooms.said(exc)
    else:
        ss["participant_token"] = token
        ss.pop("join_error", None)
        ss.pop("pw_initialised", None)


def _room_roles(code: str) -> tuple[str, dict[str, str]]:
    """The room's title (when the store can say it) and its pack's roles (lens id -> "name (actor)").

    The roles come from the room's own pack: named by the join link (``&pack=``, from the QR code or
    the link the facilitator shows) or looked up by the typed code.
    """
    title, pack_ref, allowed = "", st.query_params.get("pack", ""), set()
    normalised = seminar.normalise_join_code(code or "")
    if normalised is not None:
        # Looked up once per typed code and browser session: a rerun must not count again
        # as a wrong guess against this client's join allowance.
        found = st.session_state.setdefault("room_for_code", {})
        if normalised not in found:
            client = seminar.client_key(st.context.ip_address, st.context.headers.get("X-Forwarded-For"))
            try:
                info = store.room_for_code(normalised, client_key=client)
            except seminar.NotFound as exc:
                found[normalised] = None
                st.session_state.setdefault("wrong_codes", {})[normalised] = rooms.said(exc)
            except (seminar.RoomError, *rooms.STORE_FAULTS):
                return "", {}  # limited or a fault: ask again on a later run
            else:
                found[normalised] = (info.title, info.pack_ref, tuple(info.lens_ids))
        if found[normalised] is None:
            return "", {}
        title, pack_ref, lens_ids = found[normalised]
        allowed = set(lens_ids)
    if not pack_ref:
        return title, {}
    try:
        pack = rooms.room_pack(pack_ref)
    except (seminar.RoomError, *rooms.STORE_FAULTS):
        return title, {}
    return title, {lens.id: f"{lens.name} ({lens.actor})" for lens in pack.lenses if not allowed or lens.id in allowed}


def _forget_me() -> None:
    for key in ("participant_token", "pw_initialised", "submit_msg"):
        ss.pop(key, None)
    ss["forget_cookie"] = True


# Coming back: this session's token, else the browser's cookie (a reload, a restarted server).
if "participant_token" not in ss and not ss.get("forget_cookie"):
    saved = rooms.cookie(rooms.PARTICIPANT_COOKIE)
    if saved:
        try:
            store.participant_view(saved)
        except rooms.STORE_FAULTS:
            rooms.store_fault_stop()  # no token yet in this session: nothing typed to keep
        except seminar.RoomError:
            rooms.forget_in_browser(rooms.PARTICIPANT_COOKIE)
        else:
            ss["participant_token"] = saved

if "participant_token" not in ss:
    if ss.get("forget_cookie"):
        rooms.forget_in_browser(rooms.PARTICIPANT_COOKIE)
    if "join_code" not in ss and st.query_params.get("code"):
        ss["join_code"] = st.query_params["code"]
    st.text_input("Join code (from the facilitator's screen)", key="join_code")
    room_title, roles = _room_roles(ss.get("join_code", ""))
    if room_title:
        st.caption(f"Room: {md(room_title)}")
    with st.form("join"):
        st.text_input("Your display name", key="join_name")
        if roles:
            st.selectbox("Role to play (optional: starts your weights from that lens)", list(roles),
                         format_func=roles.__getitem__, index=None, key="join_role", placeholder="No role")
        elif not room_title:
            st.caption("Type the room's code above (then Enter) to see the roles you can play.")
        st.form_submit_button("Join", type="primary", on_click=_join, args=(list(roles),))
    if ss.get("join_error"):
        st.error(md(ss["join_error"]))
    st.stop()

token = ss["participant_token"]
# What the participant has set and not yet sent, kept outside the widgets as well. A run that meets the
# room's database away stops before the sliders and the reason box: the browser drops them from the page and
# forgets their values, and would draw them again at 0 and empty. After such a run the page gives the widgets
# their values explicitly, which the browser takes over; then it keeps what this run was given (a slider
# touched while the database was away included).
draft = ss.get("pw_draft")
if draft is not None and draft[0] == token:
    redraw = ss.pop("pw_redraw", False)
    for key, value in draft[1].items():
        if redraw or key not in ss:
            ss[key] = value
ss["pw_draft"] = (token, {k: ss[k] for k in list(ss) if session.is_weight_key(k) or k in ("pw_reason", "pw_assessment")})
# Drawn on every run (an unchanged element does not run again): a script shown only now and then
# would shift every element below it between runs and leave stale copies on the screen meanwhile.
rooms.remember_in_browser(rooms.PARTICIPANT_COOKIE, token)
for shown_in_link in ("code", "pack"):  # no secrets, but the page is tidier without them once joined
    st.query_params.pop(shown_in_link, None)
try:
    # The view, then the pulse: a change between the two reruns the page once more, never is missed.
    first_view = store.participant_view(token)
    drawn_pulse = rooms.room_pulse(first_view.room.id, fresh=True)
except rooms.STORE_FAULTS:
    ss["pw_redraw"] = True  # the next run that reaches the store gives the widgets their values again
    rooms.store_fault_stop()
except seminar.RoomError as exc:
    st.error(md(rooms.said(exc)))
    st.button("Join again", on_click=_forget_me)
    st.stop()

pack = rooms.room_pack_or_stop(first_view.room.pack_ref, "Join another room", _forget_me,
                               "Ask the facilitator to create a new room with the pack, and join that one.")


def _explore_this_case(pack_ref: str, room_pack) -> None:
    """The Explore pages show the room's case: a participant reads its options and their sources on the Ladder.
    Choices made on another pack (weights, conditions, overrides, assessment) are forgotten, as when a pack is
    uploaded, and this page starts the participant's weights again from their last submission or role."""
    wanted = "bundled" if pack_ref == seminar.BUNDLED_PACK else f"room-{pack_ref[:16]}"
    if session.pack_key() != wanted:
        if wanted != "bundled":
            ss["uploaded_pack"] = room_pack
        ss["pack_key"] = wanted
        session.reset_choices()
        ss.pop("pw_initialised", None)
        ss["explore_switched_to"] = wanted
    if ss.get("explore_switched_to") == wanted:
        st.caption(f"The Explore pages (Ladder, Weigh & rank and the others) now show this room's case, "
                   f"“{md(room_pack.info.title)}”: read its options and their sources there.")


_explore_this_case(first_view.room.pack_ref, pack)
crit = {c.id: c.name for c in pack.criteria}
names = {o.id: o.name for o in pack.options}
ctx_names = {c.id: c.name for c in pack.contexts}
roles = {lens.id: lens.name for lens in pack.lenses}
assessments = list(getattr(pack, "assessments", None) or [])
me = first_view.participant
rnd = first_view.current_round
room_closed = first_view.room.state == seminar.RoomState.CLOSED
round_open = bool(rnd and rnd.is_open) and not room_closed

# A newer revision than this page knows of came from another tab or device: show it before anything is sent
# (the page's status read "revision 2" above revision 1's sliders, and Submit saved those as revision 3).
_now = first_view.own_submission
_seen = ss.get("pw_seen")
if _now is not None and _seen is not None and _seen[0] == (token, _now.round_number) and _now.revision > _seen[1]:
    ss.pop("pw_initialised", None)
    ss.pop("pw_draft", None)
    ss["pw_from_elsewhere"] = _now.revision

# Start a participant's weights once: from their last submission, else their role's lens, else the middle.
if ss.get("pw_initialised") != token:
    role = next((lens for lens in pack.lenses if lens.id == me.role), None)
    own = first_view.own_submission
    if own is None:  # a reload in a new round: what they last sent, as the page kept it without a reload
        try:
            own = store.last_submission(token)
        except rooms.STORE_FAULTS:
            ss["pw_redraw"] = True
            rooms.store_fault_stop()
        except seminar.RoomError:
            own = None
    for c in crit:
        if own is not None:  # coming back (reload, restart): start from what they last sent
            value = int(round(min(100.0, float(own.weights.get(c, 0.0)))))
        elif role is not None:  # a role starts from its lens (largest weight 100)
            top = max(role.weights.values(), default=0.0)
            value = int(round(100 * role.weights.get(c, 0.0) / top)) if top > 0 else session.DEFAULT_WEIGHT
        else:
            value = session.DEFAULT_WEIGHT
        ss[session.weight_key(c)] = value
    if own is not None:  # and the reason and the assessment they sent with it, so a revision keeps them
        ss["pw_reason"] = own.reason
        ss["pw_assessment"] = own.assessment if any(a.id == own.assessment for a in assessments) else None
    ss["pw_initialised"] = token
if _now is not None:  # the newest revision this page knows of (shown, or sent from here)
    _known = _seen[1] if _seen is not None and _seen[0] == (token, _now.round_number) else 0
    ss["pw_seen"] = ((token, _now.round_number), max(_now.revision, _known))
if ss.get("pw_from_elsewhere"):
    st.info(f"Revision {ss.pop('pw_from_elsewhere')} of your weights came from another tab or device: this page "
            "now shows it.")

st.markdown(f"**{md(first_view.room.title)}** — you are **{md(me.display_name)}**"
            + (f", playing {md(roles.get(me.role, me.role))}" if me.role else ""))


def _status(view: seminar.ParticipantView) -> None:
    """One message for the state the round and room are in now (the store's ParticipantStatus)."""
    r = view.current_round
    status = view.status
    if status is seminar.ParticipantStatus.ROOM_CLOSED:
        st.warning("The facilitator has closed this room: it takes no more submissions. Thank you for taking part.")
        return
    if view.room.state == seminar.RoomState.LOCKED:
        st.caption("The room is locked: no one new can join. You can still submit.")
    if status is seminar.ParticipantStatus.WAITING or r is None:
        st.info("Waiting for the facilitator to open the first round.")
        return
    rooms.round_header(r, ctx_names)
    if status is seminar.ParticipantStatus.ROUND_CLOSED:
        st.info(f"Round {r.number} is closed. Wait for the facilitator to open the next round.")
    elif status is seminar.ParticipantStatus.SUBMITTED:
        st.success(f"Round {r.number}: submitted at {view.submitted_at:%H:%M} UTC "
                   f"(revision {view.own_submission.revision}). You may revise until the round closes.")
    else:
        st.info(f"Round {r.number} is open: set your weights below and submit.")


def _delphi_parts(view: seminar.ParticipantView, r: seminar.RoundInfo) -> tuple[str, str | None]:
    """The group's top five and this participant's weights against the group's, a line per criterion (a table's
    right-hand columns and last rows were out of view on a phone): computed once per change of the revealed
    result (the fragment redraws them every poll)."""
    chosen = getattr(view, "group_assessments", None) or ()
    key = (r.number, tuple(r.contexts), view.room.method, tuple(sorted(view.group_weights.items())),
           view.own_submission.revision if view.own_submission else None, view.group_size, chosen)
    cached = ss.get("delphi_parts")
    if cached is not None and cached[0] == key:
        return cached[1]
    shared, mixed = rooms.shared_assessment(pack, chosen)  # as the facilitator's group ranking
    matrix = rooms.round_matrix(pack, tuple(r.contexts), shared)
    result = engine.rank(matrix, dict(view.group_weights), method=view.room.method)
    top = ("  \n".join(f"{int(result.ranks[result.option_ids.index(o)])}\\. {md(names[o])}"
                        for o in result.order[:5]) + ("  \n…" if len(result.order) > 5 else ""))
    note = rooms.group_scores_note(pack, assessment=shared, mixed=mixed)
    if note:
        top += f"  \n*{md(note)}*"
    own = view.own_submission
    spread = getattr(view, "group_spread", None)
    against = None
    if own is not None:
        total = sum(own.weights.values()) or 1.0
        lines = []
        for c in crit:
            mine = own.weights.get(c, 0.0) / total
            if spread and c in spread:  # three places: "above the middle half" must show in the numbers
                s = spread[c]
                where = rooms.middle_half_word(mine, s.q1, s.q3)
                lines.append(f"{isolated(crit[c])}: you {mine:.3f}; group median {s.median:.3f}, "
                             f"middle half {s.q1:.3f}–{s.q3:.3f}; {where}")
            else:
                lines.append(f"{isolated(crit[c])}: you {mine:.3f}; group {float(view.group_weights.get(c, 0.0)):.3f}")
        against = "\n".join(f"- {md(line)}" for line in lines)
    ss["delphi_parts"] = (key, (top, against))
    return top, against


def _delphi(view: seminar.ParticipantView, r: seminar.RoundInfo) -> None:
    """After a reveal: the group's result, and where this participant's weights stand against it."""
    top, against = _delphi_parts(view, r)
    st.markdown(f"**Group result ({plain.count(view.group_size, 'submission')})**")
    st.markdown(top)
    if against is not None:
        st.markdown("**Your weights against the group's** (normalised; you may revise in the next round)")
        st.markdown(against)
    if view.individual_submissions:
        with st.expander("Individual submissions"):
            for sub in view.individual_submissions:
                heaviest = max(sub.weights, key=sub.weights.get)
                st.markdown(f"- {md(sub.display_name)}: heaviest weight on {md(crit.get(heaviest, heaviest))}")


# The page draws the round's state on each full run; the poll only watches for a change. A room's
# participants poll every few seconds, so the poll draws nothing while nothing changes (the room's
# pulse, read once for every participant on this server, and an empty fragment run, the cheapest
# thing Streamlit does) and reruns the page when the pulse moves. (A submission made with the same
# link on another device shows here at the room's next change.)
ss["participant_drawn"] = (first_view.room.id, drawn_pulse, time.monotonic())
# One container for what changes with the round's state, so the form below keeps its place on the page
# when a round opens: a form that moved was drawn twice while the page ran (its old copy stays until
# the run ends), and a participant could type into the copy about to go.
with st.container():
    _status(first_view)
    if first_view.group_weights is not None and first_view.current_round is not None:
        _delphi(first_view, first_view.current_round)
    elif first_view.current_round is not None:
        st.caption("The group result appears here when the facilitator reveals it.")


@st.fragment(run_every=rooms.participant_poll_seconds(drawn_pulse[2]))
def round_panel() -> None:
    room_id, drawn, drawn_at = ss["participant_drawn"]
    try:
        pulse = rooms.room_pulse(room_id)
    except rooms.STORE_FAULTS:
        st.warning(rooms.FAULT_MESSAGE)
        return
    except seminar.RoomError:
        st.rerun(scope="app")  # the full run says what happened
    if pulse[0] != drawn[0]:
        st.rerun(scope="app")  # a new round, a reveal, a closed room, a removal: draw the page for it
    if pulse[1] > drawn[1] and time.monotonic() - drawn_at >= rooms.REVEALED_REFRESH_SECONDS:
        # The revealed group result moved (a late submission): redrawn at most every few seconds, so a
        # trickle of late submissions does not make every participant's page run in full at once.
        st.rerun(scope="app")


# A polled fragment in a container of its own (see room_facilitator.py): if Streamlit drops its part of a
# whole-page run, only its box goes, and the form below keeps its place.
with st.container():
    round_panel()

if room_closed:
    st.stop()


def _submit() -> None:
    weights_now = {c: float(ss.get(session.weight_key(c), 0)) for c in crit}
    reason = " ".join(str(ss.get("pw_reason", "")).split())  # too long: the store says so, and the box keeps it
    assessment = ss.get("pw_assessment") or None
    number = rnd.number if rnd else None
    # The revision this page showed (or sent itself since): a newer one came from another tab or device
    shown = first_view.own_submission.revision if first_view.own_submission else 0
    seen = ss.get("pw_seen")
    if seen and seen[0] == (token, number):
        shown = max(shown, seen[1])
    try:  # the round the participant is looking at: refused (RoundMoved) if the facilitator moved on
        revision = store.submit(token, weights_now, round_number=number, reason=reason, assessment=assessment,
                                replaces=shown)
    except seminar.RevisionMoved as exc:  # show the newer one: the start below takes it from the store
        ss["submit_msg"] = ("error", number, rooms.said(exc))
        ss.pop("pw_initialised", None)
        ss.pop("pw_draft", None)
    except rooms.STORE_FAULTS:
        ss["submit_msg"] = ("error", number, "Your weights were not saved: the room's database did not answer. "
                                             "Press Submit again in a moment.")
    except seminar.RoomError as exc:
        ss["submit_msg"] = ("error", number, rooms.said(exc))
    else:  # the round panel says "submitted at hh:mm (revision n)" from the store itself
        ss.pop("submit_msg", None)
        ss["submitted_revision"] = revision
        ss["pw_seen"] = ((token, number), revision)


st.subheader("Your weights" + (f" for round {rnd.number}" if rnd else ""))
now_line = st.container(key="pw_now")  # the top option, kept in view on a phone (ui/style.py)
controls, preview = st.columns([3, 2], gap="large")
with controls:
    # The order picker and the pairs only when chosen (as on Weigh & rank): the page runs in full for every
    # participant when a round opens, so a lighter run is a faster round change in a large room.
    weights.way_picker(pack, "How to set your weights", "pw_tab", pairs="Compare in pairs")
    st.caption("How much does each swing matter? Picture an option moving from the worst to the best on a "
               "criterion: 100 for the swing that matters most to you, the others in proportion.")
    cols = st.columns(2)  # the first half on the left: Tab and a phone's single column follow the pack's order
    half = (len(pack.criteria) + 1) // 2
    for i, c in enumerate(pack.criteria):
        worst, best = weights.swing_anchors(c)
        with cols[0 if i < half else 1]:
            # Pack text is plain text: shown escaped, and given to the slider as its accessible name, escaped
            # as a label too (a collapsed label is still rendered, as Markdown, and read out from there).
            # The same swing question as Weigh & rank.
            st.markdown(f"{md(c.name)}: worst to best", help=md(c.definition) if c.definition else None)
            st.slider(label(f"{c.name}: worst to best"), 0, session.WEIGHT_MAX, key=session.weight_key(c.id),
                      label_visibility="collapsed")
            st.caption(f"From “{md(worst)}” to “{md(best)}”")
    if assessments:
        labels = {a.id: f"{a.name} — {a.holder}" for a in assessments}
        st.selectbox("Whose assessment of the facts do you believe?", list(labels), format_func=labels.__getitem__,
                     index=None, key="pw_assessment", placeholder="The editors' scores")
    st.text_area(f"Your reason (one or two sentences, at most {MAX_REASON} characters; shown to the room without "
                 "your name)", key="pw_reason", height=80)

mine = {c: float(ss.get(session.weight_key(c), 0)) for c in crit}
with preview:
    preview_ctx = tuple(rnd.contexts) if rnd else ()
    st.markdown("**Your ranking with these weights**" + (f" (round {rnd.number}'s conditions)" if rnd else ""))
    if sum(mine.values()) > 0:
        matrix = rooms.round_matrix(pack, preview_ctx, ss.get("pw_assessment") or None)
        mine_result = engine.rank(matrix, mine, method=first_view.room.method)
        st.markdown("  \n".join(f"{int(mine_result.ranks[mine_result.option_ids.index(o)])}\\. {md(names[o])}"
                                for o in mine_result.order[:5]))
        leaders = [names[o] for o, r in zip(mine_result.option_ids, mine_result.ranks) if int(r) == 1]
        now_line.markdown(("Your top option now: " if len(leaders) == 1 else "Tied at the top now: ")
                          + md(plain.join_names(leaders)))
    else:
        st.warning("Every weight is zero: raise at least one to submit.")
        now_line.markdown("Every weight is zero: raise at least one to submit.")

st.button("Submit my weights", type="primary", on_click=_submit, disabled=not round_open or sum(mine.values()) <= 0,
          help=None if round_open else "Submissions open when the facilitator opens a round.")
msg = ss.pop("submit_msg", None)
if msg:  # a refusal or a fault, said once, under the button it concerns (which stays)
    st.error(md(msg[2]))
