import sqlite3

import pytest

from stemma.model import Article, Block, DateMention, Passage, SourceCitation
from stemma.store import open_store


def make(id="a1", raw=b"Hello world.\n", **kw):
    source = raw.decode()
    return Article(
        id=id,
        raw=raw,
        format="txt",
        source=source,
        path=f"/tmp/{id}.txt",
        blocks=[Block(0, len(source.strip()))],
        text=source.strip(),
        **kw,
    )


def test_round_trip_keeps_raw_and_analysis(store_location):
    store = open_store(store_location)
    article = make(
        lang="en",
        outlet="Example",
        title="Hello",
        passages=[Passage(0, 12, "Hello world.", "en", 0)],
        dates=[DateMention("April 4, 2018", 0, 13, "gregorian", "2018-04-04", "signed")],
        sources=[SourceCitation("IRNA", "Source: IRNA", 0, 12)],
    )
    assert store.put_article(article).status == "added"
    back = store.get_article("a1")
    assert back.raw == article.raw and back.source == article.source
    assert back.passages == article.passages and back.dates == article.dates
    assert back.sources == article.sources and back.blocks == article.blocks
    assert store.get_raw("a1") == b"Hello world.\n"
    # the analysis streams articles without their raw bytes; everything else is the same
    (lean,) = list(store.iter_articles(raw=False))
    assert lean.raw == b"" and lean.source == article.source
    assert lean.passages == article.passages and lean.analysis() == article.analysis()
    assert list(store.iter_articles())[0].raw == article.raw


def test_same_bytes_twice_is_one_article(store_location):
    store = open_store(store_location)
    assert store.put_article(make()).status == "added"
    assert store.put_article(make()).status == "unchanged"
    assert store.count() == 1 and store.versions("a1") == [1]


def test_changed_bytes_become_a_new_version_beside_the_old(store_location):
    store = open_store(store_location)
    store.put_article(make(raw=b"First text.\n"))
    result = store.put_article(make(raw=b"Second text.\n"))
    assert (result.status, result.version) == ("version", 2)
    assert store.get_raw("a1") == b"Second text.\n"
    assert store.get_raw("a1", version=1) == b"First text.\n"
    # the old content again is not a third version
    assert store.put_article(make(raw=b"First text.\n")).status == "unchanged"
    assert store.versions("a1") == [1, 2]
    [summary] = store.list_articles()
    assert (summary.version, summary.versions) == (2, 2)


def test_failed_write_leaves_store_as_before(store_location):
    store = open_store(store_location)
    store.put_article(make("ok"))
    bad = make("bad")
    bad.fields = {"x": object()}  # cannot be serialised: the write fails midway
    with pytest.raises(TypeError):
        store.put_article(bad)
    assert [a.id for a in store.list_articles()] == ["ok"]
    assert store.put_article(make("later")).status == "added"


def test_group_write_stores_whole_articles_only(store_location):
    store = open_store(store_location)
    first, bad, last = make("first", outlet="X"), make("bad", outlet="X"), make("last")
    # the row of "bad" is written, then its lines fail (a list is no key): a write dies midway
    with pytest.raises(TypeError):
        store.put_articles([(first, ["share this"]), (bad, [["not", "a", "key"]]), (last, [])])
    assert [a.id for a in store.list_articles()] == ["first"]
    rows = store.conn.execute("SELECT COUNT(*), COUNT(DISTINCT uid) FROM lines").fetchone()
    assert rows == (1, 1)  # the lines of "first" only
    results = store.put_articles([(make("bad", outlet="X"), ["share this"]), (last, [])])
    assert [r.status for r in results] == ["added", "added"]
    assert store.put_articles([(make("first", outlet="X"), [])])[0].status == "unchanged"


def test_hostile_ids_and_text_are_data_not_sql(store_location):
    store = open_store(store_location)
    evil = "x'); DROP TABLE articles; --"
    store.put_article(make(evil, raw=b"Robert'); DROP TABLE articles;--\n"))
    assert store.get_article(evil).id == evil
    assert store.count() == 1


def test_recurring_lines_are_found_per_outlet(store_location):
    store = open_store(store_location)
    for i in range(4):
        a = make(f"n{i}", raw=f"Story {i}.\n".encode(), outlet="Daily")
        store.put_article(a, ["share this", f"story {i}"])
    other = make("o1", raw=b"Other.\n", outlet="Weekly")
    store.put_article(other, ["share this"])
    found = store.recurring_lines(min_articles=3, min_share=0.5)
    assert found == {"Daily": {"share this"}}
    assert [i for i, _ in store.articles_with_lines("Daily", ["share this"])] == [
        "n0",
        "n1",
        "n2",
        "n3",
    ]


def test_store_file_is_plain_sqlite(tmp_path):
    store = open_store(tmp_path / "s.db")
    store.put_article(make())
    store.close()
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("SELECT id, version FROM articles").fetchall() == [("a1", 1)]


def test_links_and_stories_round_trip(store_location):
    from stemma.model import AlignedPair, Evidence, Link, Variant

    store = open_store(store_location)
    ev = Evidence(
        pairs=[AlignedPair(0, 5, 0, 5, 0.9, "variant")],
        coverage_a=0.8,
        coverage_b=0.7,
        shared={"names": ["Doe"]},
        variants=[Variant("substitution", "dialogue", "dialog", 1, 9, 1, 7)],
        reasons=["earlier publication"],
    )
    links = [Link("a", "b", "copy", 0.95, "a", ev), Link("b", "c", "translation", 0.8)]
    store.replace_links(links)
    assert store.get_links() == links
    assert store.get_links(["c"]) == [links[1]]
    stories = [{"id": "s-a", "articles": ["a", "b", "c"], "related": []}]
    store.replace_stories(stories)
    assert store.list_stories() == stories and store.get_story("s-a") == stories[0]
    assert store.story_of("b") == "s-a" and store.story_of("zz") is None
    store.replace_links(links[:1])
    assert store.get_links() == links[:1]
