"""Taking articles out of the clusterer (``StoryClusterer.remove_many``; a changed article is
taken out and added again): it ends as a clusterer fed only the articles left would, whatever
was taken out and in whatever order the rest came: the same neighbour graph, stories, related
stories, typer verdicts that count and translation bridges."""

import random
from dataclasses import replace

import numpy as np
import pytest

from stemma.stages.stories import typed_links, weighed_likely
from stemma.stories.cluster import StoryClusterer, StoryConfig
from stemma.stories.index import NeighbourGraph
from tests.stories.test_cluster import COSINE_ONLY, DIM, at_angle, make
from tests.stories.test_kept_pairs import _pile, _read

CONFIG = StoryConfig(weights=COSINE_ONLY, neighbours=4)


def _graph(graph: NeighbourGraph) -> dict[str, list[str]]:
    return {item: graph.neighbours(item) for item in sorted(graph.ids)}


def _typer(langs):
    """A typer whose verdict is a pure function of the pair (as the engine's is)."""
    asked = []

    def typer(a: str, b: str):
        asked.append((a, b))
        h = sum(map(ord, a + b)) % 3
        return None if h == 0 else (a, b, ("copy", "related")[h - 1])

    return typer, asked


def _state(clusterer: StoryClusterer, langs) -> tuple:
    stories, bridges = _read(clusterer, langs)
    counted = sorted(typed_links(clusterer, lambda triples: triples))
    return _graph(clusterer._graph), stories, bridges, counted, sorted(weighed_likely(clusterer))


def test_the_graph_without_some_items_is_the_graph_of_the_rest():
    rng = np.random.default_rng(5)
    vecs = rng.normal(size=(300, 16)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    vecs[50:60] = vecs[40]  # copies: ties broken by id
    ids = [f"x{n:03d}" for n in range(300)]
    for trial in range(4):
        gone = set(random.Random(trial).sample(ids, 40 + 20 * trial))
        whole = NeighbourGraph(16, 5, 0.1)
        order = list(range(300))
        random.Random(trial).shuffle(order)
        whole.add_many([ids[i] for i in order], vecs[order])
        pairs_before = {(a, b) for a in whole.ids for b in whole.neighbours(a)}
        born = whole.remove_many(sorted(gone))
        rest = [i for i in range(300) if ids[i] not in gone]
        fresh = NeighbourGraph(16, 5, 0.1)
        fresh.add_many([ids[i] for i in rest], vecs[rest])
        assert _graph(whole) == _graph(fresh)
        assert whole._rising  # renumbered in id order
        for a, b in born:  # a pair born is a candidate now and was none before
            assert whole.is_pair(a, b) and (a, b) not in pairs_before
            assert (b, a) not in pairs_before
        # the vectors moved with their rows
        for i in rest[:20]:
            assert np.array_equal(whole.vector(ids[i]), vecs[i])


# one group of several stories, and several groups (what is not touched is not clustered again)
SHAPES = [{"centres": 6, "spread": 0.35}, {"centres": 10, "spread": 0.15}]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_taking_articles_out_ends_as_never_adding_them(seed, shape):
    encoder, articles, langs = _pile(seed, count=100, **shape)
    rnd = random.Random(seed)
    gone = {a.id for a in rnd.sample(articles, 12)}
    typer, _ = _typer(langs)
    # reuse links too, some naming articles taken out (a link joins what no neighbour does)
    ids = sorted(langs)
    links = [(*rnd.sample(ids, 2), rnd.choice(["copy", "related", "excerpt"])) for _ in range(15)]
    links += [(g, rnd.choice(ids), "copy") for g in sorted(gone)[:4]]
    kept = StoryClusterer(encoder, CONFIG, typer=typer, links=links)
    order = list(articles)
    rnd.shuffle(order)
    kept.add_many(order)
    kept.stories()
    kept.remove_many(sorted(gone))
    left = {i: lang for i, lang in langs.items() if i not in gone}
    rest = [t for t in links if t[0] not in gone and t[1] not in gone]
    fresh = StoryClusterer(encoder, CONFIG, typer=_typer(langs)[0], links=rest)
    fresh.add_many(a for a in articles if a.id not in gone)
    assert _state(kept, left) == _state(fresh, left)
    assert len(kept) == len(articles) - len(gone)
    assert not any(i in kept for i in gone)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("seed", [5, 6])
def test_a_changed_article_taken_out_and_added_again(seed, shape):
    """Articles changed (new text, so a new vector): taken out and added again, as the engine
    does when it takes up a kept state, the clusterer is the one of the changed pile."""
    encoder, articles, langs = _pile(seed, count=90, **shape)
    rng = np.random.default_rng(seed)
    changed = sorted(random.Random(seed).sample(range(90), 8))
    now = list(articles)
    for n in changed:
        # half moved next to another article, half anywhere
        other = articles[int(rng.integers(90))].title
        v = encoder.table[other] + rng.normal(scale=0.2 if n % 2 else 1.0, size=DIM)
        title = f"report {articles[n].id} changed"
        encoder.table[title] = v / np.linalg.norm(v)
        now[n] = replace(articles[n], title=title, text=title, raw=title.encode(), source=title)
    ids = {now[n].id for n in changed}
    typer, _ = _typer(langs)
    kept = StoryClusterer(encoder, CONFIG, typer=typer)
    kept.add_many(articles)
    kept.stories()
    kept.remove_many(ids)
    kept.add_many(a for a in now if a.id in ids)
    fresh = StoryClusterer(encoder, CONFIG, typer=_typer(langs)[0])
    fresh.add_many(now)
    assert _state(kept, langs) == _state(fresh, langs)


def test_taking_out_what_is_not_there_changes_nothing():
    encoder, articles, langs = _pile(7, count=40)
    clusterer = StoryClusterer(encoder, CONFIG)
    clusterer.add_many(articles)
    before = _state(clusterer, langs)
    clusterer.remove_many(["nobody", "nothing"])
    assert _state(clusterer, langs) == before


def test_a_hub_taken_out_splits_its_group():
    """An article whose own nearest are two far-apart clusters (no one's nearest itself): no
    list changes when it goes, yet its group falls in two, each clustered again."""
    vectors = {f"a{i}": at_angle(i) for i in range(3)}
    vectors |= {f"b{i}": at_angle(78 + i) for i in range(3)}
    vectors["hub"] = at_angle(40)
    encoder, articles = make(vectors)
    config = StoryConfig(weights=COSINE_ONLY, neighbours=2)
    clusterer = StoryClusterer(encoder, config)
    clusterer.add_many(articles)
    clusterer.stories()
    assert len(clusterer._group("hub")) == 7
    clusterer.remove_many(["hub"])
    fresh = StoryClusterer(encoder, config)
    fresh.add_many(a for a in articles if a.id != "hub")
    langs = {i: "en" for i in vectors if i != "hub"}
    assert _state(clusterer, langs) == _state(fresh, langs)
    assert sorted(len(clusterer._group(i)) for i in ("a0", "b0")) == [3, 3]
