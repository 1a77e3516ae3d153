"""A browser page's Streamlit websocket frames, decoded, for the benchmarks that split a latency.

Times are when Playwright reports each frame to this process (``time.perf_counter()``).
"""

from __future__ import annotations

import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


class PageFrames:
    """Attach to a page (``page.on("websocket", frames.attach)``); subclasses read each message in
    ``on_back`` (page to server) and ``on_forward`` (server to page)."""

    def attach(self, ws) -> None:
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framesent", self._sent)
            ws.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        if isinstance(payload, bytes):
            msg = BackMsg()
            msg.ParseFromString(payload)
            self.on_back(msg, time.perf_counter())

    def _received(self, payload) -> None:
        if isinstance(payload, bytes):
            now = time.perf_counter()
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            self.on_forward(msg, now)

    def on_back(self, msg: BackMsg, now: float) -> None:
        pass

    def on_forward(self, msg: ForwardMsg, now: float) -> None:
        pass
