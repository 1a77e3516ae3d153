"""`ladder validate`, `ladder show`, `ladder schema` as a user runs them: exit codes and printed text."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from schema import BUNDLED_PACK, load_pack

PACK = load_pack(BUNDLED_PACK)


def ladder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, timeout=120)


def test_validate_bundled_pack_prints_counts() -> None:
    result = ladder("validate", str(BUNDLED_PACK))
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert f"{len(PACK.options)} options, {len(PACK.criteria)} criteria, {len(PACK.sources)} sources" in line
    assert "citations" in line


def test_validate_broken_pack_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(BUNDLED_PACK, folder)
    first = sorted(folder.glob("00-*.yaml"))[0]
    first.write_text(first.read_text().replace("rung: 0", "rung: zero", 1))
    lenses = folder / "lenses.yaml"
    lenses.write_text(lenses.read_text().replace("label:", "labell:", 1))
    result = ladder("validate", str(folder))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert any(l.startswith(f"broken/{first.name}:") and " rung: " in l for l in lines), lines
    assert any(l.startswith("broken/lenses.yaml:") and "labell: not a known field" in l for l in lines), lines
    n = len(lines) - 1
    assert lines[-1] == f"{n} problem{'' if n == 1 else 's'}: the pack is not valid"
    assert "Traceback" not in result.stderr


def test_validate_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    result = ladder("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "no such file or folder" in result.stderr and "Traceback" not in result.stderr


def test_show_lists_the_ladder_and_one_option() -> None:
    result = ladder("show")
    assert result.returncode == 0
    for option in PACK.options:
        assert option.id in result.stdout
    top = PACK.ladder[-1]
    detail = ladder("show", "--option", top.id)
    assert detail.returncode == 0
    assert top.name in detail.stdout and "Scores:" in detail.stdout
    assert top.risks[0].title in detail.stdout
    unknown = ladder("show", "--option", "no-such-option")
    assert unknown.returncode == 1 and "no option 'no-such-option'" in unknown.stderr


def test_schema_prints_the_json_schema() -> None:
    result = ladder("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) >= {"info", "sources", "criteria", "options"}


def test_template_writes_a_pack_that_validates_and_refuses_a_folder_in_use(tmp_path) -> None:
    """A pack author gets the template at the command line too (it was only on the Your pack page)."""
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, timeout=120)

    target = tmp_path / "my-case"
    made = run("template", str(target))
    assert made.returncode == 0, made.stderr
    assert (target / "pack.yaml").exists() and (target / "pack-format.md").exists()
    assert (target / "schema" / "option.schema.json").exists()
    checked = run("validate", str(target))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "2 assessments" in checked.stdout
    again = run("template", str(target))
    assert again.returncode == 1
    assert again.stderr.strip() == f"error: {target} already exists and is not an empty folder: name a new folder"


def test_show_marks_reported_words_and_keeps_each_risks_description() -> None:
    """A neutral-voice audit of 2026-11-29: `ladder show --option` printed a reporter's summary under the actor's
    name as if it were theirs, and left out each risk's description (on rung 41 the note that ASD Dalton's
    warning concerns use of force in general went missing, so her words read as aimed at drone shoot-downs)."""
    pack = load_pack(BUNDLED_PACK)
    option, stance = next((o, s) for o in pack.ladder for s in o.stances if s.voice == "reported")
    out = ladder("show", "--option", option.id).stdout
    assert f"{stance.actor}" in out and f"as reported by {pack.source_name(stance.citation.source)}" in out, out
    risky = next(o for o in pack.ladder if any(r.description for r in o.risks))
    out = ladder("show", "--option", risky.id).stdout
    for risk in risky.risks:
        if risk.description:
            assert " ".join(risk.description.split()[:8]) in " ".join(out.split()), risk.title


def test_validate_counts_one_of_a_kind_in_the_singular() -> None:
    """A newcomer's pass of 2026-11-29: the template pack validated as "1 sources, … 1 contexts, … 1 injects"."""
    line = ladder("validate", str(Path(__file__).resolve().parents[2] / "ui" / "template_pack")).stdout
    assert "1 source," in line and "1 context," in line and "1 inject," in line, line
    assert "1 sources" not in line and "1 contexts" not in line and "1 injects" not in line
