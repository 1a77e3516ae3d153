"""PROMETHEE II with the usual and the linear preference functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from engine._errors import EngineError
from engine._matrix import DecisionMatrix
from engine._methods._base import Explanation, criterion_frame, option_frame, weighted_sum

__all__ = ["Promethee", "prepare_promethee", "PREFERENCE_FUNCTIONS"]

PreferenceFunction = Literal["usual", "linear"]
PREFERENCE_FUNCTIONS: tuple[str, ...] = ("usual", "linear")
PerCriterion = float | str | Mapping[str, float | str] | Sequence[float | str] | None
_EPS = 1e-12  # differences below this share of a criterion's range are rounding noise, not preference


@dataclass(frozen=True, eq=False)
class Promethee:
    """PROMETHEE II net outranking flow.

    For each criterion j and ordered pair (a, b), d = g_j(a) − g_j(b) (negated for cost
    criteria) and the preference P_j(a, b) is, for the *usual* function, 1 if d > 0
    else 0, and for the *linear* function (V-shape with indifference threshold q and
    preference threshold p) 0 if d ≤ q, (d − q)/(p − q) if q < d ≤ p, 1 if d > p.
    π(a, b) = Σ_j w_j P_j(a, b); φ⁺(a) = Σ_b π(a, b)/(n − 1); φ⁻(a) = Σ_b π(b, a)/(n − 1);
    score φ(a) = φ⁺(a) − φ⁻(a) in [−1, 1]. φ is also Σ_j w_j φ_j(a) with φ_j the
    single-criterion net flow, which gives the per-criterion contributions.

    References
    ----------
    Brans, J. P., & Vincke, Ph. (1985). A preference ranking organisation method (The
    PROMETHEE method for multiple criteria decision-making). Management Science, 31(6),
    647–656.
    Brans, J. P., & Mareschal, B. (2005). PROMETHEE methods. In J. Figueira, S. Greco &
    M. Ehrgott (Eds.), Multiple Criteria Decision Analysis: State of the Art Surveys
    (pp. 163–195). Springer.
    """

    matrix: DecisionMatrix
    is_linear_function: np.ndarray
    q: np.ndarray
    p: np.ndarray
    noise: np.ndarray  # per criterion: differences below this are rounding noise (1e-12 of its range)
    name: str = "promethee"
    linear: bool = True  # φ is linear in the weights
    affine: bool = False

    def cell_utilities(self, values: np.ndarray) -> None:
        """None: options are compared with each other, not cell by cell."""
        return None

    def validate(self, values: np.ndarray) -> None:
        """Every finite value is fine for PROMETHEE."""

    def _differences(self, values: np.ndarray) -> np.ndarray:
        """d_j(a, b) = g_j(a) − g_j(b), turned around for cost criteria: shape (..., n, n, m)."""
        oriented = values * np.where(self.matrix.is_cost, -1.0, 1.0)
        return oriented[..., :, None, :] - oriented[..., None, :, :]

    def _ramp(self, magnitude: np.ndarray) -> np.ndarray:
        """Preference for a difference of this size (≥ 0): 0 up to q, 1 from p, linear between.

        The usual function is the ramp with q = 0 and p = 1e-12 of the criterion's range, so
        differences below rounding noise count as no preference whatever the units.
        """
        q = np.where(self.is_linear_function, self.q, 0.0)
        p = np.where(self.is_linear_function, self.p, 0.0)
        width = np.maximum(p - q, self.noise)
        return np.clip((magnitude - q) / width, 0.0, 1.0)

    def preferences(self, values: np.ndarray) -> np.ndarray:
        """P_j(a, b) with shape (..., n, n, m)."""
        return self._ramp(np.maximum(self._differences(values), 0.0))

    def utilities(self, values: np.ndarray) -> np.ndarray:
        """Single-criterion net flows φ_j(a) = Σ_b [P_j(a, b) − P_j(b, a)]/(n − 1), shape (..., n, m).

        P_j(a, b) − P_j(b, a) = sign(d)·ramp(|d|), so one pass over the pairs suffices.
        """
        n = values.shape[-2]
        if n < 2:
            return np.zeros(values.shape)
        d = self._differences(values)
        net = np.sign(d) * self._ramp(np.abs(d))
        return net.sum(axis=-2) / (n - 1)

    def scores(self, values: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Net flow φ = Σ_j w_j φ_j."""
        return weighted_sum(self.utilities(values), weights)

    def explain(self, weights: np.ndarray) -> Explanation:
        """Thresholds, single-criterion flows, the preference index π and the flows."""
        m = self.matrix
        n = m.shape[0]
        pref = self.preferences(m.values)
        pi = pref @ weights
        denominator = max(n - 1, 1)
        phi_plus = pi.sum(axis=1) / denominator
        phi_minus = pi.sum(axis=0) / denominator
        single = self.utilities(m.values)
        contributions = single * weights
        steps = {
            "thresholds": criterion_frame(
                m,
                {
                    "function": np.where(self.is_linear_function, "linear", "usual"),
                    "q": np.where(self.is_linear_function, self.q, 0.0),
                    "p": np.where(self.is_linear_function, self.p, 0.0),
                    "direction": np.where(m.is_cost, "cost", "benefit"),
                },
            ),
            "single_criterion_flows": option_frame(m, single),
            "preference_index": option_frame(m, pi, columns=list(m.option_ids)),
            "flows": option_frame(
                m,
                np.column_stack([phi_plus, phi_minus, phi_plus - phi_minus]),
                columns=["phi_plus", "phi_minus", "phi"],
            ),
        }
        notes = [
            "PROMETHEE II: every pair of options is compared on every criterion (for cost "
            "criteria lower is better); π(a, b) is the weighted preference of a over b; the "
            "score is the net flow φ = φ⁺ − φ⁻, between −1 and 1.",
            "Contributions are weight × single-criterion net flow: they add up to φ.",
            "Flows compare options with each other, so adding or removing one can reorder the others.",
        ]
        if self.is_linear_function.any():
            notes.append(
                "Linear preference: no preference up to a difference of q, full preference "
                "from p, in proportion between (see the thresholds table)."
            )
        return Explanation(phi_plus - phi_minus, contributions, steps, notes)


def _per_criterion(matrix: DecisionMatrix, given: PerCriterion, default: np.ndarray, what: str) -> list:  # type: ignore[type-arg]
    ids = list(matrix.criterion_ids)
    if given is None:
        return list(default)
    if isinstance(given, (int, float, str)):
        return [given] * len(ids)
    if isinstance(given, Mapping):
        unknown = [k for k in given if k not in ids]
        if unknown:
            raise EngineError(f"unknown criterion {unknown[0]!r} in {what}: use one of {', '.join(ids)}")
        return [given.get(c, default[j]) for j, c in enumerate(ids)]
    items = list(given)
    if len(items) != len(ids):
        raise EngineError(f"{what} has {len(items)} entries for {len(ids)} criteria: give one per criterion")
    return items


def _number(value: object, what: str) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise EngineError(f"{what} is {value!r}, not a number") from None
    if not np.isfinite(number) or number < 0:
        raise EngineError(f"{what} is {value!r}: thresholds must be numbers of 0 or more")
    return number


def prepare_promethee(
    matrix: DecisionMatrix,
    preference: PerCriterion = "usual",
    p: PerCriterion = None,
    q: PerCriterion = None,
) -> Promethee:
    """Bind PROMETHEE II to a matrix.

    Parameters
    ----------
    preference : {'usual', 'linear'}, or one per criterion (mapping id -> name, or list)
        Preference function.
    p : float, or one per criterion
        Preference threshold of the linear function: a difference of p or more is full
        preference. Default: the criterion's scale range (max − min), or the options'
        range for a matrix without scales.
    q : float, or one per criterion
        Indifference threshold of the linear function (default 0), at most p.
    """
    names = _per_criterion(matrix, preference, np.full(matrix.shape[1], "usual", dtype=object), "preference")
    for j, name in enumerate(names):
        if name not in PREFERENCE_FUNCTIONS:
            raise EngineError(
                f"unknown preference function {name!r} for {matrix.criterion_ids[j]!r}: "
                "use 'usual' or 'linear'"
            )
    if matrix.scale_min is not None and matrix.scale_max is not None:
        span = matrix.scale_max - matrix.scale_min
    else:
        span = matrix.values.max(axis=0) - matrix.values.min(axis=0)
        span = np.where(span > 0, span, 1.0)
    p_values = [
        _number(v, f"p for {c!r}")
        for v, c in zip(_per_criterion(matrix, p, span, "p"), matrix.criterion_ids, strict=True)
    ]
    q_values = [
        _number(v, f"q for {c!r}")
        for v, c in zip(
            _per_criterion(matrix, q, np.zeros(matrix.shape[1]), "q"), matrix.criterion_ids, strict=True
        )
    ]
    is_linear = np.array([name == "linear" for name in names])
    for j in np.flatnonzero(is_linear):
        if q_values[j] > p_values[j]:
            raise EngineError(
                f"criterion {matrix.criterion_ids[j]!r}: q ({q_values[j]:g}) is above "
                f"p ({p_values[j]:g}); q must be at most p"
            )
    return Promethee(matrix, is_linear, np.array(q_values), np.array(p_values), _EPS * np.asarray(span, dtype=float))
