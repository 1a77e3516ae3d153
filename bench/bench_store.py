"""How many submissions a second the seminar store sustains, on SQLite and on PostgreSQL.

Each backend gets a fresh database, one room with one open round and ``--participants``
joined participants; ``--threads`` threads (one session per submit, as app-server threads
would) then submit ``--submissions`` revisions in total, as fast as the store accepts them.
Printed per backend: sustained submissions per second, submit latency percentiles, the
time to read the facilitator's dashboard (``facilitator_view``) once all are in, and the
median time of one participant's poll (``participant_view``, results revealed, everyone
submitted): it reads only that participant's own row and the cached aggregate, so it should
not grow with ``--participants``.

PostgreSQL: ``--pg-url`` (or ``$LADDER_BENCH_PG_URL``) names a server to use (a fresh
database is created on it when the URL's user may); without one a private, throw-away
cluster with PostgreSQL's default durability settings is started (needs initdb/pg_ctl).

    .venv/bin/python bench/bench_store.py
    .venv/bin/python bench/bench_store.py --threads 32 --submissions 5000 --backends sqlite
"""

from __future__ import annotations

import argparse
import itertools
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import seminar  # noqa: E402
from tests.seminar.pg_cluster import start_cluster  # noqa: E402

CRITERIA = ["cost", "civilian_harm", "legality", "escalation", "alliances", "speed"]


@dataclass
class Figures:
    backend: str
    threads: int
    submissions: int
    seconds: float
    latencies_ms: list[float]
    dashboard_ms: float
    poll_ms: float = 0.0

    @property
    def per_second(self) -> float:
        return self.submissions / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(url: str, backend: str, threads: int, submissions: int, participants: int) -> Figures:
    with seminar.open_store(url, aggregate=lambda w, c: dict.fromkeys(c, 0.0)) as store:
        room_id, secret, code = store.create_room(
            "Bench", "bundled", "wsm", False, CRITERIA, max_participants=max(300, min(participants, 1000))
        )
        store.open_round(room_id, secret, inject_title="Load")
        tokens = [
            store.join(code, f"Participant {p:03d}", client_key=f"10.2.{p // 250}.{p % 250}")[1]
            for p in range(participants)
        ]
        for token in tokens[:5]:  # warm the pool and the caches
            store.submit(token, dict.fromkeys(CRITERIA, 1.0))

        counter = itertools.count()
        lock = threading.Lock()
        latencies: list[float] = []
        start = threading.Barrier(threads + 1)

        def worker() -> None:
            mine: list[float] = []
            start.wait()
            while True:
                with lock:
                    n = next(counter)
                if n >= submissions:
                    break
                weights = {c: float((n + i) % 5) for i, c in enumerate(CRITERIA)}
                began = time.perf_counter()
                store.submit(tokens[n % participants], weights)
                mine.append((time.perf_counter() - began) * 1000)
            with lock:
                latencies.extend(mine)

        with ThreadPoolExecutor(max_workers=threads) as pool:
            futures = [pool.submit(worker) for _ in range(threads)]
            start.wait()
            began = time.perf_counter()
            for future in futures:
                future.result()
            seconds = time.perf_counter() - began

        dashboard = []
        for _ in range(20):
            t0 = time.perf_counter()
            view = store.facilitator_view(room_id, secret)
            dashboard.append((time.perf_counter() - t0) * 1000)
        assert len(view.submitted_this_round) == min(participants, submissions + 5)
        assert len(store.history(room_id, secret)) == submissions + 5
        store.set_revealed(room_id, secret, True)
        polls = []
        for token in tokens:
            t0 = time.perf_counter()
            store.participant_view(token)
            polls.append((time.perf_counter() - t0) * 1000)
    return Figures(backend, threads, submissions, seconds, latencies, statistics.median(dashboard),
                   statistics.median(polls))


@contextmanager
def postgres_url(explicit: str | None) -> Iterator[tuple[str, str]]:
    if explicit:
        yield explicit, "given server"
        return
    cluster = start_cluster()  # default durability: fsync on, synchronous_commit on
    try:
        version = cluster.bindir.parent.name
        yield cluster.create_database("ladder_bench"), f"private cluster, PostgreSQL {version}, fsync on"
    finally:
        cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--submissions", type=int, default=3000)
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("LADDER_BENCH_PG_URL"))
    args = parser.parse_args()
    if args.submissions < 1 or args.threads < 1 or args.participants < 1:
        parser.error("threads, submissions and participants must be at least 1")

    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}")
    print(
        f"load: {args.threads} threads, {args.submissions} submissions over "
        f"{args.participants} participants, {len(CRITERIA)} criteria\n"
    )
    backends = args.backends.split(",")
    for backend in backends:
        if backend not in {"sqlite", "postgresql"}:
            parser.error(f"unknown backend {backend!r}: use sqlite and/or postgresql")
    load = (args.threads, args.submissions, args.participants)
    results: list[tuple[Figures, str]] = []
    for backend in backends:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
                results.append((run(url, backend, *load), "WAL, synchronous=FULL, BEGIN IMMEDIATE"))
            continue
        try:
            with postgres_url(args.pg_url) as (url, note):
                results.append((run(url, backend, *load), note))
        except FileNotFoundError as missing:
            print(f"postgresql: skipped ({missing})")

    columns = ["submissions/s", "p50 ms", "p95 ms", "p99 ms", "dashboard ms", "poll ms"]
    header = f"{'backend':<11}" + "".join(f"{c:>15}" for c in columns) + "  setup"
    print(header)
    print("-" * len(header))
    for figures, note in results:
        values = [
            f"{figures.per_second:.0f}",
            *(f"{figures.percentile(q):.1f}" for q in (0.50, 0.95, 0.99)),
            f"{figures.dashboard_ms:.1f}",
            f"{figures.poll_ms:.2f}",
        ]
        print(f"{figures.backend:<11}" + "".join(f"{v:>15}" for v in values) + f"  {note}")


if __name__ == "__main__":
    main()
