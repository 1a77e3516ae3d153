"""Engine benchmarks: print figures beside pymcdm and scikit-criteria (never assert in tests).

    python bench/run.py            # all three benchmarks
    python bench/run.py --quick    # fewer repeats

1. Full analysis of the bundled pack: four methods, method agreement, stability intervals,
   flip sentences and a weight sweep for every criterion, SMAA-2 with 10,000 samples, the
   perspectives map (every lens × assessment, the first two lenses' four rankings, the lens
   summary) and the record check (LP weight ranges, first-rank acceptability with the pack's
   samples). Target: 100 ms or less.
2. TOPSIS on a 10,000 × 50 matrix, against pymcdm and scikit-criteria.
   Target: no slower than the faster of the two.
3. SMAA-2 with 100,000 samples on 200 options × 20 criteria (every cell with a range).
   Target: 5 s or less, peak memory 1 GB or less.

pymcdm and scikit-criteria are bench-only extras (``pip install pymcdm scikit-criteria``);
without them their columns say "not installed" (their warnings are silenced). Times are
the best of several runs (the minimum is the least disturbed by other work on the
machine) with the median beside it.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import engine  # noqa: E402
import schema  # noqa: E402


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(best, median) wall time in seconds over ``repeat`` runs after one warm-up."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def cpu_timed(fn: Callable[[], Any], repeat: int) -> float:
    """Best process CPU time in seconds over ``repeat`` runs (all threads; less disturbed than
    wall time when other work shares the machine)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


# --------------------------------------------------------------------------- 1. full analysis
PACK: Any = None  # the bundled pack, when it loads: the perspectives map and record check need it


def pack_matrix() -> tuple[engine.DecisionMatrix, dict[str, float], str]:
    """The bundled pack's matrix and its first lens (or equal weights); a 17×10 stand-in if it won't load."""
    global PACK
    try:
        pack = schema.load_pack(os.environ.get("LADDER_BENCH_PACK", schema.BUNDLED_PACK))
    except Exception as error:  # noqa: BLE001 - the bench must still run while the pack is edited
        rng = np.random.default_rng(0)
        values = rng.integers(1, 6, (17, 10)).astype(float)
        matrix = engine.matrix_from_arrays(
            values,
            rng.random(10) < 0.5,
            low=np.clip(values - 1, 1, 5),
            high=np.clip(values + 1, 1, 5),
            scale_min=[1] * 10,
            scale_max=[5] * 10,
        )
        return matrix, {c: 1.0 for c in matrix.criterion_ids}, f"synthetic 17×10 (pack did not load: {error})"
    PACK = pack
    matrix = engine.matrix_from_pack(pack)
    if pack.lenses:
        return matrix, engine.lens_weights(pack, pack.lenses[0].id), f"bundled pack, lens {pack.lenses[0].id}"
    return matrix, {c.id: 1.0 for c in pack.criteria}, "bundled pack, equal weights"


def full_analysis(matrix: engine.DecisionMatrix, weights: dict[str, float]) -> None:
    for method in engine.METHODS:
        engine.rank(matrix, weights, method)
    engine.method_agreement(matrix, weights)
    engine.stability_intervals(matrix, weights)
    engine.flip_sentences(matrix, weights)
    for criterion in matrix.criterion_ids:
        engine.weight_sweep(matrix, weights, criterion)
    engine.pareto_dominated(matrix)
    engine.smaa(matrix, weights, samples=10_000, seed=0)
    if PACK is not None:
        facts_analysis(PACK)


def facts_analysis(pack: Any) -> None:
    """The perspectives map, two roles' four rankings, the lens summary and the record check."""
    if pack.lenses:
        engine.perspectives(pack)
        engine.lens_summary(pack)
        if len(pack.lenses) > 1:
            engine.four_rankings(pack, pack.lenses[0].id, pack.lenses[1].id)
    engine.record_check(pack)


def peers_four_methods(
    matrix: engine.DecisionMatrix, weights: dict[str, float]
) -> dict[str, Callable[[], Any]]:
    """The ranking part only (the peers have no sensitivity or SMAA): their WSM/WPM/TOPSIS/PROMETHEE II."""
    peers: dict[str, Callable[[], Any]] = {}
    w = engine.normalize_weights(weights, matrix.criterion_ids)
    types = np.where(matrix.is_cost, -1, 1)
    values = np.asarray(matrix.values)
    try:
        from pymcdm import methods as pm

        ranked = [pm.WSM(), pm.WPM(), pm.TOPSIS(), pm.PROMETHEE_II("usual")]
        peers["pymcdm"] = lambda: [m(values, w, types) for m in ranked]
    except ImportError:
        pass
    try:
        import skcriteria as skc
        from skcriteria.agg.simple import WeightedProductModel, WeightedSumModel
        from skcriteria.agg.topsis import TOPSIS
        from skcriteria.preprocessing.invert_objectives import InvertMinimize
        from skcriteria.preprocessing.scalers import SumScaler, VectorScaler

        def skc_three() -> None:
            dm = skc.mkdm(values, np.where(matrix.is_cost, min, max), weights=w)
            scaled = SumScaler(target="both").transform(InvertMinimize().transform(dm))
            WeightedSumModel().evaluate(scaled)
            WeightedProductModel().evaluate(scaled)
            TOPSIS().evaluate(VectorScaler(target="matrix").transform(dm))

        peers["scikit-criteria (no PROMETHEE)"] = skc_three
    except ImportError:
        pass
    return peers


def bench_full(repeat: int) -> bool:
    matrix, weights, label = pack_matrix()
    best, median = timed(lambda: full_analysis(matrix, weights), repeat)
    cpu = cpu_timed(lambda: full_analysis(matrix, weights), repeat)
    ours_rank = timed(lambda: [engine.rank(matrix, weights, m) for m in engine.METHODS], repeat)
    print(f"1. Full analysis — {label}, {matrix.shape[0]} options × {matrix.shape[1]} criteria")
    print(
        f"   Options Ladder, everything:      best {fmt_ms(best)}   median {fmt_ms(median)}   "
        f"target ≤ 100 ms: {verdict(best <= 0.1)}"
    )
    print(f"   (process CPU time, best:         {fmt_ms(cpu)}; wall time includes waiting for a busy machine)")
    parts = {
        "four methods (rank)": lambda: [engine.rank(matrix, weights, m) for m in engine.METHODS],
        "sensitivity, every criterion": lambda: (
            engine.stability_intervals(matrix, weights),
            engine.flip_sentences(matrix, weights),
            [engine.weight_sweep(matrix, weights, c) for c in matrix.criterion_ids],
        ),
        "SMAA-2, 10,000 samples": lambda: engine.smaa(matrix, weights, samples=10_000),
        "perspectives map + record check": lambda: PACK is not None and facts_analysis(PACK),
        "(extra) intervals under all 4 methods": lambda: [
            engine.stability_intervals(matrix, weights, m) for m in engine.METHODS
        ],
    }
    for name, fn in parts.items():
        b, md = timed(fn, repeat)
        print(f"     {name:38s} best {fmt_ms(b)}   median {fmt_ms(md)}")
    for name, fn in peers_four_methods(matrix, weights).items():
        try:
            b, _ = timed(fn, repeat)
        except Exception as error:  # noqa: BLE001
            print(f"     peer {name}: failed ({type(error).__name__}: {error})")
            continue
        print(
            f"     peer {name:33s} best {fmt_ms(b)}   (ranking only; ours {fmt_ms(ours_rank[0]).strip()}, "
            f"ratio ours/peer {ours_rank[0] / b:.2f})"
        )
    return best <= 0.1


# --------------------------------------------------------------------------- 2. TOPSIS 10,000 × 50
def bench_topsis(repeat: int) -> bool:
    rng = np.random.default_rng(42)
    n, m = 10_000, 50
    values = rng.uniform(1, 100, (n, m))
    weights = rng.uniform(0.1, 1, m)
    weights /= weights.sum()
    is_cost = rng.random(m) < 0.3
    types = np.where(is_cost, -1, 1)

    def ours() -> np.ndarray:
        return engine.rank(engine.matrix_from_arrays(values, is_cost), weights, "topsis").scores

    matrix = engine.matrix_from_arrays(values, is_cost)
    ours_best, ours_median = timed(ours, repeat)
    core_best, _ = timed(lambda: engine.rank(matrix, weights, "topsis"), repeat)
    reference = ours()
    print(f"2. TOPSIS, {n:,} × {m} (vector normalisation, 30% cost criteria)")
    print(
        f"   Options Ladder (matrix + rank):  best {fmt_ms(ours_best)}   median {fmt_ms(ours_median)}"
        f"   (rank on a built matrix: {fmt_ms(core_best).strip()})"
    )
    peer_times: list[float] = []
    try:
        from pymcdm import methods as pm
        from pymcdm import normalizations as pn

        topsis = pm.TOPSIS(normalization_function=pn.vector_normalization)
        b, md = timed(lambda: topsis(values, weights, types), repeat)
        same = np.allclose(topsis(values, weights, types), reference)
        peer_times.append(b)
        print(
            f"   pymcdm:                          best {fmt_ms(b)}   median {fmt_ms(md)}   "
            f"ours/pymcdm {ours_best / b:.2f}   same scores: {same}"
        )
    except ImportError:
        print("   pymcdm: not installed (pip install pymcdm)")
    try:
        import skcriteria as skc
        from skcriteria.agg.topsis import TOPSIS
        from skcriteria.preprocessing.scalers import VectorScaler

        objectives = np.where(is_cost, min, max)

        def skc_topsis() -> Any:
            dm = VectorScaler(target="matrix").transform(skc.mkdm(values, objectives, weights=weights))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # it warns about minimised criteria
                return TOPSIS().evaluate(dm)

        b, md = timed(skc_topsis, repeat)
        same = np.allclose(skc_topsis().e_.similarity, reference)
        peer_times.append(b)
        print(
            f"   scikit-criteria:                 best {fmt_ms(b)}   median {fmt_ms(md)}   "
            f"ours/scikit-criteria {ours_best / b:.2f}   same scores: {same}"
        )
    except ImportError:
        print("   scikit-criteria: not installed (pip install scikit-criteria)")
    if not peer_times:
        print("   target (no slower than the faster peer): not checked, no peer installed")
        return True
    ok = ours_best <= min(peer_times)
    print(f"   target no slower than the faster peer ({fmt_ms(min(peer_times)).strip()}): {verdict(ok)}")
    return ok


# --------------------------------------------------------------------------- 3. SMAA 100,000 on 200 × 20
def big_matrix() -> engine.DecisionMatrix:
    rng = np.random.default_rng(7)
    n, m = 200, 20
    values = rng.uniform(1.5, 4.5, (n, m))
    low = values - rng.uniform(0.1, 0.5, (n, m))
    high = values + rng.uniform(0.1, 0.5, (n, m))
    return engine.matrix_from_arrays(
        values, rng.random(m) < 0.4, low=low, high=high, scale_min=[1] * m, scale_max=[5] * m
    )


def bench_smaa(repeat: int) -> bool:
    matrix = big_matrix()
    weights = np.random.default_rng(8).uniform(0.5, 1.5, matrix.shape[1])
    run = lambda: engine.smaa(matrix, weights, samples=100_000, seed=0)  # noqa: E731
    best, median = timed(run, repeat)
    tracemalloc.start()
    result = run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    print(
        "3. SMAA-2, 100,000 samples, 200 options × 20 criteria, every cell with a range, fixed weights (wsm)"
    )
    print(
        f"   Options Ladder:                  best {best:8.2f} s    median {median:8.2f} s    target ≤ 5 s: "
        f"{verdict(best <= 5)}"
    )
    print(
        f"   peak traced memory {peak / 2**20:7.1f} MB (process peak RSS {rss / 2**20:.0f} MB)   "
        "target ≤ 1 GB: "
        f"{verdict(peak <= 2**30)}"
    )
    print(f"   options with first-rank acceptability > 0: {(result.first_rank > 0).sum()}")
    other, _ = timed(
        lambda: engine.smaa(matrix, weights, samples=100_000, seed=0, weights_mode="perturbed"), 1
    )
    print(f"   (extra) perturbed weights incl. confidence pass: {other:.2f} s")
    print("   peers: neither pymcdm nor scikit-criteria implements SMAA")
    return best <= 5 and peak <= 2**30


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # the peers' deprecation and "minimised criteria" warnings
    repeat = 3 if args.quick else 7
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Options Ladder engine benchmarks — Python {platform.python_version()}, NumPy {np.__version__}, "
        f"{os.cpu_count()} CPUs, load average {load:.1f}\n"
    )
    results = [bench_full(repeat)]
    print()
    results.append(bench_topsis(repeat))
    print()
    results.append(bench_smaa(max(1, repeat // 3)))
    print(f"\n{sum(results)} of {len(results)} targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
