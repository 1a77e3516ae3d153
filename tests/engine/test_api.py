"""The engine's public names are pinned: the app, the CLI and seminar rooms rely on them."""

from __future__ import annotations

import ast
from pathlib import Path

import engine

ENGINE = Path(engine.__file__).parent


def test_public_names_are_exactly_these():
    assert sorted(engine.__all__) == sorted(
        [
            "AHPResult",
            "DecisionMatrix",
            "EDITORS",
            "EngineError",
            "MATRIX_ORDER",
            "METHODS",
            "METHOD_TITLES",
            "RankingResult",
            "SMAAResult",
            "WEIGHT_MODES",
            "aggregate_ahp",
            "aggregate_weights",
            "ahp",
            "assessment_differences",
            "balance_report",
            "competition_ranks",
            "first_choice_distribution",
            "flip_sentences",
            "four_rankings",
            "group_ranking",
            "individual_ranks",
            "kendall_w",
            "lens_assessment",
            "lens_summary",
            "lens_weights",
            "matrix_from_arrays",
            "matrix_from_csv",
            "matrix_from_pack",
            "matrix_to_csv",
            "method_agreement",
            "normalize_weights",
            "pareto_dominated",
            "perspectives",
            "rank",
            "rank_order_centroid",
            "read_pairwise_csv",
            "record_check",
            "smaa",
            "stability_intervals",
            "weight_spread",
            "weight_sweep",
            "why",
        ]
    )
    for name in engine.__all__:
        assert hasattr(engine, name)


def test_engine_error_is_a_value_error():
    assert issubclass(engine.EngineError, ValueError)


def test_engine_imports_only_numpy_scipy_pandas_schema_and_itself():
    allowed = {"numpy", "scipy", "pandas", "schema", "engine", "__future__"}
    stdlib = {
        "collections",
        "dataclasses",
        "typing",
        "math",
        "re",
        "csv",
        "io",
        "fractions",
        "inspect",
        "types",
        "os",
        "threading",
        "concurrent",
    }
    files = sorted(ENGINE.rglob("*.py"))
    assert files
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                roots = {node.module.split(".")[0]}
            else:
                continue
            assert roots <= allowed | stdlib, f"{path.name} imports {roots - allowed - stdlib}"
