"""From a record on disk to a stored, analysed article.

read -> clean -> normalise -> identify language -> segment -> metadata and dates -> store.
``analyse`` is pure (bytes in, Article out); ``ingest`` does the I/O and never lets one bad
input stop a batch.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from stemma.ingest.clean import line_key, mark_blocks
from stemma.ingest.dates import find_dates, published_and_updated
from stemma.ingest.metadata import extract_metadata
from stemma.ingest.read import ReadError, iter_records, to_source
from stemma.model import Article, Block, Passage, Problem, Record
from stemma.store import Store
from stemma.text.langid import detect, detect_passages
from stemma.text.normalise import display
from stemma.text.segment import sentences

# A line counts as outlet chrome once it recurs in this many articles of one outlet
# and in this share of them; short lines only, since real sentences are rarely repeated whole.
CHROME_MIN_ARTICLES = 3
CHROME_MIN_SHARE = 0.1
CHROME_MAX_CHARS = 160
# Below this many new records in a window, starting worker processes costs more than it saves.
PARALLEL_FROM = 24


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # warnings: stored, but worth knowing
    chrome_marked: int = 0  # articles re-marked with chrome learned across the batch

    @property
    def stored(self) -> int:
        return len(self.added) + len(self.versions)


def _given(fields: dict, key: str) -> str | None:
    value = fields.get(key)
    return str(value).strip() or None if value not in (None, "") else None


def analyse(record: Record, chrome: set[str] = frozenset()) -> tuple[Article, list[str]]:
    """Derive everything stemma knows about one record, with warnings worth showing.

    Raises ReadError for unusable input. ``chrome`` holds line keys learned as page chrome of
    the record's outlet.
    """
    source, fields, notes = to_source(record)
    blocks = mark_blocks(source, record.format)
    if chrome:
        _mark_learned(source, blocks, chrome)
    body = [b for b in blocks if not b.boilerplate]
    if not body:
        raise ReadError("no text left once page chrome is set aside")
    lang = _given(fields, "lang") or detect("\n".join(source[b.start : b.end] for b in body))
    passages = _passages(source, body, lang)
    meta = extract_metadata(source, blocks, fields, lang)
    reference = _given(fields, "published")
    dates = find_dates(source, lang, reference=reference)
    published, updated = published_and_updated(dates)
    article = Article(
        id=record.id,
        raw=record.raw,
        format=record.format,
        source=source,
        path=record.path,
        blocks=blocks,
        text="\n\n".join(display(source[b.start : b.end], lang) for b in body),
        lang=lang,
        title=meta.title,
        outlet=meta.outlet,
        url=_given(fields, "url"),
        published=reference or published,
        updated=_given(fields, "updated") or updated,
        dateline=meta.dateline,
        byline=meta.byline,
        news_id=meta.news_id,
        sources=meta.sources,
        dates=dates,
        passages=passages,
        fields={k: v for k, v in fields.items() if k != "text"}
        | ({"outlet_written": meta.outlet_written} if meta.outlet_written else {}),
    )
    return article, notes


def _passages(source: str, body: list[Block], lang: str | None) -> list[Passage]:
    spans: list[tuple[int, int, int]] = []
    for para, block in enumerate(body):
        chunk = source[block.start : block.end]
        spans.extend((block.start + s, block.start + e, para) for s, e in sentences(chunk, lang))
    texts = [display(source[s:e], lang) for s, e, _ in spans]
    langs = detect_passages(texts, lang)
    return [
        Passage(start=s, end=e, text=t, lang=pl, para=para)
        for (s, e, para), t, pl in zip(spans, texts, langs, strict=True)
    ]


def _mark_learned(source: str, blocks: list[Block], chrome: set[str]) -> None:
    body = [b for b in blocks if not b.boilerplate]
    for block in body:
        if len(body) > 1 and line_key(source[block.start : block.end]) in chrome:
            block.boilerplate = "recurring_line"
            body = [b for b in body if b is not block]


def _chrome_keys(article: Article) -> list[str]:
    return [
        line_key(article.source[b.start : b.end])
        for b in article.blocks
        if not b.boilerplate and b.end - b.start <= CHROME_MAX_CHARS
    ]


def _analyse_safely(record: Record) -> tuple[Article | None, list[str], str | None]:
    """Never raises for one record: unusable input and analysis bugs become a reason."""
    try:
        article, notes = analyse(record)
        return article, notes, None
    except ReadError as exc:
        return None, [], str(exc)
    except Exception as exc:  # a bug met on odd input must not stop the batch either
        return None, [], f"could not be analysed ({type(exc).__name__}: {exc})"


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _windows(items: Iterator, size: int) -> Iterator[list]:
    while window := list(itertools.islice(items, size)):
        yield window


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    progress: Callable[[Record | Problem], None] | None = None,
    max_bytes: int = 10_000_000,
    workers: int | None = None,
) -> IngestReport:
    """Read, analyse and store every article under ``paths``; learn outlet chrome at the end.

    Records stream through in windows, analysed on ``workers`` processes (analysis is pure)
    and written one transaction per article, in input order.
    """
    workers = workers or default_workers()
    report = IngestReport()
    touched: set[str] = set()
    pool = None
    try:
        for window in _windows(iter(iter_records(paths, max_bytes=max_bytes)), 256 * workers):
            todo = [
                item
                for item in window
                if isinstance(item, Record) and store.has_content(item.id, item.sha256) is None
            ]
            first = None
            if pool is None and workers > 1 and len(todo) >= PARALLEL_FROM:
                # analyse one record here first: lazily built tables and language models
                # are then inherited by the forked workers instead of rebuilt in each
                first = todo[0]
                done = _analyse_safely(first)
                pool = multiprocessing.get_context("fork").Pool(workers)
            rest = todo[1:] if first is not None else todo
            # results arrive in input order while the workers go on: writing overlaps analysis
            analysed = iter(
                pool.imap(_analyse_safely, rest, chunksize=4)
                if pool
                else map(_analyse_safely, rest)
            )
            fresh = {id(r) for r in todo}
            for item in window:
                if progress:
                    progress(item)
                if isinstance(item, Problem):
                    report.problems.append(item)
                    continue
                if id(item) not in fresh:
                    report.unchanged.append(item.id)
                    continue
                result_of = done if item is first else next(analysed)
                article, notes, reason = result_of
                if reason is not None:
                    report.problems.append(Problem(item.path, reason, item.line))
                    continue
                report.notes.extend(Problem(item.path, note, item.line) for note in notes)
                result = store.put_article(article, _chrome_keys(article))
                {"added": report.added, "version": report.versions, "unchanged": report.unchanged}[
                    result.status
                ].append(article.id)
                if result.status != "unchanged" and article.outlet:
                    touched.add(article.outlet)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    if touched:
        report.chrome_marked = learn_chrome(store, touched)
    return report


def learn_chrome(store: Store, outlets: Iterable[str] | None = None) -> int:
    """Re-mark articles holding lines that recur across their outlet; returns how many changed."""
    learned = store.recurring_lines(CHROME_MIN_ARTICLES, CHROME_MIN_SHARE)
    wanted = set(outlets) if outlets is not None else set(learned)
    changed = 0
    for outlet in sorted(wanted & set(learned)):
        keys = learned[outlet]
        for id, version in store.articles_with_lines(outlet, keys):
            old = store.get_article(id, version)
            fields = json.loads(old.raw) if old.format == "jsonl" else {}
            record = Record(old.id, old.raw, old.format, old.path or "", fields=fields)
            try:
                new, _ = analyse(record, chrome=keys)
            except ReadError:
                continue
            if [b.boilerplate for b in new.blocks] != [b.boilerplate for b in old.blocks]:
                new.version = old.version
                store.replace_analysis(new)
                changed += 1
    return changed
