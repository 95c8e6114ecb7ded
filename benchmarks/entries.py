"""What the clusterer holds for each article, and what reading it costs per pair.

``StoryClusterer`` holds every article as an ``Entry`` (its ``Profile`` and a view of its centred
vector in the neighbour graph's blocks) for the whole run, so at 100k articles each kilobyte of
an entry is 100 MB of the clustering stage. Measured on the cost pile (``benchmarks/cost.py``
writes it): the bytes Python allocates for the entries of the pile's articles made as the
clusterer makes them (tracemalloc; the vectors themselves are not counted, they live in the
graph's blocks at 4 bytes a dimension), and the CPU time of ``pair_features`` per pair on random
pairs of those entries (what the packed shingle sketch is read by).

    python -m benchmarks.entries [--size 10000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import tracemalloc
from pathlib import Path

import numpy as np

COMMAND = "python -m benchmarks.entries"
SIZE = 10_000
PAIRS = 50_000
REPEATS = 3


def measure(corpora: Path, size: int = SIZE) -> dict:
    from benchmarks.cost import ensure_store, store_path
    from stemma.budget import analysed
    from stemma.store import open_store
    from stemma.stories.represent import represent
    from stemma.stories.similarity import Entry, pair_features

    ensure_store(corpora, size)
    with open_store(store_path(size)) as store:
        articles = [analysed(a) for a in store.iter_articles(raw=False)]
    rng = np.random.default_rng(1)
    block = rng.normal(size=(len(articles), 64)).astype(np.float32)
    block /= np.linalg.norm(block, axis=1, keepdims=True)
    tracemalloc.start()
    cpu = time.process_time()
    entries = {a.id: Entry(represent(a), block[i]) for i, a in enumerate(articles)}
    cpu = time.process_time() - cpu
    held, _ = tracemalloc.get_traced_memory()  # the dictionary too: the clusterer holds one
    tracemalloc.stop()
    ids = list(entries)
    pick = random.Random(2)
    pairs = [(entries[pick.choice(ids)], entries[pick.choice(ids)]) for _ in range(PAIRS)]
    per_pair = []
    for _ in range(REPEATS):
        start = time.process_time()
        for a, b in pairs:
            pair_features(a, b)
        per_pair.append((time.process_time() - start) / len(pairs) * 1e6)
    return {
        "articles": len(entries),
        "bytes_per_entry": held / len(entries),
        "represent_ms": cpu / len(entries) * 1e3,
        "pair_us": statistics.median(per_pair),
    }


def run(corpora: Path) -> str:
    m = measure(corpora)
    return "\n".join(
        [
            "## The clusterer's per-article state",
            "",
            "Bytes allocated for the clusterer's entries of the cost pile's articles (profile, "
            "`Entry`, its vector view and its slot in the dictionary of entries; the vectors "
            "live in the neighbour graph, 4 bytes a dimension) and CPU time of `pair_features` "
            f"per pair (median of {REPEATS} runs over {PAIRS:,} random pairs). "
            f"`{COMMAND}`",
            "",
            "| articles | bytes per entry | profile CPU ms / article | pair features CPU µs |",
            "|---|---|---|---|",
            f"| {m['articles']:,} | {m['bytes_per_entry']:,.0f} | {m['represent_ms']:.2f} "
            f"| {m['pair_us']:.1f} |",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--corpora", type=Path, default=None)
    args = parser.parse_args(argv)
    from stemma.eval.corpus import corpora_root

    print(measure(args.corpora or corpora_root(), args.size))


if __name__ == "__main__":
    main()
