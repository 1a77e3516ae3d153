"""Ranking methods: each a small pure model plus a validating ``prepare_*`` wrapper."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

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


def prepare(matrix: DecisionMatrix, method: str = "wsm", **options: Any) -> PreparedMethod:
    """Bind a method to a matrix, checking its name and options.

    Raises
    ------
    EngineError
        Unknown method, an option the method does not take, or values it cannot take.
    """
    if method not in METHODS:
        raise EngineError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    factory = METHODS[method]
    accepted = list(inspect.signature(factory).parameters)[1:]
    unknown = [k for k in options if k not in accepted]
    if unknown:
        takes = ", ".join(accepted) if accepted else "no options"
        raise EngineError(f"method {method!r} has no option {unknown[0]!r} (it takes {takes})")
    return factory(matrix, **options)
