"""How far lexical evidence goes on COUNTER: a classifier learned on the gold, held out.

A multinomial logistic regression (numpy, L2) over every measure stemma's typing reads (verbatim
share, sentence coverage, content containment and word-pair containment of both sides, their
lengths, the day gap, shared numbers and rare words) plus word 2-, 3- and 4-gram containment of
the derived text in its source and containment weighted by the words' rarity in the whole
corpus. It is trained and scored by stratified 5-fold cross-validation, repeated over 10 seeded
shuffles (mean of the runs). It is a peer that learns on COUNTER's own labels, which stemma's
one-configuration-for-every-corpus rule may not: what it reaches says how much the lexical
evidence of these pairs can separate WD / PD / ND at all.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence

import numpy as np

from stemma.reuse.evaluate import LABELS, Pair, scores
from stemma.reuse.shingles import article_tokens
from stemma.reuse.typing import days_apart

FOLDS, SEEDS, L2, STEPS = 5, 10, 1.0, 2000


def _grams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return set(zip(*(words[i:] for i in range(n)), strict=False))


def features(pairs: Sequence[Pair], corpus_words: dict[str, list[str]]) -> np.ndarray:
    df: Counter[str] = Counter()
    for words in corpus_words.values():
        df.update(set(words))
    idf = {w: math.log(len(corpus_words) / c) for w, c in df.items()}
    rows = []
    for p in pairs:
        m = p.measures
        src = [t.key for t in article_tokens(p.a, marks=False)]
        der = [t.key for t in article_tokens(p.b, marks=False)]
        shared = set(src) & set(der)
        weight = sum(idf.get(w, 0.0) for w in set(der)) or 1.0
        days = days_apart(p.a, p.b)
        row = [
            *m.verbatim, *m.coverage, *m.containment, *m.phrases,
            math.log1p(m.words[0]), math.log1p(m.words[1]), m.words[1] / max(1, m.words[0]),
            1.0 if days is not None and days <= 2 else 0.0,
            len(m.shared.get("numbers", [])) / max(1, min(m.numbers) or 1),
            math.log1p(len(m.shared.get("rare", m.shared.get("names", [])))),
            sum(idf.get(w, 0.0) for w in shared) / weight,
        ]  # fmt: skip
        for n in (2, 3, 4):
            gd = _grams(der, n)
            row.append(len(gd & _grams(src, n)) / max(1, len(gd)))
        rows.append(row)
    return np.array(rows, dtype=np.float64)


def _fit(x: np.ndarray, y: np.ndarray, k: int):
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.c_[(x - mu) / sd, np.ones(len(x))]
    w = np.zeros((z.shape[1], k))
    onehot = np.eye(k)[y]
    for _ in range(STEPS):  # gradient descent on the mean cross-entropy
        logits = z @ w
        prob = np.exp(logits - logits.max(1, keepdims=True))
        prob /= prob.sum(1, keepdims=True)
        grad = z.T @ (prob - onehot) / len(z)
        grad[:-1] += L2 * w[:-1] / len(z)
        w -= 0.5 * grad
    return lambda x2: np.argmax(np.c_[(x2 - mu) / sd, np.ones(len(x2))] @ w, axis=1)


def _folds(y: np.ndarray, seed: int) -> list[list[int]]:
    """Stratified folds: each label's pairs dealt round the folds in a seeded order."""
    folds: list[list[int]] = [[] for _ in range(FOLDS)]
    rng = random.Random(seed)
    for label in sorted(set(y.tolist())):
        idx = [i for i in range(len(y)) if y[i] == label]
        rng.shuffle(idx)
        for n, i in enumerate(idx):
            folds[n % FOLDS].append(i)
    return folds


def learned_ceiling(pairs: Sequence[Pair], corpus_words: dict[str, list[str]]) -> dict[str, float]:
    """Mean held-out macro-F1 and derived F1 of the learned classifier, and how many measures
    it reads."""
    x = features(pairs, corpus_words)
    y = np.array([LABELS.index(p.gold) for p in pairs])
    gold = [p.gold for p in pairs]
    runs = []
    for seed in range(SEEDS):
        pred = np.zeros(len(y), dtype=int)
        for fold in _folds(y, seed):
            test = set(fold)
            train = [i for i in range(len(y)) if i not in test]
            pred[fold] = _fit(x[train], y[train], len(LABELS))(x[fold])
        runs.append(scores([LABELS[i] for i in pred], gold))
    return {**{k: float(np.mean([r[k] for r in runs])) for k in runs[0]}, "features": x.shape[1]}
