"""`--assessment ID` on rank, matrix, sensitivity and smaa, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parents[1] / "schema" / "mini"


def ladder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, timeout=120)


def test_matrix_with_an_assessment_shows_its_cells_and_says_so() -> None:
    editors = json.loads(ladder("matrix", str(MINI), "--format", "json").stdout)
    result = ladder("matrix", str(MINI), "--assessment", "optimists", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    cells = {(c["option"], c["criterion"]): c for c in data["cells"]}
    assert cells[("beta", "benefit_one")]["value"] == 5
    assert cells[("beta", "civilian_harm")]["value"] == 2
    assert cells[("beta", "civilian_harm")]["rationale"].startswith("As the bold reader assesses them: ")
    assert cells[("alpha", "benefit_one")]["value"] == 2  # left out: the editors' score
    assert {(c["option"], c["criterion"]): c["value"] for c in editors["cells"]}[("beta", "civilian_harm")] == 4
    assert data["notes"][0].startswith("Scores: editors' scores → assessment → conditions")


def test_rank_under_a_lens_changes_with_the_assessment() -> None:
    plain = ladder("rank", str(MINI), "--lens", "bold", "--format", "json")
    sceptic = ladder("rank", str(MINI), "--lens", "bold", "--assessment", "sceptics", "--format", "json")
    assert plain.returncode == sceptic.returncode == 0, plain.stderr + sceptic.stderr

    def scores(out: str) -> dict[str, float]:
        return {row["option"]: round(row["score"], 4) for row in json.loads(out)["ranking"]}

    assert scores(plain.stdout) == {"beta": 0.625, "alpha": 0.4375}
    assert scores(sceptic.stdout) == {"alpha": 0.625, "beta": 0.4375}


@pytest.mark.parametrize("command", ["rank", "matrix", "sensitivity", "smaa"])
def test_unknown_assessment_is_one_clear_line_and_exit_1(command: str) -> None:
    result = ladder(command, str(MINI), "--assessment", "critics")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: unknown assessment 'critics': use one of optimists, sceptics"
    assert "Traceback" not in result.stderr


def test_assessment_needs_a_pack_not_a_csv(tmp_path: Path) -> None:
    csv = tmp_path / "m.csv"
    csv.write_text("option,Cost\ndirection,min\nA,1\nB,2\n")
    result = ladder("rank", "--matrix", str(csv), "--assessment", "optimists")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: --assessment needs a pack, not a CSV matrix"
