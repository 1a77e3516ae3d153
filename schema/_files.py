"""The shapes of the files a pack is written in (one model per kind of file)."""

from __future__ import annotations

from pydantic import Field

from ._models import Assessment, Context, Criterion, Inject, Lens, Option, PackInfo, Source, Strict


class PackFile(Strict):
    """`pack.yaml`: the pack's own description."""

    info: PackInfo


class SourcesFile(Strict):
    """`sources.yaml`."""

    sources: list[Source] = Field(min_length=1)


class CriteriaFile(Strict):
    """`criteria.yaml`."""

    criteria: list[Criterion] = Field(min_length=1)


class ContextsFile(Strict):
    """`contexts.yaml`."""

    contexts: list[Context] = Field(default_factory=list)


class LensesFile(Strict):
    """`lenses.yaml`."""

    lenses: list[Lens] = Field(default_factory=list)


class InjectsFile(Strict):
    """`injects.yaml`."""

    injects: list[Inject] = Field(default_factory=list)


class AssessmentsFile(Strict):
    """`assessments.yaml`: how each side assesses the options."""

    assessments: list[Assessment] = Field(default_factory=list)


class SingleFilePack(Strict):
    """A whole pack in one YAML or JSON document."""

    info: PackInfo
    sources: list[Source] = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=1)
    options: list[Option] = Field(min_length=1)
    contexts: list[Context] = Field(default_factory=list)
    lenses: list[Lens] = Field(default_factory=list)
    injects: list[Inject] = Field(default_factory=list)
    assessments: list[Assessment] = Field(default_factory=list)


#: Reserved file stems in a pack folder and the model of each; every other YAML file is an option.
SECTION_FILES: dict[str, type[Strict]] = {
    "pack": PackFile,
    "sources": SourcesFile,
    "criteria": CriteriaFile,
    "contexts": ContextsFile,
    "lenses": LensesFile,
    "injects": InjectsFile,
    "assessments": AssessmentsFile,
}

#: The JSON Schema files committed in schema/json/, by file name.
SCHEMA_FILES: dict[str, type[Strict]] = {
    "pack.schema.json": PackFile,
    "sources.schema.json": SourcesFile,
    "criteria.schema.json": CriteriaFile,
    "contexts.schema.json": ContextsFile,
    "lenses.schema.json": LensesFile,
    "injects.schema.json": InjectsFile,
    "assessments.schema.json": AssessmentsFile,
    "option.schema.json": Option,
    "single-file-pack.schema.json": SingleFilePack,
}
