"""The ``stories`` evaluation task: corpus records to articles, streaming, scoring."""

import json

import numpy as np
import pytest

from stemma.eval.corpus import article_from_record, open_corpus
from stemma.eval.tasks import get_task, run_task
from stemma.model import Story
from stemma.stories.cluster import StoryConfig
from stemma.stories.evaluate import (
    arrival_order,
    gold_stories,
    load_articles,
    run_stories,
    score,
)
from stemma.stories.similarity import FEATURES

TITLES = {
    "q1": ("Quake shakes the northern coast", 0),
    "q2": ("Strong quake shakes northern coast", 0),
    "q3": ("Northern coast shaken by quake", 0),
    "v1": ("Voters choose a new parliament", 1),
    "v2": ("Parliament vote draws many voters", 1),
}


class TitleEncoder:
    """One axis per event, told by the title."""

    name = "titles"
    dim = 4

    def __init__(self):
        self.calls = 0
        self.texts_encoded = 0

    def encode(self, texts, *, kind="passage"):
        self.calls += 1
        self.texts_encoded += len(texts)
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for title, axis in TITLES.values():
                if text == title:
                    rows[row, axis] = 1.0
        return rows


@pytest.fixture
def corpus_dir(tmp_path):
    with (tmp_path / "articles.jsonl").open("w", encoding="utf-8") as out:
        for n, (key, (title, _)) in enumerate(TITLES.items()):
            out.write(
                json.dumps(
                    {
                        "id": key,
                        "outlet": None,
                        "lang": "en",
                        "title": title,
                        "published": f"2024-05-0{n + 1}" if n % 2 else None,
                        "url": None,
                        "text": title,
                    }
                )
                + "\n"
            )
    with (tmp_path / "gold.jsonl").open("w", encoding="utf-8") as out:
        for key, (_, axis) in TITLES.items():
            out.write(json.dumps({"id": key, "story": f"event{axis}"}) + "\n")
    return tmp_path


def test_records_become_articles(corpus_dir):
    corpus = open_corpus(corpus_dir)
    articles = load_articles(corpus)
    assert [a.id for a in articles] == list(TITLES)
    first = articles[0]
    assert (first.title, first.lang, first.text, first.source) == (
        TITLES["q1"][0],
        "en",
        TITLES["q1"][0],
        TITLES["q1"][0],
    )
    assert gold_stories(corpus) == {
        "q1": "event0",
        "q2": "event0",
        "q3": "event0",
        "v1": "event1",
        "v2": "event1",
    }
    assert article_from_record({"id": 7, "text": None}).text == ""


def test_arrival_order_puts_dated_articles_first_in_date_order(corpus_dir):
    articles = load_articles(open_corpus(corpus_dir))
    for seed in range(5):
        order = [a.id for a in arrival_order(articles, seed)]
        assert order[:2] == ["q2", "v1"]
        assert sorted(order[2:]) == ["q1", "q3", "v2"]


def test_score_counts_articles_left_out_as_their_own_stories():
    gold = {"a": "x", "b": "x", "c": "y"}
    perfect = [Story("s1", ["a", "b"], "", ["en"], None), Story("s2", ["c"], "", ["en"], None)]
    assert score(perfect, gold) == {
        "bcubed_precision": 1.0,
        "bcubed_recall": 1.0,
        "bcubed_f1": 1.0,
        "pairwise_f1": 1.0,
        "ari": 1.0,
    }
    partial = score([Story("s1", ["a"], "", ["en"], None)], gold)
    assert partial["bcubed_precision"] == 1.0 and partial["bcubed_recall"] < 1.0


def test_run_stories_scores_the_stream(corpus_dir):
    weights = tuple({"cosine": 20.0, "bias": -10.0}.get(f, 0.0) for f in FEATURES)
    encoder = TitleEncoder()
    metrics = run_stories(
        open_corpus(corpus_dir), seed=1, encoder=encoder, config=StoryConfig(weights=weights)
    )
    assert metrics["bcubed_f1"] == 1.0 and metrics["ari"] == 1.0
    assert metrics["stories"] == 2.0 and metrics["gold_stories"] == 2.0
    assert metrics["encoder_calls"] == encoder.calls >= 5
    assert metrics["texts_encoded"] == encoder.texts_encoded


def test_the_task_is_registered(corpus_dir, monkeypatch):
    task = get_task("stories")
    assert task.available
    assert task.metric_names == (
        "bcubed_precision",
        "bcubed_recall",
        "bcubed_f1",
        "pairwise_f1",
        "ari",
    )
    import stemma.stories.evaluate as evaluate

    weights = tuple({"cosine": 20.0, "bias": -10.0}.get(f, 0.0) for f in FEATURES)
    real = evaluate.run_stories
    monkeypatch.setattr(
        evaluate,
        "run_stories",
        lambda corpus, seed=0: real(corpus, seed, TitleEncoder(), StoryConfig(weights=weights)),
    )
    result = run_task("stories", corpus_dir)
    assert list(result["metrics"])[:5] == list(task.metric_names)
    assert result["metrics"]["bcubed_f1"] == 1.0
