"""Same-script candidate pairs without comparing all pairs.

Two signals, both over word 3-shingles of the folded clean text:

- MinHash LSH (datasketch) finds near-duplicates: pairs whose shingle sets have a high Jaccard
  similarity, in time independent of the index size;
- an inverted index over a mod-sampled subset of the shingles finds excerpts: a short text
  contained in a long one has a low Jaccard similarity but shares most of its sampled shingles.
  Shingles shared by very many articles (agency boilerplate, stock phrases) stop being posted
  once their list is full, which bounds the work per query.

The index is incremental (``add`` / ``query``), so the story stage can feed it a stream.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from datasketch import MinHash, MinHashLSH

from stemma.memo import article_cache
from stemma.model import Article
from stemma.reuse.shingles import NUM_PERM, SAMPLE_MOD, minhash, sample, shingles, text_key
from stemma.text.langid import may_share_language

# Defaults measured on COUNTER (Urdu agency copy and rewrites): they propose 32 of its 44
# wholly derived pairs and 6 of its 92 independent ones, at about half a pair per article.
LSH_THRESHOLD = 0.2  # Jaccard above which LSH should find a pair
MIN_CONTAINMENT = 0.15  # sampled containment (either way) that makes an excerpt candidate
MIN_SHARED = 3  # sampled shingles two articles must share at least
MAX_POSTINGS = 500  # a sampled shingle seen in more articles than this is a stock phrase


@dataclass
class Fingerprint:
    id: str
    lang: str | None
    size: int  # distinct shingles
    minhash: MinHash
    sample: np.ndarray  # sorted mod-sampled shingle hashes


class Candidate(NamedTuple):
    id: str  # the indexed article
    jaccard: float  # MinHash estimate
    containment_query: float  # share of the query's sampled shingles found in the other
    containment_other: float  # share of the other's sampled shingles found in the query


def shares_text(
    signature_a: np.ndarray, signature_b: np.ndarray, sample_a: np.ndarray, sample_b: np.ndarray
) -> bool:
    """Whether two fingerprints share text by the rule that makes them a candidate pair
    (MinHash Jaccard at ``LSH_THRESHOLD``, or at least ``MIN_SHARED`` sampled shingles in common
    and ``MIN_CONTAINMENT`` of the smaller sample), checked on the pair itself: what an index
    query finds among all it holds, for one pair at the cost of one comparison."""
    if len(signature_a) and float(np.mean(signature_a == signature_b)) >= LSH_THRESHOLD:
        return True
    common = len(np.intersect1d(sample_a, sample_b, assume_unique=True))
    return common >= MIN_SHARED and common >= MIN_CONTAINMENT * min(len(sample_a), len(sample_b))


def fingerprint(article: Article, num_perm: int = NUM_PERM, mod: int = SAMPLE_MOD) -> Fingerprint:
    size, signature, sampled = _signature(article, num_perm, mod)
    return Fingerprint(article.id, article.lang, size, signature.copy(), sampled)


# signatures of the texts fingerprinted last, by what they are read from: copies of one text
# under other ids (a wire story run by thousands of outlets) are hashed once
_SIGNATURES = article_cache(512)


def _signature(article: Article, num_perm: int, mod: int) -> tuple[int, MinHash, np.ndarray]:
    key = (text_key(article), num_perm, mod)
    found = _SIGNATURES.get(key)
    if found is None:
        hashes = shingles(article)
        sampled = sample(hashes, mod)
        sampled.flags.writeable = False  # shared by every copy's fingerprint
        found = (len(hashes), minhash(hashes, num_perm), sampled)
        _SIGNATURES.put(key, found)
    return found


class LshIndex:
    """Incremental index of article fingerprints answering "which indexed articles share text
    with this one?"."""

    def __init__(
        self,
        threshold: float = LSH_THRESHOLD,
        num_perm: int = NUM_PERM,
        min_containment: float = MIN_CONTAINMENT,
        min_shared: int = MIN_SHARED,
        max_postings: int = MAX_POSTINGS,
        mod: int = SAMPLE_MOD,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.min_containment = min_containment
        self.min_shared = min_shared
        self.max_postings = max_postings
        self.mod = mod
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._prints: dict[str, Fingerprint] = {}
        self._postings: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self._prints)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._prints

    def get(self, article_id: str) -> Fingerprint:
        return self._prints[article_id]

    def fingerprint(self, article: Article | Fingerprint) -> Fingerprint:
        if isinstance(article, Fingerprint):
            return article
        return fingerprint(article, self.num_perm, self.mod)

    def add(self, article: Article | Fingerprint) -> Fingerprint:
        """Index an article (re-adding an id replaces nothing: the first version stays)."""
        fp = self.fingerprint(article)
        if fp.id in self._prints or fp.size == 0:
            return fp
        self._prints[fp.id] = fp
        self._lsh.insert(fp.id, fp.minhash, check_duplication=False)
        for h in fp.sample.tolist():
            posted = self._postings.setdefault(h, [])
            if len(posted) < self.max_postings:
                posted.append(fp.id)
        return fp

    def query(self, article: Article | Fingerprint) -> list[Candidate]:
        """Indexed articles sharing text with ``article`` (itself excluded), best first."""
        fp = self.fingerprint(article)
        if fp.size == 0:
            return []
        shared: Counter[str] = Counter()
        for h in fp.sample.tolist():
            posted = self._postings.get(h)
            if posted and len(posted) < self.max_postings:
                shared.update(posted)
        ids = set(self._lsh.query(fp.minhash))
        n_query = len(fp.sample)
        for other, n in shared.items():
            n_other = len(self._prints[other].sample)
            if n >= self.min_shared and n >= self.min_containment * min(n_query, n_other):
                ids.add(other)
        ids.discard(fp.id)
        out = []
        for other in ids:
            ofp = self._prints[other]
            n = shared.get(other, 0)
            jac = float(fp.minhash.jaccard(ofp.minhash))
            c_q = n / n_query if n_query else 0.0
            c_o = n / len(ofp.sample) if len(ofp.sample) else 0.0
            if jac >= self.threshold or max(c_q, c_o) >= self.min_containment:
                out.append(Candidate(other, jac, c_q, c_o))
        out.sort(key=lambda c: (-max(c.jaccard, c.containment_query, c.containment_other), c.id))
        return out


def same_language_candidates(
    articles: Iterable[Article], index: LshIndex | None = None
) -> list[tuple[str, str, float, float, float]]:
    """``(id_a, id_b, jaccard, containment_a, containment_b)`` for every pair of articles that
    share text, each pair once, ``a`` the one seen first. Pairs of two different known
    languages are left to translation search. Figures are estimates (MinHash, sampled
    shingles): the typing stage measures the pair exactly."""
    index = index if index is not None else LshIndex()
    pairs = []
    for article in articles:
        fp = index.fingerprint(article)
        for c in index.query(fp):
            if not may_share_language(index.get(c.id).lang, fp.lang):
                continue  # two known languages (``und`` is any): for translation search
            pairs.append((c.id, fp.id, c.jaccard, c.containment_other, c.containment_query))
        index.add(fp)
    return pairs
