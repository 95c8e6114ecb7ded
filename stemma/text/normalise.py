"""Two derived forms of a slice of source text; neither replaces the source.

- ``display``: what a person reads. NFC, hard-wrapped lines joined, whitespace collapsed and
  Persian ZWNJs repaired; letters stay as written (ي stays ي).
- ``fold``: what matching compares. Letters folded per language (the tables are the ``FOLD``
  constants of ``stemma/text/lang/<code>.py``), digits made ASCII, marks, tatweel and
  invisible controls dropped, quotes and dashes unified, whitespace collapsed, casefolded,
  Persian ZWNJs repaired and kept in one canonical form. ``Folded.offsets`` maps every folded
  character back to the input.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field

from stemma.text import lang as languages
from stemma.text.words import CJK
from stemma.text.zwnj import NON_JOINING, ZWNJ, repair_zwnj, zwnj_edits

TATWEEL = "\u0640"
QUOTES = "\"'«»“”„‟‹›‘’‚‛`´″′〝〞＂＇"
# Script-neutral punctuation folded the same way in every language.
PUNCTUATION = {
    "،": ",",
    "؛": ";",
    "؟": "?",
    "٪": "%",
    "٫": ".",
    "٬": ",",
    "۔": ".",
    "−": "-",
    "⁃": "-",
}
WHITESPACE = re.compile(r"\s+")
SPACE_RUNS = re.compile(r"(?<= ) |^ | (?= *$)")  # each space beyond the first, and at the ends
# A hyphen at a line end between lowercase Latin letters: "negotia-\ntions".
WRAP_HYPHEN = re.compile(r"(?<=[a-z])-[^\S\n]*\n\s*(?=[a-z])")
# A line break between two Han or kana characters: a hard wrap that leaves no space.
CJK_WRAP = re.compile(rf"(?<=[{CJK}。、，！？])[^\S\n]*\n[^\S\n]*(?=[{CJK}])")
WORD_LEFT = re.compile(r"[A-Za-z]+$")
WORD_RIGHT = re.compile(r"[a-z]+")


@dataclass
class Folded:
    """A folded text; ``offsets[i]`` is the index in the input of folded char ``i``.

    ``ends[i]`` is where the input behind char ``i`` ends (exclusive): after the marks it
    carried, or equal to ``offsets[i]`` for a ZWNJ that repair inserted.
    """

    text: str
    offsets: list[int]
    ends: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.ends:
            self.ends = [o + 1 for o in self.offsets]

    def span(self, i: int, j: int) -> tuple[int, int]:
        """The input range ``(start, end)`` behind folded range ``[i, j)``."""
        n = len(self.offsets)
        i, j = max(0, min(i, n)), max(0, min(j, n))
        if i >= j:
            at = self.offsets[i] if i < n else (self.ends[-1] if n else 0)
            return at, at
        return self.offsets[i], max(self.ends[i:j])


def _module(code: str | None):
    return languages.get(code)


def _wrap_suffixes(code: str | None) -> tuple[str, ...]:
    mod = _module(code)
    suffixes = getattr(mod, "WRAP_SUFFIXES", ()) if mod else ()
    return suffixes or languages.get("en").WRAP_SUFFIXES


def hyphen_joins(text: str, code: str | None) -> list[tuple[int, int, bool]]:
    """Line-end hyphens between lowercase letters: ``(start, end, keep_hyphen)`` per match.

    The hyphen goes only when that is safe: the joined word occurs elsewhere in ``text`` or
    the second half is a plain word ending ("-tions"); else it stays ("well-known").
    """
    joins = []
    suffixes = _wrap_suffixes(code)
    lowered = text.lower()
    for m in WRAP_HYPHEN.finditer(text):
        left = WORD_LEFT.search(text, 0, m.start())
        right = WORD_RIGHT.match(text, m.end())
        whole = (left.group() if left else "") + right.group()
        seen_joined = re.search(rf"\b{re.escape(whole.lower())}\b", lowered) is not None
        keep = not (seen_joined or right.group() in suffixes)
        joins.append((m.start(), m.end(), keep))
    return joins


def display(text: str, lang: str | None) -> str:
    """The clean display form of a slice of source text (for people; letters not folded)."""
    text = unicodedata.normalize("NFC", text)
    parts, last = [], 0
    wrapped_hyphen = "-" in text and "\n" in text  # the only case hyphen_joins acts on
    for start, end, keep in hyphen_joins(text, lang) if wrapped_hyphen else ():
        parts.append(text[last:start])
        parts.append("-" if keep else "")
        last = end
    parts.append(text[last:])
    text = "".join(parts)
    if "\n" in text and not text.isascii():  # Chinese and Japanese wrap with no space to keep
        text = CJK_WRAP.sub("", text)
    # the same as WHITESPACE.sub(" ", ...).strip() (\s and str.split agree on what is white
    # space), and several times faster
    text = " ".join(text.split())
    if lang == "fa":
        text = repair_zwnj(text)
    return text


def _fold_char(ch: str, table: dict[str, str]) -> str:
    """One input character folded: per-language letters, decomposition, marks dropped."""
    if ch in QUOTES:
        return '"'
    if ch in PUNCTUATION:
        return PUNCTUATION[ch]
    if ch.isspace():
        return " "
    if ch == ZWNJ:
        return ZWNJ
    out = []
    for c in unicodedata.normalize("NFKD", table.get(ch, ch).casefold()):
        c = table.get(c, c)
        cat = unicodedata.category(c)
        if c == ZWNJ or c.isspace():
            out.append(c if c == ZWNJ else " ")
        elif cat == "Nd":
            out.append(str(unicodedata.decimal(c)))
        elif cat == "Pd":
            out.append("-")
        elif c in QUOTES:
            out.append('"')
        elif c in PUNCTUATION:
            out.append(PUNCTUATION[c])
        elif cat in ("Mn", "Me", "Cf", "Cc", "Cs", "Co") or c == TATWEEL:
            continue
        else:
            out.append(c)
    return "".join(out)


_TABLES: dict[str | None, dict[str, str]] = {}


def _char_table(code: str | None) -> dict[str, str]:
    """A per-language cache of folded characters (filled as characters are met)."""
    key = code if _module(code) else None
    if key not in _TABLES:
        _TABLES[key] = {}
    return _TABLES[key]


def _is_arabic_letter(c: str) -> bool:
    return "\u0620" <= c <= "\u06ff" and unicodedata.category(c) == "Lo"


def _stray_zwnj(folded: str) -> list[int]:
    """ZWNJs that join nothing: kept only between a left-joining Arabic letter and a letter."""
    stray, at = [], folded.find(ZWNJ)
    while at >= 0:
        prev = folded[at - 1] if at else ""
        nxt = folded[at + 1] if at + 1 < len(folded) else ""
        if not (_is_arabic_letter(prev) and prev not in NON_JOINING and _is_arabic_letter(nxt)):
            stray.append(at)
        at = folded.find(ZWNJ, at + 1)
    return stray


def _extra_spaces(folded: str) -> list[int]:
    return [m.start() for m in SPACE_RUNS.finditer(folded)]


def _pieces(text: str, lang: str | None) -> list[str]:
    """What each input character folds to ("" when dropped)."""
    mod = _module(lang)
    letters = (getattr(mod, "FOLD", None) or {}) if mod else {}
    cache = _char_table(lang)
    for ch in set(text).difference(cache):
        cache[ch] = _fold_char(ch, letters)
    return [cache[c] for c in text]


def fold(text: str, lang: str | None) -> Folded:
    """The matching form of ``text`` with its offset map (see the module docstring)."""
    pieces = _pieces(text, lang)
    inserted = []
    if lang == "fa":
        for start, end in zwnj_edits(text, spaced=True):
            if start == end:
                pieces[start] = ZWNJ + pieces[start]
                inserted.append(start)
            else:
                pieces[start:end] = [ZWNJ] + [""] * (end - start - 1)
    for start, end, keep in hyphen_joins(text, lang):
        pieces[start + keep : end] = [""] * (end - start - keep)

    folded = "".join(pieces)
    offsets = [i for i, piece in enumerate(pieces) for _ in piece]
    for find_drops in (_stray_zwnj, _extra_spaces):
        drop = set(find_drops(folded))
        if drop:
            keep_at = [k for k in range(len(folded)) if k not in drop]
            folded = "".join(folded[k] for k in keep_at)
            offsets = [offsets[k] for k in keep_at]
    ends = [o + 1 for o in offsets]
    # A dropped mark belongs to the letter before it; an inserted ZWNJ spans nothing.
    for i in (i for i, piece in enumerate(pieces) if not piece):
        k = bisect_left(offsets, i) - 1
        if k >= 0 and folded[k] != " ":
            ends[k] = max(ends[k], i + 1)
    for i in inserted:
        k = bisect_left(offsets, i)
        if k < len(folded) and folded[k] == ZWNJ:
            ends[k] = i
    return Folded(folded, offsets, ends)
