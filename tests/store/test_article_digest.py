"""Each article's digest stored beside it (``SqlStore.article_digests``), on SQLite and
PostgreSQL alike: the same value a store made before the column existed gives once it is
opened again (its digests made then), so no stage row of an analysed store goes stale."""

import pytest

from stemma.model import Article, Block
from stemma.store import open_store
from stemma.store.sql import digest_of


def make(id, text):
    raw = text.encode()
    return Article(
        id=id, raw=raw, format="txt", source=text, blocks=[Block(0, len(text))], text=text
    )


@pytest.fixture
def store(store_location):
    with open_store(store_location) as s:
        yield s


def test_digest_is_the_hash_of_raw_bytes_and_analysis(store):
    store.put_articles([(make("a", "One sentence."), []), (make("b", "Another one."), [])])
    rows = store._x("SELECT id, sha256, analysis FROM articles ORDER BY id").fetchall()
    assert list(store.article_digests()) == [(i, digest_of(s, a)) for i, s, a in rows]


def test_a_store_without_the_column_gets_it_with_the_same_digests(store_location):
    with open_store(store_location) as store:
        store.put_articles([(make(i, f"Text of {i}."), []) for i in ("x", "y", "z")])
        store.put_article(make("y", "A second version of y."))
        before = list(store.article_digests())
        # the store as an older stemma left it: no digest column, no index
        store._x("DROP INDEX articles_digest")
        store._x("ALTER TABLE articles DROP COLUMN digest")
    with open_store(store_location) as store:
        assert store._x("SELECT COUNT(*) FROM articles WHERE digest IS NULL").fetchone()[0] == 4
        assert list(store.article_digests()) == before
        assert store._x("SELECT COUNT(*) FROM articles WHERE digest IS NULL").fetchone()[0] == 0
        store.put_article(make("w", "Stored after the change."))
        assert [i for i, _ in store.article_digests()] == ["w", "x", "y", "z"]


def test_a_digest_left_out_is_made_again(store):
    store.put_articles([(make("a", "One."), []), (make("b", "Two."), [])])
    before = list(store.article_digests())
    store._x("UPDATE articles SET digest = NULL WHERE id = 'b'")
    assert list(store.article_digests()) == before
