"""Stage 2: same-language pairs that share text, and which of them to type.

Defined over the whole pile, never by arrival order, so a batch, an incremental run and a
distributed job find the same pairs:

- articles with identical fingerprints are one *text* (a wire story run as it is by 2,000
  outlets is one text with 2,000 members): texts are compared, not articles, so a pile of
  copies costs its distinct versions, not their square;
- a sampled shingle found in more than ``max_df`` articles of the pile is a stock phrase and
  is not used to find excerpts (passim's ``maxDF``; a cap on postings filled in arrival order
  made the pairs depend on which articles came first);
- each text keeps its ``per_text`` best partner texts (MinHash Jaccard or sampled containment,
  the larger), ties to the smaller id;
- each text's first article is typed against its ``per_article`` best candidates among the
  articles with a smaller id, and each further article of a text against that text's first
  only: a story told by n outlets needs at most n * k typings, not n^2 / 2, and every
  article sharing text with one before it is typed against some other.

Thresholds are those of :mod:`stemma.reuse.candidates`, so both find the same kind of pair.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHashLSH

from stemma.reuse.candidates import (
    LSH_THRESHOLD,
    MAX_POSTINGS,
    MIN_CONTAINMENT,
    MIN_SHARED,
    Fingerprint,
    shares_text,
)
from stemma.reuse.shingles import NUM_PERM
from stemma.text.langid import may_share_language

MAX_DF = MAX_POSTINGS  # articles a sampled shingle may occur in and still find excerpts
PER_TEXT = 64  # partner texts kept for each text
TYPED_PER_ARTICLE = 4  # same-language pairs typed for each article


@dataclass
class SharedText:
    """Pairs to type, and the rule for the pairs left untyped among many sharing text."""

    typed: list[tuple[str, str]]  # (a, b), a < b, sorted
    text_of: dict[str, int] = field(default_factory=dict)  # article -> its text
    partners: dict[int, frozenset[int]] = field(default_factory=dict)  # text -> partner texts
    # each text's MinHash signature (uint32: datasketch keeps 32-bit values) and sampled
    # shingles without the stock phrases, for pairs past a text's ``per_text`` partners
    signatures: np.ndarray | None = None
    samples: list[np.ndarray] = field(default_factory=list)

    def shares(self, a: str, b: str) -> bool:
        """True when ``a`` and ``b`` share text: one text, partner texts, or two texts whose
        fingerprints share text checked directly (a story told in thousands of versions gives
        each text more than ``per_text`` texts sharing it; those pairs stay untyped too, where
        typing them cost most of the analysis of such a story)."""
        ta, tb = self.text_of.get(a), self.text_of.get(b)
        if ta is None or tb is None:
            return False
        if ta == tb or tb in self.partners.get(ta, ()):
            return True
        if self.signatures is None:
            return False
        return shares_text(
            self.signatures[ta], self.signatures[tb], self.samples[ta], self.samples[tb]
        )


def shared_text(
    fingerprints: Iterable[Fingerprint],
    per_article: int = TYPED_PER_ARTICLE,
    per_text: int = PER_TEXT,
    max_df: int = MAX_DF,
) -> SharedText:
    """The pairs to type among ``fingerprints`` (any order: the result is the same)."""
    prints = sorted((fp for fp in fingerprints if fp.size), key=lambda fp: fp.id)
    # one text per distinct fingerprint
    texts: dict[tuple, int] = {}
    members: list[list[str]] = []
    reps: list[Fingerprint] = []
    text_of: dict[str, int] = {}
    df: Counter[int] = Counter()
    for fp in prints:
        values = np.asarray(fp.minhash.hashvalues, dtype=np.uint64)
        key = (fp.lang, values.tobytes(), np.asarray(fp.sample, dtype=np.uint64).tobytes())
        t = texts.get(key)
        if t is None:
            t = texts[key] = len(reps)
            reps.append(fp)
            members.append([])
        members[t].append(fp.id)  # ids arrive sorted
        text_of[fp.id] = t
        df.update(fp.sample.tolist())
    stock = np.array(sorted(h for h, n in df.items() if n > max_df), dtype=np.uint64)
    samples = [fp.sample[~np.isin(fp.sample, stock)] if len(stock) else fp.sample for fp in reps]
    partners = _partners(reps, samples, per_text)
    typed = _choose(members, text_of, partners, per_article)
    signatures = np.array([fp.minhash.hashvalues for fp in reps], dtype=np.uint32)
    kept = {t: frozenset(u for _, u in p) for t, p in partners.items()}
    return SharedText(typed, text_of, kept, signatures, samples)


def _partners(
    reps: list[Fingerprint], samples: list[np.ndarray], per_text: int
) -> dict[int, list[tuple[float, int]]]:
    """Each text's best ``per_text`` partner texts as (score, text), best first."""
    n = len(reps)
    if n < 2:
        return {}
    num_perm = len(reps[0].minhash.hashvalues) if reps else NUM_PERM
    signatures = np.stack([np.asarray(fp.minhash.hashvalues, dtype=np.uint64) for fp in reps])
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=num_perm)
    postings: dict[int, list[int]] = {}
    for t, fp in enumerate(reps):
        lsh.insert(t, fp.minhash, check_duplication=False)
        for h in samples[t].tolist():
            postings.setdefault(h, []).append(t)
    sizes = np.array([len(s) for s in samples], dtype=np.float64)
    out: dict[int, list[tuple[float, int]]] = {}
    for t, fp in enumerate(reps):
        shared: Counter[int] = Counter()
        for h in samples[t].tolist():
            shared.update(postings[h])
        found = set(lsh.query(fp.minhash))
        for u, k in shared.items():
            if k >= MIN_SHARED and k >= MIN_CONTAINMENT * min(sizes[t], sizes[u]):
                found.add(u)
        found.discard(t)
        # an undetermined (``und``) text may be in any language: it is compared with all
        found = {u for u in found if may_share_language(reps[u].lang, reps[t].lang)}
        if not found:
            continue
        others = np.fromiter(sorted(found), dtype=np.intp, count=len(found))
        jaccard = (signatures[others] == signatures[t]).mean(axis=1)
        common = np.array([shared.get(int(u), 0) for u in others], dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            c_t = np.where(sizes[t] > 0, common / max(sizes[t], 1.0), 0.0)
            c_u = np.where(sizes[others] > 0, common / np.maximum(sizes[others], 1.0), 0.0)
        contained = np.maximum(c_t, c_u)
        keep = (jaccard >= LSH_THRESHOLD) | (contained >= MIN_CONTAINMENT)
        score = np.round(np.maximum(jaccard, contained), 6)[keep]
        others = others[keep]
        order = np.lexsort((others, -score))[:per_text]  # best first, ties to the smaller text
        out[t] = [(float(score[i]), int(others[i])) for i in order]
    return out


def _choose(
    members: list[list[str]],
    text_of: dict[str, int],
    partners: dict[int, list[tuple[float, int]]],
    per_article: int,
) -> list[tuple[str, str]]:
    """Each article's ``per_article`` best candidates with a smaller id, its text's partners
    best first; an article whose text an article with a smaller id already carries is typed
    against that one only (identical texts: one verdict says what the copy is, and what it
    shares with the others it shares through that one)."""
    typed: set[tuple[str, str]] = set()
    for t, ids in enumerate(members):
        ranked = partners.get(t, [])
        typed.update((ids[0], x) for x in ids[1:])
        first, chosen = ids[0], []
        for _, u in ranked:
            if len(chosen) >= per_article:
                break
            others = members[u]
            chosen.extend(others[: min(bisect_left(others, first), per_article - len(chosen))])
        typed.update((a, first) for a in chosen)
    return sorted(typed)
