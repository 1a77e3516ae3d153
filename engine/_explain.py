"""Why one option is above another: dominance, per-criterion differences, method agreement."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine._errors import EngineError
from engine._matrix import DecisionMatrix
from engine._methods import METHODS
from engine._rank import rank
from engine._weights import WeightsLike

__all__ = ["pareto_dominated", "why", "method_agreement"]


def pareto_dominated(matrix: DecisionMatrix) -> dict[str, list[str]]:
    """Options that another option beats or equals on every criterion and beats on one.

    Uses the cell values, with cost criteria turned around (lower is better).

    Returns
    -------
    dict of option id to list of option ids
        Only dominated options appear; each maps to its dominators in matrix order.
    """
    oriented = np.where(matrix.is_cost, -matrix.values, matrix.values)
    at_least = (oriented[:, None, :] >= oriented[None, :, :]).all(axis=2)
    better = (oriented[:, None, :] > oriented[None, :, :]).any(axis=2)
    dominates = at_least & better  # [a, b]: a dominates b
    result: dict[str, list[str]] = {}
    for b, option in enumerate(matrix.option_ids):
        dominators = [matrix.option_ids[a] for a in np.flatnonzero(dominates[:, b])]
        if dominators:
            result[option] = dominators
    return result


def why(matrix: DecisionMatrix, weights: WeightsLike, a: str, b: str) -> pd.DataFrame:
    """The criteria that put option ``a`` above (or below) option ``b`` under the weighted sum.

    Parameters
    ----------
    matrix : DecisionMatrix
    weights : mapping or array of weights
    a, b : str
        Option ids.

    Returns
    -------
    DataFrame
        Indexed by criterion id, largest advantage for ``a`` first: name, weight,
        value_a, value_b, contribution_a, contribution_b, difference
        (contribution_a − contribution_b) and ``favours`` ('a', 'b' or 'neither').
        The differences add up to score(a) − score(b).
    """
    i, k = matrix.option_index(a), matrix.option_index(b)
    if i == k:
        raise EngineError(f"compare two different options, not {a!r} with itself")
    result = rank(matrix, weights, "wsm")
    diff = result.contributions[i] - result.contributions[k]
    tol = 1e-12
    frame = pd.DataFrame(
        {
            "name": matrix.criterion_names,
            "weight": result.weights,
            "value_a": matrix.values[i],
            "value_b": matrix.values[k],
            "contribution_a": result.contributions[i],
            "contribution_b": result.contributions[k],
            "difference": diff,
            "favours": np.where(diff > tol, "a", np.where(diff < -tol, "b", "neither")),
        },
        index=pd.Index(matrix.criterion_ids, name="criterion"),
    )
    return frame.sort_values("difference", ascending=False, kind="stable")


def _tau(x: np.ndarray, y: np.ndarray) -> float:
    if np.array_equal(x, y):
        return 1.0
    if len(set(x)) < 2 or len(set(y)) < 2:
        return 0.0  # a ranking with everything tied carries no order to agree with
    from scipy.stats import kendalltau  # imported here: scipy.stats takes ~0.8 s to import

    return float(kendalltau(x, y).statistic)


def method_agreement(matrix: DecisionMatrix, weights: WeightsLike) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rank of every option under every method, and Kendall's tau between the methods.

    Methods that cannot take the matrix (e.g. the weighted product with a 0 value) are
    left out; ``ranks.attrs['skipped']`` maps each to the reason.

    Returns
    -------
    ranks : DataFrame
        Index option id, one column per method.
    tau : DataFrame
        Method × method Kendall tau-b (1 on the diagonal; 0 against a ranking where
        every option ties).

    References
    ----------
    Kendall, M. G. (1945). The treatment of ties in ranking problems. Biometrika,
    33(3), 239–251.
    """
    columns: dict[str, np.ndarray] = {}
    skipped: dict[str, str] = {}
    for method in METHODS:
        try:
            columns[method] = rank(matrix, weights, method).ranks
        except EngineError as error:
            if method == "wsm":
                raise
            skipped[method] = str(error)
    ranks = pd.DataFrame(columns, index=pd.Index(matrix.option_ids, name="option"))
    ranks.attrs["skipped"] = skipped
    names = list(columns)
    tau = pd.DataFrame(
        [[_tau(columns[r], columns[c]) for c in names] for r in names],
        index=pd.Index(names, name="method"),
        columns=names,
    )
    return ranks, tau
