"""Case-pack format: pydantic models, the pack loader and the JSON Schemas.

Imports nothing else of the project's.
"""

from ._files import SCHEMA_FILES, SECTION_FILES, SingleFilePack
from ._jsonschema import json_schemas
from ._loader import (
    BUNDLED_PACK,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_TOTAL_BYTES,
    PackError,
    Problem,
    format_path,
    load_pack,
    load_pack_bytes,
    walk_citations,
)
from ._models import (
    SCHEMA_VERSION,
    Anchor,
    Assessment,
    Citation,
    Context,
    Criterion,
    Figure,
    Inject,
    Lens,
    Option,
    Pack,
    PackInfo,
    Prerequisite,
    RecordCheckThresholds,
    Risk,
    Scale,
    Score,
    ScoreEffect,
    Source,
    SourceNote,
    Stance,
)

__all__ = [
    "BUNDLED_PACK", "MAX_FILES", "MAX_FILE_BYTES", "MAX_TOTAL_BYTES", "SCHEMA_FILES",
    "SCHEMA_VERSION", "SECTION_FILES", "Anchor", "Assessment", "Citation", "Context", "Criterion", "Figure",
    "Inject", "Lens", "Option", "Pack", "PackError", "PackInfo", "Prerequisite", "Problem",
    "RecordCheckThresholds", "Risk", "Scale", "Score", "ScoreEffect", "SingleFilePack", "Source", "SourceNote", "Stance",
    "format_path", "json_schemas", "load_pack", "load_pack_bytes", "walk_citations",
]
