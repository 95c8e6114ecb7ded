import inspect
import json
from pathlib import Path

import pytest

from stemma.eval.corpus import Corpus, CorpusNotFound, corpora_root, open_corpus


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")


def article(id: str, text: str, lang: str = "en") -> dict:
    return {"id": id, "outlet": "Daily Lantern", "lang": lang, "title": text[:20],
            "published": None, "url": None, "text": text}  # fmt: skip


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """An unsplit corpus: three articles, two stories."""
    root = tmp_path / "tiny"
    root.mkdir()
    write_jsonl(
        root / "articles.jsonl",
        [
            article("t1", "The bridge over the Velta river reopened on Monday."),
            article("t2", "پل رودخانه ولتا روز دوشنبه بازگشایی شد.", "fa"),
            article("t3", "A late frost damaged the apricot harvest."),
        ],
    )
    write_jsonl(
        root / "gold.jsonl",
        [{"id": "t1", "story": "bridge"}, {"id": "t2", "story": "bridge"},
         {"id": "t3", "story": "frost"}],
    )  # fmt: skip
    return root


@pytest.fixture
def split(tmp_path: Path) -> Path:
    """A split corpus in the PolNeAR layout."""
    root = tmp_path / "quotes"
    root.mkdir()
    for name, ids in (("train", ["a", "b"]), ("dev", ["c"])):
        write_jsonl(root / f"{name}.articles.jsonl", [article(i, f"Text {i}.") for i in ids])
        write_jsonl(root / f"{name}.gold.jsonl", [{"id": i, "attributions": []} for i in ids])
    return root


def test_unsplit_corpus_by_path(tiny: Path):
    corpus = open_corpus(tiny)
    assert corpus == Corpus(tiny.resolve(), "tiny", None)
    assert corpus.label == "tiny"
    assert corpus.articles_path == tiny.resolve() / "articles.jsonl"
    assert corpus.gold_path == tiny.resolve() / "gold.jsonl"
    assert [a["id"] for a in corpus.iter_articles()] == ["t1", "t2", "t3"]
    gold = corpus.load_gold()
    assert gold["t2"] == {"id": "t2", "story": "bridge"}
    assert corpus.gold_pairs() == []


def test_articles_are_streamed(tiny: Path):
    articles = open_corpus(tiny).iter_articles()
    assert inspect.isgenerator(articles)
    assert next(articles)["id"] == "t1"


def test_articles_never_carry_gold(tiny: Path):
    for record in open_corpus(tiny).iter_articles():
        assert "story" not in record


def test_bare_name_resolves_under_corpora_root(tiny: Path, monkeypatch):
    monkeypatch.setenv("STEMMA_CORPORA", str(tiny.parent))
    assert corpora_root() == tiny.parent
    assert open_corpus("tiny").path == tiny.resolve()


def test_default_root_is_beside_the_repository(monkeypatch):
    monkeypatch.delenv("STEMMA_CORPORA", raising=False)
    repo = Path(__file__).resolve().parents[2]
    assert corpora_root().resolve() == (repo / ".." / "shared" / "corpora").resolve()


def test_split_corpus_defaults_to_dev(split: Path):
    corpus = open_corpus(split)
    assert (corpus.split, corpus.label) == ("dev", "quotes:dev")
    assert corpus.articles_path.name == "dev.articles.jsonl"
    assert corpus.gold_path.name == "dev.gold.jsonl"
    assert [a["id"] for a in corpus.iter_articles()] == ["c"]
    train = open_corpus(split, "train")
    assert [a["id"] for a in train.iter_articles()] == ["a", "b"]
    assert set(train.load_gold()) == {"a", "b"}


def test_only_split_is_the_default(tmp_path: Path):
    root = tmp_path / "solo"
    root.mkdir()
    write_jsonl(root / "test.articles.jsonl", [article("x", "Text.")])
    assert open_corpus(root).split == "test"


def test_pair_gold_is_keyed_by_derived_id(tmp_path: Path):
    root = tmp_path / "pairs"
    root.mkdir()
    write_jsonl(root / "articles.jsonl", [article(i, "Text.", "ur") for i in ("s1", "d1", "s2")])
    write_jsonl(
        root / "gold.jsonl",
        [{"source": "s1", "derived": "d1", "label": "WD"},
         {"source": "s2", "derived": "d2", "label": "ND"}],
    )  # fmt: skip
    corpus = open_corpus(root)
    assert corpus.load_gold()["d1"]["label"] == "WD"
    assert [(s, d, r["label"]) for s, d, r in corpus.gold_pairs()] == [
        ("s1", "d1", "WD"),
        ("s2", "d2", "ND"),
    ]


def test_missing_corpus_names_the_path(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("STEMMA_CORPORA", str(tmp_path))
    with pytest.raises(CorpusNotFound, match=str(tmp_path / "nowhere")):
        open_corpus("nowhere")
    with pytest.raises(ValueError, match="not a folder"):  # a ValueError for CLI handlers too
        open_corpus(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError):
        open_corpus(tmp_path / "nowhere")


def test_folder_without_articles(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusNotFound, match="no articles.jsonl"):
        open_corpus(tmp_path / "empty")


def test_bad_splits(tiny: Path, split: Path):
    with pytest.raises(CorpusNotFound, match="no splits"):
        open_corpus(tiny, "dev")
    with pytest.raises(CorpusNotFound, match=r"split 'test'.*dev, train"):
        open_corpus(split, "test")


def test_missing_gold_is_reported_when_loaded(tiny: Path):
    (tiny / "gold.jsonl").unlink()
    corpus = open_corpus(tiny)  # articles alone can still be ingested
    assert len(list(corpus.iter_articles())) == 3
    with pytest.raises(CorpusNotFound, match="gold.jsonl"):
        corpus.load_gold()


def test_broken_line_names_file_and_line(tiny: Path):
    with (tiny / "articles.jsonl").open("a", encoding="utf-8") as f:
        f.write("\n{not json\n")
    with pytest.raises(ValueError, match=r"articles.jsonl:5: invalid JSON"):
        list(open_corpus(tiny).iter_articles())


# --- the shared corpora ---------------------------------------------------------------------------


def count_lines(path: Path) -> int:
    with path.open(encoding="utf-8") as f:
        return sum(1 for line in f if line.strip())


def test_ntrex_layout(corpora: Path):
    corpus = open_corpus(corpora / "ntrex")
    assert corpus.split is None
    ids = [a["id"] for a in corpus.iter_articles()]
    assert len(ids) == count_lines(corpus.articles_path) == 492
    gold = corpus.load_gold()
    assert set(gold) == set(ids)
    assert {a["lang"] for a in corpus.iter_articles()} == {"en", "fa", "ar", "de"}
    assert len({g["story"] for g in gold.values()}) == 123


def test_polnear_splits(corpora: Path):
    dev = open_corpus(corpora / "polnear")
    assert dev.split == "dev"
    train = open_corpus(corpora / "polnear", "train")
    for corpus in (dev, train):
        ids = [a["id"] for a in corpus.iter_articles()]
        assert len(ids) == count_lines(corpus.articles_path)
        gold = corpus.load_gold()
        assert set(gold) == set(ids)
        assert all(g["split"] == corpus.split for g in gold.values())
    assert count_lines(dev.articles_path) + count_lines(train.articles_path) == 924


def test_counter_pairs(corpora: Path):
    corpus = open_corpus(corpora / "counter")
    ids = {a["id"] for a in corpus.iter_articles()}
    pairs = corpus.gold_pairs()
    assert len(pairs) == len(corpus.load_gold()) == 299
    assert {s for s, _, _ in pairs} | {d for _, d, _ in pairs} == ids
    assert {r["label"] for _, _, r in pairs} == {"WD", "PD", "ND"}


def test_named_corpus_under_the_shared_root(corpora: Path, monkeypatch):
    monkeypatch.setenv("STEMMA_CORPORA", str(corpora))
    assert open_corpus("ecbplus").name == "ecbplus"
    with pytest.raises(CorpusNotFound, match="no articles.jsonl"):
        open_corpus("seeds")  # plain captures, not a scored corpus
