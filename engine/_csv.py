"""Plain CSV in and out: a spreadsheet matrix to rank, a pack's matrix to export, AHP judgments.

Matrix layout (one header row, then labelled rows in any order)::

    option,   Cost, Cost [low], Cost [high], Harm
    direction, min,           ,            , max
    weight,      2,           ,            , 1        <- optional
    scale_min,   1,           ,            , 1        <- optional, with scale_max
    scale_max,   5,           ,            , 5
    Strikes,     3,          2,           4, 5

The first column names the options; ``direction`` is ``max`` (higher is better) or
``min`` (higher is worse; ``benefit``/``cost`` also work). ``<name> [low]`` and
``<name> [high]`` columns are optional ranges for criterion ``<name>``; an empty range
cell means no range.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from engine._errors import EngineError
from engine._matrix import DecisionMatrix, _ids_for, filled, unchanged

__all__ = ["matrix_from_csv", "matrix_to_csv", "read_pairwise_csv"]

_DIRECTIONS = {"max": False, "benefit": False, "min": True, "cost": True}
_SPECIAL = {
    "direction": "direction",
    "weight": "weight",
    "weights": "weight",
    "scale_min": "scale_min",
    "scale min": "scale_min",
    "scale_max": "scale_max",
    "scale max": "scale_max",
}
_LOW, _HIGH = " [low]", " [high]"


def _rows(text: str, what: str) -> list[tuple[int, list[str]]]:
    """Non-blank rows with their 1-based line numbers, cells stripped of spaces."""
    if not text.strip():
        raise EngineError(f"the {what} CSV is empty: give a header row and one row per option")
    first = text.strip().splitlines()[0]
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    for row in reader:
        cells = [c.strip() for c in row]
        if any(cells):
            rows.append((reader.line_num, cells))
    return rows


def _fit(cells: list[str], width: int, line: int) -> list[str]:
    """The row cut to the header's width; EngineError for a ragged row."""
    if len(cells) < width or any(cells[width:]):
        raise EngineError(
            f"line {line} has {len(cells)} cells but the header has {width}: "
            "every row needs one cell per column"
        )
    return cells[:width]


def _number(cell: str, where: str) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise EngineError(f"{where}: {cell!r} is not a number") from None
    if not math.isfinite(value):
        raise EngineError(f"{where}: {cell!r} is not a finite number")
    return value


def _columns(header: list[str], line: int) -> tuple[list[int], dict[int, int], dict[int, int], list[str]]:
    names = header[1:]
    if not names:
        raise EngineError(
            f"line {line}: the header row names no criteria: put criterion names after the first cell"
        )
    for k, name in enumerate(names, start=2):
        if not name:
            raise EngineError(f"line {line}: column {k} of the header is empty: name every column")
    plain = [k for k, name in enumerate(names) if not name.lower().endswith((_LOW, _HIGH))]
    plain_names = [names[k] for k in plain]
    repeated = sorted({x for x in plain_names if plain_names.count(x) > 1})
    if repeated:
        raise EngineError(
            f"line {line}: criterion {repeated[0]!r} appears twice in the header: name each once"
        )
    low_of: dict[int, int] = {}
    high_of: dict[int, int] = {}
    for k, name in enumerate(names):
        lowered = name.lower()
        for suffix, target in ((_LOW, low_of), (_HIGH, high_of)):
            if lowered.endswith(suffix):
                base = name[: -len(suffix)].strip()
                if base not in plain_names:
                    raise EngineError(
                        f"line {line}: column {name!r} has no criterion column {base!r}: "
                        "name it after an existing criterion"
                    )
                target[plain[plain_names.index(base)]] = k
    return plain, low_of, high_of, plain_names


def matrix_from_csv(text: str) -> tuple[DecisionMatrix, dict[str, float] | None]:
    """Read a decision matrix (and optional weights) from CSV text.

    Returns
    -------
    matrix : DecisionMatrix
        Ids are derived from the names (lower case, '-' for other characters).
        Without ``scale_min``/``scale_max`` rows the matrix has no scales, and the
        weighted sum then normalises min–max over the options' values.
    weights : dict of criterion id to float, or None
        The ``weight`` row as given (not normalised), or None without one.

    Raises
    ------
    EngineError
        With a one-line reason: empty text, ragged row, non-number (row and column
        named), missing or bad direction row, repeated names, low/value/high out of order.
    """
    rows = _rows(text, "matrix")
    header_line, header = rows[0]
    while header and not header[-1]:
        header.pop()
    plain, low_of, high_of, names = _columns(header, header_line)
    width = len(header)
    special: dict[str, tuple[int, list[str]]] = {}
    option_rows: list[tuple[int, list[str]]] = []
    for line, cells in rows[1:]:
        cells = _fit(cells, width, line)
        label = cells[0].lower()
        if label in _SPECIAL:
            key = _SPECIAL[label]
            if key in special:
                raise EngineError(f"line {line}: a second {key!r} row: give it once")
            special[key] = (line, cells)
        elif not cells[0]:
            raise EngineError(f"line {line}: the first cell is empty: name the option")
        else:
            option_rows.append((line, cells))
    if "direction" not in special:
        raise EngineError("no 'direction' row: add a row named direction with max or min for each criterion")
    if not option_rows:
        raise EngineError("no option rows: add one row per option after the header")

    line, cells = special["direction"]
    is_cost = []
    for k, name in zip(plain, names, strict=True):
        word = cells[k + 1].lower()
        if word not in _DIRECTIONS:
            raise EngineError(f"line {line}, column {name!r}: direction {cells[k + 1]!r} must be max or min")
        is_cost.append(_DIRECTIONS[word])

    def criterion_row(key: str) -> list[float] | None:
        if key not in special:
            return None
        where_line, row = special[key]
        out = []
        for k, name in zip(plain, names, strict=True):
            if not row[k + 1]:
                raise EngineError(
                    f"line {where_line}, {key} row, column {name!r}: the cell is empty: give a number"
                )
            out.append(_number(row[k + 1], f"line {where_line}, {key} row, column {name!r}"))
        return out

    weights = criterion_row("weight")
    scale_min, scale_max = criterion_row("scale_min"), criterion_row("scale_max")
    if (scale_min is None) != (scale_max is None):
        raise EngineError("give both a scale_min and a scale_max row, or neither")

    option_names = [cells[0] for _, cells in option_rows]
    repeated = sorted({x for x in option_names if option_names.count(x) > 1})
    if repeated:
        raise EngineError(f"option {repeated[0]!r} appears twice: give each option one row")
    n, m = len(option_rows), len(plain)
    values, low, high = np.empty((n, m)), np.empty((n, m)), np.empty((n, m))
    for i, (line, cells) in enumerate(option_rows):
        for j, (k, name) in enumerate(zip(plain, names, strict=True)):
            where = f"line {line}, row {cells[0]!r}, column {name!r}"
            if not cells[k + 1]:
                raise EngineError(f"{where}: the cell is empty: give a number")
            values[i, j] = _number(cells[k + 1], where)
            low[i, j] = high[i, j] = values[i, j]
            if k in low_of and cells[low_of[k] + 1]:
                low[i, j] = _number(cells[low_of[k] + 1], f"{where} [low]")
            if k in high_of and cells[high_of[k] + 1]:
                high[i, j] = _number(cells[high_of[k] + 1], f"{where} [high]")
            if not low[i, j] <= values[i, j] <= high[i, j]:
                raise EngineError(
                    f"{where}: value {values[i, j]:g} is outside its range {low[i, j]:g}–{high[i, j]:g}"
                )

    criterion_ids = _ids_for(names)
    matrix = DecisionMatrix(
        option_ids=_ids_for(option_names),
        option_names=tuple(option_names),
        criterion_ids=criterion_ids,
        criterion_names=tuple(names),
        values=values,
        low=low,
        high=high,
        is_cost=np.array(is_cost, dtype=bool),
        scale_min=None if scale_min is None else np.array(scale_min),
        scale_max=None if scale_max is None else np.array(scale_max),
        basis=filled((n, m), "csv"),
        rationale=filled((n, m), ""),
        changed=unchanged((n, m)),
    )
    weight_map = None if weights is None else dict(zip(criterion_ids, weights, strict=True))
    return matrix, weight_map


def _fmt(x: float) -> str:
    return f"{x:.12g}"


def matrix_to_csv(matrix: DecisionMatrix, weights: Mapping[str, float] | None = None) -> str:
    """The matrix as CSV (value, low and high per cell) that :func:`matrix_from_csv` reads back.

    Parameters
    ----------
    matrix : DecisionMatrix
    weights : mapping of criterion id to number, optional
        Written as a ``weight`` row when given.
    """
    header = ["option"]
    for name in matrix.criterion_names:
        header += [name, name + _LOW, name + _HIGH]

    def per_criterion(label: str, cells: Sequence[str]) -> list[str]:
        row = [label]
        for cell in cells:
            row += [cell, "", ""]
        return row

    rows = [header, per_criterion("direction", ["min" if c else "max" for c in matrix.is_cost])]
    if weights is not None:
        rows.append(per_criterion("weight", [_fmt(float(weights.get(c, 0.0))) for c in matrix.criterion_ids]))
    if matrix.scale_min is not None and matrix.scale_max is not None:
        rows.append(per_criterion("scale_min", [_fmt(x) for x in matrix.scale_min]))
        rows.append(per_criterion("scale_max", [_fmt(x) for x in matrix.scale_max]))
    for i, name in enumerate(matrix.option_names):
        row = [name]
        for j in range(matrix.shape[1]):
            row += [_fmt(matrix.values[i, j]), _fmt(matrix.low[i, j]), _fmt(matrix.high[i, j])]
        rows.append(row)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _judgment(cell: str, where: str) -> float:
    try:
        value = float(Fraction(cell.replace(" ", "")))
    except (ValueError, ZeroDivisionError):
        raise EngineError(f"{where}: {cell!r} is not a number (write 3, 1/3 or 0.333)") from None
    except OverflowError:  # e.g. 1e400: too large for a float
        raise EngineError(f"{where}: {cell!r} is off Saaty's scale (1/9 to 9)") from None
    if not math.isfinite(value):
        raise EngineError(f"{where}: {cell!r} is off Saaty's scale (1/9 to 9)")
    return value


def read_pairwise_csv(text: str) -> tuple[np.ndarray, list[str], list[str]]:
    """Read an AHP pairwise comparison matrix from CSV.

    The header row and the first column name the criteria in the same order; cells
    hold Saaty judgments (3, 1/3, 0.333). An empty cell is filled with the reciprocal
    of its mirror cell, an empty diagonal with 1.

    Returns
    -------
    matrix : ndarray, shape (n, n)
    ids : list of str
        Derived from the names.
    names : list of str

    Raises
    ------
    EngineError
        Not square, row names not matching the header, a non-number, a cell and its
        mirror both empty.
    """
    rows = _rows(text, "AHP")
    header_line, header = rows[0]
    while header and not header[-1]:
        header.pop()
    names = header[1:]
    n = len(names)
    body = rows[1:]
    if n == 0:
        raise EngineError(f"line {header_line}: the header names no criteria")
    if len(body) != n:
        raise EngineError(
            f"the AHP matrix has {len(body)} rows but {n} columns: it must be square, one row per criterion"
        )
    a = np.full((n, n), np.nan)
    for i, (line, cells) in enumerate(body):
        cells = _fit(cells, n + 1, line)
        if cells[0] != names[i]:
            raise EngineError(
                f"line {line}: row {cells[0]!r} should be {names[i]!r}: list rows in the header's order"
            )
        for j, cell in enumerate(cells[1:]):
            if cell:
                a[i, j] = _judgment(cell, f"line {line}, row {names[i]!r}, column {names[j]!r}")
    for i in range(n):
        if np.isnan(a[i, i]):
            a[i, i] = 1.0
        for j in range(n):
            if np.isnan(a[i, j]):
                if np.isnan(a[j, i]):
                    raise EngineError(
                        f"AHP cells ({names[i]}, {names[j]}) and ({names[j]}, {names[i]}) "
                        "are both empty: fill one"
                    )
                a[i, j] = 1.0 / a[j, i] if a[j, i] != 0 else np.inf
    return a, list(_ids_for(names)), list(names)
