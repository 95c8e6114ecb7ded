"""Typing a pair of articles in different languages: translation, paraphrase or same event.

Sentences are aligned by their vectors (``align.align_sentences``); a block counts as evidence
only when its standardised score clears ``ALIGNED_Z`` and at least ``MIN_ANCHORS`` blocks clear
``ANCHOR_Z``, so that two unrelated texts, which the aligner still pairs as best it can, show
little coverage. Coverage (the share of each side's
characters inside such blocks) then decides the kind, and the direction comes from what a
evidence of :mod:`stemma.reuse.direction` (a cited source, the earlier time, a translator's note
such as "(Arabic Prayers)" for text left untranslated, dates converted out of the original's
calendar), stated only where it agrees.
"""

from __future__ import annotations

import re

import numpy as np

from stemma.model import AlignedPair, Article, Evidence, Link
from stemma.reuse.align import align_sentences, block_similarity, block_z
from stemma.reuse.direction import Signal, Verdict, citation_signals, decide, time_signals

ANCHOR_Z = 3.0  # block z-score above which two sentences surely render one another
MIN_ANCHORS = 2  # such blocks needed before a pair is typed at all
ALIGNED_Z = 2.2  # z-score of the other aligned blocks that then count as rendered
# and the plain cosine every counted block needs: in short documents the z-score's null is
# poorly known
MIN_COSINE = 0.83
TRANSLATION_COVERAGE = 0.5  # share of both sides inside such blocks for a translation
EXCERPT_COVERAGE = 0.8  # or of one side: a translated excerpt
MIN_WORDS = 5  # passages shorter than this do not count towards coverage
PARAPHRASE_COVERAGE = 0.15  # share of one side for a partial rendering (rewrite, summary)

# A translator's note for text left in its own language: "(Arabic Prayers)", "[Persian poem]".
_TRANSLATOR_NOTE = re.compile(
    r"[(\[](?:in\s+)?(?:Arabic|Persian|Farsi|Urdu|Hebrew|Turkish|Kurdish|Pashto)\b[^)\]]{0,40}[)\]]"
    r"|\btranslated (?:from|by)\b|\bunofficial translation\b|ترجمه[‌ ]?(?:شده|ی)|ترجمة",
    re.IGNORECASE,
)


def _weight(passage) -> int:
    """Characters a passage adds to coverage: labels and date lines ("X said:") add none, since
    such short lines pair up between any two articles of one outlet."""
    return passage.end - passage.start if len(passage.text.split()) >= MIN_WORDS else 0


def _coverage(article: Article, ids: set[int]) -> float:
    total = sum(_weight(p) for p in article.passages)
    inside = sum(_weight(article.passages[i]) for i in ids)
    return inside / total if total else 0.0


def _native_dates(article: Article) -> set[str]:
    return {d.iso for d in article.dates if d.calendar != "gregorian" and d.iso}


def _gregorian_dates(article: Article) -> set[str]:
    return {d.iso for d in article.dates if d.calendar == "gregorian" and d.iso}


def translation_signals(a: Article, b: Article) -> list[Signal]:
    """What says which of a translated pair is the original: a citation, time order, a
    translator's note, the original's calendar."""
    signals = citation_signals(a, b) + time_signals(a, b)
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
    if low >= TRANSLATION_COVERAGE or high >= EXCERPT_COVERAGE:
        kind, score = "translation", (cov_a + cov_b) / 2 if low >= TRANSLATION_COVERAGE else high
    elif high >= PARAPHRASE_COVERAGE and low >= PARAPHRASE_COVERAGE / 2:
        kind, score = "paraphrase", high
        for pair in pairs:
            pair.kind = "paraphrase"
    else:
        return None
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
