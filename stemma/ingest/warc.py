"""WARC and WARC.gz web archives: one article per captured HTML page (through warcio).

Each ``response`` (or ``resource``) record whose payload is HTML becomes an HTML record: its
raw bytes are the HTTP payload as the server sent it (transfer and content encodings undone),
its id comes from the target URI (``stemma.ingest.ids``), and the capture is kept as fields:
``url`` (the target URI), ``captured`` (WARC-Date), ``warc_record_id`` and ``http`` (status and
the headers that describe the page). Every other record (requests, metadata, warcinfo,
revisits, images, scripts) is skipped and counted in one note per archive. The archive is
streamed: memory holds one page at a time, whatever the archive's size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import IO

from stemma.ingest.ids import name_id
from stemma.ingest.notes import Note
from stemma.model import Problem, Record

PAGE_RECORDS = ("response", "resource")
# HTTP headers kept with the page: what describes it, not how it was served.
_HTTP_KEPT = ("content-type", "content-language", "last-modified", "date", "etag")


def is_warc(head: bytes) -> bool:
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def _is_html(content_type: str, payload_head: bytes) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        return True
    if kind:  # a declared other type (image, script, JSON): not a page
        return False
    start = payload_head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html"))


def iter_warc(where: str, stream: IO[bytes], max_bytes: int) -> Iterator[Record | Problem]:
    """The HTML pages of a WARC stream (already decompressed, or gzip per record)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    skipped: Counter[str] = Counter()
    pages = 0
    try:
        # warcio writes a warning about each record with a wrong length straight to stderr,
        # under the ingest progress; the record's problem, if any, is reported like others
        quiet = type("QuietIterator", (ArchiveIterator,), {"INC_RECORD": ""})
        for number, record in enumerate(quiet(stream), 1):
            kind = record.rec_type
            if kind not in PAGE_RECORDS:
                skipped[kind] += 1
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            http = record.http_headers
            content_type = (
                http.get_header("Content-Type")
                if http is not None
                else record.rec_headers.get_header("Content-Type")
            ) or ""
            if http is not None and not http.get_statuscode().startswith("2"):
                skipped[f"{kind} (HTTP {http.get_statuscode()})"] += 1
                continue
            payload = record.content_stream().read(max_bytes + 1)
            if not _is_html(content_type, payload[:512]):
                skipped[f"{kind} ({content_type.split(';')[0].strip() or 'not HTML'})"] += 1
                continue
            label = f"{where}#{uri}" if uri else where
            if len(payload) > max_bytes:
                yield Problem(
                    label, f"page is over the {max_bytes / 1e6:g} MB limit for one article"
                )
                continue
            if not payload.strip():
                skipped[f"{kind} (empty payload)"] += 1
                continue
            fields = {"url": uri} if uri else {}
            if captured := record.rec_headers.get_header("WARC-Date"):
                fields["captured"] = captured
            if record_id := record.rec_headers.get_header("WARC-Record-ID"):
                fields["warc_record_id"] = record_id
            if http is not None:
                kept = {"status": http.get_statuscode()}
                for name in _HTTP_KEPT:
                    if (value := http.get_header(name)) is not None:
                        kept[name] = value
                fields["http"] = kept
            # no URI: the record id, else the position in this archive, still names it stably
            ident = name_id(uri or record_id or f"{where}#{number}")
            pages += 1
            yield Record(id=ident, raw=payload, format="html", path=label, fields=fields)
    except ArchiveLoadFailed as exc:
        yield Problem(where, f"not a readable WARC archive ({str(exc).strip() or 'bad record'})")
    if skipped:
        listed = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items()))
        total = sum(skipped.values())
        yield Note(
            where,
            f"{total} WARC record{'s are' if total > 1 else ' is'} not an HTML page, "
            f"skipped: {listed}",
        )
    if not pages:
        yield Problem(where, "WARC archive holds no HTML page")
