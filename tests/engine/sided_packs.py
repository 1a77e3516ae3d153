"""Packs made for the perspectives, record-check and balance tests, with results known by hand.

``two_sides()``: options strike, talks, wall; criteria effect (benefit), harm (cost), 1–5.
Utilities u = (x − 1)/4, turned around for harm. Two assessments, four lenses:

=========  ===================  ==========  ===============================================
lens       weights effect:harm  assessment  first option
=========  ===================  ==========  ===============================================
hawk       1:1                  hawks       strike (.8125) over talks (.75), wall (.5)
dove       1:1                  doves       talks (.875) over wall (.5), strike (.25)
builder    1:0                  hawks       wall (1.0) over strike (.875)
guardian   0:1                  doves       talks (1.0)
=========  ===================  ==========  ===============================================

hawk vs dove differ only in their assessments (a disagreement about facts); builder vs
guardian keep their first option under either assessment (about values).

``lp_pack()``: criteria c1, c2, c3 (benefit, 0–10, so u = x/10); one lens whose actor
supports P and R and opposes Q:  u_P − u_Q = (.2, −.1, 0) gives w2 ≤ 2 w1;
u_R − u_Q = (−.1, 0, .1) gives w3 ≥ w1. On the simplex the consistent weights are, by hand,
w1 ∈ [0, 1/2], w2 ∈ [0, 1/2], w3 ∈ [1/4, 1]. The lens's weights (2, 1, 1) put P above Q
(1.9 vs 1.6 over 4) but R below Q (1.5): 1 of 2 pairs right.

``conflict_pack()``: the same criteria; the actor supports A, B and S and opposes C.
u_S − u_C < 0 everywhere (no weighting explains S over C, alone); A over C needs
w1 ≥ 2 w2 + w3 and B over C needs w2 ≥ 2 w1 + w3, which together force w = 0: the
minimal conflicting set is {A over C, B over C}.
"""

from __future__ import annotations

from schema import (
    Anchor,
    Assessment,
    Citation,
    Criterion,
    Lens,
    Option,
    Pack,
    PackInfo,
    RecordCheckThresholds,
    Scale,
    Score,
    Source,
    Stance,
)

CITE = Citation(source="src", quote="a quote")


def _scale(low: float, high: float) -> Scale:
    return Scale(min=low, max=high, anchors=[Anchor(value=low, meaning="low"),
                                             Anchor(value=(low + high) / 2, meaning="mid"),
                                             Anchor(value=high, meaning="high")])


def cited(value: float, rationale: str = "cited") -> Score:
    return Score(value=value, basis="cited", rationale=rationale, citations=[CITE])


def stance(actor: str, position: str) -> Stance:
    return Stance(actor=actor, position=position, citation=CITE)  # type: ignore[arg-type]


def option(ident: str, rung: int, scores: dict[str, float], stances: list[Stance] | None = None,
           **extra: object) -> Option:
    return Option(id=ident, name=ident.capitalize(), rung=rung, family="f", summary="s", description="d",
                  applies=["joint"], scores={c: cited(v) for c, v in scores.items()},
                  stances=stances or [], **extra)  # type: ignore[arg-type]


def lens(ident: str, actor: str, weights: dict[str, float], assessment: str | None = None,
         stance_actors: list[str] | None = None) -> Lens:
    return Lens(id=ident, name=ident.capitalize(), actor=actor, label="An interpretation of the quotes",
                weights=weights, derived_from=[CITE], assessment=assessment, stance_actors=stance_actors or [])


def two_sides(thresholds: RecordCheckThresholds | None = None) -> Pack:
    criteria = [
        Criterion(id="effect", name="Effect", definition="d", direction="benefit", scale=_scale(1, 5)),
        Criterion(id="harm", name="Harm", definition="d", direction="cost", scale=_scale(1, 5)),
    ]
    options = [
        option("talks", 0, {"effect": 3, "harm": 1},
               [stance("Dove", "supports"), stance("Hawk", "opposes")]),
        option("wall", 1, {"effect": 5, "harm": 5}, [stance("Dove", "opposes"), stance("Builder", "supports")]),
        option("strike", 2, {"effect": 2, "harm": 4},
               [stance("Hawk", "supports"), stance("Dove", "opposes")]),
    ]
    assessments = [
        Assessment(id="hawks", name="As the hawks assess them", holder="The hawks",
                   cells={"strike": {"effect": cited(4.5, "Hawks expect a big effect."),
                                     "harm": cited(2, "Hawks expect little harm.")}}),
        Assessment(id="doves", name="As the doves assess them", holder="The doves",
                   cells={"talks": {"effect": cited(4, "Doves expect talks to work.")}}),
    ]
    lenses = [
        lens("hawk", "Hawk", {"effect": 1, "harm": 1}, "hawks", ["Hawk"]),
        lens("dove", "Dove", {"effect": 1, "harm": 1}, "doves", ["Dove"]),
        lens("builder", "Builder", {"effect": 1, "harm": 0}, "hawks"),
        lens("guardian", "Guardian", {"effect": 0, "harm": 1}, "doves"),
    ]
    return Pack(info=PackInfo(schema_version=1, title="two sides", record_check=thresholds),
                sources=[Source(id="src", title="Source")], criteria=criteria, options=options,
                lenses=lenses, assessments=assessments)


def _three_criteria() -> list[Criterion]:
    return [Criterion(id=c, name=c.upper(), definition="d", direction="benefit", scale=_scale(0, 10))
            for c in ("c1", "c2", "c3")]


def lp_pack() -> Pack:
    options = [
        option("p", 0, {"c1": 5, "c2": 4, "c3": 5}, [stance("Actor", "supports")]),
        option("q", 1, {"c1": 3, "c2": 5, "c3": 5}, [stance("Actor", "opposes")]),
        option("r", 2, {"c1": 2, "c2": 5, "c3": 6}, [stance("Actor", "supports")]),
    ]
    return Pack(info=PackInfo(schema_version=1, title="lp"), sources=[Source(id="src", title="Source")],
                criteria=_three_criteria(), options=options,
                lenses=[lens("actor", "Actor", {"c1": 2, "c2": 1, "c3": 1}, stance_actors=["Actor"])])


def conflict_pack() -> Pack:
    options = [
        option("a", 0, {"c1": 6, "c2": 3, "c3": 4}, [stance("Actor", "supports")]),
        option("b", 1, {"c1": 3, "c2": 6, "c3": 4}, [stance("Actor", "supports")]),
        option("s", 2, {"c1": 4, "c2": 4, "c3": 4}, [stance("Actor", "supports")]),
        option("c", 3, {"c1": 5, "c2": 5, "c3": 5}, [stance("Actor", "opposes")]),
    ]
    return Pack(info=PackInfo(schema_version=1, title="conflict"), sources=[Source(id="src", title="Source")],
                criteria=_three_criteria(), options=options,
                lenses=[lens("actor", "Actor", {"c1": 1, "c2": 1, "c3": 1}, stance_actors=["Actor"])])
