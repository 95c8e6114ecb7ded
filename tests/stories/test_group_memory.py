"""Memory of clustering one group: the dense linkage works in its one n x n matrix (no copy),
with the same clusters and the same loners attached; a group's pairs are kept among the
clusterer's scores only where they are read again; the dense/sparse choice is a byte budget."""

import tracemalloc

import numpy as np
import pytest

from stemma.stories import cluster as cluster_module
from stemma.stories.cluster import (
    StoryClusterer,
    StoryConfig,
    _cluster_means_in_place,
    attach_loners,
    average_linkage,
)
from tests.stories.test_cluster import CONFIG, COSINE_ONLY, at_angle, group_pairs, make, unit


def random_sims(seed: int, count: int):
    """Symmetric similarity matrices, every third with values rounded to one decimal (ties, as
    copies of one article give), half with starting groups."""
    rng = np.random.default_rng(seed)
    for trial in range(count):
        n = int(rng.integers(2, 50))
        x = rng.random((n, n)) ** 3
        sim = (x + x.T) / 2
        if trial % 3 == 0:
            sim = np.round(sim, 1)
        np.fill_diagonal(sim, 0.0)
        groups = None if trial % 2 else [int(g) for g in rng.integers(0, max(1, n // 2), n)]
        yield sim, groups


def test_the_linkage_in_place_gives_the_clusters_and_loners_of_the_copying_one():
    for sim, groups in random_sims(1, 200):
        want = attach_loners(sim, average_linkage(sim, 0.3, groups), 0.2)
        kept = sim.copy()
        assert average_linkage(sim, 0.3, groups, attach=0.2) == want
        assert np.array_equal(sim, kept)  # not overwritten unless asked
        assert average_linkage(sim, 0.3, groups, attach=0.2, overwrite=True) == want


def test_cluster_means_in_place_are_those_of_add_at_to_the_last_bit():
    rng = np.random.default_rng(2)
    for _ in range(100):
        n = int(rng.integers(2, 60))
        x = rng.random((n, n))
        sim = (x + x.T) / 2
        start = rng.integers(0, max(1, n // 3), n).tolist()
        first: dict = {}
        for label in start:
            first.setdefault(label, len(first))
        idx = np.array([first[label] for label in start], dtype=np.intp)
        k = len(first)
        sizes = np.bincount(idx, minlength=k).astype(np.float64)
        rows = np.zeros((k, n))
        np.add.at(rows, idx, sim)
        want = np.zeros((k, k))
        np.add.at(want.T, idx, rows.T)
        want /= np.outer(sizes, sizes)
        assert np.array_equal(_cluster_means_in_place(sim.copy(), idx, k, sizes), want)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("grouped", [False, True])
def test_the_linkage_in_place_holds_no_second_matrix(grouped, dtype):
    # the clusterer's matrix is float32 (``DENSE_PAIR_BYTES``): worked on in its own precision,
    # not copied into float64 (which would hold three times its bytes)
    n = 500
    rng = np.random.default_rng(3)
    x = rng.random((n, n)) ** 4
    sim = ((x + x.T) / 2).astype(dtype)
    groups = [i // 2 if i < 100 else i for i in range(n)] if grouped else None

    def peak(overwrite: bool) -> int:
        matrix = sim.copy()
        tracemalloc.start()
        average_linkage(matrix, 0.3, groups, attach=0.2, overwrite=overwrite)
        got = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return got

    assert peak(overwrite=False) > 0.9 * sim.nbytes  # the copy the linkage makes otherwise
    assert peak(overwrite=True) < 0.25 * sim.nbytes


def test_the_linkage_in_single_precision_gives_the_clusters_of_double():
    # the weights rounded to float32 (the clusterer's dense matrix): the same clusters and
    # loners wherever no two candidate merges tie to within float32's rounding
    # (exact ties, as ``random_sims``' rounded matrices hold, may break the other way)
    for trial, (sim, groups) in enumerate(random_sims(4, 300)):
        if trial % 3 == 0:
            continue
        want = average_linkage(sim, 0.3, groups, attach=0.2)
        single = sim.astype(np.float32)
        assert average_linkage(single, 0.3, groups, attach=0.2, overwrite=True) == want


def test_pairs_weighed_inside_a_group_are_kept_only_where_read_again():
    # one group along an arc, each article's two nearest its neighbours: the group weighs pairs
    # up to 70 degrees apart (cosine 0.34, over the floor), probability 0.04 under ``related``;
    # of those from ``related`` up only the neighbour pairs and what later steps read are kept
    # (tests/stories/test_kept_pairs.py)
    encoder, articles = make({f"a{i}": at_angle(10 * i) for i in range(10)})
    clusterer = StoryClusterer(encoder, StoryConfig(weights=COSINE_ONLY, neighbours=2))
    clusterer.add_many(articles)
    clusterer.stories()
    items = clusterer._group("a0")
    assert len(items) == 10
    near = set(zip(*(x.tolist() for x in clusterer._neighbour_pairs(items)), strict=True))
    kept, dropped, under = 0, 0, 0
    for i, j in group_pairs(clusterer, items):
        a, b = items[i], items[j]
        known = clusterer._weigh(a, b)
        held = clusterer._scores.get(a, b)
        if (i, j) in near:
            assert held == (known or False)  # a neighbour pair stays
        elif held:
            assert held == known and known[2] >= CONFIG.related
            kept += 1
        elif known and known[2] >= CONFIG.related:
            dropped += 1  # weighed again if the group is
        else:
            under += 1
    # one story in one language: no pair across two stories to read
    assert dropped and under and not kept


def test_dense_or_sparse_is_a_byte_budget():
    vectors = {f"a{i:02d}": unit(1.0, 0.05 * i) for i in range(12)}
    encoder, articles = make(vectors)
    small = StoryConfig(weights=COSINE_ONLY, dense_bytes=cluster_module.DENSE_PAIR_BYTES * 11 * 11)
    for config, sparse in ((small, True), (CONFIG, False)):
        clusterer = StoryClusterer(encoder, config)
        clusterer.add_many(articles, settle=False)
        items = clusterer._group("a00")
        assert len(items) == 12
        assert clusterer._sparse(items) is sparse
        assert [sorted(s.articles) for s in clusterer.stories()] == [sorted(vectors)]
