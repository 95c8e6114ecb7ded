"""Cross-language sentence alignment on synthetic vectors, and the Gale-Church baseline."""

import numpy as np
import pytest

from stemma.reuse.align import (
    _cuts,
    _mutual_pairs,
    align_sentences,
    align_texts,
    block_similarity,
)
from stemma.reuse.galechurch import align_lengths

DIM = 64


def _unit(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


class Story:
    """Base 'meanings' b_k with lengths; a side is a list of lines, each a list of sentence ids
    (or None for a line from elsewhere). Each side renders its lines with its own noise."""

    def __init__(self, n, seed=0):
        self.rng = np.random.default_rng(seed)
        self.meanings = _unit(self.rng.normal(size=(n, DIM)))
        self.lengths = self.rng.integers(40, 160, size=n)

    def side(self, lines, ratio=1.0, noise=0.35):
        vecs, lens = [], []
        for line in lines:
            if line is None:
                vecs.append(_unit(self.rng.normal(size=DIM)))
                lens.append(int(self.rng.integers(40, 160)))
                continue
            meaning = _unit(self.meanings[line].sum(axis=0))
            vecs.append(_unit(meaning + noise * _unit(self.rng.normal(size=DIM))))
            lens.append(int(round(ratio * self.lengths[line].sum() + len(line) - 1)))
        return np.array(vecs, np.float32), lens


def _one_to_one(n):
    return [((i,), (i,)) for i in range(n)]


def test_identity():
    story = Story(15)
    src, ls = story.side([[k] for k in range(15)])
    tgt, lt = story.side([[k] for k in range(15)], ratio=1.2)
    assert align_sentences(src, tgt, ls, lt) == _one_to_one(15)
    assert align_sentences(src, tgt) == _one_to_one(15)  # vectors alone suffice here


def test_drops_merges_and_an_inserted_paragraph():
    story = Story(10, seed=1)
    src, ls = story.side([[0], [1], [2], [3, 4], [5], [6], [8], [9]])
    tgt, lt = story.side([[0], [1], None, None, [2], [3], [4], [5, 6], [7], [8], [9]], ratio=0.9)
    expected = [
        ((0,), (0,)),
        ((1,), (1,)),
        ((), (2,)),
        ((), (3,)),
        ((2,), (4,)),
        ((3,), (5, 6)),  # a merged source line against two target sentences
        ((4, 5), (7,)),  # two source sentences against a merged target line
        ((), (8,)),  # its source sentence was dropped
        ((6,), (9,)),
        ((7,), (10,)),
    ]
    assert align_sentences(src, tgt, ls, lt) == expected


def test_unmatched_sentences_on_both_sides():
    story = Story(12, seed=2)
    src, ls = story.side([[k] for k in range(12) if k != 4])
    tgt, lt = story.side([[k] for k in range(12) if k != 8])
    expected = []
    for k in range(12):
        s = (k - (k > 4),) if k != 4 else ()
        t = (k - (k > 8),) if k != 8 else ()
        expected.append((s, t))
    assert align_sentences(src, tgt, ls, lt) == expected
    assert align_sentences(src, tgt) == expected


def test_neighbours_swapped_in_translation_form_one_block():
    story = Story(8, seed=3)
    src, ls = story.side([[k] for k in range(8)])
    tgt, lt = story.side([[0], [1], [2], [4], [3], [5], [6], [7]])
    expected = _one_to_one(3) + [((3, 4), (3, 4))] + [((k,), (k,)) for k in range(5, 8)]
    assert align_sentences(src, tgt, ls, lt) == expected


def test_long_documents_are_cut_into_segments():
    n = 1100
    story = Story(n, seed=4)
    dropped = set(range(50, n, 100))
    src, ls = story.side([[k] for k in range(n)])
    tgt, lt = story.side([[k] for k in range(n) if k not in dropped])
    cuts = _cuts(n, len(tgt), _mutual_pairs(src, tgt), 250_000)
    assert len(cuts) > 3 and cuts[0] == (0, 0) and cuts[-1] == (n, len(tgt))
    blocks = align_sentences(src, tgt, ls, lt)
    shift = np.cumsum([k in dropped for k in range(n)])
    expected = [((k,), () if k in dropped else (k - int(shift[k]),)) for k in range(n)]
    assert blocks == expected


def test_unrelated_long_documents_are_cut_along_the_diagonal():
    cuts = _cuts(3000, 2000, [], 250_000)
    sizes = [
        (i1 - i0 + 1) * (j1 - j0 + 1) for (i0, j0), (i1, j1) in zip(cuts, cuts[1:], strict=False)
    ]
    assert cuts[0] == (0, 0) and cuts[-1] == (3000, 2000) and max(sizes) <= 4 * 250_000


def test_empty_sides_and_bad_lengths():
    vecs = Story(3).side([[0], [1], [2]])[0]
    empty = np.zeros((0, DIM), np.float32)
    assert align_sentences(empty, vecs) == [((), (0,)), ((), (1,)), ((), (2,))]
    assert align_sentences(vecs[:1], empty) == [((0,), ())]
    with pytest.raises(ValueError):
        align_sentences(vecs, vecs, [1, 2, 3], None)
    with pytest.raises(ValueError):
        align_sentences(vecs, vecs, [1, 2], [1, 2, 3])
    with pytest.raises(ValueError):
        align_sentences(vecs, vecs, max_merge=9)


def test_single_sentences_align_when_they_match():
    story = Story(2, seed=5)
    src, ls = story.side([[0]])
    tgt, lt = story.side([[0]])
    assert align_sentences(src, tgt, ls, lt) == [((0,), (0,))]


def test_align_texts_embeds_with_any_encoder():
    story = Story(6, seed=6)
    words = [f"s{k}" for k in range(6)]
    table = dict(zip(words, story.side([[k] for k in range(6)])[0], strict=True))
    table |= {f"t{k}": v for k, v in enumerate(story.side([[k] for k in range(6)])[0])}

    class TableEncoder:
        name, dim = "table", DIM

        def encode(self, texts, *, kind="passage"):
            return np.stack([table[t] for t in texts])

    tgt = ["t0", "t1", "t3", "t4", "t5"]
    assert align_texts(words, tgt, TableEncoder()) == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), ()),
        ((3,), (2,)),
        ((4,), (3,)),
        ((5,), (4,)),
    ]


def test_block_similarity_scores_matched_blocks():
    story = Story(4, seed=7)
    src, _ = story.side([[0], [1], [2, 3]])
    tgt, _ = story.side([[0], [1], [2], [3]])
    sims = block_similarity(src, tgt, [((0,), (0,)), ((1,), ()), ((2,), (2, 3))])
    assert sims[1] == 0.0 and sims[0] > 0.8 and sims[2] > 0.8


# --- Gale-Church --------------------------------------------------------------------------


def test_gale_church_finds_one_to_many_blocks_from_lengths():
    src = [100, 20, 300, 60, 70, 210]
    tgt = [104, 21, 148, 160, 135, 205]
    assert align_lengths(src, tgt, c=1.0) == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), (2, 3)),
        ((3, 4), (4,)),
        ((5,), (5,)),
    ]


def test_gale_church_estimates_the_length_ratio():
    src = [100, 40, 250, 80]
    tgt = [int(1.5 * x) for x in src]
    assert align_lengths(src, tgt) == _one_to_one(4)
    assert align_lengths([], [5]) == [((), (0,))]
    assert align_lengths([5], []) == [((0,), ())]


def test_block_z_separates_translated_pairs_from_unrelated_ones():
    from stemma.reuse.align import block_z

    rng = np.random.default_rng(7)
    src = rng.normal(size=(8, DIM)).astype(np.float32)
    tgt = src + 0.3 * rng.normal(size=(8, DIM)).astype(np.float32)
    other = rng.normal(size=(8, DIM)).astype(np.float32)
    blocks = [((i,), (i,)) for i in range(8)]
    assert min(block_z(src, tgt, blocks)) > 2.5
    assert max(block_z(src, other, blocks)) < 2.5
    assert block_z(src, tgt, [((0,), ())]) == [0.0]
