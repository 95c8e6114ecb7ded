"""Average linkage over sparse pair weights, for groups too large for an n x n matrix.

A story told by 10,000 outlets is one group of 10,000 articles: a dense similarity matrix would
take 800 MB and its agglomeration n^2 steps, though each article is weighed against a few dozen
neighbours only. Here the weights are a dict of the pairs that have one (a pair absent weighs
0, as an unscored pair does in the dense matrix), clusters keep the sums of weights to their
neighbouring clusters, and the best pair is taken from a heap: memory and time grow with the
pairs, not with the square of the group. Average linkage is reducible, so merging the globally
best pair gives the dense nearest-neighbour chain's clusters (ties aside: here they go to the
lower cluster numbers).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence


class PairWeights(dict):
    """``weights[i, j]``: a symmetric pair weight, 0 when absent (drop-in for a dense matrix in
    ``sim[i, j] = sim[j, i] = p`` and ``sim[i, j] * w``)."""

    def __missing__(self, key) -> float:
        return 0.0


def sparse_average_linkage(
    weights: PairWeights, n: int, threshold: float, groups: Sequence[int] | None = None
) -> list[int]:
    """Cluster labels of ``n`` items from average linkage stopped at ``threshold``;
    ``groups`` optional starting clusters (a label per item)."""
    start = list(range(n)) if groups is None else list(groups)
    first: dict = {}
    for label in start:
        first.setdefault(label, len(first))
    idx = [first[label] for label in start]
    size = [0] * len(first)
    for c in idx:
        size[c] += 1
    sums: list[dict[int, float]] = [{} for _ in first]  # cluster -> neighbour cluster -> sum
    for (i, j), w in weights.items():
        a, b = idx[i], idx[j]
        if i < j and a != b and w:
            sums[a][b] = sums[a].get(b, 0.0) + w
            sums[b][a] = sums[b].get(a, 0.0) + w
    heap = [
        (-s / (size[a] * size[b]), a, b)
        for a in range(len(sums))
        for b, s in sums[a].items()
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
        if -neg != sums[a][b] / (size[a] * size[b]):  # stale: a side has grown since
            continue
        keep, gone = min(a, b), max(a, b)
        alive[gone], owner[gone] = False, keep
        size[keep] += size[gone]
        del sums[keep][gone]
        for other, s in sums[gone].items():
            if other == keep:
                continue
            sums[keep][other] = sums[keep].get(other, 0.0) + s
            del sums[other][gone]
            sums[other][keep] = sums[keep][other]
        sums[gone] = {}
        for other, s in sums[keep].items():
            lo, hi = min(keep, other), max(keep, other)
            heapq.heappush(heap, (-s / (size[keep] * size[other]), lo, hi))
    root = list(range(len(sums)))
    for c in range(len(sums)):
        r = c
        while owner[r] != r:
            r = owner[r]
        root[c] = r
    return [root[c] for c in idx]


def sparse_attach_loners(weights: PairWeights, labels: list[int], threshold: float) -> list[int]:
    """Each item left alone joins the cluster (of two or more) it matches best on average, where
    that mean reaches ``threshold``; ties go to the lower label (as ``attach_loners``)."""
    labels = list(labels)
    sizes: dict[int, int] = {}
    for label in labels:
        sizes[label] = sizes.get(label, 0) + 1
    totals: dict[int, dict[int, float]] = {}
    for (i, j), w in weights.items():
        if w and sizes[labels[i]] == 1 and sizes[labels[j]] > 1:
            row = totals.setdefault(i, {})
            row[labels[j]] = row.get(labels[j], 0.0) + w
    moved = list(labels)
    for i, row in totals.items():
        best = min(row, key=lambda c: (-row[c] / sizes[c], c))
        if row[best] / sizes[best] >= threshold:
            moved[i] = best
    return moved
