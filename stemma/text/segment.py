"""Paragraphs and sentences as ``(start, end)`` spans into the text they came from.

Blank lines end a paragraph; single newlines are hard wrapping and count as spaces. Inside a
paragraph a sentence ends at a sentence-end character of the language (``SENTENCE_END`` in
``stemma/text/lang/<code>.py``: ". ! ? ؟ …", Urdu "۔"), with any closing quotes and brackets
after it, unless:

- the dot closes an abbreviation (``ABBREVIATIONS``: "Dr.", "e.g."), or one that may end a
  sentence (``ABBREVIATIONS_MAY_END``: "U.S.", "a.m.", "No.") and the next word does not
  start one (``SENTENCE_STARTERS``), or an initial ("J. K. Rowling");
- the dot makes a number an ordinal, in a language that writes them so (German "am 2. Oktober",
  "in der 65. Minute": ``ORDINAL_BEFORE``, the words an ordinal follows, or a month name after);
- no space follows ("24.3", "U.S.", "4:104"), except before an Arabic-script letter;
- a lowercase word or a comma follows (“Is it?” he asked);
- only bracketed notes follow to the paragraph end ("... Wise.” (Holy Quran 4:104)").

A long quotation introduced by a colon (a verse, a letter) stands apart from the words that
introduce it, so that its language can be told apart ("... نازل شده است: «وَلَا تَهِنُوا ...»").

A language without a module gets working defaults: the sentence ends of every script
(``UNIVERSAL_END``: also the Devanagari danda, the Armenian full stop and the Ethiopic one),
full-width marks that need no space after them (Chinese and Japanese 。！？, then their
closing brackets 」』）), and for Thai, which ends sentences with a space rather than a mark,
a cut at every space between two Thai letters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from stemma.text import lang as languages

PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
CLOSERS = "\"'»”’)]}›」』）】〕"
OPENERS = "\"'«“‘([{‹「『（【〔"
UNIVERSAL_END = ".!?؟۔…。！？।॥։።"
NO_SPACE_END = "。！？"  # full-width marks need no space after them
THAI_SPACE = re.compile(r"(?<=[\u0e01-\u0e5b])[^\S\n]+(?=[\u0e01-\u0e5b])")
LETTER_ARABIC = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]")
TRAILING_NOTES = re.compile(r"(?:\s*[(\[][^()\[\]]*[)\]])+\s*")
NON_SPACE = re.compile(r"\S+")
INITIALS = re.compile(r"(?:[A-Z]\.)+")
QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“"}
BLOCK_QUOTE_WORDS = 8  # a quotation this long after a colon is a passage of its own
QUOTATION_AFTER_COLON = re.compile(r":\s*([«“\"„])")


@lru_cache(maxsize=32)
def _rules(code: str | None):
    mod = languages.get(code)
    en = languages.get("en")
    ends = (getattr(mod, "SENTENCE_END", "") if mod else "") or UNIVERSAL_END
    ends = "".join(dict.fromkeys(ends + NO_SPACE_END))
    pattern = re.compile(rf"[{re.escape(ends)}]+[{re.escape(CLOSERS)}]*")

    def merged(name: str) -> frozenset[str]:
        own = getattr(mod, name, frozenset()) if mod else frozenset()
        return frozenset(own) | frozenset(getattr(en, name))

    # Ordinals are the language's own: "am 2." is German, an English "on 2." ends a sentence.
    # They sit with its date data (a dates-only module holds them too: "am 23. Juni").
    dates = languages.dated(code)
    before = frozenset(w.casefold() for w in getattr(dates, "ORDINAL_BEFORE", ()))
    months = getattr(dates, "GREGORIAN_MONTHS", {}) if before else {}
    months = frozenset(m.casefold() for m in months)
    # English abbreviations also hold for Latin words quoted in other languages.
    return (
        pattern,
        merged("ABBREVIATIONS"),
        merged("ABBREVIATIONS_MAY_END"),
        merged("SENTENCE_STARTERS"),
        (before, months),
    )


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of ``text`` (blank lines between them), trimmed."""
    spans, start = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s[0] < s[1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _token_before(text: str, start: int, at: int) -> str:
    """The word that ends at ``at`` (inclusive of its dots), opening quotes stripped."""
    i = at
    while i > start and not text[i - 1].isspace():
        i -= 1
    return text[i:at].lstrip(OPENERS)


def _word_after(text: str, at: int, end: int) -> str:
    """The next word after ``at``, opening quotes stripped (kept if it is nothing else)."""
    m = NON_SPACE.search(text, at, end)
    word = m.group() if m else ""
    return word.lstrip(OPENERS) or word


def _cut(text: str, m: re.Match, start: int, end: int, rules) -> int | None:
    """Where the sentence a sentence-end match ``m`` may close ends, or None if it does not.

    Bracketed notes right after a sentence stay with it ("... Wise.” (Holy Quran 4:104)").
    """
    if not _is_boundary(text, m, start, end, rules):
        return None
    notes = TRAILING_NOTES.match(text, m.end(), end)
    if notes is None:
        return m.end()
    return notes.end() if notes.end() < end else None


def _is_boundary(text: str, m: re.Match, start: int, end: int, rules) -> bool:
    _, abbreviations, may_end, starters, ordinals = rules
    after = m.end()
    if after >= end:
        return False
    mark = m.group().rstrip(CLOSERS)
    if not text[after].isspace():
        if mark[-1] in NO_SPACE_END:
            return True
        if not LETTER_ARABIC.match(text[after]):
            return False  # "24.3", "U.S.", "?”,"
        # Sloppy spacing "است.ما" ends a sentence; "ج.ا.ا." does not.
        return mark[-1] != "." or len(_token_before(text, start, m.start()).split(".")[-1]) > 1
    word = _word_after(text, after, end)
    first = word[0]
    if first.islower() or first in ",،;؛:":
        return False  # “Is it?” he asked.
    if "…" in mark or ".." in mark:
        return not LETTER_ARABIC.match(first)  # Persian "..." is mostly "and so on"
    if mark != ".":
        return True
    token = _token_before(text, start, m.start() + 1)
    if token.lower() in abbreviations:
        return False
    if _ordinal(text, start, m.start() - len(token) + 1, token, word, ordinals):
        return False
    initials = INITIALS.fullmatch(token) is not None
    if token.lower() in may_end or (initials and len(token) > 2):
        return first.isupper() and word.lower().rstrip(",;:") in starters
    return not initials  # "J. K. Rowling"


def _ordinal(text: str, start: int, at: int, token: str, word: str, ordinals) -> bool:
    """Whether ``token`` (ending in its dot, starting at ``at``) is an ordinal number: up to
    three digits after a word an ordinal follows ("am", "der"), or before a month name. A count
    ending a sentence ("stieg auf 12. Die ...") follows neither and stays a boundary."""
    before, months = ordinals
    if not before or not (1 < len(token) <= 4 and token[:-1].isdigit()):
        return False
    if word.casefold().rstrip(",;:") in months:
        return True
    while at > start and text[at - 1].isspace():
        at -= 1
    return _token_before(text, start, at).casefold() in before


def _block_quotes(text: str, start: int, end: int) -> list[int]:
    """Cut points around long quotations introduced by a colon."""
    cuts = []
    for m in QUOTATION_AFTER_COLON.finditer(text[start:end]):
        open_at = start + m.start(1)
        closer = QUOTE_PAIRS[m.group(1)]
        close_at = text.find(closer, open_at + 1, end)
        if close_at < 0 or len(text[open_at:close_at].split()) < BLOCK_QUOTE_WORDS:
            continue
        cuts.append(open_at)
        after = close_at + 1
        notes = TRAILING_NOTES.match(text, after, end)
        if notes:
            after = notes.end()
        rest = text[after:end].lstrip()
        if rest and rest[0] not in UNIVERSAL_END + ",،;؛:" and not rest[0].islower():
            cuts.append(after)
    return cuts


def _split_paragraph(text: str, start: int, end: int, rules) -> list[tuple[int, int]]:
    pattern = rules[0]
    cuts = {_cut(text, m, start, end, rules) for m in pattern.finditer(text, start, end)}
    cuts.discard(None)
    cuts.update(_block_quotes(text, start, end))
    cuts.update(m.start() for m in THAI_SPACE.finditer(text, start, end))
    spans, last = [], start
    for cut in sorted(cuts):
        span = _trim(text, last, cut)
        if span[0] < span[1]:
            spans.append(span)
        last = cut
    span = _trim(text, last, end)
    if span[0] < span[1]:
        spans.append(span)
    return spans


def sentences(text: str, lang: str | None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` into ``text``, trimmed, end exclusive, in order.

    Together they cover every non-space character of ``text``.
    """
    rules = _rules(lang)
    spans: list[tuple[int, int]] = []
    for start, end in paragraphs(text):
        spans.extend(_split_paragraph(text, start, end, rules))
    return spans
