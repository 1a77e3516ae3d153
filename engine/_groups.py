"""Groups: many participants' weights and rankings, combined and compared."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from engine._errors import EngineError
from engine._matrix import DecisionMatrix
from engine._methods import prepare
from engine._ranks import competition_ranks, tie_tolerance
from engine._weights import WeightsLike, normalize_weights

__all__ = [
    "aggregate_weights",
    "group_ranking",
    "individual_ranks",
    "kendall_w",
    "weight_spread",
    "first_choice_distribution",
]


def _weight_table(weights: Sequence[WeightsLike], criterion_ids: Sequence[str]) -> np.ndarray:
    """Every participant's normalised weights, one row each (shape participants × criteria)."""
    if len(weights) == 0:
        raise EngineError("no participants' weights given: need at least one set of weights")
    ids = list(criterion_ids)
    if all(isinstance(entry, Mapping) for entry in weights):  # a room's submissions: one array, checked at once
        known = set(ids)
        try:
            table = np.array([[entry.get(c, 0.0) for c in ids] for entry in weights], dtype=float)
        except (TypeError, ValueError):
            table = None
        if table is not None and table.shape == (len(weights), len(ids)) \
                and all(known.issuperset(entry) for entry in weights) and np.isfinite(table).all() and (table >= 0).all():
            totals = table.sum(axis=1, keepdims=True)
            if (totals > 0).all():
                return table / totals
    rows = []  # the slow path, one participant at a time, names the first that is wrong
    for k, entry in enumerate(weights, start=1):
        try:
            rows.append(normalize_weights(entry, criterion_ids))
        except EngineError as error:
            raise EngineError(f"participant {k}: {error}") from None
    return np.vstack(rows)


def aggregate_weights(
    weights: Sequence[Mapping[str, float]], criterion_ids: Sequence[str]
) -> dict[str, float]:
    """The group's weights: the mean of each participant's normalised weights.

    Normalising first gives every participant the same say, whatever scale they used.

    Returns
    -------
    dict of criterion id to float
        Sums to 1.
    """
    mean = _weight_table(weights, criterion_ids).mean(axis=0)
    return {c: float(x) for c, x in zip(criterion_ids, mean, strict=True)}


def weight_spread(weights: Sequence[Mapping[str, float]], criterion_ids: Sequence[str]) -> pd.DataFrame:
    """How much participants disagree on each criterion's (normalised) weight.

    Returns
    -------
    DataFrame
        Index criterion id; columns mean, std (sample, 0 for one participant), min, max,
        iqr (interquartile range).
    """
    from scipy.stats import iqr  # imported here: scipy.stats takes ~0.8 s to import

    table = _weight_table(weights, criterion_ids)
    std = table.std(axis=0, ddof=1) if table.shape[0] > 1 else np.zeros(table.shape[1])
    return pd.DataFrame(
        {
            "mean": table.mean(axis=0),
            "std": std,
            "min": table.min(axis=0),
            "max": table.max(axis=0),
            "iqr": iqr(table, axis=0),
        },
        index=pd.Index(list(criterion_ids), name="criterion"),
    )


def _individual_scores(
    matrix: DecisionMatrix, weights: Sequence[WeightsLike], method: str, options: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray]:
    table = _weight_table(weights, matrix.criterion_ids)
    model = prepare(matrix, method, **options)
    return table, model.scores(matrix.values, table)  # (participants, n)


def individual_ranks(
    matrix: DecisionMatrix, weights: Sequence[WeightsLike], method: str = "wsm", **options: Any
) -> np.ndarray:
    """Every participant's competition ranks (1 = best; ties share a place), in one pass.

    The same ranks as ``rank(matrix, w, method).ranks`` for each ``w``, with the method's scores
    computed for all participants at once (a room of 300 costs one matrix product, not 300 rankings).

    Returns
    -------
    ndarray of int, shape (participants, options)
    """
    model = prepare(matrix, method, **options)
    table = _weight_table(weights, matrix.criterion_ids) if len(weights) else np.zeros((0, len(matrix.criterion_ids)))
    scores = np.asarray(model.scores(matrix.values, table), dtype=float).reshape(len(table), -1)
    if not np.all(np.isfinite(scores)):
        raise EngineError(f"method {method!r} could not score this matrix: check for extreme values")
    return np.stack([competition_ranks(row) for row in scores]) if len(scores) else \
        np.zeros((0, len(matrix.option_ids)), dtype=int)


def group_ranking(
    matrix: DecisionMatrix, weights: Sequence[WeightsLike], method: str = "wsm", **options: Any
) -> pd.DataFrame:
    """The group's ranking two ways: by the mean weights, and by Borda count of individual rankings.

    Returns
    -------
    DataFrame
        Index option id: name, score and rank under the aggregated weights; borda points
        (n − rank for each participant, tied options sharing the average) and the
        borda rank; sorted by the aggregated rank.

    References
    ----------
    de Borda, J.-C. (1781). Mémoire sur les élections au scrutin. Histoire de l'Académie
    Royale des Sciences.
    """
    from scipy.stats import rankdata  # imported here: scipy.stats takes ~0.8 s to import

    table, scores = _individual_scores(matrix, weights, method, options)
    model = prepare(matrix, method, **options)
    mean = table.mean(axis=0)
    group_scores = model.scores(matrix.values, mean)
    n = matrix.shape[0]
    scores = np.asarray(scores, dtype=float).reshape(-1, n)
    tolerance = np.array([tie_tolerance(row) for row in scores]).reshape(-1, 1)
    points = (n - rankdata(-np.round(scores / tolerance), method="average", axis=1)).sum(axis=0)  # one call, all rows
    frame = pd.DataFrame(
        {
            "name": matrix.option_names,
            "score": group_scores,
            "rank": competition_ranks(group_scores),
            "borda_points": points,
            "borda_rank": competition_ranks(points),
        },
        index=pd.Index(matrix.option_ids, name="option"),
    )
    return frame.sort_values(["rank", "borda_rank"], kind="stable")


def kendall_w(rankings: Sequence[Sequence[float]] | np.ndarray | pd.DataFrame) -> float:
    """Kendall's coefficient of concordance W across participants' rankings.

    Parameters
    ----------
    rankings : array-like, shape (participants, options)
        Each row one participant's ranks (or scores where lower is better); ties allowed.

    Returns
    -------
    float
        From 0 (no agreement) to 1 (identical rankings), with the correction for ties,
        computed from Friedman's statistic as W = χ²_F / (m (n − 1)). One participant, or
        identical rankings, give 1; rankings where every participant ties every option
        give 1 (they agree there is no order).

    References
    ----------
    Kendall, M. G., & Babington Smith, B. (1939). The problem of m rankings. Annals of
    Mathematical Statistics, 10(3), 275–287.
    """
    from scipy.stats import friedmanchisquare, rankdata  # imported here: ~0.8 s to import

    array = np.asarray(rankings, dtype=float)
    if array.ndim != 2 or array.shape[0] < 1 or array.shape[1] < 2:
        raise EngineError("give rankings as one row per participant with at least two options each")
    if not np.all(np.isfinite(array)):
        raise EngineError("rankings must be numbers (ranks), with no gaps")
    m, n = array.shape
    if m == 1 or np.all(array == array[0]):
        return 1.0
    ranks = rankdata(array, axis=1)
    if np.all(ranks == ranks[:, :1]):
        return 1.0
    if n == 2:  # friedmanchisquare needs three options; Kendall's formula directly
        s = float(((ranks.sum(axis=0) - m * (n + 1) / 2) ** 2).sum())
        ties = sum(
            float((counts**3 - counts).sum())
            for counts in (np.unique(r, return_counts=True)[1] for r in ranks)
        )
        return float(12 * s / (m**2 * (n**3 - n) - m * ties))
    statistic = friedmanchisquare(*ranks.T).statistic
    return float(min(1.0, max(0.0, statistic / (m * (n - 1)))))


def first_choice_distribution(
    matrix: DecisionMatrix, weights: Sequence[WeightsLike], method: str = "wsm", **options: Any
) -> pd.DataFrame:
    """How many participants put each option first (a tie for first splits the vote).

    Returns
    -------
    DataFrame
        Index option id: name, votes, share; sorted by votes, most first.
    """
    _, scores = _individual_scores(matrix, weights, method, options)
    votes = np.zeros(matrix.shape[0])
    for row in scores:
        top = row >= row.max() - tie_tolerance(row)
        votes += top / top.sum()
    frame = pd.DataFrame(
        {"name": matrix.option_names, "votes": votes, "share": votes / len(scores)},
        index=pd.Index(matrix.option_ids, name="option"),
    )
    return frame.sort_values("votes", ascending=False, kind="stable")
