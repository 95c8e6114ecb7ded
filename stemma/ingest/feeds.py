"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one article per item (through lxml and feedparser).

The feed is streamed with lxml's ``iterparse`` (each item is dropped once read, so memory stays
flat however long the feed) and every item becomes a record of format ``feed`` whose raw bytes
are the item's own bytes as the file has them (``<item>`` to ``</item>``, cut from the bytes
lxml read, see ``_Tape``); the feed's root start tag (its namespace declarations) and encoding
travel as fields (``feed_root``, ``feed_encoding``), so ``item_source`` reads the item as part of
its feed. Where the cut cannot be made (a UTF-16 feed, markup the cut does not follow), the raw
bytes are lxml's serialisation of the item, with the namespaces it uses declared on it.
Its id comes from the item's guid (Atom ``id``), else its link (``stemma.ingest.ids``), so
reading the feed again finds the same articles. The channel's title, link and language travel
as the record's fields (``sitename``, ``feed_url``, ``language``), since the item lacks them.

``item_source`` turns the item XML into text and fields through feedparser: the full content
(``content:encoded``, Atom ``content``) where the feed carries it, else the summary
(``description``), with ``link``, ``published``, ``author`` and ``tags``. A feed whose items
carry only summaries says so in one note, and items with nothing but a title and a link are
not stored (nothing to read) but counted in that note.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import IO, Any

from stemma.ingest.html import html_text, plain_paragraphs
from stemma.ingest.ids import name_id
from stemma.ingest.notes import Note
from stemma.model import Problem, Record

ATOM = "http://www.w3.org/2005/Atom"
RSS1 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
_ITEMS = {"item", f"{{{RSS1}}}item", f"{{{ATOM}}}entry"}
_FULL = {f"{{{CONTENT}}}encoded", f"{{{ATOM}}}content"}
_SUMMARY = {"description", f"{{{RSS1}}}description", f"{{{ATOM}}}summary"}
_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


def is_feed(head: bytes) -> bool:
    """An RSS, RDF or Atom document, by its root element (after any prolog and comments)."""
    start = _root_start(head)
    if start is None:
        return False
    if start.startswith(b"<feed"):
        return ATOM.encode() in head or b"atom" in head.lower()
    return start.startswith(_ROOTS)


def _root_start(head: bytes) -> bytes | None:
    """The first bytes of the root element's start tag, lower-cased."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    while text.startswith((b"<?", b"<!--", b"<!")):
        close = b"-->" if text.startswith(b"<!--") else b">"
        if text.startswith(b"<!DOCTYPE") and b"[" in text[: text.find(b">")]:
            close = b"]>"  # a DOCTYPE with an internal subset ends after it
        end = text.find(close)
        if end < 0:
            return None
        text = text[end + len(close) :].lstrip()
    return text[:64].lower() if text.startswith(b"<") else None


def root_name(head: bytes) -> str | None:
    """The root element's name (for saying what an XML document that is not a feed is)."""
    start = _root_start(head)
    if start is None:
        return None
    found = re.match(rb"<([A-Za-z_][\w:.-]*)", start)
    return found.group(1).decode("ascii") if found else None


def iter_feed(where: str, stream: IO[bytes], max_bytes: int) -> Iterator[Record | Problem]:
    """One record per item of the feed in ``stream``."""
    from lxml import etree

    channel: dict[str, str] = {}
    items = summaries = bare = 0
    depth_item = 0
    tape = _Tape(stream, max_bytes)
    try:
        context = etree.iterparse(
            tape,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            recover=False,
        )
        for event, elem in context:
            tag = elem.tag if isinstance(elem.tag, str) else ""
            if tag in _ITEMS:
                depth_item += 1 if event == "start" else -1
                if event == "start":
                    continue
                raw = tape.take(elem.prefix, elem.tag.rsplit("}", 1)[-1])
                if raw is None:
                    raw = etree.tostring(elem, encoding="utf-8")
                    fields = dict(channel)
                else:
                    fields = channel | tape.wrapping
                name = _item_name(elem)
                children = {c.tag for c in elem}
                full = bool(children & _FULL) and _has_text(elem, _FULL)
                summary = bool(children & _SUMMARY) and _has_text(elem, _SUMMARY)
                elem.clear(keep_tail=False)
                while elem.getprevious() is not None:  # drop read items: memory stays flat
                    del elem.getparent()[0]
                items += 1
                if not (full or summary):
                    bare += 1
                    continue
                if not full:
                    summaries += 1
                if len(raw) > max_bytes:
                    yield Problem(
                        f"{where}#{items}",
                        f"feed item is over the {max_bytes / 1e6:g} MB limit for one article",
                    )
                    continue
                name = name or f"{where}#{items}"
                yield Record(
                    id=name_id(name),
                    raw=raw,
                    format="feed",
                    path=f"{where}#{name}",
                    fields=fields,
                )
            elif event == "start" and elem.getparent() is None:
                tape.root()
                if tag == f"{{{ATOM}}}feed" and (
                    lang := elem.get("{http://www.w3.org/XML/1998/namespace}lang")
                ):
                    channel["language"] = lang.strip()
            elif event == "end" and not depth_item:
                _channel_field(channel, elem, tag)
    except etree.XMLSyntaxError as exc:
        yield Problem(where, f"feed is not well-formed XML ({exc})")
    if not items:
        yield Problem(where, "feed has no items")
        return
    if summaries or bare:
        parts = []
        if summaries:
            parts.append(f"{summaries} of {items} items carry only a summary, not the full text")
        if bare:
            parts.append(f"{bare} carry only a title and a link (nothing to store)")
        yield Note(where, "; ".join(parts))


_MARKUP = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<\?.*?\?>|<(/?)([A-Za-z_][\w:.-]*)", re.S)
_DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


class _Tape:
    """The bytes lxml reads from the feed, kept from the end of the last item cut out, so that
    each item's bytes can be cut from what the file holds (``take``); memory stays within one
    item and lxml's read-ahead. Past ``limit`` bytes without an item to cut it stops keeping
    them, and items are serialised by lxml instead."""

    def __init__(self, stream: IO[bytes], limit: int):
        self.stream = stream
        self.buf = bytearray()
        self.limit = limit + (1 << 20)
        self.on = True
        self.wrapping: dict[str, str] = {}  # feed_root and feed_encoding, once the root is seen

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(n)
        if self.on:
            self.buf += data
            if len(self.buf) > self.limit:
                self.on, self.buf = False, bytearray()
        return data

    def root(self) -> None:
        """Keep the root element's start tag and the declared encoding (its items need both to
        be read on their own); called when lxml has read the root's start tag."""
        if not self.on:
            return
        declared = _DECLARED.match(self.buf)
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
        span = None
        for m in _MARKUP.finditer(self.buf):
            if m.group(2) is not None:  # past the declaration, comments, a DOCTYPE
                end = self.buf.find(b">", m.end())
                if not m.group(1) and end >= 0 and b"\x00" not in self.buf[: m.start()]:
                    span = (m.start(), end + 1)
                break
        try:
            if span is None:  # UTF-16 (no byte-wise tags), a cut-off start tag
                raise ValueError
            start_tag = bytes(self.buf[span[0] : span[1]]).decode(encoding)
        except (ValueError, LookupError):  # and an unknown encoding name
            self.on, self.buf = False, bytearray()
            return
        self.wrapping = {"feed_root": start_tag, "feed_encoding": encoding}
        del self.buf[: span[1]]

    def take(self, prefix: str | None, local: str) -> bytes | None:
        """The next ``<prefix:local>`` element's bytes as the file has them, or None when they
        cannot be cut (nothing kept, or markup this scan does not follow)."""
        if not self.on or not self.wrapping:
            return None
        span = self._find((f"{prefix}:{local}" if prefix else local).encode())
        if span is None:
            return None
        raw = bytes(self.buf[span[0] : span[1]])
        del self.buf[: span[1]]
        return raw

    def _find(self, name: bytes) -> tuple[int, int] | None:
        start, depth = None, 0
        for m in _MARKUP.finditer(self.buf):
            if m.group(2) != name:
                continue
            end = self.buf.find(b">", m.end())
            if end < 0:
                return None
            if m.group(1):  # an end tag
                depth -= 1
                if start is not None and depth == 0:
                    return start, end + 1
            elif self.buf[end - 1 : end] == b"/":  # an empty element
                if start is None:
                    return m.start(), end + 1
            else:
                if start is None:
                    start = m.start()
                depth += 1
        return None


def _has_text(elem, tags: set[str]) -> bool:
    return any((c.text or "").strip() or len(c) for c in elem if c.tag in tags)


def _channel_field(channel: dict[str, str], elem, tag: str) -> None:
    """Channel-level title, link and language (the items' outlet and declared language)."""
    local = tag.rsplit("}", 1)[-1]
    parent = elem.getparent()
    parent_local = parent.tag.rsplit("}", 1)[-1] if parent is not None else ""
    if parent_local not in ("channel", "feed"):
        return
    value = (elem.text or "").strip()
    if local == "title" and value:
        channel.setdefault("sitename", value)
    elif local == "link":
        href = elem.get("href") if elem.get("rel", "alternate") == "alternate" else None
        if href or value:
            channel.setdefault("feed_url", (href or value).strip())
    elif local == "language" and value:
        channel.setdefault("language", value)


def _item_name(elem) -> str | None:
    """The item's guid (Atom id), else its link: what names it across readings."""
    for child in elem:
        local = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if local in ("guid", "id") and (child.text or "").strip():
            return child.text.strip()
    about = elem.get(f"{{{RDF}}}about")
    if about:
        return about.strip()
    for child in elem:
        local = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if local == "link":
            link = (child.get("href") or child.text or "").strip()
            if link:
                return link
    return None


def _wrap(raw: bytes, given: dict[str, Any]) -> bytes:
    """A one-item feed around the item's XML, which feedparser reads as it reads any feed: the
    feed's own root start tag and encoding where the item's bytes are the file's."""
    root, encoding = given.get("feed_root"), given.get("feed_encoding")
    if isinstance(root, str) and isinstance(encoding, str):
        try:
            start = root.encode(encoding)
        except (LookupError, UnicodeEncodeError):
            start = None
        name = re.match(r"<([A-Za-z_][\w:.-]*)", root)
        if start is not None and name:
            inner = name.group(1).rsplit(":", 1)[-1].lower() == "rss"
            return (
                f'<?xml version="1.0" encoding="{encoding}"?>'.encode()
                + start
                + (b"<channel>" + raw + b"</channel>" if inner else raw)
                + f"</{name.group(1)}>".encode()
            )
    head = raw[:200]
    if head.startswith(b"<entry"):
        return b'<feed xmlns="' + ATOM.encode() + b'">' + raw + b"</feed>"
    if RSS1.encode() in head:
        return b'<rdf:RDF xmlns:rdf="' + RDF.encode() + b'">' + raw + b"</rdf:RDF>"
    return b'<rss version="2.0"><channel>' + raw + b"</channel></rss>"


def item_source(raw: bytes, given: dict[str, Any]) -> tuple[str, dict[str, Any], list[str]]:
    """(text, fields, notes) of one feed item; ``given`` holds the channel's fields."""
    import feedparser

    parsed = feedparser.parse(_wrap(raw, given), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        return "", dict(given), []
    entry = parsed.entries[0]
    fields: dict[str, Any] = dict(given)
    notes: list[str] = []
    contents = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    if contents:
        body = contents[0]
    elif entry.get("summary_detail") and (entry.summary_detail.get("value") or "").strip():
        body = entry.summary_detail
        fields["summary_only"] = True  # the feed's one note says so; no note per item
    else:
        return "", fields, []
    value = body.get("value") or ""
    is_html = "html" in (body.get("type") or "") or bool(re.search(r"<[a-zA-Z][^>]*>", value))
    text = html_text(value) if is_html else plain_paragraphs(value)
    if title := (entry.get("title") or "").strip():
        fields["title"] = title
    if link := (entry.get("link") or "").strip():
        fields["url"] = link
    if guid := (entry.get("id") or "").strip():
        fields["guid"] = guid
    present = entry.keys()  # entry.get("updated_parsed") would fall back to published
    for key, out in (("published_parsed", "published"), ("updated_parsed", "updated")):
        stamp = entry[key] if key in present else None
        if stamp:
            fields[out] = time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp)
    if "published" not in fields and "updated" in fields:
        fields["published"] = fields.pop("updated")
    elif "updated" in fields and fields["updated"] == fields.get("published"):
        del fields["updated"]  # feedparser copies an RSS pubDate into updated
    if author := (entry.get("author") or "").strip():
        fields["author"] = author
    tags = [t.get("term", "").strip() for t in entry.get("tags", []) if t.get("term")]
    if tags:
        fields["tags"] = tags
    if lang := (body.get("language") or "").strip():
        fields["language"] = lang
    return text, fields, notes
