"""What a reader notices at the top and bottom of an article: title, outlet, dateline, byline,
news id, and the sources it cites.

Fields given with the input (JSONL ``title``/``outlet``/``url``, HTML ``title``/``sitename``/
``author``/``tags``) win over what the text says. Otherwise each value comes from the text,
found through the cue phrases of the language modules (``stemma/text/lang/<code>.py``, section
"metadata") and the outlet gazetteer (``stemma/ingest/outlets.py``). Every cited source keeps
the phrase that names it, with offsets into ``source``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from types import ModuleType
from typing import Any

from stemma.ingest import outlets
from stemma.model import Block, SourceCitation
from stemma.text import lang as langs
from stemma.text.words import title_case

# outlets.fold is pure and met again and again (cue nouns, desk words, names): fold each once
_fold = lru_cache(maxsize=1 << 16)(outlets.fold)

# Only the top of an article holds its title, dateline and byline.
HEAD_LINES = 12
# A lone first line up to this many words is the headline even if it ends in a full stop
# (Persian sites print a quote as the headline); later lines must be shorter and unstopped.
FIRST_TITLE_MAX_WORDS = 40
TITLE_MAX_WORDS = 20
NAME_MAX_WORDS = 8
LABEL_NAME_MAX_WORDS = 15
AFTER_NAME_MAX_WORDS = 4


@dataclass
class Metadata:
    title: str | None = None
    outlet: str | None = None  # canonical name where the gazetteer knows it
    dateline: str | None = None  # the place: "TEHRAN", "تهران"
    byline: str | None = None
    news_id: str | None = None
    sources: list[SourceCitation] = field(default_factory=list)
    outlet_written: str | None = None  # the outlet as the field or text wrote it


@dataclass(frozen=True)
class _Line:
    start: int  # offsets into source, surrounding whitespace trimmed
    end: int
    text: str
    block: int
    boilerplate: str | None


@dataclass(frozen=True)
class _Evidence:
    """One sign of who published the article."""

    name: str  # canonical where known, else as written
    written: str
    known: bool  # the gazetteer knows it


# --- entry point -------------------------------------------------------------------------


def extract_metadata(
    source: str, blocks: list[Block], fields: dict[str, Any], lang: str | None
) -> Metadata:
    """Title, outlet, dateline, byline, news id and cited sources of one article.

    ``blocks`` are the cleaner's paragraph spans into ``source`` (chrome marked, not removed;
    an empty list means one block); ``fields`` what the reader found beside the text; ``lang``
    picks the cue phrases (None: those of every language module).
    """
    lines = list(_lines(source, blocks))
    body = [line for line in lines if not line.boilerplate]
    head = body[:HEAD_LINES]
    cues = [_cues(m) for m in _modules(lang)]

    byline, byline_span = _byline(fields, head, cues)
    dateline, agencies = _dateline(head)
    reports = [r for c in cues for line in body for r in _reports(line, c)]
    outlet = _outlet(fields, lines, agencies, reports, cues)

    taken = [byline_span] if byline_span else []
    sources = _sources(source, lines, body, cues, agencies, reports, outlet, taken)
    return Metadata(
        # a title line the cleaner set aside (printed once above a PDF's text) comes first
        title=_title(fields, [x for x in lines if x.boilerplate == "title"] + body, cues, outlet),
        outlet=outlet.name if outlet else None,
        dateline=dateline,
        byline=byline,
        news_id=_news_id(lines, cues),
        sources=sources,
        outlet_written=outlet.written if outlet else None,
    )


# --- lines and language data -------------------------------------------------------------


def _lines(source: str, blocks: list[Block]) -> Iterator[_Line]:
    """Every line holding a letter or digit, trimmed, with offsets into ``source``."""
    for index, block in enumerate(blocks or [Block(0, len(source))]):
        pos = block.start
        for raw in source[block.start : block.end].split("\n"):
            start, end = pos, pos + len(raw)
            pos = end + 1
            while start < end and source[start].isspace():
                start += 1
            while end > start and source[end - 1].isspace():
                end -= 1
            text = source[start:end]
            if any(ch.isalnum() for ch in text):
                yield _Line(start, end, text, index, block.boilerplate)


def _modules(lang: str | None) -> list[ModuleType]:
    module = langs.get(lang)
    if module is not None:
        return [module]
    return [m for m in map(langs.get, langs.CODES) if m is not None]


_MARKS = "[\u064b-\u065f\u0670\u0640]*"  # harakat and tatweel, optional between letters
_MARKS_RE = re.compile("[\u064b-\u065f\u0670]")
_VARIANTS = {
    "ی": "[یيى]",
    "ي": "[یيى]",
    "ى": "[یيى]",
    "ک": "[کك]",
    "ك": "[کك]",
    "ه": "[هة]",
    "ة": "[هة]",
    "ا": "[اأإآ]",
    "أ": "[اأإآ]",
    "إ": "[اأإآ]",
    "آ": "[اأإآ]",
}


def _phrase_pattern(phrase: str) -> str:
    """A regex for a cue as written, tolerant of letter forms, marks, ZWNJ and spacing."""
    parts = []
    for ch in _MARKS_RE.sub("", phrase):
        if ch.isspace():
            parts.append(r"[\s\u200c]+")
        elif ch == "\u200c":
            parts.append(r"[\s\u200c]?")
        elif ch in _VARIANTS:
            parts.append(_VARIANTS[ch] + _MARKS)
        elif "\u0600" <= ch <= "\u06ff":
            parts.append(re.escape(ch) + _MARKS)
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _cue_regex(cues: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for many cues. A cue ending in ":" needs its colon (spaces allowed before it);
    one ending in "ـ" takes the next word attached ("لـ" + "وكالة" = "لوكالة")."""
    alts = []
    for cue in sorted(set(cues), key=len, reverse=True):
        if cue.endswith("ـ"):
            alts.append(_phrase_pattern(cue.rstrip("ـ")) + "ـ?")
        elif cue.endswith(":"):
            alts.append(_phrase_pattern(cue[:-1].rstrip()) + r"\s*[:：]")
        else:
            alts.append(_phrase_pattern(cue) + r"(?![\w\u200c])")
    if not alts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")", re.I)


@dataclass(frozen=True)
class _Cues:
    module: ModuleType
    labels: re.Pattern[str] | None  # "Source: X" at the start of a line
    before: re.Pattern[str] | None
    before_loose: re.Pattern[str] | None
    after: re.Pattern[str] | None
    after_loose: re.Pattern[str] | None
    reporting: re.Pattern[str] | None
    credit_markers: re.Pattern[str] | None
    byline: re.Pattern[str] | None
    news_id: re.Pattern[str] | None
    tags: re.Pattern[str] | None
    credits: re.Pattern[str] | None

    def get(self, name: str, default: Any = ()) -> Any:
        return getattr(self.module, name, default)


@cache
def _cues(module: ModuleType) -> _Cues:
    def data(name: str) -> tuple[str, ...]:
        return tuple(getattr(module, name, ()))

    def labelled(name: str, sep: str) -> re.Pattern[str] | None:
        words = data(name)
        if not words:
            return None
        alts = "|".join(_phrase_pattern(w) for w in sorted(words, key=len, reverse=True))
        return re.compile(r"^(?:" + alts + r")" + sep, re.I)

    def plain(name: str) -> re.Pattern[str] | None:
        words = data(name)
        if not words:
            return None
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))

    return _Cues(
        module=module,
        labels=labelled("SOURCE_LABELS", r"\s*[:/：]\s*"),
        before=_cue_regex(data("SOURCE_CUES")),
        before_loose=_cue_regex(data("SOURCE_CUES_LOOSE")),
        after=_cue_regex(data("SOURCE_CUES_AFTER")),
        after_loose=_cue_regex(data("SOURCE_CUES_AFTER_LOOSE")),
        reporting=_cue_regex(data("REPORTING_CUES")),
        credit_markers=plain("CREDIT_MARKERS"),
        byline=_cue_regex(data("BYLINE_CUES")),
        news_id=labelled("NEWS_ID_LABELS", r"\s*[:：#]?\s*"),
        tags=labelled("TAG_LABELS", r"\s*[:：]\s*"),
        credits=_cue_regex(data("CREDIT_CUES")),
    )


# --- names after and before cues -----------------------------------------------------------

_OPENERS = "([{«\"“‘'<"
_CLOSERS = ',;:!?،؛؟"”’»)]}>|'
_ABBREVIATION = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$|^(?:Dr|Mr|Mrs|Ms|St|Co|Inc|Ltd|Jr)$")
_PUNCT_SPLIT = re.compile(r"[^\s۔،,؛;:!?؟\"“”«»()\[\]|.]+|[۔،,؛;:!?؟\"“”«»()\[\]|.]")


def _name_after(
    text: str, pos: int, stop: frozenset[str], max_words: int
) -> tuple[int, int] | None:
    """The span of the name that starts at ``pos`` in ``text``: up to punctuation, a stop word
    or ``max_words`` words."""
    start = end = None
    words = 0
    for m in re.finditer(r"\S+", text[pos:]):
        token = m.group()
        if token[0] in _OPENERS or words >= max_words:
            break
        core = token.rstrip(_CLOSERS + ".")
        if not core or core.casefold() in stop:
            break
        trailing = token[len(core) :]
        if trailing.startswith(".") and _ABBREVIATION.match(core):
            core, trailing = core + ".", trailing[1:]
        if start is None:
            start = pos + m.start()
        end = pos + m.start() + len(core)
        words += 1
        if trailing:
            break
    return (start, end) if start is not None and end is not None else None


def _name_before(
    text: str, pos: int, stop: frozenset[str], max_words: int
) -> tuple[int, int] | None:
    """The span of the name that ends just before ``pos`` (Urdu: "X کے مطابق")."""
    tokens = list(_PUNCT_SPLIT.finditer(text[:pos]))
    start = end = None
    words = 0
    for m in reversed(tokens):
        token = m.group()
        if not any(ch.isalnum() for ch in token) or token in stop or words >= max_words:
            break
        start = m.start()
        end = end if end is not None else m.end()
        words += 1
    return (start, end) if start is not None and end is not None else None


def _names_source(name: str, cues: _Cues) -> bool:
    """Whether the words after a loose cue name a source rather than a rule or a plan."""
    if outlets.find(name):
        return True
    tokens = name.split()
    # The noun must head the phrase ("مصادر مطلعة", "یک منبع آگاه"): a noun further in names
    # what the phrase is about, not who said it ("حسب سياسة الموقع": by the site's comment
    # policy, no source). A one- or two-letter first word ("ما", "یک") lets the second head it.
    heads = tokens[:2] if tokens and len(_fold(tokens[0])) <= 2 else tokens[:1]
    folded = " ".join(_fold(t) for t in heads)
    folded_tokens = None
    for noun in cues.get("SOURCE_NOUNS"):
        key = _fold(noun)
        if noun.isascii():
            if folded_tokens is None:
                folded_tokens = {_fold(t) for t in tokens}
            if key in folded_tokens:
                return True
        elif key and key in folded:
            return True
    function_words = cues.get("NAME_FUNCTION_WORDS", frozenset())
    return (
        name.isascii()
        and tokens[0][:1].isupper()
        and all(t[:1].isupper() or t.casefold() in function_words for t in tokens)
    )


def _source_name(written: str) -> str:
    """The gazetteer's name when the written name is an outlet (or mostly one), else as written."""
    outlet = outlets.lookup(written)
    if outlet:
        return outlet.name
    found = outlets.find(written)
    if len(found) == 1:
        match, start, end = found[0]
        if 2 * len(_fold(written[start:end])) >= len(_fold(written)):
            return match.name
    return written


# --- outlet ----------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if v)
    text = str(value).strip()
    return text or None


def _evidence(written: str) -> _Evidence:
    outlet = outlets.lookup(written)
    return _Evidence(outlet.name if outlet else written, written, outlet is not None)


def _same_outlet(name: str, outlet: _Evidence | None) -> bool:
    return outlet is not None and outlets.same(name, outlet.name)


@dataclass(frozen=True)
class _Agency:
    """The credit in a dateline: "TEHRAN (Tasnim) –", "واشنگٹن ۔ 12 ستمبر (اے پی پی)"."""

    evidence: _Evidence
    phrase_start: int  # the bracketed credit
    phrase_end: int


@dataclass(frozen=True)
class _Report:
    """ "به گزارش X": X is the outlet itself, or a cited source."""

    evidence: _Evidence | None  # None: the outlet's own staff ("به گزارش خبرنگار ما")
    start: int
    end: int
    phrase: str


def _agency_evidence(text: str) -> _Evidence | None:
    """The outlet inside a dateline credit: known outlets first; desks are no outlet."""
    parts = [p.strip() for p in re.split(r"[/،,+]", text) if p.strip()]
    for part in parts:
        outlet = outlets.lookup(part) or next((f[0] for f in outlets.find(part)), None)
        if outlet:
            return _Evidence(outlet.name, part, True)
    desks = [_fold(w) for m in _modules(None) for w in getattr(m, "DESK_WORDS", ())]
    for part in parts:
        if not any(d and d in _fold(part) for d in desks):
            return _Evidence(part, part, False)
    return None


def _reports(line: _Line, cues: _Cues) -> Iterator[_Report]:
    if cues.reporting is None:
        return
    stop = cues.get("NAME_STOP_WORDS", frozenset())
    staff = {_fold(w) for w in cues.get("OWN_STAFF_WORDS")}
    for m in cues.reporting.finditer(line.text):
        span = _name_after(line.text, m.end(), stop, NAME_MAX_WORDS)
        if span is None:
            continue
        written = line.text[span[0] : span[1]]
        found = outlets.find(written)
        if found:
            outlet, s, e = found[0]
            evidence: _Evidence | None = _Evidence(outlet.name, written[s:e], True)
        elif _fold(written.split()[0]) in staff:
            evidence = None
        else:
            evidence = _Evidence(written, written, False)
        yield _Report(
            evidence, line.start + m.start(), line.start + span[1], line.text[m.start() : span[1]]
        )


def _tag_items(text: str) -> list[str]:
    linked = re.findall(r"\[([^\]]+)\]", text)
    if linked:
        return [t.strip() for t in linked]
    return [t.strip() for t in re.split(r"[،,;|]", text) if t.strip()]


def _field_tags(fields: dict[str, Any]) -> list[str]:
    value = fields.get("tags")
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v]
    text = _text(value)
    return [t.strip() for t in re.split(r"[،,;|]", text) if t.strip()] if text else []


_SELF_DESCRIPTION = re.compile(
    r"^(?:The\s+)?(?P<name>[A-Za-z][\w.&'’-]*(?:\s+[A-Za-z][\w.&'’-]*){0,4}?)\s+"
    r"(?:is|was|has been)\s"
)


def _outlet(
    fields: dict[str, Any],
    lines: list[_Line],
    agencies: list[_Agency],
    reports: list[_Report],
    cues: list[_Cues],
) -> _Evidence | None:
    for key in ("outlet", "sitename", "site_name", "publisher"):
        given = _site_name(_text(fields.get(key)), fields)
        if given:
            return _evidence(given)
    url_outlet = outlets.from_url(_text(fields.get("url")) or _text(fields.get("hostname")))
    if url_outlet:
        return _Evidence(url_outlet.name, url_outlet.name, True)

    # From the text: known outlets first, in order of how plainly they name the publisher.
    tags = list(_field_tags(fields))
    credits: list[str] = []
    for line in lines:
        for c in cues:
            if c.tags and (m := c.tags.match(line.text)) and m.end() < len(line.text):
                tags.extend(_tag_items(line.text[m.end() :]))
            if c.credits and len(line.text.split()) <= 15 and c.credits.search(line.text):
                credits.append(line.text)  # a short line: "© 2018 Tasnim News Agency"
    known = [a.evidence for a in agencies if a.evidence.known]
    known += [_evidence(t) for t in tags if outlets.lookup(t)]
    known += [
        _Evidence(f[0].name, text[f[1] : f[2]], True)
        for text in credits
        for f in outlets.find(text)
    ]
    known += [r.evidence for r in reports if r.evidence and r.evidence.known]
    if known:
        return known[0]
    unknown = [a.evidence for a in agencies] + [r.evidence for r in reports if r.evidence]
    for line in lines:
        if line.boilerplate and "description" in line.boilerplate:
            if m := _SELF_DESCRIPTION.match(line.text):
                unknown.append(_Evidence(m["name"], m["name"], False))
    return unknown[0] if unknown else None


# --- dateline --------------------------------------------------------------------------------

_CAPS_PLACE = r"[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}"
_TITLE_PLACE = r"[A-Z][a-zA-Z.'’\-]+(?:\s+[A-Z][a-zA-Z.'’\-]+){0,2}"
_LATIN_DATE = r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
_AGENCY = r"\((?P<agency>[^()\n]{1,60})\)"
_AR_LETTER = "\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff"
_AR_WORD = rf"[{_AR_LETTER}][{_AR_LETTER}\u064b-\u065f\u0670\u200c]*"
_DATELINES = (
    # "TEHRAN (Tasnim) –", "TEHRAN, April 4 (Reuters) -", "Tehran (defapress) -"
    re.compile(rf"^(?P<place>{_CAPS_PLACE}|{_TITLE_PLACE}){_LATIN_DATE}\s*{_AGENCY}\s*[–—-]+\s*"),
    # "TEHRAN – ", "TEHRAN, April 4 - "
    re.compile(rf"^(?P<place>{_CAPS_PLACE}){_LATIN_DATE}\s*[–—-]+\s+"),
    # "واشنگٹن ۔12ستمبر(اے پی پی)", "طهران (الرافد) -"
    re.compile(
        rf"^(?P<place>{_AR_WORD}(?:\s+{_AR_WORD}){{0,2}})\s*(?:[-–—۔،,]\s*[^()\n]{{0,25}}?)?"
        rf"\s*{_AGENCY}(?P<dash>\s*[-–—])?"
    ),
    # "تهران- ایرنا- ", "تهران-"
    re.compile(
        rf"^(?P<place>{_AR_WORD}(?:\s{_AR_WORD})?)\s?[-–—]\s*"
        rf"(?:(?P<agency>{_AR_WORD}(?:\s{_AR_WORD}){{0,2}})\s?[-–—]\s*)?(?=\S)"
    ),
)


@cache
def _comma_dateline() -> re.Pattern[str]:
    followers = {w for m in _modules(None) for w in getattr(m, "DATELINE_FOLLOWERS", ())}
    words = "|".join(map(re.escape, sorted(followers, key=len, reverse=True))) or "(?!)"
    # "Tehran, The Supreme Leader ...": plain prose would not capitalise the word after a comma.
    return re.compile(rf"^(?P<place>{_CAPS_PLACE}|{_TITLE_PLACE}),\s+(?=(?:{words})\b)")


@cache
def _credit_words() -> tuple[str, ...]:
    words = [w for m in _modules(None) for w in getattr(m, "DESK_WORDS", ())]
    return tuple(_fold(w) for w in (*words, *outlets.GENERIC_WORDS))


def _credit_like(agency: str) -> bool:
    """Whether a bracket after a place credits an outlet or a desk ("(اے پی پی)",
    "(سپورٹس ڈیسک)", "(وقت نیوز)") rather than holding a date or a person ("(ترامپ)")."""
    if any(ch.isdigit() for ch in agency):
        return False
    if outlets.lookup(agency) or outlets.find(agency):
        return True
    tokens = {_fold(t) for t in agency.split()}
    folded = _fold(agency)
    return any(w in tokens if w.isascii() else w in folded for w in _credit_words() if w)


def _dateline_match(text: str) -> re.Match[str] | None:
    for pattern in (*_DATELINES, _comma_dateline()):
        m = pattern.match(text)
        if m is None or outlets.lookup(m["place"]):
            continue
        if pattern is _DATELINES[2] and not m["dash"] and not _credit_like(m["agency"]):
            continue  # a bracket with no dash after it must look like a credit
        return m
    return None


def _dateline(head: list[_Line]) -> tuple[str | None, list[_Agency]]:
    for line in head:
        m = _dateline_match(line.text)
        if m is None:
            continue
        agencies = []
        agency = m.groupdict().get("agency")
        if agency and (evidence := _agency_evidence(agency)):
            # the phrase is the bracketed credit where there is one, else the agency name
            s, e = m.span("agency")
            if s > 0 and line.text[s - 1] == "(" and line.text[e : e + 1] == ")":
                s, e = s - 1, e + 1
            agencies.append(_Agency(evidence, line.start + s, line.start + e))
        return m["place"].strip(), agencies
    return None, []


# --- title, byline, news id ----------------------------------------------------------------

_LABEL_VALUE = re.compile(r"^[^\W\d][\w\s]{0,30}?\s*[:：]\s*(?P<value>.+)$")
_SENTENCE_END = (".", "۔")
_KICKER_END = (":", "：", "؛", ";")
_TRAILING_DATE = re.compile(r"\s+[-–—|]\s*[\w/ .,]*\d{4}\s*$")


def _digit_share(text: str) -> float:
    chars = [ch for ch in text if not ch.isspace()]
    return sum(ch.isdigit() for ch in chars) / len(chars) if chars else 0.0


def _is_label(text: str, cues: list[_Cues]) -> bool:
    """A label line ("News ID: 69545", "Publish Date: ...", "Tags: ...") or a bare date line."""
    for c in cues:
        for pattern in (c.news_id, c.tags, c.labels, c.byline, c.credits):
            if pattern and pattern.match(text):
                return True
    m = _LABEL_VALUE.match(text)
    if m and len(m["value"].split()) <= 8 and any(ch.isdigit() for ch in m["value"]):
        return True
    return len(text.split()) <= 6 and _digit_share(text) >= 0.25


def _glued_headline(text: str, small: frozenset[str]) -> str | None:
    """A Title Case headline run into the lead by extraction: "Talks with Israel Unforgivable
    MistakeIn response to ..." -> "Talks with Israel Unforgivable Mistake"."""
    for m in re.finditer(r"(?<=[a-z])(?=[A-Z][a-z])", text[:160]):
        head, rest = text[: m.start()], text[m.start() :]
        words = head.split()
        if len(words) < 2 or len(words) > 15 or len(words[-1]) < 3 or len(rest.split()) < 8:
            continue
        if title_case(words, small):
            return head.strip()
    return None


# Between a page title's parts: "Headline | Site", "Site - Headline", "Section » Page".
_TITLE_SEPARATOR = re.compile(r"\s+(?:[-–—|·•»:/]|::|>>)\s+|\s*[|»]\s*")
# Between the items of a breadcrumb trail (never ":" or "-", which headlines use).
_CRUMB = re.compile(r"\s*[|»>/·•]\s*")
_COPYRIGHT_NAME = re.compile(r"^(?:©|\(c\)|copyright\b|all rights reserved)", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[\W_]+")
_HOST_NOISE = frozenset({"www", "m", "amp", "com", "org", "net", "co", "news", "gov", "edu"})


def _squash(text: str) -> str:
    """Letters and digits only, case folded: "The Anti-June Cleaver" -> "theantijunecleaver"."""
    return _NOT_ALNUM.sub("", text.casefold())


def _host_labels(fields: dict[str, Any]) -> list[str]:
    from urllib.parse import urlsplit

    host = _text(fields.get("hostname")) or ""
    if not host and (url := _text(fields.get("url"))):
        try:
            host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        except ValueError:
            host = ""
    labels = [x for x in host.lower().split(".") if x and x not in _HOST_NOISE]
    return [x.replace("-", "") for x in labels if len(x) > 2]


def _site_like(part: str, outlet: _Evidence | None, fields: dict[str, Any]) -> bool:
    """Whether one part of a page title names the site: the outlet, the page's site name, or
    the web address's name ("The Anti-June Cleaver" on theantijunecleaver.com)."""
    squashed = _squash(part)
    if not squashed:
        return False
    if outlet and (
        _same_outlet(part, outlet) or squashed in (_squash(outlet.name), _squash(outlet.written))
    ):
        return True
    for key in ("sitename", "site_name", "publisher", "outlet"):
        given = _text(fields.get(key))
        if given and squashed in {_squash(given), *map(_squash, _CRUMB.split(given))}:
            return True
    for label in _host_labels(fields):
        # the address's name, or nearly ("SpaceNews.com", "Inexhibit" on inexhibit.com), never
        # a headline that starts with it ("The Guardian view on ...")
        if squashed == label or (
            min(len(squashed), len(label)) >= 5
            and (squashed.startswith(label) or label.startswith(squashed))
            and abs(len(squashed) - len(label)) <= 4
        ):
            return True
    return False


def _site_name(written: str | None, fields: dict[str, Any]) -> str | None:
    """The outlet a page's site-name field gives, cleaned: a copyright line names no outlet,
    and an untrimmed site title ("LinkNaija | Nigeria's popular news platform", a breadcrumb
    trail "Autoracing | F1 | Indy | MotoGP") gives the part that names the site."""
    if not written or _COPYRIGHT_NAME.match(written):
        return None
    parts = [x.strip() for x in _CRUMB.split(written) if x.strip()]
    if len(parts) < 2:
        return written
    labels = _host_labels(fields)
    for part in parts:
        squashed = _squash(part)
        if any(squashed == x or (len(squashed) >= 5 and x.startswith(squashed)) for x in labels):
            return part
    return parts[0]


def _clean_title(title: str, outlet: _Evidence | None, fields: dict[str, Any]) -> str | None:
    """A page title without the site's name before or after the headline; None when nothing
    but the site's name or a breadcrumb trail is left (the headline is then read from the
    text)."""
    for key in ("sitename", "site_name"):
        site = _text(fields.get(key))
        if site and len(site) > 3 and title.startswith(site) and len(title) > len(site) + 8:
            rest = title[len(site) :]
            if head := re.match(r"\s*(?:[-–—|·•»:/]|::)\s*", rest):
                title = rest[head.end() :]  # "LinkNaija | Nigeria's popular ...: BREAKING ..."
    cuts = [0]
    for m in _TITLE_SEPARATOR.finditer(title):
        cuts += [m.start(), m.end()]
    cuts.append(len(title))
    parts = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    while len(parts) > 1 and _site_like(title[slice(*parts[-1])], outlet, fields):
        parts.pop()
    while len(parts) > 1 and _site_like(title[slice(*parts[0])], outlet, fields):
        parts.pop(0)
    kept = title[parts[0][0] : parts[-1][1]].strip()
    crumbs = [x for x in _CRUMB.split(kept) if x.strip()]
    if len(crumbs) >= 3 and all(len(x.split()) <= 3 for x in crumbs):
        return None  # "Autoracing | F1 | Indy | MotoGP | StockCar": where, not what
    if not kept or _site_like(kept, outlet, fields):
        return None  # the page's title is the site's name
    return kept


def _strip_site_suffix(title: str, outlet: _Evidence | None) -> str:
    """ "Headline - Tasnim News Agency" -> "Headline" when the suffix names the outlet."""
    m = re.match(r"^(?P<head>.+?)\s+[-–—|:]\s+(?P<site>[^-–—|]+)$", title)
    if m and outlet and _same_outlet(m["site"], outlet):
        return m["head"].strip()
    return title


def _title(
    fields: dict[str, Any], body: list[_Line], cues: list[_Cues], outlet: _Evidence | None
) -> str | None:
    given = _text(fields.get("title"))
    if given:
        given = _clean_title(_strip_site_suffix(given, outlet), outlet, fields)
    if given:
        return given
    small = frozenset().union(*(c.get("HEADLINE_SMALL_WORDS", frozenset()) for c in cues))
    first = True
    for i, line in enumerate(body[:HEAD_LINES]):
        text = line.text
        if _is_label(text, cues) or text.endswith(_KICKER_END) or _dateline_match(text):
            continue
        if glued := _glued_headline(text, small):
            return glued
        words = len(text.split())
        if (words <= TITLE_MAX_WORDS and not text.endswith(_SENTENCE_END)) or (
            first and words <= FIRST_TITLE_MAX_WORDS
        ):
            following = body[i + 1] if i + 1 < len(body) else None
            return _headline(
                text, following if following and following.block == line.block else None
            )
        if words > TITLE_MAX_WORDS:
            break  # the body has begun
        first = False
    return None


def _headline(text: str, following: _Line | None) -> str:
    """Drop a date run on after the headline ("... Haniyeh - 5" + "/Apr/ 2018")."""
    joined = text
    if following and len(following.text.split()) <= 3 and not following.text[0].isalpha():
        joined = text + following.text
    stripped = _TRAILING_DATE.sub("", joined)
    if stripped != joined and len(stripped.split()) >= 3:
        text = stripped
    return text.strip().rstrip(".۔").strip()


def _byline(
    fields: dict[str, Any], head: list[_Line], cues: list[_Cues]
) -> tuple[str | None, tuple[int, int] | None]:
    given = _text(fields.get("author")) or _text(fields.get("byline"))
    if given:
        return given, None
    for line in head:
        if len(line.text.split()) > 10:
            continue
        for c in cues:
            m = c.byline.match(line.text) if c.byline else None
            if m is None:
                continue
            span = _name_after(line.text, m.end(), frozenset(), 6)
            if span is None:
                continue
            name = line.text[span[0] : span[1]]
            if name.isascii() and not all(w[:1].isupper() for w in name.split()[:2]):
                continue  # "By contrast", "by the way"
            return name, (line.start, line.end)
    return None, None


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_ID = re.compile(r"[0-9۰-۹٠-٩][0-9A-Za-z۰-۹٠-٩\-]*")


def _news_id(lines: list[_Line], cues: list[_Cues]) -> str | None:
    for line in lines:
        for c in cues:
            m = c.news_id.match(line.text) if c.news_id else None
            if m and (value := _ID.match(line.text, m.end())):
                return value.group().translate(_DIGITS)
    return None


# --- sources ---------------------------------------------------------------------------------


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def _inline_citations(line: _Line, c: _Cues) -> Iterator[tuple[str, int, int]]:
    """(written name, phrase start, phrase end) for each cue in a line, longest cue first."""
    stop = c.get("NAME_STOP_WORDS", frozenset())
    matches = []
    for pattern, loose, after in (
        (c.before, False, False),
        (c.before_loose, True, False),
        (c.after, False, True),
        (c.after_loose, True, True),
    ):
        if pattern:
            matches.extend((m, loose, after) for m in pattern.finditer(line.text))
    matches.sort(key=lambda x: (x[0].start(), -(x[0].end() - x[0].start())))
    used: list[tuple[int, int]] = []
    for m, loose, after in matches:
        if _overlaps(m.span(), used):
            continue
        if after:
            span = _name_before(line.text, m.start(), stop, AFTER_NAME_MAX_WORDS)
        else:
            span = _name_after(line.text, m.end(), stop, NAME_MAX_WORDS)
        if span is None:
            continue
        written = line.text[span[0] : span[1]]
        if m.group().endswith(("ل", "لـ")) and written.startswith("ل"):
            written = "ا" + written  # "وفقا للوكالة": the article's alif dropped after lam
        if loose and not _names_source(written, c):
            continue
        used.append(m.span())
        start, end = (span[0], m.end()) if after else (m.start(), span[1])
        yield written, line.start + start, line.start + end


def _sources(
    source: str,
    lines: list[_Line],
    body: list[_Line],
    cues: list[_Cues],
    agencies: list[_Agency],
    reports: list[_Report],
    outlet: _Evidence | None,
    taken: list[tuple[int, int]],
) -> list[SourceCitation]:
    found: list[tuple[str, int, int]] = []  # (name, start, end)
    for line in lines:  # "Source: X" lines count even where the cleaner set them aside
        for c in cues:
            m = c.labels.match(line.text) if c.labels else None
            rest = line.text[m.end() :].rstrip(" .,;:،؛") if m else ""
            if rest and len(rest.split()) <= LABEL_NAME_MAX_WORDS:
                found.append((_source_name(rest), line.start, line.start + m.end() + len(rest)))
    for line in body:
        for c in cues:
            for written, start, end in _inline_citations(line, c):
                found.append((_source_name(written), start, end))
            if c.credit_markers:
                for m in c.credit_markers.finditer(line.text):
                    name = _source_name(m.group().strip("() "))
                    found.append((name, line.start + m.start(), line.start + m.end()))
    for report in reports:
        if report.evidence:
            found.append((report.evidence.name, report.start, report.end))
    for agency in agencies:  # "LONDON (Reuters) –" on another outlet's page credits Reuters
        found.append((agency.evidence.name, agency.phrase_start, agency.phrase_end))

    citations: list[SourceCitation] = []
    for name, start, end in sorted(found, key=lambda f: (f[1], -f[2])):
        if _same_outlet(name, outlet) or _overlaps((start, end), taken):
            continue  # an outlet naming itself is no citation
        taken.append((start, end))
        citations.append(SourceCitation(name=name, phrase=source[start:end], start=start, end=end))
    return citations
