"""`make seminar`'s launcher (python -m ui.lan): what it prints and how it starts the server (no server here)."""

from __future__ import annotations

import pytest

from ui import lan


def _started(monkeypatch, capsys, public: str | None) -> tuple[str, list[str]]:
    # Set first, so that the test's end undoes the address the launcher itself puts there for its server (it
    # stayed, and the browser tests run after this file sent every join link to 192.0.2.7).
    monkeypatch.setenv("LADDER_PUBLIC_URL", public or "")
    if public is None:
        monkeypatch.delenv("LADDER_PUBLIC_URL")
    started: list[str] = []

    def exec_instead(path, args):
        started.extend(args)
        raise SystemExit(0)

    monkeypatch.setattr(lan.os, "execv", exec_instead)
    monkeypatch.setattr(lan.os, "chdir", lambda path: None)
    with pytest.raises(SystemExit):
        lan.main(["--port", "8743"])
    return capsys.readouterr().out, started


def test_on_a_lan_it_names_the_address_and_the_shared_network(monkeypatch, capsys) -> None:
    monkeypatch.setattr(lan, "lan_address", lambda: "192.0.2.7")
    out, started = _started(monkeypatch, capsys, None)
    assert "Participants open: http://192.0.2.7:8743/join" in out
    assert "same network" in out and "0.0.0.0" in started


def test_behind_a_public_address_it_does_not_send_people_to_the_same_network(monkeypatch, capsys) -> None:
    """A newcomer's pass of 2026-11-29: with LADDER_PUBLIC_URL=https://ladder.example.edu the launcher still said
    "Everyone must be on the same network", and Streamlit's own banner below it read
    "URL: http://ladder.example.edu:8743" (its scheme and port are the server's, not the proxy's)."""
    out, _ = _started(monkeypatch, capsys, "https://ladder.example.edu")
    assert "Participants open: https://ladder.example.edu/join" in out
    assert "same network" not in out
    assert "8743" in out and "Streamlit's own" in out
