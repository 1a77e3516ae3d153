"""The dependency direction of the guide: ui/cli -> seminar -> engine -> schema; only ui imports streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import schema
from tests._deps import REPO

PACKAGES = ["schema", "engine", "seminar", "ui", "cli"]
MAY_IMPORT = {
    "schema": set(),
    "engine": {"schema"},
    "seminar": {"schema", "engine"},
    "ui": {"schema", "engine", "seminar", "ui"},
    "cli": {"schema", "engine", "cli"},
}


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_follow_the_dependency_direction(package: str) -> None:
    files = sorted((REPO / package).rglob("*.py"))
    assert files
    for path in files:
        ours = imported_top_levels(path) & set(PACKAGES)
        assert ours <= MAY_IMPORT[package] | {package}, f"{path.relative_to(REPO)} imports {ours}"
        if package != "ui":
            assert "streamlit" not in imported_top_levels(path), f"{path.relative_to(REPO)} imports streamlit"


def test_schema_public_names_are_pinned() -> None:
    assert sorted(schema.__all__) == sorted([
        "BUNDLED_PACK", "MAX_FILES", "MAX_FILE_BYTES", "MAX_TOTAL_BYTES", "SCHEMA_FILES", "SCHEMA_VERSION",
        "SECTION_FILES", "Anchor", "Assessment", "Citation", "Context", "Criterion", "Figure", "Inject", "Lens", "Option",
        "Pack", "PackError", "PackInfo", "Prerequisite", "Problem", "RecordCheckThresholds", "Risk", "Scale", "Score", "ScoreEffect",
        "SingleFilePack", "Source", "SourceNote", "Stance", "format_path", "json_schemas", "load_pack",
        "load_pack_bytes", "walk_citations",
    ])
    for name in schema.__all__:
        assert hasattr(schema, name)
