"""Word tokens over folded text, word shingles and MinHash signatures.

Matching compares *folded* words (case, letter variants and diacritics folded by
``stemma.text.normalise.fold``) but every token keeps the offsets of its word in the text it came
from, so evidence always points back into ``Article.source``. Brackets and quotation marks are
kept as tokens of their own for word-level differences ("(of the campaign)" against "[of the
campaign]"), and left out of shingles, so that they never hide a shared passage.
"""

from __future__ import annotations

import hashlib
import re
import sys
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

import numpy as np
from datasketch import MinHash

from stemma.memo import per_article, sized_article_cache
from stemma.model import Article
from stemma.text.normalise import fold as _shared_fold
from stemma.text.words import WORD

SHINGLE_WORDS = 3  # word 3-grams: long enough to be rare, short enough to survive edits
NUM_PERM = 128
SAMPLE_MOD = 4  # keep shingles whose hash is 0 mod this: a sample that estimates containment

# a spaced word (a ZWNJ joins its parts), one Han or kana character, one Thai cluster
_WORD = WORD
# marks that change what a passage says (a parenthetical, an editor's bracket, a quotation);
# quotation marks fold to one form, brackets keep theirs: "(...)" and "[...]" differ
_MARKS = {
    "(": "(", ")": ")", "[": "[", "]": "]", "{": "{", "}": "}",
    "\u201c": '"', "\u201d": '"', '"': '"', "\u00ab": '"', "\u00bb": '"',
}  # fmt: skip
_MARK = re.compile("[" + re.escape("".join(_MARKS)) + "]")


@dataclass(frozen=True)
class Token:
    """A word (or a bracket / quotation mark) with its offsets in the text it was read from."""

    key: str  # folded form compared across texts
    start: int
    end: int

    @property
    def is_mark(self) -> bool:
        return not self.key[:1].isalnum()


def fold(text: str, lang: str | None = None) -> tuple[str, list[int], list[int]]:
    """Folded text, and for each of its characters where its input starts and ends."""
    folded = _shared_fold(text, lang)
    return folded.text, list(folded.offsets), list(folded.ends)


def tokenize(text: str, lang: str | None = None, marks: bool = True) -> list[Token]:
    """Folded words of ``text`` (and brackets / quotation marks when ``marks``), in order."""
    folded, offsets, ends = fold(text, lang)
    tokens = []
    for m in _WORD.finditer(folded):
        tokens.append(Token(m.group(), offsets[m.start()], max(ends[m.start() : m.end()])))
    if marks:
        tokens.extend(Token(_MARKS[m.group()], m.start(), m.end()) for m in _MARK.finditer(text))
        tokens.sort(key=lambda t: t.start)
    return tokens


def clean_spans(article: Article) -> list[tuple[int, int]]:
    """The parts of ``source`` that are article text: passages, else non-boilerplate blocks,
    else the whole source."""
    if article.passages:
        return [(p.start, p.end) for p in article.passages]
    if article.blocks:
        return [(b.start, b.end) for b in article.blocks if not b.boilerplate]
    return [(0, len(article.source))]


def article_tokens(article: Article, marks: bool = True) -> list[Token]:
    """Tokens of the article's clean text, offsets into ``article.source`` (cached for the
    articles seen last: do not mutate the list)."""
    tokens, words = _tokens(article)
    return tokens if marks else words


def text_key(article: Article) -> tuple:
    """All that an article's tokens are read from: a story run as it is by thousands of
    outlets is tokenised once, not once per copy."""
    return (article.source, article.lang, tuple(clean_spans(article)))


@dataclass(frozen=True, eq=False)
class PackedTokens:
    """One text's tokens held compactly: ~17 bytes a token against ~100 as :class:`Token`
    objects, so every text of a pile stays in memory and one the clusterer comes back to is
    unpacked (about a quarter of the cost of tokenising it) rather than tokenised again."""

    keys: tuple[str, ...]  # interned: one copy of each word, shared by all texts
    starts: np.ndarray
    ends: np.ndarray
    words: np.ndarray  # bool: the token is a word, not a mark

    @classmethod
    def pack(cls, tokens: Sequence[Token]) -> PackedTokens:
        last = max((t.end for t in tokens), default=0)
        dtype = np.int32 if last < 2**31 else np.int64
        return cls(
            tuple(sys.intern(t.key) for t in tokens),
            np.fromiter((t.start for t in tokens), dtype, len(tokens)),
            np.fromiter((t.end for t in tokens), dtype, len(tokens)),
            np.fromiter((not t.is_mark for t in tokens), bool, len(tokens)),
        )

    def unpack(self) -> tuple[list[Token], list[Token]]:
        """All tokens, and the words alone: equal to what tokenising gave."""
        tokens = list(map(Token, self.keys, self.starts.tolist(), self.ends.tolist()))
        return tokens, list(compress(tokens, self.words.tolist()))

    @property
    def nbytes(self) -> int:
        """Bytes held for this text (the interned words are shared, so counted nowhere)."""
        arrays = self.starts.nbytes + self.ends.nbytes + self.words.nbytes
        return 8 * len(self.keys) + arrays + 4 * 112  # pointers, arrays, object headers


PACKED_BYTES = 64 << 20  # a 10,000-copy pile's ~3,000 distinct texts take ~25 MB
_PACKED = sized_article_cache(PACKED_BYTES, weigh=lambda packed: packed.nbytes)


def _packed_key(article: Article) -> tuple:
    """:func:`text_key` with the text as a digest: the packed cache outlives the articles and
    must not keep their sources alive."""
    text = article.source.encode("utf-8", "surrogatepass")  # hostile text: lone surrogates
    return (
        hashlib.blake2b(text, digest_size=16).digest(),
        article.lang,
        tuple(clean_spans(article)),
    )


# two tiers: the texts used last as Token lists (typing reads one text against several in a
# row), every text met packed (the clusterer comes back to texts long after)
@per_article(512, key=text_key)
def _tokens(article: Article) -> tuple[list[Token], list[Token]]:
    """All tokens, and the words alone."""
    key = _packed_key(article)
    packed = _PACKED.get(key)
    if packed is not None:
        return packed.unpack()
    tokens = _clean_tokens(article)
    _PACKED.put(key, PackedTokens.pack(tokens))
    return tokens, [t for t in tokens if not t.is_mark]


def _clean_tokens(article: Article) -> list[Token]:
    tokens = tokenize(article.source, article.lang)
    spans = sorted(clean_spans(article))
    if spans == [(0, len(article.source))]:
        return tokens
    starts = [s for s, _ in spans]
    kept = []
    for t in tokens:
        i = bisect_left(starts, t.start + 1) - 1
        if i >= 0 and t.end <= spans[i][1]:
            kept.append(t)
    return kept


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))


def shingle_hashes(words: Sequence[str], k: int = SHINGLE_WORDS) -> np.ndarray:
    """Distinct 32-bit hashes of the word k-grams of ``words`` (one shingle if fewer words)."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    h = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    k = min(k, len(h))
    n = len(h) - k + 1
    mixed = np.zeros(n, dtype=np.uint64)
    for i in range(k):  # uint64 arithmetic wraps: a cheap, order-sensitive combination
        mixed = (mixed ^ h[i : i + n]) * _MIX[i % len(_MIX)]
    return np.unique(mixed >> np.uint64(32))


def shingles(article: Article, k: int = SHINGLE_WORDS) -> np.ndarray:
    """Shingle hashes of an article's clean text (words only)."""
    return shingle_hashes([t.key for t in article_tokens(article, marks=False)], k)


_TEMPLATES: dict[tuple[int, int], MinHash] = {}


def minhash(hashes: Iterable[int], num_perm: int = NUM_PERM, seed: int = 1) -> MinHash:
    """A datasketch MinHash over precomputed 32-bit shingle hashes."""
    template = _TEMPLATES.get((num_perm, seed))
    if template is None:
        template = _TEMPLATES[(num_perm, seed)] = MinHash(num_perm, seed=seed, hashfunc=int)
    m = template.copy()
    values = [int(h) for h in hashes]
    if values:
        m.update_batch(values)
    return m


def sample(hashes: np.ndarray, mod: int = SAMPLE_MOD) -> np.ndarray:
    """The shingles kept by mod-sampling: the same for every text, so |A∩B| / |A| on samples
    estimates the containment of A in B (Broder 1997)."""
    return hashes[hashes % np.uint64(mod) == 0]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    union = len(np.union1d(a, b))
    return len(np.intersect1d(a, b, assume_unique=True)) / union if union else 0.0


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of a's shingles found in b."""
    return len(np.intersect1d(a, b, assume_unique=True)) / len(a) if len(a) else 0.0
