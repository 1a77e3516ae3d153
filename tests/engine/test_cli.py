"""`ladder rank|matrix|sensitivity|smaa|ahp` through the real parser and main()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import schema
from cli import main
from cli.engine_commands import parse_overrides, parse_weights
from engine import EngineError

MATRIX = """option,Cost,Harm,Reach
direction,min,min,max
weight,2,1,1
Strikes,3,5,4
Talks,1,1,2
Raids,2,4,5
"""


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "m.csv"
    path.write_text(MATRIX, encoding="utf-8")
    return path


@pytest.fixture
def small_pack(monkeypatch, pack):
    """`ladder … PATH` loads the test pack."""
    monkeypatch.setattr(schema, "load_pack", lambda path: pack)
    return pack


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_rank_csv_json_has_ranks_scores_contributions(capsys, csv_file):
    code, out, _ = run(capsys, "rank", "--matrix", str(csv_file), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["method"] == "wsm" and data["weights"] == {"cost": 0.5, "harm": 0.25, "reach": 0.25}
    assert [row["option"] for row in data["ranking"]] == ["talks", "raids", "strikes"]
    assert data["ranking"][0]["rank"] == 1 and set(data["ranking"][0]["contributions"]) == {
        "cost",
        "harm",
        "reach",
    }


def test_rank_table_and_csv(capsys, csv_file):
    code, out, _ = run(
        capsys, "rank", "--matrix", str(csv_file), "--method", "topsis", "--weights", "cost=1,harm=1"
    )
    assert code == 0 and out.startswith("TOPSIS — weights cost 0.50, harm 0.50, reach 0.00")
    code, out, _ = run(capsys, "rank", "--matrix", str(csv_file), "--format", "csv")
    assert out.splitlines()[0] == "rank,option,name,score,cost,harm,reach"


def test_rank_pack_with_lens_context_and_override(capsys, small_pack):
    code, out, _ = run(
        capsys,
        "rank",
        "somewhere",
        "--lens",
        "treasury",
        "--context",
        "drought",
        "--override",
        "pipes.cost=1",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["weights"] == {"benefit": 0.25, "reach": 0.25, "cost": 0.5}
    assert any(n.startswith("Drought: Dam on Benefit") for n in data["notes"])
    assert any(n.startswith("Override: Pipes on Cost set to 1") for n in data["notes"])


def test_matrix_csv_export_reads_back(capsys, small_pack, tmp_path):
    code, out, _ = run(capsys, "matrix", "x", "--format", "csv")
    assert code == 0 and out.startswith("option,Benefit,Benefit [low],Benefit [high]")
    (tmp_path / "back.csv").write_text(out)
    code, out, _ = run(capsys, "rank", "--matrix", str(tmp_path / "back.csv"), "--format", "json")
    assert code == 0 and len(json.loads(out)["ranking"]) == 3
    code, out, _ = run(capsys, "matrix", "x")
    assert code == 0 and "wells" in out


def test_sensitivity_and_sweep(capsys, small_pack):
    code, out, _ = run(capsys, "sensitivity", "x", "--format", "json")
    data = json.loads(out)
    assert code == 0 and len(data["intervals"]) == 3 and isinstance(data["flips"], list)
    code, out, _ = run(capsys, "sensitivity", "x", "--criterion", "cost", "--points", "3", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "weight,dam,pipes,wells"
    assert len(out.splitlines()) == 4


def test_smaa_same_seed_same_numbers(capsys, small_pack):
    args = ("smaa", "x", "--samples", "2000", "--seed", "5", "--weights-mode", "unknown", "--format", "json")
    first = run(capsys, *args)
    second = run(capsys, *args)
    assert first[0] == 0 and first[1] == second[1]
    data = json.loads(first[1])
    assert data["samples"] == 2000 and set(data["rank_acceptability"]["dam"]) == {"1", "2", "3"}
    code, out, _ = run(capsys, "smaa", "x", "--samples", "500")
    assert code == 0 and "Rank acceptability" in out


def test_ahp_prints_weights_and_consistency(capsys, tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text("c,Cost,Harm,Reach\nCost,1,2,4\nHarm,1/2,1,2\nReach,1/4,1/2,1\n")
    code, out, _ = run(capsys, "ahp", str(path))
    assert code == 0 and "consistency ratio 0.000 — acceptable" in out
    code, out, _ = run(capsys, "ahp", str(path), "--format", "json")
    assert json.loads(out)["weights"]["cost"] == pytest.approx(4 / 7)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rank", "--matrix", "{ragged}"], "line 3 has 3 cells but the header has 4"),
        (["rank", "--matrix", "{csv}", "--weights", "speed=1"], "unknown criterion 'speed' in the weights"),
        (["rank", "--matrix", "{csv}", "--weights", "cost=-1,harm=1"], "weight for 'cost' is negative"),
        (["rank", "--matrix", "{csv}", "--weights", "cost"], "'cost' is not id=number"),
        (["rank", "--matrix", "{csv}", "--lens", "x"], "--lens needs a pack, not a CSV matrix"),
        (["ahp", "{pairs}"], "2 rows but 3 columns: it must be square"),
        (["rank", "--matrix", "{missing}"], "No such file"),
        (["smaa", "--matrix", "{csv}", "--samples", "0"], "samples is 0"),
    ],
)
def test_bad_input_exits_1_with_one_line(capsys, tmp_path, csv_file, argv, message):
    (tmp_path / "ragged.csv").write_text("option,A,B,C\ndirection,max,max,max\nx,1,2\n")
    (tmp_path / "pairs.csv").write_text("c,A,B,C\nA,1,2,3\nB,1/2,1,1\n")
    paths = {
        "ragged": tmp_path / "ragged.csv",
        "csv": csv_file,
        "pairs": tmp_path / "pairs.csv",
        "missing": tmp_path / "nope.csv",
    }
    code, out, err = run(capsys, *[a.format(**paths) for a in argv])
    assert code == 1 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_override_and_weight_parsing():
    assert parse_weights("a=1, b=2.5") == {"a": 1.0, "b": 2.5}
    assert parse_overrides(["dam.cost=4", "x.y=1.5"]) == {("dam", "cost"): 4.0, ("x", "y"): 1.5}
    with pytest.raises(EngineError, match="not option.criterion=value"):
        parse_overrides(["dam=4"])
    with pytest.raises(EngineError, match="given twice"):
        parse_weights("a=1,a=2")


def test_bundled_pack_ranks_with_a_lens_as_json(capsys):
    pack = schema.load_pack(schema.BUNDLED_PACK)
    assert pack.lenses, "the bundled pack should have lenses"
    lens = pack.lenses[0].id
    code, out, _ = run(capsys, "rank", str(schema.BUNDLED_PACK), "--lens", lens, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert len(data["ranking"]) == len(pack.options)
    assert {"rank", "option", "name", "score", "contributions"} <= set(data["ranking"][0])


def test_a_table_never_prints_minus_zero(capsys) -> None:
    """A newcomer's pass of 2026-11-29: `ladder rank --method topsis` printed "-0.000" in 22 contribution cells."""
    assert main(["rank", "--method", "topsis"]) == 0
    out = capsys.readouterr().out
    assert "-0.000" not in out and "0.000" in out
