"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one article per item (through lxml and feedparser).

The feed is streamed with lxml's ``iterparse`` (each item is dropped once read, so memory stays
flat however long the feed) and every item becomes a record of format ``feed`` whose raw bytes
are the item's own XML (``<item>`` or ``<entry>``, with the namespaces it uses declared on it).
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
    try:
        context = etree.iterparse(
            stream,
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
                raw = etree.tostring(elem, encoding="utf-8")
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
                    fields=dict(channel),
                )
            elif event == "start" and tag == f"{{{ATOM}}}feed":
                if lang := elem.get("{http://www.w3.org/XML/1998/namespace}lang"):
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


def _wrap(raw: bytes) -> bytes:
    """A one-item feed around the item's XML, which feedparser reads as it reads any feed."""
    head = raw[:200]
    if head.startswith(b"<entry"):
        return b'<feed xmlns="' + ATOM.encode() + b'">' + raw + b"</feed>"
    if RSS1.encode() in head:
        return b'<rdf:RDF xmlns:rdf="' + RDF.encode() + b'">' + raw + b"</rdf:RDF>"
    return b'<rss version="2.0"><channel>' + raw + b"</channel></rss>"


def item_source(raw: bytes, given: dict[str, Any]) -> tuple[str, dict[str, Any], list[str]]:
    """(text, fields, notes) of one feed item; ``given`` holds the channel's fields."""
    import feedparser

    parsed = feedparser.parse(_wrap(raw), sanitize_html=True, resolve_relative_uris=False)
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
