"""JSON documents (``.json``) and news-please records.

A ``.json`` file may hold one article in the interchange format (``{"id", "outlet", "lang",
"title", "published", "url", "text"}``), an array of them, one news-please record (or an array
of those), or something that is no article at all: a sidecar of another file, a config, an API
answer. The first kinds become records; anything else is skipped with the reason, never stored.

news-please records (https://github.com/fhamborg/news-please) carry ``maintext``, ``title``,
``date_publish``, ``date_modify``, ``source_domain``, ``language``, ``url``, ``authors`` and
``description``; they are stored as format ``newsplease`` with their own bytes as raw and their
fields mapped to the names the rest of stemma reads (``newsplease_fields``). Their id comes from
the ``url`` (``stemma.ingest.ids``), so one record read from a ``.json`` file or from a JSONL
line is one article.

Every JSON parse goes through the bounded reader ``stemma.ingest.jsontext.loads``.
"""

from __future__ import annotations

import json
from typing import Any

from stemma.ingest.decode import ReadError
from stemma.ingest.ids import name_id
from stemma.ingest.jsontext import loads
from stemma.model import Problem, Record

NEWSPLEASE_TEXT = "maintext"


def is_newsplease(obj: Any) -> bool:
    return isinstance(obj, dict) and NEWSPLEASE_TEXT in obj and "text" not in obj


def newsplease_id(obj: dict[str, Any], fallback: str) -> str:
    url = obj.get("url")
    return name_id(url) if isinstance(url, str) and url.strip() else fallback


def _string(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def newsplease_fields(obj: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(text, fields) of a news-please record; ReadError when it has no main text."""
    from stemma.ingest import outlets

    text = obj.get(NEWSPLEASE_TEXT)
    if not isinstance(text, str) or not text.strip():
        raise ReadError(f'no usable "{NEWSPLEASE_TEXT}" field (missing, empty or not a string)')
    fields: dict[str, Any] = {}
    for key, out in (("title", "title"), ("url", "url"), ("description", "description")):
        if value := _string(obj.get(key)):
            fields[out] = value
    if not fields.get("title"):
        for key in ("title_page", "title_rss"):
            if value := _string(obj.get(key)):
                fields["title"] = value
                break
    for key, out in (("date_publish", "published"), ("date_modify", "updated")):
        if value := _string(obj.get(key)):
            fields[out] = value.replace(" ", "T", 1)  # news-please writes "2018-04-05 10:00:00"
    if value := _string(obj.get("date_download")):
        fields["captured"] = value.replace(" ", "T", 1)
    if domain := _string(obj.get("source_domain")):
        fields["hostname"] = domain
        known = outlets.from_url(fields.get("url") or domain)
        # a known outlet's name beats its domain; an unknown one is still named by its domain
        fields["sitename"] = known.name if known else domain.removeprefix("www.")
    if lang := _string(obj.get("language")):
        fields["language"] = lang.lower()
    authors = obj.get("authors")
    if isinstance(authors, list):
        names = [a.strip() for a in authors if isinstance(a, str) and a.strip()]
        if names:
            fields["author"] = ", ".join(names)
    return text, fields


def json_document(where: str, raw: bytes, file_id: str) -> list[Record | Problem]:
    """The articles of one ``.json`` document, or the reason it holds none."""
    try:
        value = loads(raw, what="JSON document")
    except ReadError as exc:
        return [Problem(where, str(exc))]
    if isinstance(value, dict):
        kind = _kind(value)
        if kind is None:
            keys = ", ".join(sorted(map(str, value))[:6]) or "none"
            return [
                Problem(
                    where,
                    'JSON document is not an article: no "text" or "maintext" field '
                    f"(keys: {keys}; a sidecar or metadata file?)",
                )
            ]
        return [_record(where, raw, value, kind, file_id)]
    if isinstance(value, list):
        out: list[Record | Problem] = []
        for number, item in enumerate(value, 1):
            kind = _kind(item) if isinstance(item, dict) else None
            if kind is None:
                out.append(Problem(where, f"JSON array item {number} is not an article"))
                continue
            # each article's raw bytes: the item alone, written the same way on every reading
            item_raw = json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode()
            out.append(_record(where, item_raw, item, kind, f"{file_id}-{number}", number))
        if not value:
            out.append(Problem(where, "JSON array is empty (no articles)"))
        return out
    return [Problem(where, f"JSON document is a {type(value).__name__}, not an article")]


def _kind(obj: dict[str, Any]) -> str | None:
    if is_newsplease(obj):
        return "newsplease"
    if isinstance(obj.get("text"), str):
        return "jsonl"
    return None


def _record(
    where: str, raw: bytes, obj: dict, kind: str, fallback: str, number: int | None = None
) -> Record | Problem:
    label = f"{where}#{number}" if number else where
    if kind == "newsplease":
        return Record(newsplease_id(obj, fallback), raw, "newsplease", label, fields=obj)
    if not obj["text"].strip():
        return Problem(label, 'no usable "text" field (empty)')
    given = obj.get("id")
    ok = isinstance(given, str | int) and not isinstance(given, bool) and str(given).strip()
    return Record(str(given).strip() if ok else fallback, raw, "jsonl", label, fields=obj)
