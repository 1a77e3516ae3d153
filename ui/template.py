"""The template pack offered for download on the Your pack page."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from schema import json_schemas

TEMPLATE_DIR = Path(__file__).resolve().parent / "template_pack"


def template_zip() -> bytes:
    """The template pack folder as a zip (the same shape an upload expects)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(TEMPLATE_DIR.glob("*.yaml")):
            archive.write(path, f"template-pack/{path.name}")
        for name, text in json_schemas().items():  # the files' first lines point editors here
            archive.writestr(f"template-pack/schema/{name}", text)
    return buffer.getvalue()
