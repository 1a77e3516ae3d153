"""The template pack offered for download on the Your pack page."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import engine
from schema import BUNDLED_PACK, json_schemas, load_pack

TEMPLATE_DIR = Path(__file__).resolve().parent / "template_pack"
FORMAT_DOC = Path(__file__).resolve().parent.parent / "docs" / "pack-format.md"


def template_zip() -> bytes:
    """The template pack folder as a zip (the same shape an upload expects)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(TEMPLATE_DIR.glob("*.yaml")):
            archive.write(path, f"template-pack/{path.name}")
        for name, text in json_schemas().items():  # the files' first lines point editors here
            archive.writestr(f"template-pack/schema/{name}", text)
        archive.write(FORMAT_DOC, "template-pack/pack-format.md")  # the format the errors refer to
    return buffer.getvalue()


def example_csv() -> str:
    """The bundled case as a CSV matrix (with its scales and equal weights): an example to copy."""
    pack = load_pack(BUNDLED_PACK)
    matrix = engine.matrix_from_pack(pack)
    return engine.matrix_to_csv(matrix, {c.id: 1.0 for c in pack.criteria})


def upload_text(data: bytes) -> str:
    """An uploaded text file's contents; a file that is not UTF-8 is refused with its line and how to save it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValueError(f"line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}): save the file as UTF-8 "
                         "(\"CSV UTF-8\" in a spreadsheet's Save As) and upload it again") from None


def pack_counts(pack) -> str:
    """What a valid pack holds, in words: "2 options, 2 criteria, 1 source, 1 context, 2 lenses, 1 inject,
    2 assessments" (the parts a pack leaves out are not named)."""
    parts = [(len(pack.options), "option", "options"), (len(pack.criteria), "criterion", "criteria"),
             (len(pack.sources), "source", "sources"), (len(pack.contexts), "context", "contexts"),
             (len(pack.lenses), "lens", "lenses"), (len(pack.injects), "inject", "injects"),
             (len(pack.assessments), "assessment", "assessments")]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n or one in {"option", "criterion"})
