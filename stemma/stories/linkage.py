"""Average linkage over sparse pair weights, for groups too large for an n x n matrix.

A story told by 10,000 outlets is one group of 10,000 articles: a dense similarity matrix would
take 800 MB and its agglomeration n^2 steps, though each article is weighed against a few dozen
neighbours only. Here the weights are a dict of the pairs the group scored, clusters keep the
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


class PairWeights(dict):
    """``weights[i, j]``: a symmetric pair weight, 0 when absent (drop-in for a dense matrix in
    ``sim[i, j] = sim[j, i] = p`` and ``sim[i, j] * w``); ``scored(i, j)`` marks a pair weighed
    even when its weight stays 0."""

    def __init__(self) -> None:
        super().__init__()
        self.counted: set[tuple[int, int]] = set()

    def __missing__(self, key) -> float:
        return 0.0

    def scored(self, i: int, j: int) -> None:
        self.counted.add((min(i, j), max(i, j)))

    def scored_many(self, i: np.ndarray, j: np.ndarray) -> None:
        """:meth:`scored` of each pair ``(i[m], j[m])``."""
        self.counted.update(zip(np.minimum(i, j).tolist(), np.maximum(i, j).tolist(), strict=True))

    def put_many(self, i: np.ndarray, j: np.ndarray, w: np.ndarray) -> None:
        """``weights[i[m], j[m]] = weights[j[m], i[m]] = w[m]`` for pairs ``i < j`` each given
        once (a group's block of pairs): as set one at a time, in a dict update."""
        a, b, v = i.tolist(), j.tolist(), w.tolist()
        self.update(zip(zip(a, b, strict=True), v, strict=True))
        self.update(zip(zip(b, a, strict=True), v, strict=True))

    def pairs(self):
        """(i, j, weight), i < j, of every scored or weighted pair, in order. Ordered as one
        integer each (``i`` and ``j`` under 2**31): sorting a million tuples took twice as long,
        twice for each sparse group (its linkage, then its loners)."""
        seen = set(self.counted)
        seen.update((min(i, j), max(i, j)) for (i, j), w in self.items() if w)
        keys = np.fromiter((i << 32 | j for i, j in seen), dtype=np.int64, count=len(seen))
        keys.sort()
        get = self.get
        for key in keys.tolist():
            i, j = key >> 32, key & 0xFFFFFFFF
            yield i, j, get((i, j), 0.0)


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
    idx = [first[label] for label in start]
    size = [0] * len(first)
    for c in idx:
        size[c] += 1
    # cluster -> neighbour cluster -> [sum of weights, scored pairs]
    sums: list[dict[int, list]] = [{} for _ in first]
    for i, j, w in weights.pairs():
        a, b = idx[i], idx[j]
        if a != b:
            for x, y in ((a, b), (b, a)):
                cell = sums[x].setdefault(y, [0.0, 0])
                cell[0] += w
                cell[1] += 1
    heap = [
        (-_mean(t, k, size[a], size[b]), a, b)
        for a in range(len(sums))
        for b, (t, k) in sums[a].items()
        if a < b
    ]
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
    return [root[c] for c in idx]


def sparse_attach_loners(weights: PairWeights, labels: list[int], threshold: float) -> list[int]:
    """Each item left alone joins the cluster (of two or more) it matches best on average over
    its scored pairs there, where that mean reaches ``threshold``; ties go to the lower label
    (as ``attach_loners``)."""
    labels = list(labels)
    sizes: dict[int, int] = {}
    for label in labels:
        sizes[label] = sizes.get(label, 0) + 1
    totals: dict[int, dict[int, list]] = {}
    for i, j, w in weights.pairs():
        for x, y in ((i, j), (j, i)):
            if sizes[labels[x]] == 1 and sizes[labels[y]] > 1:
                cell = totals.setdefault(x, {}).setdefault(labels[y], [0.0, 0])
                cell[0] += w
                cell[1] += 1
    moved = list(labels)
    for i, row in totals.items():
        means = {c: _mean(t, k, 1, sizes[c]) for c, (t, k) in row.items()}
        best = min(means, key=lambda c: (-means[c], c))
        if means[best] >= threshold:
            moved[i] = best
    return moved
