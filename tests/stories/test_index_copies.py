"""The neighbour graph of a pile full of identical vectors (one story run by many outlets): fed in
id order it breaks ties on arrays, and must give exactly what the one-by-one checks give."""

import numpy as np

from stemma.stories.index import NeighbourGraph, rounded_cosines
from tests.stories.test_index import brute_pairs


def _copies(n=300, dim=8, seed=1):
    rng = np.random.default_rng(seed)
    vecs = rng.normal(size=(n, dim)).astype(np.float32)
    vecs[40:200] = vecs[3]  # one text, 161 times
    vecs[200:260] = vecs[7] * 0.5 + vecs[3] * 0.5  # its close edit, 60 times
    vecs[260:270] = -vecs[3]
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return [f"c{i:04d}" for i in range(n)], vecs


def _run(ids, vecs, k, floor, rising: bool, chunk: int):
    graph = NeighbourGraph(vecs.shape[1], k, floor)
    out = []
    for at in range(0, len(ids), chunk):
        if not rising:
            graph._rising = False  # the one-by-one checks, as for ids out of order
        out.extend(graph.add_many(ids[at : at + chunk], vecs[at : at + chunk]))
    assert graph._rising is rising
    return graph, out


def test_ties_among_copies_broken_on_arrays_give_what_the_checks_give():
    ids, vecs = _copies()
    for k, floor in ((4, 0.2), (24, 0.0), (1, 0.5)):
        for chunk in (1, 7, 300):
            fast, born_dead = _run(ids, vecs, k, floor, rising=True, chunk=chunk)
            slow, want = _run(ids, vecs, k, floor, rising=False, chunk=chunk)
            assert born_dead == want  # the same pairs born and dying, at the same arrivals
            assert all(fast.neighbours(i) == slow.neighbours(i) for i in ids)
    alive = {(min(a, b), max(a, b)) for a in ids for b in fast.neighbours(a)}
    assert alive == brute_pairs(ids, vecs, 1, 0.5)


def test_an_id_arriving_out_of_order_turns_the_array_ties_off():
    ids, vecs = _copies(60)
    graph = NeighbourGraph(vecs.shape[1], 4, 0.2)
    graph.add_many(ids[30:], vecs[30:])
    assert graph._rising
    graph.add_many(ids[:30], vecs[:30])  # smaller ids after larger: row order is not id order
    assert not graph._rising
    alive = {(min(a, b), max(a, b)) for a in ids for b in graph.neighbours(a)}
    assert alive == brute_pairs(ids, vecs, 4, 0.2)


def test_a_pair_has_one_cosine_however_the_product_is_cut():
    """Copies of one text at every place in a batch, cut into batches of many sizes: each pair's
    rounded cosine is the same whichever batch and row gave it (float32 sums differ with where
    a row falls among a matrix product's tiles, and rounding them to 1e-6 did not hide it)."""
    rng = np.random.default_rng(3)
    vecs = rng.normal(size=(1500, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    vecs[100:900] = vecs[5]
    whole = rounded_cosines(vecs, vecs)
    for cut in (1, 3, 37, 129, 1024):
        parts = np.concatenate(
            [rounded_cosines(vecs[lo : lo + cut], vecs) for lo in range(0, 1500, cut)]
        )
        assert np.array_equal(parts, whole)
    # every copy the same with every other article
    assert (whole[100:900] == whole[5]).all()
    assert np.array_equal(whole, whole.T)
