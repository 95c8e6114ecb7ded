"""The candidates step alone (stemma.stages.candidates through the engine's
``_shared_text``): CPU seconds and peak memory of a full run (no kept index: every fingerprint
row read, the pile's pairs found from scratch) beside an incremental one (the index kept for
the pile less ``added`` articles, those taken in), on the cost piles' fingerprint rows.

    python -m benchmarks.run candidates           # 10,000 articles, 100,000 when its rows are made
    python -m benchmarks.candidates 10000 100000  # both (the 100k rows take minutes to make)

Each measurement runs in a fresh process on its own copy of the store; peak RSS is the
process's high-water mark less its size before the step (the step's own memory). The rows
are made once per pile (``benchmarks/.work/candidates-N.db``) with the engine's code path.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import queue
import random
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

from benchmarks.cost import WORK, ensure_store, store_path

SIZES = (10_000,)
ADDED = 100
RUNS = 3
SEED = 7


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


class _Pile(dict):
    """The engine's pile as ``_shared_text`` reads it: ids in, nothing left to stream."""

    def stream(self, ids):
        return iter(())


def rows_store(corpora: Path, size: int) -> Path:
    """A copy of the cost pile with every article's fingerprint row (made once)."""
    target = WORK / f"candidates-{size}.db"
    if target.exists():
        return target
    ensure_store(corpora, size)
    from stemma.engine.articles import open_pile
    from stemma.engine.local import AnalysisReport, _fingerprints, stage_versions
    from stemma.stages import fingerprints
    from stemma.store import open_store

    part = target.with_suffix(".part")
    shutil.copy(store_path(size), part)
    with open_store(part, create=False) as store:
        digests = dict(store.article_digests())
        pile = open_pile(store, digests)[0]  # (the pile, how many articles were read)
        code = stage_versions()[fingerprints.STAGE]
        _fingerprints(store, pile.linking, pile.digests, code, AnalysisReport())
        # the code the rows were made with: measured runs take them as made by this code
        meta = {"digests": pile.digests, "code": code}
    part.with_suffix(".json").write_text(json.dumps(meta))
    part.rename(target)
    part.with_suffix(".json").rename(target.with_suffix(".json"))
    return target


def _setup(db: str, added: int) -> tuple:
    meta = json.loads(Path(db).with_suffix(".json").read_text())
    digests, code = meta["digests"], meta["versions"]
    ids = sorted(digests)
    new = set(random.Random(SEED).sample(ids, added)) if added else set()
    return digests, code, ids, new


def _keep_index(db: str, added: int, out) -> None:
    """In a fresh process: the index the last run kept, of the pile less ``added`` articles."""
    from stemma.engine.local import AnalysisReport, _shared_text
    from stemma.stages import fingerprints
    from stemma.store import open_store

    digests, code, ids, new = _setup(db, added)
    with open_store(db, create=False) as store:
        rows = list(store.stage_rows(fingerprints.STAGE, sorted(new)))
        _shared_text(store, _Pile.fromkeys(i for i in ids if i not in new), digests, code,
                     AnalysisReport())  # fmt: skip
        store.put_stage_rows(fingerprints.STAGE, rows)  # deleted as stale there: back
    out.put({})


def _measure(db: str, added: int, out) -> None:
    """In a fresh process: the step on ``db`` (the index of the pile less ``added`` articles
    kept there when ``added``)."""
    from stemma.engine.local import AnalysisReport, _shared_text
    from stemma.stages import candidates
    from stemma.store import open_store

    digests, code, ids, _ = _setup(db, added)
    with open_store(db, create=False) as store:
        pile = _Pile.fromkeys(ids)
        before, cpu = _rss_mb(), time.process_time()
        report = AnalysisReport()
        shared = _shared_text(store, pile, digests, code, report)
        cpu = time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kept = sum(len(v) for _, _, v in store.stage_rows(candidates.STAGE))
    out.put(
        {
            "cpu": cpu,
            "peak": peak - before,
            "typed": len(shared.typed),
            "looked_up": report.made["candidate texts"],
            "texts": report.made["candidate texts"] + report.reused["candidate texts"],
            "kept_mb": kept / 2**20,
        }
    )


def _child(target, *args) -> dict:
    ctx = mp.get_context("spawn")  # a fresh process: its peak is this step's
    out = ctx.Queue()
    child = ctx.Process(target=target, args=(*args, out))
    child.start()
    while True:  # a child that dies puts nothing: said, not waited for
        try:
            got = out.get(timeout=5)
            break
        except queue.Empty:
            if not child.is_alive():
                raise RuntimeError(f"{target.__name__} failed (exit {child.exitcode})") from None
    child.join()
    return got


def measure(db: Path, added: int) -> dict:
    from stemma.engine.local import stage_versions
    from stemma.stages import fingerprints

    work = db.with_name(f"{db.stem}-run.db")
    shutil.copy(db, work)
    # each stage's code hashed once, here: both processes take the rows as made by one code
    # (an edit to the tree between them made the index the first one kept stale)
    meta = json.loads(db.with_suffix(".json").read_text())
    meta["versions"] = {**stage_versions(), fingerprints.STAGE: meta["code"]}
    work.with_suffix(".json").write_text(json.dumps(meta))
    try:
        if added:
            _child(_keep_index, str(work), added)
        return _child(_measure, str(work), added)
    finally:
        work.unlink(missing_ok=True)
        work.with_suffix(".json").unlink(missing_ok=True)


LARGE = (100_000,)  # measured too when their rows are made (``python -m benchmarks.candidates``)


def run(corpora: Path, sizes: tuple[int, ...] | None = None, runs: int = RUNS) -> str:
    if sizes is None:
        sizes = SIZES + tuple(n for n in LARGE if (WORK / f"candidates-{n}.db").exists())
    lines = [
        "## Candidates step: full and incremental",
        "",
        "The same-language candidates step alone (`stemma.engine.local._shared_text`: read "
        "fingerprint rows, update the kept index of the pile's texts, write it back, the pairs "
        f"to type). *Full*: no kept index (every row read, every text looked up). *Incremental*: "
        f"the index of the pile less {ADDED} articles kept, those {ADDED} taken in. Median of "
        f"{runs} runs each (one above 10,000 articles), each in a fresh process; peak = the "
        "step's own growth of RSS.",
        "",
        "| articles | run | CPU s | peak MB | texts looked up | typed pairs | kept index MB |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        db = rows_store(corpora, size)
        for label, added in (("full", 0), (f"+{ADDED}", ADDED)):
            got = [measure(db, added) for _ in range(runs if size <= 10_000 else 1)]
            cpu, peak = (statistics.median(g[k] for g in got) for k in ("cpu", "peak"))
            lines.append(
                f"| {size:,} | {label} | {cpu:.2f} | {peak:.0f} | "
                f"{got[0]['looked_up']:,} of {got[0]['texts']:,} | {got[0]['typed']:,} | "
                f"{got[0]['kept_mb']:.1f} |"
            )
    lines += [
        "",
        "Reproduce: `python -m benchmarks.run candidates` (10,000 articles), "
        "`python -m benchmarks.candidates 10000 100000`.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    sizes = tuple(int(a) for a in args) or None
    from stemma.eval.corpus import corpora_root

    print(run(corpora_root(), sizes))


if __name__ == "__main__":
    main()
