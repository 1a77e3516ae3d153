"""The balance report: does the pack give each side's case with equal care?

Counts, not judgments, so a pack author sees a lopsided pack before a room does:

- **Stances by side.** Each actor belongs to the side of every lens whose ``stance_actors``
  lists it; actors no lens lists are "not tied to a lens". Per side: stances by position,
  and how many quote the actor's own words vs a report of them (``Stance.voice``).
- **Quotes per source.** Every citation in the pack, by source.
- **Figures per side and source.** A figure counts for a side when its source is quoted in
  that side's stances and no other side's ("shared" when several sides' stances quote the
  source, "no side" when no stance does).
- **Risks and cited strengths per option.** Risks listed; cited cells on the good side of the
  scale's middle (above it for a benefit criterion, below it for a cost) and on the bad side.
- **Context effects by direction.** Per context, how many effects make an option better
  (a benefit score raised or a cost score lowered) and how many make one worse.
- **Options that can never lead.** An option can lead when some weighting puts it strictly
  first, ahead of every other option (the widest-margin linear program, exact, as the record
  check counts it: a weighting that only ties it for first is not a lead); checked with the
  editors' scores and with each assessment. Also options another option Pareto-dominates
  under the editors' scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from engine._explain import pareto_dominated
from engine._methods import prepare
from engine._pack import matrix_from_pack
from engine._record_check import _TOL, _dominated, first_rank_unknown_weights, max_margin_weights

if TYPE_CHECKING:
    from schema import Pack

__all__ = ["BalanceReport", "NOT_TIED", "balance_report"]

NOT_TIED = "not tied to a lens"


@dataclass(frozen=True, eq=False)
class BalanceReport:
    """See the module docstring. Every table is a DataFrame with plain column names."""

    stances: pd.DataFrame
    quotes: pd.DataFrame
    figures: pd.DataFrame
    options: pd.DataFrame
    contexts: pd.DataFrame
    never_lead: pd.DataFrame

    def to_dict(self) -> dict[str, list[dict[str, object]]]:
        """Every table as a list of records (for JSON)."""
        return {
            name: getattr(self, name).reset_index().to_dict(orient="records")
            for name in ("stances", "quotes", "figures", "options", "contexts", "never_lead")
        }


def _sides_of(pack: Pack) -> dict[str, list[str]]:
    sides: dict[str, list[str]] = {}
    for lens in pack.lenses:
        for actor in lens.stance_actors:
            sides.setdefault(actor, []).append(lens.name)
    return sides


def _stances(pack: Pack, sides: dict[str, list[str]]) -> pd.DataFrame:
    order = [lens.name for lens in pack.lenses if lens.stance_actors] + [NOT_TIED]
    counts = {side: {"supports": 0, "opposes": 0, "conditional": 0, "own words": 0, "reported": 0} for side in order}
    for option in pack.options:
        for stance in option.stances:
            for side in sides.get(stance.actor, [NOT_TIED]):
                counts[side][stance.position] += 1
                counts[side][stance.voice] += 1
    frame = pd.DataFrame.from_dict(counts, orient="index")
    frame.index.name = "side"
    return frame[frame.sum(axis=1) > 0] if len(frame) else frame


def _walk(pack: Pack) -> list[tuple[str, str]]:
    """(kind, source id) of every citation."""
    from schema import walk_citations

    out: list[tuple[str, str]] = []
    for kind, items in (("options", pack.options), ("contexts", pack.contexts), ("lenses", pack.lenses),
                        ("injects", pack.injects), ("assessments", pack.assessments)):
        for item in items:
            for path, cite in walk_citations(item):
                label = kind
                if kind == "options" and path:
                    label = {"stances": "stances", "risks": "risks", "figures": "figures", "scores": "scores",
                             "sources_say": "what sources say"}.get(str(path[0]), "prerequisites")
                out.append((label, cite.source))
    return out


def _quotes(pack: Pack) -> pd.DataFrame:
    kinds = ["scores", "stances", "risks", "figures", "what sources say", "prerequisites", "contexts", "lenses",
             "injects", "assessments"]
    table = {s.id: dict.fromkeys(kinds, 0) for s in pack.sources}
    for kind, source in _walk(pack):
        if source in table:
            table[source][kind] += 1
    frame = pd.DataFrame.from_dict(table, orient="index", columns=kinds)
    frame.insert(0, "quotes", frame.sum(axis=1))
    frame.insert(0, "title", [s.title for s in pack.sources])
    frame.index.name = "source"
    return frame


def _figures(pack: Pack, sides: dict[str, list[str]]) -> pd.DataFrame:
    source_sides: dict[str, set[str]] = {}
    for option in pack.options:
        for stance in option.stances:
            source_sides.setdefault(stance.citation.source, set()).update(sides.get(stance.actor, [NOT_TIED]))
    rows = []
    for option in pack.ladder:
        for figure in option.figures:
            owners = source_sides.get(figure.citation.source, set())
            side = "no side" if not owners else (next(iter(owners)) if len(owners) == 1 else "shared")
            rows.append({"side": side, "source": figure.citation.source, "option": option.id,
                         "label": figure.label, "value": figure.value})
    frame = pd.DataFrame(rows, columns=["side", "source", "option", "label", "value"])
    if frame.empty:
        return pd.DataFrame(columns=["side", "source", "figures"]).set_index(["side", "source"])
    return frame.groupby(["side", "source"], sort=True).size().rename("figures").to_frame()


def _options(pack: Pack) -> pd.DataFrame:
    rows = []
    for option in pack.ladder:
        strong = weak = 0
        for criterion in pack.criteria:
            score = option.scores.get(criterion.id)
            if score is None or score.basis != "cited":
                continue
            middle = (criterion.scale.min + criterion.scale.max) / 2
            good = score.value > middle if criterion.direction == "benefit" else score.value < middle
            bad = score.value < middle if criterion.direction == "benefit" else score.value > middle
            strong += good
            weak += bad
        rows.append({"option": option.id, "name": option.name, "risks": len(option.risks),
                     "cited strengths": strong, "cited weaknesses": weak,
                     "supporters": sum(s.position == "supports" for s in option.stances),
                     "opponents": sum(s.position == "opposes" for s in option.stances)})
    return pd.DataFrame(rows).set_index("option")


def _contexts(pack: Pack) -> pd.DataFrame:
    direction = {c.id: c.direction for c in pack.criteria}
    rows = []
    for context in pack.contexts:
        better = worse = 0
        for effect in context.effects:
            up = effect.shift > 0
            if (direction.get(effect.criterion) == "cost") ^ up:
                better += 1
            else:
                worse += 1
        rows.append({"context": context.id, "name": context.name, "better": better, "worse": worse})
    return pd.DataFrame(rows, columns=["context", "name", "better", "worse"]).set_index("context")


def _never_lead(pack: Pack, samples: int, seed: int) -> pd.DataFrame:
    sides: list[str | None] = [None, *(a.id for a in pack.assessments)]
    utilities = {}
    base = None
    for side in sides:
        matrix = matrix_from_pack(pack, assessment=side)
        base = base or matrix
        utilities[side] = prepare(matrix, "wsm").utilities(matrix.values)
    shares = dict(zip(sides, first_rank_unknown_weights([utilities[s] for s in sides], samples, seed), strict=True))
    dominated = pareto_dominated(base)  # type: ignore[arg-type]
    side_names = {None: "The editors' scores", **{a.id: a.name for a in pack.assessments}}
    option_names = dict(zip(base.option_ids, base.option_names, strict=True))  # type: ignore[union-attr]
    rows = []
    for i, option in enumerate(base.option_ids):  # type: ignore[union-attr]
        can_lead = []
        for side in sides:
            u = utilities[side]
            # strictly first, as the record check counts it: a weighting that only ties it is not a lead
            if shares[side][i] > 0 or (not _dominated(u, i) and max_margin_weights(u, i)[0] > _TOL):
                can_lead.append(side_names[side])
        if can_lead and option not in dominated:
            continue
        rows.append({
            "option": option, "name": base.option_names[i],  # type: ignore[union-attr]
            "can lead with": "; ".join(can_lead) or "no set of scores",  # names may hold commas
            "dominated by": ", ".join(f"“{option_names[o]}”" for o in dominated.get(option, [])),
            "first rank (editors)": float(shares[None][i]),
        })
    return pd.DataFrame(rows, columns=["option", "name", "can lead with", "dominated by",
                                       "first rank (editors)"]).set_index("option")


def balance_report(pack: Pack, samples: int = 20_000, seed: int = 1) -> BalanceReport:
    """Counts that show whether each side's case is given with equal care (module docstring)."""
    sides = _sides_of(pack)
    return BalanceReport(
        stances=_stances(pack, sides),
        quotes=_quotes(pack),
        figures=_figures(pack, sides),
        options=_options(pack),
        contexts=_contexts(pack),
        never_lead=_never_lead(pack, samples, seed),
    )
