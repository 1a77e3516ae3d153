"""`ladder perspectives`, `ladder lenses`, `ladder record-check`, `ladder balance`.

Factual disagreement as data: each side's assessment, the perspectives map, the record check
of lenses against their actors' stances, and the balance report of a pack.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path
from typing import Any

import pandas as pd

import engine
import schema
from engine._assessments import EDITORS
from engine._balance import balance_report
from engine._perspectives import four_rankings, lens_summary, perspectives
from engine._record_check import record_check

__all__ = ["add_commands", "lenses_markdown"]


def _dump(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _path(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", type=Path, default=schema.BUNDLED_PACK,
                   help="pack folder, .yaml/.json file or .zip (default: the bundled pack)")


def _assessment_name(pack: schema.Pack, key: str | None) -> str:
    if key in (None, EDITORS):
        return "the editors' scores"
    return next((a.name for a in pack.assessments if a.id == key), str(key))


def _table(frame: pd.DataFrame, index: bool = True) -> str:
    return frame.to_string(index=index, float_format=lambda x: f"{x:.3f}")


# --------------------------------------------------------------------------- perspectives
def cmd_perspectives(args: argparse.Namespace) -> int:
    """Every option's rank under every lens × assessment, and the four rankings of two roles."""
    pack = schema.load_pack(args.path)
    result = perspectives(pack, args.context, args.method)
    roles = args.roles or [lens.id for lens in pack.lenses[:2]]
    four = four_rankings(pack, roles[0], roles[1], args.context, args.method) if len(roles) == 2 else None
    if args.format == "json":
        _dump({
            "ranks": result.ranks.to_dict(orient="records"),
            "rank_range": result.rank_range.reset_index().to_dict(orient="records"),
            "roles": None if four is None else {
                "lens_a": four.lens_a, "lens_b": four.lens_b,
                "assessment_a": four.assessment_a, "assessment_b": four.assessment_b,
                "ranks": four.ranks.reset_index().to_dict(orient="records"),
                "titles": four.titles, "first": four.first, "verdict": four.verdict,
                "sentences": four.sentences,
            },
            "notes": result.notes,
        })
        return 0
    print("Rank of each option under every lens × set of scores (1 = best)")
    ranges = result.rank_range.rename(columns={"best_at": "best at", "worst_at": "worst at",
                                               "own_best": "own best", "own_worst": "own worst"})
    print(_table(ranges.drop(columns=[]), index=False))
    for note in result.notes:
        print(f"  · {note}")
    if four is not None:
        print()
        print(f"Two roles: {four.lens_a} and {four.lens_b} (choose with --roles A B)")
        frame = four.ranks.rename(columns={k: f"{k[0].upper()}×{k[10].lower()}" for k in four.titles})
        print(_table(frame, index=False))
        for key, title in four.titles.items():
            print(f"  {key[0].upper()}×{key[10].lower()}: {title}")
        for sentence in four.sentences:
            print(f"  · {sentence}")
    return 0


# --------------------------------------------------------------------------- lenses
def lenses_markdown(pack: schema.Pack, contexts: list[str] | None = None) -> str:
    """The top three under each lens (with its own assessment) and Kendall's tau, as Markdown.

    Deterministic: the same pack gives the same text (taus to two decimals).
    """
    summary = lens_summary(pack, contexts or ())
    lines = ["| Lens | Scores | 1st | 2nd | 3rd |", "|---|---|---|---|---|"]
    for lens_id, row in summary.top.iterrows():
        lines.append(f"| {row['name']} | {_assessment_name(pack, row['assessment'])} | "
                     f"{row['first']} | {row['second']} | {row['third']} |")
    ids = list(summary.tau.columns)
    lines += ["", "Kendall's tau between the lenses' full rankings (each lens with its own scores; "
              "1 = the same order, −1 = the reverse):", "",
              "| | " + " | ".join(ids) + " |", "|---|" + "---|" * len(ids)]
    for r in ids:
        lines.append(f"| {r} | " + " | ".join(f"{summary.tau.loc[r, c]:.2f}" for c in ids) + " |")
    return "\n".join(lines) + "\n"


def cmd_lenses(args: argparse.Namespace) -> int:
    """Top three under each lens with its own assessment, and Kendall's tau between lenses."""
    pack = schema.load_pack(args.path)
    if args.format == "markdown":
        print(lenses_markdown(pack, args.context), end="")
        return 0
    summary = lens_summary(pack, args.context)
    if args.format == "json":
        _dump({
            "top": summary.top.reset_index().to_dict(orient="records"),
            "tau": {r: {c: round(float(summary.tau.loc[r, c]), 4) for c in summary.tau.columns}
                    for r in summary.tau.index},
        })
        return 0
    top = summary.top.assign(scores=[_assessment_name(pack, a) for a in summary.top["assessment"]])
    print("Top three under each lens, with the lens's own scores")
    print(top[["name", "scores", "first", "second", "third"]].to_string())
    print("\nKendall's tau between the lenses' rankings (1 = same order, −1 = reversed)")
    print(summary.tau.to_string(float_format=lambda x: f"{x:.2f}"))
    return 0


# --------------------------------------------------------------------------- record check
def _aligned(indent: int, name: str, width: int, figures: str) -> str:
    """``name`` in a column ``width`` wide and ``figures`` after it; a longer name wraps at word breaks and the
    figures follow its last line, so no name is cut."""
    lines = textwrap.wrap(str(name), width) or [""]
    pad = " " * indent
    return "\n".join([*(pad + line for line in lines[:-1]), f"{pad}{lines[-1]:<{width}} {figures}"])


def _record_json(result: Any) -> dict[str, Any]:
    return {
        "passed": result.passed,
        "failures": result.failures,
        "thresholds": {"min_pair_agreement": result.min_pair_agreement,
                       "min_first_rank_acceptability": result.min_first_rank_acceptability},
        "samples": result.samples, "seed": result.seed,
        "lenses": [{
            "lens": r.lens, "assessment": r.assessment, "actors": list(r.actors),
            "supported": list(r.supported), "opposed": list(r.opposed),
            "right": r.right, "total": r.total, "share": r.share, "feasible": r.feasible,
            "wrong_pairs": r.pairs[~r.pairs["right"]][["supported", "opposed"]].values.tolist(),
            "unexplainable_alone": [list(p) for p in r.alone],
            "conflicting_sets": [[list(p) for p in g] for g in r.conflicts],
            "weight_ranges": None if r.ranges is None else {
                c: {"low": float(x["low"]), "high": float(x["high"]), "lens_weight": float(x["lens_weight"])}
                for c, x in r.ranges.iterrows()},
            "sentences": r.sentences,
        } for r in result.lenses],
        "supported_options": result.supported.reset_index().to_dict(orient="records"),
        "notes": result.notes,
    }


def cmd_record_check(args: argparse.Namespace) -> int:
    """Check each lens against its actors' stances; exit 1 when the pack's thresholds are not met."""
    pack = schema.load_pack(args.path)
    result = record_check(pack, samples=args.samples, seed=args.seed)
    if args.format == "json":
        _dump(_record_json(result))
        return 0 if result.passed else 1
    print(f"Record check — {pack.info.title}")
    if not result.lenses:
        print("No lens names stance_actors, so no lens is checked against stances.")
    for r in result.lenses:
        print()
        print(f"Lens “{r.name}” ({r.lens}), scores: {_assessment_name(pack, r.assessment)}; "
              f"actors: {', '.join(r.actors)}")
        for sentence in r.sentences:
            print(f"  · {sentence}")
        if r.ranges is not None and r.total:
            label = "every pair" if r.feasible else "the pairs not named above"
            print(f"  Weights under which the supported options score at least level with the opposed ones "
                  f"({label}; share of the total weight):")
            for _, x in r.ranges.iterrows():
                print(_aligned(4, x["name"], 40, f"{x['low']:.2f}–{x['high']:.2f}   (this lens: {x['lens_weight']:.2f})"))
    if len(result.supported):
        print()
        print("Options some actor supports: share of all weightings under which each comes first, "
              "with its supporters' scores")
        for option_id, row in result.supported.iterrows():
            mark = ""
            if row["no_case_note"]:
                mark = f"   no case in the texts: {row['no_case_note']}"
            elif row["flagged"]:
                mark = "   below the pack's threshold"
            print(_aligned(2, row["name"], 44, f"{100 * row['first_rank']:5.1f}%  "
                                               f"({_assessment_name(pack, row['assessment'])}){mark}"))
            print(f"      {row['leads_sentence']}")
    for note in result.notes:
        print(f"  · {note}")
    print()
    if result.min_pair_agreement is None and result.min_first_rank_acceptability is None:
        print("No thresholds stated: nothing to pass or fail.")
        return 0
    if result.passed:
        print(f"Passed: every lens ranks at least {100 * result.min_pair_agreement:.1f}% of its pairs the right way "
              f"round and every supported option leads under at least "
              f"{100 * result.min_first_rank_acceptability:.1f}% of weightings (or has a no-case note).")
        return 0
    print(f"Failed ({len(result.failures)}):")
    for failure in result.failures:
        print(f"  · {failure}")
    return 1


# --------------------------------------------------------------------------- balance
def cmd_balance(args: argparse.Namespace) -> int:
    """Counts per side, source, option and context that show a lopsided pack."""
    pack = schema.load_pack(args.path)
    report = balance_report(pack, samples=args.samples, seed=args.seed)
    if args.format == "json":
        _dump(report.to_dict())
        return 0
    sections = [
        ("Stances by side (sides follow the lenses' stance_actors)", report.stances, True),
        ("Quotes per source", report.quotes.drop(columns=["title"]), True),
        ("Figures per side and source (a source's side: the side whose stances quote it)", report.figures, True),
        ("Risks and cited strengths per option (cited cells on the good / bad side of the scale's middle)",
         report.options.drop(columns=["name"]), True),
        ("Context effects by direction (better / worse for the option)", report.contexts, True),
        ("Options that no set of scores lets lead, or that another option dominates with the editors' scores "
         "('can lead with': the scores under which some weighting puts it strictly first)",
         report.never_lead, True),
    ]
    for title, frame, index in sections:
        print(title)
        print(_table(frame, index=index) if len(frame) else "  none")
        print()
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the commands to the `ladder` parser."""
    p = sub.add_parser("perspectives", help="ranks under every lens × assessment; two roles' four rankings")
    _path(p)
    p.add_argument("--roles", nargs=2, metavar=("LENS_A", "LENS_B"),
                   help="two lenses to compare (default: the pack's first two)")
    p.add_argument("--context", action="append", default=[], metavar="ID", help="switch a context on (repeatable)")
    p.add_argument("--method", choices=list(engine.METHODS), default="wsm", help="ranking method (default wsm)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_perspectives)

    p = sub.add_parser("lenses", help="top three under each lens with its assessment; Kendall's tau between lenses")
    _path(p)
    p.add_argument("--context", action="append", default=[], metavar="ID", help="switch a context on (repeatable)")
    p.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    p.set_defaults(func=cmd_lenses)

    p = sub.add_parser("record-check", help="check lenses against their actors' stances (exit 1 below thresholds)")
    _path(p)
    p.add_argument("--samples", type=int, default=None, help="weight samples (default: the pack's, else 20000)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the pack's, else 1)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_record_check)

    p = sub.add_parser("balance", help="stances, quotes, figures, risks and context effects per side")
    _path(p)
    p.add_argument("--samples", type=int, default=20_000, help="weight samples for 'can never lead' (default 20000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_balance)
