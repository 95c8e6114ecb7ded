"""The ``reuse`` task: COUNTER-style (source, derived) pairs typed WD / PD / ND by link typing.

Each gold pair is aligned and typed with :func:`stemma.reuse.typing.type_same_language` (its
measures are kept, so other thresholds can be tried without aligning again). A link maps to a
label by what it says about the derived text:

- ``copy`` / ``revision``: the same text, ``WD`` (wholly derived);
- ``excerpt`` / ``paraphrase``: ``WD`` when what the derived text keeps of the source (the mean of
  its content and its word pairs found there, :meth:`Measures.reuse`) reaches ``WHOLLY``, else
  ``PD`` (partially derived);
- ``same_event`` / ``related`` / no link: ``ND``.

Three figures come out of one run:

- the default configuration (:data:`stemma.reuse.typing.DEFAULT`, ``WHOLLY``): what the
  product does on any corpus; it reports ``macro_f1`` and ``derived_f1``. Its rewrite
  thresholds (``rewrite_reuse``, ``WHOLLY``) were fitted on COUNTER, so on COUNTER it is an
  in-sample figure;
- ``calibrated_*``: the same rule with the thresholds of ``GRID`` fitted on one half of the
  pairs and scored on the other (two-fold cross-validation, folds drawn with ``seed``): the
  honest estimate of the fitted default on unseen pairs of this kind;
- ``baseline_*``: word 3-shingle containment of the derived text in the source with two
  thresholds picked on the whole gold (an optimistic, upper-bound style peer).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from stemma.eval.corpus import Corpus, open_corpus
from stemma.eval.metrics import binary_f1, macro_f1
from stemma.ingest.jsontext import loads as json_loads
from stemma.model import Article, Record
from stemma.reuse.passages import Alignment, align_passages
from stemma.reuse.shingles import containment, shingles
from stemma.reuse.typing import DEFAULT, Measures, Thresholds, link_from, measure

LABELS = ("WD", "PD", "ND")
DERIVED = frozenset({"WD", "PD"})
# Wholly derived: the derived text keeps a third of the source's words and phrasing, as a
# shortened rewrite of agency copy does (fitted on COUNTER with the rewrite threshold; a verbatim
# copy keeps about 0.9).
WHOLLY = 0.33

# what calibration may move: the rewrite decision and the WD / PD boundary
GRID = {
    "rewrite_reuse": (0.1, 0.11, 0.12, 0.13, 0.135, 0.14, 0.15, 0.16, 0.18, 0.2),
    "wholly": (0.25, 0.28, 0.3, 0.31, 0.32, 0.33, 0.34, 0.35, 0.37, 0.4, 0.45),
}


@dataclass
class Pair:
    source: str
    derived: str
    gold: str
    a: Article
    b: Article
    alignment: Alignment
    measures: Measures


def label(pair: Pair, thresholds: Thresholds = DEFAULT, wholly: float = WHOLLY) -> str:
    """WD / PD / ND for a (source, derived) pair from its link."""
    link = link_from(pair.a, pair.b, pair.alignment, pair.measures, thresholds)
    if link is None:
        return "ND"
    if link.kind in ("copy", "revision"):
        return "WD"
    if link.kind in ("excerpt", "paraphrase"):
        return "WD" if pair.measures.reuse(1) >= wholly else "PD"
    return "ND"


def scores(pred: Sequence[str], gold: Sequence[str]) -> dict[str, float]:
    return {
        "macro_f1": macro_f1(pred, gold, LABELS),
        "derived_f1": binary_f1(pred, gold, DERIVED),
    }


# --- articles and pairs -------------------------------------------------------------------------


def _article(line: bytes, number: int, path: str) -> Article:
    """One JSONL line as an Article: through the ingest pipeline where it is installed, else
    built from the fields as given (no boilerplate marking, sentences split by the aligner)."""
    fields = json_loads(line, what=f"{path} line {number}")
    try:
        from stemma.ingest.pipeline import analyse
    except ImportError:
        text = str(fields.get("text") or "")
        return Article(
            id=str(fields["id"]), raw=line, format="jsonl", source=text, path=path, text=text,
            lang=fields.get("lang"), title=fields.get("title"), outlet=fields.get("outlet"),
            published=fields.get("published"), fields=fields,
        )  # fmt: skip
    record = Record(str(fields["id"]), line, "jsonl", path, number, fields)
    article, _ = analyse(record)
    return article


def load_articles(path: Path, wanted: set[str] | None = None) -> dict[str, Article]:
    articles = {}
    with path.open("rb") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            if wanted is not None and json_loads(line).get("id") not in wanted:
                continue
            article = _article(line.rstrip(b"\n"), number, str(path))
            articles[article.id] = article
    return articles


def measure_pairs(corpus: Corpus) -> list[Pair]:
    gold = corpus.gold_pairs()
    articles = load_articles(corpus.articles_path, {x for s, d, _ in gold for x in (s, d)})
    pairs = []
    for source, derived, record in gold:
        a, b = articles[source], articles[derived]
        alignment = align_passages(a, b)
        pairs.append(
            Pair(source, derived, record["label"], a, b, alignment, measure(a, b, alignment))
        )
    return pairs


# --- calibration and the baseline ---------------------------------------------------------------


def calibrate(pairs: Sequence[Pair]) -> tuple[Thresholds, float]:
    """The grid point with the best macro-F1 on ``pairs`` (ties: the first, i.e. the lowest)."""
    gold = [p.gold for p in pairs]
    best: tuple[float, Thresholds, float] | None = None
    keys = list(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        setting = dict(zip(keys, values, strict=True))
        wholly = setting.pop("wholly")
        thresholds = replace(DEFAULT, **setting)
        score = macro_f1([label(p, thresholds, wholly) for p in pairs], gold, LABELS)
        if best is None or score > best[0]:
            best = (score, thresholds, wholly)
    assert best is not None
    return best[1], best[2]


def cross_validated_labels(pairs: Sequence[Pair], seed: int = 0) -> list[str]:
    """Two-fold cross-validation of :func:`calibrate`: each half is labelled with thresholds
    calibrated on the other half (halves drawn at random with ``seed``)."""
    order = list(range(len(pairs)))
    random.Random(seed).shuffle(order)
    folds = [order[::2], order[1::2]]
    pred: dict[int, str] = {}
    for k in (0, 1):
        thresholds, wholly = calibrate([pairs[i] for i in folds[1 - k]])
        for i in folds[k]:
            pred[i] = label(pairs[i], thresholds, wholly)
    return [pred[i] for i in range(len(pairs))]


def cross_validated(pairs: Sequence[Pair], seed: int = 0) -> dict[str, float]:
    return scores(cross_validated_labels(pairs, seed), [p.gold for p in pairs])


def baseline(pairs: Sequence[Pair]) -> tuple[dict[str, float], tuple[float, float]]:
    """Containment of the derived text's word 3-shingles in the source: WD above ``hi``, PD
    above ``lo``; both picked on the gold (best macro-F1)."""
    values = [containment(shingles(p.b), shingles(p.a)) for p in pairs]
    gold = [p.gold for p in pairs]
    cuts = sorted(set(round(v, 4) for v in values))
    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)
    for lo in cuts:
        for hi in (c for c in cuts if c >= lo):
            pred = ["WD" if v >= hi else "PD" if v >= lo else "ND" for v in values]
            score = macro_f1(pred, gold, LABELS)
            if score > best[0]:
                best = (score, lo, hi)
    _, lo, hi = best
    pred = ["WD" if v >= hi else "PD" if v >= lo else "ND" for v in values]
    return scores(pred, gold), (lo, hi)


# --- the task -----------------------------------------------------------------------------------


def run_reuse(corpus: Corpus, seed: int = 0) -> dict[str, Any]:
    """The ``reuse`` eval task (``stemma eval CORPUS --task reuse``)."""
    pairs = measure_pairs(corpus)
    gold = [p.gold for p in pairs]
    default = scores([label(p) for p in pairs], gold)
    calibrated = cross_validated(pairs, seed)
    peer, _ = baseline(pairs)
    return {
        **default,
        "calibrated_macro_f1": calibrated["macro_f1"],
        "calibrated_derived_f1": calibrated["derived_f1"],
        "baseline_macro_f1": peer["macro_f1"],
        "baseline_derived_f1": peer["derived_f1"],
        "pairs": len(pairs),
    }


def evaluate_reuse(corpus_dir: str | Path, seed: int = 0) -> dict[str, Any]:
    """:func:`run_reuse` on a corpus folder (or a bare name under STEMMA_CORPORA)."""
    return run_reuse(open_corpus(corpus_dir), seed)


def _register() -> None:
    """Attach :func:`run_reuse` to the ``reuse`` task of ``stemma eval``."""
    from stemma.eval.tasks import REUSE_METRICS, Task, register

    register(
        Task(
            "reuse",
            "type each gold (source, derived) pair as WD/PD/ND (COUNTER layout)",
            REUSE_METRICS,
            run=run_reuse,
        )
    )


_register()
