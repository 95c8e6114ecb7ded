"""Collation against CollateX on witnesses made from real text with recorded random edits.

The base text is English ntrex news (articles concatenated in file order, read at run time, cut
to the case's length in words). Each other witness is the base with seeded random edits at
distinct, spaced word positions: substitutions (a word from later ntrex articles), insertions,
deletions and transpositions of two neighbouring words, each recorded with its base position.

Both tools collate the same witnesses, the base given as the base (stemma) or first witness
(CollateX, fed pre-tokenised words compared in lower case without punctuation, its defaults
otherwise). Agreement is the share of recorded edits that the tool reports as a variant of that
witness at the right base position: a substitution or deletion of base word i when i is inside a
reported variant; an insertion before word i when a reported variant touches i - 1 or i; a
transposition of words i, i + 1 when a variant touches either. Precision is the share of base
words a tool flags that lie within one word of a recorded edit of that witness.

Every tool and case runs in its own subprocess: stemma several times (median time; fresh article
ids each time, so no cache carries over), CollateX once with a time limit. Memory is the worker
process's peak resident set size (``ru_maxrss``: interpreter and imports included), and for the
collate call alone the peak of Python allocations (``tracemalloc``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

COMMAND = "python -m benchmarks.collation"
SEED = 5
EDIT_RATE = 0.04  # edits per base word in each witness
STEMMA_RUNS = 5
COLLATEX_TIMEOUT = 240  # seconds
# (name, witnesses, words, time target s, memory target MB)
CASES = [("10 x 700 words", 10, 700, 0.5, None), ("2 x 2,500 words", 2, 2500, 0.3, 150)]
_PUNCT = re.compile(r"[^\w]+")


@dataclass
class Edit:
    kind: str  # "substitution" | "insertion" | "deletion" | "transposition"
    at: int  # base word index (insertion: before this word)


def corpus_words(corpora: Path) -> list[str]:
    path = corpora / "ntrex" / "articles.jsonl"
    words: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("lang") == "en":
                words.extend(record["text"].split())
    return words


def make_witnesses(
    corpora: Path, n: int, length: int, seed: int = SEED
) -> tuple[list[list[str]], list[list[Edit]]]:
    """Word lists of ``n`` witnesses (the first is the base) and each one's recorded edits."""
    words = corpus_words(corpora)
    base, pool = words[:length], words[length:]
    rng = random.Random(seed)
    texts, edits = [base], [[]]
    for _ in range(n - 1):
        count = max(1, round(EDIT_RATE * length))
        spots = sorted(rng.sample(range(1, length // 3 - 1), count))
        spots = [3 * s for s in spots]  # at least three words apart: edits never touch
        out, mine, i = [], [], 0
        plan = {
            s: rng.choice(("substitution", "insertion", "deletion", "transposition")) for s in spots
        }
        while i < length:
            kind = plan.get(i)
            if kind == "substitution":
                new = rng.choice(pool)
                while _norm(new) == _norm(base[i]):
                    new = rng.choice(pool)
                out.append(new)
            elif kind == "insertion":
                new = rng.choice(pool)  # not a neighbour's word: the place would be ambiguous
                while _norm(new) in (_norm(base[i - 1]), _norm(base[i])):
                    new = rng.choice(pool)
                out.extend([new, base[i]])
            elif kind == "transposition" and _norm(base[i]) != _norm(base[i + 1]):
                out.extend([base[i + 1], base[i]])
                mine.append(Edit(kind, i))
                i += 2
                continue
            elif kind == "deletion":
                pass
            else:
                out.append(base[i])
                i += 1
                continue
            mine.append(Edit(kind, i))
            i += 1
        texts.append(out)
        edits.append(mine)
    return texts, edits


def _norm(word: str) -> str:
    return _PUNCT.sub("", word.lower())


def _offsets(words: list[str]) -> tuple[str, list[int]]:
    text = " ".join(words)
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    return text, starts


# --- the tools, in a worker process -------------------------------------------------------------


def run_stemma(texts: list[list[str]], runs: int) -> dict:
    import bisect
    import tracemalloc

    from stemma.collate import collate
    from stemma.model import Article

    def articles(tag: str) -> list:
        return [
            Article(id=f"w{k}-{tag}", raw=b"", format="txt", source=_offsets(t)[0], lang="en")
            for k, t in enumerate(texts)
        ]

    times, cpu, result = [], [], None
    for r in range(runs):
        witnesses = articles(str(r))
        start, start_cpu = time.perf_counter(), time.process_time()
        result = collate(witnesses, [], base=witnesses[0].id)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    witnesses = articles("traced")
    tracemalloc.start()
    collate(witnesses, [], base=witnesses[0].id)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    _, starts = _offsets(texts[0])
    flags: dict[int, set[int]] = {k: set() for k in range(1, len(texts))}
    for e in result.apparatus:
        lo = bisect.bisect_right(starts, e.start) - 1
        hi = bisect.bisect_right(starts, max(e.end - 1, e.start)) - 1
        # an insertion point touches the words on both sides of it
        point = bisect.bisect_left(starts, e.start)
        cover = set(range(lo, hi + 1)) if e.end > e.start else {point - 1, point}
        for reading in e.readings:
            for wid in reading.witnesses:
                flags[int(wid.split("-")[0][1:])].update(cover)
    # a passage only a witness has (an addition row) is an insertion between the base's
    # neighbouring words
    base_id = result.base
    before, prev = [], -1
    for row in result.rows:
        cell = row.cells[base_id]
        before.append(prev)
        if cell is not None:
            prev = bisect.bisect_right(starts, cell.end - 1) - 1
    after, nxt = [0] * len(result.rows), len(starts)
    for n in range(len(result.rows) - 1, -1, -1):
        after[n] = nxt
        cell = result.rows[n].cells[base_id]
        if cell is not None:
            nxt = bisect.bisect_right(starts, cell.start) - 1
    for n, row in enumerate(result.rows):
        if row.cells[base_id] is None:
            for wid in row.witnesses:
                flags[int(wid.split("-")[0][1:])].update({before[n], after[n]})
    return {
        "times": times,
        "cpu": cpu,
        "traced": traced,
        "flags": {k: sorted(v) for k, v in flags.items()},
    }


def run_collatex(texts: list[list[str]]) -> dict:
    from collatex import collate

    data = {
        "witnesses": [
            {
                "id": f"w{k}",
                "tokens": [{"t": w + " ", "n": _norm(w) or w, "i": i} for i, w in enumerate(t)],
            }
            for k, t in enumerate(texts)
        ]
    }
    start, start_cpu = time.perf_counter(), time.process_time()
    table = collate(data, output="table", segmentation=False)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    flags: dict[int, set[int]] = {k: set() for k in range(1, len(texts))}
    columns = table.columns
    base_at = []  # base word indices of each column
    for col in columns:
        toks = col.tokens_per_witness.get("w0") or []
        base_at.append([t.token_data["i"] for t in (toks if isinstance(toks, list) else [toks])])
    nxt, following = len(texts[0]), [0] * len(columns)
    for c in range(len(columns) - 1, -1, -1):
        following[c] = nxt
        if base_at[c]:
            nxt = base_at[c][0]
    prev = -1
    for c, col in enumerate(columns):
        base = [_norm(texts[0][i]) or texts[0][i] for i in base_at[c]]
        for k in range(1, len(texts)):
            toks = col.tokens_per_witness.get(f"w{k}") or []
            toks = toks if isinstance(toks, list) else [toks]
            mine = [t.token_data["n"] for t in toks]
            if base_at[c] and mine != base:
                flags[k].update(base_at[c])
            elif not base_at[c] and mine:
                flags[k].update({prev, following[c]})
        if base_at[c]:
            prev = base_at[c][-1]
    return {"times": [elapsed], "cpu": [cpu], "flags": {k: sorted(v) for k, v in flags.items()}}


def worker(tool: str, corpora: Path, n: int, length: int) -> None:
    import resource

    texts, _ = make_witnesses(corpora, n, length)
    out = run_stemma(texts, STEMMA_RUNS) if tool == "stemma" else run_collatex(texts)
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


# --- scoring and the report ---------------------------------------------------------------------


def score(edits: list[list[Edit]], flags: dict) -> tuple[float, float]:
    """(agreement: recorded edits found at their base position, precision of flagged words)."""
    found = total = near = flagged = 0
    for k in range(1, len(edits)):
        got = set(flags.get(str(k), flags.get(k, [])))
        places = set()
        for e in edits[k]:
            total += 1
            want = {e.at} if e.kind in ("substitution", "deletion") else {e.at - 1, e.at}
            if e.kind == "transposition":
                want = {e.at, e.at + 1}
            found += bool(want & got)
            places.update(range(e.at - 1, e.at + 3 if e.kind == "transposition" else e.at + 2))
        flagged += len(got)
        near += len(got & places)
    return (found / total if total else 0.0), (near / flagged if flagged else 0.0)


def _spawn(tool: str, corpora: Path, n: int, length: int, timeout: float) -> dict | str:
    cmd = [sys.executable, "-m", "benchmarks.collation", "--worker", tool, str(n), str(length)]
    cmd += ["--corpora", str(corpora)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"did not finish in {timeout:.0f} s"
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(corpora: Path) -> str:
    lines = [
        "## Collation",
        "",
        f"`{COMMAND}`. Witnesses: English ntrex news text, base plus witnesses with seeded random "
        f"edits ({EDIT_RATE:.0%} of the words each: substitutions, insertions, deletions, "
        "transpositions), recorded. stemma: median of "
        f"{STEMMA_RUNS} runs (wall clock, and CPU time of the process, which a busy machine "
        "inflates less); CollateX 2.3 (EditGraphAligner, pre-tokenised, no segmentation): one "
        f"run, limit {COLLATEX_TIMEOUT} s. Agreement: share of recorded edits reported as a "
        "variant of that witness at the right base position; precision: share of flagged base "
        "words within one word of a recorded edit. Peak RSS: whole worker process (`ru_maxrss`, "
        "interpreter and imports included); traced: peak Python allocations of one collate call "
        "(`tracemalloc`).",
        "",
        "| case | tool | time (s) | CPU (s) | target | peak RSS (MB) | traced (MB) | agreement "
        "| precision |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, n, length, target_s, target_mb in CASES:
        _, edits = make_witnesses(corpora, n, length)
        target = f"≤ {target_s} s" + (f", ≤ {target_mb} MB" if target_mb else "")
        for tool in ("stemma", "collatex"):
            timeout = COLLATEX_TIMEOUT if tool == "collatex" else 120
            got = _spawn(tool, corpora, n, length, timeout)
            if isinstance(got, str):
                lines.append(f"| {name} | {tool} | {got} | | | | | | |")
                continue
            agree, precision = score(edits, got["flags"])
            t, cpu = statistics.median(got["times"]), statistics.median(got["cpu"])
            traced = f"{got['traced'] / 2**20:.1f}" if "traced" in got else ""
            label = "stemma" if tool == "stemma" else "CollateX"
            lines.append(
                f"| {name} | {label} | {t:.3f} | {cpu:.3f} | {target if tool == 'stemma' else ''} | "
                f"{got['rss_mb']:.0f} | {traced} | {agree:.1%} | {precision:.1%} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    from stemma.eval.corpus import corpora_root

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", nargs=3, metavar=("TOOL", "N", "WORDS"))
    parser.add_argument("--corpora", type=Path, default=None)
    args = parser.parse_args(argv)
    corpora = args.corpora or corpora_root()
    if args.worker:
        tool, n, length = args.worker
        worker(tool, corpora, int(n), int(length))
        return
    print(run(corpora))


if __name__ == "__main__":
    main()
