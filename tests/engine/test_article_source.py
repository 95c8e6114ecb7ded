"""The analysis reads articles from the store when a step asks for them (stemma.engine.articles):
the source gives what the whole pile held in memory gave, holds a bounded number of articles at
once, and an analysis through a tiny cache ends where one through the default cache ends."""

import weakref
from functools import partialmethod

import pytest

from stemma.analysis import analyse
from stemma.budget import analysed
from stemma.engine import articles as source
from stemma.engine import local
from stemma.engine.snapshot import snapshot as dump
from stemma.reuse.boilerplate import linking_view
from stemma.store import open_store
from stemma.stories.cluster import StoryClusterer
from tests.engine.piles import corpus_sample, ingested
from tests.reuse.test_boilerplate import RELEASES, pile, release


def _releases(store) -> dict:
    """A company's releases sharing an "About" paragraph (learned as boilerplate), and one
    release carried by another outlet without it."""
    arts = {**pile(), "y": release("y", "2023-02-01", RELEASES["r2"][1], outlet="Other", tail=())}
    store.put_articles([(a, ()) for a in arts.values()])
    return {a.id: analysed(a) for a in store.iter_articles(raw=False)}


def test_the_pile_read_on_demand_is_the_pile_held_whole(tmp_path):
    with open_store(tmp_path / "r.db") as store:
        held = _releases(store)
        digests = dict(store.article_digests())
        views, want = linking_view(held, digests)
        opened, read = source.open_pile(store, digests, cache=2)
        assert read == len(held)
        assert opened.digests == want  # the boilerplate's digests, learned streaming
        assert opened.digests["r1"] != digests["r1"] and opened.digests["y"] == digests["y"]
        assert list(opened.linking) == sorted(held) and len(opened.linking) == len(held)
        for id in held:
            assert opened.linking[id] == views[id]  # without the "About" paragraph
            assert opened.whole[id] == held[id]  # as stored
            brief = opened.briefs[id]
            assert (brief.lang, brief.outlet) == (held[id].lang, held[id].outlet)
            assert brief.passages == len(views[id].passages)
        assert len(opened.linking["r1"].passages) == 4 < len(opened.whole["r1"].passages)
        assert [a.id for a in opened.linking.values()] == sorted(held)
        assert [a.id for a in opened.whole.stream(["y", "r2", "gone"])] == ["y", "r2"]
        assert "gone" not in opened.linking and opened.linking.get("gone") is None
        with pytest.raises(KeyError):
            opened.linking["gone"]


def test_the_cache_keeps_the_last_articles_read_and_no_more(tmp_path):
    with open_store(tmp_path / "r.db") as store:
        _releases(store)
        opened, _ = source.open_pile(store, dict(store.article_digests()), cache=2)
        arts = opened.whole
        arts["r1"], arts["r2"], arts["r1"]  # r1 read once, then from the cache
        assert arts.reads == 2 and arts.held() == 2
        arts["r3"]  # pushes out r2, the least recently used
        assert arts.held() == 2 and arts.reads == 3
        arts["r1"]
        assert arts.reads == 3
        arts["r2"]
        assert arts.reads == 4
        got = arts.many(["r4", "y", "r2"], keep=False)  # one batch; r2 was cached
        assert list(got) == ["r4", "y", "r2"] and arts.reads == 6 and arts.held() == 2
        list(arts.values())  # a pass over the pile reads all, keeps none of them
        assert arts.reads == 11 and arts.held() == 2


@pytest.mark.corpora
def test_an_analysis_through_a_cache_of_8_ends_where_one_through_the_default_ends(
    corpora, tmp_path, monkeypatch
):
    if not (corpora / "ecbplus" / "gold.jsonl").exists():
        pytest.skip("ecbplus not in the corpora")
    articles = ingested([corpus_sample(corpora, "ecbplus", 8, tmp_path)], tmp_path / "src.db")
    assert len(articles) >= 40, len(articles)
    with open_store(tmp_path / "default.db") as store:
        store.put_articles([(a, ()) for a in articles])
        analyse(store, "hashed")
        want = dump(store)
    assert want[0] and want[1]

    # a tiny cache, small batches, and every article the source hands out watched: those
    # alive at once (not freed yet) stay far below the pile
    monkeypatch.setattr(source, "CACHE", 8)
    monkeypatch.setattr(source, "BATCH", 5)
    monkeypatch.setattr(local, "TYPED", 3)
    # the clusterer embeds 256 articles in one call (more than this pile): 4 here
    monkeypatch.setattr(StoryClusterer, "add_many", partialmethod(StoryClusterer.add_many, chunk=4))
    handed: list[weakref.ref] = []
    most = [0]
    real_read = source.Articles._read

    def watched(self, ids):
        found = real_read(self, ids)
        handed.extend(weakref.ref(a) for a in found.values())
        most[0] = max(most[0], sum(r() is not None for r in handed))
        assert self.held() <= 8
        return found

    monkeypatch.setattr(source.Articles, "_read", watched)
    with open_store(tmp_path / "small.db") as store:
        store.put_articles([(a, ()) for a in articles])
        passes = []
        real_iter = store.iter_articles
        store.iter_articles = lambda raw=True: passes.append(raw) or real_iter(raw)
        analyse(store, "hashed")
        assert dump(store) == want
        assert not passes  # the pile read in batches of ids, never whole
    # cache 8, batches of 5, pairs 3 at a time, the clusterer's 4, one story's members
    assert most[0] <= len(articles) // 2, (most[0], len(articles))


def test_what_the_pile_steps_read_is_kept_and_only_new_articles_are_read_again(tmp_path):
    with open_store(tmp_path / "r.db") as store:
        held = _releases(store)
        digests = dict(store.article_digests())
        first, read = source.open_pile(store, digests, code="v1")
        assert read == len(held)
        again, read = source.open_pile(store, digests, code="v1")
        assert read == 0  # every article's passage keys and brief from the stage rows
        assert again.digests == first.digests and again.briefs == first.briefs
        assert again.linking["r1"] == first.linking["r1"]
        # one article gone, one added: only the new one is read; the gone one's row deleted
        store.remove_article("r4")
        store.put_article(release("r5", "2024-09-01", RELEASES["r4"][1]))
        digests = dict(store.article_digests())
        third, read = source.open_pile(store, digests, code="v1")
        assert read == 1 and "r4" not in third.briefs and "r5" in third.briefs
        assert {k for k, _, _ in store.stage_rows(source.STAGE)} == set(digests)
        # the About paragraph is still learned (four releases carry it)
        assert len(third.linking["r5"].passages) == 4
        # rows made by other code are made again
        assert source.open_pile(store, digests, code="v2")[1] == len(digests)


def test_what_the_pile_taught_is_learned_again_only_where_articles_changed(tmp_path, monkeypatch):
    # the kept learning is taken up when it was learned on the pile the rows held, and only
    # the keys of the articles added, changed or removed since are decided again; the views
    # are those of a pile learned whole, whatever the rows
    calls = []
    learn = source.learn_pile

    def spy(pile, before=None, touched=None):
        calls.append((before is not None, None if touched is None else len(touched)))
        return learn(pile, before, touched)

    monkeypatch.setattr(source, "learn_pile", spy)
    with open_store(tmp_path / "r.db") as store:
        _releases(store)
        digests = dict(store.article_digests())
        source.open_pile(store, digests, code="v1")
        assert calls[-1][0] is False  # nothing kept yet: learned whole
        again, _ = source.open_pile(store, digests, code="v1")
        assert calls[-1] == (True, 0)  # the same pile: nothing decided again
        store.remove_article("r4")
        store.put_article(release("r5", "2024-09-01", RELEASES["r4"][1]))
        store.put_article(release("r2", "2023-06-21", RELEASES["r3"][1]))  # changed
        digests = dict(store.article_digests())
        third, _ = source.open_pile(store, digests, code="v1")
        assert calls[-1][0] and calls[-1][1] > 0
        views, want = linking_view({a.id: analysed(a) for a in store.iter_articles(raw=False)},
                                   digests)  # fmt: skip
        assert third.digests == want
        assert {i: third.linking[i] for i in views} == views
        # a kept learning of another pile is not taken up, nor one beside a row that cannot
        # be read (what its article held is unknown)
        [(_, _, value)] = store.stage_rows(source.LEARNED, [source.LEARNED])
        store.put_stage_rows(source.LEARNED, [(source.LEARNED, "another pile", value)])
        assert source.open_pile(store, digests, code="v1")[0].digests == want
        assert calls[-1][0] is False
        source.open_pile(store, digests, code="v1")
        assert calls[-1] == (True, 0)
        store.put_stage_rows(source.STAGE, [("r1", "spoiled|v1", b"\x00")])
        assert source.open_pile(store, digests, code="v1")[0].digests == want
        assert calls[-1][0] is False


def test_a_batch_of_articles_by_id_in_both_stores(store_location):
    with open_store(store_location) as store:
        held = _releases(store)
        first = held["r2"]
        store.put_article(release("r2", "2023-06-21", ["A second version of it, corrected now."]))
        got = list(store.get_articles(["y", "r2", "nobody", "r1", "r2"]))
        assert [a.id for a in got] == ["r1", "r2", "y"]  # id order, once each, unknown left out
        assert got[1].version == first.version + 1 and got[1].raw == b""
        assert list(store.get_articles([])) == []
        assert next(store.get_articles(["y"], raw=True)).raw
        # the pile opened from either store reads the same
        opened, _ = source.open_pile(store, dict(store.article_digests()), cache=3)
        assert [a.id for a in opened.whole.values()] == sorted(held)
        assert opened.whole["r2"].passages[0].text.startswith("A second version")
