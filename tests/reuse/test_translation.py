"""Typing article pairs across languages, on synthetic sentence vectors."""

import numpy as np

from stemma.model import Article, DateMention, Passage, SourceCitation
from stemma.reuse.translation import translation_direction, type_cross_language

DIM = 48


def article(id, lang, n, **kw):
    words = " ".join(["word"] * 8)
    text = "\n\n".join(f"{words} {i}." for i in range(n))
    passages, at = [], 0
    for i in range(n):
        chunk = f"{words} {i}."
        passages.append(Passage(at, at + len(chunk), chunk, lang, i))
        at += len(chunk) + 2
    return Article(
        id=id,
        raw=text.encode(),
        format="txt",
        source=text,
        text=text,
        lang=lang,
        passages=passages,
        **kw,
    )


def vectors(n, seed):
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(n, DIM)).astype(np.float32)
    return base / np.linalg.norm(base, axis=1, keepdims=True)


def noisy(v, seed, scale=0.25):
    rng = np.random.default_rng(seed)
    out = v + scale * rng.normal(size=v.shape).astype(np.float32) / np.sqrt(DIM)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_full_rendering_is_a_translation_with_aligned_pairs():
    src = vectors(12, 1)
    a, b = article("fa1", "fa", 12), article("en1", "en", 12)
    link = type_cross_language(a, b, src, noisy(src, 2))
    assert link.kind == "translation"
    assert link.evidence.coverage_a > 0.9 and link.evidence.coverage_b > 0.9
    assert len(link.evidence.pairs) >= 11
    pair = link.evidence.pairs[0]
    assert a.source[pair.a_start : pair.a_end] and b.source[pair.b_start : pair.b_end]


def test_partial_rendering_is_a_paraphrase_and_unrelated_is_nothing():
    src = vectors(12, 3)
    other = vectors(12, 4)
    mixed = np.vstack([noisy(src[:4], 5), other[4:]])
    a, b = article("fa1", "fa", 12), article("en1", "en", 12)
    link = type_cross_language(a, b, src, mixed)
    assert link is not None and link.kind == "paraphrase"
    assert type_cross_language(a, b, src, other) is None


def test_direction_from_translator_notes_citations_and_time_never_from_a_calendar_alone():
    fa = article(
        "fa1",
        "fa",
        2,
        dates=[DateMention("۱۵ فروردین ۱۳۹۷", 0, 5, "solar_hijri", "2018-04-04", "signed")],
    )
    en = article(
        "en1",
        "en",
        2,
        dates=[DateMention("April 4, 2018", 0, 5, "gregorian", "2018-04-04", "signed")],
    )
    # a translator converts dates either way: the calendar alone is weak evidence, shown, unstated
    alone = translation_direction(en, fa)
    assert alone.direction is None and "weak" in alone.why
    assert [s.signal for s in alone.signals] == ["calendar"]
    assert alone.signals[0].points_to == "fa1"
    noted = article("en2", "en", 2)
    noted.text = "(Arabic Prayers) Praise be to God."
    assert translation_direction(noted, article("fa2", "fa", 2)).direction == "fa2"
    cited = article("en3", "en", 2, sources=[SourceCitation("Sepidar", "Source: Sepidar", 0, 5)])
    assert (
        translation_direction(article("fa3", "fa", 2, outlet="Sepidar"), cited).direction == "fa3"
    )
    silent = translation_direction(article("x", "fa", 2), article("y", "en", 2))
    assert silent.direction is None and silent.signals == () and "no evidence" in silent.why


def test_disagreeing_signals_leave_a_translation_undirected():
    en = article("en4", "en", 2, published="2018-04-03")
    en.text = "(Persian poem) The rest in English."
    fa = article("fa4", "fa", 2, published="2018-04-05")
    verdict = translation_direction(fa, en)
    assert verdict.direction is None and "disagree" in verdict.why
    assert {s.points_to for s in verdict.signals} == {"en4", "fa4"}
    later = article("fa5", "fa", 2, published="2018-04-05")
    earlier = article("en5", "en", 2, published="2018-04-03")
    assert translation_direction(later, earlier).direction == "en5"
