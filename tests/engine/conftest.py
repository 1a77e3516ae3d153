"""Small hand-made packs and matrices for the engine tests."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import engine
from schema import (
    Anchor,
    Citation,
    Context,
    Criterion,
    Lens,
    Option,
    Pack,
    PackInfo,
    Scale,
    Score,
    ScoreEffect,
    Source,
)

SCALE = Scale(
    min=1,
    max=5,
    anchors=[Anchor(value=1, meaning="low"), Anchor(value=3, meaning="mid"), Anchor(value=5, meaning="high")],
)
CITE = Citation(source="src", quote="a quote")


def score(value: float, low: float | None = None, high: float | None = None) -> Score:
    if low is None:
        return Score(value=value, basis="cited", rationale="cited", citations=[CITE])
    return Score(value=value, low=low, high=high, basis="judgment", rationale="estimate")


def make_pack(
    scores: dict[str, dict[str, Score]],
    directions: dict[str, str],
    contexts: list[Context] | None = None,
    lenses: list[Lens] | None = None,
) -> Pack:
    """A valid pack: options get rungs in the order given."""
    criteria = [
        Criterion(id=c, name=c.replace("-", " ").capitalize(), definition="d", direction=d, scale=SCALE)
        for c, d in directions.items()
    ]
    options = [
        Option(
            id=o,
            name=o.replace("-", " ").title(),
            rung=k,
            family="f",
            summary="s",
            description="d",
            applies=["joint"],
            scores=cells,
        )
        for k, (o, cells) in enumerate(scores.items())
    ]
    return Pack(
        info=PackInfo(schema_version=1, title="test"),
        sources=[Source(id="src", title="Source")],
        criteria=criteria,
        options=options,
        contexts=contexts or [],
        lenses=lenses or [],
    )


@pytest.fixture
def pack() -> Pack:
    """Three options, two benefit criteria and one cost criterion, with contexts and a lens."""
    contexts = [
        Context(
            id="drought",
            name="Drought",
            exclusive_group="weather",
            effects=[
                ScoreEffect(option="dam", criterion="benefit", shift=-1, reason="less water"),
                ScoreEffect(option="wells", criterion="cost", shift=3, reason="deeper wells"),
            ],
        ),
        Context(
            id="flood",
            name="Flood",
            exclusive_group="weather",
            effects=[
                ScoreEffect(option="dam", criterion="benefit", shift=1, reason="more water"),
            ],
        ),
        Context(
            id="boom",
            name="Boom",
            effects=[
                ScoreEffect(option="pipes", criterion="reach", shift=-2, reason="cheap labour"),
            ],
        ),
    ]
    lenses = [
        Lens(
            id="treasury",
            name="Treasury",
            actor="Treasury",
            label="An interpretation of the quotes",
            weights={"benefit": 1, "reach": 1, "cost": 2},
            derived_from=[CITE],
        )
    ]
    return make_pack(
        {
            "dam": {"benefit": score(4, 3, 5), "reach": score(2), "cost": score(4, 3, 5)},
            "wells": {"benefit": score(3, 2, 4), "reach": score(4), "cost": score(2)},
            "pipes": {"benefit": score(2), "reach": score(3, 2, 4), "cost": score(3, 2, 4)},
        },
        {"benefit": "benefit", "reach": "benefit", "cost": "cost"},
        contexts=contexts,
        lenses=lenses,
    )


@pytest.fixture
def make_matrix() -> Callable[..., engine.DecisionMatrix]:
    """matrix_from_arrays with a 1–5 scale on every criterion."""

    def build(
        values: list[list[float]], is_cost: list[bool] | None = None, **kw: object
    ) -> engine.DecisionMatrix:
        m = len(values[0])
        kw.setdefault("scale_min", [1.0] * m)
        kw.setdefault("scale_max", [5.0] * m)
        return engine.matrix_from_arrays(np.array(values, dtype=float), is_cost, **kw)  # type: ignore[arg-type]

    return build
