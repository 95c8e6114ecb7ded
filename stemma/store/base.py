"""The storage interface every backend satisfies (SQLite now; PostgreSQL later)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from stemma.model import Article, Link


@dataclass
class PutResult:
    id: str
    version: int
    status: str  # "added" (first version), "version" (new version of a known id), "unchanged"


@dataclass
class ArticleSummary:
    id: str
    version: int
    versions: int
    format: str
    lang: str | None
    outlet: str | None
    title: str | None
    published: str | None
    path: str | None
    chars: int
    # best-known time (``TimeEvidence`` as a dict: iso, precision, source, text), where read
    when: dict | None = None


@dataclass(frozen=True)
class Filters:
    """The searches of the views' lists (web pages, API, CLI), each optional, all must hold:
    ``words`` each in a title or text, an ``outlet``, a language, and publication dates from
    ``date_from`` to ``date_to`` (ISO, inclusive). Frozen, so it keys a cache as it is."""

    words: str | None = None
    outlet: str | None = None
    lang: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def __post_init__(self):
        # a blank field (an empty form input) filters nothing, as a missing one
        for name in ("words", "outlet", "lang", "date_from", "date_to"):
            value = getattr(self, name)
            if value is not None and not str(value).strip():
                object.__setattr__(self, name, None)

    def __bool__(self) -> bool:
        return any((self.words, self.outlet, self.lang, self.date_from, self.date_to))


class Store(Protocol):
    """Articles keyed by id; every distinct raw content of an id is kept as a version."""

    def put_article(self, article: Article, lines: Iterable[str] = ()) -> PutResult:
        """Store ``article`` in one transaction; the same (id, raw bytes) again changes nothing.

        ``lines`` are keys of its short lines, remembered to learn chrome that recurs across
        one outlet's articles.
        """

    def put_articles(self, items: Iterable[tuple[Article, Iterable[str]]]) -> list[PutResult]:
        """Store several (article, lines) in one transaction, each article whole or not at all."""

    def has_content(self, id: str, sha256: str) -> int | None:
        """The version of ``id`` whose raw bytes hash to ``sha256``, if stored."""

    def replace_analysis(self, article: Article) -> None:
        """Overwrite what was derived for (article.id, article.version); raw is never touched."""

    def get_article(self, id: str, version: int | None = None) -> Article | None:
        """The latest version unless ``version`` is given."""

    def get_raw(self, id: str, version: int | None = None) -> bytes | None: ...

    def versions(self, id: str) -> list[int]: ...

    def list_articles(self) -> list[ArticleSummary]: ...

    def iter_articles(self, raw: bool = True) -> Iterator[Article]:
        """Latest version of every article, streamed; with ``raw=False`` the raw bytes are left
        in the store (``Article.raw`` is empty): the analysis reads the text only, and a pile of
        HTML pages would otherwise hold every page in memory."""

    def get_articles(self, ids: Iterable[str], raw: bool = False) -> Iterator[Article]:
        """The latest versions of ``ids`` (unknown ids left out), in id order, fetched in
        batches; ``raw=False`` as for :meth:`iter_articles`."""

    def count(self) -> int: ...

    def recurring_lines(self, min_articles: int, min_share: float) -> dict[str, set[str]]:
        """Outlet -> line keys seen in at least ``min_articles`` of its articles and that share."""

    def articles_with_lines(self, outlet: str, keys: Iterable[str]) -> list[tuple[str, int]]:
        """(id, version) of the latest articles of ``outlet`` holding any of ``keys``."""

    def replace_links(self, links: Iterable[Link]) -> None: ...

    def put_links(self, links: Iterable[Link]) -> None:
        """Insert or replace each link, by its (a, b); the others stay (an incremental run)."""

    def delete_links(self, pairs: Iterable[tuple[str, str]]) -> None: ...

    def get_links(self, ids: Iterable[str] | None = None) -> list[Link]:
        """All links, or those touching any of ``ids``."""

    def replace_stories(self, stories: Iterable[dict]) -> None: ...

    def put_stories(self, stories: Iterable[dict]) -> None:
        """Insert or replace each story; the others stay (an incremental analysis)."""

    def delete_stories(self, ids: Iterable[str]) -> None: ...

    def story_ids(self) -> list[str]: ...

    # -- the analysis stages' tables (stemma.engine) ------------------------------------------
    # Each stage keeps rows (key, inputs, value): ``inputs`` a hash of what the row was
    # computed from, ``value`` bytes only that stage reads. A run recomputes a row only when
    # the hash of its inputs changed; the same rows would be Parquet tables for Spark.
    def article_digests(self) -> Iterator[tuple[str, str]]:
        """(id, hash of all the analysis reads of its latest version), in id order."""

    def stage_rows(
        self, stage: str, keys: Iterable[str] | None = None
    ) -> Iterator[tuple[str, str, bytes]]:
        """(key, inputs, value) of a stage's rows: all, or those of ``keys``."""

    def stage_inputs(self, stage: str) -> Iterator[tuple[str, str]]:
        """(key, inputs) of every row of a stage, without the values: what a run reads to
        tell which rows still hold (the profiles of 100,000 articles are some 130 MB)."""

    def put_stage_rows(self, stage: str, rows: Iterable[tuple[str, str, bytes]]) -> None: ...

    def delete_stage_rows(self, stage: str | None = None, keys: Iterable[str] | None = None):
        """Rows of ``stage`` (every stage when None): those of ``keys``, or all."""

    def remove_article(self, id: str) -> bool:
        """Delete every version of ``id``; its links and stories go at the next analysis."""

    def list_stories(self) -> list[dict]: ...

    def get_story(self, id: str) -> dict | None: ...

    def story_of(self, article_id: str) -> str | None: ...

    def exclusive(self, what: str = "analysis", progress=None):
        """A context manager held while an analysis runs: another process's analysis of the
        same store waits (saying so through ``progress``) until it is released."""

    def vector_cache(self, encoder_name: str, dim: int):
        """A ``VectorCache`` kept with the store."""

    def close(self) -> None: ...

    # -- read-only queries for the views (web, report) ---------------------------------------
    def search_stories(
        self, filters: Filters | None = None, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[dict], int]:
        """Summaries (``id, title, languages, first_seen, related, size, outlets``) of stories
        matching every filter, newest first, and how many match in all."""

    def search_articles(
        self, filters: Filters | None = None, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[ArticleSummary], int]: ...

    def summaries(self, ids: Iterable[str]) -> list[ArticleSummary]:
        """Summaries of the latest versions of ``ids`` (unknown ids left out), in ``ids`` order."""

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """``{"outlets": [(name, articles)], "languages": [(code, articles)]}``."""

    def list_links(
        self, *, kind: str | None = None, limit: int = 100, offset: int = 0
    ) -> tuple[list[Link], int]: ...

    # -- readers' corrections (stemma.corrections): kept apart, never replaced by analysis -----
    def add_correction(self, correction) -> int:
        """Store a ``Correction``; returns its id (later corrections get larger ids)."""

    def corrections(self, ids: Iterable[str] | None = None) -> list:
        """Every ``Correction`` oldest first, or those naming any of ``ids``."""
