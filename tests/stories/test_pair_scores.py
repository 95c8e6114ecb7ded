"""Pair scores held compactly (stemma.stories.scores): what a dictionary of pairs both ways
held, with pairs merged into sorted arrays as they come."""

import numpy as np
import pytest

from stemma.stories import scores as scores_module
from stemma.stories.scores import PairScores


def _random_pairs(rng, n_ids: int, n_pairs: int) -> dict:
    """``(a, b) -> scores`` of distinct pairs, ``a < b``."""
    ids = [f"id-{i:03d}" for i in rng.permutation(n_ids)]
    out = {}
    while len(out) < n_pairs:
        a, b = sorted(rng.choice(ids, 2, replace=False).tolist())
        out[a, b] = None if rng.random() < 0.1 else tuple(rng.random(3).tolist())
    return out


def test_pairs_read_back_whichever_way_named_across_merges(monkeypatch):
    monkeypatch.setattr(scores_module, "BUFFER", 7)  # merged every 7 pairs
    rng = np.random.default_rng(3)
    want = _random_pairs(rng, 40, 300)
    held = PairScores()
    for n, ((a, b), vals) in enumerate(want.items()):
        held.put(*((a, b) if n % 2 else (b, a)), vals)
        assert held.get(a, b) == held.get(b, a) == vals
    for (a, b), vals in want.items():
        assert held.get(a, b) == held.get(b, a) == vals
    assert held.get("id-000", "nobody") is False
    assert held.get("nobody", "id-001") is False
    assert len(held) == len(want)
    assert {(a, b): v for a, b, v in held.items()} == want


def test_a_pair_never_scored_is_false_and_under_keep_is_none():
    held = PairScores()
    held.put("a", "b", None)
    held.put("b", "c", (0.5, -1.0, 0.25))
    assert held.get("a", "c") is False
    assert held.get("b", "a") is None
    held._merge()
    assert held.get("a", "b") is None and held.get("c", "b") == (0.5, -1.0, 0.25)
    assert held.get("a", "c") is False


def test_reaching_filters_by_one_value_and_skips_pairs_under_keep():
    held = PairScores()
    held.put("b", "a", (0.9, 0.0, 0.05))
    held.put("c", "a", (0.05, 0.0, 0.5))
    held.put("d", "a", None)
    assert sorted(held.reaching(0, 0.1)) == [("a", "b", (0.9, 0.0, 0.05))]
    assert sorted(p[:2] for p in held.reaching(2, 0.1)) == [("a", "c")]


def test_arrays_round_trip_and_a_bad_kept_form_raises():
    rng = np.random.default_rng(5)
    held = PairScores()
    for (a, b), vals in _random_pairs(rng, 30, 120).items():
        if held.get(a, b) is False:
            held.put(a, b, vals)
    pairs, vals = held.arrays()
    back = PairScores.from_arrays(held.ids, pairs[:, ::-1].copy(), vals)  # either order
    assert back == held
    with pytest.raises(ValueError):
        PairScores.from_arrays(
            held.ids, np.concatenate([pairs, pairs[:1]]), np.concatenate([vals, vals[:1]])
        )
    with pytest.raises(ValueError):
        PairScores.from_arrays(held.ids[:2], pairs, vals)


def test_a_pair_kept_again_takes_its_new_values():
    held = PairScores()
    held.put("a", "b", (0.1, 0.1, 0.1))
    held._merge()
    held.put("b", "a", (0.2, 0.2, 0.2))
    assert held.get("a", "b") == (0.2, 0.2, 0.2)
    held._merge()
    assert held.get("a", "b") == (0.2, 0.2, 0.2) and len(held) == 1


def test_an_articles_partners_are_a_tuple_then_a_set_and_stay_both_ways():
    from stemma.embed.hashed import HashedEncoder
    from stemma.stories.cluster import EDGE_TUPLE, StoryClusterer

    clusterer = StoryClusterer(HashedEncoder())
    others = [f"o{i:03d}" for i in range(EDGE_TUPLE + 5)]
    for item in ["hub", *others]:
        clusterer._edges[item] = ()
    for n, other in enumerate(others):
        clusterer._edge("hub", other)
        clusterer._edge(other, "hub")  # again, the other way: no change
        held = clusterer._edges["hub"]
        assert isinstance(held, tuple if n < EDGE_TUPLE else set)
        assert sorted(held) == others[: n + 1]
    for other in others[::2]:
        clusterer._unedge(other, "hub")
        assert other not in clusterer._edges["hub"] and clusterer._edges[other] == ()
    assert sorted(clusterer._edges["hub"]) == others[1::2]
    assert all(clusterer._edges[o] == ("hub",) for o in others[1::2])


def test_within_lists_the_pairs_of_a_set_of_articles_and_dropped_pairs_read_as_never_scored(
    monkeypatch,
):
    monkeypatch.setattr(scores_module, "BUFFER", 11)
    rng = np.random.default_rng(8)
    want = _random_pairs(rng, 30, 150)
    held = PairScores()
    for (a, b), vals in want.items():
        held.put(b, a, vals)
    held.merge()
    items = sorted(rng.choice(sorted({x for pair in want for x in pair}), 12, replace=False))
    items.append("nobody")
    rows, i, j = held.within(items)
    assert (i < j).all()
    listed = {(items[x], items[y]) for x, y in zip(i.tolist(), j.tolist(), strict=True)}
    assert listed == {(a, b) for a, b in want if a in items and b in items}
    for row, x, y in zip(rows.tolist(), i.tolist(), j.tolist(), strict=True):
        got = held.values(np.array([row]))[0].tolist()
        vals = want[items[x], items[y]]
        assert (vals is None and got[0] != got[0]) or tuple(got) == vals
    gone = rows[::2]
    dropped = {(items[x], items[y]) for x, y in zip(i[::2].tolist(), j[::2].tolist(), strict=True)}
    assert dropped
    held.drop(gone)
    held.drop(gone)  # twice: counted once
    for a, b in dropped:
        assert held.get(a, b) is False and held.get(b, a) is False
    assert set(held.within(items)[0].tolist()) == set(rows[1::2].tolist())
    rest = {k: v for k, v in want.items() if k not in dropped}
    assert {(a, b): v for a, b, v in held.items()} == rest
    assert len(held) == len(rest)
    a, b = sorted(dropped)[0]
    held.put(a, b, (0.5, 0.5, 0.5))  # scored again after a drop
    assert held.get(b, a) == (0.5, 0.5, 0.5) and len(held) == len(rest) + 1
    lo, hi, p = held.reaching_pairs(0, 0.0)
    assert (p >= 0.0).all()
    assert {
        tuple(sorted((held.ids[x], held.ids[y])))
        for x, y in zip(lo.tolist(), hi.tolist(), strict=True)
    } == {k for k, v in rest.items() if v is not None} | {(a, b)}
