"""Peers for the stories benchmark: TF-IDF vectors clustered by average linkage.

The usual strong baseline for news story clustering: sublinear TF-IDF over folded words, cosine
similarity, average-linkage agglomeration cut at a threshold. The threshold is picked on the gold
(the best BCubed F1 over a grid), which flatters the baseline: stemma's clusterer gets no such
help. Plain numpy (the matrix is dense: fine for the few thousand articles benchmarked).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from stemma.eval.metrics import bcubed
from stemma.stories.cluster import average_linkage
from stemma.stories.represent import words

THRESHOLDS = (0.01, 0.02, 0.03) + tuple(round(0.05 * i, 2) for i in range(1, 19))  # to 0.90


def tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """Unit rows of sublinear TF-IDF weights (1 + ln tf) * (1 + ln(n / df))."""
    bags = [Counter(words(t)) for t in texts]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    vocab = {term: i for i, term in enumerate(sorted(df))}
    n = len(texts)
    matrix = np.zeros((n, len(vocab)), dtype=np.float32)
    for row, bag in enumerate(bags):
        for term, tf in bag.items():
            matrix[row, vocab[term]] = (1 + math.log(tf)) * (1 + math.log(n / df[term]))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def tfidf_agglomerative(texts: Sequence[str], threshold: float) -> list[int]:
    """Cluster labels for ``texts`` at one cosine threshold."""
    vecs = tfidf_matrix(texts)
    return average_linkage(vecs @ vecs.T, threshold)


def best_on_gold(
    ids: Sequence[str], texts: Sequence[str], gold: dict[str, str]
) -> tuple[float, dict[str, int]]:
    """The threshold (from :data:`THRESHOLDS`) whose clusters score the best BCubed F1 against
    ``gold``, and those clusters (article id -> label)."""
    vecs = tfidf_matrix(texts)
    sim = vecs @ vecs.T
    del vecs
    best: tuple[float, float, dict[str, int]] = (-1.0, 0.0, {})
    for threshold in THRESHOLDS:
        labels = dict(zip(ids, average_linkage(sim, threshold), strict=True))
        f1 = bcubed(labels, gold)[2]
        if f1 > best[0]:
            best = (f1, threshold, labels)
    return best[1], best[2]
