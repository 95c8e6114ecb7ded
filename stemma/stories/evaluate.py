"""The ``stories`` evaluation task: cluster a corpus and score the stories against gold ``story``.

Articles are built straight from the corpus records (their text is already clean, one sentence
or paragraph a line), without the ingest pipeline; they arrive one by one in a seeded shuffled
order, which, clustering being order-independent, changes nothing but shows it.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from stemma.eval.corpus import Corpus, article_from_record, open_corpus
from stemma.eval.metrics import adjusted_rand_index, bcubed, pairwise_f1
from stemma.model import Article, Story
from stemma.stories.cluster import StoryClusterer, StoryConfig


def load_articles(corpus: Corpus) -> list[Article]:
    return [article_from_record(r) for r in corpus.iter_articles()]


def gold_stories(corpus: Corpus) -> dict[str, str]:
    return {key: str(r["story"]) for key, r in corpus.load_gold().items() if "story" in r}


def score(stories: list[Story], gold: dict[str, str]) -> dict[str, float]:
    """BCubed precision/recall/F1, pairwise F1 and ARI of ``stories`` against ``gold``."""
    pred = {a: s.id for s in stories for a in s.articles}
    precision, recall, f1 = bcubed(pred, gold)
    return {
        "bcubed_precision": precision,
        "bcubed_recall": recall,
        "bcubed_f1": f1,
        "pairwise_f1": pairwise_f1(pred, gold)[2],
        "ari": adjusted_rand_index(pred, gold),
    }


def arrival_order(articles: list[Article], seed: int) -> list[Article]:
    """Publication order where dates are known (unknown last), shuffled by ``seed`` within."""
    shuffled = list(articles)
    random.Random(seed).shuffle(shuffled)
    return sorted(shuffled, key=lambda a: a.published or "\uffff")


def run_stories(
    corpus: Corpus, seed: int = 0, encoder=None, config: StoryConfig | None = None
) -> dict[str, float]:
    """Stream the corpus into a :class:`StoryClusterer` and score the stories.

    Besides the metrics: ``stories`` found, ``gold_stories``, ``seconds`` and ``encoder_calls``
    / ``texts_encoded`` (where the encoder counts them).
    """
    if encoder is None:
        from stemma.embed.cache import CachedEncoder
        from stemma.embed.encoder import get_encoder

        encoder = CachedEncoder(get_encoder())
    gold = gold_stories(corpus)
    articles = arrival_order(load_articles(corpus), seed)
    start = time.perf_counter()
    clusterer = StoryClusterer(encoder, config)
    for article in articles:
        clusterer.add(article)
    stories = clusterer.stories()
    seconds = time.perf_counter() - start
    metrics = score(stories, gold)
    metrics.update(
        stories=float(len(stories)),
        gold_stories=float(len(set(gold.values()))),
        seconds=seconds,
    )
    for name in ("calls", "texts_encoded"):
        if hasattr(encoder, name):
            metrics["encoder_" + name if name == "calls" else name] = float(getattr(encoder, name))
    return metrics


def evaluate_stories(corpus_dir: str | Path, seed: int = 0) -> dict[str, float]:
    """``run_stories`` on a corpus folder (or a bare name under STEMMA_CORPORA)."""
    return run_stories(open_corpus(corpus_dir), seed)
