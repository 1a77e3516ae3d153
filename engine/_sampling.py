"""Random draws for SMAA: triangular cell values and weight vectors, chunk by chunk.

Every stream is a PCG64DXSM generator advanced to the chunk's first sample, so a chunk's
draws depend only on the seed and the sample numbers: the same seed gives the same
numbers whatever the chunk size or the number of threads.
"""

from __future__ import annotations

import threading

import numpy as np

from engine._matrix import DecisionMatrix
from engine._methods import PreparedMethod

__all__ = ["STREAMS", "TriangularCells", "WeightSampler", "WorkBuffers"]

#: Index of each random stream among the seed's spawned children.
STREAMS = {"values": 0, "weights": 1, "shuffles": 2, "check": 3}


def _generator(seed: np.random.SeedSequence, start: int, per_sample: int) -> np.random.Generator:
    """A generator positioned at sample ``start`` of a stream using ``per_sample`` raw draws each."""
    bits = np.random.PCG64DXSM(seed)
    if start and per_sample:
        bits.advance(start * per_sample)
    return np.random.Generator(bits)


class WorkBuffers(threading.local):
    """Per-thread work arrays, reused across chunks (fresh large arrays cost page faults)."""

    arrays: dict[tuple[str, tuple[int, ...], str], np.ndarray]

    def __init__(self) -> None:
        self.arrays = {}

    def get(self, name: str, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
        key = (name, shape[1:], str(dtype))
        array = self.arrays.get(key)
        if array is None or array.shape[0] < shape[0]:
            array = self.arrays[key] = np.empty(shape, dtype=dtype)
        return array[: shape[0]]


class TriangularCells:
    """Triangular draws of the cells with a range, on the scale the method ranks with.

    For a cell on [a, b] with mode c and u ~ U(0, 1), x = a + sqrt(u (b − a)(c − a))
    if u < (c − a)/(b − a), else b − sqrt((1 − u)(b − a)(b − c)) (inverse CDF).

    For the weighted sum the draw is made directly on the normalised scale (an affine
    map keeps a triangular distribution triangular); for the weighted product cells are
    drawn as values and turned into ±ln x; both in float32. Other methods get float64
    values and score them themselves.
    """

    def __init__(self, matrix: DecisionMatrix, model: PreparedMethod) -> None:
        self.model = model
        self.shape = matrix.shape
        self.path = (
            "affine"
            if model.affine
            else ("cell" if model.cell_utilities(matrix.values) is not None else "general")
        )
        self.dtype = np.dtype(np.float64 if self.path == "general" else np.float32)
        if self.path == "affine":
            at_low, at_high = model.cell_utilities(matrix.low), model.cell_utilities(matrix.high)
            lower, upper = np.minimum(at_low, at_high), np.maximum(at_low, at_high)
            mode = model.cell_utilities(matrix.values)
        else:
            lower, upper, mode = matrix.low, matrix.high, matrix.values
        self.base = np.asarray(mode, dtype=self.dtype).ravel()
        self.cells = np.flatnonzero((upper > lower).ravel())
        a, b, c = lower.ravel()[self.cells], upper.ravel()[self.cells], np.asarray(mode).ravel()[self.cells]
        width = b - a
        as_dtype = lambda x: np.asarray(x, dtype=self.dtype)  # noqa: E731
        self.a, self.b = as_dtype(a), as_dtype(b)
        self.tau = as_dtype((c - a) / np.where(width > 0, width, 1.0))
        self.left, self.right = as_dtype(width * (c - a)), as_dtype(width * (b - c))
        self.padded = self.cells.size + self.cells.size % 2  # float32 draws come in pairs

    @property
    def active(self) -> bool:
        return self.cells.size > 0

    def fixed(self) -> np.ndarray:
        """The ranking scale of the unsampled matrix, (n, m)."""
        full = self.base.reshape(self.shape)
        return self.model.cell_utilities(full) if self.path == "cell" else full

    def draw(self, seed: np.random.SeedSequence, start: int, count: int, buffers: WorkBuffers) -> np.ndarray:
        """Samples ``start`` … ``start + count − 1``: shape (count, n, m)."""
        k, nm = self.cells.size, self.base.size
        per_sample = self.padded // 2 if self.dtype == np.float32 else self.padded
        u = buffers.get("u", (count, self.padded), self.dtype)
        bits = _generator(seed, start, per_sample).bit_generator
        if self.dtype == np.float32:  # two 24-bit uniforms per 64 random bits
            halves = bits.random_raw(count * per_sample).view(np.uint32).reshape(count, self.padded)
            np.right_shift(halves, np.uint32(8), out=halves)  # 24 bits, exact in float32
            np.multiply(
                halves.view(np.int32), np.float32(2.0**-24), out=u, dtype=np.float32, casting="unsafe"
            )
        else:
            np.random.Generator(bits).random(out=u)
        u = u[:, :k]
        below = np.less(u, self.tau, out=buffers.get("below", (count, k), np.dtype(bool)))
        left = np.multiply(u, self.left, out=buffers.get("left", (count, k), self.dtype))
        np.sqrt(left, out=left)
        left += self.a
        full = buffers.get("full", (count, nm), self.dtype)
        right = full if k == nm else buffers.get("right", (count, k), self.dtype)
        np.subtract(1.0, u, out=right)
        right *= self.right
        np.sqrt(right, out=right)
        np.subtract(self.b, right, out=right)
        left -= right  # blend without np.where: right + below · (left − right)
        left *= below
        right += left
        if k != nm:
            full[:] = self.base
            full[:, self.cells] = right
        values = full.reshape(count, *self.shape)
        return self.model.cell_utilities(values) if self.path == "cell" else values


class WeightSampler:
    """Weight vectors per sample for each weights mode, from position-addressable streams."""

    def __init__(
        self, mode: str, w: np.ndarray, perturbation: float, seeds: list[np.random.SeedSequence]
    ) -> None:
        self.mode, self.w, self.perturbation = mode, w, perturbation
        self.weight_seed, self.shuffle_seed = seeds[STREAMS["weights"]], seeds[STREAMS["shuffles"]]
        positive = np.flatnonzero(w > 0)
        self.ranked = positive[np.argsort(-w[positive], kind="stable")]  # most important first
        _, group_of = np.unique(-w[self.ranked], return_inverse=True)
        self.groups = (
            [np.flatnonzero(group_of == g) for g in range(group_of.max() + 1)] if self.ranked.size else []
        )
        self.shuffled = sum(g.size for g in self.groups if g.size > 1)

    @property
    def fixed(self) -> bool:
        return self.mode == "fixed"

    def draw(self, start: int, count: int) -> np.ndarray:
        """(count, m) weight vectors, or the fixed (m,) vector."""
        m = self.w.size
        if self.mode == "fixed":
            return self.w
        if self.mode == "perturbed":
            u = _generator(self.weight_seed, start, m).random((count, m))
            drawn = self.w * (1.0 + self.perturbation * (2.0 * u - 1.0))
            return drawn / drawn.sum(axis=1, keepdims=True)
        if self.mode == "unknown":
            return _simplex(_generator(self.weight_seed, start, m).random((count, m)))
        k = self.ranked.size  # ordinal: a sorted uniform-simplex vector in the user's order
        point = -np.sort(-_simplex(_generator(self.weight_seed, start, k).random((count, k))), axis=1)
        if self.shuffled:
            keys = _generator(self.shuffle_seed, start, self.shuffled).random((count, self.shuffled))
            used = 0
            for members in self.groups:  # criteria of equal weight: either order
                if members.size > 1:
                    order = np.argsort(keys[:, used : used + members.size], axis=1)
                    point[:, members] = np.take_along_axis(point[:, members], order, axis=1)
                    used += members.size
        out = np.zeros((count, m))
        out[:, self.ranked] = point
        return out


def _simplex(u: np.ndarray) -> np.ndarray:
    """Uniform points on the simplex from uniforms: normalised exponentials −ln(1 − u)."""
    e = -np.log1p(-u)
    total = e.sum(axis=1, keepdims=True)
    return e / np.where(total > 0, total, 1.0)
