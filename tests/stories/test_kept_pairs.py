"""What the clusterer keeps of a group's pairs once it is clustered (``_keep_read``): only
what later steps read (a witness per pair of related stories, each article's likeliest partners
in another language and another story, the neighbour pairs), and with that the same related
stories and the same translation bridges as keeping every pair it weighed from ``related`` up,
whatever articles the bridges skip and whatever order the articles came in."""

import random

import numpy as np
import pytest

from stemma.model import Story
from stemma.stages import stories as stage
from stemma.stages.stories import bridge_pairs, weighed_likely
from stemma.stories.cluster import StoryClusterer, StoryConfig
from tests.stories.test_cluster import COSINE_ONLY, DIM, group_pairs, make, unit

LANGS = ("en", "de", "fr")


class Brief:
    def __init__(self, lang: str | None, passages: int = 1):
        self.lang, self.passages = lang, passages


def _keep_all(self, items, labels, near, within, looked, fresh_at, fresh_vals):
    """What was kept before: every pair weighed from ``related`` up."""
    n = len(items)
    for key, v in zip(fresh_at.tolist(), fresh_vals.tolist(), strict=True):
        self._scores.put(items[key // n], items[key % n], tuple(v))


def _pile(seed: int, count: int = 120, centres: int = 6, spread: float = 0.35):
    """Articles around a few centres (chains of similar ones make groups of several stories),
    in three languages."""
    rng = np.random.default_rng(seed)
    centre = [unit(*rng.normal(size=DIM).tolist()) for _ in range(centres)]
    vectors, langs = {}, {}
    for n in range(count):
        c = centre[int(rng.integers(len(centre)))]
        v = c + rng.normal(scale=spread, size=DIM)
        vectors[f"a{n:03d}"] = v / np.linalg.norm(v)
        langs[f"a{n:03d}"] = LANGS[int(rng.integers(len(LANGS)))]
    encoder, articles = make(vectors)
    for article in articles:
        article.lang = langs[article.id]
    return encoder, articles, langs


def _read(clusterer: StoryClusterer, langs: dict[str, str], bare=frozenset()):
    """Stories with their related ones, and the bridge pairs (``bare``: no passages)."""
    found = clusterer.stories()
    briefs = {i: Brief(lang, 0 if i in bare else 1) for i, lang in langs.items()}
    bridges = bridge_pairs(found, briefs, weighed_likely(clusterer))
    # the engine's: the same pairs, chosen in arrays
    assert stage.bridges(clusterer, found, briefs) == bridges
    return [(s.id, s.articles, s.related) for s in found], bridges


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_kept_pairs_read_as_every_pair_would(seed, monkeypatch):
    encoder, articles, langs = _pile(seed)
    config = StoryConfig(weights=COSINE_ONLY, neighbours=4)
    kept = StoryClusterer(encoder, config)
    first, rest = articles[: len(articles) // 2], articles[len(articles) // 2 :]
    kept.add_many(first)
    kept.stories()  # the first half's groups clustered, then clustered again as they grow
    kept.add_many(rest)
    want_reading = None
    with monkeypatch.context() as m:
        m.setattr(StoryClusterer, "_keep_read", _keep_all)
        every = StoryClusterer(encoder, config)
        every.add_many(first)
        every.stories()
        every.add_many(rest)
        want_reading = _read(every, langs)
        # links that re-cluster groups (as the translation bridges do)
        story_of = {i: s[0] for s in want_reading[0] for i in s[1]}
        joins = [(a, b) for a, b in want_reading[1] if story_of[a] != story_of[b]][:5]
        for a, b in joins:
            every.link(a, b, "translation")
        want_after = _read(every, langs)
        held_every = len(every._scores)
    assert _read(kept, langs) == want_reading
    for a, b in joins:
        kept.link(a, b, "translation")
    assert _read(kept, langs) == want_after
    # something to read, and less held than before
    stories, bridges = want_reading
    assert bridges and any(related for _, _, related in stories)
    assert len(kept._scores) < held_every


def test_a_group_keeps_neighbour_pairs_a_witness_per_two_stories_and_the_best_partners():
    encoder, articles, langs = _pile(4, 80)
    config = StoryConfig(weights=COSINE_ONLY, neighbours=4)
    clusterer = StoryClusterer(encoder, config)
    clusterer.add_many(articles)
    clusterer.stories()
    story = {m: members for m, members in clusterer._story.items()}
    checked = 0
    for start in sorted({c for c in clusterer._component.values()}):
        items = clusterer._group(start)
        if len(items) < 3:
            continue
        near = set(zip(*(x.tolist() for x in clusterer._neighbour_pairs(items)), strict=True))
        witnesses: dict[tuple, int] = {}
        partners: dict[str, list] = {}
        for i, j in group_pairs(clusterer, items):
            a, b = items[i], items[j]
            known = clusterer._weigh(a, b)
            held = clusterer._scores.get(a, b)
            if held:
                assert held == known  # what is kept is the pair's score
            if (i, j) in near:
                assert held == (known or False)  # neighbour pairs stay
            if story[a] == story[b] or not known:
                continue
            if known[2] >= config.related:
                two = tuple(sorted((story[a][0], story[b][0])))
                witnesses[two] = witnesses.get(two, 0) + bool(held)
            if known[0] >= config.related and langs[a] != langs[b]:
                partners.setdefault(a, []).append((-known[0], b, bool(held)))
                partners.setdefault(b, []).append((-known[0], a, bool(held)))
        assert all(count >= 1 for count in witnesses.values())
        for found in partners.values():
            assert all(held for _, _, held in sorted(found)[:3])
        checked += len(witnesses) + len(partners)
    assert checked


def _best_partners(clusterer: StoryClusterer, langs: dict[str, str], at_most: int):
    """Each article's ``at_most`` likeliest partners in another language and another story
    among the pairs it weighs, every pair counted (the clusterer's kept pairs aside)."""
    story = clusterer._story
    best: dict[str, list] = {}
    for start in sorted(set(clusterer._component.values())):
        items = clusterer._group(start)
        for i, j in group_pairs(clusterer, items):
            a, b = items[i], items[j]
            known = clusterer._weigh(a, b)
            if story[a] == story[b] or not known or langs[a] == langs[b]:
                continue
            if known[0] >= clusterer.config.related:
                best.setdefault(a, []).append((-known[0], b))
                best.setdefault(b, []).append((-known[0], a))
    return {a: [b for _, b in sorted(found)[:at_most]] for a, found in best.items()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bridges_skipping_articles_without_passages_read_as_every_pair_would(seed, monkeypatch):
    encoder, articles, langs = _pile(seed)
    config = StoryConfig(weights=COSINE_ONLY, neighbours=4)
    every_partner = StoryClusterer(encoder, config)
    with monkeypatch.context() as m:
        m.setattr(StoryClusterer, "_keep_read", _keep_all)
        every_partner.add_many(articles)
        every_partner.stories()
    # the best partner of some articles has no passages: bridge_pairs takes their 4th
    best = _best_partners(every_partner, langs, 1)
    bare = frozenset(sorted({found[0] for found in best.values()})[::2])
    assert bare
    want = _read(every_partner, langs, bare)
    kept = StoryClusterer(encoder, config, unbridged=bare)
    kept.add_many(articles)
    assert _read(kept, langs, bare) == want
    fourth = [
        (a, found[3])
        for a, found in _best_partners(every_partner, langs, 4).items()
        if len(found) == 4 and found[0] in bare and found[3] not in bare
    ]
    chosen = set(want[1])
    assert any(tuple(sorted(pair)) in chosen for pair in fourth)
    # told nothing, the clusterer keeps the best three and loses such a 4th
    blind = StoryClusterer(encoder, config)
    blind.add_many(articles)
    assert _read(blind, langs, bare)[1] != want[1]


def test_bridges_compare_languages_as_the_clusterer_holds_them():
    stories = [Story(f"s-{i}", [i], "", [], None) for i in "ab"]
    likely = [("a", "b", 0.9)]
    for one, two in (("EN", "en"), (None, "und"), (None, None)):
        assert bridge_pairs(stories, {"a": Brief(one), "b": Brief(two)}, likely) == []
    assert bridge_pairs(stories, {"a": Brief("de"), "b": Brief(None)}, likely) == [("a", "b")]
    assert bridge_pairs(stories, {"a": Brief("de"), "b": Brief("en", 0)}, likely) == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_sparse_group_reads_the_same_whatever_order_its_articles_came_in(seed):
    # every group weighed sparsely (neighbour pairs only): pairs scored while two articles
    # were neighbours die as others arrive, and which die depends on the order
    encoder, articles, langs = _pile(seed, 120, centres=12, spread=0.2)
    config = StoryConfig(weights=COSINE_ONLY, neighbours=3, dense_bytes=1)
    batch = StoryClusterer(encoder, config)
    batch.add_many(sorted(articles, key=lambda a: a.id))
    want = _read(batch, langs)
    stories, bridges = want
    assert bridges and any(related for _, _, related in stories)
    for turn in range(3):
        order = list(articles)
        random.Random(seed * 10 + turn).shuffle(order)
        grown = StoryClusterer(encoder, config)
        for at in range(0, len(order), 7):
            grown.add_many(order[at : at + 7])
            grown.stories()  # clustered as it grows: pairs weighed, then dead
        assert _read(grown, langs) == want
