"""SMAA-2: how often each option takes each rank when scores and weights are uncertain.

Each sample draws every cell with a range from a triangular distribution on
[low, high] with the cell's value as mode (cells without a range stay fixed) and a
weight vector according to ``weights_mode``, ranks the options with the chosen method
and counts ranks. Ties within a sample share the tied ranks equally, so every row and
column of the rank-acceptability matrix sums to 1.

Samples are processed in chunks (bounded memory), on as many threads as there are CPUs
(NumPy releases the GIL in its loops); the draws (see ``engine._sampling``) depend on the
seed only, not on the chunk size or the number of threads.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from engine._errors import EngineError
from engine._matrix import DecisionMatrix
from engine._methods import PreparedMethod, prepare
from engine._sampling import STREAMS, TriangularCells, WeightSampler, WorkBuffers
from engine._weights import WeightsLike, normalize_weights

__all__ = ["SMAAResult", "smaa", "WEIGHT_MODES"]

WeightsMode = Literal["fixed", "perturbed", "ordinal", "unknown"]
WEIGHT_MODES: tuple[str, ...] = ("fixed", "perturbed", "ordinal", "unknown")
_CHUNK_BYTES = 16_000_000  # working memory per chunk and thread
_MAX_THREADS = 8
# Scores closer than this (relative) tie; float32 sums carry ~1e-7 rounding.
_TIE = {np.dtype(np.float32): 2e-6, np.dtype(np.float64): 1e-9}


@dataclass(frozen=True, eq=False)
class SMAAResult:
    """Stochastic multicriteria acceptability analysis (SMAA-2) results.

    Attributes
    ----------
    rank_acceptability : DataFrame
        Index option id, columns ranks 1..n: the share of samples in which the option
        took that rank (b_i^r). Rows and columns sum to 1.
    first_rank : Series
        First-rank acceptability b_i^1, by option id.
    central_weights : DataFrame
        Index option id, columns criterion ids: the mean weight vector of the samples
        in which the option came first (w_i^c); zeros for an option never first.
    confidence : Series
        Confidence factor p_i^c: the share of fresh value samples in which the option
        comes first with its central weights; 0 for an option never first.
    samples, seed : int
    weights_mode, method : str
    notes : list of str
        What was sampled, in plain sentences.

    References
    ----------
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research, 49(3), 444–454.
    Tervonen, T., & Figueira, J. R. (2008). A survey on stochastic multicriteria
    acceptability analysis methods. Journal of Multi-Criteria Decision Analysis, 15,
    113–126.
    """

    rank_acceptability: pd.DataFrame
    first_rank: pd.Series
    central_weights: pd.DataFrame
    confidence: pd.Series
    samples: int
    seed: int
    weights_mode: str
    method: str
    notes: list[str] = field(default_factory=list)


def _scores(
    model: PreparedMethod, cells: TriangularCells, utilities: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """Ranking-equivalent scores (count, n) for sampled utilities/values and weights."""
    if cells.path == "general":
        return model.scores(utilities, weights)
    # einsum, not matmul: BLAS threads would fight the sampling threads for the CPUs
    w = np.asarray(weights, dtype=utilities.dtype)
    if w.ndim == 1:
        return np.einsum("...nm,m->...n", utilities, w)
    if utilities.ndim == 2:  # fixed cells, sampled weights
        return np.einsum("nm,sm->sn", utilities, w)
    return np.einsum("snm,sm->sn", utilities, w)


@dataclass
class _Tally:
    """Rank counts and first-rank weight sums of one chunk, ties shared equally."""

    counts: np.ndarray
    first: np.ndarray
    weight_sums: np.ndarray

    @classmethod
    def of(cls, scores: np.ndarray, weights: np.ndarray, tie: float) -> _Tally:
        count, n = scores.shape
        m = weights.shape[-1]
        tally = cls(np.zeros((n, n)), np.zeros(n), np.zeros((n, m)))
        order = np.argsort(-scores, axis=1)
        ordered = np.take_along_axis(scores, order, axis=1)
        tol = tie * max(1.0, float(np.abs(ordered[:, [0, -1]]).max()))
        tied = (ordered[:, :-1] - ordered[:, 1:] <= tol).any(axis=1)
        clean = ~tied
        if clean.any():
            o = order[clean]
            tally.counts += np.bincount((o * n + np.arange(n)).ravel(), minlength=n * n).reshape(n, n)
            wins = np.bincount(o[:, 0], minlength=n).astype(float)
            tally.first += wins
            if weights.ndim == 1:
                tally.weight_sums += np.outer(wins, weights)
            else:
                np.add.at(tally.weight_sums, o[:, 0], weights[clean])
        if tied.any():
            w = np.broadcast_to(weights, (count, m))[tied]
            tally._add_tied(order[tied], ordered[tied], w, tol)
        return tally

    def _add_tied(self, order: np.ndarray, ordered: np.ndarray, w: np.ndarray, tol: float) -> None:
        count, n = order.shape
        gap = ordered[:, :-1] - ordered[:, 1:] > tol
        positions = np.broadcast_to(np.arange(n), (count, n))
        opens = np.concatenate([np.ones((count, 1), bool), gap], axis=1)
        closes = np.concatenate([gap, np.ones((count, 1), bool)], axis=1)
        start = np.maximum.accumulate(np.where(opens, positions, 0), axis=1)
        end = np.minimum.accumulate(np.where(closes, positions, n)[:, ::-1], axis=1)[:, ::-1]
        share = (1.0 / (end - start + 1)).ravel()
        width = n + 1  # a difference array over ranks: +share at start, −share after end
        diff = np.bincount((order * width + start).ravel(), weights=share, minlength=n * width)
        diff -= np.bincount((order * width + end + 1).ravel(), weights=share, minlength=n * width)
        self.counts += np.cumsum(diff.reshape(n, width), axis=1)[:, :n]
        first_share = np.zeros((count, n))
        np.put_along_axis(first_share, order, np.where(start == 0, share.reshape(count, n), 0.0), axis=1)
        self.first += first_share.sum(axis=0)
        self.weight_sums += first_share.T @ w

    def __iadd__(self, other: _Tally) -> _Tally:
        self.counts += other.counts
        self.first += other.first
        self.weight_sums += other.weight_sums
        return self


def _first_share(scores: np.ndarray, target: int, tie: float) -> float:
    """Sum over samples of the target's share of first place (ties shared)."""
    best = scores.max(axis=1, keepdims=True)
    at_top = scores >= best - tie * max(1.0, float(np.abs(best).max()))
    return float(np.sum(at_top[:, target] / at_top.sum(axis=1)))


def _chunk_size(cells: TriangularCells, method: str, chunk: int | None) -> int:
    if chunk is not None:
        if not isinstance(chunk, (int, np.integer)) or isinstance(chunk, bool) or chunk < 1:
            raise EngineError(f"chunk is {chunk!r}: give a whole number of samples, at least 1")
        return int(chunk)
    n, m = cells.shape
    per_sample = cells.dtype.itemsize * n * m * (3 * n if method == "promethee" else 5)
    return int(max(1, min(8192, _CHUNK_BYTES // per_sample)))


def _spans(samples: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, samples, size):
        yield start, min(size, samples - start)


def _run(
    job: Callable[[int, int], Any],
    samples: int,
    size: int,
    threads: int,
    take: Callable[[Any, int], None],
) -> None:
    """job(start, count) over all chunks; take(result, count) in chunk order.

    At most two chunks per thread are in flight, so finished results never pile up.
    """
    spans = list(_spans(samples, size))
    if threads <= 1 or len(spans) == 1:
        for start, count in spans:
            take(job(start, count), count)
        return
    window = 2 * threads
    with ThreadPoolExecutor(max_workers=threads) as pool:
        pending: deque[tuple[Future[Any], int]] = deque()
        for start, count in spans:
            pending.append((pool.submit(job, start, count), count))
            if len(pending) >= window:
                future, done = pending.popleft()
                take(future.result(), done)
        while pending:
            future, done = pending.popleft()
            take(future.result(), done)


def smaa(
    matrix: DecisionMatrix,
    weights: WeightsLike | None,
    samples: int = 10_000,
    seed: int = 0,
    weights_mode: WeightsMode = "fixed",
    method: str = "wsm",
    chunk: int | None = None,
    perturbation: float = 0.1,
    progress: Callable[[float], None] | None = None,
    threads: int | None = None,
    **options: Any,
) -> SMAAResult:
    """Rank acceptabilities, central weights and confidence factors (SMAA-2).

    Parameters
    ----------
    matrix : DecisionMatrix
        Cells with low < high are drawn from a triangular distribution on [low, high]
        with mode at the value; the others stay fixed.
    weights : mapping or array, or None
        The user's weights. Ignored (and may be None) when ``weights_mode='unknown'``.
    samples : int
        Number of Monte Carlo samples (the confidence factors use as many again).
    seed : int
        The same seed gives the same numbers, whatever ``chunk`` and ``threads``.
    weights_mode : {'fixed', 'perturbed', 'ordinal', 'unknown'}
        'fixed': the user's weights. 'perturbed': each weight multiplied by a factor
        drawn uniformly from [1 − perturbation, 1 + perturbation], then renormalised.
        'ordinal': uniform over all weight vectors that keep the user's order of the
        criteria (a sorted uniform-simplex vector; equal weights may come in either
        order; zero weights stay zero). 'unknown': uniform over the simplex.
    method : str
        Any method of :func:`rank`.
    chunk : int, optional
        Samples per chunk (default: sized to about 16 MB of working memory per thread).
    perturbation : float
        Half-width of the relative weight perturbation, in [0, 1).
    progress : callable, optional
        Called with the fraction done (0–1) after each chunk.
    threads : int, optional
        Worker threads (default: the number of CPUs, at most 8).
    **options
        Method options, as for :func:`rank`.

    Returns
    -------
    SMAAResult

    References
    ----------
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research, 49(3), 444–454.
    Rubinstein, R. Y. (1982). Generating random vectors uniformly distributed inside and
    on the surface of different regions. European Journal of Operational Research, 10,
    205–209 (uniform simplex points as normalised exponentials).
    """
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise EngineError(f"samples is {samples!r}: give a whole number of at least 1")
    if weights_mode not in WEIGHT_MODES:
        raise EngineError(f"unknown weights mode {weights_mode!r}: use one of {', '.join(WEIGHT_MODES)}")
    if not 0.0 <= perturbation < 1.0:
        raise EngineError(f"perturbation is {perturbation!r}: give a number from 0 up to (not including) 1")
    n, m = matrix.shape
    if weights is None:
        if weights_mode != "unknown":
            raise EngineError("give weights, or use weights_mode='unknown'")
        w = np.full(m, 1.0 / m)
    else:
        w = normalize_weights(weights, matrix.criterion_ids)
    model = prepare(matrix, method, **options)
    model.validate(matrix.low)
    workers = max(1, min(_MAX_THREADS, os.cpu_count() or 1) if threads is None else int(threads))
    seeds = np.random.SeedSequence(int(seed)).spawn(4)
    run = _Simulation(
        matrix,
        model,
        WeightSampler(weights_mode, w, float(perturbation), seeds),
        int(samples),
        seeds,
        chunk,
        workers,
        progress,
    )
    tally = run.acceptability()
    first = tally.first / samples
    central = np.zeros((n, m))
    winners = np.flatnonzero(tally.first > 0)
    central[winners] = tally.weight_sums[winners] / tally.first[winners, None]
    # With fixed weights every central weight vector is the given one, so p_i^c = b_i^1.
    confidence = first.copy() if run.weights.fixed else run.confidence(central, winners)
    options_index = pd.Index(matrix.option_ids, name="option")
    return SMAAResult(
        rank_acceptability=pd.DataFrame(
            tally.counts / samples, index=options_index, columns=pd.RangeIndex(1, n + 1, name="rank")
        ),
        first_rank=pd.Series(first, index=options_index, name="first_rank"),
        central_weights=pd.DataFrame(
            central, index=options_index, columns=pd.Index(matrix.criterion_ids, name="criterion")
        ),
        confidence=pd.Series(confidence, index=options_index, name="confidence"),
        samples=int(samples),
        seed=int(seed),
        weights_mode=weights_mode,
        method=method,
        notes=_notes(matrix, weights_mode, perturbation, method, samples, seed),
    )


class _Simulation:
    """One SMAA run: draws chunk by chunk on worker threads, tallies in chunk order."""

    def __init__(
        self,
        matrix: DecisionMatrix,
        model: PreparedMethod,
        weights: WeightSampler,
        samples: int,
        seeds: list[np.random.SeedSequence],
        chunk: int | None,
        workers: int,
        progress: Callable[[float], None] | None,
    ) -> None:
        self.model, self.weights, self.samples, self.seeds = model, weights, samples, seeds
        self.n, self.m = matrix.shape
        self.cells = TriangularCells(matrix, model)
        self.size = _chunk_size(self.cells, model.name, chunk)
        self.workers, self.progress = workers, progress
        self.buffers = WorkBuffers()
        self.tie = _TIE[self.cells.dtype]
        self.fixed = self.cells.fixed()
        self.total = samples * (2 if self.cells.active and not weights.fixed else 1)
        self.done = 0

    def _advance(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(min(1.0, self.done / self.total))

    def acceptability(self) -> _Tally:
        """Rank counts, first-rank counts and first-rank weight sums over all samples."""
        n, m = self.n, self.m
        tally = _Tally(np.zeros((n, n)), np.zeros(n), np.zeros((n, m)))

        def chunk(start: int, count: int) -> _Tally:
            cells, seed = self.cells, self.seeds[STREAMS["values"]]
            utilities = cells.draw(seed, start, count, self.buffers) if cells.active else self.fixed
            drawn = self.weights.draw(start, count)
            scores = _scores(self.model, cells, utilities, drawn)
            if scores.ndim == 1:
                scores = np.broadcast_to(scores, (count, n))
            return _Tally.of(scores, drawn, self.tie)

        def take(part: _Tally, count: int) -> None:
            tally.__iadd__(part)
            self._advance(count)

        _run(chunk, self.samples, self.size, self.workers, take)
        return tally

    def confidence(self, central: np.ndarray, winners: np.ndarray) -> np.ndarray:
        """p_i^c: share of fresh value samples in which option i is first with its central weights."""
        n, cells, tie = self.n, self.cells, self.tie
        confidence = np.zeros(n)
        if winners.size == 0:
            return confidence
        if not cells.active:
            for i in winners:
                scores = np.atleast_2d(_scores(self.model, cells, self.fixed, central[i]))
                confidence[i] = _first_share(scores, int(i), tie)
            return confidence

        def chunk(start: int, count: int) -> np.ndarray:
            utilities = cells.draw(self.seeds[STREAMS["check"]], start, count, self.buffers)
            found = np.zeros(n)
            if cells.path == "general":
                for i in winners:
                    found[i] = _first_share(self.model.scores(utilities, central[i]), int(i), tie)
                return found
            by_winner = np.einsum("snm,mc->snc", utilities, central[winners].T.astype(utilities.dtype))
            for c, i in enumerate(winners):
                found[i] = _first_share(by_winner[:, :, c], int(i), tie)
            return found

        def take(part: np.ndarray, count: int) -> None:
            confidence[:] += part
            self._advance(count)

        _run(chunk, self.samples, self.size, self.workers, take)
        return confidence / self.samples


def _notes(
    matrix: DecisionMatrix, mode: str, perturbation: float, method: str, samples: int, seed: int
) -> list[str]:
    uncertain = int(matrix.uncertain.sum())
    weights_note = {
        "fixed": "Weights stay at the given values.",
        "perturbed": f"Each weight varies by up to ±{perturbation:.0%} of itself, "
        "then the weights are rescaled to sum 1.",
        "ordinal": "Weights are any that keep the given order of importance "
        "(criteria with weight 0 stay out).",
        "unknown": "Weights are unknown: any weights summing to 1 are equally likely.",
    }[mode]
    return [
        f"{samples} samples (seed {seed}), ranked with {method}.",
        f"{uncertain} of {matrix.values.size} scores have a range and are drawn from a triangular "
        "distribution between low and high, peaking at the value; the others stay fixed.",
        weights_note,
        "Confidence factors: with fixed weights every central weight vector is the given one, so they "
        "equal the first-rank acceptabilities; otherwise they use a fresh set of as many value samples.",
    ]
