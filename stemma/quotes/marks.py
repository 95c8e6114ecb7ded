"""Quotation marks: the spans a paragraph holds in quotes, in any of the marks news uses.

Curly, straight, guillemets (Persian and Arabic use « »), low-high („ “) and single quotes.
A single straight or curly apostrophe inside a word ("don't", "Iran’s") is not a quote mark.
A quotation left open at the paragraph end runs to it (news opens each paragraph of a long
quotation anew and closes only the last). A curly opening mark with no curly closing one after
it in its paragraph is closed by a straight one (mixed marks in captured text).
"""

from __future__ import annotations

PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’", "'": "'", "‹": "›"}
SINGLE = {"‘", "'"}


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opens(text: str, i: int, start: int) -> bool:
    ch = text[i]
    if ch in SINGLE or ch == '"':
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        return not _is_word(before) and not after.isspace()
    return True


def _closes(text: str, i: int, end: int, opener: str) -> bool:
    if opener in SINGLE or opener == '"':
        after = text[i + 1] if i + 1 < end else " "
        before = text[i - 1]
        # "... 'Well done,' " said X: a space set between a nested closing mark and this one
        nested = before == " " and i >= 2 and text[i - 2] in "'’"
        return not _is_word(after) and (not before.isspace() or nested)
    return True


def quotations(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(open, close)`` index pairs of the outermost quotations in ``text[start:end]``:
    ``text[open]`` is the opening mark; ``close`` is the index of the closing mark, or ``end``
    for a quotation left open. Nested quotations are kept inside their parent."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in PAIRS and _opens(text, i, start):
            closer = PAIRS[ch]
            # “...," she said: a curly opening closed by a straight mark (or by another
            # opening one) where no curly closing mark is left in the paragraph: mixed marks
            # in captured text
            mixed = ch == "“" and text.find(closer, i + 1, end) < 0
            j = i + 1
            while j < end:
                c = text[j]
                if c == closer and _closes(text, j, end, ch):
                    break
                if mixed and c in '"“' and _closes(text, j, end, '"'):
                    break
                if c in PAIRS and c not in SINGLE and c != closer and c != '"':
                    # a nested opener of another kind: skip over its quotation
                    inner = quotations(text, j, end)
                    if inner and inner[0][0] == j and inner[0][1] < end:
                        j = inner[0][1] + 1
                        continue
                j += 1
            if ch in SINGLE and j >= end:
                i += 1  # an unclosed single quote is far more often an apostrophe
                continue
            spans.append((i, j))
            i = j + 1
            continue
        i += 1
    return spans
