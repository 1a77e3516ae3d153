"""JSON Schemas of the pack files, generated from the models and committed in schema/json/."""

from __future__ import annotations

import json
from pathlib import Path

from ._files import SCHEMA_FILES

SCHEMA_DIR = Path(__file__).resolve().parent / "json"


def json_schemas() -> dict[str, str]:
    """File name -> JSON text of each schema, exactly as committed."""
    out: dict[str, str] = {}
    for name, model in SCHEMA_FILES.items():
        schema = model.model_json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def write_json_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Regenerate the committed schemas (``python -m schema``)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in json_schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
