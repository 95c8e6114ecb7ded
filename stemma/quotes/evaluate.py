"""Scoring quote extraction against PolNeAR-style gold ``attributions``, and the ``quotes``
task of ``stemma eval``.

Gold: ``{"source": [s, e], "cue": [s, e], "content": [s, e]}`` offsets into the article ``text``.
A gold content counts as found when a predicted content overlaps at least half of it; each
prediction finds at most one gold content and each gold content is found at most once (greedy,
largest overlap first), so one long span cannot claim many. Precision is the share of predicted
contents that found a gold one, recall the share of gold contents found. Source agreement: among
found contents, the share whose predicted source overlaps the gold source (a gold attribution
without a source is left out of it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from stemma.eval.corpus import Corpus, article_from_record
from stemma.model import Article, Quote

Span = tuple[int, int]


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(pred: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """``(pred index, gold index)`` pairs: a prediction overlapping at least half of a gold
    content, one to one, largest overlap first."""
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            gs = tuple(g["content"])
            size = gs[1] - gs[0]
            ov = _overlap(tuple(p["content"]), gs)
            if size > 0 and ov * 2 >= size:
                cands.append((ov, i, j))
    cands.sort(reverse=True)
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def score_documents(docs: Iterable[tuple[list[dict], list[dict]]]) -> dict[str, float]:
    """Content precision, recall, F1 and source agreement over ``(pred, gold)`` per document;
    each item a dict with ``content`` (and ``source``, possibly None) spans."""
    n_pred = n_gold = n_found = agree = with_source = 0
    for pred, gold in docs:
        gold = [g for g in gold if g.get("content") and g["content"][1] > g["content"][0]]
        n_pred += len(pred)
        n_gold += len(gold)
        for i, j in match(pred, gold):
            n_found += 1
            gsrc = gold[j].get("source")
            if not gsrc:
                continue
            with_source += 1
            psrc = pred[i].get("source")
            if psrc and _overlap(tuple(psrc), tuple(gsrc)) > 0:
                agree += 1
    precision = n_found / n_pred if n_pred else 0.0
    recall = n_found / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "content_precision": precision,
        "content_recall": recall,
        "content_f1": f1,
        "source_agreement": agree / with_source if with_source else 0.0,
        "predicted": float(n_pred),
        "gold": float(n_gold),
    }


def as_spans(quotes: list[Quote]) -> list[dict]:
    return [
        {
            "content": (q.content_start, q.content_end),
            "source": (q.speaker_start, q.speaker_end) if q.speaker_start is not None else None,
        }
        for q in quotes
    ]


def evaluate(
    corpus: Corpus, extractor: Callable[[Article], list[Quote]] | None = None
) -> dict[str, float]:
    """Score ``extractor`` (default :func:`stemma.quotes.extract_quotes`) on a corpus with
    gold ``attributions``."""
    if extractor is None:
        from stemma.quotes.extract import extract_quotes as extractor
    gold = corpus.load_gold()
    docs = []
    for record in corpus.iter_articles():
        g = gold.get(str(record["id"]))
        if g is None or "attributions" not in g:
            continue
        pred = as_spans(extractor(article_from_record(record)))
        docs.append((pred, g["attributions"]))
    result = score_documents(docs)
    result["articles"] = float(len(docs))
    return result


def run_quotes(corpus: Corpus, seed: int = 0) -> dict[str, float]:
    """The ``quotes`` task: :func:`evaluate` with the default extractor (``seed`` unused)."""
    return evaluate(corpus)
