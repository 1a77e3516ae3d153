"""AHP pairwise comparisons: principal-eigenvector weights and Saaty's consistency ratio."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from engine._errors import EngineError

__all__ = ["AHPResult", "RANDOM_INDEX", "ahp", "aggregate_ahp"]

#: Saaty's random consistency index by matrix size (Saaty 1980, extended to 15 in
#: Saaty 2008 / Alonso & Lamata 2006 tables as commonly quoted).
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.5365,  # Alonso & Lamata (2006), Table 4; often misquoted as 1.48
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
#: Saaty's threshold: a consistency ratio above this is worth revisiting.
CR_THRESHOLD = 0.1
_RECIPROCAL_TOLERANCE = 0.02  # 1/3 typed as 0.33 is fine
_WORST_COUNT = 3


@dataclass(frozen=True)
class AHPResult:
    """Weights from a pairwise comparison matrix, with its consistency.

    Attributes
    ----------
    weights : dict of str to float
        Principal eigenvector, normalised to sum 1.
    lambda_max : float
        Principal eigenvalue (equals n for a perfectly consistent matrix).
    ci : float
        Consistency index (λmax − n)/(n − 1).
    cr : float
        Consistency ratio CI/RI; above 0.1 the judgments deserve a second look.
    worst_judgments : list of (str, str, float, float)
        When ``cr`` exceeds 0.1: up to three comparisons (row id, column id, the given
        judgment, the ratio w_i/w_j the weights imply), furthest from the weights first.
        Empty otherwise.
    """

    weights: dict[str, float]
    lambda_max: float
    ci: float
    cr: float
    worst_judgments: list[tuple[str, str, float, float]] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        """True when the consistency ratio is at most 0.1."""
        return self.cr <= CR_THRESHOLD


def _check_pairwise(matrix: np.ndarray | Sequence[Sequence[float]], ids: Sequence[str]) -> np.ndarray:
    try:
        a = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError):
        raise EngineError(
            "the AHP matrix must be square and hold numbers only (3, or 1/3 as 0.333): "
            "one row and one column per criterion"
        ) from None
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        shape = "×".join(str(s) for s in a.shape)
        raise EngineError(f"the AHP matrix is {shape}: it must be square, one row and column per criterion")
    n = a.shape[0]
    if n != len(ids):
        raise EngineError(
            f"the AHP matrix is {n}×{n} but {len(ids)} criteria were named: give one row per criterion"
        )
    if n == 0:
        raise EngineError("the AHP matrix is empty: compare at least one criterion")
    if len(set(ids)) != n:
        raise EngineError("a criterion appears twice in the AHP matrix: name each once")
    if n > max(RANDOM_INDEX):
        raise EngineError(
            f"AHP has no standard random index for {n} criteria: compare at most 15 (group them)"
        )
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        i, j = np.argwhere(~np.isfinite(a) | (a <= 0))[0]
        raise EngineError(
            f"AHP entry ({ids[i]}, {ids[j]}) is {a[i, j]:g}: judgments must be positive (1/9 to 9)"
        )
    for i in range(n):
        if abs(a[i, i] - 1) > 1e-9:
            raise EngineError(
                f"AHP entry ({ids[i]}, {ids[i]}) is {a[i, i]:g}: a criterion compared with itself is 1"
            )
    for i in range(n):
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1) > _RECIPROCAL_TOLERANCE:
                raise EngineError(
                    f"AHP entries ({ids[i]}, {ids[j]}) = {a[i, j]:g} and ({ids[j]}, {ids[i]}) = {a[j, i]:g} "
                    f"are not reciprocal: make the second 1/{a[i, j]:g}"
                )
    outside = np.argwhere((a < 1 / 9 - 1e-3) | (a > 9 + 1e-9))
    if outside.size:
        i, j = outside[0]
        raise EngineError(f"AHP entry ({ids[i]}, {ids[j]}) is {a[i, j]:g}: Saaty's scale runs from 1/9 to 9")
    return a


def ahp(matrix: np.ndarray | Sequence[Sequence[float]], criterion_ids: Sequence[str]) -> AHPResult:
    """Weights from Saaty pairwise comparisons by the principal eigenvector.

    Parameters
    ----------
    matrix : array-like, shape (n, n)
        ``matrix[i][j]`` says how much more important criterion i is than j on Saaty's
        1–9 scale (1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme); the matrix is
        reciprocal (``matrix[j][i] == 1/matrix[i][j]``) with ones on the diagonal.
    criterion_ids : sequence of str
        Row/column ids, in order.

    Returns
    -------
    AHPResult

    Raises
    ------
    EngineError
        Not square, size not matching the ids, non-positive or non-reciprocal entries,
        diagonal not 1, an entry off the 1/9–9 scale, more than 15 criteria.

    References
    ----------
    Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill.
    Saaty, T. L. (1990). How to make a decision: the analytic hierarchy process.
    European Journal of Operational Research, 48(1), 9–26.
    """
    ids = list(criterion_ids)
    a = _check_pairwise(matrix, ids)
    n = len(ids)
    eigenvalues, eigenvectors = np.linalg.eig(a)
    k = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[k].real)
    vector = np.abs(eigenvectors[:, k].real)
    weights = vector / vector.sum()
    ci = max(0.0, (lambda_max - n) / (n - 1)) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    worst: list[tuple[str, str, float, float]] = []
    if cr > CR_THRESHOLD:
        pairs = [
            (abs(np.log(a[i, j]) - np.log(weights[i] / weights[j])), i, j)
            for i in range(n)
            for j in range(i + 1, n)
        ]
        pairs.sort(key=lambda p: -p[0])
        worst = [
            (ids[i], ids[j], float(a[i, j]), float(weights[i] / weights[j]))
            for _, i, j in pairs[:_WORST_COUNT]
        ]
    return AHPResult(
        weights={c: float(w) for c, w in zip(ids, weights, strict=True)},
        lambda_max=lambda_max,
        ci=float(ci),
        cr=float(cr),
        worst_judgments=worst,
    )


def aggregate_ahp(matrices: Sequence[np.ndarray | Sequence[Sequence[float]]]) -> np.ndarray:
    """Group judgments: the element-wise geometric mean of participants' pairwise matrices.

    The geometric mean keeps the result reciprocal, which the arithmetic mean does not.

    References
    ----------
    Aczél, J., & Saaty, T. L. (1983). Procedures for synthesizing ratio judgements.
    Journal of Mathematical Psychology, 27(1), 93–102.
    """
    if len(matrices) == 0:
        raise EngineError("no AHP matrices to aggregate: give at least one participant's matrix")
    stack = [np.asarray(mx, dtype=float) for mx in matrices]
    shapes = {s.shape for s in stack}
    if len(shapes) != 1:
        raise EngineError("AHP matrices differ in size: every participant must compare the same criteria")
    array = np.stack(stack)
    if array.ndim != 3 or array.shape[1] != array.shape[2]:
        raise EngineError("each AHP matrix must be square, one row and column per criterion")
    if not np.all(np.isfinite(array)) or np.any(array <= 0):
        raise EngineError("AHP judgments must be positive numbers (1/9 to 9)")
    from scipy.stats import gmean  # imported here: scipy.stats takes ~0.8 s to import

    return np.asarray(gmean(array, axis=0))
