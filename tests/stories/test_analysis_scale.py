"""What keeps ``analyse`` linear in the size of a story: each article is aligned with a few
nearest in other languages (the same-language side: tests/engine/test_candidates.py)."""

import numpy as np

from stemma.model import Article
from stemma.stages.stories import translation_pairs as _translation_pairs


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
