"""Scoring quotes against PolNeAR-style gold, and the `quotes` eval task."""

import pytest

from stemma.quotes.evaluate import match, score_documents


def _g(content, source=None):
    return {"content": content, "source": source, "cue": [0, 0]}


def test_half_overlap_counts_one_to_one():
    gold = [_g([10, 30], [0, 5]), _g([40, 60], [0, 5])]
    pred = [{"content": (15, 32), "source": (2, 4)}, {"content": (0, 100), "source": None}]
    pairs = match(pred, gold)
    assert sorted(pairs) == [(0, 0), (1, 1)]
    # one long prediction finds at most one gold content
    assert len(match([{"content": (0, 100), "source": None}], gold)) == 1


def test_less_than_half_is_a_miss():
    assert match([{"content": (25, 35), "source": None}], [_g([10, 30])]) == []


def test_scores():
    gold = [_g([10, 30], [0, 5]), _g([40, 60], [35, 39]), _g([70, 80])]
    pred = [
        {"content": (10, 30), "source": (0, 3)},  # found, source agrees
        {"content": (41, 60), "source": (0, 3)},  # found, wrong source
        {"content": (90, 95), "source": None},  # spurious
    ]
    m = score_documents([(pred, gold)])
    assert m["content_precision"] == pytest.approx(2 / 3)
    assert m["content_recall"] == pytest.approx(2 / 3)
    assert m["content_f1"] == pytest.approx(2 / 3)
    assert m["source_agreement"] == pytest.approx(1 / 2)


def test_quotes_task_is_registered():
    from stemma.eval.tasks import _resolve, get_task

    task = get_task("quotes")
    assert task.available
    assert _resolve(task).__name__ == "run_quotes"


def test_quotes_task_on_polnear_dev(corpora):
    from stemma.eval.tasks import run_task

    if not (corpora / "polnear").is_dir():
        pytest.skip("polnear not in the shared corpora")
    result = run_task("quotes", corpora / "polnear", split="dev")
    metrics = result["metrics"]
    assert metrics["gold"] > 1000
    assert 0.0 < metrics["content_f1"] <= 1.0
    # well above what quotation marks alone find (about 0.29 content F1 on dev)
    assert metrics["content_f1"] > 0.5 and metrics["source_agreement"] > 0.7
