"""The perspectives map: every option's rank under every lens × assessment pair, and for two
roles the four rankings that separate a disagreement about values (weights) from one about
facts (assessments).

A role is what it values (a lens's weights) and what it believes (the assessment its actor
holds). Swapping only the weights, or only the assessment, between two roles shows which of
the two moves the answer.

References
----------
Stirling, A., & Mayer, S. (2001). A novel approach to the appraisal of technological risk:
a multicriteria mapping study of a genetically modified crop. Environment and Planning C,
19(4), 529–555 (each perspective's own scores and weights: "a picture from each viewpoint").
Kendall, M. G. (1945). The treatment of ties in ranking problems. Biometrika, 33(3), 239–251.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from engine._assessments import EDITORS
from engine._errors import EngineError
from engine._matrix import DecisionMatrix
from engine._methods import prepare
from engine._pack import matrix_from_pack
from engine._ranks import competition_ranks
from engine._weights import normalize_weights

if TYPE_CHECKING:
    from schema import Lens, Pack

__all__ = [
    "EDITORS",
    "FourRankings",
    "LensSummary",
    "Perspectives",
    "assessment_phrase",
    "four_rankings",
    "lens_summary",
    "perspectives",
]


def _key(assessment: str | None) -> str:
    return EDITORS if assessment is None else assessment


def _lower_article(text: str) -> str:
    return text[0].lower() + text[1:] if text.startswith(("The ", "A ", "An ")) else text


def assessment_phrase(pack: Pack, assessment: str | None) -> str:
    """'the editors' scores' or 'the assessment of <holder>', for use inside a sentence."""
    if assessment is None:
        return "the editors' scores"
    holder = next((a.holder for a in pack.assessments if a.id == assessment), assessment)
    return f"the assessment of {_lower_article(holder)}"


def _closed(phrase: str) -> str:
    """The phrase followed by a word: a holder with a comma ("Donald Trump, in his quoted words and as the
    texts report his intent") opens an aside that a second comma must close before the verb."""
    depth = 0
    for ch in phrase:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            return phrase + ","
    return phrase


def _assessment_name(pack: Pack, assessment: str | None) -> str:
    if assessment is None:
        return "The editors' scores"
    return next((a.name for a in pack.assessments if a.id == assessment), assessment)


def _lens(pack: Pack, lens_id: str) -> Lens:
    for lens in pack.lenses:
        if lens.id == lens_id:
            return lens
    known = ", ".join(lens.id for lens in pack.lenses) or "none in this pack"
    raise EngineError(f"unknown lens {lens_id!r}: use one of {known}")


def _matrices(pack: Pack, sides: Iterable[str | None], contexts: Sequence[str]) -> dict[str | None, DecisionMatrix]:
    return {side: matrix_from_pack(pack, contexts, assessment=side) for side in dict.fromkeys(sides)}


def _lens_weights(pack: Pack, lenses: Sequence[Lens], criterion_ids: Sequence[str]) -> np.ndarray:
    return np.vstack([normalize_weights(lens.weights, criterion_ids) for lens in lenses])


def _scores(matrix: DecisionMatrix, weights: np.ndarray, method: str) -> np.ndarray:
    """Scores (rows of ``weights``, n) of every option under each weight vector."""
    model = prepare(matrix, method)
    return np.atleast_2d(model.scores(matrix.values, weights))


def _tied_top(matrix: DecisionMatrix, scores: np.ndarray) -> list[str]:
    ranks = competition_ranks(scores)
    return [matrix.option_names[i] for i in np.flatnonzero(ranks == 1)]


def _and(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1] + " (tied)"


# --------------------------------------------------------------------------- the map
@dataclass(frozen=True, eq=False)
class Perspectives:
    """Every option's rank under every lens × assessment pair.

    Attributes
    ----------
    ranks : DataFrame
        One row per (lens, assessment, option): lens, assessment (id, or ``EDITORS``),
        own (True where the assessment is the one the lens's actor holds), option, name,
        score, rank (1 = best; ties share a rank).
    rank_range : DataFrame
        Index option id, in ladder order: name, best, worst (ranks), best_at and worst_at
        ("lens × assessment" where the best / worst rank first occurs), own_best and
        own_worst (the same over each lens with its own assessment only).
    lenses, assessments : tuple of str
        In pack order; assessments start with ``EDITORS``.
    notes : list of str
    """

    ranks: pd.DataFrame
    rank_range: pd.DataFrame
    lenses: tuple[str, ...]
    assessments: tuple[str, ...]
    notes: list[str] = field(default_factory=list)


def perspectives(pack: Pack, contexts: Sequence[str] = (), method: str = "wsm") -> Perspectives:
    """Rank every option under every lens (weights) × every assessment (scores).

    The editors' scores count as one assessment. Contexts apply on top of each assessment,
    as in :func:`engine.matrix_from_pack`.

    Raises
    ------
    EngineError
        When the pack has no lenses, or for an unknown context or method.
    """
    if not pack.lenses:
        raise EngineError("the pack has no lenses: add lenses.yaml to compare perspectives")
    sides: list[str | None] = [None, *(a.id for a in pack.assessments)]
    matrices = _matrices(pack, sides, contexts)
    first = matrices[None]
    weights = _lens_weights(pack, pack.lenses, first.criterion_ids)
    n, n_lenses, n_sides = first.shape[0], len(pack.lenses), len(sides)
    scores = np.stack([_scores(matrices[side], weights, method) for side in sides], axis=1)  # (lens, side, n)
    ranks = np.array([[competition_ranks(row) for row in per_lens] for per_lens in scores])
    own = np.array([[lens.assessment == side for side in sides] for lens in pack.lenses])  # (lens, side)
    lens_ids = [lens.id for lens in pack.lenses]
    side_keys = [_key(s) for s in sides]
    frame = pd.DataFrame({
        "lens": np.repeat(lens_ids, n_sides * n),
        "assessment": np.tile(np.repeat(side_keys, n), n_lenses),
        "own": np.repeat(own.ravel(), n),
        "option": np.tile(first.option_ids, n_lenses * n_sides),
        "name": np.tile(first.option_names, n_lenses * n_sides),
        "score": scores.ravel(),
        "rank": ranks.ravel(),
    })
    flat = ranks.reshape(n_lenses * n_sides, n)  # row = lens * n_sides + side
    labels = [f"{lens} × {side}" for lens in lens_ids for side in side_keys]
    own_flat = own.ravel()
    own_ranks = flat[own_flat] if own_flat.any() else flat
    rank_range = pd.DataFrame(
        {
            "name": first.option_names,
            "best": flat.min(axis=0),
            "worst": flat.max(axis=0),
            "best_at": [labels[k] for k in flat.argmin(axis=0)],
            "worst_at": [labels[k] for k in flat.argmax(axis=0)],
            "own_best": own_ranks.min(axis=0),
            "own_worst": own_ranks.max(axis=0),
        },
        index=pd.Index(first.option_ids, name="option"),
    )
    ranks = frame
    notes = [
        (f"{len(pack.lenses)} lenses × {len(sides)} sets of scores (the editors' scores and "
         f"{len(sides) - 1} assessment{'s' if len(sides) != 2 else ''}): {len(pack.lenses) * len(sides)} rankings."
         if len(sides) > 1 else f"{len(pack.lenses)} lenses, each with the editors' scores (the pack has no "
                                f"assessments): {len(pack.lenses)} rankings."),
        "Rank 1 is best; tied options share a rank.",
    ]
    return Perspectives(
        ranks=ranks,
        rank_range=rank_range,
        lenses=tuple(lens.id for lens in pack.lenses),
        assessments=tuple(_key(s) for s in sides),
        notes=notes,
    )


# --------------------------------------------------------------------------- two roles
@dataclass(frozen=True, eq=False)
class FourRankings:
    """Two roles' weights crossed with their two assessments.

    Attributes
    ----------
    lens_a, lens_b : str
        Lens ids.
    assessment_a, assessment_b : str or None
        The assessment each lens's actor holds (None: the editors' scores).
    ranks : DataFrame
        Index option id (ladder order): name, then one rank column per combination, named
        ``a_weights_a_facts``, ``a_weights_b_facts``, ``b_weights_a_facts``,
        ``b_weights_b_facts``.
    titles : dict of str to str
        A plain title for each rank column.
    first : dict of str to list of str
        Option names ranked first in each combination (several when tied).
    verdict : str
        'agree' (same first option), 'same assessment' (both hold one assessment: values only),
        'values' (each role's weights keep their first option under either assessment),
        'facts' (with either shared assessment both roles put the same option first),
        'facts and values' (with one of the assessments they agree, with the other not) or
        'both' (with neither assessment they agree, and an assessment moves a first option).
    sentences : list of str
        Plain sentences: what each role puts first, what each role's weights put first with
        the other's assessment, and whether the difference is about values or facts.
    """

    lens_a: str
    lens_b: str
    assessment_a: str | None
    assessment_b: str | None
    ranks: pd.DataFrame
    titles: dict[str, str]
    first: dict[str, list[str]]
    verdict: str
    sentences: list[str]


COMBINATIONS = ("a_weights_a_facts", "a_weights_b_facts", "b_weights_a_facts", "b_weights_b_facts")


def four_rankings(
    pack: Pack, lens_a: str, lens_b: str, contexts: Sequence[str] = (), method: str = "wsm"
) -> FourRankings:
    """A's weights × A's assessment, A's weights × B's, B's weights × A's, B's weights × B's.

    The four rankings separate the two sources of disagreement: if swapping the assessment
    changes what a role's weights put first, the roles disagree about facts; if each role's
    weights keep their first option whichever assessment is used, they disagree about values.

    Raises
    ------
    EngineError
        Unknown lens, the same lens twice, an unknown context or method.
    """
    a, b = _lens(pack, lens_a), _lens(pack, lens_b)
    if a.id == b.id:
        raise EngineError(f"pick two different roles, not {lens_a!r} twice")
    matrices = _matrices(pack, [a.assessment, b.assessment], contexts)
    base = matrices[a.assessment]
    weights = _lens_weights(pack, [a, b], base.criterion_ids)
    scores = {
        (w, s): _scores(matrices[side], weights[k : k + 1], method)[0]
        for k, w in enumerate("ab")
        for s, side in (("a", a.assessment), ("b", b.assessment))
    }
    columns = {f"{w}_weights_{s}_facts": competition_ranks(scores[(w, s)]) for w, s in scores}
    frame = pd.DataFrame({"name": base.option_names, **columns}, index=pd.Index(base.option_ids, name="option"))
    frame = frame[["name", *COMBINATIONS]]
    first = {f"{w}_weights_{s}_facts": _tied_top(matrices[side], scores[(w, s)])
             for w in "ab" for s, side in (("a", a.assessment), ("b", b.assessment))}
    name_of = {"a": a.name, "b": b.name}
    side_of = {"a": a.assessment, "b": b.assessment}
    titles = {
        f"{w}_weights_{s}_facts": f"Weights of {name_of[w]} · facts of {name_of[s]} "
                                  f"({_assessment_name(pack, side_of[s])})"
        for w in "ab" for s in "ab"
    }
    aa, ab, ba, bb = (first[c] for c in COMBINATIONS)
    phrase = {k: assessment_phrase(pack, side_of[k]) for k in "ab"}
    mid = {k: _closed(v) for k, v in phrase.items()}  # where a word follows
    sentences = [
        f"“{a.name}” with {mid['a']} puts {_and(aa)} first.",
        f"“{b.name}” with {mid['b']} puts {_and(bb)} first.",
    ]
    if a.assessment == b.assessment:
        verdict = "agree" if aa == bb else "same assessment"
        sentences.append(
            f"Both roles hold {phrase['a']}, so any difference between them is about values (the weights), "
            "not facts."
        )
    else:
        for w, other, own_first, swapped in (("a", "b", aa, ab), ("b", "a", bb, ba)):
            if swapped == own_first:
                sentences.append(
                    f"With {phrase[other]}, the weights of “{name_of[w]}” still put {_and(own_first)} first."
                )
            else:
                sentences.append(
                    f"With {phrase[other]}, the weights of “{name_of[w]}” put {_and(swapped)} first "
                    f"instead of {_and(own_first)}."
                )
        if aa == bb:
            verdict = "agree"
            sentences.append("The two roles put the same option first.")
        elif ab == bb and ba == aa:
            verdict = "facts"
            sentences.append(
                "The roles disagree about facts, not values: given the same assessment, both roles' "
                "weights put the same option first."
            )
        elif ab == aa and ba == bb:
            verdict = "values"
            sentences.append(
                "The roles disagree about values, not facts: each role's weights keep their first "
                "option whichever assessment is used."
            )
        elif ab == bb or ba == aa:
            verdict = "facts and values"
            shared, other, top = ("b", "a", bb) if ab == bb else ("a", "b", aa)
            sentences.append(
                f"The roles disagree about facts and values: with {mid[shared]} both roles put "
                f"{_and(top)} first, but with {mid[other]} their weights still put different options first."
            )
        else:
            verdict = "both"
            sentences.append(
                "The roles disagree about both values and facts: with either assessment their weights "
                "put different options first, and the assessment changes what at least one role puts first."
            )
    return FourRankings(
        lens_a=a.id,
        lens_b=b.id,
        assessment_a=a.assessment,
        assessment_b=b.assessment,
        ranks=frame,
        titles=titles,
        first=first,
        verdict=verdict,
        sentences=sentences,
    )


# --------------------------------------------------------------------------- lens summary
def kendall_tau_b(rankings: np.ndarray) -> np.ndarray:
    """Kendall's tau-b between every two rows of ``rankings`` (ranks, ties allowed), vectorised.

    tau_b = Σ_{i<j} sgn(a_i − a_j) sgn(b_i − b_j) / sqrt(n_a n_b), with n_a (n_b) the pairs
    ``a`` (``b``) does not tie. A row that ties every option has no order: its tau with any
    other row is 0 (1 with itself).

    References
    ----------
    Kendall, M. G. (1945). The treatment of ties in ranking problems. Biometrika, 33(3), 239–251.
    """
    r = np.asarray(rankings, dtype=float)
    signs = np.sign(r[:, :, None] - r[:, None, :]).reshape(len(r), -1)  # each pair counted twice
    concordance = signs @ signs.T
    untied = np.diag(concordance)
    denominator = np.sqrt(np.outer(untied, untied))
    tau = np.divide(concordance, denominator, out=np.zeros_like(concordance), where=denominator > 0)
    np.fill_diagonal(tau, 1.0)
    return np.clip(tau, -1.0, 1.0)



@dataclass(frozen=True, eq=False)
class LensSummary:
    """Each lens with its own assessment: its top three and how its ranking agrees with the others.

    Attributes
    ----------
    top : DataFrame
        Index lens id (pack order): name, assessment (id or ``EDITORS``), first, second,
        third (option names; '=' before a name marks a tie with the one above).
    tau : DataFrame
        Lens × lens Kendall tau-b between the full rankings (1 on the diagonal).
    """

    top: pd.DataFrame
    tau: pd.DataFrame


def lens_summary(pack: Pack, contexts: Sequence[str] = (), method: str = "wsm") -> LensSummary:
    """Top three options under each lens with its own assessment, and Kendall's tau between lenses."""
    if not pack.lenses:
        raise EngineError("the pack has no lenses: add lenses.yaml to compare them")
    matrices = _matrices(pack, [lens.assessment for lens in pack.lenses], contexts)
    first = next(iter(matrices.values()))
    weights = _lens_weights(pack, pack.lenses, first.criterion_ids)
    rows, rankings = [], []
    for k, lens in enumerate(pack.lenses):
        matrix = matrices[lens.assessment]
        scores = _scores(matrix, weights[k : k + 1], method)[0]
        ranks = competition_ranks(scores)
        rankings.append(ranks)
        order = np.lexsort((np.arange(ranks.size), ranks))[:3]
        names = [
            ("= " if j > 0 and ranks[order[j]] == ranks[order[j - 1]] else "") + matrix.option_names[i]
            for j, i in enumerate(order)
        ]
        names += [""] * (3 - len(names))
        rows.append({"lens": lens.id, "name": lens.name, "assessment": _key(lens.assessment),
                     "first": names[0], "second": names[1], "third": names[2]})
    top = pd.DataFrame(rows).set_index("lens")
    ids = [lens.id for lens in pack.lenses]
    tau = pd.DataFrame(kendall_tau_b(np.array(rankings)), index=pd.Index(ids, name="lens"), columns=ids)
    return LensSummary(top=top, tau=tau)
