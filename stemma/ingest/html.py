"""HTML to main text and metadata through trafilatura; nothing is fetched from the network.

trafilatura finds the main text and drops the navigation; the page chrome it lets through
(tag lists, share prompts, ...) is marked later by ``clean``. Its text puts one paragraph on
each line; stemma's source text separates paragraphs with blank lines like the other formats.
"""

from __future__ import annotations

import html as entities
import logging
import re
from contextlib import contextmanager
from datetime import date
from typing import Any

from stemma.budget import BUDGET
from stemma.ingest.decode import ReadError, decode_html, normalise_newlines
from stemma.ingest.page_chrome import structural_chrome

# The metadata key under which ``extract_html`` gives the chrome lines the page's structure
# shows (``page_chrome``); the pipeline hands them to ``clean.mark_blocks`` and stores none.
PAGE_CHROME = "page_chrome"

# Metadata fields kept from trafilatura's document; "filedate" (today) and the trees are not.
_META = (
    "title",
    "author",
    "date",
    "sitename",
    "url",
    "hostname",
    "description",
    "categories",
    "tags",
    "image",
    "pagetype",
)
_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)


@contextmanager
def _quiet():
    """trafilatura and its helpers log what they discard; a person ingesting needs none of it.

    Their loggers are set to CRITICAL once, not around every page: each level change clears
    every logger's cache, which cost more per page than some extractions."""
    if not _SILENCED:
        for name in ("trafilatura", "htmldate", "courlan", "justext"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        _SILENCED.append(True)
    yield


_SILENCED: list[bool] = []


_OPTIONS: dict[tuple[bool, str], Any] = {}


def _options(favor_recall: bool):
    """trafilatura's settings, made once a day rather than once a page (they read its config
    file's values each time). htmldate's *extensive* search is off: it runs regexes for any
    date over the whole page and guesses a bare year as the 1st of January, and it is a third
    of a page's extraction time; the text's own dates are found by ``stemma.ingest.dates`` in
    every language, and the markup's (meta tags, JSON-LD, ``<time>``, the URL) still come from
    htmldate's quick search. The latest plausible date is today's, hence the key."""
    from trafilatura.settings import Extractor

    today = date.today().isoformat()
    key = (favor_recall, today)
    if key not in _OPTIONS:
        if len(_OPTIONS) > 4:
            _OPTIONS.clear()  # a long-running process: yesterday's settings go
        _OPTIONS[key] = Extractor(
            output_format="python",
            with_metadata=True,
            comments=False,
            tables=True,
            recall=favor_recall,
            date_params={"original_date": True, "extensive_search": False, "max_date": today},
        )
    return _OPTIONS[key]


# trafilatura drops characters that are not printable, among them the zero-width (non-)joiners
# that Persian and Urdu spelling needs; they travel through it as rare printable stand-ins.
_JOINERS = {"\u200c": (b"zwnj", b"8204", b"x200c"), "\u200d": (b"zwj", b"8205", b"x200d")}
_STAND_INS = ("\u2e3b", "\u16ed", "\ua9c1", "\u2e3a", "\u16ec", "\ua9c2")


def _protect_joiners(raw: bytes) -> tuple[bytes, dict[str, str]]:
    free = [c for c in _STAND_INS if c.encode() not in raw]
    back: dict[str, str] = {}
    for joiner, (name, dec, hexa) in _JOINERS.items():
        if len(free) == 0:
            break
        stand_in = free.pop(0)
        encoded = stand_in.encode()
        raw = raw.replace(joiner.encode(), encoded)
        for entity in (b"&" + name + b";", b"&#" + dec + b";", b"&#" + hexa + b";"):
            raw = re.sub(re.escape(entity), encoded, raw, flags=re.IGNORECASE)
        back[stand_in] = joiner
    return raw, back


def _restore(value, back: dict[str, str]):
    if isinstance(value, str):
        for stand_in, joiner in back.items():
            value = value.replace(stand_in, joiner)
        return value
    if isinstance(value, list):
        return [_restore(v, back) for v in value]
    return value


def extract_html(raw: bytes, notes: list[str] | None = None) -> tuple[str, dict[str, Any]]:
    """Main text (paragraphs separated by blank lines) and metadata of an HTML page.

    ``notes`` collects what a person should know: a charset declaration the bytes contradict,
    a page too deep for the main-text extractor."""
    raw, back = _protect_joiners(raw)
    # decoded here, not by trafilatura's guess: a page's own charset declaration wins when
    # the bytes fit it (ISO-8859-2 is not Windows-1250)
    page, _encoding, found = decode_html(raw)
    if notes is not None:
        notes.extend(found)
    return _extract(page, raw, back, notes)


def _extract(
    page: str, raw: bytes, back: dict[str, str], notes: list[str] | None
) -> tuple[str, dict[str, Any]]:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    # trafilatura's work grows with the elements (about a millisecond each on a busy core):
    # a page of 200,000 tiny paragraphs would hold ingest for minutes
    tags = raw.count(b"<")
    if tags > BUDGET.html_tags:
        why = f"HTML has {tags:,} tags, over the limit of {BUDGET.html_tags:,} for main-text extraction"
        return _flat(page, back, notes, why)

    doc = None
    try:
        # one parse serves trafilatura (which works on a copy), the structure rules and the
        # split-body fallback
        with _quiet():
            tree = trafilatura.load_html(page)
    except Exception as exc:  # lxml raises many kinds on hostile input
        raise ReadError(f"HTML could not be parsed: {exc}") from exc
    if tree is None:
        return _too_deep(page, back, notes)
    for favor_recall in (False, True):  # a short page may only pass the recall-oriented run
        try:
            with _quiet():
                doc = trafilatura.bare_extraction(tree, options=_options(favor_recall))
        except Exception as exc:  # lxml and trafilatura raise many kinds on hostile input
            raise ReadError(f"HTML could not be parsed: {exc}") from exc
        if doc is not None and (doc.text or "").strip():
            break
    if doc is None or not (doc.text or "").strip():
        return _too_deep(page, back, notes)
    lines = (line.strip() for line in normalise_newlines(doc.text).split("\n"))
    text = "\n\n".join(line for line in lines if line)
    meta = {k: _restore(v, back) for k, v in _metadata(doc, raw).items()}
    fuller, why = fuller_body(raw, text, tree)
    if fuller is not None:
        text = fuller
        meta["body_from"] = why  # says where the text came from when trafilatura fell short
    _title_from_page(meta, raw, text)
    chrome = structural_chrome(tree)
    if chrome:
        meta[PAGE_CHROME] = {_restore(k, back): v for k, v in chrome.items()}
    return _restore(text, back), meta


def _too_deep(page: str, back: dict[str, str], notes: list[str] | None):
    """All the text of a page nested too deep for lxml's tree (which stops at 256 levels and
    leaves trafilatura nothing); "HTML has no body text" for any other page without one."""
    return _flat(page, back, notes, None)


def _flat(page: str, back: dict[str, str], notes: list[str] | None, why: str | None):
    """All the text of ``page`` from a streaming parse, with a note saying ``why`` (or, when
    None, that the page was too deep; "HTML has no body text" when it was not)."""
    from stemma.ingest.markup import TOO_DEEP, flat_text

    text, title, depth = flat_text(page)
    if why is None and depth >= TOO_DEEP:
        why = f"HTML nested {depth:,} levels deep, too deep for main-text extraction"
    if why is None or not text:
        raise ReadError("HTML has no body text")
    if notes is not None:
        notes.append(f"{why}: all its text is kept, page chrome included")
    meta: dict[str, Any] = {"title": _restore(title, back)} if title else {}
    meta["body_from"] = "flat_markup"
    return _restore(text, back), meta


def _metadata(doc, raw: bytes) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key in _META:
        value = getattr(doc, key, None)
        if key in ("tags", "categories"):
            value = _split_list(value)
        if value:
            meta[key] = value
    if "date" in meta:
        meta["published"] = meta["date"]
    lang = getattr(doc, "language", None)
    if not lang:
        found = _HTML_LANG.search(raw[:4096])
        lang = found.group(1).decode("ascii") if found else None
    if lang:
        meta["language"] = lang.lower()
    return meta


def _split_list(value) -> list[str]:
    """trafilatura gives keywords as one comma-joined string inside a list."""
    if not value:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        for part in re.split(r"[,،;]", str(item)):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


# Elements that start a paragraph of their own in ``html_text``.
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li blockquote pre tr section article header footer figure "
    "figcaption ul ol table dl dt dd body".split()
)


def plain_paragraphs(value: str) -> str:
    """Plain text with paragraphs (blank-line separated) kept and white space within each
    folded, the form every reader's source text takes."""
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", value))
    return "\n\n".join(p for p in paragraphs if p)


def html_text(html: str) -> str:
    """The whole text of HTML that is the article body already (a feed item's content, an
    e-mail's HTML part): one paragraph per block element. Unlike ``extract_html`` nothing is
    judged to be chrome and dropped, but scripts, styles and the head."""
    import lxml.html

    try:
        if re.match(r"\s*(<!doctype|<html|<head|<body)", html, re.IGNORECASE):
            root = lxml.html.document_fromstring(html)
        else:
            root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several kinds on hostile markup
        return plain_paragraphs(re.sub(r"<[^>]*>", " ", html))
    for bad in root.xpath("//script|//style|//template|//head"):
        bad.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in _BLOCKS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
        elif el.tag == "br":
            el.tail = "\n" + (el.tail or "")
    text = plain_paragraphs(root.text_content())
    # lxml stops at a nesting depth (256) and keeps nothing below it: strip the tags instead
    return text or plain_paragraphs(re.sub(r"<[^>]*>", " ", html))


# -- when trafilatura falls short --------------------------------------------------------------

# Class names of containers that hold an article's body. Pages that put ad rows between parts
# of the body repeat the container (several "article__body" divs); trafilatura keeps the first.
_BODY_CLASS = re.compile(
    r"(?:^|[\s_-])(?:article|story|post|entry|body|main)[-_]*(?:body|content|text)(?:$|[\s_-])"
    r"|articlebody|body__container",
    re.IGNORECASE,
)
_BODY_PARTS = ("p", "h2", "h3", "h4", "blockquote")
_LD_JSON = re.compile(rb"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.S | re.I)
_WORD = re.compile(r"\w+")
_ESCAPED_MARKUP = re.compile(r"&lt;/?(?:p|br|div|span|h[1-6]|img|a)\b", re.IGNORECASE)
# A fallback replaces trafilatura's text only when it has this many times the words and holds
# nearly all of trafilatura's words: more of the same article, not another text on the page.
FALLBACK_GAIN = 1.25
FALLBACK_COVERS = 0.6
FALLBACK_MIN_WORDS = 80


def fuller_body(raw: bytes, text: str, tree=None) -> tuple[str | None, str | None]:
    """A fuller text of the article than ``text`` (trafilatura's), and where it came from:
    the paragraphs of a body container the page repeats ("split_body"), or the page's JSON-LD
    ``articleBody`` ("json_ld"); (None, None) when neither holds clearly more of the article.
    ``tree`` is the page parsed already (parsed here when not given)."""
    words = _WORD.findall(text.casefold())
    best: tuple[str | None, str | None] = (None, None)
    most = max(len(words) * FALLBACK_GAIN, FALLBACK_MIN_WORDS)
    split = _split_body(raw, tree)
    for candidate, why in ((split, "split_body"), (_json_ld_body(raw), "json_ld")):
        if not candidate:
            continue
        found = _WORD.findall(candidate.casefold())
        if len(found) < most:
            continue
        vocabulary = set(found)
        if words and sum(w in vocabulary for w in words) < FALLBACK_COVERS * len(words):
            continue
        best, most = (candidate, why), len(found)
    return best


def _split_body(raw: bytes, tree=None) -> str | None:
    """The paragraphs of every body container of a page that repeats one, in page order."""
    import lxml.html

    if tree is None:
        try:
            tree = lxml.html.fromstring(raw)
        except Exception:  # lxml raises several kinds on hostile markup
            return None
    groups: dict[str, list] = {}
    for el in tree.iter("div", "section", "article"):
        cls = el.get("class") or ""
        if _BODY_CLASS.search(cls):
            groups.setdefault(" ".join(cls.split()), []).append(el)
    best = None
    for members in groups.values():
        inside = set(members)
        tops = [e for e in members if not any(a in inside for a in e.iterancestors())]
        if len(tops) < 2:
            continue
        parts = []
        for container in tops:
            for el in container.iter(*_BODY_PARTS):
                if any(a.tag in _BODY_PARTS for a in el.iterancestors() if a is not container):
                    continue  # a paragraph inside a quote: its block is taken whole
                line = " ".join(el.text_content().split())
                if line:
                    parts.append(line)
        joined = "\n\n".join(parts)
        if best is None or len(joined) > len(best):
            best = joined
    return best


def _json_ld_body(raw: bytes) -> str | None:
    """The longest ``articleBody`` in the page's JSON-LD blocks, in paragraphs."""
    from stemma.ingest.jsontext import loads

    bodies: list[str] = []
    for found in _LD_JSON.finditer(raw):
        try:
            _collect_bodies(loads(found.group(1).strip(), what="JSON-LD"), bodies)
        except ReadError:
            continue  # broken JSON-LD is common and says nothing about the page
    if not bodies:
        return None
    body = max(bodies, key=len)
    if _ESCAPED_MARKUP.search(body):
        # some CMSs put the body's HTML into JSON-LD escaped once more ("&lt;p&gt;")
        body = entities.unescape(body)
    if re.search(r"<(p|br|div)\b", body, re.IGNORECASE):
        return html_text(body)
    return plain_paragraphs(body.replace("\r\n", "\n").replace("\n", "\n\n"))


def _collect_bodies(value, out: list[str]) -> None:
    stack = [value]
    while stack:  # iterative: JSON-LD nests objects in @graph lists
        item = stack.pop()
        if isinstance(item, dict):
            body = item.get("articleBody")
            if isinstance(body, str) and body.strip():
                out.append(body)
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))


_PAGE_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.S | re.I)
_TITLE_PARTS = re.compile(r"\s+[-–—|·•»]\s+")


def _title_from_page(meta: dict[str, Any], raw: bytes, text: str) -> None:
    """The headline from the page's ``<title>`` when trafilatura's title is no headline.

    Some pages give the site's name where trafilatura looks first (a Korean site whose every
    page is titled "엔터 미디어"), while ``<title>`` holds "Headline - Site". When trafilatura's
    title is nowhere in the text or the ``<title>``, and one part of the ``<title>`` opens a
    line of the text, that part is the headline and the other part the site's name.
    """
    found = _PAGE_TITLE.search(raw[:200_000])
    given = meta.get("title") or ""
    if not found or not given or given in text:
        return
    page = " ".join(entities.unescape(found.group(1).decode("utf-8", "replace")).split())
    if given in page:
        return
    parts = [x for x in _TITLE_PARTS.split(page) if x.strip()]
    heads = [x for x in parts if len(x.split()) >= 2 and x in text]
    if len(heads) != 1:
        return
    meta["title"] = heads[0]
    rest = [x for x in parts if x != heads[0]]
    if len(rest) == 1 and not meta.get("sitename"):
        meta["sitename"] = rest[0]
