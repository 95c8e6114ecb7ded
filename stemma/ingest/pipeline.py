"""From a record on disk to a stored, analysed article.

read -> clean -> normalise -> identify language -> segment -> metadata and dates -> store.
``analyse`` is pure (bytes in, Article out); ``ingest`` does the I/O and never lets one bad
input stop a batch.

Speed: records are analysed on worker processes, which also turn each article into the row the
store keeps (its analysis already JSON), so the parent only reads, checks and writes. Writes are
grouped: one transaction holds up to ``GROUP`` articles (or what ``FLUSH_S`` seconds brought),
each written whole or not at all (see ``SqliteStore.put_articles``). A crash therefore never
leaves part of an article; at worst the articles of the group being written are absent, and
running the same ingest again stores them (ingest is idempotent).
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from stemma.budget import BUDGET, CUT_SHORT, NOTE
from stemma.budget import note as budget_note
from stemma.ingest.clean import line_key, mark_blocks
from stemma.ingest.dates import find_dates, published_and_updated, relative_mentions
from stemma.ingest.html import PAGE_CHROME
from stemma.ingest.jsontext import loads as json_loads
from stemma.ingest.metadata import extract_metadata
from stemma.ingest.notes import Note
from stemma.ingest.read import ReadError, iter_records, to_source
from stemma.ingest.when import article_time, captured_time, earlier, metadata_time
from stemma.ingest.when import parse as parse_time
from stemma.model import Article, Block, Passage, Problem, Record
from stemma.store import Store
from stemma.text.langid import detect, detect_passages, preload
from stemma.text.normalise import display
from stemma.text.segment import sentences

# A line counts as outlet chrome once it recurs in this many articles of one outlet
# and in this share of them; short lines only, since real sentences are rarely repeated whole.
CHROME_MIN_ARTICLES = 3
CHROME_MIN_SHARE = 0.1
CHROME_MAX_CHARS = 160
# Below this many new records in a window, starting worker processes (and loading every
# language model first, see ``warm_up``) costs more than it saves.
PARALLEL_FROM = 64
# Records a worker takes at a time: fewer, larger messages between the processes.
CHUNK = 8
# Articles per write transaction; a group is also written once its first article has waited
# this long for the next one to arrive.
GROUP = 64
FLUSH_S = 0.5


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


@dataclass(slots=True)
class Prepared:
    """An analysed article as the store keeps it, made where it was analysed: the analysis is
    already JSON and ``lines`` holds the keys of its short lines (for learning chrome). The
    parent attaches ``raw`` and ``sha256``, which it holds already."""

    id: str
    format: str
    path: str | None
    source: str
    lang: str | None
    outlet: str | None
    title: str | None
    published: str | None
    analysis_json: str
    lines: list[str]
    raw: bytes = b""
    sha256: str = ""
    version: int = 0

    @classmethod
    def of(cls, article: Article) -> Prepared:
        return cls(
            article.id,
            article.format,
            article.path,
            article.source,
            article.lang,
            article.outlet,
            article.title,
            article.published,
            json.dumps(article.analysis(), ensure_ascii=False),
            _chrome_keys(article.source, article.blocks),
        )


def _given(fields: dict, key: str) -> str | None:
    value = fields.get(key)
    return str(value).strip() or None if value not in (None, "") else None


def analyse(record: Record, chrome: set[str] = frozenset()) -> tuple[Article, list[str]]:
    """Derive everything stemma knows about one record, with warnings worth showing.

    Raises ReadError for unusable input. ``chrome`` holds line keys learned as page chrome of
    the record's outlet.
    """
    source, fields, notes = to_source(record)
    blocks, cut = _budgeted_blocks(source, record.format, fields.pop(PAGE_CHROME, None))
    if chrome:
        _mark_learned(source, blocks, chrome)
    if cut:
        notes.append(cut)
    return _derive(record, source, fields, blocks, notes), notes


def _speaking_day(published: str | None, fields: dict) -> date | None:
    """The day an article speaks from, which its "yesterday" and "today" count from: its
    publication day where known to the day, else the day it was captured or downloaded."""
    for found in (parse_time(published), captured_time(fields)):
        if found is not None and found.precision in ("day", "minute"):
            return date.fromisoformat(found.iso[:10])
    return None


def _budgeted_blocks(
    source: str, fmt: str, page_chrome: dict[str, str] | None = None
) -> tuple[list[Block], str | None]:
    """The blocks of the part of ``source`` the work budget allows (the rest one block marked
    cut_short, never cleaned: cleaning is linear but slow per line), and the note when cut.
    ``page_chrome``: the chrome lines an HTML page's structure showed (``extract_html``)."""
    end, why = BUDGET.span(source)
    if why is None:
        return mark_blocks(source, fmt, page_chrome), None
    blocks = _cut_at(mark_blocks(source[:end], fmt, page_chrome), source, end)
    return blocks, budget_note(why, end, len(source))


def _cut_at(blocks: list[Block], source: str, end: int) -> list[Block]:
    """``blocks`` ending at ``end``, and one block marked cut_short over the rest."""
    kept = []
    for b in blocks:
        if b.end <= end:
            kept.append(b)
        elif b.start < end and (stop := b.start + len(source[b.start : end].rstrip())) > b.start:
            kept.append(Block(b.start, stop, b.boilerplate))
    rest = source[end:]
    start, stop = end + len(rest) - len(rest.lstrip()), len(source.rstrip())
    if start < stop:
        kept.append(Block(start, stop, CUT_SHORT))
    return kept


def _derive(
    record: Record, source: str, fields: dict, blocks: list[Block], notes: list[str] | None = None
) -> Article:
    """The article from its source text and its blocks, chrome already marked; a budget cut
    on passages replaces the note in ``notes``."""
    body = [b for b in blocks if not b.boilerplate]
    if not body:
        raise ReadError("no text left once page chrome is set aside")
    chunks = [source[b.start : b.end] for b in body]
    # a record's own "lang" is the language; a page's or feed's declared one is evidence
    lang = _given(fields, "lang") or detect("\n".join(chunks), declared=_given(fields, "language"))
    passages, shown = _passages(source, body, chunks, lang)
    if len(passages) > BUDGET.passages:
        # every passage is embedded and aligned later: cut before the first one over budget
        end = passages[BUDGET.passages].start
        why = BUDGET.passages_reason(len(passages))
        blocks = _cut_at(blocks, source, end)
        body = [b for b in blocks if not b.boilerplate]
        chunks = [source[b.start : b.end] for b in body]
        passages, shown = _passages(source, body, chunks, lang)
        if notes is not None:
            notes[:] = [n for n in notes if not n.startswith(NOTE)]
            notes.append(budget_note(why, end, len(source)))
    # metadata and dates read only the analysed part: the tail could be megabytes
    analysed = source[: blocks[-1].start] if blocks[-1].boilerplate == CUT_SHORT else source
    meta = extract_metadata(
        analysed, blocks[:-1] if analysed is not source else blocks, fields, lang
    )
    # A given publication date dates year-less mentions only when it is a day the input writes
    # (htmldate fills a bare year as the 1st of January).
    given = metadata_time(fields, record.raw)
    full = given is not None and given.source == "metadata" and given.precision != "year"
    reference = _given(fields, "published") if full and given.precision != "month" else None
    dates = find_dates(analysed, lang, reference=reference)
    published, updated = published_and_updated(dates)
    when = article_time(analysed, dates, fields, record.raw, lang)
    if not published and given is not None and not earlier(given, when):
        published = given.iso  # unless the article's own dates show a filled-in year wrong
    anchor = _speaking_day(reference or published, fields)
    if anchor is not None:
        relative = relative_mentions(analysed, anchor, lang, dates)
        dates = sorted(dates + relative, key=lambda d: d.start) if relative else dates
    return Article(
        id=record.id,
        raw=record.raw,
        format=record.format,
        source=source,
        path=record.path,
        blocks=blocks,
        text="\n\n".join(shown),
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
        when=when,
    )


def _passages(
    source: str, body: list[Block], chunks: list[str], lang: str | None
) -> tuple[list[Passage], list[str]]:
    """The passages of the body, and each body block in display form."""
    spans: list[tuple[int, int, int]] = []
    texts: list[str] = []
    shown: list[str] = []
    for para, (block, chunk) in enumerate(zip(body, chunks, strict=True)):
        whole = display(chunk, lang)
        shown.append(whole)
        cuts = _within(chunk, sentences(chunk, lang), BUDGET.passage_chars)
        if len(cuts) == 1 and cuts[0] == (0, len(chunk)):
            # one sentence filling the block (a block is trimmed): its display form is known
            spans.append((block.start, block.end, para))
            texts.append(whole)
            continue
        for s, e in cuts:
            spans.append((block.start + s, block.start + e, para))
            texts.append(display(chunk[s:e], lang))
    langs = detect_passages(texts, lang)
    passages = [
        Passage(start=s, end=e, text=t, lang=pl, para=para)
        for (s, e, para), t, pl in zip(spans, texts, langs, strict=True)
    ]
    return passages, shown


def _within(chunk: str, cuts: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """``cuts`` with every span over ``limit`` characters split at white space (a "sentence"
    of megabytes is no sentence, and the encoder and aligner work per passage)."""
    if all(e - s <= limit for s, e in cuts):
        return cuts
    out = []
    for s, e in cuts:
        while e - s > limit:
            cut = chunk.rfind(" ", s + 1, s + limit)
            cut = cut if cut > s else s + limit  # one endless word: cut it anyway
            out.append((s, s + len(chunk[s:cut].rstrip())))
            s = cut + len(chunk[cut:e]) - len(chunk[cut:e].lstrip())
        if e > s:
            out.append((s, e))
    return out


def _mark_learned(source: str, blocks: list[Block], chrome: set[str]) -> None:
    body = [b for b in blocks if not b.boilerplate]
    for block in body:
        if len(body) > 1 and line_key(source[block.start : block.end]) in chrome:
            block.boilerplate = "recurring_line"
            body = [b for b in body if b is not block]


def _chrome_keys(source: str, blocks: list[Block]) -> list[str]:
    return [
        line_key(source[b.start : b.end])
        for b in blocks
        if not b.boilerplate and b.end - b.start <= CHROME_MAX_CHARS
    ]


def _prepare(record: Record) -> tuple[Prepared | None, list[str], str | None]:
    """Analyse one record into its stored form. Never raises: unusable input and analysis
    bugs become a reason."""
    try:
        article, notes = analyse(record)
        return Prepared.of(article), notes, None
    except ReadError as exc:
        return None, [], str(exc)
    except Exception as exc:  # a bug met on odd input must not stop the batch either
        return None, [], f"could not be analysed ({type(exc).__name__}: {exc})"


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


# Short texts of my own in each language stemma has a module for, with a date and a source,
# so that lazily built tables are built once in the parent and shared by forked workers.
_WARM_TEXTS = (
    "Tehran, 3 March 2024 (Example News) - The minister said on Monday that the talks would "
    "resume next week, according to Reuters.\n\nTags: talks, minister\n\nShare this article",
    "تهران - وزیر امور خارجه روز دوشنبه ۱۲ اسفند ۱۴۰۲ گفت که گفت‌وگوها هفته آینده از سر "
    "گرفته می‌شود. به گزارش خبرگزاری نمونه، این دیدار در کتابخانه‌ها برگزار شد.\n\nبرچسب‌ها: وزیر",
    "طهران - قال الوزير يوم الاثنين ١٢ رمضان ١٤٤٥ إن المحادثات ستستأنف الأسبوع المقبل، "
    "وفقا لوكالة الأنباء.\n\nالكلمات المفتاحية: الوزير",
    "تہران - وزیر خارجہ نے پیر کو کہا کہ مذاکرات اگلے ہفتے دوبارہ شروع ہوں گے۔ یہ بات "
    "خبر رساں ادارے نے بتائی۔",
)
_warmed = False


def warm_up() -> None:
    """Load language models and build lazily made tables now, once per process.

    ``ingest`` calls it before it starts worker processes, which then share what was loaded
    instead of each loading it again.
    """
    global _warmed
    if _warmed:
        return
    preload()
    for i, text in enumerate(_WARM_TEXTS):
        _prepare(Record(f"warm-up-{i}", text.encode("utf-8"), "txt", ""))
    _warmed = True


def _windows(items: Iterator, size: int) -> Iterator[list]:
    while window := list(itertools.islice(items, size)):
        yield window


class _Writer:
    """Collects analysed articles and writes them in groups, keeping the report in input
    order."""

    def __init__(self, store: Store, report: IngestReport):
        self.store = store
        self.report = report
        self.touched: set[str] = set()
        self.pending: list[tuple[str, object]] = []  # (kind, payload) in input order
        self.articles = 0
        self.since = 0.0

    def add(self, kind: str, payload: object) -> None:
        self.pending.append((kind, payload))
        if kind == "put":
            if not self.articles:
                self.since = time.monotonic()
            self.articles += 1
            if self.articles >= GROUP or time.monotonic() - self.since >= FLUSH_S:
                self.flush()

    def flush(self) -> None:
        items = [payload[0] for kind, payload in self.pending if kind == "put"]
        results = iter(self.store.put_articles([(p, p.lines) for p in items]) if items else [])
        report = self.report
        lists = {"added": report.added, "version": report.versions, "unchanged": report.unchanged}
        for kind, payload in self.pending:
            if kind == "problem":  # a reader's Note (records a container skips) is no problem
                (report.notes if isinstance(payload, Note) else report.problems).append(payload)
            elif kind == "unchanged":
                report.unchanged.append(payload)
            else:
                prepared, notes = payload
                report.notes.extend(notes)
                result = next(results)
                lists[result.status].append(prepared.id)
                if result.status != "unchanged" and prepared.outlet:
                    self.touched.add(prepared.outlet)
        self.pending = []
        self.articles = 0


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    progress: Callable[[Record | Problem], None] | None = None,
    max_bytes: int = 10_000_000,
    workers: int | None = None,
) -> IngestReport:
    """Read, analyse and store every article under ``paths``; learn outlet chrome at the end.

    Records stream through in windows, analysed on ``workers`` processes (analysis is pure)
    and written in input order, a group of whole articles per transaction.
    """
    workers = workers or default_workers()
    report = IngestReport()
    writer = _Writer(store, report)
    pool = None
    try:
        for window in _windows(iter(iter_records(paths, max_bytes=max_bytes)), 256 * workers):
            shas = {id(item): item.sha256 for item in window if isinstance(item, Record)}
            todo = [
                item
                for item in window
                if isinstance(item, Record) and store.has_content(item.id, shas[id(item)]) is None
            ]
            if pool is None and workers > 1 and len(todo) >= PARALLEL_FROM:
                warm_up()  # before the fork: workers inherit the loaded models
                pool = multiprocessing.get_context("fork").Pool(workers)
            # results arrive in input order while the workers go on: writing overlaps analysis
            analysed = iter(
                pool.imap(_prepare, [_light(r) for r in todo], chunksize=CHUNK)
                if pool
                else map(_prepare, todo)
            )
            fresh = {id(r) for r in todo}
            for item in window:
                if progress:
                    progress(item)
                if isinstance(item, Problem):
                    writer.add("problem", item)
                    continue
                if id(item) not in fresh:
                    writer.add("unchanged", item.id)
                    continue
                prepared, notes, reason = next(analysed)
                if reason is not None:
                    writer.add("problem", Problem(item.path, reason, item.line))
                    continue
                prepared.raw, prepared.sha256 = item.raw, shas[id(item)]
                writer.add("put", (prepared, [Problem(item.path, n, item.line) for n in notes]))
            writer.flush()  # the next window checks what is stored against all of this one
        if writer.touched:
            report.chrome_marked = learn_chrome(store, writer.touched, pool)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return report


def _light(record: Record) -> Record:
    """The record as sent to a worker: a JSONL record's fields are parsed again there from
    ``raw`` rather than sent twice."""
    if record.format != "jsonl" or not record.fields:
        return record
    return Record(record.id, record.raw, record.format, record.path, record.line)


def learn_chrome(store: Store, outlets: Iterable[str] | None = None, pool=None) -> int:
    """Re-mark articles holding lines that recur across their outlet; returns how many changed.

    Only articles whose marks change are analysed again (on ``pool`` when given).
    """
    learned = store.recurring_lines(CHROME_MIN_ARTICLES, CHROME_MIN_SHARE)
    wanted = set(outlets) if outlets is not None else set(learned)
    changed = 0
    # in windows, as ingest does, so that memory stays flat however many articles hold a line
    for window in _windows(_remark_jobs(store, learned, wanted), 512):
        remarked = (
            pool.imap(_remark, window, chunksize=2)
            if pool and len(window) > 1
            else map(_remark, window)
        )
        for new in remarked:
            if new is not None:
                store.replace_analysis(new)
                changed += 1
    return changed


def _remark_jobs(store: Store, learned: dict[str, set[str]], wanted: set[str]) -> Iterator[tuple]:
    for outlet in sorted(wanted & set(learned)):
        keys = learned[outlet]
        for id, version in store.articles_with_lines(outlet, keys):
            old = store.get_article(id, version)
            marks = [b.boilerplate for b in old.blocks]
            # a container's record (WARC page, feed item) had fields its raw bytes lack
            given = old.fields if old.format in ("html", "feed") else {}
            yield old.id, old.version, old.raw, old.format, old.path, old.source, marks, keys, given


def _remark(job: tuple) -> Prepared | None:
    """One stored article with learned chrome marked: its new stored form, or None when its
    marks stay the same (or no text would be left)."""
    id, version, raw, fmt, path, source, marks, keys, given = job
    record = Record(id, raw, fmt, path or "", fields=dict(given))
    try:
        if fmt == "jsonl":
            fields = json_loads(raw, what="stored JSON line")
        elif fmt == "txt":
            fields = {}
        else:  # HTML and PDF carry fields in the markup: read them again
            source, fields, _ = to_source(record)
        blocks = _budgeted_blocks(source, fmt, fields.pop(PAGE_CHROME, None))[0]
        _mark_learned(source, blocks, keys)
        if [b.boilerplate for b in blocks] == marks:
            return None
        new = Prepared.of(_derive(record, source, fields, blocks))
    except ReadError:
        return None
    new.version = version
    return new
