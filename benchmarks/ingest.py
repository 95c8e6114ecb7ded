"""Ingest throughput and peak memory (no encoder involved).

    python -m benchmarks.ingest [--runs 3] [--corpora PATH]

For each JSONL corpus, and for the ntrex articles written out as one .txt file each, every run
ingests the input into a fresh SQLite store in its own process through ``stemma.ingest.pipeline
.ingest`` (the same call `stemma ingest` makes) and records wall time, CPU time (the process and
its analysis workers together), the load average around the run and peak RSS. On a shared
machine wall time depends on what else runs; articles per CPU-second does much less. A growth series feeds 1x, 2x, 4x (and 8x when quick enough) copies of one corpus to show that
memory stays flat as input grows. Target from the foundation issue: at least 200 articles/s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"  # git-ignored scratch space: stores and generated inputs live here
COMMAND = "python -m benchmarks.ingest"
TARGET = 200.0  # articles/s
# (corpus, splits); None = the unsplit layout
CORPORA: list[tuple[str, list[str | None]]] = [
    ("ntrex", [None]),
    ("ecbplus", [None]),
    ("polnear", ["train", "dev"]),
    ("uci-headlines", [None]),
]
GROWTH_CORPUS = "ntrex"
GROWTH = (1, 2, 4)
GROWTH_MORE = 8  # also run when the 4x run took less than QUICK_S
QUICK_S = 90.0
WARMUP = (
    b'{"id": "warmup", "lang": "en", "title": "Warm-up", "text": "A short line to load models."}\n'
)


class PipelineUnavailable(RuntimeError):
    pass


def check_pipeline() -> None:
    try:
        import stemma.ingest.pipeline  # noqa: F401
        import stemma.store  # noqa: F401
    except ImportError as exc:
        raise PipelineUnavailable(
            f"the ingest pipeline (stemma.ingest.pipeline.ingest) is not importable yet: {exc}"
        ) from exc


# --- inside one measured process -----------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _cpu_s() -> float:
    """User + system CPU of this process and of its reaped children (the analysis workers)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _children_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # largest worker


def worker(db: str, paths: list[str]) -> dict:
    """Ingest ``paths`` into a new store at ``db``; one JSON line of figures on stdout."""
    from stemma.ingest import pipeline
    from stemma.ingest.pipeline import ingest
    from stemma.store import open_store

    rss_import = _rss_mb()
    # a one-line warm-up, so the timed run measures steady throughput; its cost is reported apart
    warm_path = Path(db).with_suffix(".warmup.jsonl")
    warm_path.write_bytes(WARMUP)
    start = time.perf_counter()
    warm_store = open_store(":memory:")
    ingest(warm_store, [warm_path])
    warm_store.close()
    warm_up = getattr(pipeline, "warm_up", None)  # language models, loaded before workers fork
    if warm_up is not None:
        warm_up()
    warmup_s = time.perf_counter() - start
    rss_warm = _rss_mb()

    store = open_store(db)
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), _cpu_s()
    report = ingest(store, paths)
    seconds, cpu = time.perf_counter() - start, _cpu_s() - cpu
    load = (load + os.getloadavg()[0]) / 2
    store.close()
    return {
        "seconds": seconds,
        "cpu_s": cpu,
        "load": load,
        "rss_workers_mb": _children_rss_mb(),
        "warmup_s": warmup_s,
        "stored": len(report.added) + len(report.versions),
        "skipped": len(report.problems),
        "rss_import_mb": rss_import,
        "rss_warm_mb": rss_warm,
        "rss_peak_mb": _rss_mb(),
    }


# --- driving processes ---------------------------------------------------------------------------


def measure(paths: list[Path], runs: int) -> dict:
    """``runs`` fresh-store ingests of ``paths``, each in its own process; medians and peaks."""
    results = []
    for i in range(runs):
        with tempfile.TemporaryDirectory(dir=WORK, prefix="store-") as tmp:
            db = Path(tmp) / f"run{i}.db"
            cmd = [sys.executable, "-m", "benchmarks.ingest", "--worker", str(db)]
            proc = subprocess.run(
                cmd + [str(p) for p in paths],
                cwd=HERE.parent,
                capture_output=True,
                text=True,
            )
            if proc.returncode != 0:
                raise RuntimeError(
                    f"ingest worker failed ({proc.returncode}):\n{proc.stderr[-2000:]}"
                )
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    rates = [r["stored"] / r["seconds"] if r["seconds"] else 0.0 for r in results]
    cpu_rates = [r["stored"] / r["cpu_s"] if r["cpu_s"] else 0.0 for r in results]
    return {
        "stored": results[0]["stored"],
        "skipped": results[0]["skipped"],
        "rate": statistics.median(rates),
        "rate_min": min(rates),
        "rate_max": max(rates),
        "cpu_rate": statistics.median(cpu_rates),
        "load": statistics.median(r["load"] for r in results),
        "rss_workers_mb": max(r["rss_workers_mb"] for r in results),
        "seconds": statistics.median(r["seconds"] for r in results),
        "warmup_s": statistics.median(r["warmup_s"] for r in results),
        "rss_import_mb": max(r["rss_import_mb"] for r in results),
        "rss_peak_mb": max(r["rss_peak_mb"] for r in results),
        "input_mb": sum(p.stat().st_size for p in _files(paths)) / 2**20,
    }


def _files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from (p for p in path.rglob("*") if p.is_file())
        else:
            yield path


def corpus_files(corpora: Path, name: str, splits: list[str | None]) -> list[Path]:
    from stemma.eval.corpus import open_corpus

    return [open_corpus(corpora / name, split).articles_path for split in splits]


def write_copies(source: Path, copies: int, folder: Path) -> Path:
    """``copies`` copies of every line of ``source``, streamed, each with a fresh id.

    Each copy also gets its own outlet name, so outlet-level chrome learning sees what one copy
    of the corpus would show rather than every line repeated ``copies`` times.
    """
    target = folder / f"{source.stem}.x{copies}.jsonl"
    with target.open("w", encoding="utf-8") as out:
        for k in range(copies):
            with source.open(encoding="utf-8") as lines:
                for line in lines:
                    if not line.strip():
                        continue
                    record = json.loads(line)
                    if k:
                        record["id"] = f"{record['id']}~{k}"
                        if record.get("outlet"):
                            record["outlet"] = f"{record['outlet']} ~{k}"
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


def write_text_files(source: Path, folder: Path) -> Path:
    """Each article of ``source`` as ``<id>.txt`` holding its text (UTF-8)."""
    folder.mkdir(parents=True, exist_ok=True)
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                # ids come from our corpus but are still kept to safe file-name characters
                name = re.sub(r"[^\w.-]", "_", str(record["id"]))[:120]
                (folder / f"{name}.txt").write_text(record["text"], encoding="utf-8")
    return folder


# --- the section ---------------------------------------------------------------------------------


def _runs(n: int) -> str:
    return f"{n} run" if n == 1 else f"{n} runs"


def _meets(rate: float) -> str:
    return "yes" if rate >= TARGET else "no"


def run(corpora: Path, runs: int = 3) -> str:
    check_pipeline()
    WORK.mkdir(exist_ok=True)
    load_start = os.getloadavg()[0]
    rows = []
    for name, splits in CORPORA:
        paths = corpus_files(corpora, name, splits)
        label = name if splits == [None] else f"{name} ({'+'.join(str(s) for s in splits)})"
        rows.append((label, "JSONL", measure(paths, runs)))
        _progress(f"{label}: {rows[-1][2]['rate']:.0f} articles/s")

    with tempfile.TemporaryDirectory(dir=WORK, prefix="inputs-") as tmp:
        folder = write_text_files(corpus_files(corpora, "ntrex", [None])[0], Path(tmp) / "txt")
        rows.append(("ntrex as .txt files", "text folder", measure([folder], runs)))
        _progress(f"text files: {rows[-1][2]['rate']:.0f} articles/s")

        growth = []
        source = corpus_files(corpora, GROWTH_CORPUS, [None])[0]
        for copies in (*GROWTH, GROWTH_MORE):
            if copies == GROWTH_MORE and growth[-1][1]["seconds"] > QUICK_S:
                break
            data = write_copies(source, copies, Path(tmp))
            growth.append((copies, measure([data], 1)))
            data.unlink()
            _progress(f"growth {copies}x: {growth[-1][1]['rss_peak_mb']:.0f} MB")

    return render(rows, growth, runs, (load_start, os.getloadavg()[0]))


def render(
    rows: list[tuple[str, str, dict]],
    growth: list[tuple[int, dict]],
    runs: int,
    load: tuple[float, float] | None = None,
) -> str:
    lines = [
        "## Ingest throughput and memory",
        "",
        f"Command: `{COMMAND}` (part of `make bench`). Each run ingests into a fresh SQLite store "
        f"in its own process; articles/s is the median of {_runs(runs)} (min-max beside it), after "
        "a one-article warm-up whose time (loading language models) is shown apart. Peak RSS is "
        "the whole process, interpreter and libraries included. No encoder is involved. "
        "Per CPU-s divides by the user+system CPU time of the process and its analysis workers "
        "together: the rate one free core gives, much less dependent than wall time on what else "
        "the machine is doing (load: the 1-minute load average around each run, median; this "
        "machine has 2 cores). Worker RSS is the largest analysis worker's peak. "
        f"Target: at least {TARGET:.0f} articles/s (wall)."
        + (f" Load average at start and end: {load[0]:.1f}, {load[1]:.1f}." if load else ""),
        "",
        "| input | format | MB | articles | skipped | articles/s | min-max | per CPU-s | load "
        "| warm-up s | peak RSS MB | worker RSS MB | target met |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, fmt, m in rows:
        lines.append(
            f"| {label} | {fmt} | {m['input_mb']:.1f} | {m['stored']} | {m['skipped']} "
            f"| {m['rate']:.0f} | {m['rate_min']:.0f}-{m['rate_max']:.0f} | {m['cpu_rate']:.0f} "
            f"| {m['load']:.1f} | {m['warmup_s']:.1f} | {m['rss_peak_mb']:.0f} "
            f"| {m['rss_workers_mb']:.0f} | {_meets(m['rate'])} |"
        )
    if growth:
        base = growth[0][1]["rss_peak_mb"]
        lines += [
            "",
            f"Memory as the input grows: `{GROWTH_CORPUS}` repeated with fresh ids (and one outlet "
            "name per copy) in one JSONL file, one run each.",
            "",
            "| copies | articles | input MB | articles/s | per CPU-s | RSS after imports MB "
            "| peak RSS MB | worker RSS MB | peak vs 1x |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for copies, m in growth:
            lines.append(
                f"| {copies}x | {m['stored']} | {m['input_mb']:.1f} | {m['rate']:.0f} "
                f"| {m['cpu_rate']:.0f} | {m['rss_import_mb']:.0f} | {m['rss_peak_mb']:.0f} "
                f"| {m['rss_workers_mb']:.0f} "
                f"| {m['rss_peak_mb'] / base:.2f}x |"
            )
    met = [label for label, _, m in rows if m["rate"] >= TARGET]
    missed = [label for label, _, m in rows if m["rate"] < TARGET]
    lines += [
        "",
        f"Target of {TARGET:.0f} articles/s met on: {', '.join(met) or 'none'}"
        + (f"; missed on: {', '.join(missed)}." if missed else "."),
    ]
    return "\n".join(lines) + "\n"


def _progress(message: str) -> None:
    print(f"  ingest: {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        print(json.dumps(worker(argv[1], argv[2:])))
        return 0
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per input (median reported)")
    parser.add_argument("--corpora", type=Path, help="corpora folder (default: STEMMA_CORPORA)")
    args = parser.parse_args(argv)
    from stemma.eval.corpus import corpora_root

    corpora = args.corpora or corpora_root()
    if not corpora.is_dir():
        print(f"corpora not found at {corpora} (set STEMMA_CORPORA)", file=sys.stderr)
        return 2
    print(run(corpora, runs=args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
