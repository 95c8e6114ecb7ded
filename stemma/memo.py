"""Small caches: a thread-safe LRU, and one that keeps what is derived from the articles seen
last (typing compares one article with several others in a row, and its tokens, sentences and
names would otherwise be computed again for each pair)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from stemma.model import Article

T = TypeVar("T")


class Lru:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int = 64):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def clear(self) -> None:
        with self.lock:
            self.items.clear()

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


class SizedLru(Lru):
    """An LRU bounded by the bytes of what it holds (as ``weigh`` counts them), not by a
    count: compact values of very different sizes (a brief against a long report) then fill
    a known share of memory whatever the mix."""

    def __init__(self, limit: int, weigh: Callable[[object], int]):
        super().__init__(size=0)
        self.limit, self.weigh, self.weights, self.used = limit, weigh, {}, 0

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.weights.clear()
            self.used = 0

    def put(self, key, value) -> None:
        weight = self.weigh(value)
        if weight > self.limit:
            return  # one value over the whole bound would only evict everything else
        with self.lock:
            self.used -= self.weights.pop(key, 0)
            self.items[key], self.weights[key] = value, weight
            self.items.move_to_end(key)
            self.used += weight
            while self.used > self.limit:
                old, _ = self.items.popitem(last=False)
                self.used -= self.weights.pop(old)


_ARTICLE_CACHES: list[Lru] = []


def clear_article_caches() -> None:
    """Forget everything :func:`per_article` functions keep (to time work from scratch)."""
    for cache in _ARTICLE_CACHES:
        cache.clear()


def article_cache(size: int = 512) -> Lru:
    """An LRU of what is derived from articles, emptied by :func:`clear_article_caches`."""
    cache = Lru(size)
    _ARTICLE_CACHES.append(cache)
    return cache


def sized_article_cache(limit: int, weigh: Callable[[object], int]) -> SizedLru:
    """A :class:`SizedLru` of what is derived from articles, emptied by
    :func:`clear_article_caches`."""
    cache = SizedLru(limit, weigh)
    _ARTICLE_CACHES.append(cache)
    return cache


def article_key(article: Article) -> tuple:
    """What identifies an article's content for a cache: an edited article gets a new key."""
    return (article.id, article.version, hash(article.source), len(article.passages))


def per_article(
    size: int = 512, key: Callable[[Article], object] = article_key
) -> Callable[[Callable[[Article], T]], Callable[[Article], T]]:
    """Cache a function of one article for the ``size`` articles used last (callers must not
    mutate what it returns). ``key``: what the function reads of the article, where that is
    less than the article itself (copies of one text under other ids then share one entry)."""

    def wrap(fn: Callable[[Article], T]) -> Callable[[Article], T]:
        cache = article_cache(size)

        @wraps(fn)
        def cached(article: Article) -> T:
            at = key(article)
            found = cache.get(at)
            if found is None:
                found = fn(article)
                cache.put(at, found)
            return found

        return cached

    return wrap
