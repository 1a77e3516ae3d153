"""The package's public surface: names pinned, errors arranged, no Streamlit."""

from __future__ import annotations

import subprocess
import sys

import seminar
from tests._deps import REPO

PUBLIC = [
    "BUNDLED_PACK",
    "DEFAULT_SQLITE_PATH",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "Aggregate",
    "FacilitatorView",
    "Forbidden",
    "InvalidInput",
    "JoinLimits",
    "NoOpenRound",
    "NotFound",
    "ParticipantInfo",
    "ParticipantView",
    "RateLimited",
    "RoomClosed",
    "RoomError",
    "RoomInfo",
    "RoomState",
    "RoomStore",
    "RoundInfo",
    "SchemaVersionError",
    "SubmissionInfo",
    "default_database_url",
    "format_join_code",
    "normalise_join_code",
    "open_store",
]


def test_public_names_are_pinned() -> None:
    assert sorted(seminar.__all__) == sorted(PUBLIC)
    assert all(hasattr(seminar, name) for name in seminar.__all__)


def test_every_user_error_is_a_room_error() -> None:
    for error in (
        seminar.NotFound,
        seminar.Forbidden,
        seminar.RoomClosed,
        seminar.NoOpenRound,
        seminar.RateLimited,
        seminar.InvalidInput,
    ):
        assert issubclass(error, seminar.RoomError)
    assert issubclass(seminar.NoOpenRound, seminar.RoomClosed)
    assert not issubclass(seminar.SchemaVersionError, seminar.RoomError)
    assert seminar.RateLimited(0.2).retry_after_seconds == 1


def test_importing_the_store_does_not_import_streamlit() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import sys, seminar; print('streamlit' in sys.modules)"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"
