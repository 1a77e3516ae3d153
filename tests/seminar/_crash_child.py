"""Child processes for the crash test (run as ``python -m tests.seminar._crash_child``).

``write DB_URL TOKEN...``: submit revisions round-robin for ever, printing
``<token index> <revision>`` after each submit has returned (i.e. was committed).
``check DB_URL ROOM_ID SECRET TOKEN``: print as JSON what a freshly started server finds:
every stored (participant id, revision), the integrity check, and whether the room carries on.
"""

from __future__ import annotations

import itertools
import json
import sys

from sqlalchemy import text

import seminar


def write(url: str, tokens: list[str]) -> None:
    store = seminar.open_store(url)
    for revision_seed in itertools.count(1):
        for index, token in enumerate(tokens):
            weights = {"cost": float(revision_seed), "civilian_harm": 1.0, "legality": float(index)}
            revision = store.submit(token, weights)
            print(index, revision, flush=True)


def check(url: str, room_id: int, secret: str, token: str) -> None:
    store = seminar.open_store(url, aggregate=lambda weights, criteria: dict.fromkeys(criteria, 0.0))
    with store.engine.connect() as connection:
        integrity = connection.execute(text("PRAGMA integrity_check")).scalar_one()
    stored = [[s.participant_id, s.revision] for s in store.history(room_id, secret)]
    carried_on = store.submit(token, {"cost": 1.0, "civilian_harm": 1.0, "legality": 1.0})
    closed = store.close_round(room_id, secret)
    print(
        json.dumps({"integrity": integrity, "stored": stored, "next_revision": carried_on, "closed": closed})
    )


if __name__ == "__main__":
    command, database_url, *rest = sys.argv[1:]
    if command == "write":
        write(database_url, rest)
    else:
        check(database_url, int(rest[0]), rest[1], rest[2])
