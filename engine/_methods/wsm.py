"""Weighted sum (simple additive weighting) on each criterion's own scale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from engine._errors import EngineError
from engine._matrix import DecisionMatrix
from engine._methods._base import Explanation, criterion_frame, option_frame, weighted_sum

__all__ = ["WeightedSum", "prepare_wsm"]

Normalization = Literal["scale", "data"]


@dataclass(frozen=True, eq=False)
class WeightedSum:
    """Weighted sum of min–max normalised values; cost criteria turned around.

    u = (x − min)/(max − min) for a benefit criterion and 1 − u for a cost criterion,
    where min/max are the criterion's scale bounds (default for a pack) or the options'
    own min/max (a CSV matrix without scales). The score is Σ w_j u_j in [0, 1].

    References
    ----------
    Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A Comparative
    Study, ch. 2. Kluwer.
    Hwang, C.-L., & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
    Applications (simple additive weighting). Springer.
    """

    matrix: DecisionMatrix
    lower: np.ndarray
    upper: np.ndarray
    normalization: Normalization
    name: str = "wsm"
    linear: bool = True
    affine: bool = True

    def validate(self, values: np.ndarray) -> None:
        """Every finite value is fine for the weighted sum."""

    def utilities(self, values: np.ndarray) -> np.ndarray:
        """Normalised values in [0, 1] (beyond it only for sampled values off a data range)."""
        span = self.upper - self.lower
        flat = span <= 0
        safe = np.where(flat, 1.0, span)
        u = (values - self.lower) / safe
        u = np.where(self.matrix.is_cost, 1.0 - u, u)
        if flat.any():
            u = np.where(flat, 0.5, u)
        return u

    def cell_utilities(self, values: np.ndarray) -> np.ndarray:
        """The normalised values (each depends on its own cell only)."""
        return self.utilities(values)

    def scores(self, values: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Σ_j w_j u_j."""
        return weighted_sum(self.utilities(values), weights)

    def explain(self, weights: np.ndarray) -> Explanation:
        """Normalised and weighted tables; contributions w_j u_j add up to the score."""
        m = self.matrix
        u = self.utilities(m.values)
        contributions = u * weights
        notes = [
            "Weighted sum: each value is placed between the criterion's bounds, "
            "u = (x − min)/(max − min), turned around for cost criteria (1 − u); "
            "score = Σ weight × u, between 0 and 1."
        ]
        if self.normalization == "scale":
            notes.append(
                "Bounds are each criterion's own scale, so adding or removing an option "
                "never changes another option's score."
            )
        else:
            notes.append(
                "No criterion scales were given, so the bounds are the lowest and highest "
                "value among the options (min–max over the data): adding or removing an "
                "option can change the others' scores."
            )
        flat = [m.criterion_names[j] for j in np.flatnonzero(self.upper <= self.lower)]
        if flat:
            notes.append(
                f"{', '.join(flat)}: every option has the same value, so the criterion cannot "
                "separate them; it counts 0.5 for every option."
            )
        steps = {
            "bounds": criterion_frame(
                m,
                {
                    "min": self.lower,
                    "max": self.upper,
                    "direction": np.where(m.is_cost, "cost", "benefit"),
                    "bounds_from": self.normalization,
                },
            ),
            "normalised": option_frame(m, u),
            "weighted": option_frame(m, contributions),
        }
        return Explanation(contributions.sum(axis=1), contributions, steps, notes)


def prepare_wsm(matrix: DecisionMatrix, normalization: Normalization | None = None) -> WeightedSum:
    """Bind the weighted sum to a matrix.

    Parameters
    ----------
    normalization : {'scale', 'data'}, optional
        'scale' (default when the matrix has criterion scales) or 'data' (min–max over
        the options' values; the only choice for a matrix without scales).
    """
    if normalization is None:
        normalization = "scale" if matrix.has_scale else "data"
    if normalization == "scale":
        if matrix.scale_min is None or matrix.scale_max is None:
            raise EngineError(
                "this matrix has no criterion scales: use normalization='data' (min–max over the options)"
            )
        lower, upper = np.array(matrix.scale_min), np.array(matrix.scale_max)
    elif normalization == "data":
        # the envelope of the ranges, so every value SMAA may draw maps into [0, 1]
        lower, upper = matrix.low.min(axis=0), matrix.high.max(axis=0)
    else:
        raise EngineError(f"unknown normalization {normalization!r}: use 'scale' or 'data'")
    return WeightedSum(matrix, lower, upper, normalization)
