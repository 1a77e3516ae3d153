"""A seminar room under load: N light participant sessions and a real facilitator browser on one server.

Starts a real `streamlit run app.py` server on a free port with a fresh SQLite rooms database
(``LADDER_DATABASE_URL``), creates a room with round 1 open and joins ``--participants``
participants through the store (``seminar.open_store`` on the same file). The facilitator's
dashboard (``/facilitate?room=ID&key=SECRET``) is a real page in Debian chromium (Playwright).

``--submitted all`` (the default) is the steady state of a real room: everyone except the
``--submissions`` participants timed in (a) has submitted before the sessions connect, so the
participants' polls run against a full round and the last timed submission makes it
"N of N". ``--submitted 0`` (or any number) starts from that many instead. ``--revealed``
reveals the group result first, so every participant's poll also draws the group ranking.
``--backend postgresql --servers 2`` runs the room on a private PostgreSQL cluster (started
for the run, durability on) with two app servers on the same database: participants
alternate between them, the facilitator is on the first; memory and CPU are summed over
both servers.

Each participant gets a *light* session instead of a browser: one websocket on
``/_stcore/stream`` speaking Streamlit's own protocol (``BackMsg``/``ForwardMsg`` from
``streamlit.proto``). It asks for a run of the ``join`` page with ``?p=TOKEN`` as a browser tab
does, follows ``st.query_params`` changes, and when the server sends ``auto_rerun`` for the
page's ``run_every`` fragment it re-requests that fragment at that interval (3 s, longer in a large
room: ``ui.rooms.participant_poll_seconds``), as the browser's timer
does, whether or not the previous run has finished. So the server does the work it does for a
real tab: one full script run per participant and one fragment run per participant every 3 s.
The light session sends no widget values (the join page keeps them in session state and the
fragment has no widgets). A browser restarts a fragment's timer on every full rerun of its page,
so in a room the timers tick at unrelated moments: each light session starts its timer at a
random phase (``--aligned-timers``: all at once, the worst case). A session counts as on the
participant page when the server sent it the participant's own name, "Round 1 (open)" and at
least one fragment run.

Printed (asserts nothing):
  (a) ``store.submit`` acknowledged -> "Submitted k of N" on the facilitator's screen, at random
      moments relative to the dashboard's 2 s poll: median and p95 (target 1 s or less), split
      with the page's own websocket frames into waiting for the next poll, the server's
      dashboard run, and drawing; with the participants' fragment run times under that load;
  (b) server memory per connected session: VmRSS of the server before and after the light
      sessions connect and render, divided by their number;
  (c) submissions per second on SQLite: a burst against the live database while the server
      serves every session, and bench/bench_store.py's figure on a fresh file (PostgreSQL:
      run bench/bench_store.py).

``--post-script-gc off`` starts the server with ``STREAMLIT_RUNNER_POST_SCRIPT_GC=false``, for
comparison with the configuration as committed. Everything is on 127.0.0.1, every wait is
bounded, and the server is stopped on the way out; about 1.5-2 minutes on 2 cores.

    .venv/bin/python bench/bench_room.py [--participants 60] [--submitted all] [--submissions 40]
        [--revealed] [--burst 600] [--isolated 1500] [--post-script-gc off]

The last line printed is one row of the README's table (participants, pages rendered,
submission -> dashboard p95, participant refresh p95, memory per session).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

import seminar  # noqa: E402
from schema import BUNDLED_PACK, load_pack  # noqa: E402
from _frames import PageFrames  # noqa: E402  (bench/, this script's folder)
from tests.browser.conftest import CHROMIUM, free_port, start_server, stop_server  # noqa: E402
from tests.seminar.pg_cluster import start_cluster  # noqa: E402
from ui.rooms import DASHBOARD_POLL_SECONDS  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SUBMITTED_NOW = """() => {
    const els = [...document.querySelectorAll('[data-testid=stMarkdownContainer]')];
    const r = els.find(e => e.innerText.startsWith('Submitted '));
    return r ? r.innerText.split('\\n')[0] : null; }"""
SUBMITTED_AT_LEAST = """(k) => {
    const els = [...document.querySelectorAll('[data-testid=stMarkdownContainer]')];
    const r = els.find(e => e.innerText.startsWith('Submitted '));
    const m = r && r.innerText.match(/^Submitted (\\d+) of/); return !!m && Number(m[1]) >= k; }"""
SCREEN_AT_LEAST = """(k) => {
    const r = document.querySelector('.ladder-count');
    const m = r && r.innerText.match(/Submitted this round: (\\d+)/); return !!m && Number(m[1]) >= k; }"""
# When each count first appeared in the page's DOM, by the page's own clock (Date.now(), the same
# clock as time.time() here): what a person looking at the screen sees, without the delay with which
# Playwright's events reach this busy process (which also hosts the 300 light sessions).
SEEN_SCRIPT = """(() => {
  window.__seen = {};
  const re = /Submitted (\\d+) of \\d+|Submitted this round: (\\d+)/;
  const look = () => {
    for (const e of document.querySelectorAll('[data-testid=stMarkdownContainer], .ladder-count')) {
      const m = e.textContent.match(re);
      if (m) { const k = Number(m[1] || m[2]); if (!(k in window.__seen)) window.__seen[k] = Date.now(); }
    }
  };
  const start = () => new MutationObserver(look).observe(document.documentElement,
      {subtree: true, childList: true, characterData: true});
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})()"""
SEEN_AT = "(k) => window.__seen[k] ?? null"
FINISHED = ForwardMsg.ScriptFinishedStatus
SUBMITTED_RE = re.compile(r"Submitted (\d+) of (\d+)")


# -- light sessions ------------------------------------------------------------------------


@dataclass
class LightSession:
    """One Streamlit session over a bare websocket: what a browser tab costs the server, minus the tab."""

    ws_url: str
    page_name: str  # the URL path a browser would be on ("join", "facilitate")
    query_string: str
    name: str = ""
    connected_at: float = 0.0
    rendered_at: float = 0.0  # first full script run finished
    messages: int = 0
    deltas: int = 0
    bytes: int = 0
    texts: list[str] = field(default_factory=list)  # markdown / heading / alert bodies seen
    fragment_runs: int = 0
    fragment_ms: list[tuple[float, float]] = field(default_factory=list)  # (finished at, request -> finished)
    error: str | None = None
    kinds: dict[str, int] = field(default_factory=dict)  # ForwardMsg types seen (script_finished by status)
    page_script_hash: str = ""
    _pending: float | None = None
    _timers: dict[str, asyncio.Task] = field(default_factory=dict)
    _rendered: asyncio.Event = field(default_factory=asyncio.Event)
    phase: float = 0.0  # extra delay before the fragment timer's first tick, as a fraction of its interval
    interval: float = 0.0  # the fragment's run_every, as the server's auto_rerun gave it
    watch: str = ""  # a text to wait for, and when it first arrived
    watch_seen_at: float = 0.0

    def _rerun(self, fragment_id: str = "") -> bytes:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_name = self.page_name
        state.page_script_hash = self.page_script_hash
        state.widget_states.SetInParent()  # the widgets' values live in session state on this page
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
        ctx = state.context_info
        ctx.timezone, ctx.timezone_offset, ctx.locale = "UTC", 0, "en-GB"
        ctx.url = f"http://{self.ws_url.split('/')[2]}/{self.page_name}"
        return msg.SerializeToString()

    async def run(self, stop: asyncio.Event) -> None:
        try:
            headers = ({"Cookie": "ladder_participant=" + self.query_string[2:]}
                       if self.query_string.startswith("p=") else {})
            async with connect(self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60,
                               close_timeout=2, compression=None, additional_headers=headers) as ws:
                self.connected_at = time.perf_counter()
                await ws.send(self._rerun())
                reader = asyncio.ensure_future(self._read(ws))
                stopper = asyncio.ensure_future(stop.wait())
                await asyncio.wait({reader, stopper}, return_when=asyncio.FIRST_COMPLETED)
                for task in (reader, stopper, *self._timers.values()):
                    task.cancel()
        except Exception as exc:  # noqa: BLE001 - reported, not raised: a benchmark prints
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self._rendered.set()

    async def _read(self, ws) -> None:
        async for raw in ws:
            self.messages += 1
            self.bytes += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            label = f"script_finished:{msg.script_finished}" if kind == "script_finished" else kind
            self.kinds[label] = self.kinds.get(label, 0) + 1
            if kind == "delta":
                self.deltas += 1
                if msg.delta.WhichOneof("type") == "new_element":
                    el = msg.delta.new_element
                    what = el.WhichOneof("type")
                    if what in {"markdown", "heading", "alert"}:
                        body = getattr(el, what).body
                        if len(self.texts) < 200:
                            self.texts.append(body)
                        if self.watch and not self.watch_seen_at and self.watch in body:
                            self.watch_seen_at = time.perf_counter()
            elif kind == "new_session":
                self.page_script_hash = msg.new_session.page_script_hash or self.page_script_hash
            elif kind == "navigation":
                self.page_script_hash = msg.navigation.page_script_hash or self.page_script_hash
            elif kind == "page_info_changed":  # st.query_params changed: the browser's URL follows
                self.query_string = msg.page_info_changed.query_string
            elif kind == "auto_rerun":
                fid, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
                if fid not in self._timers:
                    self._timers[fid] = asyncio.ensure_future(self._every(ws, fid, interval))
            elif kind == "script_finished":
                now = time.perf_counter()
                if msg.script_finished == FINISHED.FINISHED_SUCCESSFULLY and not self.rendered_at:
                    self.rendered_at = now
                    self._rendered.set()
                elif msg.script_finished == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                    self.fragment_runs += 1
                    if self._pending is not None:
                        self.fragment_ms.append((now, (now - self._pending) * 1000))
                        self._pending = None

    async def _every(self, ws, fragment_id: str, interval: float) -> None:
        """The browser's setInterval for a run_every fragment (first tick after ``phase`` of an interval)."""
        self.interval = interval
        await asyncio.sleep(self.phase * interval)
        while True:
            await asyncio.sleep(interval)
            if self._pending is None:
                self._pending = time.perf_counter()
            await ws.send(self._rerun(fragment_id))


class Swarm:
    """Light sessions on an asyncio loop in a background thread (the main thread drives Playwright)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.stop = self.call(self._new_event())
        self.tasks: list = []

    async def _new_event(self) -> asyncio.Event:
        return asyncio.Event()

    def call(self, coro, timeout: float = 120):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def start(self, sessions: list[LightSession]) -> None:
        async def launch() -> None:
            for s in sessions:
                s._rendered = asyncio.Event()
                self.tasks.append(asyncio.ensure_future(s.run(self.stop)))
        self.call(launch())

    def wait_rendered(self, sessions: list[LightSession], timeout: float) -> None:
        async def all_rendered() -> None:
            await asyncio.wait_for(asyncio.gather(*(s._rendered.wait() for s in sessions)), timeout)
        self.call(all_rendered(), timeout + 5)

    def close(self) -> None:
        async def shutdown() -> None:
            self.stop.set()
            if self.tasks:
                _done, pending = await asyncio.wait(self.tasks, timeout=5)
                for task in pending:
                    task.cancel()
                await asyncio.gather(*self.tasks, return_exceptions=True)
        try:
            self.call(shutdown(), 20)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)


class BrowserFrames(PageFrames):
    """The facilitator page's websocket traffic: when it asks for a dashboard run, when results arrive."""

    def __init__(self) -> None:
        self.requests: list[float] = []  # fragment rerun BackMsgs sent by the page
        self.finished: list[float] = []  # fragment script_finished ForwardMsgs received
        self.counts: list[tuple[float, int]] = []  # "Submitted k of N" deltas received
        self.wait_ms: list[float] = []
        self.server_ms: list[float] = []
        self.render_ms: list[float] = []

    def on_back(self, msg, now: float) -> None:
        if msg.WhichOneof("type") == "rerun_script" and msg.rerun_script.fragment_id:
            self.requests.append(now)

    def on_forward(self, msg, now: float) -> None:
        kind = msg.WhichOneof("type")
        if kind == "script_finished" and msg.script_finished == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self.finished.append(now)
        elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "markdown":
            found = SUBMITTED_RE.search(msg.delta.new_element.markdown.body)
            if found:
                self.counts.append((now, int(found.group(1))))

    def split(self, k: int, acked: float, shown: float) -> None:
        """Split submission k's latency: wait for the next poll, server run and transfer, render."""
        arrived = next((t for t, count in self.counts if acked <= t <= shown and count > k), None)
        if arrived is None:
            return
        asked = [t for t in self.requests if t <= arrived]  # the run that brought it is the latest asked for
        if asked:
            self.wait_ms.append(max(0.0, asked[-1] - acked) * 1000)
            self.server_ms.append((arrived - asked[-1]) * 1000)
        self.render_ms.append((shown - arrived) * 1000)

    def run_ms(self, start: float, end: float) -> tuple[list[float], int]:
        """Request -> script_finished of the dashboard runs asked for in [start, end], and how many
        did not finish before the page asked again."""
        runs, unfinished = [], 0
        asked = [t for t in self.requests if start <= t <= end]
        for this, following in zip(asked, [*asked[1:], float("inf")]):
            done = next((t for t in self.finished if this <= t < following), None)
            if done is None:
                unfinished += 1
            else:
                runs.append((done - this) * 1000)
        return runs, unfinished


# -- helpers -------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def fmt(values: list[float]) -> str:
    if not values:
        return "no samples"
    return f"median {statistics.median(values):6.0f} ms   p95 {pct(values, 0.95):6.0f} ms   (n={len(values)})"


def weights_for(criteria: list[str], n: int) -> dict[str, float]:
    return {c: float(1 + (n + i) % 5) for i, c in enumerate(criteria)}


def burst(store: seminar.RoomStore, tokens: list[str], criteria: list[str], total: int,
          threads: int) -> tuple[float, list[float]]:
    if total <= 0:
        return 0.0, [0.0]
    """``total`` submissions from ``threads`` threads as fast as the store takes them."""
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        mine = []
        for n in range(k, total, threads):
            began = time.perf_counter()
            store.submit(tokens[n % len(tokens)], weights_for(criteria, n), round_number=1)
            mine.append((time.perf_counter() - began) * 1000)
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        for f in [pool.submit(worker, k) for k in range(threads)]:
            f.result()
    return total / (time.perf_counter() - began), latencies


# -- the benchmark -------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--submitted", default="all",
                        help="participants who submitted before the sessions connect: 'all' (everyone but "
                             "the timed ones, the default) or a number")
    parser.add_argument("--submissions", type=int, default=40, help="timed submissions for (a)")
    parser.add_argument("--revealed", action="store_true", help="reveal the group result before measuring")
    parser.add_argument("--burst", type=int, default=600, help="submissions in the live SQLite burst (c); 0: skip")
    parser.add_argument("--burst-threads", type=int, default=8)
    parser.add_argument("--isolated", type=int, default=1500,
                        help="submissions for bench_store's isolated SQLite figure (0: skip)")
    parser.add_argument("--aligned-timers", action="store_true",
                        help="start every participant's 3 s fragment timer when its page renders (all at "
                             "once, since all connect at once) instead of at a random phase")
    parser.add_argument("--post-script-gc", choices=["config", "off"], default="config",
                        help="'off' starts the server with STREAMLIT_RUNNER_POST_SCRIPT_GC=false, to compare")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--servers", type=int, default=1, help="app servers on the one database (PostgreSQL)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--round-change", action=argparse.BooleanOptionalAction, default=True,
                        help="(d) open round 2 at the end and time it to every participant's page")
    args = parser.parse_args()
    n = args.participants
    if n < 1 or not 1 <= args.submissions <= n:
        parser.error("need 1 <= submissions <= participants")
    if args.servers < 1 or (args.servers > 1 and args.backend != "postgresql"):
        parser.error("several --servers need --backend postgresql (SQLite is one server's file)")
    if args.submitted == "all":
        presubmitted = n - args.submissions
    elif args.submitted.isdigit() and int(args.submitted) <= n - args.submissions:
        presubmitted = int(args.submitted)
    else:
        parser.error("--submitted is 'all' or a number up to participants - submissions")
    rng = random.Random(args.seed)
    pack = load_pack(BUNDLED_PACK)
    criteria = [c.id for c in pack.criteria]
    began = time.perf_counter()
    gc_note = ("off (STREAMLIT_RUNNER_POST_SCRIPT_GC=false)" if args.post_script_gc == "off"
               else "as configured")
    setup = f"{args.servers} server{'s' if args.servers > 1 else ''}, {'PostgreSQL' if args.backend == 'postgresql' else 'SQLite'}"
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; {setup}; {n} light "
          f"participant sessions, 1 facilitator in chromium; Streamlit post-script GC {gc_note}; "
          f"participants' fragment timers {'aligned' if args.aligned_timers else 'at random phases'}; "
          f"{presubmitted} of {n} submitted before the sessions connect; load average "
          f"{os.getloadavg()[0]:.1f} (other processes share these CPUs)"
          + ("; group result revealed" if args.revealed else ""))

    cluster = start_cluster({}) if args.backend == "postgresql" else None  # PostgreSQL's own durability
    with tempfile.TemporaryDirectory(prefix="bench-room-") as tmp:
        url = cluster.create_database("ladder_bench_room") if cluster else f"sqlite:///{Path(tmp) / 'rooms.sqlite3'}"
        store = seminar.open_store(url)
        room_id, secret, code = store.create_room("Bench room", seminar.BUNDLED_PACK, "wsm", False, criteria,
                                                  [lens.id for lens in pack.lenses],
                                                  max_participants=max(seminar.DEFAULT_MAX_PARTICIPANTS, n))
        store.open_round(room_id, secret, inject_title="Load")
        # Each participant joins from an address of its own (the store limits joins per client).
        tokens = [store.join(code, f"Participant {i:03d}", client_key=f"10.1.{i // 250}.{i % 250}")[1]
                  for i in range(n)]
        # Timed submissions come from the first participants; everyone after them has submitted.
        for i in range(n - presubmitted, n):
            store.submit(tokens[i], weights_for(criteria, i), round_number=1)
        if args.revealed:
            store.set_revealed(room_id, secret, True)

        env = {"LADDER_DATABASE_URL": url}
        if args.post_script_gc == "off":
            env["STREAMLIT_RUNNER_POST_SCRIPT_GC"] = "false"
        t0 = time.perf_counter()
        procs, bases = [], []
        for i in range(args.servers):
            port = free_port()
            procs.append(start_server(port, env=env, log=Path(tmp) / f"streamlit-{i}.log"))
            bases.append(f"127.0.0.1:{port}")
        health_ms = (time.perf_counter() - t0) * 1000
        base = bases[0]
        swarm = None

        def rss_all() -> float:
            return sum(rss_mb(proc.pid) for proc in procs)

        def cpu_all() -> float:
            return sum(cpu_seconds(proc.pid) for proc in procs)

        try:
            rss_idle = rss_all()
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.set_default_timeout(60_000)
                frames = BrowserFrames()
                page.on("websocket", frames.attach)
                page.context.add_init_script(SEEN_SCRIPT)
                t1 = time.perf_counter()
                page.context.add_cookies([{"name": "ladder_facilitator", "value": f"{room_id}.{secret}",
                                           "url": f"http://{base}"}])
                page.goto(f"http://{base}/facilitate")
                page.wait_for_function(SUBMITTED_AT_LEAST, arg=0)
                facilitator_ms = (time.perf_counter() - t1) * 1000
                # The projector view, on the last server (the first one's, with one server).
                screen = browser.new_page(viewport={"width": 1280, "height": 720})
                screen.add_init_script(SEEN_SCRIPT)
                screen.set_default_timeout(60_000)
                screen.goto(f"http://{bases[-1]}/screen?s={store.create_screen_token(room_id, secret)}")
                screen.wait_for_function(SCREEN_AT_LEAST, arg=0)

                swarm = Swarm()
                ws_urls = [f"ws://{b}/_stcore/stream" for b in bases]
                # Warm-up: the join form (no token), so that one-off costs of the join page (imports,
                # caches) are in the baseline and not charged to the participants' sessions.
                warm = [LightSession(w, "join", "", name="join form") for w in ws_urls]
                swarm.start(warm)
                swarm.wait_rendered(warm, 60)
                time.sleep(3)
                rss_before = rss_all()

                # A browser restarts a fragment's timer on every full rerun of its page, i.e. whenever its
                # participant touches a widget: in a room the 60 timers run at unrelated phases.
                sessions = [LightSession(ws_urls[i % len(ws_urls)], "join", f"p={t}", name=f"Participant {i:03d}",
                                         phase=0.0 if args.aligned_timers else rng.uniform(0, 1.0))
                            for i, t in enumerate(tokens)]
                t2 = time.perf_counter()
                swarm.start(sessions)
                try:
                    swarm.wait_rendered(sessions, 120)
                except TimeoutError:
                    pass  # reported below
                all_rendered = time.perf_counter() - t2
                deadline = time.monotonic() + 30  # and every session's fragment has run at least once
                while time.monotonic() < deadline and not all(s.fragment_runs or s.error for s in sessions):
                    time.sleep(0.2)
                all_fragments = time.perf_counter() - t2
                time.sleep(1)
                rss_after = rss_all()
                # Own name and the open round on the page (loosely: the room pages' wording changes).
                on_page = [s for s in sessions if s.rendered_at and s.fragment_runs >= 1
                           and any(s.name in t for t in s.texts)
                           and any("Round 1" in t for t in s.texts)]
                deltas = [s.deltas for s in sessions]
                bytes_in = [s.bytes for s in sessions]
                renders = [(s.rendered_at - s.connected_at) * 1000 for s in sessions if s.rendered_at]

                # (a) submission -> facilitator's screen, at random moments relative to the 2 s poll.
                page_ms, screen_ms, acks, missed = [], [], [], 0
                page_clock_ms, screen_clock_ms = [], []
                window_start = time.perf_counter()
                cpu_start = cpu_all()
                for k in range(args.submissions):
                    page.wait_for_timeout(rng.uniform(0, 2000))  # (lets Playwright time the page's frames)
                    store.submit(tokens[k], weights_for(criteria, k), round_number=1)
                    acked, acked_wall = time.perf_counter(), time.time() * 1000
                    acks.append(acked)
                    try:
                        page.wait_for_function(SUBMITTED_AT_LEAST, arg=presubmitted + k + 1, timeout=15_000,
                                               polling="raf")
                    except PlaywrightTimeout:
                        missed += 1
                        if missed >= 3:
                            break
                        continue
                    shown = time.perf_counter()
                    page_ms.append((shown - acked) * 1000)
                    seen = page.evaluate(SEEN_AT, presubmitted + k + 1)
                    if seen is not None:
                        page_clock_ms.append(max(0.0, seen - acked_wall))
                    frames.split(presubmitted + k, acked, shown)
                    try:  # measured after the dashboard: a projector that was faster counts as the dashboard's time
                        screen.wait_for_function(SCREEN_AT_LEAST, arg=presubmitted + k + 1, timeout=15_000,
                                                 polling="raf")
                        screen_ms.append((time.perf_counter() - acked) * 1000)
                        seen = screen.evaluate(SEEN_AT, presubmitted + k + 1)
                        if seen is not None:
                            screen_clock_ms.append(max(0.0, seen - acked_wall))
                    except PlaywrightTimeout:
                        pass
                window_end = time.perf_counter()
                server_cpu = (cpu_all() - cpu_start) / (window_end - window_start)
                dash_runs, dash_unfinished = frames.run_ms(window_start, window_end)
                part_runs = [ms for s in sessions for t, ms in s.fragment_ms
                             if window_start <= t <= window_end]
                part_rate = len(part_runs) / (window_end - window_start)
                rss_end = rss_all()

                # (d) the facilitator opens round 2: every participant's page runs in full once.
                opened_ms, facilitator_round_ms = [], None
                if args.round_change:
                    for s in on_page:
                        s.watch = "Round 2 (open)"
                    t3 = time.perf_counter()
                    store.open_round(room_id, secret, inject_title="Round two", after=1)
                    try:
                        page.get_by_text("Round 2 (open): Round two").wait_for(timeout=60_000)
                        facilitator_round_ms = (time.perf_counter() - t3) * 1000
                    except PlaywrightTimeout:
                        pass
                    deadline = time.monotonic() + 60
                    while time.monotonic() < deadline and not all(s.watch_seen_at for s in on_page):
                        time.sleep(0.2)
                    opened_ms = [(s.watch_seen_at - t3) * 1000 for s in on_page if s.watch_seen_at]

                # (c) a burst of submissions on the live database while the server serves every session.
                live_rate, live_lat = burst(store, tokens, criteria, args.burst, args.burst_threads)
                time.sleep(2.5)
                final = page.evaluate(SUBMITTED_NOW)
                browser.close()
        finally:
            if swarm is not None:
                swarm.close()
            for proc in procs:
                stop_server(proc)
            store.close()
            if cluster is not None:
                cluster.stop()

    print(f"server start to health {health_ms:.0f} ms; facilitator's dashboard first render in chromium "
          f"{facilitator_ms:.0f} ms")
    failed = [s for s in sessions if s.error]
    print("\nlight sessions: a websocket each on /_stcore/stream speaking BackMsg/ForwardMsg; rerun_script "
          "of page 'join' with ?p=TOKEN, then the fragment re-requested every 3 s as auto_rerun asks")
    print(f"  reached the participant page (own name, 'Round 1', >= 1 fragment run): "
          f"{len(on_page)} of {n}; connection errors: {len(failed)}"
          + (f" (first: {failed[0].error})" if failed else ""))
    if deltas:
        print(f"  received per session in the first {all_fragments + 1:.0f} s: deltas min {min(deltas)}, "
              f"median {statistics.median(deltas):.0f}, max {max(deltas)}; "
              f"{statistics.median(bytes_in) / 1024:.1f} KiB")
    print(f"  connect -> first full render, all {n} at once: {fmt(renders)}; all rendered after "
          f"{all_rendered * 1000:.0f} ms, every fragment run once after {all_fragments * 1000:.0f} ms")
    if len(on_page) < n:
        odd = next(s for s in sessions if s not in on_page)
        print(f"  e.g. {odd.name}: rendered={bool(odd.rendered_at)}, fragment runs={odd.fragment_runs}, "
              f"messages={odd.kinds}")

    print(f"\n(a) submission acknowledged -> facilitator's dashboard shows 'Submitted k of {n}' "
          f"({len(acks)} submissions at random moments; target <= 1000 ms)")
    print(f"  facilitator's chromium page:           {fmt(page_clock_ms)}  (in the page's DOM, by its clock)"
          + (f"; {missed} not shown within 15 s" if missed else ""))
    print(f"  projector view ('Submitted this round'): {fmt(screen_clock_ms)}  (in the page's DOM, by its clock)")
    print(f"  as Playwright reports them here:       dashboard {fmt(page_ms)}")
    print(f"                                         projector {fmt(screen_ms)}  (read after the dashboard)")
    print("  made of (from the page's websocket frames, as Playwright reports them):")
    print(f"    waiting for the page's next poll     {fmt(frames.wait_ms)}  (it asks every "
          f"{DASHBOARD_POLL_SECONDS} s; frame times reach this busy process late and in bursts)")
    print(f"    poll request -> 'Submitted' delta    {fmt(frames.server_ms)}  (the server's dashboard run)")
    print(f"    delta received -> text on screen     {fmt(frames.render_ms)}")
    print(f"  dashboard fragment runs, request -> script_finished: {fmt(dash_runs)}"
          + (f"; {dash_unfinished} not finished before the next request" if dash_unfinished else ""))
    print(f"  participants' fragment runs meanwhile: {fmt(part_runs)}")
    intervals = sorted({s.interval for s in sessions if s.interval})
    asked = sum(1 / s.interval for s in sessions if s.interval)
    print(f"  {part_rate:.1f} participant fragment runs/s (run_every={'/'.join(f'{i:g}' for i in intervals)} s "
          f"asks {asked:.1f}); server CPU "
          f"{server_cpu * 100:.0f}% of one core")

    if opened_ms or facilitator_round_ms is not None:
        print(f"\n(d) round 2 opened -> 'Round 2 (open)' on the page: participants {fmt(opened_ms)}, "
              f"{len(opened_ms)} of {len(on_page)} within 60 s, the last after {max(opened_ms or [float('nan')]):.0f} ms; "
              f"facilitator {facilitator_round_ms if facilitator_round_ms is not None else float('nan'):.0f} ms")
    print("\n(b) server memory (VmRSS of the streamlit process)")
    print(f"  idle {rss_idle:.0f} MB; facilitator + join form {rss_before:.0f} MB; + {n} participants "
          f"{rss_after:.0f} MB; after the submissions {rss_end:.0f} MB")
    print(f"  per connected participant session: {(rss_after - rss_before) / n * 1024:.0f} KiB "
          f"(({rss_after:.0f} - {rss_before:.0f}) MB / {n})")

    if args.burst <= 0:
        print("\n(c) skipped (--burst 0)")
    else:
        print(f"\n(c) submissions per second on {setup}")
        print(f"  live database while the server serves {n + 2} sessions ({args.burst_threads} threads, "
              f"{args.burst} submissions): {live_rate:.0f}/s, submit p50 {pct(live_lat, 0.5):.1f} ms, "
              f"p95 {pct(live_lat, 0.95):.1f} ms; dashboard afterwards: {final!r}")
    if args.isolated:
        sys.path.insert(0, str(REPO / "bench"))
        import bench_store  # noqa: PLC0415 - only when asked for
        with tempfile.TemporaryDirectory(prefix="bench-room-store-") as tmp:
            fig = bench_store.run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "sqlite", 16, args.isolated, n)
        print(f"  fresh file, nothing else running (bench_store.run, 16 threads, {args.isolated} "
              f"submissions): {fig.per_second:.0f}/s, p50 {fig.percentile(0.5):.1f} ms, "
              f"p95 {fig.percentile(0.95):.1f} ms; PostgreSQL: bench/bench_store.py")
    print(f"\nwhole run: {time.perf_counter() - began:.0f} s; load average at the end {os.getloadavg()[0]:.1f}")
    per_session = (rss_after - rss_before) / n * 1024
    print("\n| setup | participants | submitted before | pages rendered | submission -> dashboard p95 | "
          "submission -> projector p95 | participant refresh p95 | memory per session |")
    print(f"| {setup} | {n} | {presubmitted} + {len(acks)} timed | {len(on_page)} of {n} | "
          f"{pct(page_clock_ms, 0.95) if page_clock_ms else float('nan'):.0f} ms | "
          f"{pct(screen_clock_ms, 0.95) if screen_clock_ms else float('nan'):.0f} ms | "
          f"{pct(part_runs, 0.95) if part_runs else float('nan'):.0f} ms | {per_session:.0f} KiB |")


if __name__ == "__main__":
    main()
