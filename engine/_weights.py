"""Criterion weights: direct numbers, a rank order of criteria, and a pack's lenses."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from engine._errors import EngineError

if TYPE_CHECKING:
    from schema import Pack

__all__ = ["WeightsLike", "normalize_weights", "rank_order_centroid", "lens_weights"]

#: Weights as the user gives them: criterion id -> number, or one number per criterion.
WeightsLike = Mapping[str, float] | Sequence[float] | np.ndarray


def normalize_weights(weights: WeightsLike, criterion_ids: Sequence[str]) -> np.ndarray:
    """Non-negative weights scaled to sum to 1, in the order of ``criterion_ids``.

    Parameters
    ----------
    weights : mapping of criterion id to number, or array-like of numbers
        Any non-negative numbers (e.g. 1–10 points). In a mapping, criteria left out
        get weight 0.
    criterion_ids : sequence of str
        The matrix's criteria, fixing the order of the result.

    Returns
    -------
    ndarray of float, shape (m,)
        Sums to 1.

    Raises
    ------
    EngineError
        Unknown criterion id, wrong number of weights, a negative or non-numeric weight,
        or all weights zero.
    """
    ids = list(criterion_ids)
    if isinstance(weights, Mapping):
        unknown = [k for k in weights if k not in ids]
        if unknown:
            raise EngineError(f"unknown criterion {unknown[0]!r} in the weights: use one of {', '.join(ids)}")
        raw = [weights.get(c, 0.0) for c in ids]
    else:
        raw = list(np.asarray(weights, dtype=object).ravel())
        if len(raw) != len(ids):
            raise EngineError(
                f"got {len(raw)} weights for {len(ids)} criteria: give one weight per criterion"
            )
    array = np.empty(len(ids))
    for j, (criterion, value) in enumerate(zip(ids, raw, strict=True)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise EngineError(f"weight for {criterion!r} is {value!r}, not a number") from None
        if not math.isfinite(number):
            raise EngineError(f"weight for {criterion!r} is {value!r}: give a finite number")
        if number < 0:
            raise EngineError(f"weight for {criterion!r} is negative ({number:g}): weights must be 0 or more")
        array[j] = number
    total = array.sum()
    if total <= 0:
        raise EngineError("all weights are zero: give at least one criterion a positive weight")
    return array / total


def rank_order_centroid(order: Sequence[str]) -> dict[str, float]:
    """Rank-order-centroid weights from criteria listed most important first.

    The k-th of n criteria gets :math:`w_k = \\frac{1}{n}\\sum_{i=k}^{n} 1/i`, the centroid
    of the set of weights that respect the order.

    Parameters
    ----------
    order : sequence of str
        Criterion ids, most important first, each once.

    Returns
    -------
    dict of str to float
        Sums to 1.

    References
    ----------
    Barron, F. H., & Barrett, B. E. (1996). Decision quality using ranked attribute
    weights. Management Science, 42(11), 1515–1523.
    """
    ids = list(order)
    if not ids:
        raise EngineError("the rank order is empty: list the criteria, most important first")
    repeated = sorted({c for c in ids if ids.count(c) > 1})
    if repeated:
        raise EngineError(f"criterion {repeated[0]!r} appears twice in the rank order: list each once")
    n = len(ids)
    tail_sums = np.cumsum(1.0 / np.arange(n, 0, -1))[::-1]  # sum_{i=k}^{n} 1/i for k = 1..n
    return {c: float(w) for c, w in zip(ids, tail_sums / n, strict=True)}


def lens_weights(pack: Pack, lens_id: str) -> dict[str, float]:
    """A pack lens's weights, normalised to sum to 1 over the pack's criteria.

    Raises
    ------
    EngineError
        When the pack has no lens with this id.
    """
    lenses = {lens.id: lens for lens in pack.lenses}
    if lens_id not in lenses:
        known = ", ".join(lenses) or "none in this pack"
        raise EngineError(f"unknown lens {lens_id!r}: use one of {known}")
    ids = [c.id for c in pack.criteria]
    array = normalize_weights(lenses[lens_id].weights, ids)
    return {c: float(w) for c, w in zip(ids, array, strict=True)}
