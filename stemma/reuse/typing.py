"""Typing a link between two articles of one language: how does one relate to the other?

The decision reads a few measures of the pair, each a share of one side's words:

- *verbatim*: words inside identical runs of at least three words of aligned passages;
- *coverage*: words inside aligned sentences (verbatim or rewritten);
- *containment*: words and word pairs found anywhere in the other text, weighted by how rare
  they are in the pair (so names and numbers count, function words hardly);

plus the names, numbers and dates both texts hold and the word-level variants of the aligned
passages. Kinds are tried from the most literal to the loosest:

- ``copy``: the same text both ways, only trivial variants (spelling, transliteration,
  punctuation or brackets, an inserted parenthetical);
- ``revision``: the same text both ways (most words verbatim), edited;
- ``excerpt``: most of one side is verbatim in the other, not the other way round;
- ``paraphrase``: most of one side's content is drawn from the other, rewritten: sentence by
  sentence alignment and content containment both high, numbers not contradicting; or, for two
  texts published within a news cycle of each other, a share of its words and phrasing (word
  pairs) above what independent reports of one event share (a newspaper rewriting agency copy);
- ``same_event``: a share of the content and the facts (names, numbers, dates) in common;
- ``related``: shared names (same actors) but not the same content;
- otherwise no link (None).

The direction is the id of the article the other derives from, stated only where the signals
of :mod:`stemma.reuse.direction` agree: a citation of the other's outlet, the earlier time beyond
both precisions, for an excerpt the fuller text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

from stemma.memo import article_cache, per_article
from stemma.model import Article, Evidence, Link, Variant
from stemma.reuse.direction import (
    Signal,
    Verdict,
    citation_signals,
    decide,
    time_signals,
)
from stemma.reuse.passages import Alignment, Similarity, align_passages, sentence_spans
from stemma.reuse.shingles import Token, article_tokens, text_key, tokenize


@dataclass(frozen=True)
class Thresholds:
    """The decision's thresholds: one default configuration for every corpus and language."""

    same_text: float = 0.5  # verbatim share each side needs to be "the same text"
    copy_text: float = 0.8  # ... and for a copy,
    copy_edits: float = 0.02  # with at most this share of its aligned words edited
    excerpt: float = 0.5  # verbatim share of the excerpted side
    # A rewrite keeps a share of the weighted words and word pairs of what it rewrites (the
    # seed wire rewrite in reported speech keeps 0.42) and aligns sentence by sentence;
    # independent reports of one event share less, and reports of another event with the same
    # actors align almost nothing (ECB+ topic pairs: 90% under 0.06 of their words aligned).
    paraphrase_content: float = 0.2  # content of the derived side found in the other
    paraphrase_coverage: float = 0.3  # ... and its words inside aligned sentences
    event_content: float = 0.15  # content in common for an independent report of one event
    event_coverage: float = 0.2
    related_names: int = 2  # shared names (or rare words) for "related"
    facts_clash: bool = True  # numbers on both sides, none shared: not the same content
    # A rewrite of agency copy published within ``rewrite_days`` of it keeps a share of its
    # words and phrasing (mean of content containment and word-pair containment) that
    # independent same-day reports of the event do not reach. Fitted on COUNTER (Urdu agency
    # copy and newspaper rewrites; 2-fold cross-validated in benchmarks/reuse.py). Without
    # publication dates the rule stays silent: reports of two different events years apart
    # (ECB+) share as much phrasing in English.
    rewrite_reuse: float = 0.135
    rewrite_days: int = 2
    rewrite_words: int = 30  # words each side needs: word pairs of a headline say little


DEFAULT = Thresholds()
TRIVIAL_SPELLING = 0.75  # similarity of two spellings of one word (difflib ratio)

_NUMBER = re.compile(r"\d+(?:[.,:/٫٬]\d+)*")
_BRACKETED = re.compile(r"^\s*[(\[{].*[)\]}]\s*$", re.S)
_VOWELS = str.maketrans("", "", "aeiouy")


@dataclass
class Measures:
    """What the typing decision reads; shares are of each side's words."""

    words: tuple[int, int]
    verbatim: tuple[float, float]
    coverage: tuple[float, float]
    containment: tuple[float, float]
    edits: int  # words inside non-trivial variants of verbatim passages
    trivial: int  # trivial variants
    shared: dict[str, list[str]] = field(default_factory=dict)
    numbers: tuple[int, int] = (0, 0)  # distinct numbers each side writes
    aligned_sentences: int = 0
    phrases: tuple[float, float] = (0.0, 0.0)  # word pairs found in the other side

    def reuse(self, side: int) -> float:
        """What a rewrite keeps of its source: the mean of the side's content and phrasing
        found in the other."""
        return (self.containment[side] + self.phrases[side]) / 2


# --- names, numbers, dates ----------------------------------------------------------------------


def _sentence_starts(article: Article) -> set[int]:
    return {start for start, _ in sentence_spans(article)}


def names(article: Article, tokens: list[Token] | None = None) -> dict[str, str]:
    """Folded key -> written form of the names in an article: words written with a capital
    inside a sentence and never in lower case. Scripts without case give none."""
    tokens = tokens if tokens is not None else article_tokens(article, marks=False)
    starts = _sentence_starts(article)
    lower: set[str] = set()
    found: dict[str, str] = {}
    for t in tokens:
        if t.is_mark:
            continue
        surface = article.source[t.start : t.end]
        first = surface[:1]
        if first.islower():
            lower.add(t.key)
        elif first.isupper() and t.start not in starts and not _after_break(article, t):
            found.setdefault(t.key, surface)
    return {k: v for k, v in found.items() if k not in lower and len(k) > 1}


def _after_break(article: Article, t: Token) -> bool:
    """A word after a line break or opening quote may be capitalised for layout alone."""
    before = article.source[max(0, t.start - 3) : t.start]
    return "\n" in before or any(q in before for q in "\"“'‘")


def rare_words(tokens: list[Token]) -> dict[str, int]:
    """Words of four letters or more written at most twice: names stand among them in
    scripts without case."""
    counts: dict[str, int] = {}
    for t in tokens:
        if not t.is_mark and len(t.key) >= 4 and not t.key.isdigit():
            counts[t.key] = counts.get(t.key, 0) + 1
    return {k: c for k, c in counts.items() if c <= 2}


def numbers(article: Article) -> set[str]:
    """Numbers of the clean text, digits folded to ASCII, separators kept."""
    out = set()
    text = article.text or article.source
    for m in _NUMBER.finditer(text):
        value = "".join(str(int(c)) if c.isdecimal() else c for c in m.group())
        out.add(value.replace("٫", ".").replace("٬", ","))
    return out


def _has_case(tokens: list[Token], article: Article) -> bool:
    return any(article.source[t.start : t.start + 1].isupper() for t in tokens[:200])


@dataclass(frozen=True)
class Facts:
    """What one article holds for comparing facts: names (scripts with case) or rare words
    (scripts without), numbers, dates."""

    cased: bool
    names: dict[str, str]  # folded key -> written form
    rare: dict[str, str]  # folded key -> written form
    numbers: frozenset[str]
    dates: frozenset[str]


@per_article(512)
def facts(article: Article) -> Facts:
    """The article's names or rare words, numbers and dates (cached for the articles seen
    last: each is compared with several others in a row)."""
    tokens = article_tokens(article, marks=False)
    cased = _has_case(tokens, article)
    found = names(article, tokens) if cased else {}
    surface = {t.key: article.source[t.start : t.end] for t in tokens}
    rare = {k: surface[k] for k in rare_words(tokens)}
    dates = frozenset(d.iso for d in article.dates if d.iso)
    return Facts(cased, found, rare, frozenset(numbers(article)), dates)


def shared_facts(a: Article, b: Article) -> tuple[dict[str, list[str]], tuple[int, int]]:
    """Names (or rare words), numbers and dates both articles hold."""
    fa, fb = facts(a), facts(b)
    shared: dict[str, list[str]] = {}
    if fa.cased and fb.cased:
        shared["names"] = sorted(fa.names[k] for k in fa.names.keys() & fb.names.keys())
    else:
        shared["rare"] = sorted(fa.rare[k] for k in fa.rare.keys() & fb.rare.keys())
    shared["numbers"] = sorted(fa.numbers & fb.numbers, key=lambda n: (len(n), n))
    shared["dates"] = sorted(fa.dates & fb.dates)
    return shared, (len(fa.numbers), len(fb.numbers))


# --- variants -----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _keys(text: str, lang: str | None) -> tuple[str, ...]:
    """The folded words of a variant's reading (cached: the edits of one version recur in
    every pair it is typed in)."""
    return tuple(t.key for t in tokenize(text, lang, marks=False))


def _same_word(x: str, y: str) -> bool:
    """Two spellings or transliterations of one word (dialogue/dialog, Seyed/Seyyed)."""
    if x == y or x.translate(_VOWELS) == y.translate(_VOWELS):
        return True
    return SequenceMatcher(None, x, y, autojunk=False).ratio() >= TRIVIAL_SPELLING


def is_trivial(v: Variant, lang: str | None = None) -> bool:
    """A variant that leaves the text the same: punctuation or brackets only, a respelt word,
    an inserted or dropped parenthetical."""
    ka, kb = _keys(v.a, lang), _keys(v.b, lang)
    if ka == kb:
        return True
    if v.kind in ("insertion", "omission"):
        return bool(_BRACKETED.match(v.b or v.a))
    if v.kind == "substitution" and len(ka) == len(kb):
        return all(_same_word(x, y) for x, y in zip(ka, kb, strict=True))
    return False


def _variant_words(v: Variant, lang: str | None) -> int:
    return max(len(_keys(v.a, lang)), len(_keys(v.b, lang)), 1)


# --- direction ----------------------------------------------------------------------------------


def _day(value: str | None) -> int | None:
    """Day number of an ISO date (an impossible day such as 31 September counts on from the
    first of its month), or None."""
    if not value or len(value) < 10:
        return None
    try:
        y, m, d = int(value[:4]), int(value[5:7]), int(value[8:10])
        return date(y, m, 1).toordinal() + d - 1
    except ValueError:
        return None


def article_day(article: Article) -> int | None:
    """Day number of the article's best-known time where it gives a day (a date read off the
    text is not its publication), else of its published date, or None."""
    when = article.when
    if when is not None and when.precision in ("day", "minute") and when.source != "text":
        found = _day(when.iso)
        if found is not None:
            return found
    return _day(article.published)


def days_apart(a: Article, b: Article) -> int | None:
    """Whole days between the two publications, or None where either date is unknown."""
    x, y = article_day(a), article_day(b)
    return None if x is None or y is None else abs(x - y)


# A revision whose one side is almost wholly inside the other, which holds clearly more, is a
# cut of the fuller text (a pickup of a wire's first paragraphs) as an excerpt is.
CONTAINED = 0.9  # verbatim share of the part
FULLER_GAP = 0.15  # by which the fuller side's verbatim share stays below it


def direction_signals(a: Article, b: Article, m: Measures, kind: str) -> list[Signal]:
    """What says which of a same-language pair is the source: a citation, time order, and for
    an excerpt (or a revision that is one) the fuller text."""
    signals = citation_signals(a, b) + time_signals(a, b)
    fuller, part = (a, b) if m.verbatim[1] > m.verbatim[0] else (b, a)
    high, low = max(m.verbatim), min(m.verbatim)
    cut = kind == "revision" and high >= CONTAINED and high - low >= FULLER_GAP
    if kind == "excerpt" or cut:
        says = f"{part.id} is contained in the fuller {fuller.id} ({high:.0%} against {low:.0%})"
        signals.append(Signal.of("containment", fuller.id, says))
    return signals


def direction(a: Article, b: Article, m: Measures, kind: str) -> Verdict:
    """The direction of a same-language link, stated only where the signals agree."""
    return decide(a, b, direction_signals(a, b, m, kind))


# --- the decision -------------------------------------------------------------------------------


def _edits(alignment: Alignment, lang: str | None) -> tuple[int, int]:
    """Words inside the non-trivial variants of ``alignment``, and the trivial variants."""
    edits = trivial = 0
    for v in alignment.variants:
        if is_trivial(v, lang):
            trivial += 1
        else:
            edits += _variant_words(v, lang)
    return edits, trivial


def measure(
    a: Article, b: Article, alignment: Alignment, edited: tuple[int, int] | None = None
) -> Measures:
    """The measures of a pair; ``edited``: :func:`_edits` of the alignment, where known."""
    edits, trivial = edited if edited is not None else _edits(alignment, a.lang)
    shared, counts = shared_facts(a, b)
    return Measures(
        words=(alignment.words_a, alignment.words_b),
        verbatim=(alignment.verbatim_share_a, alignment.verbatim_share_b),
        coverage=(alignment.coverage_a, alignment.coverage_b),
        containment=(alignment.containment_a, alignment.containment_b),
        edits=edits,
        trivial=trivial,
        shared=shared,
        numbers=counts,
        aligned_sentences=len(alignment.sentences),
        phrases=(alignment.phrases_a, alignment.phrases_b),
    )


def derived_side(a: Article, origin: str | None, m: Measures) -> int:
    """Index (0 = a, 1 = b) of the side judged as derived: the one not the origin, else the
    one whose content the other holds most of."""
    if origin is not None:
        return 1 if origin == a.id else 0
    return 0 if m.containment[0] >= m.containment[1] else 1


def _facts_clash(m: Measures) -> bool:
    """Both texts write numbers and share none: they report different facts."""
    return min(m.numbers) > 0 and not m.shared.get("numbers")


def classify(
    a: Article, b: Article, m: Measures, t: Thresholds = DEFAULT
) -> tuple[str | None, float, list[str]]:
    """``(kind, score, reasons)``; kind None when nothing links the two."""
    va, vb = m.verbatim
    aligned_words = max(1, round(m.coverage[0] * m.words[0]))
    if min(va, vb) >= t.copy_text and m.edits <= t.copy_edits * aligned_words:
        why = f"{va:.0%} / {vb:.0%} of the words verbatim; {m.trivial} trivial variants only"
        return "copy", (va + vb) / 2, [why]
    if min(va, vb) >= t.same_text:
        why = f"{va:.0%} / {vb:.0%} of the words verbatim, {m.edits} words edited"
        return "revision", (va + vb) / 2, [why]
    if max(va, vb) >= t.excerpt:
        part = a.id if va >= vb else b.id
        why = f"{max(va, vb):.0%} of {part} is verbatim in the other, {min(va, vb):.0%} back"
        return "excerpt", max(va, vb), [why]
    d = derived_side(a, direction(a, b, m, "paraphrase").direction, m)
    content, coverage = m.containment[d], m.coverage[d]
    derived = (a, b)[d].id
    facts = _facts(m)
    clash = t.facts_clash and _facts_clash(m)
    if content >= t.paraphrase_content and coverage >= t.paraphrase_coverage and not clash:
        why = (
            f"{content:.0%} of {derived}'s content found in the other, {coverage:.0%} of its "
            f"words in {m.aligned_sentences} aligned sentences, little verbatim ({va:.0%} / {vb:.0%})"
        )
        return "paraphrase", content, [why, *facts]
    days, reuse = days_apart(a, b), m.reuse(d)
    if (
        days is not None
        and days <= t.rewrite_days
        and min(m.words) >= t.rewrite_words
        and reuse >= t.rewrite_reuse
    ):
        why = (
            f"{m.phrases[d]:.0%} of {derived}'s word pairs and {content:.0%} of its content found "
            f"in the other, published {days} day(s) apart"
        )
        return "paraphrase", reuse, [why, *facts]
    if content >= t.event_content and coverage >= t.event_coverage and not clash:
        why = f"{content:.0%} of {derived}'s content in common, {coverage:.0%} of it aligned"
        return "same_event", content, [why, *facts]
    n_names = len(m.shared.get("names", m.shared.get("rare", [])))
    if n_names >= t.related_names:
        why = f"{n_names} names in common but not the same content ({content:.0%} of {derived})"
        if _facts_clash(m):
            why += "; the numbers differ"
        return "related", content, [why]
    return None, 0.0, []


def _facts(m: Measures) -> list[str]:
    out = []
    for key, label in (("names", "names"), ("rare", "rare words"), ("numbers", "numbers")):
        values = m.shared.get(key)
        if values:
            shown = ", ".join(values[:8]) + (", ..." if len(values) > 8 else "")
            out.append(f"shared {label}: {shown}")
    if m.shared.get("dates"):
        out.append("shared dates: " + ", ".join(m.shared["dates"]))
    return out


def type_same_language(
    a: Article, b: Article, similarity: Similarity | None = None, thresholds: Thresholds = DEFAULT
) -> Link | None:
    """The link between two articles of one language, with its evidence, or None.

    ``similarity(texts_a, texts_b)`` (optional) returns a matrix of sentence similarities, e.g.
    an encoder's cosines; sentence pairs it rates highly are aligned even with few words in
    common, which strengthens paraphrase and same-event evidence.
    """
    if similarity is None:
        alignment, edited = _text_alignment(a, b)
    else:
        alignment = align_passages(a, b, similarity)
        edited = _edits(alignment, a.lang)
    m = measure(a, b, alignment, edited)
    return link_from(a, b, alignment, m, thresholds)


# Alignments (and their edits) of the pairs of texts typed last. A story run by thousands of
# outlets asks about the same two texts under many pairs of ids: each copy against its text's
# first article, and the clusterer's questions about an edited version and its neighbours,
# most of which carry one text. An alignment without an encoder's similarity reads nothing of
# an article but its text, language and clean spans (:func:`stemma.reuse.shingles.text_key`),
# and its offsets are into the sources, equal for equal texts; what reads the rest (ids,
# outlets, dates, the facts of each side, the direction) is worked out for each pair.
_ALIGNED = article_cache(2048)


def _text_alignment(a: Article, b: Article) -> tuple[Alignment, tuple[int, int]]:
    """``align_passages(a, b)`` and its :func:`_edits`, once per pair of texts (callers must
    not mutate what it returns)."""
    key = (text_key(a), text_key(b))
    found = _ALIGNED.get(key)
    if found is None:
        alignment = align_passages(a, b)
        found = (alignment, _edits(alignment, a.lang))
        _ALIGNED.put(key, found)
    return found


def link_from(
    a: Article, b: Article, alignment: Alignment, m: Measures, thresholds: Thresholds = DEFAULT
) -> Link | None:
    """The link :func:`type_same_language` gives, from an alignment and measures already made
    (to type one pair under several thresholds without aligning it again)."""
    kind, score, reasons = classify(a, b, m, thresholds)
    if kind is None:
        return None
    verdict = direction(a, b, m, kind)
    reasons.append(verdict.why)
    literal = kind in ("copy", "revision", "excerpt")
    evidence = Evidence(  # lists of its own: an alignment may be shared by pairs of one text
        pairs=list(alignment.pairs),
        coverage_a=round(alignment.coverage_a, 4),
        coverage_b=round(alignment.coverage_b, 4),
        shared=m.shared,
        variants=list(alignment.variants) if literal else [],
        reasons=reasons,
        direction_signals=verdict.signal_dicts(),
    )
    score = round(min(1.0, max(0.0, score)), 4)
    return Link(a.id, b.id, kind, score, verdict.direction, evidence)
