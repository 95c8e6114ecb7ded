"""Same-language passage alignment and word-level differences.

1. Sentences of both articles are compared through an inverted index of their folded words,
   each word weighted by how rare it is in the pair (in-pair IDF), so that only sentences
   sharing words are ever scored: a weighted Dice coefficient.
2. Pairs are matched one to one, best first (reordered sentences included); a sentence that
   the other side split in two takes its neighbours along. A sentence its match leaves half
   unexplained (a rewrite fusing two sentences) gets a second partner for the rest.
3. Matched sentences that follow each other on both sides merge into passages; a short run of
   unmatched sentences between two matches joins them (an inserted or dropped sentence).
4. Each passage is diffed word by word (``difflib.SequenceMatcher`` with ``autojunk=False``
   over folded tokens): substitutions, insertions, omissions and transpositions become
   :class:`~stemma.model.Variant` objects with offsets into both sources.

Alongside, ``containment`` measures how much of each side's content (words and word pairs, in-pair
IDF weighted) the other holds anywhere, and ``phrase_containment`` the share of each side's word
pairs (its phrasing) the other holds: the figures rewrites are judged on.

An optional ``similarity(texts_a, texts_b) -> matrix`` (an encoder's cosine similarities,
supplied by the caller) adds sentence pairs that share meaning but few words.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np

from stemma.memo import per_article
from stemma.model import AlignedPair, Article, Variant
from stemma.reuse.shingles import Token, article_tokens, clean_spans

Similarity = Callable[[Sequence[str], Sequence[str]], "np.ndarray"]
Group = tuple[list[int], list[int], float]  # a sentence ids, b sentence ids, score

MIN_SENTENCE_SCORE = 0.3  # weighted Dice below which two sentences are not aligned
MIN_ENCODER_SCORE = 0.85  # encoder similarity that aligns two sentences sharing few words
VERBATIM_SCORE = 0.6  # passages whose words are at least this share identical: "variant"
MIN_HELD = 0.6  # share of a neighbour's words its partner still holds for it to join a match
MIN_REST = 4  # words a sentence must have left over for a second partner
MIN_REST_SHARE = 0.4  # ... and the share of its weight they must carry
MIN_SECOND = 0.45  # share of that rest another sentence must hold to be its second partner
MAX_GAP = 2  # unmatched sentences that may sit inside one passage
MIN_VERBATIM_RUN = 3  # identical words in a row that count as verbatim reuse (a shingle)
MAX_BRACKET_SPAN = 12  # tokens between two bracket changes merged into one variant
MAX_TRANSPOSE = 8  # tokens apart an omitted and an inserted reading may be to count as moved

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = set(_OPEN.values())
# fallback sentence ends: Arabic-script full stop and question mark (often with no space
# after), Latin full stop, question and exclamation marks before a space, blank lines
_SENTENCE_END = re.compile(
    r"(?<=[\u06d4\u061f])\s*|(?<=[.!?])[\"'\u201d\u2019)\]]*\s+|\n[ \t]*\n\s*"
)


@dataclass
class Sentence:
    start: int
    end: int
    lo: int  # token range [lo, hi) into the article's token list
    hi: int
    words: Counter[str]
    grams: Counter[str] = field(default_factory=Counter)  # words and word pairs


@dataclass
class Alignment:
    """Everything a same-language comparison found, ready for link typing."""

    pairs: list[AlignedPair] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    sentences: list[tuple[tuple[int, ...], tuple[int, ...], float]] = field(default_factory=list)
    words_a: int = 0  # word tokens of each side's clean text
    words_b: int = 0
    aligned_a: int = 0  # words inside aligned sentences
    aligned_b: int = 0
    verbatim_a: int = 0  # words inside identical stretches of aligned passages
    verbatim_b: int = 0
    reordered: int = 0  # passages out of order relative to the one before
    containment_a: float = 0.0  # share of a's words and word pairs found in b (IDF-weighted)
    containment_b: float = 0.0
    phrases_a: float = 0.0  # share of a's distinct word pairs found anywhere in b
    phrases_b: float = 0.0

    @property
    def coverage_a(self) -> float:
        return self.aligned_a / self.words_a if self.words_a else 0.0

    @property
    def coverage_b(self) -> float:
        return self.aligned_b / self.words_b if self.words_b else 0.0

    @property
    def verbatim_share_a(self) -> float:
        return self.verbatim_a / self.words_a if self.words_a else 0.0

    @property
    def verbatim_share_b(self) -> float:
        return self.verbatim_b / self.words_b if self.words_b else 0.0


# --- sentences ----------------------------------------------------------------------------------


def sentence_spans(article: Article) -> list[tuple[int, int]]:
    """Sentence spans of the clean text: the article's passages, else a plain split on sentence
    ends and blank lines (for articles built without the ingest pipeline)."""
    if article.passages:
        return [(p.start, p.end) for p in article.passages]
    spans = []
    for start, end in clean_spans(article):
        pos = start
        for m in _SENTENCE_END.finditer(article.source, start, end):
            if m.start() > pos:
                spans.append((pos, m.start()))
            pos = m.end()
        if end > pos and article.source[pos:end].strip():
            spans.append((pos, end))
    return spans


def sentences(article: Article, tokens: Sequence[Token]) -> list[Sentence]:
    """Sentences holding at least one word, each with its slice of ``tokens``."""
    starts = [t.start for t in tokens]
    out = []
    for start, end in sorted(sentence_spans(article)):
        lo = bisect_right(starts, start - 1)
        hi = bisect_right(starts, end - 1)
        keys = [t.key for t in tokens[lo:hi] if not t.is_mark]
        if keys:
            words = Counter(keys)
            pairs = Counter(f"{x} {y}" for x, y in zip(keys, keys[1:], strict=False))
            out.append(Sentence(start, end, lo, hi, words, words + pairs))
    return out


# --- sentence matching --------------------------------------------------------------------------


def _idf_counts(xs: Sequence[Counter[str]], ys: Sequence[Counter[str]]) -> dict[str, float]:
    """In-pair inverse document frequency, sentences standing for documents."""
    df: Counter[str] = Counter()
    for c in (*xs, *ys):
        df.update(c.keys())
    n = len(xs) + len(ys)
    return {w: math.log(1 + n / d) for w, d in df.items()}


def _idf(sa: Sequence[Sentence], sb: Sequence[Sentence]) -> dict[str, float]:
    return _idf_counts([s.words for s in sa], [s.words for s in sb])


def _weight(words: Counter[str], idf: dict[str, float]) -> float:
    return sum(idf[w] * c for w, c in words.items())


def _dice(x: Counter[str], y: Counter[str], idf: dict[str, float]) -> float:
    shared = sum(idf[w] * min(c, y[w]) for w, c in x.items() if w in y)
    total = _weight(x, idf) + _weight(y, idf)
    return 2 * shared / total if total else 0.0


def _scored_pairs(
    sa: Sequence[Sentence], sb: Sequence[Sentence], idf: dict[str, float], min_score: float
) -> dict[tuple[int, int], float]:
    """Weighted Dice of every sentence pair sharing a word, through an inverted index."""
    postings: dict[str, list[int]] = defaultdict(list)
    for j, s in enumerate(sb):
        for w in s.words:
            postings[w].append(j)
    wa = [_weight(s.words, idf) for s in sa]
    wb = [_weight(s.words, idf) for s in sb]
    scores = {}
    for i, s in enumerate(sa):
        acc: dict[int, float] = defaultdict(float)
        for w, c in s.words.items():
            for j in postings.get(w, ()):
                acc[j] += idf[w] * min(c, sb[j].words[w])
        for j, shared in acc.items():
            score = 2 * shared / (wa[i] + wb[j])
            if score >= min_score:
                scores[(i, j)] = score
    return scores


def _encoder_pairs(
    a: Article, b: Article, sa: Sequence[Sentence], sb: Sequence[Sentence],
    similarity: Similarity, min_similarity: float,
) -> dict[tuple[int, int], float]:  # fmt: skip
    texts_a = [a.source[s.start : s.end] for s in sa]
    texts_b = [b.source[s.start : s.end] for s in sb]
    matrix = np.asarray(similarity(texts_a, texts_b), dtype=float)
    return {
        (int(i), int(j)): float(matrix[i, j])
        for i, j in zip(*np.nonzero(matrix >= min_similarity), strict=True)
    }


def _match(scores: dict[tuple[int, int], float]) -> list[Group]:
    """Greedy one-to-one matching, best score first (ties: nearer positions first)."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    groups = []
    for (i, j), score in sorted(scores.items(), key=lambda kv: (-kv[1], abs(kv[0][0] - kv[0][1]))):
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        groups.append(([i], [j], score))
    return groups


def _absorb(
    groups: list[Group],
    sa: Sequence[Sentence], sb: Sequence[Sentence], idf: dict[str, float],
) -> None:  # fmt: skip
    """Let matched sentences take along unmatched neighbours while that raises the score (one
    sentence split in two or more on the other side)."""
    used = ({i for g in groups for i in g[0]}, {j for g in groups for j in g[1]})
    sents = (sa, sb)
    for g, (ia, ib, score) in enumerate(groups):
        sides = (ia, ib)
        grown = True
        while grown:
            grown = False
            for s in (0, 1):
                mine, theirs = sides[s], sides[1 - s]
                partner = sum((sents[1 - s][k].words for k in theirs), Counter())
                for n in (mine[0] - 1, mine[-1] + 1):
                    if n < 0 or n >= len(sents[s]) or n in used[s]:
                        continue
                    merged = sum((sents[s][k].words for k in (*mine, n)), Counter())
                    new = _dice(merged, partner, idf)
                    # held by what the partner has left over once the matched words are used
                    left = partner - sum((sents[s][k].words for k in mine), Counter())
                    words = sents[s][n].words
                    held = sum((words & left).values()) / sum(words.values())
                    if new > score or held >= MIN_HELD:
                        mine.append(n)
                        mine.sort()
                        used[s].add(n)
                        score, grown = max(score, new), True
                        break
        groups[g] = (ia, ib, score)


def match_sentences(
    a: Article, b: Article, sa: Sequence[Sentence], sb: Sequence[Sentence],
    similarity: Similarity | None = None, min_score: float = MIN_SENTENCE_SCORE,
    min_similarity: float = MIN_ENCODER_SCORE,
) -> list[Group]:  # fmt: skip
    """Groups ``(a sentence ids, b sentence ids, score)``, sorted by position in ``a``."""
    if not sa or not sb:
        return []
    idf = _idf(sa, sb)
    scores = _scored_pairs(sa, sb, idf, min_score)
    if similarity is not None:
        for key, value in _encoder_pairs(a, b, sa, sb, similarity, min_similarity).items():
            scores[key] = max(scores.get(key, 0.0), value)
    groups = _match(scores)
    _absorb(groups, sa, sb, idf)
    return sorted(groups, key=lambda g: (g[0][0], g[1][0]))


def secondary_matches(
    groups: Sequence[Group],
    sa: Sequence[Sentence], sb: Sequence[Sentence],
) -> list[Group]:  # fmt: skip
    """Second partners for sentences their match leaves half unexplained: a rewrite often
    fuses two sentences ("In response to X's letter, he added that Y" from a sentence on X's
    letter and another saying Y). The rest of such a sentence, once its partner's words are
    taken out, is matched with the sentence holding most of it, when that is at least
    ``MIN_SECOND`` of it; scores are that share."""
    if not groups:
        return []
    idf = _idf(sa, sb)
    sents = (sa, sb)
    extra = []
    for ia, ib, _ in groups:
        for s, (mine, theirs) in enumerate(((ia, ib), (ib, ia))):
            partner: Counter[str] = Counter()
            for k in theirs:
                partner.update(sents[1 - s][k].words)
            for k in mine:
                rest = sents[s][k].words - partner
                weight = _weight(rest, idf)
                if sum(rest.values()) < MIN_REST or weight < MIN_REST_SHARE * _weight(
                    sents[s][k].words, idf
                ):
                    continue
                best, held = -1, 0.0
                for j, other in enumerate(sents[1 - s]):
                    if j in theirs:
                        continue
                    share = sum(idf[w] * min(c, other.words[w]) for w, c in rest.items()) / weight
                    if share > held:
                        best, held = j, share
                if held >= MIN_SECOND:
                    extra.append(([k], [best], held) if s == 0 else ([best], [k], held))
    return extra


def containment(sa: Sequence[Sentence], sb: Sequence[Sentence]) -> tuple[float, float]:
    """Share of each side's words and word pairs found anywhere in the other, wherever they
    stand (reordered and rewritten text included). Each word or pair weighs its in-pair IDF over
    sentences, so words found in most sentences of both texts (function words, stock phrases)
    count for little and names, numbers and rarer words for much."""
    ga = [s.grams for s in sa]
    gb = [s.grams for s in sb]
    idf = _idf_counts(ga, gb)
    ta: Counter[str] = Counter()
    tb: Counter[str] = Counter()
    for total, grams in ((ta, ga), (tb, gb)):
        for g in grams:
            total.update(g)
    shared = sum(idf[k] * min(c, tb[k]) for k, c in ta.items() if k in tb)
    wa = sum(idf[k] * c for k, c in ta.items())
    wb = sum(idf[k] * c for k, c in tb.items())
    return (shared / wa if wa else 0.0), (shared / wb if wb else 0.0)


def phrase_containment(ka: Sequence[str], kb: Sequence[str]) -> tuple[float, float]:
    """Share of each side's distinct word pairs (consecutive words) found anywhere in the other.
    A rewrite keeps phrasing along with the words; an independent report of the same event
    shares the names and the topic's words but rarely how they are put together."""
    pa, pb = set(zip(ka, ka[1:], strict=False)), set(zip(kb, kb[1:], strict=False))
    shared = len(pa & pb)
    return (shared / len(pa) if pa else 0.0), (shared / len(pb) if pb else 0.0)


# --- passages and variants ----------------------------------------------------------------------


@dataclass
class Side:
    """One article tokenised for alignment (also what the collation aligns)."""

    article: Article
    tokens: list[Token]
    sents: list[Sentence]
    counts: list[int]  # counts[k]: words among the first k tokens

    def words(self, lo: int, hi: int) -> int:
        return self.counts[hi] - self.counts[lo]

    def span(self, ids: Sequence[int]) -> tuple[int, int]:
        return self.sents[ids[0]].lo, self.sents[ids[-1]].hi


@per_article(256)
def side_of(article: Article) -> Side:
    """The article tokenised for alignment (cached for the articles seen last)."""
    tokens = article_tokens(article)
    counts = [0]
    for t in tokens:
        counts.append(counts[-1] + (not t.is_mark))
    return Side(article, tokens, sentences(article, tokens), counts)


def _balanced(keys: Sequence[str]) -> bool:
    depth: Counter[str] = Counter()
    for k in keys:
        if k in _OPEN:
            depth[_OPEN[k]] += 1
        elif k in _CLOSE:
            depth[k] -= 1
            if depth[k] < 0:
                return False
    return not any(depth.values()) and keys.count('"') % 2 == 0


def _slid(keys: Sequence[str], x1: int, x2: int, before: int, after: int) -> int:
    """How far to slide ``keys[x1:x2]`` (an insertion or omission between identical stretches
    of ``before`` and ``after`` tokens) so that it holds whole brackets; 0 if it cannot."""
    for s in range(1, min(3, after) + 1):
        if keys[x1 : x1 + s] == keys[x2 : x2 + s] and _balanced(keys[x1 + s : x2 + s]):
            return s
    for s in range(1, min(3, before) + 1):
        if keys[x1 - s : x1] == keys[x2 - s : x2] and _balanced(keys[x1 - s : x2 - s]):
            return -s
    return 0


def _slide(
    ops: list[tuple[str, int, int, int, int]], ka: Sequence[str], kb: Sequence[str]
) -> list[tuple[str, int, int, int, int]]:
    """The non-equal opcodes, an insertion or omission with unbalanced brackets slid along the
    identical text beside it (") (Arabic remarks" becomes "(Arabic remarks)")."""
    out = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            continue
        if tag in ("insert", "delete"):
            keys, x1, x2 = (kb, j1, j2) if tag == "insert" else (ka, i1, i2)
            if not _balanced(keys[x1:x2]):
                before = ops[n - 1][2] - ops[n - 1][1] if n > 0 else 0
                after = ops[n + 1][2] - ops[n + 1][1] if n + 1 < len(ops) else 0
                s = _slid(keys, x1, x2, before, after)
                i1, i2, j1, j2 = i1 + s, i2 + s, j1 + s, j2 + s
        out.append((tag, i1, i2, j1, j2))
    return out


def _at(tokens: Sequence[Token], k: int, lo: int, hi: int) -> int:
    """Source offset for an empty reading before token ``k`` of the slice [lo, hi)."""
    if k < hi:
        return tokens[k].start
    return tokens[hi - 1].end if hi > lo else 0


def _variant(
    kind: str, a: Side, b: Side, i1: int, i2: int, j1: int, j2: int,
    la: tuple[int, int], lb: tuple[int, int],
) -> Variant:  # fmt: skip
    ta, tb = a.tokens, b.tokens
    a_start, a_end = (ta[i1].start, ta[i2 - 1].end) if i2 > i1 else (_at(ta, i1, *la),) * 2
    b_start, b_end = (tb[j1].start, tb[j2 - 1].end) if j2 > j1 else (_at(tb, j1, *lb),) * 2
    return Variant(
        kind,
        a.article.source[a_start:a_end],
        b.article.source[b_start:b_end],
        a_start, a_end, b_start, b_end,
    )  # fmt: skip


def _is_marks(tokens: Sequence[Token]) -> bool:
    return bool(tokens) and all(t.is_mark for t in tokens)


@dataclass
class SpanDiff:
    variants: list[Variant]
    same: tuple[int, int]  # words of each side inside identical stretches
    verbatim: tuple[int, int]  # ... inside identical stretches of MIN_VERBATIM_RUN words or more
    words: tuple[int, int]

    @property
    def ratio(self) -> float:
        total = sum(self.words)
        return sum(self.same) / total if total else 0.0


def diff_span(a: Side, b: Side, la: tuple[int, int], lb: tuple[int, int]) -> SpanDiff:
    """Word-level variants between the token slices ``la`` of a and ``lb`` of b."""
    ka = [t.key for t in a.tokens[la[0] : la[1]]]
    kb = [t.key for t in b.tokens[lb[0] : lb[1]]]
    ops = SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    same = [0, 0]
    verbatim = [0, 0]
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            wa, wb = a.words(la[0] + i1, la[0] + i2), b.words(lb[0] + j1, lb[0] + j2)
            same[0] += wa
            same[1] += wb
            if wa >= MIN_VERBATIM_RUN:
                verbatim[0] += wa
                verbatim[1] += wb
    raw = []
    for tag, i1, i2, j1, j2 in _slide(ops, ka, kb):
        kind = {"replace": "substitution", "delete": "omission", "insert": "insertion"}[tag]
        if kind == "substitution" and i2 - i1 > 1 and Counter(ka[i1:i2]) == Counter(kb[j1:j2]):
            kind = "transposition"
        raw.append((kind, i1 + la[0], i2 + la[0], j1 + lb[0], j2 + lb[0]))
    raw = _merge_brackets(raw, a.tokens, b.tokens)
    return SpanDiff(
        _transpositions(raw, a, b, la, lb),
        (same[0], same[1]),
        (verbatim[0], verbatim[1]),
        (a.words(*la), b.words(*lb)),
    )


def _merge_brackets(
    raw: list[tuple[str, int, int, int, int]], ta: Sequence[Token], tb: Sequence[Token]
) -> list[tuple[str, int, int, int, int]]:
    """An opening and a closing bracket both changed, with the same words between: one
    substitution of the whole bracketed stretch ("(of the campaign)" / "[of the campaign]")."""
    out: list[tuple[str, int, int, int, int]] = []
    for v in raw:
        if out:
            _, i1, i2, j1, j2 = out[-1]
            opening = [*ta[i1:i2], *tb[j1:j2]]
            closing = [*ta[v[1] : v[2]], *tb[v[3] : v[4]]]
            if (
                _is_marks(opening)
                and _is_marks(closing)
                and opening[0].key in _OPEN
                and closing[-1].key in _CLOSE
                and v[1] - i2 == v[3] - j2 <= MAX_BRACKET_SPAN
            ):
                out[-1] = ("substitution", i1, v[2], j1, v[4])
                continue
        out.append(v)
    return out


def _transpositions(
    raw: list[tuple[str, int, int, int, int]], a: Side, b: Side,
    la: tuple[int, int], lb: tuple[int, int],
) -> list[Variant]:  # fmt: skip
    """Pair an omission with an insertion of the same words (in any order) nearby: a
    transposition."""
    moved: dict[int, int] = {}  # omission index -> insertion index
    taken: set[int] = set()
    for n, (kind, i1, i2, _, _) in enumerate(raw):
        if kind != "omission" or _is_marks(a.tokens[i1:i2]):
            continue
        words = Counter(t.key for t in a.tokens[i1:i2])
        for m, (other, k1, _, j1, j2) in enumerate(raw):
            if (
                other == "insertion"
                and m not in taken
                and abs(k1 - i1) <= MAX_TRANSPOSE
                and Counter(t.key for t in b.tokens[j1:j2]) == words
            ):
                moved[n] = m
                taken.add(m)
                break
    out = []
    for n, (kind, i1, i2, j1, j2) in enumerate(raw):
        if n in taken:
            continue
        if n in moved:
            _, _, _, k1, k2 = raw[moved[n]]
            out.append(_variant("transposition", a, b, i1, i2, k1, k2, la, lb))
        else:
            out.append(_variant(kind, a, b, i1, i2, j1, j2, la, lb))
    return out


def _runs(groups: list[Group], verbatim: list[bool], max_gap: int) -> list[list[int]]:
    """Indexes of consecutive verbatim groups that follow each other on both sides (small
    gaps allowed); every other group stands alone."""
    runs: list[list[int]] = []
    for n, g in enumerate(groups):
        if runs and verbatim[n] and verbatim[runs[-1][-1]]:
            prev = groups[runs[-1][-1]]
            gap_a = g[0][0] - prev[0][-1] - 1
            gap_b = g[1][0] - prev[1][-1] - 1
            if gap_a >= 0 and gap_b >= 0 and gap_a + gap_b <= max_gap:
                runs[-1].append(n)
                continue
        runs.append([n])
    return runs


def _gap_variant(a: Side, b: Side, prev: Group, g: Group) -> Variant | None:
    """Whole sentences between two matched groups of one passage: inserted, omitted or
    replaced."""
    ga = range(prev[0][-1] + 1, g[0][0])
    gb = range(prev[1][-1] + 1, g[1][0])
    if not ga and not gb:
        return None
    a_start, a_end = (
        (a.sents[ga[0]].start, a.sents[ga[-1]].end) if ga else (a.sents[g[0][0]].start,) * 2
    )
    b_start, b_end = (
        (b.sents[gb[0]].start, b.sents[gb[-1]].end) if gb else (b.sents[g[1][0]].start,) * 2
    )
    kind = "substitution" if ga and gb else ("omission" if ga else "insertion")
    return Variant(
        kind,
        a.article.source[a_start:a_end],
        b.article.source[b_start:b_end],
        a_start, a_end, b_start, b_end,
    )  # fmt: skip


def align_passages(
    a: Article, b: Article, similarity: Similarity | None = None,
    min_score: float = MIN_SENTENCE_SCORE, min_similarity: float = MIN_ENCODER_SCORE,
) -> Alignment:  # fmt: skip
    """Every passage of ``a`` reused in ``b`` (in any order), with word-level variants."""
    sa, sb = side_of(a), side_of(b)
    result = Alignment(words_a=sa.counts[-1], words_b=sb.counts[-1])
    groups = match_sentences(a, b, sa.sents, sb.sents, similarity, min_score, min_similarity)
    diffs = [diff_span(sa, sb, sa.span(ia), sb.span(ib)) for ia, ib, _ in groups]
    verbatim = [d.ratio >= VERBATIM_SCORE for d in diffs]
    for (ia, ib, score), d in zip(groups, diffs, strict=True):
        result.sentences.append((tuple(ia), tuple(ib), round(score, 4)))
        result.verbatim_a += d.verbatim[0]
        result.verbatim_b += d.verbatim[1]
    extra = secondary_matches(groups, sa.sents, sb.sents)
    result.sentences.extend((tuple(ia), tuple(ib), round(score, 4)) for ia, ib, score in extra)
    result.sentences.sort()
    result.aligned_a = sum(sa.words(s.lo, s.hi) for s in _aligned(sa.sents, result, 0))
    result.aligned_b = sum(sb.words(s.lo, s.hi) for s in _aligned(sb.sents, result, 1))
    result.containment_a, result.containment_b = containment(sa.sents, sb.sents)
    result.phrases_a, result.phrases_b = phrase_containment(
        [t.key for t in sa.tokens if not t.is_mark], [t.key for t in sb.tokens if not t.is_mark]
    )
    last_b = -1
    for run in _runs(groups, verbatim, MAX_GAP):
        first, last = groups[run[0]], groups[run[-1]]
        if verbatim[run[0]]:
            found: list[Variant] = []
            for n, k in enumerate(run):
                gap = _gap_variant(sa, sb, groups[run[n - 1]], groups[k]) if n else None
                found.extend([gap] if gap else [])
                found.extend(diffs[k].variants)
            result.variants.extend(found)
            same = sum(sum(diffs[k].same) for k in run)
            words = sum(sum(diffs[k].words) for k in run)
            score, kind = (same / words if words else 0.0), ("variant" if found else "identical")
        else:
            score, kind = first[2], "paraphrase"
        if first[1][0] < last_b:
            result.reordered += 1
        last_b = max(last_b, last[1][-1])
        result.pairs.append(
            AlignedPair(
                a_start=sa.sents[first[0][0]].start,
                a_end=sa.sents[last[0][-1]].end,
                b_start=sb.sents[first[1][0]].start,
                b_end=sb.sents[last[1][-1]].end,
                score=round(score, 4),
                kind=kind,
            )
        )
    for (i,), (j,), score in extra:
        ai, bj = sa.sents[i], sb.sents[j]
        result.pairs.append(
            AlignedPair(ai.start, ai.end, bj.start, bj.end, round(score, 4), "paraphrase")
        )
    result.pairs.sort(key=lambda p: (p.a_start, p.b_start))
    return result


def _aligned(sents: Sequence[Sentence], result: Alignment, side: int) -> list[Sentence]:
    ids = {i for group in result.sentences for i in group[side]}
    return [sents[i] for i in sorted(ids)]
