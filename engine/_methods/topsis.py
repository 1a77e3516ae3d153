"""TOPSIS with vector normalisation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine._matrix import DecisionMatrix
from engine._methods._base import Explanation, option_frame

__all__ = ["Topsis", "prepare_topsis"]


def _vector_normalise(values: np.ndarray) -> np.ndarray:
    """x / sqrt(Σ x²) per column, computed on x / max|x| so squares of huge values do not overflow."""
    peak = np.max(np.abs(values), axis=-2, keepdims=True)
    values = np.divide(values, peak, out=np.zeros(np.broadcast_shapes(values.shape, peak.shape)), where=peak > 0)
    norms = np.sqrt(np.einsum("...nm,...nm->...m", values, values))[..., None, :]
    return np.divide(
        values, norms, out=np.zeros(np.broadcast_shapes(values.shape, norms.shape)), where=norms > 0
    )


@dataclass(frozen=True, eq=False)
class Topsis:
    """Closeness to the ideal solution.

    r = x / sqrt(Σ_options x²) per criterion; v = w·r; the ideal takes each criterion's
    best v (largest for benefit, smallest for cost), the anti-ideal its worst; the
    score is D⁻/(D⁺ + D⁻) with D⁺, D⁻ the Euclidean distances to the ideal and the
    anti-ideal. A criterion that is 0 for every option normalises to 0 (it separates
    nobody); when every option is equally far from both (all criteria constant) each
    scores 0.5.

    References
    ----------
    Hwang, C.-L., & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
    Applications. Springer.
    """

    matrix: DecisionMatrix
    name: str = "topsis"
    linear: bool = False
    affine: bool = False

    def cell_utilities(self, values: np.ndarray) -> None:
        """None: options are compared with each other, not cell by cell."""
        return None

    def validate(self, values: np.ndarray) -> None:
        """Every finite value is fine for TOPSIS."""

    def utilities(self, values: np.ndarray) -> np.ndarray:  # pragma: no cover - not linear
        raise NotImplementedError("TOPSIS is not a weighted sum of per-criterion utilities")

    def _ideals(self, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        high, low = v.max(axis=-2, keepdims=True), v.min(axis=-2, keepdims=True)
        cost = self.matrix.is_cost
        return np.where(cost, low, high), np.where(cost, high, low)

    @staticmethod
    def _squared_gaps(v: np.ndarray, point: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        gap = np.subtract(v, point, out=out)
        gap *= gap
        return gap

    @staticmethod
    def _closeness(d_plus: np.ndarray, d_minus: np.ndarray) -> np.ndarray:
        total = d_plus + d_minus
        return np.divide(d_minus, total, out=np.full(total.shape, 0.5), where=total > 0)

    def scores(self, values: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Relative closeness D⁻/(D⁺ + D⁻) in [0, 1]."""
        v = _vector_normalise(values)
        w = weights[..., None, :]
        if np.broadcast_shapes(v.shape, w.shape) == v.shape:
            v *= w
        else:  # several weight vectors for one matrix
            v = v * w
        ideal, anti = self._ideals(v)
        gaps = self._squared_gaps(v, ideal)
        d_plus = np.sqrt(gaps.sum(axis=-1))
        gaps = self._squared_gaps(v, anti, out=gaps)  # one work array for both distances
        d_minus = np.sqrt(gaps.sum(axis=-1))
        return self._closeness(d_plus, d_minus)

    def explain(self, weights: np.ndarray) -> Explanation:
        """Normalised and weighted tables, ideal/anti-ideal, distances and closeness."""
        m = self.matrix
        r = _vector_normalise(m.values)
        v = r * weights
        ideal, anti = self._ideals(v)
        to_ideal = self._squared_gaps(v, ideal)
        d_plus = np.sqrt(to_ideal.sum(axis=-1))
        contributions = self._squared_gaps(v, anti)
        d_minus = np.sqrt(contributions.sum(axis=-1))
        closeness = self._closeness(d_plus, d_minus)
        contributions -= to_ideal
        steps = {
            "normalised": option_frame(m, r),
            "weighted": option_frame(m, v),
            "ideal": pd.DataFrame(
                np.vstack([ideal[0], anti[0]]),
                index=pd.Index(["ideal", "anti-ideal"], name="point"),
                columns=list(m.criterion_ids),
            ),
            "distances": option_frame(
                m,
                np.column_stack([d_plus, d_minus, closeness]),
                columns=["distance_to_ideal", "distance_to_anti_ideal", "closeness"],
            ),
        }
        notes = [
            "TOPSIS: values divided by the root of the sum of squares over the options "
            "(vector normalisation), multiplied by the weights; the ideal takes the best "
            "weighted value of each criterion (the lowest for cost criteria), the anti-ideal "
            "the worst; score = distance to anti-ideal / (distance to ideal + distance to anti-ideal).",
            "Contributions are each criterion's squared distance to the anti-ideal minus its "
            "squared distance to the ideal: positive pulls the option toward the ideal.",
            "Normalisation uses all options, so adding or removing one can reorder the others.",
        ]
        return Explanation(closeness, contributions, steps, notes)


def prepare_topsis(matrix: DecisionMatrix) -> Topsis:
    """Bind TOPSIS to a matrix."""
    return Topsis(matrix)
