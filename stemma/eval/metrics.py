"""Evaluation metrics, pure Python (numpy only where it helps), each citing its definition.

Clustering metrics take two mappings ``item -> cluster label``. The gold mapping defines the items
scored: an item missing from ``pred`` counts as a singleton cluster of its own, and items only in
``pred`` are ignored. With no items at all there is nothing to get wrong and the scores are 1.0
(as scikit-learn does for the adjusted Rand index of two empty labelings).

Spans are ``(start, end)`` tuples with ``end`` exclusive, optionally prefixed by a document key:
``(doc, start, end)``; spans overlap only within one document key. Empty spans (``end <= start``)
are ignored on both sides.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

_SINGLETON = object()  # stands for "no cluster given"; unequal to every real label


# --- clustering ---------------------------------------------------------------------------------


def _contingency(
    pred: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> tuple[Counter, Counter, Counter, int]:
    """Counts of (pred cluster, gold cluster) cells, pred cluster sizes, gold sizes, n items."""
    cells: Counter = Counter()
    for item, gold_label in gold.items():
        pred_label = pred[item] if item in pred else (_SINGLETON, item)
        cells[(pred_label, gold_label)] += 1
    pred_sizes: Counter = Counter()
    gold_sizes: Counter = Counter()
    for (p, g), n in cells.items():
        pred_sizes[p] += n
        gold_sizes[g] += n
    return cells, pred_sizes, gold_sizes, len(gold)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def bcubed(
    pred: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (Bagga and Baldwin 1998; Amigó, Gonzalo, Artiles and
    Verdejo 2009, "A comparison of extrinsic clustering evaluation metrics based on formal
    constraints", section 4.6).

    For an item e, precision is the share of the items in e's predicted cluster that share e's gold
    cluster (e itself included); recall is the share of the items in e's gold cluster that share
    e's predicted cluster. Both are averaged over items, each item weighing the same; F1 is their
    harmonic mean (Amigó's F with alpha = 0.5).
    """
    cells, pred_sizes, gold_sizes, n = _contingency(pred, gold)
    if n == 0:
        return 1.0, 1.0, 1.0
    # each of the n_pg items in a cell scores n_pg / size: the cell adds n_pg**2 / size
    precision = sum(k * k / pred_sizes[p] for (p, _), k in cells.items()) / n
    recall = sum(k * k / gold_sizes[g] for (_, g), k in cells.items()) / n
    return precision, recall, _f1(precision, recall)


def pairwise_f1(
    pred: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 over unordered item pairs placed in one cluster
    (Manning, Raghavan and Schütze 2008, "Introduction to Information Retrieval", 16.3).

    Precision = pairs together in both / pairs together in ``pred``; recall = pairs together in
    both / pairs together in ``gold``. With no pairs on a side the ratio has nothing to be wrong
    about and is 1.0, so all-singleton predictions against all-singleton gold score 1.0.
    """
    cells, pred_sizes, gold_sizes, _ = _contingency(pred, gold)
    both = sum(math.comb(k, 2) for k in cells.values())
    pred_pairs = sum(math.comb(k, 2) for k in pred_sizes.values())
    gold_pairs = sum(math.comb(k, 2) for k in gold_sizes.values())
    precision = both / pred_pairs if pred_pairs else 1.0
    recall = both / gold_pairs if gold_pairs else 1.0
    return precision, recall, _f1(precision, recall)


def adjusted_rand_index(
    pred: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> float:
    """Adjusted Rand index (Hubert and Arabie 1985, "Comparing partitions", J. Classification 2).

    ARI = (index - expected) / (max - expected) over pair counts of the contingency table, with
    index = sum_ij C(n_ij, 2), expected = sum_i C(a_i, 2) * sum_j C(b_j, 2) / C(n, 2) and
    max = (sum_i C(a_i, 2) + sum_j C(b_j, 2)) / 2. It is 1 for identical partitions and near 0
    for independent ones (it can be negative). Where max = expected (both partitions all
    singletons or both one cluster, or fewer than two items) the partitions agree and it is 1.0.
    """
    cells, pred_sizes, gold_sizes, n = _contingency(pred, gold)
    if n < 2:
        return 1.0
    index = sum(math.comb(k, 2) for k in cells.values())
    sum_pred = sum(math.comb(k, 2) for k in pred_sizes.values())
    sum_gold = sum(math.comb(k, 2) for k in gold_sizes.values())
    expected = sum_pred * sum_gold / math.comb(n, 2)
    maximum = (sum_pred + sum_gold) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


# --- sentence alignment -------------------------------------------------------------------------

Alignment = tuple[tuple[int, ...], tuple[int, ...]]


def _alignment_set(pairs: Iterable[tuple[Sequence[int], Sequence[int]]]) -> set[Alignment]:
    return {(tuple(src), tuple(tgt)) for src, tgt in pairs if len(src) or len(tgt)}


def _matches(scored: set[Alignment], reference: set[Alignment]) -> tuple[int, int]:
    """(strict hits, lax hits) of ``scored`` pairs against ``reference`` pairs.

    Strict: the same pair is in the reference. Lax: some reference pair shares at least one
    source sentence and at least one target sentence with it (a strict hit is also lax).
    """
    targets_of: dict[int, set[int]] = defaultdict(set)
    for src, tgt in reference:
        for s in src:
            targets_of[s].update(tgt)
    strict = lax = 0
    for src, tgt in scored:
        if (src, tgt) in reference:
            strict += 1
            lax += 1
        elif any(not targets_of[s].isdisjoint(tgt) for s in src):
            lax += 1
    return strict, lax


def alignment_counts(
    pred: Iterable[tuple[Sequence[int], Sequence[int]]],
    gold: Iterable[tuple[Sequence[int], Sequence[int]]],
) -> tuple[int, int, int, int, int, int]:
    """``(pred_n, strict_p_hits, lax_p_hits, gold_n, strict_r_hits, lax_r_hits)`` of one document,
    to be summed over documents (see :func:`alignment_f1`)."""
    pred_set, gold_set = _alignment_set(pred), _alignment_set(gold)
    strict_p, lax_p = _matches(pred_set, gold_set)
    # recall: only gold pairs with sentences on both sides are to be found, and only predicted
    # pairs with both sides can find them
    pred_both = {a for a in pred_set if a[0] and a[1]}
    gold_both = {a for a in gold_set if a[0] and a[1]}
    strict_r, lax_r = _matches(gold_both, pred_both)
    return len(pred_set), strict_p, lax_p, len(gold_both), strict_r, lax_r


def alignment_f1(
    pred: Iterable[tuple[Sequence[int], Sequence[int]]],
    gold: Iterable[tuple[Sequence[int], Sequence[int]]],
) -> dict[str, float]:
    """Strict and lax precision, recall and F1 of a sentence alignment, scored as vecalign's
    ``score.py`` (Thompson and Koehn 2019) and bertalign do, after Véronis and Langlais (2000)
    as reimplemented by Sennrich and Volk (2011, bleualign).

    An alignment is a collection of ``(source sentence ids, target sentence ids)`` pairs, e.g.
    ``((0,), (0, 1))`` for a 1-2 bead; duplicates collapse and pairs empty on both sides are
    dropped.

    - Precision counts every predicted pair, insertions and deletions (one side empty) included:
      strict when the same pair is in the gold, lax when some gold pair shares a source and a
      target sentence with it.
    - Recall counts gold pairs with sentences on both sides, matched the same way against the
      predicted pairs with sentences on both sides.
    - F1 is the harmonic mean; any ratio with a zero denominator is 0.0.

    Pass one document, or use :func:`alignment_f1_documents` to pool counts over several.
    """
    return alignment_f1_documents([(pred, gold)])


def alignment_f1_documents(
    documents: Iterable[
        tuple[
            Iterable[tuple[Sequence[int], Sequence[int]]],
            Iterable[tuple[Sequence[int], Sequence[int]]],
        ]
    ],
) -> dict[str, float]:
    """:func:`alignment_f1` over several ``(pred, gold)`` documents, counts pooled (micro)."""
    totals = [0] * 6
    for pred, gold in documents:
        for i, value in enumerate(alignment_counts(pred, gold)):
            totals[i] += value
    pred_n, strict_p, lax_p, gold_n, strict_r, lax_r = totals
    strict_precision = strict_p / pred_n if pred_n else 0.0
    strict_recall = strict_r / gold_n if gold_n else 0.0
    lax_precision = lax_p / pred_n if pred_n else 0.0
    lax_recall = lax_r / gold_n if gold_n else 0.0
    return {
        "strict_precision": strict_precision,
        "strict_recall": strict_recall,
        "strict_f1": _f1(strict_precision, strict_recall),
        "lax_precision": lax_precision,
        "lax_recall": lax_recall,
        "lax_f1": _f1(lax_precision, lax_recall),
    }


# --- classification -----------------------------------------------------------------------------


def _check_lengths(pred: Sequence, gold: Sequence) -> None:
    if len(pred) != len(gold):
        raise ValueError(f"pred has {len(pred)} labels, gold has {len(gold)}")


def _class_f1(tp: int, fp: int, fn: int) -> float:
    # 2PR/(P+R) = 2tp/(2tp+fp+fn); 0/0 (class never predicted nor present) is 0.0, as in
    # scikit-learn's zero_division default
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0


def macro_f1(
    pred: Sequence[Hashable], gold: Sequence[Hashable], labels: Iterable[Hashable] | None = None
) -> float:
    """Macro-averaged F1: the unweighted mean of each label's F1 (Sokolova and Lapalme 2009, "A
    systematic analysis of performance measures for classification tasks", table 3).

    ``labels`` defaults to every label in ``gold`` or ``pred``; a listed label that occurs in
    neither has F1 0.0 (scikit-learn's ``f1_score(average="macro")`` behaves the same).
    """
    _check_lengths(pred, gold)
    chosen = sorted(set(gold) | set(pred), key=repr) if labels is None else list(labels)
    if not chosen:
        return 0.0
    scores = []
    for label in chosen:
        tp = sum(1 for p, g in zip(pred, gold, strict=True) if p == label and g == label)
        fp = sum(1 for p, g in zip(pred, gold, strict=True) if p == label and g != label)
        fn = sum(1 for p, g in zip(pred, gold, strict=True) if p != label and g == label)
        scores.append(_class_f1(tp, fp, fn))
    return sum(scores) / len(scores)


def binary_f1(
    pred: Sequence[Hashable], gold: Sequence[Hashable], positive: set[Hashable] | frozenset
) -> float:
    """F1 of the positive class after folding labels into two: in ``positive`` or not (van
    Rijsbergen 1979, F with beta = 1). For reuse: ``positive={"WD", "PD"}`` scores derived
    against non-derived. With no positive in either sequence it is 0.0 (scikit-learn's default).
    """
    _check_lengths(pred, gold)
    pairs = [(p in positive, g in positive) for p, g in zip(pred, gold, strict=True)]
    tp = sum(1 for p, g in pairs if p and g)
    fp = sum(1 for p, g in pairs if p and not g)
    fn = sum(1 for p, g in pairs if not p and g)
    return _class_f1(tp, fp, fn)


# --- spans (quotes) -----------------------------------------------------------------------------


def _split_span(span: Sequence[Any]) -> tuple[tuple[Any, ...], int, int]:
    if len(span) < 2:
        raise ValueError(f"a span needs a start and an end: {span!r}")
    return tuple(span[:-2]), int(span[-2]), int(span[-1])


def _by_doc(spans: Iterable[Sequence[Any]]) -> dict[tuple[Any, ...], list[tuple[int, int]]]:
    docs: dict[tuple[Any, ...], list[tuple[int, int]]] = defaultdict(list)
    for span in spans:
        doc, start, end = _split_span(span)
        if end > start:
            docs[doc].append((start, end))
    return docs


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _covered(spans: list[tuple[int, int]], others: list[tuple[int, int]], share: float) -> int:
    """How many of ``spans`` have at least ``share`` of their length inside one of ``others``."""
    return sum(1 for s in spans if any(_overlap(s, o) >= share * (s[1] - s[0]) for o in others))


def span_overlap_f1(
    pred_spans: Iterable[Sequence[Any]],
    gold_spans: Iterable[Sequence[Any]],
    min_overlap: float = 0.5,
) -> dict[str, float]:
    """Span F1 with partial matching, the content-span criterion of the quotes benchmark.

    Recall: a gold span is found when one predicted span covers at least ``min_overlap`` of the
    gold span's characters (as in the PARC/citron quote evaluations' "overlap" match, Pareti 2016;
    Newell, Margolin and Ruths 2018). Precision is symmetric: a predicted span is correct when at
    least ``min_overlap`` of *its own* characters lie inside one gold span, so that one span
    covering a whole article does not count as correct. F1 is their harmonic mean. With nothing
    predicted precision is 0.0; with no gold recall is 0.0.
    """
    pred_docs, gold_docs = _by_doc(pred_spans), _by_doc(gold_spans)
    n_pred = sum(len(v) for v in pred_docs.values())
    n_gold = sum(len(v) for v in gold_docs.values())
    correct = sum(
        _covered(spans, gold_docs.get(d, []), min_overlap) for d, spans in pred_docs.items()
    )
    found = sum(
        _covered(spans, pred_docs.get(d, []), min_overlap) for d, spans in gold_docs.items()
    )
    precision = correct / n_pred if n_pred else 0.0
    recall = found / n_gold if n_gold else 0.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def _attribution(item: Any) -> tuple[Sequence[Any], Sequence[Any] | None]:
    if isinstance(item, Mapping):
        return item["content"], item.get("source")
    content, source = item
    return content, source


def _present(span: Sequence[Any] | None) -> bool:
    if span is None:
        return False
    _, start, end = _split_span(span)
    return end > start


def source_agreement(pred: Iterable[Any], gold: Iterable[Any], min_overlap: float = 0.5) -> float:
    """Among gold contents that are found, the share whose source is found too.

    Each attribution is a mapping with ``content`` and optional ``source`` spans (as in the
    PolNeAR gold) or a ``(content, source)`` pair. A gold content is found by the predicted
    attribution whose content covers the largest part of it, if that is at least ``min_overlap``
    of it (the :func:`span_overlap_f1` recall rule). The sources agree when the two source spans
    overlap by at least one character, or when neither attribution has a source. With no gold
    content found it is 0.0.
    """
    preds = [_attribution(p) for p in pred]
    found = agree = 0
    for content, source in (_attribution(g) for g in gold):
        if not _present(content):
            continue
        doc, start, end = _split_span(content)
        best, best_overlap = None, 0
        for p_content, p_source in preds:
            if not _present(p_content):
                continue
            p_doc, p_start, p_end = _split_span(p_content)
            if p_doc != doc:
                continue
            overlap = _overlap((start, end), (p_start, p_end))
            if overlap > best_overlap:
                best, best_overlap = p_source, overlap
        if best_overlap == 0 or best_overlap < min_overlap * (end - start):
            continue
        found += 1
        agree += _sources_agree(best, source)
    return agree / found if found else 0.0


def _sources_agree(pred: Sequence[Any] | None, gold: Sequence[Any] | None) -> bool:
    if not _present(gold) or not _present(pred):
        return not _present(gold) and not _present(pred)
    p_doc, p_start, p_end = _split_span(pred)
    g_doc, g_start, g_end = _split_span(gold)
    return p_doc == g_doc and _overlap((p_start, p_end), (g_start, g_end)) > 0


# --- correlation --------------------------------------------------------------------------------


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson's product-moment correlation r = cov(x, y) / (sd(x) sd(y)) (Pearson 1895).

    Needs two sequences of the same length, at least 2; a constant sequence has no correlation
    and gives ``nan`` (as scipy.stats.pearsonr does).
    """
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} values, y has {len(y)}")
    if len(x) < 2:
        raise ValueError("pearson needs at least two values")
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    da, db = a - a.mean(), b - b.mean()
    denominator = math.sqrt(float(da @ da) * float(db @ db))
    if denominator == 0:
        return float("nan")
    return max(-1.0, min(1.0, float(da @ db) / denominator))
