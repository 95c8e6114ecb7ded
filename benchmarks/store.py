"""The PostgreSQL store beside the SQLite one: the same `stemma analyze` on each.

    python -m benchmarks.store [--articles 200] [--repeats 3]

A pile of COUNTER articles (Urdu agency stories and the newspaper stories derived from them) is
analysed from scratch by the CLI into a fresh SQLite file and into a fresh database of a
throw-away local PostgreSQL (pgserver, on a Unix socket), then analysed again with nothing new (the incremental path: every stage row
read back from the store). The hashed stand-in encoder keeps the figures about the store, not
the encoder. Wall seconds of the whole command, medians over the repeats; both stores in the same
run, alternating, so load on the machine falls on both alike.
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

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "python -m benchmarks.store"
ENCODER = "hashed"


def _pile(corpora: Path, n: int, folder: Path) -> Path:
    """``n`` COUNTER articles, news-agency stories with the newspaper stories derived from them
    (both of a pair, so the pile has links to find), as a JSONL file outside the project."""
    rows = [
        json.loads(line)
        for line in (corpora / "counter" / "articles.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip()
    ]
    ids = {r["id"] for r in rows}
    paired = [
        r
        for r in rows
        if (r["id"].removesuffix("p") + "p") in ids and r["id"].removesuffix("p") in ids
    ]
    out = folder / "pile.jsonl"
    with out.open("w", encoding="utf-8") as w:
        for r in sorted(paired, key=lambda r: r["id"])[:n]:
            w.write(json.dumps(r, ensure_ascii=False) + "\n")
    return out


def _timed(args: list[str]) -> tuple[float, dict]:
    env = {**os.environ, "STEMMA_ENCODER": ENCODER, "OMP_NUM_THREADS": "1"}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "stemma.cli", *args, "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"stemma {' '.join(args[:1])} failed: {proc.stderr[-2000:]}")
    return took, json.loads(proc.stdout)


def measure(corpora: Path, articles: int, repeats: int) -> dict:
    import pgserver
    import psycopg

    times: dict[str, dict[str, list[float]]] = {
        s: {"analyze": [], "again": []} for s in ("sqlite", "postgres")
    }
    found: dict[str, tuple] = {}
    with tempfile.TemporaryDirectory(prefix="stemma-bench-") as tmp:
        folder = Path(tmp)
        pile = _pile(corpora, articles, folder)
        server = pgserver.get_server(folder / "pg", cleanup_mode="stop")
        try:
            for r in range(repeats):
                name = f"bench{r}"
                with psycopg.connect(server.get_uri(), autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{name}"')
                where = {"sqlite": str(folder / f"s{r}.db"), "postgres": server.get_uri(name)}
                for store, db in where.items():
                    took, report = _timed(["analyze", str(pile), "--db", db])
                    times[store]["analyze"].append(took)
                    again, _ = _timed(["link", "--db", db])
                    times[store]["again"].append(again)
                    found[store] = (report["articles"], report["stories"], report["links"])
        finally:
            server.cleanup()
    return {"times": times, "found": found}


def section(result: dict, articles: int, repeats: int) -> str:
    t = result["times"]
    med = {s: {k: statistics.median(v) for k, v in t[s].items()} for s in t}
    lines = [
        "## Stores: PostgreSQL beside SQLite",
        "",
        f"Command: `{COMMAND} --articles {articles} --repeats {repeats}` (part of `make bench`). "
        f"{articles} COUNTER articles (agency stories and the newspaper stories derived from them), `stemma analyze` from scratch (ingest, every "
        f"stage, links and stories written) and then `stemma link` with nothing new (the "
        f"incremental path), `--encoder {ENCODER}`; wall seconds of the whole command (process "
        f"start included), medians of {repeats} runs, both stores in the same run, alternating. "
        "PostgreSQL: pgserver's PostgreSQL 16 on a Unix socket of this machine.",
        "",
        "| store | analyze (s) | again, nothing new (s) | articles, stories, links |",
        "|---|---:|---:|---|",
    ]
    for store in ("sqlite", "postgres"):
        articles_n, stories, links = result["found"][store]
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(links.items())) or "none"
        lines.append(
            f"| {store} | {med[store]['analyze']:.1f} | {med[store]['again']:.1f} "
            f"| {articles_n}, {stories}, {kinds} |"
        )
    ratio = med["postgres"]["analyze"] / med["sqlite"]["analyze"]
    lines += [
        "",
        f"PostgreSQL takes {ratio:.2f}x SQLite's time for the analysis from scratch "
        f"({med['postgres']['again'] / med['sqlite']['again']:.2f}x for the run with nothing new); "
        "both find the same stories and links"
        + (
            "."
            if result["found"]["sqlite"] == result["found"]["postgres"]
            else " **NOT**: see above."
        ),
        "",
    ]
    return "\n".join(lines)


def run(corpora: Path, articles: int = 200, repeats: int = 3) -> str:
    return section(measure(Path(corpora), articles, repeats), articles, repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--corpora",
        type=Path,
        default=Path(os.environ.get("STEMMA_CORPORA", ROOT.parent / "shared" / "corpora")),
    )
    args = parser.parse_args()
    print(run(args.corpora, args.articles, args.repeats))


if __name__ == "__main__":
    main()
