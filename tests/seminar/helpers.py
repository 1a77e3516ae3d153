"""Small helpers shared by the seminar tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import func, select

import seminar
from seminar._tables import Base


def mean_of_normalised(
    weights: Sequence[Mapping[str, float]], criterion_ids: Sequence[str]
) -> dict[str, float]:
    """The group weights as the engine defines them: the mean of each participant's
    weights normalised to sum to 1 (recomputed here independently of the engine)."""
    if not weights:
        raise ValueError("no weights to aggregate")
    totals = dict.fromkeys(criterion_ids, 0.0)
    for one in weights:
        scale = sum(one[c] for c in criterion_ids)
        for c in criterion_ids:
            totals[c] += one[c] / scale
    return {c: totals[c] / len(weights) for c in criterion_ids}


def count_rows(store: seminar.RoomStore, table: str) -> int:
    with store.engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(Base.metadata.tables[table])).scalar_one()
        )


def dump(store: seminar.RoomStore) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table: equal before and after a refused action means nothing was written."""
    with store.engine.connect() as connection:
        return {
            name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for name, table in Base.metadata.tables.items()
        }
