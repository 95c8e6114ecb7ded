"""Typing a pair of articles in different languages: translation, paraphrase or same event.

Sentences are aligned by their vectors (``align.align_sentences``); a block counts as evidence
only when its standardised score clears ``ALIGNED_Z`` and at least ``MIN_ANCHORS`` blocks clear
``ANCHOR_Z``, so that two unrelated texts, which the aligner still pairs as best it can, show
little coverage. Coverage (the share of each side's
characters inside such blocks) then decides the kind: a translation covers most of both texts
with its blocks at the same places in each (two reports quoting one speaker align their quotes,
elsewhere in each text), a partial rendering is a paraphrase; the direction comes from what a
evidence of :mod:`stemma.reuse.direction` (a cited source, the earlier time, a translator's note
such as "(Arabic Prayers)" for text left untranslated, words of the original left untranslated
(:func:`residue`), a date kept in the original's calendar or converted out of it), stated only
where it agrees.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from stemma.model import AlignedPair, Article, Evidence, Link
from stemma.reuse.align import align_sentences, block_similarity, block_z
from stemma.reuse.direction import Signal, Verdict, citation_signals, decide, time_signals
from stemma.text.langid import script_of
from stemma.text.words import words

ANCHOR_Z = 3.0  # block z-score above which two sentences surely render one another
MIN_ANCHORS = 2  # such blocks needed before a pair is typed at all
ALIGNED_Z = 2.2  # z-score of the other aligned blocks that then count as rendered
# and the plain cosine every counted block needs: in short documents the z-score's null is
# poorly known
MIN_COSINE = 0.83
TRANSLATION_COVERAGE = 0.5  # share of both sides inside such blocks for a translation
# A translation renders a text in its own order, so the unaligned remainder of one side (the
# sentences the aligner scored low) sits where the other's does: every aligned block lies at
# about the same share of both texts. Two reports quoting one speaker at length align their
# quotes too, but at different points of each (ntrex: CNN's Persian and Newsweek's Arabic
# reports of one rally cover 62% and 64% of each other, blocks 8-32 points of length apart;
# every true translation pair covering under FULL_COVERAGE of a side keeps its blocks within
# 3 points). Where both sides are covered to FULL_COVERAGE the coverage says enough alone.
FULL_COVERAGE = 0.7
PLACE_DRIFT = 0.05  # largest difference of a block's place (share of each text before it)
# A text rendered only in part (one side covered, not the other) is no translation at this
# evidence: sentence vectors cannot tell a translated excerpt from a rewrite of another
# outlet's lead (ntrex: RT's short report and Reuters' long one, a paraphrase within one
# language, align 100% of RT's sentences); such a pair is a paraphrase.
MIN_WORDS = 5  # passages shorter than this do not count towards coverage
PARAPHRASE_COVERAGE = 0.15  # share of one side for a partial rendering (rewrite, summary)

# A translator's note for text left in its own language: "(Arabic Prayers)", "[Persian poem]".
_TRANSLATOR_NOTE = re.compile(
    r"[(\[](?:in\s+)?(?:Arabic|Persian|Farsi|Urdu|Hebrew|Turkish|Kurdish|Pashto)\b[^)\]]{0,40}[)\]]"
    r"|\btranslated (?:from|by)\b|\bunofficial translation\b|ترجمه[‌ ]?(?:شده|ی)|ترجمة",
    re.IGNORECASE,
)


# Untranslated residue: a run of words found verbatim in both texts that is the other text's
# language inside this one. A name alone is no residue (names pass unchanged into any language
# written in their script), so a run needs RESIDUE_WORDS words, at least one uncapitalised.
RESIDUE_WORDS = 2
RESIDUE_HOME = 2  # times a word occurs outside the run in a text it is at home in
RESIDUE_SHOWN = 2  # runs quoted in the signal's words
_RESIDUE_GAP = re.compile(r"[ \t,:;'’\-]*")  # what may stand between two words of one run
_OPENERS, _CLOSERS = "([", ")]"

# Calendars and the languages that date in them. A text in another language giving a date in
# such a calendar, where a text in one of these languages gives the same date, keeps the
# original's calendar (an English letter signed "15 Farvardin 1397" renders a Persian one). The
# Gregorian calendar is everyone's: a Gregorian date says nothing.
CALENDAR_LANGUAGES = {
    "solar_hijri": frozenset({"fa", "ps", "ku"}),
    "lunar_hijri": frozenset({"ar", "fa", "ur", "ps", "ku"}),
}
# The Lunar Hijri calendar also dates Islamic matters in any language (an English-language Gulf
# paper writes "Ramadan 1439" itself, and its Arabic edition translates it): there the kept
# calendar is weak evidence, shown but never enough alone.
FOREIGN_CALENDAR_WEIGHT = {"solar_hijri": 1.0, "lunar_hijri": 0.5}


def _weight(passage) -> int:
    """Characters a passage adds to coverage: labels and date lines ("X said:") add none, since
    such short lines pair up between any two articles of one outlet."""
    return passage.end - passage.start if len(passage.text.split()) >= MIN_WORDS else 0


def _coverage(article: Article, ids: set[int]) -> float:
    total = sum(_weight(p) for p in article.passages)
    inside = sum(_weight(article.passages[i]) for i in ids)
    return inside / total if total else 0.0


def _places(article: Article) -> list[float]:
    """The share of ``article``'s weighed characters before each passage (and 1.0 after the
    last): where a passage lies in the text, comparable across languages."""
    weights = [_weight(p) for p in article.passages]
    total = sum(weights) or 1
    out, at = [0.0], 0
    for w in weights:
        at += w
        out.append(at / total)
    return out


def _drift(a: Article, b: Article, blocks: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> float:
    """The largest difference between where an aligned block lies in ``a`` and in ``b`` (the
    middle of the block, as a share of each text); 1.0 without blocks."""
    pa, pb = _places(a), _places(b)
    return max(
        (
            abs((pa[s[0]] + pa[s[-1] + 1]) - (pb[t[0]] + pb[t[-1] + 1])) / 2
            for s, t in blocks
            if s and t
        ),
        default=1.0,
    )


def _native_dates(article: Article) -> set[str]:
    return {d.iso for d in article.dates if d.calendar != "gregorian" and d.iso}


def _gregorian_dates(article: Article) -> set[str]:
    return {d.iso for d in article.dates if d.calendar == "gregorian" and d.iso}


@dataclass(frozen=True)
class _Words:
    """A text's words as residue reads them, made once per text (an article meets many
    partners): spans, words, script, adjacent word pairs, the words joined, their counts."""

    spans: tuple[tuple[int, int], ...]
    words: tuple[str, ...]
    script: str | None
    pairs: frozenset[tuple[str, str]]
    joined: str
    counts: Counter


@lru_cache(maxsize=256)
def _words_of(text: str) -> _Words:
    spans = tuple(words(text))
    found = tuple(text[s:e] for s, e in spans)
    return _Words(
        spans,
        found,
        script_of(text),
        frozenset(zip(found, found[1:], strict=False)),
        " " + " ".join(found) + " ",
        Counter(found),
    )


def _glossed(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands alone in brackets: a writer's own gloss of a foreign
    name or phrase ("the deal (Abkommen)"), which originals write as often as translations."""
    before, after = text[:start].rstrip(" \"'“”«»"), text[end:].lstrip(" \"'“”«»")
    return bool(before) and before[-1] in _OPENERS and bool(after) and after[0] in _CLOSERS


def _common(word: str) -> bool:
    """A word that is no name, number or stray letter: uncapitalised (in a script without case,
    every word), of two letters or more."""
    return len(word) >= 2 and word.isalpha() and not word[0].isupper()


def residue(x: Article, y: Article) -> list[str]:
    """Runs of ``y`` left untranslated from ``x``: runs of words found verbatim (same case) in
    ``x`` whose common words (:func:`_common`) are at home in ``x`` (RESIDUE_WORDS of them, or
    all where fewer, occur there RESIDUE_HOME times outside the run: the grammatical words of a
    quotation do, its rarer words need not; a German translation keeping two English names
    holds their "and" once outside either) and foreign to ``y`` (occur in ``y`` only inside the run). What is at
    home is read off the two texts, not a word list, so any language pair works. A run in
    ``x``'s script where ``y`` writes another needs one such word; a run in ``y``'s own script
    needs RESIDUE_WORDS + 1 words and RESIDUE_WORDS foreign ones, since related languages share
    words ("in", Arabic words in Persian). Names (capitalised words only; German capitalises
    its nouns, so "Community" is no English "community"), numbers and bracketed glosses are
    never residue. Runs two translations of a third text share (an English title kept in a
    German and an Arabic rendering) are at home in neither."""
    xw, yw = _words_of(x.text), _words_of(y.text)
    x_script, y_script = xw.script, yw.script
    if not x_script:
        return []
    y_spans, y_words = yw.spans, yw.words
    if len(xw.words) < RESIDUE_WORDS or len(y_words) < RESIDUE_WORDS:
        return []
    x_pairs, x_seq, x_count, y_count = xw.pairs, xw.joined, xw.counts, yw.counts
    same_script = x_script == y_script
    found: list[str] = []
    i = 0
    while i < len(y_words) - 1:
        j = i
        while (
            j + 1 < len(y_words)
            and (y_words[j], y_words[j + 1]) in x_pairs
            and _RESIDUE_GAP.fullmatch(y.text[y_spans[j][1] : y_spans[j + 1][0]])
        ):
            j += 1
        if j + 1 - i < RESIDUE_WORDS + same_script:  # a word alone (most words): no run
            i = j + 1
            continue
        start, end = y_spans[i][0], y_spans[j][1]
        run = y_words[i : j + 1]
        inside = Counter(run)
        common = [w for w in run if _common(w)]
        foreign = [w for w in common if y_count[w] <= inside[w]]
        home = {w for w in common if x_count[w] - inside[w] >= RESIDUE_HOME}
        text = y.text[start:end]
        if (
            len(foreign) >= (RESIDUE_WORDS if same_script else 1)
            and len(home) >= min(RESIDUE_WORDS, len(set(common)))
            and f" {' '.join(run)} " in x_seq
            and script_of(text) == x_script
            and not _glossed(y.text, start, end)
            and text not in found
        ):
            found.append(text)
        i = j + 1
    return found


def residue_signals(a: Article, b: Article) -> list[Signal]:
    """Untranslated residue of either text in the other (:func:`residue`)."""
    out = []
    for x, y in ((a, b), (b, a)):
        runs = residue(x, y)
        if runs:
            shown = ", ".join(repr(r[:60]) for r in runs[:RESIDUE_SHOWN])
            says = (
                f"{y.id} keeps words of {x.id} untranslated ({x.lang or 'its language'}): {shown}"
            )
            out.append(Signal.of("residue", x.id, says))
    return out


def foreign_calendar_signals(a: Article, b: Article) -> list[Signal]:
    """A text dating in a calendar of the other text's language, not of its own, where the other
    gives the same day: it keeps the original's calendar."""
    out = []
    for x, y in ((a, b), (b, a)):
        x_days = {d.iso for d in x.dates if d.iso and d.precision != "month"}
        for d in y.dates:
            langs = CALENDAR_LANGUAGES.get(d.calendar, frozenset())
            if d.iso in x_days and x.lang in langs and y.lang not in langs:
                name = d.calendar.replace("_", " ").title()
                says = (
                    f"{y.id}, in {y.lang}, dates {d.text!r} in the {name} calendar of "
                    f"{x.id}'s language ({x.lang}), which gives the same day ({d.iso})"
                )
                weight = FOREIGN_CALENDAR_WEIGHT.get(d.calendar, 0.5)
                out.append(Signal("original_calendar", x.id, weight, says))
                break
    return out


def translation_signals(a: Article, b: Article) -> list[Signal]:
    """What says which of a translated pair is the original: a citation, time order, a
    translator's note, untranslated residue, the original's calendar kept or converted."""
    signals = citation_signals(a, b) + time_signals(a, b)
    signals += residue_signals(a, b) + foreign_calendar_signals(a, b)
    for x, y in ((a, b), (b, a)):
        note = _TRANSLATOR_NOTE.search(y.text)
        if note and not _TRANSLATOR_NOTE.search(x.text):
            says = f"{y.id} carries a translator's note: {note.group(0)!r}"
            signals.append(Signal.of("translator_note", x.id, says))
    for x, y in ((a, b), (b, a)):
        converted = _native_dates(x) & _gregorian_dates(y)
        if converted and not _native_dates(y):
            says = f"{y.id} gives {min(converted)} in the Gregorian calendar, {x.id} in its own"
            signals.append(Signal.of("calendar", x.id, says))
    return signals


def translation_direction(a: Article, b: Article) -> Verdict:
    """The original of a translated pair, stated only where the signals agree."""
    return decide(a, b, translation_signals(a, b))


def type_cross_language(
    a: Article, b: Article, vecs_a: np.ndarray, vecs_b: np.ndarray
) -> Link | None:
    """A link between articles in two languages, given one vector per passage of each."""
    if not a.passages or not b.passages:
        return None
    lens_a = [p.end - p.start for p in a.passages]
    lens_b = [p.end - p.start for p in b.passages]
    blocks = align_sentences(vecs_a, vecs_b, lens_a, lens_b)
    scores = block_z(vecs_a, vecs_b, blocks)
    cosines = block_similarity(vecs_a, vecs_b, blocks)
    scored = list(zip(blocks, scores, cosines, strict=True))
    anchors = [z for (s, t), z, cos in scored if s and t and z >= ANCHOR_Z and cos >= MIN_COSINE]
    if len(anchors) < MIN_ANCHORS:
        return None
    # once a few blocks clearly render each other, the path between them is trusted further
    good = [
        (s, t, z) for (s, t), z, cos in scored if s and t and z >= ALIGNED_Z and cos >= MIN_COSINE
    ]
    cov_a = _coverage(a, {i for s, _, _ in good for i in s})
    cov_b = _coverage(b, {j for _, t, _ in good for j in t})
    pairs = [
        AlignedPair(
            a.passages[s[0]].start,
            a.passages[s[-1]].end,
            b.passages[t[0]].start,
            b.passages[t[-1]].end,
            round(z, 2),
            "translation",
        )
        for s, t, z in good
    ]
    high, low = max(cov_a, cov_b), min(cov_a, cov_b)
    reasons = [
        f"{len(good)} aligned sentence blocks; coverage {cov_a:.0%} of {a.id}, "
        f"{cov_b:.0%} of {b.id}"
    ]
    drift = _drift(a, b, [(s, t) for s, t, _ in good])
    in_order = low >= FULL_COVERAGE or drift <= PLACE_DRIFT
    if low >= TRANSLATION_COVERAGE and in_order:
        kind, score = "translation", (cov_a + cov_b) / 2
    elif high >= PARAPHRASE_COVERAGE and low >= PARAPHRASE_COVERAGE / 2:
        kind, score = "paraphrase", high
        for pair in pairs:
            pair.kind = "paraphrase"
    else:
        return None
    if kind != "translation" and low >= TRANSLATION_COVERAGE:
        reasons.append(
            f"no translation: aligned blocks lie up to {drift:.0%} of the texts' length apart "
            f"(a translation keeps them within {PLACE_DRIFT:.0%} where it covers under "
            f"{FULL_COVERAGE:.0%} of a side)"
        )
    elif kind != "translation" and high >= FULL_COVERAGE:
        reasons.append(f"no translation: only one side covered ({high:.0%}, {low:.0%})")
    verdict = translation_direction(a, b)
    reasons.append(verdict.why)
    evidence = Evidence(
        pairs=pairs,
        coverage_a=round(cov_a, 4),
        coverage_b=round(cov_b, 4),
        shared=_shared(a, b),
        reasons=reasons,
        direction_signals=verdict.signal_dicts(),
    )
    return Link(a.id, b.id, kind, round(min(1.0, score), 4), verdict.direction, evidence)


def _shared(a: Article, b: Article) -> dict[str, list[str]]:
    dates = sorted({d.iso for d in a.dates if d.iso} & {d.iso for d in b.dates if d.iso})
    digits = re.compile(r"\d+(?:[.,]\d+)?")
    nums = sorted(set(digits.findall(a.text)) & set(digits.findall(b.text)))
    return {"dates": dates, "numbers": nums[:50]}
