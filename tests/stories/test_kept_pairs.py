"""What the clusterer keeps of a group's pairs once it is clustered (``_keep_read``): only
what later steps read (a witness per pair of related stories, each article's likeliest partners
in another language and another story, the neighbour pairs), and with that the same related
stories and the same translation bridges as keeping every pair it weighed from ``related`` up."""

import numpy as np
import pytest

from stemma.stages.stories import bridge_pairs, weighed_likely
from stemma.stories.cluster import StoryClusterer, StoryConfig
from tests.stories.test_cluster import COSINE_ONLY, DIM, make, unit

LANGS = ("en", "de", "fr")


class Brief:
    def __init__(self, lang: str):
        self.lang, self.passages = lang, 1


def _keep_all(self, items, labels, near, looked, fresh_at, fresh_vals):
    """What was kept before: every pair weighed from ``related`` up."""
    n = len(items)
    vals = np.frombuffer(fresh_vals, np.float64).reshape(-1, 3)
    for key, v in zip(fresh_at, vals.tolist(), strict=True):
        self._scores.put(items[key // n], items[key % n], tuple(v))


def _pile(seed: int, count: int = 120):
    """Articles around a few centres (chains of similar ones make groups of several stories),
    in three languages."""
    rng = np.random.default_rng(seed)
    centres = [unit(*rng.normal(size=DIM).tolist()) for _ in range(6)]
    vectors, langs = {}, {}
    for n in range(count):
        c = centres[int(rng.integers(len(centres)))]
        v = c + rng.normal(scale=0.35, size=DIM)
        vectors[f"a{n:03d}"] = v / np.linalg.norm(v)
        langs[f"a{n:03d}"] = LANGS[int(rng.integers(len(LANGS)))]
    encoder, articles = make(vectors)
    for article in articles:
        article.lang = langs[article.id]
    return encoder, articles, langs


def _read(clusterer: StoryClusterer, langs: dict[str, str]):
    found = clusterer.stories()
    briefs = {i: Brief(lang) for i, lang in langs.items()}
    bridges = bridge_pairs(found, briefs, weighed_likely(clusterer))
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
        near = clusterer._neighbour_pairs(items)
        witnesses: dict[tuple, int] = {}
        partners: dict[str, list] = {}
        for i, j in clusterer._group_pairs(items):
            a, b = items[i], items[j]
            known = clusterer._weigh(a, b)
            held = clusterer._scores.get(a, b)
            if held:
                assert held == known  # what is kept is the pair's score
            if j in near.get(i, ()):
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
