"""The app's result cache: one computation for concurrent misses, dropped when the store changes."""

import threading
import time

from fastapi.testclient import TestClient

from stemma.web.app import StorePool, create_app


def test_concurrent_misses_compute_once(tmp_path):
    pool = StorePool(tmp_path / "s.db")
    pool.get()  # creates the file
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return "value"

    got = []
    threads = [
        threading.Thread(target=lambda: got.append(pool.cached(("k",), slow))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == ["value"] * 8 and len(calls) == 1
    pool.close()


def test_a_write_to_the_store_shows_on_the_next_request(hostile_store, factories):
    with TestClient(create_app(hostile_store.path)) as client:
        first = client.get("/api/stories").json()
        assert first["total"] == 1
        assert client.get("/api/stories").json() == first  # served again, from the cache
        a = factories.article("late-1", ["A late article about harbours."], title="Late")
        hostile_store.put_article(a)
        stories = hostile_store.list_stories() + [factories.story("s-late", [a])]
        hostile_store.replace_stories(stories)
        after = client.get("/api/stories").json()
        assert after["total"] == 2
        assert "s-late" in client.get("/").text
