"""`stemma eval --task align` on a tiny parallel corpus written here (English/German)."""

import json

from stemma.eval.alignment import build_cases, gold_blocks, perturb
from stemma.eval.corpus import open_corpus
from stemma.eval.tasks import run_task

EN = [
    f"The river rose by {n} centimetres in the town of Elmbrook on day {n}." for n in range(1, 13)
]
DE = [f"Der Fluss stieg am Tag {n} in der Stadt Elmbrook um {n} Zentimeter." for n in range(1, 13)]
EN2 = [f"A bakery in Norwell sold {n} loaves of rye bread before noon." for n in range(1, 13)]
DE2 = [f"Eine Bäckerei in Norwell verkaufte vor Mittag {n} Roggenbrote." for n in range(1, 13)]


def write_corpus(folder):
    folder.mkdir()
    docs = [
        ("e1", "en", "s1", EN),
        ("d1", "de", "s1", DE),
        ("e2", "en", "s2", EN2),
        ("d2", "de", "s2", DE2),
    ]
    with open(folder / "articles.jsonl", "w", encoding="utf-8") as f:
        for id, lang, _, lines in docs:
            f.write(
                json.dumps(
                    {
                        "id": id,
                        "outlet": None,
                        "lang": lang,
                        "title": lines[0],
                        "published": None,
                        "url": None,
                        "text": "\n".join(lines),
                    }
                )
                + "\n"
            )
    with open(folder / "gold.jsonl", "w", encoding="utf-8") as f:
        for id, _, story, lines in docs:
            f.write(json.dumps({"id": id, "story": story, "sentences": lines}) + "\n")
    return folder


def test_gold_blocks_follow_the_perturbation():
    # line 0 holds sentences 0+1 on the source; the target dropped sentence 2
    assert gold_blocks([[0, 1], [2], [3]], [[0], [1], [3], []]) == [
        ((0,), (0, 1)),
        ((1,), ()),
        ((2,), (2,)),
        ((), (3,)),
    ]


def test_perturbation_is_seeded(tmp_path):
    import random

    a = perturb(EN, DE, DE2, random.Random(5))
    b = perturb(EN, DE, DE2, random.Random(5))
    assert a == b
    src, tgt, gold = a
    assert len(src) < len(EN) + 1 and any(line in DE2 for line in tgt)


def test_align_task_scores_a_small_parallel_corpus(tmp_path):
    corpus = open_corpus(write_corpus(tmp_path / "par"))
    cases = build_cases(corpus, seed=3)
    assert {c.lang for c in cases} == {"de"} and len(cases) == 2
    result = run_task("align", corpus, seed=3)
    assert result["metrics"]["strict_f1"] > 0.8
    assert result["metrics"]["lax_f1"] >= result["metrics"]["strict_f1"]
