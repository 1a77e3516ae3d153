"""The package's public surface: names pinned, errors arranged, no Streamlit."""

from __future__ import annotations

import subprocess
import sys

import seminar
from tests._deps import REPO

PUBLIC = [
    "Aggregate",
    "AnonymousSubmission",
    "BUNDLED_PACK",
    "CREATE_ENV_VAR",
    "CriterionSpread",
    "DEFAULT_MAX_PARTICIPANTS",
    "DEFAULT_SQLITE_PATH",
    "DatabaseMissing",
    "ENV_VAR",
    "FacilitatorView",
    "Forbidden",
    "InvalidInput",
    "JoinLimits",
    "NoOpenRound",
    "NotFound",
    "OptionRanks",
    "ParticipantInfo",
    "ParticipantStatus",
    "ParticipantView",
    "RateLimited",
    "RevisionMoved",
    "RoomClosed",
    "RoomError",
    "RoomFull",
    "RoomInfo",
    "RoomState",
    "RoomStore",
    "RoundInfo",
    "RoundAlreadyOpened",
    "RoundMoved",
    "RoundSummary",
    "SCHEMA_VERSION",
    "SchemaVersionError",
    "ScreenView",
    "StorageFull",
    "StoreUnavailable",
    "SubmissionInfo",
    "TRUSTED_PROXIES_ENV_VAR",
    "client_key",
    "default_database_url",
    "format_join_code",
    "normalise_display_name",
    "normalise_join_code",
    "open_store",
    "parse_trusted_proxies",
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
        seminar.RoundMoved,
        seminar.RoundAlreadyOpened,
        seminar.RoomFull,
        seminar.StorageFull,
        seminar.StoreUnavailable,
        seminar.DatabaseMissing,
    ):
        assert issubclass(error, seminar.RoomError)
    assert issubclass(seminar.NoOpenRound, seminar.RoomClosed)
    assert issubclass(seminar.RoundMoved, seminar.RoomClosed) and issubclass(seminar.RoomFull, seminar.RoomClosed)
    assert issubclass(seminar.DatabaseMissing, seminar.StoreUnavailable)
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
