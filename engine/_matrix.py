"""The decision matrix: options × criteria, with each cell's range, basis and history."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine._errors import EngineError

__all__ = ["DecisionMatrix", "matrix_from_arrays", "slugify"]

BASES = ("cited", "judgment", "csv")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Turn a display name into an id: lower case, runs of other characters become '-'.

    >>> slugify("Civilian harm (risk)")
    'civilian-harm-risk'
    """
    slug = _NON_SLUG.sub("-", text.lower()).strip("-")
    return slug or "x"


def filled(shape: tuple[int, ...], value: object) -> np.ndarray:
    """A read-only array of ``shape`` holding ``value`` everywhere, without the memory."""
    return np.broadcast_to(np.array(value, dtype=object if isinstance(value, str) else None), shape)


def unchanged(shape: tuple[int, ...]) -> np.ndarray:
    """A read-only all-False ``changed`` mask."""
    return np.broadcast_to(np.False_, shape)


def _frozen(array: np.ndarray) -> np.ndarray:
    """A read-only array: the same one when it is already read-only and owns its data (or
    is one value broadcast, as :func:`filled` makes); otherwise a read-only copy."""
    if not array.flags.writeable and (array.base is None or not any(array.strides)):
        return array
    array = np.array(array, copy=True)
    array.setflags(write=False)
    return array


def _duplicates(items: Sequence[str]) -> list[str]:
    if len(set(items)) == len(items):
        return []
    seen: set[str] = set()
    repeated: set[str] = set()
    for item in items:
        (repeated if item in seen else seen).add(item)
    return sorted(repeated)


@dataclass(frozen=True, eq=False)
class DecisionMatrix:
    """Options (rows) scored on criteria (columns), ready for ranking.

    Arrays are read-only copies, so a matrix can be shared (and cached) safely.

    Attributes
    ----------
    option_ids, option_names : tuple of str
        One per row, in display order (for a pack: the ladder, lowest rung first).
    criterion_ids, criterion_names : tuple of str
        One per column.
    values, low, high : ndarray of float, shape (n, m)
        The score and its plausible range; ``low == high == value`` where a cell has
        no range.
    is_cost : ndarray of bool, shape (m,)
        True where a higher value is worse (a risk, a cost).
    scale_min, scale_max : ndarray of float, shape (m,), or None
        Each criterion's own scale (from a pack); None for a CSV matrix without one.
    basis : ndarray of object, shape (n, m)
        'cited', 'judgment' or 'csv'.
    rationale : ndarray of str, shape (n, m)
        One line on why the cell has its value ('' when none was given).
    changed : ndarray of bool, shape (n, m)
        True where a context or an override moved the cell.
    notes : list of str
        Plain sentences describing every applied context effect and override.
    contexts : tuple of str
        Ids of the contexts switched on.
    assessment : str or None
        Id of the pack assessment whose cells replaced the editors' scores (None: none did).
    """

    option_ids: tuple[str, ...]
    option_names: tuple[str, ...]
    criterion_ids: tuple[str, ...]
    criterion_names: tuple[str, ...]
    values: np.ndarray
    low: np.ndarray
    high: np.ndarray
    is_cost: np.ndarray
    scale_min: np.ndarray | None
    scale_max: np.ndarray | None
    basis: np.ndarray
    rationale: np.ndarray
    changed: np.ndarray
    notes: list[str] = field(default_factory=list)
    contexts: tuple[str, ...] = ()
    assessment: str | None = None

    def __post_init__(self) -> None:
        n, m = len(self.option_ids), len(self.criterion_ids)
        if n == 0:
            raise EngineError("the matrix has no options: add at least one option row")
        if m == 0:
            raise EngineError("the matrix has no criteria: add at least one criterion column")
        for name, ids in (("option", self.option_ids), ("criterion", self.criterion_ids)):
            dup = _duplicates(ids)
            if dup:
                raise EngineError(f"duplicate {name} id(s) {', '.join(dup)}: give each a unique id")
        if len(self.option_names) != n or len(self.criterion_names) != m:
            raise EngineError("names must match ids one to one")
        checked: dict[int, np.ndarray] = {}
        for name in ("values", "low", "high"):
            given = getattr(self, name)
            if id(given) in checked:  # low/high passed as the values array itself
                object.__setattr__(self, name, checked[id(given)])
                continue
            array = np.asarray(given, dtype=float)
            if array.shape != (n, m):
                raise EngineError(f"{name} has shape {array.shape}, expected ({n}, {m})")
            if not np.all(np.isfinite(array)):
                raise EngineError(f"{name} holds a missing or infinite number: give every cell a number")
            checked[id(given)] = _frozen(array)
            object.__setattr__(self, name, checked[id(given)])
        ranged = self.low is not self.values or self.high is not self.values
        bad = (
            np.argwhere((self.low > self.values) | (self.values > self.high)) if ranged else np.empty((0, 2))
        )
        if bad.size:
            i, j = bad[0]
            raise EngineError(
                f"{self.option_names[i]} / {self.criterion_names[j]}: value {self.values[i, j]:g} "
                f"is outside its range {self.low[i, j]:g}–{self.high[i, j]:g}"
            )
        is_cost = np.asarray(self.is_cost, dtype=bool)
        if is_cost.shape != (m,):
            raise EngineError(f"is_cost has shape {is_cost.shape}, expected ({m},)")
        object.__setattr__(self, "is_cost", _frozen(is_cost))
        self._check_scale(m)
        for name, dtype in (("basis", object), ("rationale", object), ("changed", bool)):
            array = np.asarray(getattr(self, name), dtype=dtype)
            if array.shape != (n, m):
                raise EngineError(f"{name} has shape {array.shape}, expected ({n}, {m})")
            object.__setattr__(self, name, _frozen(array))
        object.__setattr__(self, "option_ids", tuple(self.option_ids))
        object.__setattr__(self, "option_names", tuple(self.option_names))
        object.__setattr__(self, "criterion_ids", tuple(self.criterion_ids))
        object.__setattr__(self, "criterion_names", tuple(self.criterion_names))
        object.__setattr__(self, "notes", list(self.notes))
        object.__setattr__(self, "contexts", tuple(self.contexts))

    def _check_scale(self, m: int) -> None:
        if (self.scale_min is None) != (self.scale_max is None):
            raise EngineError("give both scale_min and scale_max, or neither")
        if self.scale_min is None or self.scale_max is None:
            return
        lo = np.asarray(self.scale_min, dtype=float)
        hi = np.asarray(self.scale_max, dtype=float)
        if lo.shape != (m,) or hi.shape != (m,):
            raise EngineError(f"scale_min and scale_max need one number per criterion ({m})")
        for j in range(m):
            if not (np.isfinite(lo[j]) and np.isfinite(hi[j])):
                raise EngineError(
                    f"criterion {self.criterion_names[j]}: scale {lo[j]:g}–{hi[j]:g} is not a pair of "
                    "finite numbers: give the scale's real bottom and top"
                )
            if not lo[j] < hi[j]:
                raise EngineError(
                    f"criterion {self.criterion_names[j]}: scale min {lo[j]:g} must be below "
                    f"scale max {hi[j]:g}"
                )
        outside = np.argwhere((self.low < lo) | (self.high > hi))
        if outside.size:
            i, j = outside[0]
            raise EngineError(
                f"{self.option_names[i]} / {self.criterion_names[j]}: range "
                f"{self.low[i, j]:g}–{self.high[i, j]:g} leaves the scale {lo[j]:g}–{hi[j]:g}"
            )
        object.__setattr__(self, "scale_min", _frozen(lo))
        object.__setattr__(self, "scale_max", _frozen(hi))

    # ------------------------------------------------------------------ look-ups
    @property
    def shape(self) -> tuple[int, int]:
        """(number of options, number of criteria)."""
        return self.values.shape  # type: ignore[return-value]

    @property
    def has_scale(self) -> bool:
        """True when every criterion has its own scale bounds (a pack matrix)."""
        return self.scale_min is not None

    @property
    def uncertain(self) -> np.ndarray:
        """Boolean (n, m) mask of the cells with a range (low < high)."""
        return self.low < self.high

    def option_index(self, option_id: str) -> int:
        """Row of an option id; EngineError naming the known ids when it is unknown."""
        try:
            return self.option_ids.index(option_id)
        except ValueError:
            raise EngineError(
                f"unknown option {option_id!r}: use one of {', '.join(self.option_ids)}"
            ) from None

    def criterion_index(self, criterion_id: str) -> int:
        """Column of a criterion id; EngineError naming the known ids when it is unknown."""
        try:
            return self.criterion_ids.index(criterion_id)
        except ValueError:
            raise EngineError(
                f"unknown criterion {criterion_id!r}: use one of {', '.join(self.criterion_ids)}"
            ) from None

    def option_name(self, option_id: str) -> str:
        """Display name of an option id."""
        return self.option_names[self.option_index(option_id)]

    def criterion_name(self, criterion_id: str) -> str:
        """Display name of a criterion id."""
        return self.criterion_names[self.criterion_index(criterion_id)]

    # ------------------------------------------------------------------ views
    def to_frame(self) -> pd.DataFrame:
        """Values as a wide table: one row per option id, one column per criterion id."""
        frame = pd.DataFrame(
            np.array(self.values),
            index=pd.Index(self.option_ids, name="option"),
            columns=pd.Index(self.criterion_ids, name="criterion"),
        )
        return frame

    def to_long_frame(self) -> pd.DataFrame:
        """Every cell as one row: option, criterion, value, low, high, basis, changed, rationale."""
        n, m = self.shape
        return pd.DataFrame(
            {
                "option": np.repeat(self.option_ids, m),
                "criterion": np.tile(self.criterion_ids, n),
                "value": self.values.ravel(),
                "low": self.low.ravel(),
                "high": self.high.ravel(),
                "basis": self.basis.ravel(),
                "changed": self.changed.ravel(),
                "rationale": self.rationale.ravel(),
            }
        )

    def select_options(self, option_ids: Sequence[str]) -> DecisionMatrix:
        """A matrix with only the given options, in the given order."""
        rows = [self.option_index(o) for o in option_ids]
        return DecisionMatrix(
            option_ids=tuple(self.option_ids[i] for i in rows),
            option_names=tuple(self.option_names[i] for i in rows),
            criterion_ids=self.criterion_ids,
            criterion_names=self.criterion_names,
            values=self.values[rows],
            low=self.low[rows],
            high=self.high[rows],
            is_cost=self.is_cost,
            scale_min=self.scale_min,
            scale_max=self.scale_max,
            basis=self.basis[rows],
            rationale=self.rationale[rows],
            changed=self.changed[rows],
            notes=list(self.notes),
            contexts=self.contexts,
            assessment=self.assessment,
        )


def _ids_for(names: Sequence[str]) -> tuple[str, ...]:
    """Ids from names, made unique with -2, -3… ."""
    ids: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = slugify(name)
        candidate, k = base, 2
        while candidate in taken:
            candidate, k = f"{base}-{k}", k + 1
        ids.append(candidate)
        taken.add(candidate)
    return tuple(ids)


def matrix_from_arrays(
    values: Sequence[Sequence[float]] | np.ndarray,
    is_cost: Sequence[bool] | np.ndarray | None = None,
    *,
    option_names: Sequence[str] | None = None,
    criterion_names: Sequence[str] | None = None,
    option_ids: Sequence[str] | None = None,
    criterion_ids: Sequence[str] | None = None,
    low: np.ndarray | None = None,
    high: np.ndarray | None = None,
    scale_min: Sequence[float] | np.ndarray | None = None,
    scale_max: Sequence[float] | np.ndarray | None = None,
    basis: str = "csv",
) -> DecisionMatrix:
    """Build a :class:`DecisionMatrix` from plain arrays (for CSV data, tests and benchmarks).

    Parameters
    ----------
    values : array-like, shape (n, m)
        The scores.
    is_cost : array-like of bool, shape (m,), optional
        True for criteria where higher is worse; all benefit when omitted.
    option_names, criterion_names : sequence of str, optional
        Display names; default 'A1'…, 'C1'….
    option_ids, criterion_ids : sequence of str, optional
        Ids; default: derived from the names.
    low, high : array-like, shape (n, m), optional
        Ranges; default: no range (equal to ``values``).
    scale_min, scale_max : array-like, shape (m,), optional
        Criterion scales; without them, methods that need bounds use the data's min–max.
    basis : str
        Basis recorded for every cell.
    """
    vals = np.array(values, dtype=float)  # our own copy, frozen without a second one
    vals.setflags(write=False)
    if vals.ndim != 2:
        raise EngineError(f"values must be a 2-D table (options × criteria), got {vals.ndim}-D")
    n, m = vals.shape
    names_o = tuple(option_names) if option_names is not None else tuple(f"A{i + 1}" for i in range(n))
    names_c = tuple(criterion_names) if criterion_names is not None else tuple(f"C{j + 1}" for j in range(m))
    if option_ids is None:
        option_ids = tuple(f"a{i + 1}" for i in range(n)) if option_names is None else _ids_for(names_o)
    if criterion_ids is None:
        criterion_ids = tuple(f"c{j + 1}" for j in range(m)) if criterion_names is None else _ids_for(names_c)
    return DecisionMatrix(
        option_ids=tuple(option_ids),
        option_names=names_o,
        criterion_ids=tuple(criterion_ids),
        criterion_names=names_c,
        values=vals,
        low=vals if low is None else np.asarray(low, dtype=float),
        high=vals if high is None else np.asarray(high, dtype=float),
        is_cost=np.zeros(m, dtype=bool) if is_cost is None else np.asarray(is_cost, dtype=bool),
        scale_min=None if scale_min is None else np.asarray(scale_min, dtype=float),
        scale_max=None if scale_max is None else np.asarray(scale_max, dtype=float),
        basis=filled((n, m), basis),
        rationale=filled((n, m), ""),
        changed=unchanged((n, m)),
    )
