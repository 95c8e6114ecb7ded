"""Average linkage over sparse pair weights, for groups too large for an n x n matrix.

A story told by 10,000 outlets is one group of 10,000 articles: a dense similarity matrix would
take 800 MB and its agglomeration n^2 steps, though each article is weighed against a few dozen
neighbours only. Here the weights are arrays of the pairs the group scored, clusters keep the
sum and the number of scored pairs between them, and the best pair is taken from a heap: memory
and time grow with the pairs, not with the square of the group.

What is averaged differs from the dense matrix, where a pair left out weighs 0: in a large
group most pairs are left out because nobody scored them, not because they differ, and with
0s two clusters of more than a few dozen articles could never reach the threshold (a wire story
run by 2,000 outlets fell apart into dozens). So two clusters weigh the mean of their scored
pairs, counted as at least ``MIN_SUPPORT`` pairs (one strong pair alone does not join two
clusters). When every pair is scored this is the dense average linkage.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np

MIN_SUPPORT = 4  # scored pairs two clusters are taken to have, at least (up to their product)


class PairWeights:
    """A group's symmetric pair weights, 0 where absent (``weights[i, j] = weights[j, i] = p``
    sets one, as in a dense matrix), and the pairs it scored (``scored``: weighed, even if the
    weight stays 0), held as arrays until :meth:`pairs` lists them. A group of 30,000 articles
    scores a million neighbour pairs: a dict entry for each direction and a set entry for each
    pair cost some 300 MB and more time than weighing them (a step adding 100 articles to
    100,000 re-clusters such groups). A pair set again keeps its last weight."""

    def __init__(self) -> None:
        self._scored: list[np.ndarray] = []  # keys (``_key``) of the pairs scored
        self._keys: list[np.ndarray] = []  # keys of the weights set, in the order set
        self._values: list[np.ndarray] = []
        self._one_keys: list[int] = []  # set one at a time since the last block
        self._one_values: list[float] = []
        self._one_scored: list[int] = []
        self._listed: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # pairs(), held

    def __setitem__(self, pair: tuple[int, int], weight: float) -> None:
        self._one_keys.append(_key(*pair))
        self._one_values.append(weight)
        self._listed = None

    def scored(self, i: int, j: int) -> None:
        self._one_scored.append(_key(i, j))
        self._listed = None

    def scored_many(self, i: np.ndarray, j: np.ndarray) -> None:
        """:meth:`scored` of each pair ``(i[m], j[m])``."""
        self._scored.append(_keys(i, j))
        self._listed = None

    def put_many(self, i: np.ndarray, j: np.ndarray, w: np.ndarray) -> None:
        """``weights[i[m], j[m]] = weights[j[m], i[m]] = w[m]``, in that order."""
        self._flush()
        self._keys.append(_keys(i, j))
        self._values.append(np.asarray(w, dtype=np.float64))
        self._listed = None

    def _flush(self) -> None:
        if self._one_keys:
            self._keys.append(np.array(self._one_keys, dtype=np.int64))
            self._values.append(np.array(self._one_values, dtype=np.float64))
            self._one_keys, self._one_values = [], []
        if self._one_scored:
            self._scored.append(np.array(self._one_scored, dtype=np.int64))
            self._one_scored = []

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(i, j, weight)`` arrays, ``i < j``, of every scored or weighted pair, ordered by
        ``i`` then ``j``: a pair's weight is the last set (0 where none was). Listed once while
        nothing is set or scored (a sparse group's linkage reads them, then its loners)."""
        if self._listed is not None:
            return self._listed
        self._flush()
        keys = np.concatenate(self._keys) if self._keys else np.zeros(0, np.int64)
        values = np.concatenate(self._values) if self._values else np.zeros(0)
        # each key's last weight: the first of the reversed arrays
        keys, at = np.unique(keys[::-1], return_index=True)
        values = values[::-1][at]
        scored = np.concatenate(self._scored) if self._scored else np.zeros(0, np.int64)
        listed = np.union1d(scored, keys[values != 0])
        weight = np.zeros(len(listed))
        where = np.searchsorted(listed, keys)
        inside = where < len(listed)
        inside[inside] = listed[where[inside]] == keys[inside]
        weight[where[inside]] = values[inside]
        self._listed = (listed >> 32, listed & 0xFFFFFFFF, weight)
        return self._listed


def _key(i: int, j: int) -> int:
    """One integer for a pair in either order (``i`` and ``j`` under 2**31), ordered as
    ``(min, max)``."""
    return min(i, j) << 32 | max(i, j)


def _keys(i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """:func:`_key` of each pair ``(i[m], j[m])``."""
    return np.minimum(i, j).astype(np.int64) << 32 | np.maximum(i, j)


def _cell_sums(cells: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each distinct cell of ``cells`` (sorted), the sum of its ``w`` and how many: sums taken
    in the order given (``bincount`` adds so), the same floats as adding one at a time."""
    cells, at = np.unique(cells, return_inverse=True)
    return cells, np.bincount(at, weights=w, minlength=len(cells)), np.bincount(at)


def _mean(total: float, count: int, size_a: int, size_b: int) -> float:
    return total / max(count, min(MIN_SUPPORT, size_a * size_b))


def sparse_average_linkage(
    weights: PairWeights, n: int, threshold: float, groups: Sequence[int] | None = None
) -> list[int]:
    """Cluster labels of ``n`` items from average linkage (over scored pairs, see the module)
    stopped at ``threshold``; ``groups`` optional starting clusters (a label per item)."""
    start = list(range(n)) if groups is None else list(groups)
    first: dict = {}
    for label in start:
        first.setdefault(label, len(first))
    idx = np.array([first[label] for label in start], dtype=np.int64)
    m = len(first)
    sizes = np.bincount(idx, minlength=m)
    size = sizes.tolist()
    # cluster -> neighbour cluster -> [sum of weights, scored pairs], each pair of clusters'
    # sum taken in the order of its item pairs
    i, j, w = weights.pairs()
    a, b = idx[i], idx[j]
    cross = a != b
    lo, hi, w = np.minimum(a, b)[cross], np.maximum(a, b)[cross], w[cross]
    cells, totals, counts = _cell_sums(lo * m + hi, w)
    lo, hi = cells // m, cells % m
    sums: list[dict[int, list]] = [{} for _ in range(m)]
    for x, y, t, k in zip(lo.tolist(), hi.tolist(), totals.tolist(), counts.tolist(), strict=True):
        sums[x][y] = [t, k]
        sums[y][x] = [t, k]
    means = totals / np.maximum(counts, np.minimum(MIN_SUPPORT, sizes[lo] * sizes[hi]))
    heap = list(zip((-means).tolist(), lo.tolist(), hi.tolist(), strict=True))
    heapq.heapify(heap)
    owner = list(range(len(sums)))
    alive = [True] * len(sums)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if -neg < threshold:
            break
        if not (alive[a] and alive[b]) or b not in sums[a]:
            continue
        if -neg != _mean(*sums[a][b], size[a], size[b]):  # stale: a side has grown since
            continue
        keep, gone = min(a, b), max(a, b)
        alive[gone], owner[gone] = False, keep
        size[keep] += size[gone]
        del sums[keep][gone]
        for other, (t, k) in sums[gone].items():
            if other == keep:
                continue
            cell = sums[keep].setdefault(other, [0.0, 0])
            cell[0] += t
            cell[1] += k
            del sums[other][gone]
            sums[other][keep] = list(cell)
        sums[gone] = {}
        for other, (t, k) in sums[keep].items():
            lo, hi = min(keep, other), max(keep, other)
            heapq.heappush(heap, (-_mean(t, k, size[keep], size[other]), lo, hi))
    root = list(range(len(sums)))
    for c in range(len(sums)):
        r = c
        while owner[r] != r:
            r = owner[r]
        root[c] = r
    return [root[c] for c in idx.tolist()]


def sparse_attach_loners(weights: PairWeights, labels: list[int], threshold: float) -> list[int]:
    """Each item left alone joins the cluster (of two or more) it matches best on average over
    its scored pairs there, where that mean reaches ``threshold``; ties go to the lower label
    (as ``attach_loners``)."""
    label = np.asarray(labels, dtype=np.int64)
    if not len(label):
        return []
    kinds, of, size = np.unique(label, return_inverse=True, return_counts=True)
    alone = size[of] == 1
    i, j, w = weights.pairs()
    # each pair read both ways, in the pairs' order ((i, j), then (j, i)): a loner's sum with a
    # cluster adds its weights in that order, as one at a time would
    x = np.stack([i, j], axis=1).ravel()
    y = np.stack([j, i], axis=1).ravel()
    w = np.repeat(w, 2)
    take = alone[x] & ~alone[y]
    x, c, w = x[take], of[y[take]], w[take]
    cells, totals, counts = _cell_sums(x * len(kinds) + c, w)
    x, c = cells // len(kinds), cells % len(kinds)
    means = totals / np.maximum(counts, np.minimum(MIN_SUPPORT, size[c]))
    # per loner, the best mean first, then the lower label (labels ordered as ``kinds``)
    order = np.lexsort((c, -means, x))
    best = order[np.r_[True, x[order][1:] != x[order][:-1]]] if len(order) else order
    best = best[means[best] >= threshold]
    moved = label.copy()
    moved[x[best]] = kinds[c[best]]
    return moved.tolist()
