"""Stable article ids for records that come out of a container (a WARC, a feed, a URL).

A container holds many articles and no file name per article, so an id is derived from what
names the article itself: the WARC target URI, the feed item's guid (else its link), the
fetched URL. The same name always gives the same id, so ingesting a container again finds
every article already stored (unchanged), and a re-capture of one URL with other bytes becomes
a new version of it. The id is readable (host and last path segment) and made unique by a
short hash of the whole name, since two URLs can share a host and a slug.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SLUG_CHARS = 60


def name_id(name: str) -> str:
    """The id of an article named by a URI, guid or other string: ``host-slug-hash10``."""
    name = name.strip()
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    parts = urlsplit(name)
    if parts.scheme and parts.netloc:
        host = parts.hostname or ""
        host = host.removeprefix("www.")
        segments = [s for s in parts.path.split("/") if s]
        readable = f"{host}-{segments[-1]}" if segments else host
    else:
        readable = name
    slug = _UNSAFE.sub("-", readable).strip("-.")[:_SLUG_CHARS].strip("-.")
    return f"{slug}-{digest}" if slug else digest


# The rules every article id obeys, whatever gave it (a JSONL "id", a file name, a URI): an id
# is shown in terminals, pages, exports and URLs, so it must be short and visibly what it is.
MAX_ID_CHARS = 200
# Controls, line and paragraph separators, surrogates, private use, and format characters
# (bidi controls such as U+202E, zero-width spaces, BOM): invisible or reordering, they let
# two ids look alike or an id rewrite the line it is printed on. The zero-width (non-)joiner
# is allowed: Persian and Urdu spelling needs it.
_BAD_ID_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
_JOINERS = frozenset("\u200c\u200d")


def id_problem(id: str) -> str | None:
    """Why ``id`` cannot name an article, or None when it can."""
    if not id.strip():
        return "id is empty"
    if len(id) > MAX_ID_CHARS:
        return f"id is {len(id):,} characters long, over the limit of {MAX_ID_CHARS}"
    for ch in id:
        if unicodedata.category(ch) in _BAD_ID_CATEGORIES and ch not in _JOINERS:
            return f"id holds a control or invisible character (U+{ord(ch):04X})"
    return None
