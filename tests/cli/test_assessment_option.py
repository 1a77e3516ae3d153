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
    plain = ladder("rank", str(MINI), "--lens", "bold", "--assessment", "editors", "--format", "json")
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


def test_a_lens_is_scored_with_the_assessment_its_actor_holds_and_says_so() -> None:
    """A role is what it values and what it believes: `--lens bold` uses the optimists' scores the lens names,
    as `ladder lenses` and Perspectives do, and the output says so and how to choose otherwise."""
    alone = ladder("rank", str(MINI), "--lens", "bold", "--format", "json")
    named = ladder("rank", str(MINI), "--lens", "bold", "--assessment", "optimists", "--format", "json")
    assert alone.returncode == named.returncode == 0, alone.stderr + named.stderr
    assert json.loads(alone.stdout)["ranking"] == json.loads(named.stdout)["ranking"]
    table = ladder("rank", str(MINI), "--lens", "bold").stdout
    assert "Lens bold: scored with the assessment its actor holds, optimists (As the bold reader assesses them); " \
           "give --assessment editors for the editors' scores." in " ".join(table.split())


@pytest.mark.parametrize("command", ["sensitivity", "smaa"])
def test_sensitivity_and_smaa_say_which_scores_they_used(command: str) -> None:
    table = ladder(command, str(MINI), "--assessment", "sceptics")
    assert table.returncode == 0, table.stderr
    assert "As the cautious reader assesses them" in table.stdout
    data = json.loads(ladder(command, str(MINI), "--assessment", "sceptics", "--format", "json").stdout)
    assert any("As the cautious reader assesses them" in note for note in data["score_notes"])


def test_an_assessment_on_a_pack_without_any_says_so(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    (folder / "assessments.yaml").unlink()
    lenses = folder / "lenses.yaml"
    lenses.write_text("\n".join(line for line in lenses.read_text().splitlines() if "assessment:" not in line))
    result = ladder("rank", str(folder), "--assessment", "optimists")
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: unknown assessment 'optimists': this pack has no assessments "
                                     "(add an assessments.yaml, as in the template pack), so leave out --assessment")


def test_a_lens_in_csv_output_says_its_assessment_on_stderr() -> None:
    result = ladder("rank", str(MINI), "--lens", "bold", "--format", "csv")
    assert result.returncode == 0
    assert result.stdout.startswith("rank,") or "," in result.stdout.splitlines()[0]
    assert "note: Lens bold: scored with the assessment its actor holds, optimists" in result.stderr
