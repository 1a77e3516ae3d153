"""Ranks from scores: ties are ties (competition ranking "1224"), not an argsort accident."""

from __future__ import annotations

import numpy as np

__all__ = ["competition_ranks", "tie_tolerance", "best_first", "first_place"]

#: Scores closer than this (relative to the largest magnitude, at least 1) count as equal,
#: so that e.g. 0.1 + 0.2 and 0.3 tie instead of being ordered by rounding noise.
RELATIVE_TIE_TOLERANCE = 1e-9


def tie_tolerance(scores: np.ndarray) -> float:
    """Absolute tolerance under which two of these scores are treated as equal."""
    scale = float(np.max(np.abs(scores))) if scores.size else 0.0
    return RELATIVE_TIE_TOLERANCE * max(1.0, scale)


def best_first(scores: np.ndarray) -> np.ndarray:
    """Indices from the highest score to the lowest; ties keep their matrix order."""
    return np.argsort(-np.asarray(scores, dtype=float), kind="stable")


def competition_ranks(scores: np.ndarray) -> np.ndarray:
    """Standard competition ranks of scores (higher is better).

    Tied scores share the best of their places and the next place is skipped:
    scores (9, 7, 7, 5) give ranks (1, 2, 2, 4).

    Parameters
    ----------
    scores : ndarray, shape (n,)

    Returns
    -------
    ndarray of int, shape (n,)
    """
    scores = np.asarray(scores, dtype=float)
    order = best_first(scores)
    ordered = scores[order]
    starts = np.concatenate([[True], ordered[:-1] - ordered[1:] > tie_tolerance(scores)])
    places = np.maximum.accumulate(np.where(starts, np.arange(1, scores.size + 1), 0))
    ranks = np.empty(scores.size, dtype=int)
    ranks[order] = places
    return ranks


def first_place(scores: np.ndarray) -> int:
    """Index of the first option as :attr:`RankingResult.order` has it: best rank, ties in
    matrix order (so rounding noise between tied scores never decides)."""
    ranks = competition_ranks(scores)
    return int(np.lexsort((np.arange(ranks.size), ranks))[0])
