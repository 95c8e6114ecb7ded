"""Which pairs of a group are weighed: every similar pair in a group of distinct articles, the
neighbour pairs only in a large group or one of near-copies (a wire story run by thousands of
outlets), where weighing every pair would cost the square of the group."""

import math

import numpy as np
import pytest

from stemma.stories import cluster as cluster_module
from stemma.stories.cluster import StoryClusterer
from tests.stories.test_cluster import CONFIG, group_pairs, make, unit

COPIES = 250  # more than NEAR_COPY_GROUP, as the tests set it


@pytest.fixture(autouse=True)
def smaller_groups(monkeypatch):
    monkeypatch.setattr(cluster_module, "NEAR_COPY_GROUP", 200)  # a quicker test, same rule


def near_copies(n: int = COPIES):
    """``n`` articles whose vectors lie within two degrees of each other."""
    return make(
        {
            f"c{i:03d}": unit(math.cos(math.radians(2 * i / n)), math.sin(math.radians(2 * i / n)))
            for i in range(n)
        }
    )


def clustered(encoder, articles):
    clusterer = StoryClusterer(encoder, CONFIG)
    clusterer.add_many(articles, settle=False)
    items = sorted(a.id for a in articles)
    return clusterer, items


def test_a_group_of_near_copies_weighs_its_neighbour_pairs_only():
    encoder, articles = near_copies()
    clusterer, items = clustered(encoder, articles)
    assert clusterer._group(items[0]) == items
    assert clusterer._sparse(items)
    pairs = list(group_pairs(clusterer, items))
    assert len(pairs) <= COPIES * CONFIG.neighbours < COPIES * (COPIES - 1) // 2
    assert pairs == sorted(set(pairs)) and all(i < j for i, j in pairs)
    assert [s.articles for s in clusterer.stories()] == [items]  # one story all the same


def test_the_same_group_weighed_whole_gives_the_same_story(monkeypatch):
    monkeypatch.setattr(cluster_module, "NEAR_COPY", 1.01)  # no list is close enough
    encoder, articles = near_copies()
    clusterer, items = clustered(encoder, articles)
    assert not clusterer._sparse(items)
    assert len(list(group_pairs(clusterer, items))) == COPIES * (COPIES - 1) // 2
    assert [s.articles for s in clusterer.stories()] == [items]


def test_a_small_group_of_copies_and_a_group_of_distinct_articles_are_weighed_whole():
    encoder, articles = near_copies(cluster_module.NEAR_COPY_GROUP)
    clusterer, items = clustered(encoder, articles)
    assert not clusterer._sparse(items)  # small: every pair is cheap enough
    # articles in every direction: their 24th neighbours are far from near-copies
    rng = np.random.default_rng(3)
    encoder, articles = make({f"d{i:03d}": unit(*rng.normal(size=6)) for i in range(COPIES)})
    clusterer, items = clustered(encoder, articles)
    group = max((clusterer._group(i) for i in items), key=len)
    assert len(group) > cluster_module.NEAR_COPY_GROUP
    assert not clusterer._sparse(group)


def test_blocks_of_a_group_hold_about_pair_block_pairs_in_pair_order(monkeypatch):
    # the pairs are the same, in the same order, however they are cut into blocks; a block
    # holds at most PAIR_BLOCK pairs unless one row alone holds more (rows are not cut)
    monkeypatch.setattr(cluster_module, "NEAR_COPY", 1.01)  # every similar pair, by rows
    rng = np.random.default_rng(5)
    encoder, articles = make({f"d{i:03d}": unit(*rng.normal(size=6)) for i in range(COPIES)})
    clusterer, items = clustered(encoder, articles)
    group = max((clusterer._group(i) for i in items), key=len)
    assert not clusterer._sparse(group)
    every = None
    for size in (1, 50, 4096, 10**9):
        monkeypatch.setattr(cluster_module, "PAIR_BLOCK", size)
        blocks = list(clusterer._group_pair_blocks(group))
        pairs = [p for i, j in blocks for p in zip(i.tolist(), j.tolist(), strict=True)]
        every = pairs if every is None else every
        assert pairs == every == sorted(set(pairs))
        for i, _ in blocks:
            assert len(i) <= size or len(set(i.tolist())) == 1
        # blocks filled (two in a row hold more than PAIR_BLOCK), not a few rows each
        chunks = math.ceil(len(group) / cluster_module.GROUP_ROWS)
        assert len(blocks) <= 2 * math.ceil(len(pairs) / size) + chunks
    assert len(every) > 1000


def test_neighbour_pairs_are_each_members_neighbours_inside_its_group_in_pair_order():
    encoder, articles = near_copies()
    clusterer, items = clustered(encoder, articles)
    for group in (items, items[::3], items[5:6], items[:40]):  # a group, and parts of one
        pos = {item: n for n, item in enumerate(group)}
        want = sorted(
            {
                (min(pos[a], pos[b]), max(pos[a], pos[b]))
                for a in group
                for b in clusterer._graph.neighbours(a)
                if b in pos and b != a
            }
        )
        i, j = clusterer._neighbour_pairs(group)
        assert list(zip(i.tolist(), j.tolist(), strict=True)) == want
    assert want and len(want) < 40 * 39 // 2  # the last part: some pairs, not all of them
