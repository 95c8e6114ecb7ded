"""Many pairs weighed at once (``stemma.stories.bags``, ``similarity.Many``) give what one pair
at a time gives, to the last bit: a pair's figures must not depend on which way it was weighed
(an incremental analysis reads kept figures where a full one computes them afresh)."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from stemma.stories import represent as one  # the one-pair functions the arrays must match
from stemma.stories.bags import Bags
from stemma.stories.cluster import StoryClusterer
from stemma.stories.represent import Profile, norm, shingle_sketch
from stemma.stories.similarity import COSINE_ROWS, Entry, Many, cosines, pair_cosines, pair_features
from tests.stories.test_cluster import DIM, TableEncoder

NAMES = [f"name{k}" for k in range(40)] + ["ملک", "Łódź", "東京"]
WORDS = [f"w{k}" for k in range(60)]


def _bag(rng, vocabulary, most=8) -> dict[str, float]:
    count = int(rng.integers(0, most))
    picked = rng.choice(len(vocabulary), size=count, replace=False)
    return {vocabulary[k]: 1.0 + math.log(int(rng.integers(1, 5))) for k in picked}


def _set(rng, values, most=4) -> frozenset[str]:
    count = int(rng.integers(0, most))
    return frozenset(values[k] for k in rng.choice(len(values), size=count, replace=False))


def _profiles(seed: int, count: int = 60) -> list[Profile]:
    rng = np.random.default_rng(seed)
    days = [
        f"{m:02d}-{d:02d}" for m in (1, 2, 6, 12) for d in (1, 2, 15, 28, 30) if m != 2 or d < 29
    ]
    bases = [[WORDS[int(x)] for x in rng.integers(0, len(WORDS), size=40)] for _ in range(4)]
    out = []
    for k in range(count):
        lang, script = [("en", "LATIN"), ("fr", "LATIN"), ("fa", "ARABIC"), ("ru", "CYRILLIC")][
            int(rng.integers(4))
        ]
        names = _bag(rng, NAMES)
        # a few texts, each told with some words changed: sketches share some shingles
        words = list(bases[int(rng.integers(len(bases)))])
        for at in rng.integers(0, len(words), size=int(rng.integers(0, 30))):
            words[int(at)] = WORDS[int(rng.integers(len(WORDS)))]
        words = words[: int(rng.integers(0, len(words) + 1))]
        passages = ["p"] * int(rng.integers(1, 4))
        out.append(
            Profile(
                id=f"a{k:03d}",
                lang=lang,
                title="t",
                passages=passages,
                script=script,
                names=names,
                names_norm=norm(names) if rng.random() < 0.5 else 0.0,  # 0.0: computed
                numbers=_set(rng, [str(x) for x in range(12)]),
                years=_set(rng, ["2018", "2019", "2021"], 3),
                days=_set(rng, days),
                published=date(2021, 1, 1 + int(rng.integers(0, 28)))
                if rng.random() < 0.7
                else (date(2021, 6, 1) if rng.random() < 0.5 else None),
                sketch=shingle_sketch(words, k=int(rng.choice([4, 16, 64]))),
            )
        )
    return out


def _entries(seed: int, count: int = 60) -> list[Entry]:
    rng = np.random.default_rng(seed + 1000)
    vecs = rng.normal(size=(count, DIM)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return [Entry(p, v) for p, v in zip(_profiles(seed, count), vecs, strict=True)]


def _all_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    i, j = np.triu_indices(n, k=1)
    return i.astype(np.int64), j.astype(np.int64)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bags_compare_many_pairs_as_one_pair_at_a_time(seed):
    profiles = _profiles(seed)
    i, j = _all_pairs(len(profiles))
    names = Bags([p.names for p in profiles])
    norms = np.array([norm(p.names) for p in profiles])
    numbers = Bags([p.numbers for p in profiles])
    days = Bags([one.days_of_year(p.days) for p in profiles])
    sketches = Bags([np.frombuffer(p.sketch, dtype=np.uint64).tolist() for p in profiles])
    cos, jac = names.cosines(i, j, norms), numbers.jaccard(i, j)
    gap, alike = days.nearest_gap(i, j), sketches.resemblance(i, j)
    packed = Bags.of_sketches([p.sketch for p in profiles])  # numbered in numpy: the same
    assert np.array_equal(packed.resemblance(i, j), alike)
    assert np.array_equal(packed.tokens, sketches.tokens)
    shared = numbers.count_shared(i, j)
    for m, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        pa, pb = profiles[a], profiles[b]
        assert cos[m] == one.name_similarity(pa.names, pb.names)
        assert jac[m] == one.jaccard(pa.numbers, pb.numbers)
        assert shared[m] == len(pa.numbers & pb.numbers)
        assert gap[m] == (one.day_gap(pa.days, pb.days) if pa.days and pb.days else -1)
        assert alike[m] == one.resemblance(pa.sketch, pb.sketch)
    # something was compared: names shared, days apart, sketches alike
    assert (cos > 0).sum() > 10 and (gap > 14).any() and (alike > 0).any()


def test_bags_answer_the_same_whichever_side_holds_fewer_tokens_and_in_any_order():
    profiles = _profiles(7)
    i, j = _all_pairs(len(profiles))
    names = Bags([p.names for p in profiles])
    norms = np.array([norm(p.names) for p in profiles])
    forward = names.cosines(i, j, norms)
    assert np.array_equal(forward, names.cosines(j, i, norms))
    order = np.random.default_rng(0).permutation(len(i))
    assert np.array_equal(forward[order], names.cosines(i[order], j[order], norms))
    assert np.array_equal(names.cosines(i[:0], j[:0], norms), np.zeros(0))


@pytest.mark.parametrize("seed", [4, 5])
def test_pairs_in_runs_of_one_first_article_share_what_each_pair_alone_shares(seed):
    # a group's rows of pairs (``Bags._shared_in_runs``: a table per run) against each pair
    # alone (a binary search): the same tokens, in the same order, so the same sums
    profiles = _profiles(seed, 90)
    rng = np.random.default_rng(seed)
    i, j = _all_pairs(len(profiles))
    keep = rng.random(len(i)) < 0.6
    i, j = i[keep], j[keep]
    for bags in (
        Bags([p.names for p in profiles]),
        Bags.of_sketches([p.sketch for p in profiles]),
        Bags([p.numbers for p in profiles]),
    ):
        pair, at_i, at_j = bags.shared(i, j)
        assert len(i) >= 8 * len(np.unique(i))  # runs long enough to take the tables
        alone = [bags.shared(i[m : m + 1], j[m : m + 1]) for m in range(len(i))]
        want_pair = np.concatenate([np.full(len(x[0]), m) for m, x in enumerate(alone)])
        assert np.array_equal(pair, want_pair)
        assert np.array_equal(at_i, np.concatenate([x[1] for x in alone]))
        assert np.array_equal(at_j, np.concatenate([x[2] for x in alone]))
        assert len(pair) > 0
    # the tables are left empty for the next call
    assert (bags._table == -1).all()


def test_a_cosine_is_the_same_alone_and_among_many_rows():
    rng = np.random.default_rng(3)
    a = rng.normal(size=(500, 384)).astype(np.float32)
    b = rng.normal(size=(500, 384)).astype(np.float32)
    many = cosines(a, b)
    alone = [float(cosines(a[k : k + 1], b[k : k + 1])[0]) for k in range(len(a))]
    assert many.tolist() == alone
    assert np.allclose(many, np.einsum("ij,ij->i", a.astype(float), b.astype(float)))
    # rows of one stack, several blocks of pairs at a time
    n = 3 * COSINE_ROWS + 7
    i, j = rng.integers(0, len(a), n), rng.integers(0, len(a), n)
    alone = [float(cosines(a[x : x + 1], a[y : y + 1])[0]) for x, y in zip(i, j, strict=True)]
    assert pair_cosines(a, i, j).tolist() == alone


@pytest.mark.parametrize("seed", [1, 2])
def test_many_pairs_have_the_features_of_each_pair(seed):
    entries = _entries(seed)

    def across(x: str, y: str) -> float:
        return 1.0 if x == y else 0.7 + 0.01 * len(x + y)

    many = Many(entries, across)
    i, j = _all_pairs(len(entries))
    features = many.features(i, j)
    for m, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        ea, eb = entries[a], entries[b]
        assert features[m].tolist() == pair_features(
            ea, eb, across(ea.profile.lang, eb.profile.lang)
        )


@pytest.mark.parametrize("seed", [1, 2])
def test_the_clusterer_weighs_many_pairs_as_it_weighs_one(seed):
    entries = _entries(seed, 50)
    clusterer = StoryClusterer(TableEncoder({}))
    for entry in entries:
        clusterer._entries[entry.profile.id] = entry
    many = Many(entries, lambda a, b: clusterer.centring.across(a, b, 0.65))
    i, j = _all_pairs(len(entries))
    p, unnamed, content, keep = clusterer._weigh_many(many, i, j)
    for m, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        one = clusterer._weigh(entries[a].profile.id, entries[b].profile.id)
        assert (one is not None) == keep[m]
        if one is not None:
            assert one == (p[m], unnamed[m], content[m])
    assert keep.any() and not keep.all()
