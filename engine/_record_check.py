"""The record check: do the pack's lenses, with their assessments, agree with their actors' stances?

For each lens tied to actors (``Lens.stance_actors``):

1. **Supported and opposed options.** The options those actors support and oppose in the
   option stances ('conditional' stances are left out). Every (supported, opposed) pair is
   a stated preference: the supported option should score at least as well.
2. **Pair agreement.** Under the lens's weights and its assessment (weighted sum on each
   criterion's own scale, the normalised matrix the app ranks with), how many pairs are the
   right way round (supported strictly above opposed); the others are listed.
3. **Consistent weights (robust ordinal regression).** By linear programming, the least and
   the greatest weight of each criterion over all weight vectors w (w ≥ 0, Σw = 1) under
   which every supported option scores at least as well as every opposed one:
   (u_s − u_o)·w ≥ 0 for each pair. The 2m small LPs (min and max of each weight) are
   solved as one block-diagonal LP.
4. **Pairs no weighting explains.** When no weight vector satisfies all pairs, the check
   names them by a two-step method: (a) a pair alone is unexplainable when the opposed option
   is better on every criterion, max_j (u_s − u_o)_j < 0, since then no weighting puts the
   supported option level or above;
   (b) among the remaining pairs, the deletion filter (Chinneck & Dravnieks, 1991) finds an
   irreducible infeasible subset — drop each pair in turn and keep it out when the rest stays
   infeasible; what is left is a minimal set of pairs no weighting satisfies together, though
   each smaller part can be. That subset is set aside and the filter is run again until the
   rest is feasible. The weight ranges are then reported over the pairs not named.
5. **Can the supported options lead?** Per option some actor supports, its first-rank
   acceptability under unknown weights (uniform over the simplex; SMAA) with the assessment
   of that actor's lens (the editors' scores for actors tied to no lens), the best over its
   supporters. Scores stay at their values; one set of weight samples serves every
   assessment. An option below the pack's threshold is flagged unless the option has a
   ``no_case_note``, in which case it is named with the note.
6. **A weighting under which it leads.** Per supported option, its central weight vector
   (SMAA-2: the mean of the sampled weightings under which it comes first), which a room can
   open on Weigh & rank to see that side's case lead. It is rounded to whole hundredths of its
   largest weight (the app's 0–100 sliders) and kept only if the option still comes first;
   otherwise, or where no sample put it first, the weighting under which it leads by the
   widest margin (one LP per supporters' assessment), rounded the same way. Where neither
   survives the rounding, the check says the option leads only under finer weights; where
   no weighting puts it strictly first, it says so.

References
----------
Greco, S., Mousseau, V., & Słowiński, R. (2008). Ordinal regression revisited: multiple
criteria ranking using a set of additive value functions. European Journal of Operational
Research, 191(2), 416–436 (UTA-GMS: necessary and possible preferences from stated pairs).
Chinneck, J. W., & Dravnieks, E. W. (1991). Locating minimal infeasible constraint sets in
linear programs. ORSA Journal on Computing, 3(2), 157–168 (the deletion filter).
Lahdelma, R., Hokkanen, J., & Salminen, P. (1998). SMAA — Stochastic multiobjective
acceptability analysis. European Journal of Operational Research, 106(1), 137–143.
Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability analysis
for group decision making. Operations Research, 49(3), 444–454 (central weight vectors).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from engine._assessments import EDITORS
from engine._errors import EngineError
from engine._methods import prepare
from engine._pack import matrix_from_pack
from engine._sampling import WeightSampler
from engine._weights import normalize_weights

if TYPE_CHECKING:
    from schema import Pack

__all__ = [
    "LensRecord",
    "RecordCheck",
    "WeightRanges",
    "first_rank_unknown_weights",
    "max_margin_weights",
    "record_check",
    "weight_ranges",
    "weight_ranges_many",
]

_TOL = 1e-9
DEFAULT_SAMPLES = 20_000
DEFAULT_SEED = 1


# --------------------------------------------------------------------------- the LP
@dataclass(frozen=True, eq=False)
class WeightRanges:
    """Least and greatest weight of each criterion over the consistent weight vectors.

    Attributes
    ----------
    low, high : ndarray, shape (m,)
    at_low, at_high : ndarray, shape (m, m)
        Row j: a consistent weight vector at which criterion j's weight is ``low[j]``
        (resp. ``high[j]``), so each bound is attained.
    """

    low: np.ndarray
    high: np.ndarray
    at_low: np.ndarray
    at_high: np.ndarray


def _clean(differences: np.ndarray) -> np.ndarray:
    """Differences as floats, with rounding noise (|x| < 1e-9) set to exactly zero."""
    d = np.asarray(differences, dtype=float)
    return np.where(np.abs(d) < _TOL, 0.0, d)


def _feasible(differences: np.ndarray) -> bool:
    """Is there a w ≥ 0, Σw = 1 with differences @ w ≥ 0?"""
    differences = _clean(differences)
    from scipy.optimize import linprog  # imported here: SciPy's optimiser takes a while to import

    k, m = differences.shape
    if k == 0:
        return True
    if np.any((differences >= 0).all(axis=0)):  # a corner of the simplex already works
        return True
    result = linprog(
        np.zeros(m), A_ub=-differences, b_ub=np.zeros(k), A_eq=np.ones((1, m)), b_eq=[1.0],
        bounds=(0, None), method="highs",
    )
    return bool(result.status == 0)


def _solve_stacked(problems: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray | None:
    """Solve independent LPs  min c·w  s.t.  d w ≥ 0, w ≥ 0, Σw = 1  in one HiGHS call.

    Differences within 1e-9 of zero are zero (:func:`_clean`), here and in the feasibility
    test, so rounding never makes a system feasible in one and infeasible in the other.

    ``problems``: (d, c) per LP, all with the same number of criteria m. The LPs are stacked
    block-diagonally (the optimum of a sum of independent LPs is each one's optimum).

    Returns
    -------
    ndarray, shape (len(problems), m), or None when any of them is infeasible.
    """
    from scipy import sparse
    from scipy.optimize import linprog

    m = problems[0][1].size
    data, rows, cols = [], [], []
    row = 0
    for b, (d, _) in enumerate(problems):
        k = d.shape[0]
        if k:
            data.append(-d.ravel())
            rows.append(np.repeat(np.arange(row, row + k), m))
            cols.append(np.tile(np.arange(b * m, (b + 1) * m), k))
            row += k
    blocks = len(problems)
    a_ub = (sparse.csr_matrix((np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
                              shape=(row, blocks * m)) if row else None)
    a_eq = sparse.csr_matrix((np.ones(blocks * m), np.arange(blocks * m), np.arange(0, blocks * m + 1, m)),
                             shape=(blocks, blocks * m))
    result = linprog(
        np.concatenate([c for _, c in problems]), A_ub=a_ub, b_ub=np.zeros(row) if row else None,
        A_eq=a_eq, b_eq=np.ones(blocks), bounds=(0, None), method="highs",
    )
    if result.status == 2:
        return None
    if result.status != 0:
        raise EngineError(f"the weight-range linear program did not solve: {result.message}")
    x = np.clip(result.x.reshape(blocks, m), 0.0, None)
    return x / x.sum(axis=1, keepdims=True)


def _range_problems(d: np.ndarray) -> tuple[WeightRanges, list[tuple[str, int]]]:
    """Bounds known without an LP, and the (side, criterion) LPs still to solve."""
    k, m = d.shape
    eye = np.eye(m)
    corners = np.flatnonzero((d >= 0).all(axis=0)) if k else np.arange(m)
    at_low = np.zeros((m, m))
    for j in range(m):
        others = corners[corners != j]
        if others.size:
            at_low[j] = eye[others[0]]
    todo = [("low", j) for j in range(m) if not (corners != j).any()]
    todo += [("high", j) for j in range(m) if j not in corners]
    return WeightRanges(np.zeros(m), np.ones(m), at_low, eye.copy()), todo


def _objective(side: str, j: int, m: int) -> np.ndarray:
    c = np.zeros(m)
    c[j] = 1.0 if side == "low" else -1.0
    return c


def _fill(ranges: WeightRanges, todo: list[tuple[str, int]], x: np.ndarray) -> WeightRanges:
    for b, (side, j) in enumerate(todo):
        if side == "low":
            ranges.low[j], ranges.at_low[j] = x[b, j], x[b]
        else:
            ranges.high[j], ranges.at_high[j] = x[b, j], x[b]
    return ranges


def weight_ranges_many(differences: Sequence[np.ndarray]) -> list[WeightRanges | None]:
    """:func:`weight_ranges` for several systems at once: one LP call when all are feasible."""
    differences = [_clean(d) for d in differences]
    prepared = [_range_problems(d) for d in differences]
    problems = [(d, _objective(side, j, d.shape[1]))
                for d, (_, todo) in zip(differences, prepared, strict=True) for side, j in todo]
    if not problems:
        return [ranges for ranges, _ in prepared]
    x = _solve_stacked(problems)
    if x is None:  # some system is infeasible: solve each on its own
        if len(differences) == 1:
            return [None]
        return [weight_ranges_many([d])[0] for d in differences]
    out: list[WeightRanges | None] = []
    start = 0
    for ranges, todo in prepared:
        out.append(_fill(ranges, todo, x[start : start + len(todo)]))
        start += len(todo)
    return out


def weight_ranges(differences: np.ndarray) -> WeightRanges | None:
    """Min and max of each weight over {w ≥ 0, Σw = 1, differences @ w ≥ 0}; None if empty.

    Parameters
    ----------
    differences : ndarray, shape (k, m)
        One row per stated pair: the supported option's normalised values minus the
        opposed option's.

    Notes
    -----
    Bounds known without an LP are taken first: a corner e_j of the simplex that satisfies
    every pair gives max w_j = 1 and min w_i = 0 for every other i. The remaining linear
    programs (minimise or maximise one w_j) share their constraints, so they are stacked into
    one block-diagonal LP and solved in one call to HiGHS through ``scipy.optimize.linprog``:
    the optimum of a sum of independent LPs is each one's optimum. The record check stacks
    the LPs of every lens into that one call too.
    """
    return weight_ranges_many([differences])[0]


def _conflicts(differences: np.ndarray) -> tuple[list[int], list[list[int]]]:
    """(pairs no weighting explains alone, minimal conflicting sets among the others).

    See the module docstring: single-pair test, then the deletion filter repeated on what
    remains after each irreducible infeasible subset is set aside.
    """
    alone = [i for i, row in enumerate(differences) if row.max() < -_TOL]
    rest = [i for i in range(len(differences)) if i not in alone]
    groups: list[list[int]] = []
    while rest and not _feasible(differences[rest]):
        subset = list(rest)
        for i in list(subset):
            trial = [j for j in subset if j != i]
            if not _feasible(differences[trial]):
                subset = trial
        groups.append(subset)
        rest = [i for i in rest if i not in subset]
    return alone, groups


# --------------------------------------------------------------------------- SMAA, unknown weights
def first_rank_unknown_weights(utilities: Sequence[np.ndarray], samples: int, seed: int) -> list[np.ndarray]:
    """First-rank acceptability under weights uniform on the simplex, for several matrices.

    One set of ``samples`` weight vectors (the same draws as :func:`engine.smaa` with
    ``weights_mode='unknown'`` and this seed) serves every utilities matrix; values stay
    fixed. Options with the same normalised values on every criterion share their wins
    equally (with continuous weights, other ties have probability zero).

    Parameters
    ----------
    utilities : sequence of ndarray, shape (n, m)
        Normalised values (weighted sum), one matrix per assessment.

    Returns
    -------
    list of ndarray, shape (n,)
        Per matrix, the share of samples in which each option comes first.
    """
    return _FirstRank(utilities, samples, seed).shares


class _FirstRank:
    """Which option comes first under each of one set of weight vectors drawn uniformly from the
    simplex, for several utilities matrices (one per assessment), and what follows from it.

    ``shares[k]``: the first-rank acceptability of each option with matrix k.
    ``central(k, i)``: option i's central weight vector with matrix k (SMAA-2; Lahdelma &
    Salminen, 2001), the mean of the sampled weight vectors under which it comes first, the
    typical weighting of someone for whom it is the best option; None when it comes first in
    no sample. With scores at fixed values the weightings under which an option comes first
    form a convex set (the simplex cut by the half-spaces w·(u_i − u_j) ≥ 0), so the option
    also comes first under its central weight vector. Computed only for the options asked for.
    """

    def __init__(self, utilities: Sequence[np.ndarray], samples: int, seed: int) -> None:
        if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
            raise EngineError(f"samples is {samples!r}: give a whole number of at least 1")
        self.shares: list[np.ndarray] = []
        if not utilities:
            return
        stacked = np.stack([np.asarray(u, dtype=float) for u in utilities])  # (a, n, m)
        a, n, m = stacked.shape
        sampler = WeightSampler("unknown", np.full(m, 1.0 / m), 0.0, np.random.SeedSequence(int(seed)).spawn(4))
        weights = sampler.draw(0, int(samples))
        scores = (weights @ stacked.reshape(a * n, m).T).reshape(len(weights), a, n)  # one product for all
        self.stacked, self.weights = stacked, weights
        self._rounded = np.round(stacked, 12)
        self.winners = scores.argmax(axis=2).T  # (a, samples)
        for k in range(a):
            wins = np.bincount(self.winners[k], minlength=n).astype(float)
            # With continuous weights only options with the same normalised values tie (almost
            # surely): argmax picks the first of them, and they share its wins equally.
            _, group, size = np.unique(np.round(stacked[k], 12), axis=0, return_inverse=True, return_counts=True)
            group = group.ravel()
            if (size > 1).any():
                totals = np.bincount(group, weights=wins, minlength=len(size))
                wins = totals[group] / size[group]
            self.shares.append(wins / len(weights))

    def central(self, k: int, option: int) -> np.ndarray | None:
        u = self._rounded[k]
        same = np.flatnonzero((u == u[option]).all(axis=1))  # identical options share their weightings
        mask = self.winners[k] == option if len(same) == 1 else np.isin(self.winners[k], same)
        chosen = self.weights[mask]
        return chosen.mean(axis=0) if len(chosen) else None


def _dominated(utilities: np.ndarray, option: int) -> bool:
    """Is some option at least as good on every criterion and better on one? (Then no weighting
    puts this one strictly first, and the LP need not be solved.)"""
    d = _clean(np.asarray(utilities, dtype=float) - utilities[option])
    return bool(((d >= 0).all(axis=1) & (d > 0).any(axis=1)).any())


def max_margin_weights(utilities: np.ndarray, option: int) -> tuple[float, np.ndarray]:
    """The weighting under which an option leads every other by the widest margin.

    Maximise t subject to w·(u_i − u_j) ≥ t for every option j whose values differ from
    option i's, w ≥ 0, Σw = 1 (one LP). A positive t means option i comes first, strictly,
    under the returned w; t ≤ 0 means no weighting puts it strictly first.

    Returns
    -------
    (margin t, weights w of shape (m,))
    """
    from scipy.optimize import linprog

    u = np.asarray(utilities, dtype=float)
    n, m = u.shape
    d = _clean(u[option] - u)[~_identical(u, option)]  # row j: u_i − u_j; identical options are not rivals
    if not len(d):
        return float("inf"), np.full(m, 1.0 / m)
    # variables (w_1..w_m, t); minimise −t;  −d w + t ≤ 0;  Σw = 1
    a_ub = np.hstack([-d, np.ones((len(d), 1))])
    result = linprog(
        np.r_[np.zeros(m), -1.0], A_ub=a_ub, b_ub=np.zeros(len(d)),
        A_eq=np.r_[np.ones(m), 0.0].reshape(1, -1), b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)], method="highs",
    )
    if result.status != 0:
        raise EngineError(f"the widest-margin linear program did not solve: {result.message}")
    w = np.clip(result.x[:m], 0.0, None)
    return float(result.x[m]), w / w.sum()


# --------------------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class LensRecord:
    """One lens's stated preferences and how its weights and assessment meet them.

    Attributes
    ----------
    lens, name : str
    assessment : str or None
        The lens's assessment (None: the editors' scores).
    actors : tuple of str
        The stance actors the lens speaks for.
    supported, opposed : tuple of str
        Option ids (ladder order) those actors support / oppose. An option some of them
        support and others oppose is in both lists; it is not paired with itself.
    pairs : DataFrame
        One row per (supported, opposed) pair: supported, opposed, their names,
        supported_score, opposed_score, right (supported strictly above), explainable
        (some weighting puts it level or above: False for the pairs named in ``alone`` and
        ``conflicts``).
    right, total : int
    feasible : bool
        Whether one weighting satisfies every pair.
    ranges : DataFrame or None
        Index criterion id: name, lens_weight, low, high. Over every pair when feasible,
        else over the pairs not named as unexplainable. None when the lens states no pairs.
    ranges_raw : WeightRanges or None
    alone : list of (supported, opposed)
        Pairs no weighting can explain, each on its own.
    conflicts : list of list of (supported, opposed)
        Minimal sets of pairs no single weighting explains together.
    sentences : list of str
    """

    lens: str
    name: str
    assessment: str | None
    actors: tuple[str, ...]
    supported: tuple[str, ...]
    opposed: tuple[str, ...]
    pairs: pd.DataFrame
    right: int
    total: int
    feasible: bool
    ranges: pd.DataFrame | None
    ranges_raw: WeightRanges | None
    alone: list[tuple[str, str]]
    conflicts: list[list[tuple[str, str]]]
    sentences: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Share of pairs the right way round (1.0 when there are none)."""
        return self.right / self.total if self.total else 1.0


@dataclass(frozen=True, eq=False)
class RecordCheck:
    """The record check of a pack (see the module docstring).

    Attributes
    ----------
    lenses : list of LensRecord
        Lenses with ``stance_actors``, in pack order.
    supported : DataFrame
        Index option id (ladder order), one row per option some actor supports: name,
        supporters (list of actors), assessment (the one giving the best acceptability;
        ``EDITORS`` for the editors' scores), first_rank (that acceptability), by_assessment
        (dict assessment key -> acceptability), no_case_note, flagged, leads_under (dict
        criterion id -> weight: a weighting under which the option comes first with that
        assessment, or None when none does) and leads_how ('central': its central weight
        vector, the mean of the sampled weightings under which it comes first; 'widest
        margin': the weighting under which it leads by the widest margin, when no sample put
        it first or its central weight vector loses the lead once rounded; both rounded to
        whole hundredths of the largest weight, as the app's sliders hold them; 'finer': it
        leads only under weights finer than that, given unrounded; 'none': no weighting puts
        it strictly first), leads_sentence (the same in words).
    min_pair_agreement, min_first_rank_acceptability : float or None
        The pack's thresholds (None when it states none).
    samples, seed : int
    failures : list of str
        What misses the thresholds, in plain sentences (empty: passed or no thresholds).
    notes : list of str
    """

    lenses: list[LensRecord]
    supported: pd.DataFrame
    min_pair_agreement: float | None
    min_first_rank_acceptability: float | None
    samples: int
    seed: int
    failures: list[str]
    notes: list[str]

    @property
    def passed(self) -> bool:
        return not self.failures


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten",
                 11: "eleven", 12: "twelve"}

# The weighting the check reports is rounded to whole hundredths of its largest weight, as the app's
# 0–100 sliders hold it, and must still put the option first once rounded.
SLIDER_STEPS = 100


def _whole_percents(values: Sequence[float]) -> list[int]:
    """Shares as whole percents that add up to 100 (largest remainder)."""
    raw = 100 * np.asarray(values, dtype=float) / float(np.sum(values))
    out = np.floor(raw).astype(int)
    for j in np.argsort(-(raw - out), kind="stable")[: 100 - int(out.sum())]:
        out[j] += 1
    return out.tolist()


def _leads_sentence(how: str, weights: np.ndarray | None, names: list[str], twins: Sequence[str] = (),
                    shown: int = 3) -> str:
    """One sentence: the weights under which a supported option comes first."""
    if how == "none" or weights is None:
        return "No weighting puts it strictly first with its supporters' scores."
    w = np.asarray(weights, dtype=float)
    order = [j for j in np.argsort(-w, kind="stable") if w[j] > 0]
    head, rest = order[:shown], order[shown:]
    if len(rest) == 1:
        head, rest = order, []
    percents = _whole_percents([w[j] for j in head] + ([float(w[rest].sum())] if rest else []))
    parts = [f"{names[j]} {p}%" for j, p in zip(head, percents, strict=False)]
    if rest:
        parts.append(f"the other {_NUMBER_WORDS.get(len(rest), str(len(rest)))} criteria {percents[-1]}% together")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    if how == "central":
        text = (f"Weights under which it comes first, for example: {listed} (the mean of the sampled weightings "
                "under which it comes first).")
    elif how == "widest margin":
        text = f"No sampled weighting put it first; weights under which it leads by the widest margin: {listed}."
    else:  # "finer"
        text = (f"It comes first only under weights finer than whole hundredths of the largest weight (the "
                f"sliders' steps), for example: {listed}.")
    if twins:
        text += f" It ties for first with {', '.join(twins)}, which has the same scores."
    return text


def _rounded(w: np.ndarray, steps: int = SLIDER_STEPS) -> np.ndarray:
    """Weights rounded to whole steps of the largest (the sliders: largest at 100), summing to 1."""
    r = np.round(steps * w / w.max())
    return r / r.sum()


def _identical(u: np.ndarray, option: int) -> np.ndarray:
    """Which options have the same values as this one on every criterion (itself included)."""
    return ~(np.abs(_clean(np.asarray(u, dtype=float) - u[option])).max(axis=1) > 0)


def _comes_first(u: np.ndarray, option: int, w: np.ndarray) -> bool:
    """Strictly above every option whose values differ from its own (identical options tie)."""
    rivals = ~_identical(u, option)
    if not rivals.any():
        return True
    scores = u @ w
    return bool(scores[option] > scores[rivals].max() + _TOL)


def _utilities(pack: Pack, assessment: str | None) -> tuple[np.ndarray, object]:
    matrix = matrix_from_pack(pack, assessment=assessment)
    return prepare(matrix, "wsm").utilities(matrix.values), matrix


def _lens_pairs(pack: Pack, lens_index: int, utilities: np.ndarray, matrix: object) -> dict[str, object]:
    """The lens's supported/opposed options, its pairs and their difference rows."""
    lens = pack.lenses[lens_index]
    ids = list(matrix.option_ids)  # type: ignore[attr-defined]
    names = dict(zip(ids, matrix.option_names, strict=True))  # type: ignore[attr-defined]
    actors = set(lens.stance_actors)
    supported = [o.id for o in pack.ladder if any(s.actor in actors and s.position == "supports" for s in o.stances)]
    opposed = [o.id for o in pack.ladder if any(s.actor in actors and s.position == "opposes" for s in o.stances)]
    pair_ids = [(s, o) for s in supported for o in opposed if s != o]
    w = normalize_weights(lens.weights, matrix.criterion_ids)  # type: ignore[attr-defined]
    scores = utilities @ w
    row = {o: i for i, o in enumerate(ids)}
    d = np.array([utilities[row[s]] - utilities[row[o]] for s, o in pair_ids]).reshape(len(pair_ids), utilities.shape[1])
    right_mask = np.array([scores[row[s]] > scores[row[o]] + _TOL for s, o in pair_ids], dtype=bool)
    return {"lens": lens, "ids": ids, "names": names, "supported": supported, "opposed": opposed,
            "pair_ids": pair_ids, "w": w, "scores": scores, "row": row, "d": d, "right_mask": right_mask,
            "matrix": matrix}


def _lens_record(parts: dict[str, Any], raw: WeightRanges | None) -> LensRecord:
    lens, names, pair_ids, d = parts["lens"], parts["names"], parts["pair_ids"], parts["d"]
    supported, opposed, w, scores = parts["supported"], parts["opposed"], parts["w"], parts["scores"]
    row, right_mask, matrix = parts["row"], parts["right_mask"], parts["matrix"]
    feasible = raw is not None or not pair_ids
    alone_idx, groups_idx = ([], []) if feasible else _conflicts(d)
    named = set(alone_idx) | {i for g in groups_idx for i in g}
    if not feasible:
        left = [i for i in range(len(pair_ids)) if i not in named]
        raw = weight_ranges(d[left]) if left else None  # no pair left to explain: no ranges to report
    pairs = pd.DataFrame(
        {
            "supported": [s for s, _ in pair_ids],
            "opposed": [o for _, o in pair_ids],
            "supported_name": [names[s] for s, _ in pair_ids],
            "opposed_name": [names[o] for _, o in pair_ids],
            "supported_score": [float(scores[row[s]]) for s, _ in pair_ids],
            "opposed_score": [float(scores[row[o]]) for _, o in pair_ids],
            "right": right_mask,
            "explainable": [i not in named for i in range(len(pair_ids))],
        }
    )
    ranges = None
    if raw is not None:
        ranges = pd.DataFrame(
            {"name": matrix.criterion_names, "lens_weight": w, "low": raw.low, "high": raw.high},  # type: ignore[attr-defined]
            index=pd.Index(matrix.criterion_ids, name="criterion"),  # type: ignore[attr-defined]
        )
    alone = [pair_ids[i] for i in alone_idx]
    conflicts = [[pair_ids[i] for i in g] for g in groups_idx]
    right = int(right_mask.sum())
    sentences = _lens_sentences(lens.name, names, supported, opposed, right, len(pair_ids),
                                pairs, feasible, alone, conflicts)
    return LensRecord(
        lens=lens.id, name=lens.name, assessment=lens.assessment, actors=tuple(lens.stance_actors),
        supported=tuple(supported), opposed=tuple(opposed), pairs=pairs, right=right, total=len(pair_ids),
        feasible=feasible, ranges=ranges, ranges_raw=raw, alone=alone, conflicts=conflicts, sentences=sentences,
    )


def _lens_sentences(
    name: str, names: dict[str, str], supported: Sequence[str], opposed: Sequence[str], right: int, total: int,
    pairs: pd.DataFrame, feasible: bool, alone: list[tuple[str, str]], conflicts: list[list[tuple[str, str]]],
) -> list[str]:
    def listed(ids: Sequence[str]) -> str:
        return f" ({', '.join(f'“{names[i]}”' for i in ids)})" if ids else ""  # a name may hold a semicolon

    support = (f"{len(supported)} option{'' if len(supported) == 1 else 's'}{listed(supported)}" if supported
               else "no option")
    oppose = f"{len(opposed)}{listed(opposed)}" if opposed else "none"
    out = [f"“{name}”: its actors support {support} and oppose {oppose}."]
    if not total:
        out.append("No supported-versus-opposed pairs to check.")
        return out
    out.append(f"{right} of {total} pair{'' if total == 1 else 's'} ({_pct(right / total)}) "
               f"{'is' if total == 1 else 'are'} ranked the right way round "
               "by the lens's weights with its assessment.")
    for p in pairs[~pairs["right"]].itertuples():
        verb = "ties with" if abs(p.supported_score - p.opposed_score) <= _TOL else "scores below"
        out.append(f"Wrong way round: {p.supported_name} (supported, {p.supported_score:.3f}) {verb} "
                   f"{p.opposed_name} (opposed, {p.opposed_score:.3f}).")
    if feasible:
        out.append("Some weightings of these criteria rank every supported option at least level with "
                   "every opposed one; the ranges below show which.")
    for s, o in alone:
        out.append(f"No weighting explains {names[s]} above {names[o]}: {names[o]} is better on every "
                   "criterion.")
    for group in conflicts:
        listed = "; ".join(f"{names[s]} above {names[o]}" for s, o in group)
        out.append(f"No single weighting explains these together: {listed}.")
    return out


def _weighting_that_leads(
    side: Any, needed: list[str | None], draws: _FirstRank, by: dict[str | None, float],
    best_side: str | None, best: float, i: int,
) -> tuple[str | None, np.ndarray | None, str]:
    """The weighting the check reports for option i: (assessment, weights, how).

    Candidates in turn: its central weight vector with the assessment that gives it the largest
    share; then, per supporters' assessment, the weights under which it leads by the widest margin
    (one LP each, skipped where another option dominates it). The first that still puts it strictly
    first once rounded to the sliders' steps is reported rounded ('central' or 'widest margin').
    If none does, the first candidate that leads unrounded ('finer'); if no weighting puts it
    strictly first, ('none').
    """
    candidates: list[tuple[str | None, np.ndarray]] = []
    if best > 0:
        central = draws.central(needed.index(best_side), i)
        if central is not None:
            if _comes_first(side(best_side)[0], i, _rounded(central)):
                return best_side, _rounded(central), "central"
            candidates.append((best_side, central))
    for a in sorted(by, key=lambda a: -by[a]):  # dict order breaks ties: the first supporter's first
        u = side(a)[0]
        if _dominated(u, i):
            continue
        margin, w = max_margin_weights(u, i)
        if margin > _TOL:
            if _comes_first(u, i, _rounded(w)):
                return a, _rounded(w), "widest margin"
            candidates.append((a, w))
    if candidates:
        return candidates[0][0], candidates[0][1], "finer"
    return best_side, None, "none"


def record_check(
    pack: Pack, samples: int | None = None, seed: int | None = None
) -> RecordCheck:
    """Check each lens tied to actors against their stances (see the module docstring).

    Parameters
    ----------
    pack : schema.Pack
    samples, seed : int, optional
        SMAA samples and seed; default from ``pack.info.record_check``, else 20,000 and 1.

    Returns
    -------
    RecordCheck
    """
    thresholds = pack.info.record_check
    samples = int(samples if samples is not None else (thresholds.samples if thresholds else DEFAULT_SAMPLES))
    seed = int(seed if seed is not None else (thresholds.seed if thresholds else DEFAULT_SEED))
    sides: dict[str | None, tuple[np.ndarray, object]] = {}

    def side(assessment: str | None) -> tuple[np.ndarray, object]:
        if assessment not in sides:
            sides[assessment] = _utilities(pack, assessment)
        return sides[assessment]

    parts = [
        _lens_pairs(pack, k, *side(lens.assessment))
        for k, lens in enumerate(pack.lenses) if lens.stance_actors
    ]
    with_pairs = [p for p in parts if p["pair_ids"]]
    solved = dict(zip((id(p) for p in with_pairs), weight_ranges_many([p["d"] for p in with_pairs]), strict=True))
    records = [_lens_record(p, solved.get(id(p))) for p in parts]
    # Each actor's assessment: that of every lens listing the actor; none of them: the editors'.
    held: dict[str, list[str | None]] = {}
    for lens in pack.lenses:
        for actor in lens.stance_actors:
            held.setdefault(actor, []).append(lens.assessment)
    supporters: dict[str, list[str]] = {}
    for option in pack.ladder:
        for stance in option.stances:
            if stance.position == "supports" and stance.actor not in supporters.get(option.id, []):
                supporters.setdefault(option.id, []).append(stance.actor)
    needed = list(dict.fromkeys(a for actors in supporters.values() for actor in actors
                                for a in held.get(actor, [None])))
    draws = _FirstRank([side(a)[0] for a in needed], samples, seed)
    acceptability = dict(zip(needed, draws.shares, strict=True))
    base = side(None)[1]
    row = {o: i for i, o in enumerate(base.option_ids)}  # type: ignore[attr-defined]
    criterion_ids = list(base.criterion_ids)  # type: ignore[attr-defined]
    min_fra = thresholds.min_first_rank_acceptability if thresholds else None
    rows = []
    for option in pack.ladder:
        if option.id not in supporters:
            continue
        by = {}
        for actor in supporters[option.id]:
            for a in held.get(actor, [None]):
                by[a] = float(acceptability[a][row[option.id]])
        best_side = max(by, key=lambda a: by[a])
        best = by[best_side]
        i = row[option.id]
        best_side, leads_under, how = _weighting_that_leads(side, needed, draws, by, best_side, best, i)
        u = side(best_side)[0]
        twins = [str(base.option_names[j])  # type: ignore[attr-defined]
                 for j in np.flatnonzero(_identical(u, i)) if j != i]
        flagged = min_fra is not None and best < min_fra and not option.no_case_note
        rows.append({
            "option": option.id, "name": option.name, "supporters": supporters[option.id],
            "assessment": EDITORS if best_side is None else best_side, "first_rank": best,
            "by_assessment": {(EDITORS if a is None else a): p for a, p in by.items()},
            "no_case_note": option.no_case_note, "flagged": flagged,
            "leads_under": (None if leads_under is None
                            else {c: float(x) for c, x in zip(criterion_ids, leads_under, strict=True)}),
            "leads_how": how,
            "leads_sentence": _leads_sentence(how, leads_under, list(base.criterion_names), twins),  # type: ignore[attr-defined]
        })
    columns = ["option", "name", "supporters", "assessment", "first_rank", "by_assessment", "no_case_note", "flagged",
               "leads_under", "leads_how", "leads_sentence"]
    supported = pd.DataFrame(rows, columns=columns).set_index("option")
    failures: list[str] = []
    min_pairs = thresholds.min_pair_agreement if thresholds else None
    if min_pairs is not None:
        for rec in records:
            if rec.total and rec.share < min_pairs - 1e-12:
                failures.append(f"“{rec.name}” ranks {rec.right} of {rec.total} pairs ({_pct(rec.share)}) the "
                                f"right way round; the pack asks for at least {_pct(min_pairs)}.")
    if min_fra is not None:
        for option_id, r in supported[supported["flagged"]].iterrows():
            failures.append(f"{r['name']} leads under {_pct(r['first_rank'])} of all weightings with its "
                            f"supporters' assessment; the pack asks for at least {_pct(min_fra)}, or a note that the "
                            "texts give it no case.")
    notes = [
        f"First-rank acceptability: {samples:,} weight vectors drawn uniformly over all weightings "
        f"(seed {seed}), scores at their values, weighted sum on each criterion's scale.",
    ]
    if thresholds is None:
        notes.append("The pack states no record-check thresholds (info.record_check), so nothing can fail.")
    return RecordCheck(
        lenses=records, supported=supported, min_pair_agreement=min_pairs, min_first_rank_acceptability=min_fra,
        samples=samples, seed=seed, failures=failures, notes=notes,
    )
