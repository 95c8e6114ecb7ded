"""Several connections (processes, server threads) sharing one PostgreSQL store."""

import time

import pytest

from stemma.model import Article, Block
from stemma.store import open_store
from tests.store.threads import in_thread

pytestmark = pytest.mark.postgres


def make(id, text):
    return Article(
        id=id, raw=text.encode(), format="txt", source=text, blocks=[Block(0, len(text))], text=text
    )


def test_a_closed_connection_never_leaves_the_store_locked(postgres_url):
    holder = open_store(postgres_url)
    holder.exclusive("analysis").__enter__()
    holder.close()  # a process that dies mid-analysis
    other = open_store(postgres_url)
    thread, out = in_thread(lambda: other.exclusive("analysis").__enter__())
    thread.join(10)
    assert not thread.is_alive() and "error" not in out
    other.close()


def test_two_writers_of_one_article_store_one_version(postgres_url):
    a, b = open_store(postgres_url), open_store(postgres_url)
    with a.conn.transaction():
        a._put(make("x", "Same text."), [])  # uncommitted: b's insert must wait for it
        thread, out = in_thread(lambda: b.put_article(make("x", "Same text.")))
        time.sleep(0.5)
        assert thread.is_alive()
    thread.join(10)
    assert "error" not in out, out.get("error")
    assert out["value"].status == "unchanged" and out["value"].version == 1
    assert b.versions("x") == [1]
    a.close(), b.close()


def test_writes_of_any_connection_change_the_count_readers_cache_under(postgres_url):
    reader, writer = open_store(postgres_url), open_store(postgres_url)
    before = reader.changes()
    assert reader.changes() == before  # reading changes nothing
    writer.put_article(make("x", "Text."))
    after = reader.changes()
    assert after > before
    writer.put_stage_rows("s", [("k", "i", b"v")])
    assert reader.changes() > after
    reader.close(), writer.close()


def test_many_first_opens_at_once_make_one_schema(postgres_url):
    threads = [in_thread(lambda: open_store(postgres_url).close()) for _ in range(6)]
    for thread, out in threads:
        thread.join(30)
        assert "error" not in out, out.get("error")
    with open_store(postgres_url, create=False) as store:
        assert store.conn.execute("SELECT value FROM meta").fetchall() == [("1",)]


def test_nearest_is_the_same_with_and_without_pgvector(postgres_url):
    import numpy as np

    from stemma.store.postgres import PostgresVectorCache

    store = open_store(postgres_url)
    if not store.has_pgvector:
        pytest.skip("this server has no pgvector")
    rng = np.random.default_rng(7)
    vecs = {f"v{i:03d}": rng.normal(size=16).astype(np.float32) for i in range(300)}
    server = store.vector_cache("enc", 16)
    server.put_many(dict(list(vecs.items())[:200]))
    here = PostgresVectorCache(store.conn, "enc", 16, pgvector=False)
    query = rng.normal(size=16).astype(np.float32)
    ranked, exact = server.nearest(query, 10), here.nearest(query, 10)
    assert [k for k, _ in ranked] == [k for k, _ in exact]
    assert np.allclose([c for _, c in ranked], [c for _, c in exact], atol=1e-5)
    # rows written where the server had no pgvector have no vector value: ranked exactly
    here.put_many(dict(list(vecs.items())[200:]))
    assert server.nearest(query, 10) == here.nearest(query, 10)
    store.close()


def test_a_store_of_a_newer_stemma_is_refused(postgres_url):
    from stemma.store import StoreError

    with open_store(postgres_url) as store:
        store.conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer stemma"):
        open_store(postgres_url)


def test_opening_a_made_store_waits_for_no_writer(postgres_url):
    open_store(postgres_url).close()
    writer = open_store(postgres_url)
    with writer.conn.transaction():
        # a long write holds its tables; a reader (a web request's first open) must not queue
        writer.conn.execute("LOCK TABLE vectors, articles IN ROW EXCLUSIVE MODE")
        thread, out = in_thread(lambda: open_store(postgres_url, create=False).close())
        thread.join(5)
        assert not thread.is_alive() and "error" not in out
    writer.close()
