"""Files and folders to records, and records to source text.

``iter_records`` walks the paths it is given (folders recursively, in sorted order, hidden
entries skipped), picks each file's format from its extension and its first bytes, and yields
a Record per article or a Problem per input it cannot use; it never raises for one bad file.
JSONL, WARC archives and feeds are streamed (each article bounded by ``max_bytes``), gzip files
are read as the file they hold with the decompressed size bounded, and nothing over
``max_bytes`` is read into memory. A URL (``http``/``https``) is fetched and read the same way.
Inputs that hold no article (a sitemap, another XML or JSON document) are a Problem naming
what they are, never a stored article.
``to_source`` turns a record into the text all offsets point into.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from stemma.ingest.decode import BINARY, ReadError, decode, looks_binary
from stemma.ingest.decode import repair as repair_text
from stemma.ingest.feeds import is_feed, item_source, iter_feed, root_name
from stemma.ingest.fetch import FetchError, fetch, is_url
from stemma.ingest.gzipped import GzipBomb, inner_name, is_gzip, open_bounded
from stemma.ingest.html import extract_html
from stemma.ingest.ids import id_problem, name_id
from stemma.ingest.json_records import (
    is_newsplease,
    json_document,
    newsplease_fields,
    newsplease_id,
)
from stemma.ingest.jsontext import loads as json_loads
from stemma.ingest.mail import is_mail, mail_source
from stemma.ingest.pdf import extract_pdf
from stemma.ingest.warc import is_warc, iter_warc
from stemma.model import Problem, Record

__all__ = ["ReadError", "iter_records", "to_source", "FORMATS"]

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "xml",
    ".eml": "eml",
}
# Formats read as a stream of many articles (never whole into memory; each article bounded).
_STREAMS = frozenset({"jsonl", "warc", "feed"})
# XML roots that are lists of links, not articles.
_SITEMAPS = ("urlset", "sitemapindex")
_SNIFF = 4096
_MOJIBAKE_KEPT = "text field looks like mojibake; kept as given (offsets point into it)"
_HTML_STARTS = (b"<!doctype html", b"<html")


def iter_records(
    paths: Iterable[str | os.PathLike] | str | os.PathLike, *, max_bytes: int = 10_000_000
) -> Iterator[Record | Problem]:
    """Every article under ``paths`` as a Record, every unusable input as a Problem; a record
    whose id breaks the id rules (``stemma.ingest.ids.id_problem``) is a Problem too."""
    for item in _records(paths, max_bytes):
        reason = None if isinstance(item, Problem) else id_problem(item.id)
        yield item if reason is None else Problem(item.path, reason, item.line)


def _records(
    paths: Iterable[str | os.PathLike] | str | os.PathLike, max_bytes: int
) -> Iterator[Record | Problem]:
    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # one path given bare, not a string to iterate character by character
    for path in paths:
        if isinstance(path, str) and is_url(path):
            yield from _read_url(path, max_bytes)
            continue
        for item in _files(Path(path)):
            if isinstance(item, Problem):
                yield item
            else:
                yield from _read_file(item, max_bytes)


def to_source(record: Record) -> tuple[str, dict[str, Any], list[str]]:
    """(source text, fields the format carried, notes worth showing); ReadError if no text."""
    fields: dict[str, Any] = {}
    if record.format == "txt":
        text, _encoding, notes = decode(record.raw)
    elif record.format == "html":
        page_notes: list[str] = []
        text, fields = extract_html(record.raw, page_notes)
        text, notes = repair_text(text)
        notes = page_notes + notes
        # what the container knew (a WARC's target URI and capture time, a fetched URL) beats
        # what the page says of itself
        fields.update(record.fields)
    elif record.format == "pdf":
        text, notes = repair_text(extract_pdf(record.raw))
        if b"%%EOF" not in record.raw[-2048:]:
            notes.insert(0, "PDF has no end-of-file marker (truncated?); readable pages kept")
    elif record.format == "jsonl":
        fields = record.fields or _json_object(record.raw)
        text = fields.get("text")
        if not isinstance(text, str):
            raise ReadError('no usable "text" field')
        # The text field is the source as given: offsets (a corpus's gold spans too) point
        # into it, so mojibake is reported, not repaired.
        notes = [] if repair_text(text)[0] == text else [_MOJIBAKE_KEPT]
    elif record.format == "newsplease":
        obj = record.fields or json_loads(record.raw, what="news-please record")
        if not isinstance(obj, dict):
            raise ReadError("news-please record is not a JSON object")
        text, fields = newsplease_fields(obj)
        notes = [] if repair_text(text)[0] == text else [_MOJIBAKE_KEPT]
    elif record.format == "feed":
        text, fields, notes = item_source(record.raw, record.fields)
    elif record.format == "eml":
        text, fields, notes = mail_source(record.raw)
    else:
        raise ReadError(f"unknown format {record.format!r}")
    if not text.strip():
        raise ReadError("empty file" if not record.raw else "no text (only white space)")
    return text, fields, notes


def _json_object(raw: bytes) -> dict[str, Any]:
    value = json_loads(raw, what="JSON on this line")
    if not isinstance(value, dict):
        raise ReadError("JSON line is not an object")
    return value


# -- walking ---------------------------------------------------------------------------------


def _files(path: Path) -> Iterator[Path | Problem]:
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists() or path.is_symlink()
    except OSError as exc:
        yield Problem(str(path), f"cannot read: {exc.strerror or exc}")
        return
    if not exists:
        yield Problem(str(path), "no such file or folder")
    elif is_dir:
        yield from _walk(path)
    else:
        yield path


def _walk(folder: Path) -> Iterator[Path | Problem]:
    """Files under ``folder`` in sorted order, depth first, without recursion (a tree
    thousands of folders deep is no RecursionError). Links are followed only to files inside
    the folder; every other link is a named Problem (see ``_link_problem``)."""
    root = os.path.realpath(folder)
    stack = [_entries(folder)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif isinstance(entry, Problem):
            yield entry
        elif entry.name.startswith("."):
            continue
        elif entry.is_symlink():
            reason = _link_problem(entry.path, root)
            yield Path(entry.path) if reason is None else Problem(entry.path, reason)
        elif _is_dir(entry):
            stack.append(_entries(Path(entry.path)))
        else:
            yield Path(entry.path)


def _entries(folder: Path) -> Iterator[os.DirEntry | Problem]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Problem(str(folder), f"cannot read folder: {exc.strerror or exc}")
        return
    yield from entries


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _link_problem(path: str, root: str) -> str | None:
    """Why the link at ``path`` is not followed, or None for a link to a file inside ``root``.

    A link leaving the folder would store (and later serve and export) any file the user can
    read, such as /etc/passwd; a linked folder could loop or leave the folder too.
    """
    try:
        target = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return "skipped link: its target does not exist"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "skipped link: it loops (links pointing back to themselves)"
        return f"skipped link: cannot follow it ({exc.strerror or exc})"
    if os.path.commonpath([root, target]) != root:
        return "skipped link: it points outside the folder being read"
    if os.path.isdir(target):
        return "skipped link to a folder: linked folders are not followed"
    return None


# -- reading one file ------------------------------------------------------------------------


def _size_reason(size: int, max_bytes: int) -> str:
    return f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit for one article"


def _read_file(path: Path, max_bytes: int) -> Iterator[Record | Problem]:
    where = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        yield Problem(where, f"cannot read: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(info.st_mode):
        yield Problem(where, "not a regular file")
        return
    if info.st_size == 0:
        yield Problem(where, "empty file")
        return
    try:
        with open(path, "rb") as f:
            head = f.read(_SNIFF)
            if is_gzip(head):
                f.seek(0)
                yield from _read_gzip(path, f, info.st_size, max_bytes)
                return
            fmt = _format(path, head)
            if fmt in _STREAMS:
                f.seek(0)
                yield from _stream(fmt, where, f, max_bytes)
                return
            if info.st_size > max_bytes:
                yield Problem(where, _size_reason(info.st_size, max_bytes))
                return
            if fmt is None:
                yield Problem(where, BINARY)
                return
            raw = head + f.read(max_bytes + 1 - len(head))
    except OSError as exc:
        yield Problem(where, f"cannot read: {exc.strerror or exc}")
        return
    if len(raw) > max_bytes:  # grew since stat
        yield Problem(where, _size_reason(len(raw), max_bytes))
        return
    yield from _one_file(where, _file_id(path), raw, fmt)


def _stream(fmt: str, where: str, f, max_bytes: int) -> Iterator[Record | Problem]:
    """The articles of a file holding many (JSONL, WARC, a feed), read as a stream."""
    reader = {"jsonl": _jsonl, "warc": iter_warc, "feed": iter_feed}[fmt]
    try:
        yield from reader(where, f, max_bytes)
    except GzipBomb as exc:  # decompression stopped mid-stream: what was read is kept
        yield Problem(where, str(exc))
    except OSError as exc:
        yield Problem(where, f"cannot read further: {exc.strerror or exc}")
    except Exception as exc:  # warcio and lxml raise many kinds on hostile input
        yield Problem(where, f"could not be read further ({type(exc).__name__}: {exc})")


def _one_file(where: str, id: str, raw: bytes, fmt: str) -> Iterator[Record | Problem]:
    """The article(s) of a file read whole, or the one reason it holds none."""
    if fmt == "json":
        yield from json_document(where, raw, id)
    elif fmt == "xml":
        root = root_name(raw[:_SNIFF]) or "unknown"
        if root.rsplit(":", 1)[-1].lower() in _SITEMAPS:
            yield Problem(where, f"a sitemap (<{root}>: a list of links), not an article")
        else:
            yield Problem(where, f"an XML document (<{root}>) that is neither a feed nor a page")
    else:
        yield Record(id=id, raw=raw, format=fmt, path=where)


def _read_gzip(path: Path, f, size: int, max_bytes: int) -> Iterator[Record | Problem]:
    """A gzip file, read as the file it holds (``page.html.gz`` as ``page.html``), with the
    decompressed size bounded (see ``stemma.ingest.gzipped``)."""
    where, inner = str(path), Path(inner_name(path.name))
    try:
        head = open_bounded(f, size, one_article=False, max_bytes=max_bytes).read(_SNIFF)
        fmt = _format(inner, head)
        f.seek(0)
        if fmt in _STREAMS:
            yield from _stream(
                fmt, where, open_bounded(f, size, one_article=False, max_bytes=max_bytes), max_bytes
            )
            return
        if fmt is None:
            yield Problem(where, f"gzip of a binary file: {BINARY}")
            return
        raw = open_bounded(f, size, one_article=True, max_bytes=max_bytes).read(max_bytes + 1)
    except GzipBomb as exc:
        yield Problem(where, str(exc))
        return
    if not raw.strip():
        yield Problem(where, "gzip holds an empty file")
        return
    yield from _one_file(where, _file_id(inner), raw, fmt)


def _read_url(url: str, max_bytes: int) -> Iterator[Record | Problem]:
    """A URL given on the command line, fetched (``stemma.ingest.fetch``) and read like a file
    of its kind; one page is stored under an id made from the URL."""
    try:
        got = fetch(url, max_bytes)
    except FetchError as exc:
        yield Problem(url, str(exc))
        return
    if not got.body.strip():
        yield Problem(url, "the server sent an empty page")
        return
    name = Path(got.url.split("?", 1)[0].split("#", 1)[0].rstrip("/")).name or "page"
    head = got.body[:_SNIFF]
    if is_gzip(head):
        yield Problem(url, "the server sent gzip data; fetch it to a file and ingest that")
        return
    fmt = _format(Path(name if "." in name else name + ".url"), head)
    if "html" in got.content_type.lower() and fmt in ("txt", "xml"):
        fmt = "html"
    if fmt in _STREAMS:
        yield from _stream(fmt, url, io.BytesIO(got.body), max_bytes)
        return
    if fmt is None:
        yield Problem(url, BINARY)
        return
    for item in _one_file(url, name_id(got.url), got.body, fmt):
        if isinstance(item, Record) and item.path == url and item.format != "jsonl":
            item.fields = {**item.fields, "url": got.url}
        yield item


def _file_id(path: Path) -> str:
    return path.stem if path.suffix else path.name


def _format(path: Path, head: bytes) -> str | None:
    """The reader for a file; None when it is binary. Unmistakable content beats extension."""
    by_ext = FORMATS.get(path.suffix.lower())
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if by_ext == "jsonl":
        return by_ext
    if by_ext == "warc" or is_warc(head):
        return "warc"
    if start.startswith(b"%pdf-") or by_ext == "pdf":
        return "pdf"  # a .pdf without the magic number: the PDF reader says what is wrong
    if by_ext == "html" or start.startswith(_HTML_STARTS):
        return "html"
    if by_ext in (None, "xml", "feed") and start.startswith(b"<"):
        if b"<html" in start:
            return "html"
        if is_feed(head):
            return "feed"
        if by_ext or start.startswith(b"<?xml"):
            return "xml"  # a .xml, .rss or .atom that is no feed: said so by name, not stored
    if by_ext == "eml" or (by_ext is None and is_mail(head)):
        return "eml"
    if looks_binary(head):
        return None
    if by_ext == "json":
        return "jsonl" if _several_object_lines(head) else "json"
    if by_ext is None and start.startswith(b"["):
        return "json"
    if by_ext is None and start.startswith(b"{") and _first_line_is_object(head):
        return "jsonl"
    return "txt"


def _several_object_lines(head: bytes) -> bool:
    """A ``.json`` file that is JSONL in fact: its first two lines are each a whole object."""
    lines = [x for x in head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n")[:2] if x.strip()]
    return len(lines) == 2 and all(_first_line_is_object(x) for x in lines)


def _first_line_is_object(head: bytes) -> bool:
    line = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    try:
        return isinstance(json_loads(line, what="first line"), dict)
    except ReadError:
        return False


def _jsonl(where: str, f, max_bytes: int) -> Iterator[Record | Problem]:
    number = found = 0
    while line := f.readline(max_bytes + 1):
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield Problem(
                where, f"line is over the {max_bytes / 1e6:g} MB limit for one article", number
            )
            continue
        raw = line.rstrip(b"\r\n")
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        found += 1
        yield _jsonl_record(where, raw, number)
    if not found:
        yield Problem(where, "no JSON lines in the file (only white space)")


def _jsonl_record(where: str, raw: bytes, number: int) -> Record | Problem:
    try:
        obj = json_loads(raw, what="JSON on this line")
    except ReadError as exc:
        return Problem(where, str(exc), number)
    if not isinstance(obj, dict):
        return Problem(where, "JSON line is not an object", number)
    if is_newsplease(obj):
        fallback = f"{_file_id(Path(inner_name(Path(where).name)))}-{number}"
        return Record(newsplease_id(obj, fallback), raw, "newsplease", where, number, obj)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return Problem(where, 'no usable "text" field (missing, empty or not a string)', number)
    id = obj.get("id")
    if isinstance(id, bool) or not isinstance(id, str | int) or not str(id).strip():
        return Problem(where, 'no usable "id" field (missing, empty or not a string)', number)
    return Record(id=str(id).strip(), raw=raw, format="jsonl", path=where, line=number, fields=obj)
