"""Options Ladder ranking engine: numbers only (NumPy, SciPy, pandas), no user interface.

The app, the CLI and seminar rooms call the names below; everything else is private.
"""

from engine._ahp import AHPResult, aggregate_ahp, ahp
from engine._assessments import EDITORS, MATRIX_ORDER, assessment_differences, lens_assessment
from engine._balance import balance_report
from engine._csv import matrix_from_csv, matrix_to_csv, read_pairwise_csv
from engine._errors import EngineError
from engine._explain import method_agreement, pareto_dominated, why
from engine._groups import (
    aggregate_weights,
    first_choice_distribution,
    group_ranking,
    individual_ranks,
    kendall_w,
    weight_spread,
)
from engine._matrix import DecisionMatrix, matrix_from_arrays
from engine._methods import METHOD_TITLES, METHODS
from engine._pack import matrix_from_pack
from engine._perspectives import four_rankings, lens_summary, perspectives
from engine._rank import rank
from engine._ranks import competition_ranks
from engine._record_check import record_check
from engine._result import RankingResult
from engine._sensitivity import flip_sentences, stability_intervals, weight_sweep
from engine._smaa import WEIGHT_MODES, SMAAResult, smaa
from engine._weights import lens_weights, normalize_weights, rank_order_centroid

__all__ = [
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
