"""The after-action report of a seminar room (Markdown and HTML): pure functions, no Streamlit."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import seminar
from schema import Pack
from ui.brief import brief_html


def after_action_markdown(pack: Pack, view: seminar.FacilitatorView, history: Sequence[seminar.SubmissionInfo],
                          analyse: Callable[[seminar.RoundInfo], object], anonymise: bool) -> str:
    """Every round's inject and contexts, group ranking and how it moved, disagreement, every submission."""
    names = {o.id: o.name for o in pack.options}
    crit = {c.id: c.name for c in pack.criteria}
    ctx = {c.id: c.name for c in pack.contexts}
    aliases: dict[int, str] = {}
    for sub in sorted(history, key=lambda s: s.submitted_at):
        aliases.setdefault(sub.participant_id, f"Participant {len(aliases) + 1}")
    who = (lambda s: aliases[s.participant_id]) if anonymise else (lambda s: s.display_name)

    out = [f"# After-action report — {view.room.title}", "",
           f"Case pack: {pack.info.title}. Method: {view.room.method}. Participants: {len(view.participants)}. "
           f"Rounds: {len(view.rounds)}.", ""]
    previous: dict[str, int] | None = None
    for rnd in view.rounds:
        out += [f"## Round {rnd.number}: {rnd.inject_title or 'no inject'}", ""]
        if rnd.inject_text:
            out += [rnd.inject_text, ""]
        out += [f"Conditions: {', '.join(ctx.get(c, c) for c in rnd.contexts) or 'none'}.", ""]
        result = analyse(rnd)
        if result is None:
            out += ["No submissions in this round.", ""]
            continue
        out += [f"Submissions: {result.participants}. Agreement (Kendall's W): "
                + (f"{result.kendall_w:.2f}." if result.kendall_w is not None else "one participant.")]
        out += ["", "### Group ranking", ""]
        ranks = {oid: int(row["rank"]) for oid, row in result.ranking.iterrows()}
        for oid, row in result.ranking.iterrows():
            move = ""
            if previous is not None and oid in previous and previous[oid] != ranks[oid]:
                delta = previous[oid] - ranks[oid]
                move = f" (up {delta})" if delta > 0 else f" (down {-delta})"
            out.append(f"{ranks[oid]}. {names.get(oid, oid)} — {row['score']:.3f}{move}")
        previous = ranks
        out += ["", "### Disagreement (spread of each criterion's weight)", ""]
        for cid, row in result.spread.sort_values("std", ascending=False).iterrows():
            out.append(f"- {crit.get(cid, cid)}: mean {row['mean']:.3f}, sd {row['std']:.3f}, "
                       f"range {row['min']:.3f}–{row['max']:.3f}")
        out += ["", "### First choices", ""]
        out += [f"- {names.get(oid, oid)}: {row['votes']:g}" for oid, row in result.first_choices.iterrows()]
        out.append("")
    out += ["## Every submission", ""]
    for sub in sorted(history, key=lambda s: (s.round_number, s.submitted_at)):
        weights = ", ".join(f"{crit.get(c, c)} {w:g}" for c, w in sub.weights.items())
        out.append(f"- Round {sub.round_number}, {who(sub)}, revision {sub.revision}, "
                   f"{sub.submitted_at:%Y-%m-%d %H:%M:%S} UTC: {weights}")
    return "\n".join(out) + "\n"


def after_action_html(markdown_text: str, title: str) -> str:
    return brief_html(markdown_text, title)
