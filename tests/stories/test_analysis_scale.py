"""What keeps ``analyse`` linear in the size of a story: each article is typed against a few
earlier articles sharing most text with it, and aligned with a few nearest in other languages."""

import numpy as np

from stemma.analysis import _nearest_first, _translation_pairs
from stemma.model import Article


def test_each_article_is_typed_against_its_best_earlier_candidates():
    # ten copies of one text: 45 candidate pairs, each later copy typed against 2 only
    ids = [f"c{i}" for i in range(10)]
    pairs = [
        (a, b, 0.9 + 0.001 * i, 0.9, 0.9) for j, b in enumerate(ids) for i, a in enumerate(ids[:j])
    ]
    shared = _nearest_first(pairs, per_article=2)
    assert len(shared.typed) == 1 + 2 * 8
    assert ("c2", "c3") in shared.typed and ("c0", "c3") not in shared.typed
    assert ("c0", "c3") in shared.skipped
    assert len(shared.typed) + len(shared.skipped) == 45
    # containment counts as much as resemblance: an excerpt is typed
    shared = _nearest_first([("a", "x", 0.1, 0.0, 0.95), ("b", "x", 0.5, 0.5, 0.5)], 1)
    assert shared.typed == [("a", "x")]


def _article(id: str, lang: str) -> Article:
    return Article(id=id, raw=b"", format="txt", source="", lang=lang)


def test_translation_pairs_take_the_nearest_members_in_other_languages():
    langs = {"e1": "en", "e2": "en", "e3": "en", "f1": "fa", "a1": "ar"}
    members = [_article(i, lang) for i, lang in langs.items()]
    vecs = {
        "e1": np.array([1.0, 0.0]),
        "e2": np.array([0.9, 0.1]),
        "e3": np.array([0.0, 1.0]),
        "f1": np.array([1.0, 0.05]),
        "a1": np.array([0.1, 1.0]),
    }
    pairs = _translation_pairs(members, vecs.__getitem__, per_article=1)
    got = {(a.id, b.id) for a, b in pairs}
    assert all(langs[a] != langs[b] for a, b in got)
    assert ("e1", "f1") in got and ("e3", "a1") in got
    assert len(got) < 3 * 2  # not every pair across languages
    # a story of one document in three languages aligns every pair
    small = [_article("x", "en"), _article("y", "fa"), _article("z", "ar")]
    assert len(_translation_pairs(small, lambda _i: np.ones(2), per_article=3)) == 3
