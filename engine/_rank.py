"""Rank a matrix with one method: the entry point the app, CLI and rooms call."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine._errors import EngineError
from engine._matrix import DecisionMatrix
from engine._methods import prepare
from engine._ranks import competition_ranks
from engine._result import RankingResult
from engine._weights import WeightsLike, normalize_weights

__all__ = ["rank"]


def rank(matrix: DecisionMatrix, weights: WeightsLike, method: str = "wsm", **options: Any) -> RankingResult:
    """Score and rank every option, showing the work.

    Parameters
    ----------
    matrix : DecisionMatrix
    weights : mapping of criterion id to number, or one number per criterion
        Any non-negative numbers; normalised to sum 1 (see :func:`normalize_weights`).
    method : {'wsm', 'wpm', 'topsis', 'promethee'}
        Weighted sum (default), weighted product, TOPSIS, PROMETHEE II.
    **options
        Method options: wsm ``normalization`` ('scale' or 'data'); promethee
        ``preference`` ('usual' or 'linear', or per criterion), ``p`` and ``q``
        thresholds.

    Returns
    -------
    RankingResult

    Raises
    ------
    EngineError
        Bad weights, unknown method or option, values the method cannot take.
    """
    w = normalize_weights(weights, matrix.criterion_ids)
    model = prepare(matrix, method, **options)
    explained = model.explain(w)
    scores = np.asarray(explained.scores, dtype=float)
    if not np.all(np.isfinite(scores)) or not np.all(np.isfinite(explained.contributions)):
        raise EngineError(f"method {method!r} could not score this matrix: check for extreme values")
    return RankingResult(
        method=method,
        option_ids=matrix.option_ids,
        option_names=matrix.option_names,
        criterion_ids=matrix.criterion_ids,
        scores=scores,
        ranks=competition_ranks(scores),
        contributions=np.asarray(explained.contributions, dtype=float),
        steps=explained.steps,
        weights=w,
        notes=list(explained.notes) + list(matrix.notes),
    )
