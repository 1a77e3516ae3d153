"""Crash safety: a submission acknowledged by a process killed with SIGKILL survives.

A writer process submits revisions as fast as it can and reports each one after its
commit returned; the test kills it (``kill -9``) mid-stream, three times over, then a
fresh process opens the same SQLite file: every acknowledged revision must be there,
revision numbers must have no gaps, and the room must carry on.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import seminar
from tests._deps import REPO
from tests.seminar.conftest import make_room

KILLS = 3
ACKS_BEFORE_KILL = 60


def _child(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.seminar._crash_child", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_acknowledged_submissions_survive_kill_9(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    with seminar.open_store(url) as store:
        room = make_room(store)
        store.open_round(room.id, room.secret)
        joined = [store.join(room.code, name) for name in ("Ana", "Bo", "Cy")]
    tokens = [token for _, token in joined]

    acknowledged: dict[int, int] = defaultdict(int)  # participant id -> highest acknowledged revision
    for _ in range(KILLS):
        writer = _child("write", url, *tokens)
        assert writer.stdout is not None
        lines = []
        for _ack in range(ACKS_BEFORE_KILL):
            line = writer.stdout.readline()
            assert line, f"writer died early: {writer.stderr.read() if writer.stderr else ''}"
            lines.append(line)
        writer.send_signal(signal.SIGKILL)  # mid-stream: most likely inside a transaction
        writer.wait(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        lines += writer.stdout.read().splitlines()  # acknowledged while we were reading
        for line in lines:
            index, revision = map(int, line.split())
            acknowledged[joined[index][0]] = max(acknowledged[joined[index][0]], revision)

    checker = _child("check", url, str(room.id), room.secret, tokens[0])
    out, err = checker.communicate(timeout=60)
    assert checker.returncode == 0, err
    found = json.loads(out)

    assert found["integrity"] == "ok"
    stored: dict[int, list[int]] = defaultdict(list)
    for participant_id, revision in found["stored"]:
        stored[participant_id].append(revision)
    assert sum(acknowledged.values()) >= KILLS * ACKS_BEFORE_KILL
    for participant_id, highest in acknowledged.items():
        revisions = sorted(stored[participant_id])
        assert revisions == list(range(1, len(revisions) + 1))  # no gaps, no duplicates
        # Everything acknowledged is there; at most the one in flight at the kill beyond it.
        assert highest <= len(revisions) <= highest + 1
    assert found["next_revision"] == len(stored[joined[0][0]]) + 1
    assert found["closed"] == 1
