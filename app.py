"""Options Ladder — the Streamlit entrypoint: page config, shared controls and the page router."""

import streamlit as st

from schema import PackError
from ui import session, sidebar

st.set_page_config(page_title="Options Ladder", page_icon=":material/stairs:", layout="wide")

PAGES = [
    st.Page("ui/app_pages/ladder.py", title="Ladder", icon=":material/stairs:", url_path="ladder", default=True),
    st.Page("ui/app_pages/weigh.py", title="Weigh & rank", icon=":material/balance:", url_path="weigh"),
    st.Page("ui/app_pages/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("ui/app_pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
    st.Page("ui/app_pages/your_pack.py", title="Your pack", icon=":material/upload_file:", url_path="your-pack"),
]

ROOM_PAGES = [
    st.Page("ui/app_pages/room_facilitator.py", title="Run a room", icon=":material/co_present:", url_path="facilitate"),
    st.Page("ui/app_pages/room_join.py", title="Join a room", icon=":material/group_add:", url_path="join"),
    st.Page("ui/app_pages/room_screen.py", title="Projector view", icon=":material/tv:", url_path="screen"),
]

page = st.navigation({"Explore": PAGES, "Seminar": ROOM_PAGES})
try:
    pack = session.current_pack()
except PackError as exc:  # the bundled pack itself is broken: say so instead of a traceback
    st.error("The bundled case pack does not load. Run `ladder validate` to see every problem.")
    st.code(str(exc), language=None)
    st.stop()
if page.url_path not in {"facilitate", "join", "screen"}:  # rooms take method and conditions from the room
    sidebar.render(pack)
page.run()
