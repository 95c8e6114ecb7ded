"""E-mail messages (``.eml``, RFC 5322): a newsletter or a forwarded article as one article.

The message is parsed with the standard library's ``email`` package; the text comes from the
plain-text body, else the HTML body (``html_text``), never from headers or attachments. The
headers become fields: ``title`` (Subject), ``author`` (From's display name, else its address),
``from``, ``published`` (Date, as ISO 8601), ``message_id``, and ``sitename`` from ``List-Id``
where the message came through a mailing list.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

from stemma.ingest.decode import ReadError
from stemma.ingest.html import html_text, plain_paragraphs

_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{1,40}:[ \t]", re.MULTILINE)
_MAIL_HEADERS = (b"message-id:", b"mime-version:", b"received:", b"return-path:")


def is_mail(head: bytes) -> bool:
    """A message by its header block: starts with a header line, has a Subject and one of the
    headers only mail carries (an article that begins "From: Reuters" is not a message)."""
    top = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    if not _HEADER_LINE.match(top):
        return False
    lower = top.lower()
    return b"subject:" in lower and any(h in lower for h in _MAIL_HEADERS)


def mail_source(raw: bytes) -> tuple[str, dict[str, Any], list[str]]:
    """(text, fields, notes) of one message; ReadError when it has no text part."""
    try:
        msg = message_from_bytes(raw, policy=policy.default)
    except Exception as exc:  # the parser is lenient, but hostile input still finds ways
        raise ReadError(f"e-mail could not be parsed: {exc}") from exc
    notes = [f"e-mail: {d}" for d in msg.defects[:3]]
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is None:
        raise ReadError("e-mail has no text or HTML part")
    try:
        content = body.get_content()
    except (LookupError, ValueError) as exc:  # an unknown charset or broken encoding
        payload = body.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace")
        notes.append(f"e-mail part could not be decoded as declared ({exc}); read as UTF-8")
    if not isinstance(content, str):
        raise ReadError("e-mail body is not text")
    text = html_text(content) if body.get_content_subtype() == "html" else plain_paragraphs(content)
    return text, _header_fields(msg), notes


def _header_fields(msg) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if subject := _header(msg, "subject"):
        fields["title"] = subject
    if sender := _header(msg, "from"):
        fields["from"] = sender
        pairs = getaddresses([sender])
        if pairs:
            name, address = pairs[0]
            if name or address:
                fields["author"] = name or address
    if date := _header(msg, "date"):
        try:
            fields["published"] = parsedate_to_datetime(date).isoformat()
        except (TypeError, ValueError, IndexError):
            fields["date_written"] = date  # kept as written; the dates stage reads the text
    if message_id := _header(msg, "message-id"):
        fields["message_id"] = message_id.strip("<> ")
    if list_id := _header(msg, "list-id"):
        name = re.sub(r"<[^>]*>", "", list_id).strip().strip('"')
        if name:
            fields["sitename"] = name
    return fields


def _header(msg, name: str) -> str | None:
    try:
        value = msg.get(name)
    except Exception:  # a malformed header raises on access with the modern policy
        return None
    return " ".join(str(value).split()) or None if value is not None else None
