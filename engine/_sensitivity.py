"""Weight sensitivity: how far one weight can move before the top option or the order changes.

One criterion's weight t moves from 0 to 1 while the other weights keep their
proportions and share 1 − t. For methods whose ranking is a weighted sum of
per-criterion utilities (weighted sum; PROMETHEE II net flow; the log of the weighted
product) every option's score is linear in t, so the interval ends are found exactly
where two score lines cross. For TOPSIS they are found by a sweep of 201 points and
then narrowed (16-point subdivision, six rounds) to about 1e-9.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from engine._errors import EngineError
from engine._matrix import DecisionMatrix
from engine._methods import PreparedMethod, prepare
from engine._ranks import first_place, tie_tolerance
from engine._weights import WeightsLike, normalize_weights

__all__ = ["stability_intervals", "weight_sweep", "flip_sentences", "rescaled_weights"]

_SWEEP_POINTS = 201
_REFINE_POINTS = 16
_REFINE_ROUNDS = 6


def rescaled_weights(weights: np.ndarray, k: int, t: np.ndarray) -> np.ndarray:
    """Weight vectors (len(t), m) with criterion k at t and the others rescaled in proportion.

    When every other weight is 0 they share 1 − t equally.
    """
    t = np.atleast_1d(np.asarray(t, dtype=float))
    m = weights.size
    others = np.array(weights, dtype=float)
    others[k] = 0.0
    total = others.sum()
    if total > 0:
        share = others / total
    elif m > 1:
        share = np.full(m, 1.0 / (m - 1))
        share[k] = 0.0
    else:
        share = np.zeros(m)
    unit = np.zeros(m)
    unit[k] = 1.0
    if m == 1:
        return np.ones((t.size, 1))
    return t[:, None] * unit + (1.0 - t)[:, None] * share


@dataclass(frozen=True)
class _Interval:
    low: float
    high: float
    below_by: int | None  # option that overtakes the top just below ``low``
    above_by: int | None  # ... just above ``high``


def _linear_bounds(
    alpha: np.ndarray, beta: np.ndarray, t0: float, tol: float
) -> tuple[float, float, int | None, int | None]:
    """Interval around t0 where every d(t) = alpha·t + beta·(1 − t) stays ≥ 0.

    ``beta`` is d(0) and ``alpha`` d(1) for each constraint. Returns the bounds and the
    index of the constraint that sets each (None when the bound is 0 or 1).
    """
    neg_a, neg_b = alpha < -tol, beta < -tol
    if np.any(neg_a & neg_b):
        idx = int(np.flatnonzero(neg_a & neg_b)[0])
        return t0, t0, idx, idx
    with np.errstate(divide="ignore", invalid="ignore"):
        root = beta / (beta - alpha)
    low, high = 0.0, 1.0
    low_arg = high_arg = None
    falling = np.flatnonzero(neg_a)  # d shrinks toward t = 1: the root caps t from above
    if falling.size:
        j = int(falling[np.argmin(root[falling])])
        if root[j] < high:
            high, high_arg = float(root[j]), j
    rising = np.flatnonzero(neg_b)  # d shrinks toward t = 0: the root caps t from below
    if rising.size:
        j = int(rising[np.argmax(root[rising])])
        if root[j] > low:
            low, low_arg = float(root[j]), j
    return min(low, t0), max(high, t0), low_arg, high_arg


def _leader_beyond(at0: np.ndarray, at1: np.ndarray, t: float, upward: bool, top: int) -> int:
    """The option first just above (or just below) ``t`` on the lines s(t) = at0 + (at1 − at0)·t.

    Several lines may cross the top option's at the same weight: the one that leads beyond
    the crossing is, among the options level with the best at ``t``, the one whose line
    rises fastest in that direction (ties: matrix order, as :func:`first_place`).
    """
    slope = at1 - at0
    now = at0 + slope * t
    tol = tie_tolerance(np.concatenate([at0, at1])) * 10
    level = now >= now.max() - tol
    pull = np.where(level, slope if upward else -slope, -np.inf)
    best = np.flatnonzero(pull >= pull.max() - tol)
    beyond = [int(i) for i in best if i != top]
    return beyond[0] if beyond else int(best[0])


def _strict_pairs(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All pairs (p, q) with p strictly above q."""
    tol = tie_tolerance(scores)
    p, q = np.nonzero(scores[:, None] - scores[None, :] > tol)
    return p, q


def _exact(model: PreparedMethod, values: np.ndarray, w: np.ndarray, k: int) -> tuple[_Interval, _Interval]:
    u = model.utilities(values)
    ends = rescaled_weights(w, k, np.array([0.0, 1.0]))
    at0, at1 = u @ ends[0], u @ ends[1]  # s(t) = t·at1 + (1 − t)·at0
    now = u @ w
    top = first_place(now)
    tol = tie_tolerance(np.concatenate([at0, at1])) * 10
    t0 = float(w[k])
    others = np.array([i for i in range(now.size) if i != top])
    if others.size:
        lo, hi, lo_arg, hi_arg = _linear_bounds(at1[top] - at1[others], at0[top] - at0[others], t0, tol)
        top_iv = _Interval(
            lo,
            hi,
            None if lo_arg is None else _leader_beyond(at0, at1, lo, upward=False, top=top),
            None if hi_arg is None else _leader_beyond(at0, at1, hi, upward=True, top=top),
        )
    else:
        top_iv = _Interval(0.0, 1.0, None, None)
    p, q = _strict_pairs(now)
    if p.size:
        lo, hi, _, _ = _linear_bounds(at1[p] - at1[q], at0[p] - at0[q], t0, tol)
        order_iv = _Interval(lo, hi, None, None)
    else:
        order_iv = _Interval(0.0, 1.0, None, None)
    return top_iv, order_iv


def _numeric(model: PreparedMethod, values: np.ndarray, w: np.ndarray, k: int) -> tuple[_Interval, _Interval]:
    now = model.scores(values, w)
    top = first_place(now)
    tol = tie_tolerance(now)
    p, q = _strict_pairs(now)
    t0 = float(w[k])

    def failures(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per t: [top overtaken, some pair reversed], and the scores."""
        s = model.scores(values, rescaled_weights(w, k, t))
        top_fail = (s > s[:, [top]] + tol).any(axis=1)
        order_fail = (s[:, q] > s[:, p] + tol).any(axis=1) if p.size else np.zeros(t.size, bool)
        return np.stack([top_fail, order_fail]), s

    grid = np.union1d(np.linspace(0.0, 1.0, _SWEEP_POINTS), [t0])
    start = int(np.searchsorted(grid, t0))
    grid_fail, _ = failures(grid)

    def edge(which: int, upward: bool) -> tuple[float, int | None]:
        """Last t that passes, walking from t0 up (or down); who is first just beyond it."""
        ok_t = t0
        for idx in range(start + 1, grid.size) if upward else range(start - 1, -1, -1):
            if grid_fail[which, idx]:
                return _refine(which, ok_t, float(grid[idx]))
            ok_t = float(grid[idx])
        return (1.0 if upward else 0.0), None

    def _refine(which: int, ok_t: float, bad_t: float) -> tuple[float, int | None]:
        bad_scores = np.empty(0)
        for _ in range(_REFINE_ROUNDS):
            ts = np.linspace(ok_t, bad_t, _REFINE_POINTS + 2)[1:]  # ends at bad_t, which fails
            fail, s = failures(ts)
            first = int(np.argmax(fail[which]))
            bad_t, bad_scores = float(ts[first]), s[first]
            if first > 0:
                ok_t = float(ts[first - 1])
        # Who leads just beyond: look a little further out (1e-6) than the refined edge, where
        # options that cross the top at one weight have separated.
        step = 1e-6 if bad_t > ok_t else -1e-6
        _, s = failures(np.array([float(np.clip(bad_t + step, 0.0, 1.0))]))
        beyond = s[0] if s.size else bad_scores
        leader = first_place(beyond)
        if leader == top:  # the top is still level with the best there: name the one that passed it
            rest = beyond.copy()
            rest[top] = beyond.min() - 1.0
            leader = first_place(rest)
        return ok_t, leader

    top_hi, top_above = edge(0, upward=True)
    top_lo, top_below = edge(0, upward=False)
    order_hi, _ = edge(1, upward=True)
    order_lo, _ = edge(1, upward=False)
    return _Interval(top_lo, top_hi, top_below, top_above), _Interval(order_lo, order_hi, None, None)


def stability_intervals(
    matrix: DecisionMatrix, weights: WeightsLike, method: str = "wsm", **options: Any
) -> pd.DataFrame:
    """For each criterion, the weight interval keeping the top option first and the order unchanged.

    The weight of one criterion moves while the others keep their proportions. "Order
    unchanged" means no option passes another that is above it at the current weights
    (options tied now may separate).

    Parameters
    ----------
    matrix : DecisionMatrix
    weights : mapping or array
    method : str
        Any method of :func:`rank`; exact for 'wsm', 'wpm' and 'promethee', numerical
        (sweep and refinement, about 1e-9) for 'topsis'.
    **options
        Method options, as for :func:`rank`.

    Returns
    -------
    DataFrame
        One row per criterion: criterion, name, weight (current, normalised), top (id of
        the first option), top_low, top_high, order_low, order_high, overtaken_below_by
        and overtaken_above_by (the option that becomes first just outside the top
        interval, or None), exact (bool).

    References
    ----------
    Triantaphyllou, E., & Sánchez, A. (1997). A sensitivity analysis approach for some
    deterministic multi-criteria decision-making methods. Decision Sciences, 28(1),
    151–194.
    """
    w = normalize_weights(weights, matrix.criterion_ids)
    model = prepare(matrix, method, **options)
    now = model.scores(matrix.values, w)
    top = first_place(now)
    rows = []
    for k, criterion in enumerate(matrix.criterion_ids):
        if model.linear:
            top_iv, order_iv = _exact(model, matrix.values, w, k)
        else:
            top_iv, order_iv = _numeric(model, matrix.values, w, k)
        rows.append(
            {
                "criterion": criterion,
                "name": matrix.criterion_names[k],
                "weight": float(w[k]),
                "top": matrix.option_ids[top],
                "top_low": top_iv.low,
                "top_high": top_iv.high,
                "order_low": order_iv.low,
                "order_high": order_iv.high,
                "overtaken_below_by": None if top_iv.below_by is None else matrix.option_ids[top_iv.below_by],
                "overtaken_above_by": None if top_iv.above_by is None else matrix.option_ids[top_iv.above_by],
                "exact": bool(model.linear),
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("overtaken_below_by", "overtaken_above_by"):  # keep None, not NaN
        frame[column] = pd.Series([row[column] for row in rows], dtype=object)
    return frame


def weight_sweep(
    matrix: DecisionMatrix,
    weights: WeightsLike,
    criterion_id: str,
    method: str = "wsm",
    points: int = 51,
    **options: Any,
) -> pd.DataFrame:
    """Every option's score as one criterion's weight goes from 0 to 1 (others in proportion).

    Returns
    -------
    DataFrame
        Long format, ``points`` × n rows: weight, option (id), name, score.
    """
    if not isinstance(points, (int, np.integer)) or points < 2:
        raise EngineError(f"points is {points!r}: give a whole number of at least 2")
    w = normalize_weights(weights, matrix.criterion_ids)
    k = matrix.criterion_index(criterion_id)
    model = prepare(matrix, method, **options)
    t = np.linspace(0.0, 1.0, int(points))
    scores = model.scores(matrix.values, rescaled_weights(w, k, t))
    n = matrix.shape[0]
    return pd.DataFrame(
        {
            "weight": np.repeat(t, n),
            "option": np.tile(matrix.option_ids, t.size),
            "name": np.tile(matrix.option_names, t.size),
            "score": scores.ravel(),
        }
    )


def _round_up(x: float) -> float:
    """Two decimals at or above x (so "rises above" never names a weight not yet past the flip)."""
    return math.ceil(x * 100 - 1e-9) / 100


def _round_down(x: float) -> float:
    """Two decimals at or below x."""
    return math.floor(x * 100 + 1e-9) / 100


def flip_sentences(
    matrix: DecisionMatrix, weights: WeightsLike, method: str = "wsm", **options: Any
) -> list[str]:
    """Plain sentences on what would change the top option, nearest change first.

    E.g. "Intelligence sharing overtakes Counter-drone at the border when the weight on
    Civilian harm rises above 0.31". Only real changes of the first option are reported;
    weights are the normalised ones, to two decimals rounded outward (a
    threshold stated is at or past the exact one).
    """
    table = stability_intervals(matrix, weights, method, **options)
    found: list[tuple[float, str]] = []
    tie = 1e-9  # the threshold is the weight itself: the two options are tied now, and any move decides it
    for row in table.itertuples(index=False):
        top_name = matrix.option_name(row.top)
        if isinstance(row.overtaken_above_by, str) and row.top_high < 1.0:
            who = matrix.option_name(row.overtaken_above_by)
            found.append(
                (
                    row.top_high - row.weight,
                    f"{who} and {top_name} are tied at these weights; {who} moves ahead as soon as the weight on "
                    f"{row.name} rises above its current {row.weight:.2f}"
                    if row.top_high - row.weight <= tie else
                    f"{who} overtakes {top_name} when the weight on {row.name} "
                    f"rises above {_round_up(row.top_high):.2f}",
                )
            )
        if isinstance(row.overtaken_below_by, str) and row.top_low > 0.0:
            who = matrix.option_name(row.overtaken_below_by)
            found.append(
                (
                    row.weight - row.top_low,
                    f"{who} and {top_name} are tied at these weights; {who} moves ahead as soon as the weight on "
                    f"{row.name} falls below its current {row.weight:.2f}"
                    if row.weight - row.top_low <= tie else
                    f"{who} overtakes {top_name} when the weight on {row.name} falls below {_round_down(row.top_low):.2f}",
                )
            )
    found.sort(key=lambda item: item[0])
    return [sentence for _, sentence in found]
