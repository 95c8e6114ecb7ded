"""The sparse average linkage for large groups: the dense one's clusters when every pair is
scored, and one story for a large group of near-identical articles scored against neighbours
only."""

import numpy as np

from stemma.stories.cluster import attach_loners, average_linkage
from stemma.stories.linkage import PairWeights, sparse_attach_loners, sparse_average_linkage


def _clusters(labels: list[int]) -> list[tuple[int, ...]]:
    found: dict[int, list[int]] = {}
    for item, label in enumerate(labels):
        found.setdefault(label, []).append(item)
    return sorted(tuple(v) for v in found.values())


def test_with_every_pair_scored_sparse_and_dense_average_linkage_agree():
    rng = np.random.default_rng(1)
    for trial in range(200):
        n = int(rng.integers(2, 40))
        dense, sparse = np.zeros((n, n)), PairWeights()
        for i in range(n):
            for j in range(i + 1, n):
                sparse.scored(i, j)
                if rng.random() < 0.3:
                    p = float(rng.random())
                    dense[i, j] = dense[j, i] = sparse[i, j] = sparse[j, i] = p
        start = [int(x) for x in rng.integers(0, n, size=n)] if trial % 2 else None
        want = attach_loners(dense, average_linkage(dense, 0.3, start), 0.2)
        got = sparse_attach_loners(sparse, sparse_average_linkage(sparse, n, 0.3, start), 0.2)
        assert _clusters(got) == _clusters(want), trial


def test_twenty_thousand_items_in_small_cliques_cluster_without_a_dense_matrix():
    n, k = 20_000, 5  # a dense matrix would take 3.2 GB
    weights = PairWeights()
    for start in range(0, n, k):
        for i in range(start, start + k):
            for j in range(i + 1, start + k):
                weights[i, j] = weights[j, i] = 0.9
        if start + k < n:  # a weak tie to the next clique
            weights[start, start + k] = weights[start + k, start] = 0.05
    labels = sparse_average_linkage(weights, n, 0.3)
    assert len(set(labels)) == n // k
    assert labels[0] == labels[4] and labels[0] != labels[5]


def test_a_large_group_of_copies_scored_against_neighbours_only_stays_one_cluster():
    # 3,000 near-identical articles, each scored against its 24 next: with unscored pairs
    # taken as 0 no two clusters of more than a few dozen could reach the threshold
    n, k = 3_000, 24
    weights = PairWeights()
    for i in range(n):
        for j in range(i + 1, min(n, i + 1 + k)):
            weights.scored(i, j)
            weights[i, j] = weights[j, i] = 0.95
    assert len(set(sparse_average_linkage(weights, n, 0.3))) == 1


def test_one_strong_pair_does_not_join_two_clusters():
    weights = PairWeights()
    for block in (range(0, 5), range(5, 10)):
        for i in block:
            for j in block:
                if i < j:
                    weights.scored(i, j)
                    weights[i, j] = weights[j, i] = 0.9
    weights.scored(0, 5)
    weights[0, 5] = weights[5, 0] = 0.9  # one pair across, the others never scored
    labels = sparse_average_linkage(weights, 10, 0.3)
    assert len(set(labels)) == 2


def test_pair_weights_put_in_blocks_are_those_put_one_at_a_time_and_list_in_order():
    rng = np.random.default_rng(5)
    one, many = PairWeights(), PairWeights()
    weight: dict[tuple[int, int], float] = {}  # what a plain dict of the last weights holds
    scored: set[tuple[int, int]] = set()
    for _ in range(20):  # blocks of pairs i < j, each pair once in a block, some in several
        flat = rng.choice(300 * 300, size=400, replace=False)
        i, j = flat // 300, flat % 300
        i, j = i[i < j], j[i < j]
        w = np.where(rng.random(len(i)) < 0.3, 0.0, rng.random(len(i)))
        for a, b in zip(i.tolist(), j.tolist(), strict=True):
            one.scored(a, b)
            scored.add((a, b))
        many.scored_many(i, j)
        live = w > 0
        for a, b, x in zip(i[live].tolist(), j[live].tolist(), w[live].tolist(), strict=True):
            one[a, b] = one[b, a] = x
            weight[a, b] = x
        many.put_many(i[live], j[live], w[live])
    for a, b, x in ((7, 3, 0.5), (3, 7, 0.25), (11, 12, 0.0), (13, 14, 0.75)):
        one[a, b] = one[b, a] = x  # set outside the blocks, not scored; the last one holds
        many[a, b] = many[b, a] = x
        weight[min(a, b), max(a, b)] = x
    want = sorted({*scored, *(p for p, x in weight.items() if x)})
    for got in (one.pairs(), many.pairs()):
        i, j, w = (x.tolist() for x in got)
        assert list(zip(i, j, strict=True)) == want
        assert w == [weight.get(p, 0.0) for p in want]
    assert (3, 7) in want and (11, 12) not in want
    many[11, 12] = many[12, 11] = 0.125  # set after listing: listed again with it
    i, j, w = (x.tolist() for x in many.pairs())
    assert (11, 12, 0.125) in zip(i, j, w, strict=True) and len(i) == len(want) + 1


def test_sparse_sums_are_those_of_adding_weights_one_at_a_time():
    # three clusters given at the start, weights whose float sums depend on their order: the
    # linkage's means must be those of adding each cluster pair's weights in the pairs' order
    n = 30
    start = [k % 3 for k in range(n)]
    weights = PairWeights()
    rng = np.random.default_rng(11)
    total: dict[tuple[int, int], float] = {}
    count: dict[tuple[int, int], int] = {}
    for i in range(n):
        for j in range(i + 1, n):
            x = float(rng.random()) * 10 ** float(rng.integers(-8, 1))
            weights.scored(i, j)
            weights[i, j] = weights[j, i] = x
            cell = (min(start[i], start[j]), max(start[i], start[j]))
            if cell[0] != cell[1]:
                total[cell] = total.get(cell, 0.0) + x
                count[cell] = count.get(cell, 0) + 1
    means = {c: total[c] / count[c] for c in total}
    best = max(means.values())
    # a threshold at the best mean merges that pair of clusters; a hair above it, none
    assert len(set(sparse_average_linkage(weights, n, best, start))) == 2
    assert len(set(sparse_average_linkage(weights, n, np.nextafter(best, 1.0), start))) == 3
