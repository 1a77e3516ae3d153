"""The after-action report of a seminar room: built from data, rendered with Jinja2 templates.

No Streamlit here. The HTML template is autoescaped; the Markdown template escapes every value
it prints with :func:`ui.text.md` (so a title such as ``<img onerror>`` or ``[x](javascript:…)``
shows as typed), except numbers and the report's own labels. The CSV holds every submission.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

import engine
import seminar
from schema import Pack
from ui.rooms import RoundAnalysis, group_scores_note, round_matrix, tied_label, values_facts
from ui.text import csv_cell, md_text

TEMPLATES = Path(__file__).parent / "templates"
METHOD_NAMES = {"wsm": "Weighted sum", "wpm": "Weighted product", "topsis": "TOPSIS", "promethee": "PROMETHEE II"}


@dataclass(frozen=True)
class RoundSummary:
    number: int
    inject_title: str
    inject_text: str
    conditions: list[str]
    submissions: int
    top: str  # the group's first option (ties named), or "" without submissions
    agreement: str  # Kendall's W as text, or a sentence
    spread: str = ""  # the mean spread (SD) of the normalised weights: down across rounds = converging
    ranking: list[tuple[int, str, str, str]] = field(default_factory=list)  # rank, name, score, move
    spread_rows: list[tuple[str, str, str, str]] = field(default_factory=list)  # criterion, mean, sd, range
    first_choices: list[tuple[str, int]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # what this round's inject changed, and why
    flips: list[str] = field(default_factory=list)
    scores: str = ""  # whose scores the group ranking uses
    values_facts: str = ""  # the round's verdict: values, facts, both or neither (two submissions or more)


@dataclass(frozen=True)
class SubmissionRow:
    round_number: int
    who: str
    role: str
    time: str
    revision: int
    reason: str
    assessment: str
    weights: str
    removed: bool


def _agreement(result: RoundAnalysis) -> str:
    if result.kendall_w is None:
        return "one participant"
    return f"{result.kendall_w:.2f}"


def _changes(pack: Pack, method: str, before: seminar.RoundInfo, before_result: RoundAnalysis,
             now: seminar.RoundInfo, now_result: RoundAnalysis) -> list[str]:
    """What changed between two rounds' group rankings, and why: the conditions, then the weights."""
    ctx = {c.id: c.name for c in pack.contexts}
    crit = {c.id: c.name for c in pack.criteria}
    out: list[str] = []
    top_before, top_now = before_result.top_label(), now_result.top_label()
    if top_before != top_now:
        out.append(f"The group's top option changed from {top_before} to {top_now}.")
    else:
        out.append(f"The group's top option stayed {top_now}.")
    ranks_before = {oid: int(r["rank"]) for oid, r in before_result.ranking.iterrows()}
    moves = []
    for oid, row in now_result.ranking.iterrows():
        if oid in ranks_before and ranks_before[oid] != int(row["rank"]):
            delta = ranks_before[oid] - int(row["rank"])
            moves.append((abs(delta), f"{row['name']} {'up' if delta > 0 else 'down'} {abs(delta)} "
                                      f"(to {int(row['rank'])})"))
    if moves:
        moves.sort(key=lambda m: -m[0])
        out.append("Moves: " + "; ".join(text for _, text in moves[:5]) + ".")
    by_inject = set(next((i.contexts for i in pack.injects if i.id == now.inject_id), []))
    turned_on = [c for c in now.contexts if c not in before.contexts]
    inject_on = [ctx.get(c, c) for c in turned_on if c in by_inject]
    hand_on = [ctx.get(c, c) for c in turned_on if c not in by_inject]  # the facilitator's own choice
    switched_off = [ctx.get(c, c) for c in before.contexts if c not in now.contexts]  # injects only switch on
    if turned_on or switched_off:
        said = []
        if inject_on:
            said.append("the inject switched on " + ", ".join(inject_on))
        hand = ([f"switched on {', '.join(hand_on)}"] if hand_on else []) + \
               ([f"switched off {', '.join(switched_off)}"] if switched_off else [])
        if hand:
            said.append("the facilitator " + " and ".join(hand))
        facts = engine.rank(round_matrix(pack, tuple(now.contexts), before_result.assessment),
                            before_result.group_weights, method=method)
        facts_top = tied_label([n for n, r in zip(facts.option_names, facts.ranks) if int(r) == 1])
        out.append(f"Conditions: {'; '.join(said)}. Under the new conditions with the previous "
                   f"round's group weights the top option would be {facts_top}.")
    if before_result.assessment != now_result.assessment:
        def whose(a: str | None) -> str:
            return next((x.name for x in pack.assessments if x.id == a), "the editors' scores")

        out.append(f"Scores: the group ranking used {whose(before_result.assessment)} in round {before.number} and "
                   f"{whose(now_result.assessment)} in round {now.number}, as the participants' choices of "
                   "assessment went.")
    shifts = sorted(((now_result.group_weights[c] - before_result.group_weights.get(c, 0.0), c)
                     for c in now_result.group_weights), key=lambda s: -abs(s[0]))
    moved = [(d, c) for d, c in shifts if abs(d) >= 0.005]
    if moved:  # the three largest changes, and every other as large as the third at the precision shown
        cut = round(abs(moved[min(2, len(moved) - 1)][0]), 2)
        shown = [(d, c) for d, c in moved if round(abs(d), 2) >= cut]
        rest = len(moved) - len(shown)
        out.append("Weights: the group " + "; ".join(
            f"{'raised' if d > 0 else 'lowered'} {crit.get(c, c)} by {abs(d):.2f}" for d, c in shown)
            + (f" ({rest} other {'criterion' if rest == 1 else 'criteria'} moved less)" if rest else "") + ".")
    else:
        out.append("Weights: the group's weights barely moved.")
    return out


def report_context(pack: Pack, view: seminar.FacilitatorView, history: Sequence[seminar.SubmissionInfo],
                   analyse: Callable[[seminar.RoundInfo], RoundAnalysis | None], anonymise: bool,
                   values_facts_lines: Sequence[str] = ()) -> dict[str, Any]:
    """Everything the report says, as plain data (the templates only lay it out)."""
    crit = {c.id: c.name for c in pack.criteria}
    ctx = {c.id: c.name for c in pack.contexts}
    roles = {lens.id: lens.name for lens in pack.lenses}
    assessments = {a.id: a.name for a in getattr(pack, "assessments", None) or []}
    aliases: dict[int, str] = {}
    for sub in sorted(history, key=lambda s: s.submitted_at):
        aliases.setdefault(sub.participant_id, f"Participant {len(aliases) + 1}")

    rounds: list[RoundSummary] = []
    previous: tuple[seminar.RoundInfo, RoundAnalysis] | None = None
    for rnd in view.rounds:
        result = analyse(rnd)
        conditions = [ctx.get(c, c) for c in rnd.contexts]
        if result is None:
            rounds.append(RoundSummary(rnd.number, rnd.inject_title, rnd.inject_text, conditions, 0, "", ""))
            continue
        ranks = {oid: int(row["rank"]) for oid, row in result.ranking.iterrows()}
        before = {oid: int(r["rank"]) for oid, r in previous[1].ranking.iterrows()} if previous else {}
        ranking = []
        for oid, row in result.ranking.iterrows():
            move = ""
            if oid in before and before[oid] != ranks[oid]:
                delta = before[oid] - ranks[oid]
                move = f"up {delta}" if delta > 0 else f"down {-delta}"
            ranking.append((ranks[oid], str(row["name"]), f"{row['score']:.3f}", move))
        spread_rows = [(crit.get(cid, cid), f"{row['mean']:.2f}", f"{row['std']:.2f}",
                        f"{row['min']:.2f}–{row['max']:.2f}")
                       for cid, row in result.spread.sort_values("std", ascending=False).iterrows()]
        changes = _changes(pack, view.room.method, previous[0], previous[1], rnd, result) if previous else []
        rounds.append(RoundSummary(rnd.number, rnd.inject_title, rnd.inject_text, conditions, result.participants,
                                   result.top_label(), _agreement(result), f"{result.spread['std'].mean():.3f}",
                                   ranking, spread_rows, list(result.first_choices), changes, result.flips[:3],
                                   group_scores_note(pack, result), _verdict(pack, view, history, rnd.number)))
        previous = (rnd, result)

    submissions = []
    for sub in sorted(history, key=lambda s: (s.round_number, s.submitted_at)):
        submissions.append(SubmissionRow(
            round_number=sub.round_number,
            who=aliases[sub.participant_id] if anonymise else sub.display_name,
            role=roles.get(sub.role, sub.role) if sub.role else "",
            time=f"{sub.submitted_at:%Y-%m-%d %H:%M:%S} UTC",
            revision=sub.revision,
            reason=getattr(sub, "reason", "") or "",
            assessment=assessments.get(getattr(sub, "assessment", None) or "", getattr(sub, "assessment", None) or ""),
            weights=", ".join(f"{crit.get(c, c)} {w:g}" for c, w in sub.weights.items()),
            removed=bool(getattr(sub, "removed", False)),
        ))
    last = next((r for r in reversed(rounds) if r.submissions), None)
    if not values_facts_lines and last is not None:
        values_facts_lines = _values_facts_lines(pack, view, history, last.number)
    return {
        "title": view.room.title,
        "pack_title": pack.info.title,
        "method": METHOD_NAMES.get(view.room.method, view.room.method),
        "participants": (f"{len(view.active_participants)}"
                         + (f" (and {removed} removed)" if (removed := len(view.participants) - len(view.active_participants))
                            else "")),
        "rounds": rounds,
        "flips": last.flips if last else [],
        "values_facts": list(values_facts_lines),
        "submissions": submissions,
        "anonymised": anonymise,
        "generated": f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
    }


def _verdict(pack: Pack, view: seminar.FacilitatorView, history: Sequence[seminar.SubmissionInfo],
             round_number: int) -> str:
    """A round's verdict on values or facts, once two have submitted ("" before, or without assessments)."""
    found = _values_facts(pack, view, history, round_number)
    return found.sentences()[-1] if found is not None and len(found.sentences()) > 3 else ""


def _values_facts(pack: Pack, view: seminar.FacilitatorView, history: Sequence[seminar.SubmissionInfo],
                  round_number: int):
    """Values or facts in one round (each participant's latest revision), or None."""
    rnd = next((r for r in view.rounds if r.number == round_number), None)
    latest: dict[int, seminar.SubmissionInfo] = {}
    for sub in history:
        if sub.round_number == round_number and not getattr(sub, "removed", False):
            if sub.participant_id not in latest or sub.revision > latest[sub.participant_id].revision:
                latest[sub.participant_id] = sub
    if rnd is None or not latest:
        return None
    return values_facts(pack, tuple(rnd.contexts), view.room.method,
                        [(dict(s.weights), getattr(s, "assessment", None)) for s in latest.values()])


def _values_facts_lines(pack: Pack, view: seminar.FacilitatorView, history: Sequence[seminar.SubmissionInfo],
                        round_number: int) -> list[str]:
    """Values or facts in the last round with submissions (each participant's latest revision)."""
    found = _values_facts(pack, view, history, round_number)
    if found is None:
        return []
    tops = ", ".join(f"{column}: {found.side_by_side[column].idxmin()}" for column in found.side_by_side.columns)
    return [f"Round {round_number}. " + found.sentences()[0], *found.sentences()[1:],
            f"The group's top option under each assessment — {tops}."]


def _md_finalize(value: object) -> object:
    """Every value the Markdown template prints is escaped, except numbers and Markup."""
    if isinstance(value, (Markup, int, float)) and not isinstance(value, bool):
        return value
    return md_text(str(value))


_HTML = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                           undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_MD = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False, finalize=_md_finalize,
                         undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                         keep_trailing_newline=True)


def render_markdown(context: dict[str, Any]) -> str:
    return _MD.get_template("after_action.md.j2").render(**context)


def render_html(context: dict[str, Any]) -> str:
    return _HTML.get_template("after_action.html.j2").render(**context)


def after_action_markdown(pack: Pack, view: seminar.FacilitatorView, history: Sequence[seminar.SubmissionInfo],
                          analyse: Callable[[seminar.RoundInfo], RoundAnalysis | None], anonymise: bool) -> str:
    """The report as Markdown (every user and pack text escaped)."""
    return render_markdown(report_context(pack, view, history, analyse, anonymise))


def after_action_html(pack: Pack, view: seminar.FacilitatorView, history: Sequence[seminar.SubmissionInfo],
                      analyse: Callable[[seminar.RoundInfo], RoundAnalysis | None], anonymise: bool) -> str:
    """The report as a self-contained HTML page (autoescaped)."""
    return render_html(report_context(pack, view, history, analyse, anonymise))


def submissions_csv(pack: Pack, history: Sequence[seminar.SubmissionInfo], anonymise: bool) -> str:
    """Every submission (every revision), one row each, weights in one column per criterion."""
    context_rows = report_context_rows(pack, history, anonymise)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    criteria = [c.id for c in pack.criteria]
    writer.writerow(["round", "participant", "role", "submitted_at_utc", "revision", "assessment", "reason",
                     "removed", *[f"weight_{c}" for c in criteria]])
    for row in context_rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


def report_context_rows(pack: Pack, history: Sequence[seminar.SubmissionInfo], anonymise: bool) -> list[list]:
    roles = {lens.id: lens.name for lens in pack.lenses}
    sides = {a.id: a.name for a in pack.assessments}
    aliases: dict[int, str] = {}
    for sub in sorted(history, key=lambda s: s.submitted_at):
        aliases.setdefault(sub.participant_id, f"Participant {len(aliases) + 1}")
    rows = []
    for sub in sorted(history, key=lambda s: (s.round_number, s.submitted_at)):
        rows.append([sub.round_number, aliases[sub.participant_id] if anonymise else sub.display_name,
                     roles.get(sub.role, sub.role), f"{sub.submitted_at:%Y-%m-%d %H:%M:%S}", sub.revision,
                     sides.get(getattr(sub, "assessment", None) or "", getattr(sub, "assessment", None) or ""),
                     getattr(sub, "reason", "") or "",
                     "yes" if getattr(sub, "removed", False) else "",
                     *[f"{sub.weights.get(c.id, 0.0):g}" for c in pack.criteria]])
    return rows
