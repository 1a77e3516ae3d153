"""Pydantic v2 models of a case pack.

A case pack is a folder of YAML files (or one YAML/JSON document) that describes policy
options, the criteria to judge them by, the sources behind every claim, the conditions a
user can switch (contexts), preset weightings (lenses) and war-game events (injects).

Every model forbids unknown fields, so a typo in a key is an error, not silently ignored.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = 1
SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
_SLUG_RE = re.compile(SLUG_PATTERN)


def _check_slug(value: str) -> str:
    if not _SLUG_RE.match(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lower-case letters, digits, '-' or '_' "
            "(e.g. 'strikes-labs' or 'civilian_harm')"
        )
    return value


Slug = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_check_slug)]
Text = Annotated[str, Field(max_length=20_000)]
Line = Annotated[str, Field(max_length=2_000)]
NonEmptyLine = Annotated[str, Field(min_length=1, max_length=2_000)]


class Strict(BaseModel):
    """Base for every pack model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)  # every number finite


class Citation(Strict):
    """A verbatim quote from a source, named by the source's id."""

    source: Slug = Field(description="Id of an entry in the pack's sources.")
    quote: NonEmptyLine = Field(
        description="Copied verbatim from the source; '…' may join pieces that appear in order."
    )
    note: Line = Field(default="", description="Optional editorial note on the quote.")


class SourceNote(Strict):
    """One numbered note (endnote) of a source, as printed in it."""

    number: int = Field(ge=1)
    text: Text


class Source(Strict):
    """A text the pack quotes. Unknown fields stay empty: never guess a date or URL."""

    id: Slug
    title: NonEmptyLine
    publisher: Line = ""
    authors: list[NonEmptyLine] = Field(default_factory=list)
    date: Line = Field(default="", description="As the source gives it; empty when unknown.")
    url: Line = ""
    description: Text = ""
    notes: list[SourceNote] = Field(default_factory=list)


class Anchor(Strict):
    """What a point on a criterion's scale means."""

    value: float
    meaning: NonEmptyLine


class Scale(Strict):
    """A numeric scale with anchored meanings for at least its bottom, middle and top."""

    min: float = Field(allow_inf_nan=False)  # .inf/.nan: "Input should be a finite number"
    max: float = Field(allow_inf_nan=False)
    anchors: list[Anchor] = Field(min_length=3, description="At least three: what the bottom (min), a middle "
                                  "value and the top (max) of the scale mean.")

    @model_validator(mode="after")
    def _anchors_cover_scale(self) -> Scale:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min:g}) must be below max ({self.max:g})")
        values = [a.value for a in self.anchors]
        for v in values:
            if not self.min <= v <= self.max:
                raise ValueError(
                    f"anchor value {v:g} is outside the scale {self.min:g}–{self.max:g}"
                )
        if self.min not in values or self.max not in values:
            raise ValueError(
                f"anchors must say what the bottom ({self.min:g}) and the top ({self.max:g}) "
                "of the scale mean"
            )
        if not any(self.min < v < self.max for v in values):
            raise ValueError("anchors must also say what a middle value of the scale means")
        if len(set(values)) != len(values):
            raise ValueError("two anchors have the same value: give each value one meaning")
        return self


class Criterion(Strict):
    """A criterion options are judged by. For a cost criterion a higher value is worse."""

    id: Slug
    name: NonEmptyLine
    definition: Text = Field(min_length=1)
    direction: Literal["benefit", "cost"]
    scale: Scale
    group: Line = ""


class Score(Strict):
    """An option's value on one criterion, with how sure it is and why."""

    value: float
    low: float | None = None
    high: float | None = None
    basis: Literal["cited", "judgment"] = Field(
        description="'cited': backed by the quotes in citations; 'judgment': an editorial "
        "estimate the user may override."
    )
    rationale: NonEmptyLine
    citations: list[Citation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_range_and_basis(self) -> Score:
        if (self.low is None) != (self.high is None):
            raise ValueError("give both low and high, or neither")
        if self.low is not None and self.high is not None:
            if self.low > self.high:
                raise ValueError(f"low ({self.low:g}) is above high ({self.high:g})")
            if not self.low <= self.value <= self.high:
                raise ValueError(
                    f"value {self.value:g} is outside its own range {self.low:g}–{self.high:g}"
                )
        if self.basis == "cited" and not self.citations:
            raise ValueError("a 'cited' score needs at least one citation; or mark it 'judgment'")
        if self.basis == "judgment" and self.low is None:
            raise ValueError(
                "a 'judgment' score needs a low–high range saying how sure the estimate is"
            )
        return self


class Risk(Strict):
    """A risk of an option, as a source states it."""

    title: NonEmptyLine
    description: Text = ""
    citations: list[Citation] = Field(min_length=1)
    criteria: list[Slug] = Field(default_factory=list, description="Criterion ids it bears on.")


class Stance(Strict):
    """A named person's or body's position on an option, shown by a quote."""

    actor: NonEmptyLine
    role: Line = ""
    position: Literal["supports", "opposes", "conditional"]
    condition: Line = Field(default="", description="For 'conditional': on what.")
    citation: Citation
    voice: Literal["own words", "reported"] = Field(
        default="own words",
        description="'reported' when the quote is a reporter's or another author's summary of "
        "the actor's position, not the actor's own words.",
    )


class Figure(Strict):
    """A number a source gives about an option."""

    label: NonEmptyLine
    value: NonEmptyLine
    citation: Citation


class Prerequisite(Strict):
    """Another option that must come first, with the citation that says so."""

    option: Slug
    citation: Citation


Applies = Literal["joint", "unilateral", "domestic"]


class Option(Strict):
    """One rung of the ladder."""

    id: Slug
    name: NonEmptyLine
    rung: int = Field(ge=0, le=1000, description="Position on the ladder, lowest first.")
    family: NonEmptyLine
    summary: NonEmptyLine
    description: Text = Field(min_length=1)
    applies: list[Applies] = Field(
        min_length=1,
        description="Where it applies: 'joint' with the host government's consent, "
        "'unilateral' without it, 'domestic' on home soil.",
    )
    sources_say: list[Citation] = Field(
        default_factory=list, description="What the sources say of it, in their words."
    )
    prerequisites: list[Prerequisite] = Field(default_factory=list)
    scores: dict[Slug, Score]
    risks: list[Risk] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    no_case_note: Line = Field(
        default="",
        description="Where the texts give this option no case on any criterion, say so here; "
        "the record check then names the option with this note instead of failing.",
    )

    @field_validator("applies")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("list each of joint/unilateral/domestic at most once")
        return value


class ScoreEffect(Strict):
    """How a context moves one score: value, low and high shift together, kept in scale."""

    option: Slug
    criterion: Slug
    shift: float = Field(description="Added to the score (negative lowers it).")
    reason: NonEmptyLine
    citation: Citation | None = None

    @field_validator("shift")
    @classmethod
    def _non_zero(cls, value: float) -> float:
        if value == 0:
            raise ValueError("a shift of 0 changes nothing: remove the effect or give a shift")
        return value


class Context(Strict):
    """A condition a user can switch on, with its effects on named scores."""

    id: Slug
    name: NonEmptyLine
    description: Text = ""
    exclusive_group: Slug | None = Field(
        default=None, description="Contexts sharing a group cannot be on together."
    )
    effects: list[ScoreEffect] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class Lens(Strict):
    """A preset weighting for role play: an interpretation, not the actor's own numbers."""

    id: Slug
    name: NonEmptyLine
    actor: NonEmptyLine
    label: NonEmptyLine = Field(
        description="Must say that the weights are an interpretation of the quotes."
    )
    rationale: Line = ""
    weights: dict[Slug, float]
    derived_from: list[Citation] = Field(min_length=1)
    assessment: Slug | None = Field(
        default=None,
        description="Id of the assessment this lens's actor holds (what it believes the options "
        "would do); none: the editors' scores.",
    )
    stance_actors: list[NonEmptyLine] = Field(
        default_factory=list,
        description="The 'actor' strings of the option stances this lens speaks for, exactly as "
        "written there; the record check compares the lens's ranking with those stances.",
    )

    @field_validator("label")
    @classmethod
    def _says_interpretation(cls, value: str) -> str:
        if "interpret" not in value.lower():
            raise ValueError(
                "the label must say the weights are an interpretation "
                "(e.g. 'Interpretation of the quotes below, not the actor's own numbers')"
            )
        return value

    @field_validator("weights")
    @classmethod
    def _weights_usable(cls, value: dict[str, float]) -> dict[str, float]:
        negative = [k for k, w in value.items() if w < 0]
        if negative:
            raise ValueError(f"weights must not be negative: {', '.join(negative)}")
        if value and not any(w > 0 for w in value.values()):
            raise ValueError("weights are all zero: give at least one criterion a positive weight")
        huge = [k for k, w in value.items() if w > MAX_LENS_WEIGHT]
        if huge:  # finite, but their sum can overflow; weights are relative, so small numbers say the same
            raise ValueError(f"weights above {MAX_LENS_WEIGHT:,.0f}: {', '.join(huge)}; weights are relative, so "
                             "scale them down (e.g. 3 and 1 instead of 3e300 and 1e300)")
        return value


#: The largest lens weight: weights are relative, and a sum of weights near the largest float overflows.
MAX_LENS_WEIGHT = 1e6


class Inject(Strict):
    """A war-game event that switches contexts on."""

    id: Slug
    title: NonEmptyLine
    description: Text = ""
    date: Line = Field(default="", description="As the sources give it; empty when unknown.")
    contexts: list[Slug] = Field(default_factory=list)
    citation: Citation | None = None


class Assessment(Strict):
    """How one side assesses the options: its own score cells, sourced like option scores.

    Cells it leaves out fall back to the editors' scores in the option files.
    """

    id: Slug
    name: NonEmptyLine = Field(description="Neutral and short, e.g. 'As the report assesses them'.")
    holder: NonEmptyLine = Field(description="Whose beliefs these are.")
    description: Text = ""
    cells: dict[Slug, dict[Slug, Score]] = Field(
        default_factory=dict, description="Option id -> criterion id -> score."
    )


class RecordCheckThresholds(Strict):
    """What the pack promises of its lenses and assessments (checked by `ladder record-check`)."""

    min_pair_agreement: float = Field(
        ge=0, le=1,
        description="Share of supported-above-opposed stance pairs each lens must rank the right "
        "way round (0–1).",
    )
    min_first_rank_acceptability: float = Field(
        ge=0, le=1,
        description="Least first-rank acceptability under unknown weights, with the supporter's "
        "assessment, of every option some actor supports (0–1).",
    )
    samples: int = Field(default=20_000, ge=100, le=1_000_000, description="SMAA samples.")
    seed: int = Field(default=1, ge=0, description="SMAA seed: the same seed gives the same numbers.")


class PackInfo(Strict):
    """The pack's own description."""

    schema_version: Literal[1] = Field(description="Version of the pack format (currently 1).")
    title: NonEmptyLine
    summary: Text = ""
    version: Line = ""
    record_check: RecordCheckThresholds | None = None


class Pack(Strict):
    """A whole case pack, after loading and cross-file checks."""

    info: PackInfo
    sources: list[Source]
    criteria: list[Criterion]
    options: list[Option]
    contexts: list[Context] = Field(default_factory=list)
    lenses: list[Lens] = Field(default_factory=list)
    injects: list[Inject] = Field(default_factory=list)
    assessments: list[Assessment] = Field(default_factory=list)

    # Convenience look-ups (not part of the format).
    def option(self, option_id: str) -> Option:
        return next(o for o in self.options if o.id == option_id)

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def assessment(self, assessment_id: str) -> Assessment:
        return next(a for a in self.assessments if a.id == assessment_id)

    def source_name(self, source_id: str) -> str:
        """Who a reader knows a source as: its publisher, else its first author, else its title's opening
        (the id itself for a source the pack lacks)."""
        source = next((s for s in self.sources if s.id == source_id), None)
        if source is None:
            return source_id
        words = source.title.split()
        return source.publisher or (source.authors[0] if source.authors else
                                    " ".join(words[:6]) + (" …" if len(words) > 6 else ""))

    def stance_who(self, stance: Stance, role: bool = True) -> str:
        """Whose position a stance shows, and, when its quote is a reporter's or another author's summary,
        whose words they are: "Donald Trump (as reported by Rolling Stone)"."""
        who = stance.actor + (f", {stance.role}" if role and stance.role else "")
        if stance.voice == "reported":
            source = next((s for s in self.sources if s.id == stance.citation.source), None)
            name = self.source_name(stance.citation.source)
            if source is not None and not (source.publisher or source.authors):  # source_name gave its title
                who += f" (as reported in “{name}”)"  # an unsigned piece: named by its title
            elif name not in stance.actor:  # "Analysts cited by Daria Novak" says it already
                who += f" (as reported by {name})"
        return who

    @property
    def ladder(self) -> list[Option]:
        """Options from the lowest rung to the highest."""
        return sorted(self.options, key=lambda o: o.rung)
