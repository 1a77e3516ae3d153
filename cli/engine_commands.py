"""`ladder rank`, `ladder matrix`, `ladder sensitivity`, `ladder smaa`, `ladder ahp`.

Each command reads a pack (default: the bundled one) or a CSV matrix, calls the engine
and prints a table, CSV or JSON. Errors a user can cause are ``EngineError`` /
``PackError`` / ``OSError``, which ``cli.main`` turns into exit status 1 with one line.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import pandas as pd

import engine
import schema
from engine import EngineError

__all__ = [
    "add_commands",
    "cmd_ahp",
    "cmd_matrix",
    "cmd_rank",
    "cmd_sensitivity",
    "cmd_smaa",
    "parse_overrides",
    "parse_weights",
]

FORMATS = ("table", "csv", "json")


# --------------------------------------------------------------------------- parsing
def parse_weights(text: str) -> dict[str, float]:
    """``"cost=2,harm=1"`` → ``{"cost": 2.0, "harm": 1.0}``; EngineError when malformed."""
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or not key:
            raise EngineError(f"--weights: {part!r} is not id=number (e.g. --weights cost=2,harm=1)")
        try:
            number = float(value)
        except ValueError:
            raise EngineError(f"--weights: {value.strip()!r} for {key!r} is not a number") from None
        if key in weights:
            raise EngineError(f"--weights: {key!r} is given twice")
        weights[key] = number
    if not weights:
        raise EngineError("--weights is empty: give id=number pairs separated by commas")
    return weights


def parse_overrides(items: list[str]) -> dict[tuple[str, str], float]:
    """``["strikes.cost=4"]`` → ``{("strikes", "cost"): 4.0}``; EngineError when malformed."""
    overrides: dict[tuple[str, str], float] = {}
    for item in items:
        cell, sep, value = item.partition("=")
        option, dot, criterion = cell.strip().partition(".")
        if not sep or not dot or not option or not criterion:
            raise EngineError(f"--override: {item!r} is not option.criterion=value (e.g. strikes.cost=4)")
        try:
            number = float(value)
        except ValueError:
            raise EngineError(f"--override {cell.strip()}: {value.strip()!r} is not a number") from None
        if not math.isfinite(number):
            raise EngineError(f"--override {cell.strip()}: give a finite number")
        overrides[(option, criterion)] = number
    return overrides


def _add_inputs(p: argparse.ArgumentParser, weights: bool = True) -> None:
    p.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=schema.BUNDLED_PACK,
        help="pack folder, .yaml/.json file or .zip (default: the bundled pack)",
    )
    p.add_argument(
        "--matrix",
        type=Path,
        metavar="CSV",
        help="rank a CSV matrix instead of a pack (first column options, a 'direction' row)",
    )
    if weights:
        group = p.add_mutually_exclusive_group()
        group.add_argument(
            "--weights", metavar="ID=W,...", help="criterion weights, any non-negative numbers"
        )
        group.add_argument("--lens", metavar="ID", help="use one of the pack's lenses")
    p.add_argument(
        "--assessment",
        metavar="ID",
        help="score with one of the pack's assessments (a side's own scores) instead of the "
        "editors' scores where it gives them; applied before contexts and overrides. With --lens, the "
        "assessment the lens names is used unless you give one ('editors': the editors' scores)",
    )
    p.add_argument(
        "--context", action="append", default=[], metavar="ID", help="switch a context on (repeatable)"
    )
    p.add_argument(
        "--override",
        action="append",
        default=[],
        metavar="OPTION.CRITERION=VALUE",
        help="replace one score (repeatable)",
    )
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")


def _add_method(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--method",
        choices=list(engine.METHODS),
        default="wsm",
        help="wsm (weighted sum, default), wpm, topsis or promethee",
    )


def _inputs(args: argparse.Namespace) -> tuple[engine.DecisionMatrix, dict[str, float] | None, Any]:
    """The matrix, the weights read from --weights/--lens/the CSV (None: equal) and the pack."""
    given = getattr(args, "weights", None)
    lens = getattr(args, "lens", None)
    if args.matrix is not None:
        for flag, value in (("--lens", lens), ("--assessment", args.assessment),
                            ("--context", args.context), ("--override", args.override)):
            if value:
                raise EngineError(f"{flag} needs a pack, not a CSV matrix")
        matrix, csv_weights = engine.matrix_from_csv(args.matrix.read_text(encoding="utf-8-sig"))
        weights = parse_weights(given) if given else csv_weights
        return matrix, weights, None
    pack = schema.load_pack(args.path)
    assessment, note = _assessment_for(pack, args.assessment, lens)
    matrix = engine.matrix_from_pack(pack, args.context, parse_overrides(args.override), assessment=assessment)
    if note:
        matrix.notes.insert(0, note)
        if getattr(args, "format", None) == "csv":  # a CSV has no place for notes: say it beside the data
            print(f"note: {note}", file=sys.stderr)
    if lens:
        return matrix, engine.lens_weights(pack, lens), pack
    return matrix, (parse_weights(given) if given else None), pack


def _assessment_for(pack: Any, given: str | None, lens: str | None) -> tuple[str | None, str | None]:
    """The assessment to score with and a note when a lens chose it: a role is what it values (the lens's
    weights) and what it believes (the assessment the lens names), as in `ladder lenses` and Perspectives.
    ``--assessment editors`` asks for the editors' scores (unless the pack has an assessment of that id)."""
    if given is not None:
        if given == "editors" and all(a.id != given for a in pack.assessments):
            return None, None
        return given, None
    if not lens:
        return None, None
    held = engine.lens_assessment(pack, lens)
    if held is None:
        return None, None
    name = next(a.name for a in pack.assessments if a.id == held)
    return held, (f"Lens {lens}: scored with the assessment its actor holds, {held} ({name}); "
                  "give --assessment editors for the editors' scores.")


def _weights_or_equal(matrix: engine.DecisionMatrix, weights: dict[str, float] | None) -> dict[str, float]:
    return weights if weights is not None else {c: 1.0 for c in matrix.criterion_ids}


def _print_frame(frame: pd.DataFrame, fmt: str, index: bool = False) -> None:
    if fmt == "csv":
        print(frame.to_csv(index=index, float_format="%.6g"), end="")
    else:
        print(frame.to_string(index=index, float_format=lambda x: f"{x + 0.0:.3f}".replace("-0.000", "0.000")))


def _short(name: str, width: int = 40) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _dump(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _notes(lines: list[str]) -> None:
    for line in lines:
        print(f"  · {line}")


def _score_notes(matrix: engine.DecisionMatrix) -> None:
    """Which scores the figures above used (assessment, conditions, overrides), as `rank` and `matrix` say."""
    if matrix.notes:
        print()
        _notes(matrix.notes)


# --------------------------------------------------------------------------- commands
def cmd_rank(args: argparse.Namespace) -> int:
    """Rank the options and print ranks, scores and per-criterion contributions."""
    matrix, weights, _ = _inputs(args)
    result = engine.rank(matrix, _weights_or_equal(matrix, weights), args.method)
    if args.format == "json":
        _dump(result.to_dict())
        return 0
    table = result.table()
    if args.format == "csv":
        _print_frame(table, "csv")
        return 0
    table = table.drop(columns=["option"]).assign(name=[_short(n) for n in table["name"]])
    print(
        f"{engine.METHOD_TITLES[args.method]} — weights "
        + ", ".join(f"{c} {w:.2f}" for c, w in zip(result.criterion_ids, result.weights, strict=True))
    )
    _print_frame(table, "table")
    _notes(result.notes)
    return 0


def cmd_matrix(args: argparse.Namespace) -> int:
    """Print the matrix (value, low, high per cell) after contexts and overrides."""
    matrix, weights, _ = _inputs(args)
    if args.format == "csv":
        print(engine.matrix_to_csv(matrix, weights), end="")
    elif args.format == "json":
        _dump(
            {
                "options": list(matrix.option_ids),
                "criteria": list(matrix.criterion_ids),
                "direction": ["cost" if c else "benefit" for c in matrix.is_cost],
                "cells": matrix.to_long_frame().to_dict(orient="records"),
                "notes": matrix.notes,
            }
        )
    else:
        print(matrix.to_frame().to_string(float_format=lambda x: f"{x:g}"))
        _notes(matrix.notes)
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Print each criterion's stability intervals, the flip sentences and, with --criterion, a sweep."""
    matrix, weights, _ = _inputs(args)
    w = _weights_or_equal(matrix, weights)
    if args.criterion:
        sweep = engine.weight_sweep(matrix, w, args.criterion, args.method, points=args.points)
        if args.format == "json":
            _dump(sweep.to_dict(orient="records"))
        else:
            _print_frame(
                sweep.pivot(index="weight", columns="option", values="score").reset_index(), args.format
            )
        return 0
    intervals = engine.stability_intervals(matrix, w, args.method)
    sentences = engine.flip_sentences(matrix, w, args.method)
    if args.format == "json":
        _dump({"intervals": intervals.to_dict(orient="records"), "flips": sentences, "score_notes": matrix.notes})
    elif args.format == "csv":
        _print_frame(intervals, "csv")
    else:
        _print_frame(intervals.drop(columns=["exact"]), "table")
        print(
            "What would change the top option:"
            if sentences
            else "No single weight change moves the top option."
        )
        _notes(sentences)
        _score_notes(matrix)
    return 0


def cmd_smaa(args: argparse.Namespace) -> int:
    """Print rank acceptabilities, central weights and confidence factors (SMAA-2)."""
    matrix, weights, _ = _inputs(args)
    if weights is None and args.weights_mode != "unknown":
        weights = _weights_or_equal(matrix, weights)
    result = engine.smaa(
        matrix,
        weights,
        samples=args.samples,
        seed=args.seed,
        weights_mode=args.weights_mode,
        method=args.method,
        perturbation=args.perturbation,
    )
    summary = pd.DataFrame({"first_rank": result.first_rank, "confidence": result.confidence})
    if args.format == "json":
        _dump(
            {
                "samples": result.samples,
                "seed": result.seed,
                "weights_mode": result.weights_mode,
                "method": result.method,
                "rank_acceptability": {
                    o: {str(r): float(p) for r, p in row.items()}
                    for o, row in result.rank_acceptability.iterrows()
                },
                "first_rank": {o: float(p) for o, p in result.first_rank.items()},
                "confidence": {o: float(p) for o, p in result.confidence.items()},
                "central_weights": {
                    o: {c: float(x) for c, x in row.items()} for o, row in result.central_weights.iterrows()
                },
                "notes": result.notes,
                "score_notes": matrix.notes,
            }
        )
    elif args.format == "csv":
        _print_frame(result.rank_acceptability.join(summary), "csv", index=True)
    else:
        print("Rank acceptability (share of draws at each rank):")
        print(result.rank_acceptability.to_string(float_format=lambda x: f"{x:.3f}"))
        print("\nFirst-rank acceptability and confidence factor:")
        print(summary.sort_values("first_rank", ascending=False).to_string(float_format=lambda x: f"{x:.3f}"))
        _notes(result.notes)
        _score_notes(matrix)
    return 0


def cmd_ahp(args: argparse.Namespace) -> int:
    """Print AHP weights and the consistency ratio of a pairwise comparison CSV."""
    values, ids, names = engine.read_pairwise_csv(args.pairwise.read_text(encoding="utf-8-sig"))
    result = engine.ahp(values, ids)
    if args.format == "json":
        _dump(
            {
                "weights": result.weights,
                "lambda_max": result.lambda_max,
                "ci": result.ci,
                "cr": result.cr,
                "consistent": result.consistent,
                "worst_judgments": [
                    {"row": i, "column": j, "given": g, "implied": w} for i, j, g, w in result.worst_judgments
                ],
            }
        )
        return 0
    frame = pd.DataFrame({"criterion": ids, "name": names, "weight": [result.weights[c] for c in ids]})
    if args.format == "csv":
        _print_frame(frame, "csv")
        return 0
    _print_frame(frame, "table")
    verdict = "acceptable (at most 0.10)" if result.consistent else "above 0.10: revisit the judgments below"
    print(
        f"λmax {result.lambda_max:.3f}, consistency index {result.ci:.3f}, "
        f"consistency ratio {result.cr:.3f} — {verdict}"
    )
    for i, j, given, implied in result.worst_judgments:
        print(f"  · {i} vs {j}: you said {given:.3g}; your other judgments imply about {implied:.3g}")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the engine's commands to the `ladder` parser."""
    p = subparsers.add_parser("rank", help="rank the options of a pack or a CSV matrix")
    _add_inputs(p)
    _add_method(p)
    p.set_defaults(func=cmd_rank)

    p = subparsers.add_parser("matrix", help="print or export the decision matrix (value, low, high)")
    _add_inputs(p, weights=False)
    p.set_defaults(func=cmd_matrix)

    p = subparsers.add_parser("sensitivity", help="weight intervals that keep the top option and the order")
    _add_inputs(p)
    _add_method(p)
    p.add_argument("--criterion", metavar="ID", help="instead, sweep this criterion's weight from 0 to 1")
    p.add_argument("--points", type=int, default=11, help="points of the sweep (default 11)")
    p.set_defaults(func=cmd_sensitivity)

    p = subparsers.add_parser("smaa", help="rank acceptabilities under uncertain scores and weights (SMAA-2)")
    _add_inputs(p)
    _add_method(p)
    p.add_argument("--samples", type=int, default=10_000, help="number of draws (default 10000)")
    p.add_argument("--seed", type=int, default=0, help="random seed: the same seed gives the same numbers")
    p.add_argument(
        "--weights-mode",
        choices=list(engine.WEIGHT_MODES),
        default="fixed",
        help="fixed (default), perturbed, ordinal (only the order of the weights) or unknown",
    )
    p.add_argument(
        "--perturbation",
        type=float,
        default=0.1,
        help="for --weights-mode perturbed: ± share of each weight (default 0.1)",
    )
    p.set_defaults(func=cmd_smaa)

    p = subparsers.add_parser("ahp", help="weights and consistency ratio from a pairwise comparison CSV")
    p.add_argument(
        "pairwise",
        type=Path,
        metavar="PAIRWISE.csv",
        help="square matrix: criterion names as header and first column, Saaty 1–9 judgments",
    )
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    p.set_defaults(func=cmd_ahp)
