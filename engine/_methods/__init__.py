"""Ranking methods: each a small pure model plus a validating ``prepare_*`` wrapper."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from engine._errors import EngineError
from engine._matrix import DecisionMatrix
from engine._methods._base import Explanation, PreparedMethod
from engine._methods.promethee import prepare_promethee
from engine._methods.topsis import prepare_topsis
from engine._methods.wpm import prepare_wpm
from engine._methods.wsm import prepare_wsm

__all__ = ["METHODS", "METHOD_TITLES", "Explanation", "PreparedMethod", "prepare"]

METHODS: dict[str, Callable[..., PreparedMethod]] = {
    "wsm": prepare_wsm,
    "wpm": prepare_wpm,
    "topsis": prepare_topsis,
    "promethee": prepare_promethee,
}
METHOD_TITLES: dict[str, str] = {
    "wsm": "Weighted sum",
    "wpm": "Weighted product",
    "topsis": "TOPSIS",
    "promethee": "PROMETHEE II",
}


def _check_spans(matrix: DecisionMatrix) -> None:
    """Refuse a criterion whose range (scale or data) is too wide to subtract in floating point.

    A column spanning ±1e308 has a range of inf; every method would score from NaN.
    """
    if matrix.scale_min is not None and matrix.scale_max is not None:
        span = np.asarray(matrix.scale_max) - np.asarray(matrix.scale_min)
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            span = np.max(matrix.high, axis=0) - np.min(matrix.low, axis=0)
    bad = np.flatnonzero(~np.isfinite(span))
    if bad.size:
        name = matrix.criterion_names[int(bad[0])]
        raise EngineError(
            f"criterion {name}: its values span more than a computer number can hold: "
            "rescale the column (e.g. write it in millions)"
        )


def prepare(matrix: DecisionMatrix, method: str = "wsm", **options: Any) -> PreparedMethod:
    """Bind a method to a matrix, checking its name and options.

    Raises
    ------
    EngineError
        Unknown method, an option the method does not take, or values it cannot take.
    """
    if method not in METHODS:
        raise EngineError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    _check_spans(matrix)
    factory = METHODS[method]
    accepted = list(inspect.signature(factory).parameters)[1:]
    unknown = [k for k in options if k not in accepted]
    if unknown:
        takes = ", ".join(accepted) if accepted else "no options"
        raise EngineError(f"method {method!r} has no option {unknown[0]!r} (it takes {takes})")
    return factory(matrix, **options)
