"""The ranking in words: who leads, by how much, whether it is a tie or a knife-edge, what would
change it — stated in the units the user moves (slider points 0–100), checked by re-ranking.

Pure functions (no Streamlit): the page, the brief and the tests share them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

import engine

#: A flip this many slider points away (or nearer) is a knife-edge: two or three key presses.
KNIFE_EDGE_POINTS = 5
SLIDER_MAX = 100


def count(n: int, noun: str) -> str:
    """"1 submission", "3 submissions"."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def join_names(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def leaders(result: engine.RankingResult) -> list[str]:
    """Ids of every option ranked first (more than one: a tie), in the result's order."""
    return [o for o in result.order if int(result.ranks[result.option_ids.index(o)]) == 1]


def score_of(result: engine.RankingResult, option_id: str) -> float:
    return float(result.scores[result.option_ids.index(option_id)])


@dataclass(frozen=True)
class SliderFlip:
    """Moving one slider to ``at`` (from ``now``) puts ``leaders`` first instead."""

    criterion_id: str
    criterion_name: str
    now: int
    at: int
    leaders: tuple[str, ...]
    then: tuple[str, ...] = ()  # a tie only at ``at``: who leads one point further on


    @property
    def rising(self) -> bool:
        return self.at > self.now

    @property
    def distance(self) -> int:
        return abs(self.at - self.now)

    @property
    def knife_edge(self) -> bool:
        return self.distance <= KNIFE_EDGE_POINTS


def _top_ids(matrix: engine.DecisionMatrix, raw: Mapping[str, float], method: str) -> tuple[str, ...]:
    """Ids of the options first under these slider values (ties in matrix order, as rank gives them)."""
    weights = np.array([float(raw.get(c, 0.0)) for c in matrix.criterion_ids])
    scores = _scorer(matrix, method).scores(matrix.values, weights / weights.sum())
    ranks = engine.competition_ranks(scores)
    return tuple(matrix.option_ids[i] for i in np.flatnonzero(ranks == 1))


def _scorer(matrix: engine.DecisionMatrix, method: str):
    """The method bound to the matrix (scores only: no tables, as rank builds for Show your work)."""
    from engine._methods import prepare  # the engine's own scorer, shared with rank and sensitivity

    return prepare(matrix, method)


def slider_flips(matrix: engine.DecisionMatrix, raw: Mapping[str, float], method: str = "wsm") -> list[SliderFlip]:
    """For each slider, the nearest whole-number setting (0–100, the others left where they are)
    at which a different set of options is first; nearest first.

    Moving one slider keeps the other weights' proportions, which is exactly the engine's
    stability interval: weight t ↔ slider r = t·S/(1 − t) with S the sum of the other sliders.
    Each candidate setting is checked by ranking again, so a sentence never names a point
    that has not been reached or an option that does not lead there.
    """
    raw = {c: float(raw.get(c, 0.0)) for c in matrix.criterion_ids}
    if sum(raw.values()) <= 0:
        return []
    now_top = _top_ids(matrix, raw, method)
    table = engine.stability_intervals(matrix, raw, method=method)
    flips: list[SliderFlip] = []
    for k, row in enumerate(table.itertuples(index=False)):
        cid = matrix.criterion_ids[k]
        others = sum(v for c, v in raw.items() if c != cid)
        now = int(round(raw[cid]))
        if others <= 0:
            continue  # this slider alone carries weight: moving it changes nothing
        candidates: list[int] = []
        # The first whole setting at or past the crossing: a crossing on a whole number is a tie there.
        if row.top_high < 1.0:
            exact = row.top_high * others / (1.0 - row.top_high)
            candidates.append(max(now + 1, math.ceil(exact - 1e-9)))
        if row.top_low > 0.0:
            exact = row.top_low * others / (1.0 - row.top_low)
            candidates.append(min(now - 1, math.floor(exact + 1e-9)))
        for at in candidates:
            step = 1 if at > now else -1
            # check by re-ranking; step on (at most a few points) past rounding at the crossing
            for probe in range(at, at + 3 * step, step):
                if not 0 <= probe <= SLIDER_MAX:
                    break
                top = _top_ids(matrix, {**raw, cid: float(probe)}, method)
                if top != now_top:
                    then: tuple[str, ...] = ()
                    if len(top) > 1 and 0 <= probe + step <= SLIDER_MAX:
                        beyond = _top_ids(matrix, {**raw, cid: float(probe + step)}, method)
                        then = beyond if beyond != top else ()
                    flips.append(SliderFlip(cid, row.name, now, probe, top, then))
                    break
    flips.sort(key=lambda f: (f.distance, f.criterion_name))
    return flips


def flip_sentence(flip: SliderFlip, names: Mapping[str, str]) -> str:
    """'At 64 or more on the Civilian harm slider (now 50), Intelligence sharing leads.'; a tie at one setting
    only: 'At 25 on the … slider (now 24), A and B tie for first; at 26 or more, B leads.'"""
    def who(ids: Sequence[str]) -> str:
        return join_names([names[o] for o in ids]) + (" tie for first" if len(ids) > 1 else " leads")

    further = "more" if flip.rising else "less"
    if flip.then:
        beyond = flip.at + (1 if flip.rising else -1)
        return (f"At {flip.at} on the {flip.criterion_name} slider (now {flip.now}), {who(flip.leaders)}; "
                f"at {beyond} or {further}, {who(flip.then)}.")
    return f"At {flip.at} or {further} on the {flip.criterion_name} slider (now {flip.now}), {who(flip.leaders)}."


def bottom_line(
    result: engine.RankingResult,
    names: Mapping[str, str],
    flips: Sequence[SliderFlip],
    method_name: str,
    with_change: bool = True,
) -> str:
    """One or two sentences: who leads (or who ties), by how much, and (``with_change``) what would change it."""
    first = leaders(result)
    top_score = score_of(result, first[0])
    rest = [o for o in result.order if o not in first]
    if len(first) > 1:
        text = (f"Tie for first: {join_names([names[o] for o in first])} score {top_score:.3f} each "
                f"({method_name}); these weights do not separate them.")
    else:
        text = f"{names[first[0]]} leads with {top_score:.3f} ({method_name})"
        if rest:
            gap = top_score - score_of(result, rest[0])
            ahead = f"{gap:.3f}" if gap >= 0.0005 else "less than 0.001"
            second_rank = int(result.ranks[result.option_ids.index(rest[0])])
            second = [o for o in rest if int(result.ranks[result.option_ids.index(o)]) == second_rank]
            if len(second) > 3:
                behind = f"{len(second)} options tied for second ({join_names([names[o] for o in second[:2]])} " \
                         f"and {len(second) - 2} more)"
            else:
                behind = join_names([names[o] for o in second]) + (" (tied for second)" if len(second) > 1 else "")
            text += f", {ahead} ahead of {behind}."
        else:
            text += "."
    if not with_change:
        return text
    if flips:
        nearest = flips[0]
        sentence = flip_sentence(nearest, names)
        if nearest.knife_edge and len(first) == 1:
            text += f" A knife-edge: {sentence[0].lower()}{sentence[1:]}"
        elif len(first) > 1:
            text += f" To break the tie: {sentence[0].lower()}{sentence[1:]}"
        else:
            text += f" Nearest change: {sentence[0].lower()}{sentence[1:]}"
    else:
        text += " No single slider move changes the top option."
    return text


def ranking_items(result: engine.RankingResult, names: Mapping[str, str],
                  moves: Mapping[str, int] | None = None) -> list[dict]:
    """The ranking as list items: rank, name, score, whether tied, places moved."""
    counts: dict[int, int] = {}
    for r in result.ranks:
        counts[int(r)] = counts.get(int(r), 0) + 1
    items = []
    for option_id in result.order:
        i = result.option_ids.index(option_id)
        rank = int(result.ranks[i])
        items.append({"id": option_id, "rank": rank, "name": names[option_id], "score": float(result.scores[i]),
                      "tied": counts[rank] > 1, "moved": int((moves or {}).get(option_id, 0))})
    return items


SCORE_SCALES = {
    "wsm": "Scores run from 0 (the worst end of every criterion's scale) to 1 (the best end of every one).",
    "wpm": "Scores multiply each criterion's ratio to the best option's value, weighted; the best possible score is 1.",
    "topsis": "Scores are closeness to an ideal option (best on every criterion), from 0 to 1.",
    "promethee": "Scores are net outranking flows, from −1 to 1: how far each option outranks the others, less how "
                 "far they outrank it.",
}


def contributions_sentence(name: str, parts) -> str:
    """'A gets most of its score from X (0.200), Y (0.100) and Z (0.071).', naming every criterion whose part, as
    shown, equals the third's. ``parts``: contribution per criterion name (a pandas Series)."""
    shown = parts.round(3).sort_values(ascending=False, kind="stable")
    top = shown[shown > 0]
    if top.empty:
        return f"{name} scores nothing on any criterion with these weights."
    named = top[top >= top.iloc[min(2, len(top) - 1)]]
    if len(named) > 5:
        if named.nunique() == 1:
            return f"{name}'s largest parts come equally from {len(named)} criteria ({named.iloc[0]:.3f} each)."
        named = named.head(5)
    return f"{name} gets most of its score from " + join_names([f"{c} ({v:.3f})" for c, v in named.items()]) + "."


def why_sentence(frame, name_a: str, name_b: str, score_a: float, score_b: float) -> str:
    """'A is above B by 0.042: mostly Civilian harm (+0.050) and Cooperation (+0.020); B does better
    on Fentanyl flow (−0.030).' ``frame`` is :func:`engine.why`'s table (wsm contributions)."""
    diff = score_a - score_b
    ahead = frame[frame["difference"] > 1e-12].sort_values("difference", ascending=False)
    behind = frame[frame["difference"] < -1e-12].sort_values("difference")

    def listing(rows) -> str:
        return join_names([f"{r.name} ({abs(r.difference):.3f})" for r in rows.head(3).itertuples()])

    if abs(diff) < 0.0005:
        head = f"{name_a} and {name_b} tie at {score_a:.3f} on the weighted sum"
        if ahead.empty and behind.empty:
            return head + ": they score the same on every weighted criterion."
        return (head + f": {name_a}'s lead on {listing(ahead)} is cancelled by {name_b}'s on "
                f"{listing(behind)}.")
    if diff < 0:
        name_a, name_b, ahead, behind = name_b, name_a, behind.assign(difference=-behind["difference"]), \
            ahead.assign(difference=-ahead["difference"])
    text = f"{name_a} is above {name_b} by {abs(diff):.3f} on the weighted sum, mostly through {listing(ahead)}"
    if not behind.empty:
        text += f"; {name_b} does better on {listing(behind)}"
    return text + "."


def as_array(values: Mapping[str, float], ids: Sequence[str]) -> np.ndarray:
    return np.array([float(values.get(c, 0.0)) for c in ids])
