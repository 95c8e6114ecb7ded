"""Vector caches and CachedEncoder: each distinct normalised text is embedded once, ever."""

import hashlib
import sqlite3

import numpy as np
import pytest

from stemma.embed.cache import (
    CachedEncoder,
    MemoryVectorCache,
    SqliteVectorCache,
    default_normalise,
    text_key,
)


class CountingEncoder:
    """Deterministic vectors from a hash of the text; records every batch it is asked for."""

    def __init__(self, name="counting", dim=8):
        self.name, self.dim = name, dim
        self.batches: list[list[str]] = []

    def encode(self, texts, *, kind="passage"):
        self.batches.append(list(texts))
        rows = []
        for text in texts:
            seed = int(hashlib.sha1(f"{kind}|{text}".encode()).hexdigest()[:8], 16)
            vec = np.random.default_rng(seed).normal(size=self.dim).astype(np.float32)
            rows.append(vec / np.linalg.norm(vec))
        return np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)


def test_default_normalise_folds_case_space_and_unicode_form():
    assert default_normalise("  The\u00a0Letter\n IS  here ") == "the letter is here"
    assert default_normalise("Cafe\u0301") == default_normalise("Café")


def test_dedupes_within_a_call_and_across_calls():
    base = CountingEncoder()
    enc = CachedEncoder(base)
    vecs = enc.encode(["The letter", "the   LETTER", "A reply"])
    assert base.batches == [["the letter", "a reply"]]
    assert np.array_equal(vecs[0], vecs[1]) and not np.array_equal(vecs[0], vecs[2])
    again = enc.encode(["a reply", "New line"])
    assert base.batches[-1] == ["new line"]
    assert np.array_equal(again[0], vecs[2])
    assert (enc.calls, enc.texts_encoded, enc.texts_requested) == (2, 3, 5)
    enc.encode(["the letter"])
    assert enc.calls == 2  # everything cached: no call at all


def test_query_and_passage_vectors_are_kept_apart():
    base = CountingEncoder()
    enc = CachedEncoder(base)
    passage = enc.encode(["same text"])
    query = enc.encode(["same text"], kind="query")
    assert not np.array_equal(passage, query)
    assert text_key("x", "query") != text_key("x")
    assert enc.texts_encoded == 2


def test_custom_normaliser_decides_what_counts_as_the_same():
    base = CountingEncoder()
    enc = CachedEncoder(base, normalise=lambda t: t.replace("ي", "ی"))
    enc.encode(["علي", "علی"])
    assert base.batches == [["علی"]]


def test_sqlite_cache_persists_across_instances(tmp_path):
    path = tmp_path / "vectors.db"
    first = CachedEncoder(CountingEncoder(), SqliteVectorCache(path, "counting", 8))
    vecs = first.encode(["one", "two"])
    first.cache.close()
    base = CountingEncoder()
    second = CachedEncoder(base, SqliteVectorCache(path, "counting", 8))
    assert np.array_equal(second.encode(["two", "one"]), vecs[::-1])
    assert base.batches == [] and second.texts_encoded == 0
    assert len(second.cache) == 2


def test_sqlite_cache_keeps_encoders_apart_and_skips_wrong_lengths(tmp_path):
    conn = sqlite3.connect(tmp_path / "v.db")
    SqliteVectorCache(conn, "a").put_many({"k": np.ones(4, np.float32)})
    assert SqliteVectorCache(conn, "b").get_many(["k"]) == {}
    assert SqliteVectorCache(conn, "a", dim=3).get_many(["k"]) == {}
    assert np.array_equal(SqliteVectorCache(conn, "a", dim=4).get_many(["k"])["k"], np.ones(4))


def test_sqlite_cache_binds_hostile_keys(tmp_path):
    cache = SqliteVectorCache(tmp_path / "v.db", "enc'); DROP TABLE vectors; --")
    key = "x' OR '1'='1"
    cache.put_many({key: np.arange(3, dtype=np.float32), "plain": np.zeros(3, np.float32)})
    assert set(cache.get_many([key])) == {key}
    assert cache.get_many(["' OR 1=1 --"]) == {}
    tables = cache.conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    assert tables == [("vectors",)]


def test_sqlite_cache_reads_more_keys_than_one_statement_binds(tmp_path):
    cache = SqliteVectorCache(tmp_path / "v.db", "enc", dim=2)
    items = {f"k{i}": np.array([i, 1], np.float32) for i in range(1200)}
    cache.put_many(items)
    got = cache.get_many(list(items) + ["missing"])
    assert len(got) == 1200 and got["k1199"][0] == 1199


def test_memory_cache_copies_what_it_stores():
    cache = MemoryVectorCache()
    vec = np.ones(2, np.float32)
    cache.put_many({"k": vec})
    vec[0] = 5
    assert cache.get_many(["k", "other"])["k"][0] == 1 and len(cache) == 1


def test_encode_refuses_a_bare_string():
    with pytest.raises(TypeError):
        CachedEncoder(CountingEncoder()).encode("text")
