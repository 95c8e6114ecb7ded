"""Signed letters and statements: each sentence of the body is a statement by the signer.

A letter is found by its frame, read from the language data: a closing formula ("Peace and
God's mercy be upon you", "والسلام علیکم"), a short name line right after it (the signature),
and before it either a line that introduces the full text ("... is as follows:", "به این شرح
است:") or an opening formula ("In the Name of God", "بسم الله", "Dear ..."). The body runs from
there to the closing formula. Quotations inside the body (a verse the letter cites) are left out.
"""

from __future__ import annotations

from stemma.model import Quote
from stemma.quotes.lexicon import cues, fold
from stemma.quotes.marks import PAIRS

MAX_SIGNATURE_WORDS = 5
MIN_SENTENCE_WORDS = 4


def _line(text: str, i: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    return start, len(text) if end < 0 else end


def _signature(text: str, after: int) -> tuple[int, int] | None:
    """The first non-blank line after ``after`` when it is short and holds no digits or
    sentence punctuation: a name."""
    i = after
    while i < len(text):
        start, end = _line(text, i)
        line = text[start:end].strip()
        if line:
            words = line.split()
            if (
                len(words) <= MAX_SIGNATURE_WORDS
                and not any(ch.isdigit() for ch in line)
                and not line.endswith((".", ":", "!", "?", "؟", "،", ","))
            ):
                s = start + (len(text[start:end]) - len(text[start:end].lstrip()))
                return s, s + len(line)
            return None
        i = end + 1
    return None


def _body_start(text: str, low: str, code: str, before: int) -> tuple[int, tuple | None] | None:
    c = cues(code)
    intro = None
    if c.letter_intros is not None:
        for m in c.letter_intros.finditer(low, 0, before):
            intro = m
    if intro is not None:
        return _line(text, intro.start())[1], (intro.start(), intro.end())
    pos = 0
    while pos < before:
        start, end = _line(text, pos)
        stripped = low[start:end].strip()
        if stripped and any(stripped.startswith(o) for o in c.letter_openings):
            return start, None
        pos = end + 1
    return None


def letter_quotes(
    text: str, code: str, sents: list[tuple[int, int]], regions: list[tuple[int, int]]
) -> list[Quote]:
    c = cues(code)
    if c.letter_closings is None:
        return []
    low = fold(text)
    closings = list(c.letter_closings.finditer(low))
    out: list[Quote] = []
    for closing in closings:
        line_start, line_end = _line(text, closing.start())
        signature = _signature(text, line_end + 1)
        if signature is None:
            continue
        begun = _body_start(text, low, code, line_start)
        if begun is None:
            continue
        body_start, intro = begun
        s0, s1 = signature
        for a, b in sents:
            if a < body_start or b > line_start + 1:
                continue
            if text[a] in PAIRS or len(text[a:b].split()) < MIN_SENTENCE_WORDS:
                continue
            out.append(
                Quote(
                    kind="direct",
                    content=text[a:b],
                    content_start=a,
                    content_end=b,
                    speaker=text[s0:s1],
                    speaker_start=s0,
                    speaker_end=s1,
                    cue=text[intro[0] : intro[1]] if intro else "",
                    cue_start=intro[0] if intro else None,
                    cue_end=intro[1] if intro else None,
                    origin="letter",
                )
            )
    return out
