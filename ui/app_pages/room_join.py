"""Join a room: a participant weighs the criteria for the current round and sees the group when revealed."""

from __future__ import annotations

import streamlit as st

import engine
import seminar
from ui import rooms, session
from ui.text import md

st.title("Join a seminar room")
store = rooms.store()


def _join() -> None:
    code = st.session_state.get("join_code", "")
    name = st.session_state.get("join_name", "")
    role = st.session_state.get("join_role") or ""
    try:
        ip = st.context.ip_address  # the client key for slowing down guessed codes
        _pid, token = store.join(code, name, role, client_key=ip if isinstance(ip, str) else "")
    except seminar.RateLimited as exc:
        st.session_state["join_error"] = str(exc)
    except seminar.RoomError as exc:
        st.session_state["join_error"] = str(exc)
    else:
        st.session_state["participant_token"] = token
        st.session_state.pop("join_error", None)


# The participant's own link (?p=TOKEN) brings them back after a reload or a server restart.
if "participant_token" not in st.session_state and st.query_params.get("p"):
    try:
        store.participant_view(st.query_params["p"])
    except seminar.RoomError:
        st.query_params.pop("p", None)
        st.warning("That participant link is no longer valid: join again with the room's code.")
    else:
        st.session_state["participant_token"] = st.query_params["p"]

if "participant_token" not in st.session_state:
    if "join_code" not in st.session_state and st.query_params.get("code"):
        st.session_state["join_code"] = st.query_params["code"]
    pack = session.bundled_pack()
    with st.form("join"):
        st.text_input("Join code (from the facilitator's screen)", key="join_code", max_chars=20)
        st.text_input("Your display name", key="join_name", max_chars=60)
        lenses = {lens.id: f"{lens.name} ({lens.actor})" for lens in pack.lenses}
        st.selectbox("Role to play (optional: starts your weights from that lens)", list(lenses),
                     format_func=lenses.__getitem__, index=None, key="join_role", placeholder="No role")
        st.form_submit_button("Join", type="primary", on_click=_join)
    if st.session_state.get("join_error"):
        st.error(st.session_state["join_error"])
    st.stop()

token = st.session_state["participant_token"]
st.query_params["p"] = token  # keep it in this browser's URL only, so a reload rejoins as the same person
st.query_params.pop("code", None)
try:
    first_view = store.participant_view(token)
except seminar.RoomError as exc:
    st.error(f"{exc}")
    if st.button("Join again"):
        st.session_state.pop("participant_token", None)
        st.query_params.pop("p", None)
        st.rerun()
    st.stop()
pack = rooms.room_pack(first_view.room.pack_ref)
crit = {c.id: c.name for c in pack.criteria}
names = {o.id: o.name for o in pack.options}
ctx_names = {c.id: c.name for c in pack.contexts}
me = first_view.participant

# Start a participant's sliders once: from their last submission, else their role's lens, else the middle.
if "pw_initialised" not in st.session_state:
    role = next((lens for lens in pack.lenses if lens.id == me.role), None)
    own = first_view.own_submission  # coming back (reload, restart): start from what they last sent
    for c in crit:
        if own is not None and c in own.weights:
            st.session_state[f"pw_{c}"] = int(round(min(100.0, own.weights[c])))
        else:  # a role starts from its lens (largest weight 100); no role, from the middle
            st.session_state[f"pw_{c}"] = (int(round(100 * role.weights.get(c, 0) / max(role.weights.values())))
                                           if role else session.DEFAULT_WEIGHT)
    st.session_state["pw_initialised"] = True

st.markdown(f"**{md(first_view.room.title)}** — you are **{md(me.display_name)}**"
            + (f", playing {md(me.role)}" if me.role else ""))
st.caption("This page's address is your personal link back into the room (after a reload or a dropped "
           "connection): do not share it.")


def _submit() -> None:
    weights = {c: float(st.session_state.get(f"pw_{c}", 0)) for c in crit}
    try:
        revision = store.submit(token, weights)
        current = store.participant_view(token).current_round
    except seminar.RoomError as exc:
        st.session_state["submit_msg"] = ("error", None, str(exc))
    else:
        number = current.number if current else None
        st.session_state["submit_msg"] = ("ok", number, f"Round {number}: submitted (revision {revision}). "
                                                        "You may revise until the round closes.")


@st.fragment(run_every=3)
def round_panel() -> None:
    view = store.participant_view(token)
    rnd = view.current_round
    if rnd is None:
        st.info("Waiting for the facilitator to open the first round.")
        return
    rooms.round_header(rnd, ctx_names)
    if view.own_submission:
        st.caption(f"Your latest submission: revision {view.own_submission.revision} at "
                   f"{view.own_submission.submitted_at:%H:%M:%S} UTC.")
    if view.group_weights is not None:
        matrix = engine.matrix_from_pack(pack, contexts=tuple(rnd.contexts))
        result = engine.rank(matrix, dict(view.group_weights), method=view.room.method)
        st.markdown(f"**Group result ({view.group_size} submissions)**")
        st.markdown("  \n".join(f"{int(result.ranks[result.option_ids.index(o)])}\\. {md(names[o])}"
                                for o in result.order))
        if view.individual_submissions:
            with st.expander("Individual submissions"):
                for sub in view.individual_submissions:
                    top = max(sub.weights, key=sub.weights.get)
                    st.markdown(f"- {md(sub.display_name)}: heaviest weight on {md(crit.get(top, top))}")
    else:
        st.caption("The group result appears here when the facilitator reveals it.")


round_panel()

st.subheader("Your weights")
cols = st.columns(2)
for i, c in enumerate(pack.criteria):
    arrow = "↑" if c.direction == "benefit" else "↓"
    cols[i % 2].slider(f"{c.name} ({arrow})", 0, 100, key=f"pw_{c.id}", help=c.definition)
preview_ctx = tuple(first_view.current_round.contexts) if first_view.current_round else ()
mine = {c: float(st.session_state.get(f"pw_{c}", 0)) for c in crit}
if sum(mine.values()) > 0:
    result = engine.rank(engine.matrix_from_pack(pack, contexts=preview_ctx), mine, method=first_view.room.method)
    st.markdown(f"Your top option with these weights: **{md(names[result.order[0]])}**")
st.button("Submit my weights", type="primary", on_click=_submit)
msg = st.session_state.get("submit_msg")
current_number = first_view.current_round.number if first_view.current_round else None
if msg and (msg[0] == "error" or msg[1] == current_number):  # an acknowledgement belongs to its round
    (st.success if msg[0] == "ok" else st.error)(msg[2])
