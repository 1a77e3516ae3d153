"""What every ranking method provides, so rank, sensitivity and SMAA can share it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from engine._matrix import DecisionMatrix

__all__ = ["Explanation", "PreparedMethod", "weighted_sum", "criterion_frame", "option_frame"]


@dataclass(frozen=True)
class Explanation:
    """Scores of one matrix under one weight vector, with the work shown."""

    scores: np.ndarray
    contributions: np.ndarray
    steps: dict[str, pd.DataFrame]
    notes: list[str] = field(default_factory=list)


class PreparedMethod(Protocol):
    """A method bound to one matrix's criteria (directions, bounds, thresholds).

    ``values`` arrays may carry leading sample axes: shape (..., n, m); ``weights`` then
    has shape (m,) or (..., m) broadcasting against them. Every method returns scores
    where higher is better.
    """

    name: str
    #: True when ranking by ``utilities(values) @ weights`` gives the method's ranking
    #: (exactly: wsm, promethee; as ln of the score: wpm). Such methods get exact
    #: sensitivity intervals and a fast SMAA path.
    linear: bool
    #: True when ``cell_utilities`` is an affine map of each cell (weighted sum): a
    #: triangular draw can then be made directly on the utility scale.
    affine: bool

    def validate(self, values: np.ndarray) -> None:
        """Raise EngineError when the method cannot take these values."""
        ...

    def utilities(self, values: np.ndarray) -> np.ndarray:
        """Per-criterion utilities (..., n, m); only for ``linear`` methods."""
        ...

    def cell_utilities(self, values: np.ndarray) -> np.ndarray | None:
        """Per-cell utilities u_j(x_ij) whose weighted sum ranks the options of one matrix
        as the method does (None when the method compares options with each other)."""
        ...

    def scores(self, values: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """The method's scores (..., n) for normalised weights."""
        ...

    def explain(self, weights: np.ndarray) -> Explanation:
        """Scores, contributions, intermediate tables and notes for the bound matrix."""
        ...


def weighted_sum(utilities: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Σ_j w_j u_j over the last axis, broadcasting sample axes of either argument."""
    if weights.ndim == 1:
        return utilities @ weights
    return np.matmul(utilities, weights[..., :, None])[..., 0]


def option_frame(matrix: DecisionMatrix, data: np.ndarray, columns: list[str] | None = None) -> pd.DataFrame:
    """An (n, k) table indexed by option id (columns: criterion ids unless given).

    ``data`` must be a fresh array of the method's own (it is not copied).
    """
    return pd.DataFrame(
        np.asarray(data, dtype=float),
        index=_option_index(matrix),
        columns=list(matrix.criterion_ids) if columns is None else columns,
        copy=False,
    )


_INDEX_CACHE: dict[int, tuple[tuple[str, ...], pd.Index]] = {}


def _option_index(matrix: DecisionMatrix) -> pd.Index:
    """The option-id index, built once per tuple of ids (pandas string indexes are slow to build)."""
    key = id(matrix.option_ids)
    hit = _INDEX_CACHE.get(key)
    if hit is None or hit[0] is not matrix.option_ids:
        if len(_INDEX_CACHE) > 64:
            _INDEX_CACHE.clear()
        hit = _INDEX_CACHE[key] = (matrix.option_ids, pd.Index(matrix.option_ids, name="option"))
    return hit[1]


def criterion_frame(matrix: DecisionMatrix, data: dict[str, object]) -> pd.DataFrame:
    """A table with one row per criterion id."""
    return pd.DataFrame(data, index=pd.Index(matrix.criterion_ids, name="criterion"))
