"""Run a room: create it, open rounds with injects, watch the group's ranking and disagreement live."""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

import seminar
from ui import charts, room_report, rooms, session
from ui.text import md

st.title("Run a seminar room")
store = rooms.store()

# A private facilitator link (?room=ID&key=SECRET) restores the dashboard; it is then taken off the URL
# so that it never shows on a projected screen.
if "room" in st.query_params and "key" in st.query_params:
    try:
        room_id = int(st.query_params["room"])
        store.facilitator_view(room_id, st.query_params["key"])
    except (ValueError, seminar.RoomError):
        st.error("This facilitator link is not valid. Check that you copied all of it.")
    else:
        st.session_state["facilitating"] = (room_id, st.query_params["key"])
    st.query_params.clear()


def _base_url() -> str:
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def _create(pack_title: str) -> None:
    pack = session.current_pack()
    title = st.session_state.get("new_room_title", "").strip()
    try:
        room_id, secret, _code = store.create_room(
            title or pack_title, rooms.pack_ref_for(pack), st.session_state.get("new_room_method", "wsm"),
            bool(st.session_state.get("new_room_individual", False)),
            [c.id for c in pack.criteria], [lens.id for lens in pack.lenses])
    except seminar.RoomError as exc:
        st.session_state["room_error"] = str(exc)
        return
    st.session_state["facilitating"] = (room_id, secret)


if "facilitating" not in st.session_state:
    pack = session.current_pack()
    st.markdown("Participants join from their own browsers with a short code; you open rounds, inject events "
                "and see the group's ranking update by itself.")
    with st.form("create_room"):
        st.text_input("Room title", key="new_room_title", max_chars=120, placeholder=pack.info.title)
        st.selectbox("Ranking method", list(session.METHODS), format_func=session.METHODS.__getitem__,
                     key="new_room_method")
        st.checkbox("Show individual submissions to the room (otherwise only the aggregate)",
                    key="new_room_individual")
        st.caption(f"Case pack: {md(pack.info.title)}" + (" (uploaded)" if session.pack_key() != "bundled" else ""))
        st.form_submit_button("Create room", type="primary", on_click=_create, args=(pack.info.title,))
    if st.session_state.get("room_error"):
        st.error(st.session_state.pop("room_error"))
    st.stop()

room_id, secret = st.session_state["facilitating"]


def _act(action: str, *args) -> None:
    try:
        getattr(store, action)(room_id, secret, *args)
    except seminar.RoomError as exc:
        st.session_state["room_error"] = str(exc)


def _open_round(pack) -> None:
    inject_id = st.session_state.get("round_inject") or ""
    title = text = ""
    contexts = list(st.session_state.get("round_contexts") or [])
    if inject_id and inject_id != "__typed__":
        inject = next(i for i in pack.injects if i.id == inject_id)
        title, text = inject.title, inject.description
    elif inject_id == "__typed__":
        title = st.session_state.get("round_typed_title", "").strip()
        text = st.session_state.get("round_typed_text", "").strip()
        inject_id = ""
    try:
        store.open_round(room_id, secret, inject_id=inject_id, inject_title=title, inject_text=text,
                         contexts=contexts)
    except seminar.RoomError as exc:
        st.session_state["room_error"] = str(exc)


def _inject_changed(pack) -> None:
    """Choosing an inject pre-selects the contexts it switches on."""
    inject_id = st.session_state.get("round_inject")
    inject = next((i for i in pack.injects if i.id == inject_id), None)
    if inject is not None:
        st.session_state["round_contexts"] = list(inject.contexts)


view = store.facilitator_view(room_id, secret)
pack = rooms.room_pack(view.room.pack_ref)
names = {o.id: o.name for o in pack.options}
crit = {c.id: c.name for c in pack.criteria}
ctx_names = {c.id: c.name for c in pack.contexts}

code = seminar.format_join_code(view.room.join_code)
st.subheader(md(view.room.title))
c1, c2, c3 = st.columns([2, 3, 2])
c1.metric("Join code", code)
c2.markdown(f"Participants open **Join a room** and type the code, or use this link:  \n"
            f"`{_base_url()}/join?code={view.room.join_code}`")
c3.metric("Room", str(view.room.state))
with st.expander("Private facilitator link (keep it to yourself; do not project it)"):
    st.code(f"{_base_url()}/facilitate?room={room_id}&key={secret}", language=None)
if st.session_state.get("room_error"):
    st.error(st.session_state.pop("room_error"))

with st.container(border=True):
    st.markdown("**Rounds**")
    inject_labels = {i.id: i.title for i in pack.injects} | {"__typed__": "Type an event of my own…"}
    r1, r2 = st.columns(2)
    r1.selectbox("Inject for the next round", list(inject_labels), format_func=inject_labels.__getitem__,
                 index=None, placeholder="No inject (a plain round)", key="round_inject",
                 on_change=_inject_changed, args=(pack,))
    r2.multiselect("Conditions in force", list(ctx_names), format_func=ctx_names.__getitem__, key="round_contexts")
    if st.session_state.get("round_inject") == "__typed__":
        st.text_input("Event title", key="round_typed_title", max_chars=200)
        st.text_area("What happened", key="round_typed_text", max_chars=4000)
    b = st.columns(6)
    b[0].button("Open next round", type="primary", on_click=_open_round, args=(pack,))
    b[1].button("Close round", on_click=_act, args=("close_round",),
                disabled=not (view.current_round and view.current_round.is_open))
    b[2].button("Hide results" if view.room.revealed else "Reveal results", on_click=_act,
                args=("set_revealed", not view.room.revealed))
    locked = view.room.state == seminar.RoomState.LOCKED
    b[3].button("Unlock" if locked else "Lock", on_click=_act, args=("unlock_room" if locked else "lock_room",))
    b[4].button("Close room", on_click=_act, args=("close_room",))
    b[5].button("Leave dashboard", on_click=lambda: st.session_state.pop("facilitating", None))


def _analyse(rnd: seminar.RoundInfo):
    return rooms.analyse_round(view.room.pack_ref, pack, tuple(rnd.contexts), view.room.method,
                               store.round_weights(room_id, rnd.number))


@st.fragment(run_every=1)  # one facilitator: poll often, so a submission shows within a second
def dashboard() -> None:
    live = store.facilitator_view(room_id, secret)
    rnd = live.current_round
    if rnd is None:
        st.info("No round yet: open the first round when participants have joined. "
                f"Joined so far: {len(live.participants)}.")
        if live.participants:
            st.markdown(", ".join(md(p.display_name) for p in live.participants))
        return
    rooms.round_header(rnd, ctx_names)
    submitted = live.submitted_this_round
    st.markdown(f"**Submitted {len(submitted)} of {len(live.participants)}**  \n"
                + "  \n".join(f"{'✓' if p.id in submitted else '…'} {md(p.display_name)}"
                              + (f" ({md(p.role)})" if p.role else "") for p in live.participants))
    result = rooms.analyse_round(view.room.pack_ref, pack, tuple(rnd.contexts), live.room.method,
                                 [dict(s.weights) for s in live.latest_submissions])
    if result is None:
        st.caption("Waiting for the first submission.")
        return
    left, right = st.columns(2)
    with left:
        st.markdown("**Group ranking** (mean of normalised weights)")
        lines = [f"{int(row['rank'])}\\. {md(row['name'])} — {row['score']:.3f} (Borda rank {int(row['borda_rank'])})"
                 for _, row in result.ranking.iterrows()]
        st.markdown("  \n".join(lines))
    with right:
        st.markdown("**Disagreement**")
        w_text = f"{result.kendall_w:.2f}" if result.kendall_w is not None else "—"
        st.markdown(f"Agreement between participants' rankings (Kendall's W, 1 = identical): **{w_text}**  \n"
                    f"Participants whose own first choice is the group's top option: **{result.top_share:.0%}**")
        st.markdown("First choices: " + "; ".join(f"{md(row['name'])} {row['votes']:g}"
                                                  for _, row in result.first_choices.iterrows()))
        spread = result.spread.rename(index=crit)[["mean", "std", "min", "max"]].round(3)
        st.dataframe(spread.sort_values("std", ascending=False), width="stretch")
        if result.flips:
            st.markdown("What would flip the group's top option:  \n" + "  \n".join(md(s) for s in result.flips[:3]))
    if len(live.rounds) > 1:
        rows = []
        for k, past in enumerate(live.rounds):
            res = _analyse(past)
            if res is None:
                continue
            for oid, row in res.ranking.iterrows():
                rows.append({"step": f"Round {past.number}", "step_order": k, "option": names.get(oid, oid),
                             "rank": int(row["rank"])})
        if rows:
            st.markdown("**How the group ranking moved, round by round**")
            st.altair_chart(charts.bump_chart(pd.DataFrame(rows), "Round"), width="stretch")


dashboard()

st.subheader("After-action report")
anonymise = st.checkbox("Anonymise names in the report", key="report_anonymise")
history = store.history(room_id, secret)
report = room_report.after_action_markdown(pack, store.facilitator_view(room_id, secret), history, _analyse, anonymise)
d1, d2 = st.columns(2)
d1.download_button("After-action report (HTML)", room_report.after_action_html(report, view.room.title),
                   "after-action-report.html", "text/html")
d2.download_button("After-action report (Markdown)", report, "after-action-report.md", "text/markdown")
