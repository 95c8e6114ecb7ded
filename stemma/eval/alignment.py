"""Cross-language sentence alignment as an evaluation task (``stemma eval CORPUS --task align``).

Each non-English article of a parallel corpus (ntrex layout: gold ``story`` and index-aligned
``sentences``) is paired with the English article of its story, whatever its language: the
languages come from the corpus, never from a list here, and each is scored on its own too. A seeded perturbation then drops
10% of the sentences on each side (independently), merges 10% of neighbouring sentence pairs into
one line (each merge on a side drawn at random), and inserts a paragraph of 2-4 consecutive
sentences from another story, in the target language, into the target. The gold alignment
follows from the perturbation record.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from stemma.eval.corpus import Corpus
from stemma.reuse.align import Block

SEED = 20240611
PIVOT = "en"  # the source side of every case: ntrex translates from English
DROP, MERGE, INSERT = 0.10, 0.10, (2, 4)


@dataclass
class Case:
    story: str
    lang: str
    src: list[str]  # English lines after perturbation
    tgt: list[str]  # target-language lines after perturbation
    gold: list[Block]


# --- data and perturbation --------------------------------------------------------------------


def load_parallel(corpus: Corpus) -> dict[str, dict[str, list[str]]]:
    """story -> lang -> gold sentences (index-aligned across languages), as ntrex holds them."""
    langs = {a["id"]: a["lang"] for a in corpus.iter_articles()}
    docs: dict[str, dict[str, list[str]]] = {}
    for id, gold in corpus.load_gold().items():
        if "sentences" not in gold or id not in langs:
            continue
        docs.setdefault(gold["story"], {})[langs[id]] = list(gold["sentences"])
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


def target_languages(docs: dict[str, dict[str, list[str]]]) -> list[str]:
    """Every language other than English that some story with an English article has, sorted."""
    return sorted({lang for d in docs.values() if PIVOT in d for lang in d} - {PIVOT})


def build_cases(corpus: Corpus, seed: int = SEED, limit: int | None = None) -> list[Case]:
    """One perturbed (English, other language) case per story and language, seeded; languages
    in sorted order. A language with a single story has no other story to take the inserted
    paragraph from, and is left out."""
    docs = load_parallel(corpus)
    stories = sorted(s for s, d in docs.items() if PIVOT in d)
    cases = []
    for lang in target_languages(docs):
        chosen = [s for s in stories if lang in docs[s]][:limit]
        for story in chosen:
            rng = random.Random(f"{seed}:{story}:{lang}")
            others = [s for s in stories if s != story and lang in docs[s]]
            if not others:
                continue
            filler = docs[rng.choice(others)][lang]
            src, tgt, gold = perturb(docs[story][PIVOT], docs[story][lang], filler, rng)
            cases.append(Case(story, lang, src, tgt, gold))
    return cases


def vector_cache_path() -> Path:
    """Where evaluation runs keep sentence vectors between runs ($STEMMA_CACHE or ~/.cache)."""
    base = os.environ.get("STEMMA_CACHE") or Path.home() / ".cache" / "stemma"
    return Path(base) / "vectors.sqlite"


def run_align(corpus: Corpus, seed: int) -> dict[str, float]:
    """Align every perturbed case with stemma's aligner and score strict and lax F1, over all
    cases and for each target language (``strict_f1[en-xx]``, ``lax_f1[en-xx]``,
    ``documents[en-xx]``)."""
    from stemma.embed.cache import CachedEncoder, SqliteVectorCache
    from stemma.embed.encoder import get_encoder
    from stemma.eval.metrics import alignment_f1_documents
    from stemma.reuse.align import align_sentences

    cases = build_cases(corpus, seed)
    if not cases:
        raise ValueError(f"{corpus.path}: no parallel documents with gold `sentences` found")
    base = get_encoder()
    path = vector_cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    encoder = CachedEncoder(base, SqliteVectorCache(path, base.name, base.dim))
    docs: dict[str, list] = {}
    for case in cases:
        src, tgt = encoder.encode(case.src), encoder.encode(case.tgt)
        pred = align_sentences(src, tgt, [len(s) for s in case.src], [len(t) for t in case.tgt])
        docs.setdefault(case.lang, []).append((pred, case.gold))
    scores = alignment_f1_documents([d for lang in docs for d in docs[lang]])
    out = {
        "strict_f1": scores["strict_f1"],
        "lax_f1": scores["lax_f1"],
        "documents": float(len(cases)),
    }
    for lang, pairs in docs.items():
        one = alignment_f1_documents(pairs)
        pair = f"{PIVOT}-{lang}"
        out[f"strict_f1[{pair}]"] = one["strict_f1"]
        out[f"lax_f1[{pair}]"] = one["lax_f1"]
        out[f"documents[{pair}]"] = float(len(pairs))
    return out
