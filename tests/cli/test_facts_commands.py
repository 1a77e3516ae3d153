"""`ladder perspectives | lenses | record-check | balance` on the mini pack, as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

MINI = Path(__file__).resolve().parents[1] / "schema" / "mini"
BUNDLED = Path(__file__).resolve().parents[2] / "options"


def ladder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, timeout=120)


def with_thresholds(tmp_path: Path, pairs: float, first: float) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text() + f"  record_check:\n    min_pair_agreement: {pairs}\n"
                    f"    min_first_rank_acceptability: {first}\n    samples: 4000\n")
    return folder


def test_lenses_markdown_is_exact_and_stable() -> None:
    first = ladder("lenses", str(MINI), "--format", "markdown")
    assert first.returncode == 0, first.stderr
    assert first.stdout == (
        "| Lens | Scores | 1st | 2nd | 3rd |\n"
        "|---|---|---|---|---|\n"
        "| Cautious | As the cautious reader assesses them | Alpha | Beta |  |\n"
        "| Bold | As the bold reader assesses them | Beta | Alpha |  |\n"
        "\n"
        "Kendall's tau between the lenses' full rankings (each lens with its own scores; 1 = the same order, "
        "−1 = the reverse):\n"
        "\n"
        "| | cautious | bold |\n"
        "|---|---|---|\n"
        "| cautious | 1.00 | -1.00 |\n"
        "| bold | -1.00 | 1.00 |\n"
    )
    assert ladder("lenses", str(MINI), "--format", "markdown").stdout == first.stdout


def test_perspectives_prints_the_ranges_and_the_two_roles_sentences() -> None:
    result = ladder("perspectives", str(MINI), "--roles", "bold", "cautious")
    assert result.returncode == 0, result.stderr
    assert "Two roles: bold and cautious" in result.stdout
    assert "  · With the assessment of the bold reader, the weights of “Cautious” put Alpha and Beta (tied) first " \
           "instead of Alpha." in result.stdout
    data = json.loads(ladder("perspectives", str(MINI), "--format", "json").stdout)
    assert len(data["ranks"]) == 2 * 3 * 2
    assert data["roles"]["verdict"] == "facts and values"


def test_perspectives_unknown_role_is_one_line(tmp_path: Path) -> None:
    result = ladder("perspectives", str(MINI), "--roles", "bold", "owl")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: unknown lens 'owl': use one of cautious, bold"


def test_record_check_without_thresholds_reports_and_exits_0() -> None:
    result = ladder("record-check", str(MINI))
    assert result.returncode == 0, result.stderr
    assert "  · 1 of 1 pair (100.0%) is ranked the right way round by the lens's weights with its assessment." \
        in result.stdout
    assert "No thresholds stated: nothing to pass or fail." in result.stdout


def test_record_check_exits_1_and_says_what_failed(tmp_path: Path) -> None:
    result = ladder("record-check", str(with_thresholds(tmp_path, 0.9, 0.8)))
    assert result.returncode == 1
    assert "Failed (1):" in result.stdout
    assert "  · Beta leads under 73.6% of all weightings" in result.stdout  # 75% exactly (w_benefit > 1/4)
    assert "the pack asks for at least 80.0%, or a note that the texts give it no case." in result.stdout
    assert "Traceback" not in result.stderr


def test_record_check_passes_when_thresholds_are_met(tmp_path: Path) -> None:
    result = ladder("record-check", str(with_thresholds(tmp_path, 0.9, 0.01)), "--format", "json")
    assert result.returncode == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["passed"] and data["samples"] == 4000
    assert data["lenses"][0]["weight_ranges"]["benefit_one"] == {"low": 0.0, "high": 1.0, "lens_weight": 0.25}


def test_balance_table_and_json() -> None:
    result = ladder("balance", str(MINI))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Stances by side (sides follow the lenses' stance_actors)\n")
    data = json.loads(ladder("balance", str(MINI), "--format", "json").stdout)
    assert data["stances"] == [
        {"side": "Cautious", "supports": 1, "opposes": 1, "conditional": 0, "own words": 2, "reported": 0},
        {"side": "Bold", "supports": 1, "opposes": 0, "conditional": 0, "own words": 0, "reported": 1},
    ]
    assert data["contexts"] == [{"context": "refuses", "name": "Host refuses", "better": 0, "worse": 1}]


def test_validate_and_show_count_the_assessments() -> None:
    result = ladder("validate", str(MINI))
    assert result.returncode == 0
    assert result.stdout.strip().endswith("2 lenses, 1 inject, 2 assessments")
    assert "assessments: optimists, sceptics" in ladder("show", str(MINI)).stdout


def test_record_check_says_under_which_weighting_each_supported_option_leads() -> None:
    """Beta (bold reader's scores) leads when Benefit one's weight w is above 1/4 (Civilian harm 1 − w): with w
    uniform, the mean of those weightings is w = 0.625, printed as a sentence and given in the JSON."""
    result = ladder("record-check", str(MINI))
    assert "      Weights under which it comes first, for example: Benefit one 63% and Civilian harm 38%" \
        not in result.stdout  # whole percents that add up to 100
    assert "      Weights under which it comes first, for example: Benefit one 6" in result.stdout
    data = json.loads(ladder("record-check", str(MINI), "--format", "json").stdout)
    beta = next(r for r in data["supported_options"] if r["option"] == "beta")
    assert beta["leads_how"] == "central"
    assert abs(beta["leads_under"]["benefit_one"] - 0.625) < 0.01


def test_record_check_prints_long_names_whole(tmp_path: Path) -> None:
    """A long option or criterion name is wrapped onto the next line, never cut mid-word (the bundled pack's
    "Press China on fentanyl precursors and carte" was cut at 44 characters)."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    option_name = "Beta, the bolder of the two options, with a name long enough to need two lines"
    criterion_name = "Benefit one, a criterion whose name is longer than forty characters"
    beta = folder / "01-beta.yaml"
    beta.write_text(beta.read_text().replace("name: Beta\n", f"name: {option_name}\n", 1))
    criteria = folder / "criteria.yaml"
    criteria.write_text(criteria.read_text().replace("name: Benefit one\n", f"name: {criterion_name}\n", 1))
    result = ladder("record-check", str(folder))
    assert result.returncode == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert option_name in flat
    assert criterion_name in flat
    assert all(len(line) <= 120 for line in result.stdout.splitlines() if "%" in line and "Weights" not in line)


def test_output_piped_into_head_ends_quietly() -> None:
    """`ladder record-check PACK | head` ended with "error: [Errno 32] Broken pipe" (the pipe's error was caught as
    a file error before the clause meant for it)."""
    result = subprocess.run(f"{sys.executable} -m cli show {BUNDLED} | head -1", shell=True, capture_output=True,
                            text=True, timeout=120)
    assert result.stdout.strip()
    assert "Broken pipe" not in result.stderr and "Traceback" not in result.stderr, result.stderr
