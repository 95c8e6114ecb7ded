"""The nearest-neighbour graph behind story candidates: the streamed graph equals the batch one
whatever the arrival order, pairs die when both sides find nearer items, ties go to smaller ids."""

import random

import numpy as np

from stemma.stories.index import NeighbourGraph


def brute_pairs(ids, vecs, k, floor):
    """Candidate pairs by definition: one of the two among the other's k nearest."""
    cos = np.round(vecs.astype(np.float64) @ vecs.astype(np.float64).T, 6)
    nearest = {}
    for i, item in enumerate(ids):
        others = [j for j in range(len(ids)) if j != i and cos[i, j] >= floor]
        others.sort(key=lambda j: (-cos[i, j], ids[j]))
        nearest[item] = {ids[j] for j in others[:k]}
    return {tuple(sorted((a, b))) for a in ids for b in nearest[a] if b in nearest[a] | nearest[b]}


def streamed_pairs(ids, vecs, k, floor, order, batch):
    graph = NeighbourGraph(vecs.shape[1], k, floor)
    alive = set()
    if batch:
        results = zip(order, graph.add_many([ids[i] for i in order], vecs[order]), strict=True)
    else:
        results = ((i, graph.add(ids[i], vecs[i])) for i in order)
    for i, (born, dead) in results:
        alive |= {tuple(sorted((ids[i], other))) for other, _ in born}
        alive -= {tuple(sorted(pair)) for pair in dead}
    assert all(graph.is_pair(a, b) for a, b in alive)
    return alive


def test_streamed_graph_equals_the_definition_in_any_order():
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(120, 8)).astype(np.float32)
    vecs[60:70] = vecs[5]  # exact copies: ties broken by id
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    ids = [f"a{i:03d}" for i in range(len(vecs))]
    want = brute_pairs(ids, vecs, k=4, floor=0.2)
    for seed in range(3):
        order = list(range(len(ids)))
        random.Random(seed).shuffle(order)
        assert streamed_pairs(ids, vecs, 4, 0.2, order, batch=False) == want
        assert streamed_pairs(ids, vecs, 4, 0.2, order, batch=True) == want


def test_a_pair_dies_when_both_sides_find_nearer_items():
    graph = NeighbourGraph(2, k=1, floor=0.0)
    graph.add("a", np.array([1.0, 0.0], dtype=np.float32))
    born, _ = graph.add("b", np.array([0.8, 0.6], dtype=np.float32))
    assert [p for p, _ in born] == ["a"]
    # c is nearer to both a and b than they are to each other: a-b dies
    _, dead = graph.add("c", np.array([1.0, 0.2], dtype=np.float32) / np.hypot(1.0, 0.2))
    assert {tuple(sorted(p)) for p in dead} == {("a", "b")}
    # d is b's nearest now, and b is not c's: b-c dies
    _, dead = graph.add("d", np.array([0.75, 0.66], dtype=np.float32) / np.hypot(0.75, 0.66))
    assert {tuple(sorted(p)) for p in dead} == {("b", "c")}
    assert not graph.is_pair("a", "b") and graph.is_pair("a", "c") and graph.is_pair("b", "d")


def test_pairs_under_the_floor_are_never_candidates():
    graph = NeighbourGraph(2, k=3, floor=0.5)
    graph.add("a", np.array([1.0, 0.0], dtype=np.float32))
    born, _ = graph.add("b", np.array([0.0, 1.0], dtype=np.float32))
    assert born == [] and graph.neighbours("b") == []
    assert len(graph) == 2 and "a" in graph and graph.vector("b")[1] == 1.0


def test_pairs_asked_in_arrays_as_one_at_a_time():
    rng = np.random.default_rng(4)
    vecs = rng.normal(size=(90, 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    ids = [f"a{i:03d}" for i in range(len(vecs))]
    graph = NeighbourGraph(8, 3, 0.1)
    graph.add_many(ids, vecs)
    a = [ids[int(x)] for x in rng.integers(0, len(ids), 3000)] + ["unseen", "a001"]
    b = [ids[int(x)] for x in rng.integers(0, len(ids), 3000)] + ["a001", "unseen"]
    got = graph.are_pairs(a, b, chunk=700)
    assert got.tolist() == [graph.is_pair(x, y) for x, y in zip(a, b, strict=True)]
    assert got.any() and not got.all()
