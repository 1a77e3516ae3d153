"""Weighted product model."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine._errors import EngineError
from engine._matrix import DecisionMatrix
from engine._methods._base import Explanation, criterion_frame, option_frame, weighted_sum

__all__ = ["WeightedProduct", "prepare_wpm"]


@dataclass(frozen=True, eq=False)
class WeightedProduct:
    """Weighted product: score = Π_j r_j^{w_j}.

    r = x / (best value among the options) for a benefit criterion and
    (best value) / x for a cost criterion, so r ≤ 1 and the best possible score is 1.
    Dividing by a per-criterion constant multiplies every score by the same factor, so
    the ratio of two options' scores, Π (x_a/x_b)^{±w}, and hence their order, does not
    depend on the other options. Needs values above 0.

    References
    ----------
    Bridgman, P. W. (1922). Dimensional Analysis. Yale University Press.
    Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A Comparative
    Study, ch. 2. Kluwer.
    """

    matrix: DecisionMatrix
    name: str = "wpm"
    linear: bool = True
    affine: bool = False

    def validate(self, values: np.ndarray) -> None:
        """Raise EngineError naming the first cell at or below 0."""
        bad = np.argwhere(values <= 0)
        if bad.size:
            i, j = bad[0][-2:]
            m = self.matrix
            raise EngineError(
                f"the weighted product needs values above 0, but {m.option_names[i]} on "
                f"{m.criterion_names[j]} is {values[tuple(bad[0])]:g}: use wsm, topsis or promethee"
            )

    def utilities(self, values: np.ndarray) -> np.ndarray:
        """ln r: the additive terms of ln(score) before weighting."""
        logs = np.log(values)
        best = np.where(
            self.matrix.is_cost, logs.min(axis=-2, keepdims=True), logs.max(axis=-2, keepdims=True)
        )
        return np.where(self.matrix.is_cost, best - logs, logs - best)

    def cell_utilities(self, values: np.ndarray) -> np.ndarray:
        """±ln x: differs from ln r by a per-criterion constant, so it ranks the same."""
        logs = np.log(values)
        return np.where(self.matrix.is_cost, -logs, logs)

    def scores(self, values: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Π_j r_j^{w_j}."""
        return np.exp(weighted_sum(self.utilities(values), weights))

    def explain(self, weights: np.ndarray) -> Explanation:
        """Ratios and weighted logs; contributions w·ln r add up to ln(score)."""
        m = self.matrix
        log_r = self.utilities(m.values)
        contributions = log_r * weights
        scores = np.exp(contributions.sum(axis=1))
        best = np.where(m.is_cost, m.values.min(axis=0), m.values.max(axis=0))
        notes = [
            "Weighted product: r = value / best value (benefit) or best value / value (cost); "
            "score = Π r^weight, at most 1.",
            "Contributions are weight × ln r: they add up to ln(score), and 0 means the "
            "option is the best on that criterion.",
            "Two options' order depends only on their own values, never on the other options.",
        ]
        steps = {
            "best": criterion_frame(m, {"best": best, "direction": np.where(m.is_cost, "cost", "benefit")}),
            "ratios": option_frame(m, np.exp(log_r)),
            "weighted_log": option_frame(m, contributions),
        }
        return Explanation(scores, contributions, steps, notes)


def prepare_wpm(matrix: DecisionMatrix) -> WeightedProduct:
    """Bind the weighted product to a matrix; EngineError when a value is 0 or below."""
    model = WeightedProduct(matrix)
    model.validate(matrix.values)
    return model
