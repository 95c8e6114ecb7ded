"""A text and its translation left in two stories are found and joined by the analysis."""

import numpy as np

from stemma.model import Article, Passage, Story
from stemma.stages.pairs import cross_language
from stemma.stages.stories import bridge_pairs

DIM = 48


def article(id: str, lang: str, n: int) -> Article:
    lines = [f"{id} sentence number {i} of the report." for i in range(n)]
    text = "\n\n".join(lines)
    passages, at = [], 0
    for i, line in enumerate(lines):
        passages.append(Passage(at, at + len(line), line, lang, i))
        at += len(line) + 2
    return Article(id=id, raw=text.encode(), format="txt", source=text, text=text, lang=lang,
                   passages=passages)  # fmt: skip


def unit_rows(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


class TableEncoder:
    name, dim = "table", DIM

    def __init__(self, table):
        self.table, self.texts, self.calls = table, 0, 0

    def encode(self, texts, *, kind="passage"):
        self.texts += len(texts)
        self.calls += 1
        return np.array([self.table[t] for t in texts], dtype=np.float32)


def test_a_translation_split_from_its_original_is_bridged_and_nothing_else():
    rng = np.random.default_rng(0)
    original = unit_rows(rng.normal(size=(12, DIM)))
    rendered = unit_rows(original + 0.25 * rng.normal(size=original.shape) / np.sqrt(DIM))
    other = unit_rows(rng.normal(size=(12, DIM)))
    arts = {
        "fa1": article("fa1", "fa", 12),  # the original
        "en1": article("en1", "en", 12),  # its translation, clustered into another story
        "en2": article("en2", "en", 12),  # another text, in a third story
        "fa2": article("fa2", "fa", 12),  # in the original's story, same language as it
    }
    table = {}
    for id, rows in (("fa1", original), ("en1", rendered), ("en2", other), ("fa2", original)):
        table.update({p.text: row for p, row in zip(arts[id].passages, rows, strict=True)})
    stories = [
        Story(sid, members, "", sorted({arts[m].lang for m in members}), None)
        for sid, members in (("s1", ["fa1", "fa2"]), ("s2", ["en1"]), ("s3", ["en2"]))
    ]
    likely = [("en1", "fa1", 0.25), ("en2", "fa1", 0.2), ("en1", "en2", 0.5), ("fa1", "fa2", 0.9)]
    encoder = TableEncoder(table)
    asked = bridge_pairs(stories, arts, [x for x in likely if x[2] >= 0.1])
    made = cross_language(asked, arts.__getitem__, encoder, {})
    found = [ln for p in asked if (ln := made[p]) is not None and ln.kind == "translation"]
    assert [(ln.a, ln.b, ln.kind) for ln in found] == [("en1", "fa1", "translation")]
    assert found[0].evidence.coverage_a > 0.9 and found[0].evidence.coverage_b > 0.9
    # a pair in one story or in one language is never asked about: only en1, fa1 and en2 are
    # embedded, each once (one encoder call for every pair asked)
    assert encoder.texts == 3 * 12 and encoder.calls == 1
