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


# Spanish and Turkish: languages no list in stemma names; the task must find them in the corpus.
ES = [f"El río subió {n} centímetros en la ciudad de Elmbrook el día {n}." for n in range(1, 13)]
ES2 = [
    f"Una panadería de Norwell vendió {n} panes de centeno antes del mediodía."
    for n in range(1, 13)
]
TR = [f"Nehir {n}. gün Elmbrook kasabasında {n} santimetre yükseldi." for n in range(1, 13)]
TR2 = [f"Norwell'deki bir fırın öğleden önce {n} çavdar ekmeği sattı." for n in range(1, 13)]


def write_multilingual(folder):
    folder.mkdir()
    docs = [
        ("e1", "en", "s1", EN),
        ("e2", "en", "s2", EN2),
        ("d1", "de", "s1", DE),
        ("d2", "de", "s2", DE2),
        ("x1", "es", "s1", ES),
        ("x2", "es", "s2", ES2),
        ("t1", "tr", "s1", TR),
        ("t2", "tr", "s2", TR2),
        ("t3", "tr", "s3", TR),  # a story without English: nothing to align it with
    ]
    with open(folder / "articles.jsonl", "w", encoding="utf-8") as f:
        for id, lang, _, lines in docs:
            row = {"id": id, "outlet": None, "lang": lang, "title": lines[0]}
            row |= {"published": None, "url": None, "text": "\n".join(lines)}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(folder / "gold.jsonl", "w", encoding="utf-8") as f:
        for id, _, story, lines in docs:
            f.write(json.dumps({"id": id, "story": story, "sentences": lines}) + "\n")
    return folder


def test_align_task_pairs_english_with_every_language_of_the_corpus(tmp_path):
    corpus = open_corpus(write_multilingual(tmp_path / "multi"))
    cases = build_cases(corpus, seed=3)
    assert [c.lang for c in cases] == ["de", "de", "es", "es", "tr", "tr"]
    metrics = run_task("align", corpus, seed=3)["metrics"]
    for pair in ("en-de", "en-es", "en-tr"):
        assert metrics[f"documents[{pair}]"] == 2.0
        assert metrics[f"strict_f1[{pair}]"] > 0.7, (pair, metrics)
    assert metrics["documents"] == 6.0
