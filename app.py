"""Options Ladder — the Streamlit entrypoint: page config, shared controls and the page router."""

from pathlib import Path

import streamlit as st

from schema import PackError
from ui import session, sidebar, style

FAVICON = Path(__file__).parent / "ui" / "favicon.png"  # a file: no icon font fetched from an outside host
st.set_page_config(page_title="Options Ladder", page_icon=str(FAVICON), layout="wide")

# No icon names on our pages: a screen reader read them aloud ("stairs").
PAGES = [
    st.Page("ui/app_pages/ladder.py", title="Ladder", url_path="home", default=True),  # served at /
    st.Page("ui/app_pages/weigh.py", title="Weigh & rank", url_path="weigh"),
    st.Page("ui/app_pages/compare.py", title="Compare", url_path="compare"),
    st.Page("ui/app_pages/perspectives.py", title="Perspectives", url_path="perspectives"),
    st.Page("ui/app_pages/sources.py", title="Sources", url_path="sources"),
    st.Page("ui/app_pages/your_pack.py", title="Your pack", url_path="your-pack"),
]


def ladder_link() -> None:
    """/ladder (the default page lives at /): open the ladder instead of "Page not found"."""
    st.switch_page(PAGES[0], query_params=st.query_params.to_dict())


PAGES.append(st.Page(ladder_link, title="Ladder", url_path="ladder", visibility="hidden"))

ROOM_PAGES = [
    st.Page("ui/app_pages/room_facilitator.py", title="Run a room", url_path="facilitate"),
    st.Page("ui/app_pages/room_join.py", title="Join a room", url_path="join"),
    st.Page("ui/app_pages/room_screen.py", title="Projector view", url_path="screen"),
]

page = st.navigation({"Explore": PAGES, "Seminar": ROOM_PAGES})
try:
    pack = session.current_pack()
except PackError as exc:  # the bundled pack itself is broken: say so instead of a traceback
    st.error("The bundled case pack does not load. Run `ladder validate` to see every problem.")
    st.code(str(exc), language=None)
    st.stop()
style.apply()  # every page, the room pages too (caption contrast; a participant's top option kept in view on a phone)
if page.url_path not in {"facilitate", "join", "screen"}:  # rooms take method and conditions from the room
    sidebar.render(pack)
page.run()
