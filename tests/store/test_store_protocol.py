"""The rest of the ``Store`` protocol, each test on SQLite and on PostgreSQL alike."""

import numpy as np
import pytest

from stemma.corrections import Correction
from stemma.model import Article, Block, Link
from stemma.store import Filters, StoreError, open_store


def make(id, text, **kw):
    raw = text.encode()
    return Article(
        id=id, raw=raw, format="txt", source=text, blocks=[Block(0, len(text))], text=text, **kw
    )


@pytest.fixture
def store(store_location):
    with open_store(store_location) as s:
        yield s


def test_ids_come_back_in_code_point_order(store):
    # byte order, not a locale's: the analysis sorts ids in Python and must meet the same order
    ids = ["b", "B", "a-2", "a_1", "Ä", "z", "ا"]
    store.put_articles([(make(i, f"text of {i}"), []) for i in ids])
    assert [a.id for a in store.list_articles()] == sorted(ids)
    assert [a.id for a in store.iter_articles(raw=False)] == sorted(ids)
    assert [i for i, _ in store.article_digests()] == sorted(ids)
    store.replace_stories([{"id": i, "articles": [i]} for i in ids])
    assert store.story_ids() == sorted(ids)


def test_digests_follow_content_and_analysis(store):
    store.put_article(make("x", "One."))
    (before,) = store.article_digests()
    store.put_article(make("x", "Two."))
    (after,) = store.article_digests()
    assert before[0] == after[0] == "x" and before[1] != after[1]
    article = store.get_article("x")
    article.title = "A title"
    store.replace_analysis(article)
    assert next(store.article_digests())[1] != after[1]


def test_stage_rows_put_replace_and_delete(store):
    store.put_stage_rows("fp", [("k1", "i1", b"\x00\x01"), ("k2", "i2", b"")])
    store.put_stage_rows("fp", [("k1", "i9", b"new")])
    store.put_stage_rows("other", [("k1", "i", b"x")])
    assert list(store.stage_rows("fp")) == [("k1", "i9", b"new"), ("k2", "i2", b"")]
    assert list(store.stage_rows("fp", ["k2", "missing"])) == [("k2", "i2", b"")]
    store.delete_stage_rows("fp", ["k1"])
    assert [k for k, _, _ in store.stage_rows("fp")] == ["k2"]
    store.delete_stage_rows("fp")
    assert list(store.stage_rows("fp")) == [] and len(list(store.stage_rows("other"))) == 1
    store.delete_stage_rows()
    assert list(store.stage_rows("other")) == []


def test_rows_stream_while_the_store_is_written(store):
    # the engine reads one stage's rows while it writes others: both on one connection
    store.put_stage_rows("a", [(f"k{i:04d}", "i", b"v") for i in range(1200)])
    seen = 0
    for key, _, _ in store.stage_rows("a"):
        if seen % 400 == 0:
            store.put_stage_rows("b", [(key, "i", b"w")])
        seen += 1
    assert seen == 1200 and len(list(store.stage_rows("b"))) == 3


def test_links_put_and_delete_one_pair_at_a_time(store):
    store.replace_links([Link("a", "b", "copy", 0.9), Link("b", "c", "copy", 0.8)])
    store.put_links([Link("a", "b", "translation", 0.7), Link("c", "d", "copy", 0.6)])
    assert [(ln.a, ln.b, ln.kind) for ln in store.get_links()] == [
        ("a", "b", "translation"),
        ("b", "c", "copy"),
        ("c", "d", "copy"),
    ]
    store.delete_links([("b", "c")])
    assert [(ln.a, ln.b) for ln in store.get_links(["c"])] == [("c", "d")]
    page, total = store.list_links(kind="copy", limit=1)
    assert total == 1 and [(ln.a, ln.b) for ln in page] == [("c", "d")]


def test_stories_put_replace_and_delete(store):
    store.put_stories([{"id": "s1", "articles": ["a", "b"]}, {"id": "s2", "articles": ["c"]}])
    store.put_stories([{"id": "s1", "articles": ["b"], "title": "now"}])
    assert store.story_of("a") is None and store.story_of("b") == "s1"
    assert store.get_story("s1")["title"] == "now"
    store.delete_stories(["s1"])
    assert store.story_ids() == ["s2"] and store.story_of("b") is None


def test_searches_facets_and_summaries(store):
    store.put_articles(
        [
            (make("a", "Floods in the north.", outlet="Daily", lang="en", title="Floods",
                  published="2024-03-01T10:00:00"), []),
            (make("b", "Des inondations au nord.", outlet="Matin", lang="fr",
                  published="2024-03-02"), []),
            (make("c", "Nothing to see here.", outlet="Daily", lang="en"), []),
        ]
    )  # fmt: skip
    store.replace_stories(
        [
            {"id": "s-flood", "articles": ["a", "b"], "title": "Floods",
             "first_seen": "2024-03-01", "languages": ["en", "fr"], "related": []},
            {"id": "s-other", "articles": ["c"], "title": "Other", "languages": ["en"]},
        ]
    )  # fmt: skip
    # ASCII case folds, as SQLite's LIKE
    found, total = store.search_stories(Filters(words="FLOODS"))
    assert total == 1 and found[0]["id"] == "s-flood"
    assert found[0]["size"] == 2 and found[0]["outlets"] == ["Daily", "Matin"]
    assert found[0]["languages"] == ["en", "fr"] and found[0]["first_seen"] == "2024-03-01"
    stories, total = store.search_stories()
    assert total == 2 and [s["id"] for s in stories] == ["s-flood", "s-other"]
    assert store.search_stories(Filters(lang="fr"))[1] == 1
    # a pattern character is a character
    assert store.search_stories(Filters(words="100%"))[1] == 0
    arts, total = store.search_articles(Filters(outlet="Daily"))
    assert total == 2 and [a.id for a in arts] == ["a", "c"]  # dated first, newest first
    assert [a.id for a in store.search_articles(Filters(date_from="2024-03-02"))[0]] == ["b"]
    assert store.facets() == {
        "outlets": [("Daily", 2), ("Matin", 1)],
        "languages": [("en", 2), ("fr", 1)],
    }
    assert [s.id for s in store.summaries(["c", "zz", "a"])] == ["c", "a"]


def test_corrections_and_removal(store):
    first = store.add_correction(Correction("confirm", "a", "b", who="r", why="seen", when="t"))
    second = store.add_correction(Correction("kind", "c", "d", "copy", "r", "why", "t"))
    assert second > first
    assert [c.id for c in store.corrections()] == [first, second]
    assert [c.action for c in store.corrections(["d"])] == ["kind"]
    store.put_article(make("a", "One."), [])
    store.put_article(make("a", "Two.", outlet="X"), ["line"])
    assert store.remove_article("a") and not store.remove_article("a")
    assert store.count() == 0 and store.recurring_lines(1, 0.0) == {}


def test_vector_cache_round_trip_and_nearest(store):
    cache = store.vector_cache("enc", 3)
    vecs = {
        "north": np.array([1, 0, 0], np.float32),
        "near-north": np.array([0.9, 0.1, 0], np.float32),
        "east": np.array([0, 1, 0], np.float32),
        "south": np.array([-1, 0, 0], np.float32),
    }
    cache.put_many(vecs)
    store.vector_cache("other", 2).put_many({"north": np.array([1, 0], np.float32)})
    got = cache.get_many(["north", "missing", "east"])
    assert set(got) == {"north", "east"} and np.array_equal(got["east"], vecs["east"])
    assert store.vector_cache("enc", 4).get_many(["north"]) == {}  # another length: a miss
    if not hasattr(cache, "nearest"):
        return  # SQLite keeps vectors only; the neighbour graph is built in memory
    best = cache.nearest(np.array([1, 0.05, 0], np.float32), 3)
    assert [k for k, _ in best] == ["north", "near-north", "east"]
    assert best[0][1] == pytest.approx(0.99875, abs=1e-4)
    assert cache.nearest(np.zeros(3, np.float32), 3) == []


def test_missing_store_is_not_created_without_create(store_location):
    with pytest.raises(StoreError, match="no (stemma )?store there"):
        open_store(store_location, create=False)
    open_store(store_location).close()  # created ...
    open_store(store_location, create=False).close()  # ... and now found
