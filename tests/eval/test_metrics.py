import math
import random

import pytest

from stemma.eval.metrics import (
    adjusted_rand_index,
    alignment_f1,
    alignment_f1_documents,
    bcubed,
    binary_f1,
    macro_f1,
    pairwise_f1,
    pearson,
    source_agreement,
    span_overlap_f1,
)


def partition(*clusters: str) -> dict[str, int]:
    """{"abc", "de"} style: one string per cluster, one character per item."""
    return {item: i for i, cluster in enumerate(clusters) for item in cluster}


# Bagga and Baldwin (1998), figure 2: gold {1..5} {6,7} {8..12}; the response merges the last two.
BB_GOLD = partition("12345", "67", "89ABC")
BB_PRED = partition("12345", "6789ABC")


# --- BCubed ------------------------------------------------------------------------------------


def test_bcubed_bagga_baldwin_example():
    p, r, f = bcubed(BB_PRED, BB_GOLD)
    # items 1-5 score 1, items 6-7 score 2/7, items 8-C score 5/7: (5 + 4/7 + 25/7) / 12
    assert p == pytest.approx(16 / 21)
    assert r == 1.0
    assert f == pytest.approx(32 / 37)


def test_bcubed_recall_side_is_symmetric():
    p, r, f = bcubed(BB_GOLD, BB_PRED)
    assert (p, r) == (1.0, pytest.approx(16 / 21))
    assert f == pytest.approx(32 / 37)


def test_bcubed_identical_and_extremes():
    gold = partition("abc", "de", "f")
    assert bcubed(dict(gold), gold) == (1.0, 1.0, 1.0)
    # one cluster: recall 1, precision = mean over items of |own gold cluster| / 6
    p, r, _ = bcubed({k: 0 for k in gold}, gold)
    assert r == 1.0 and p == pytest.approx((3 * 3 + 2 * 2 + 1) / 6 / 6)
    # all singletons: precision 1, recall = mean of 1 / |gold cluster|
    p, r, _ = bcubed({k: k for k in gold}, gold)
    assert p == 1.0 and r == pytest.approx((3 * (1 / 3) + 2 * (1 / 2) + 1) / 6)


def test_bcubed_missing_items_are_singletons_and_extra_items_ignored():
    gold = partition("abc", "de")
    pred = {"a": 0, "b": 0, "d": 1, "e": 1, "zzz": 0}  # c missing, zzz unknown to gold
    with_singleton = {"a": 0, "b": 0, "c": "own", "d": 1, "e": 1}
    assert bcubed(pred, gold) == bcubed(with_singleton, gold)
    p, r, _ = bcubed(pred, gold)
    assert p == 1.0 and r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)


def test_bcubed_label_values_do_not_matter():
    gold = partition("abc", "de")
    renamed = {k: f"story-{v * 7}" for k, v in partition("ab", "cde").items()}
    assert bcubed(renamed, gold) == bcubed(partition("ab", "cde"), gold)


def test_bcubed_empty_and_single_item():
    assert bcubed({}, {}) == (1.0, 1.0, 1.0)
    assert bcubed({}, {"x": 1}) == (1.0, 1.0, 1.0)


# Amigó et al. (2009), section 3: the four formal constraints BCubed is shown to satisfy.


def test_bcubed_constraint_cluster_homogeneity():
    gold = partition("aaa", "bb")
    mixed = partition("aaabb")
    split = partition("aaa", "bb")
    assert bcubed(split, gold)[0] > bcubed(mixed, gold)[0]


def test_bcubed_constraint_cluster_completeness():
    gold = partition("abcd", "ef")
    apart = partition("ab", "cd", "ef")
    together = partition("abcd", "ef")
    assert bcubed(together, gold)[1] > bcubed(apart, gold)[1]


def test_bcubed_constraint_rag_bag():
    gold = partition("abcd", "e", "f", "g", "h", "i")
    clean_plus_noise = partition("abcdi", "efgh")  # noise into the clean cluster
    ragbag_plus_noise = partition("abcd", "efghi")  # noise into the rag bag
    assert bcubed(ragbag_plus_noise, gold)[2] > bcubed(clean_plus_noise, gold)[2]


def test_bcubed_constraint_size_versus_quantity():
    # gold: one big cluster and four pairs; one item off the big cluster is a smaller error than
    # breaking every pair
    gold = partition("abcdefgh", "ij", "kl", "mn", "op")
    one_big_error = partition("abcdefg", "h", "ij", "kl", "mn", "op")
    many_small = partition("abcdefgh", "i", "j", "k", "l", "m", "n", "o", "p")
    assert bcubed(one_big_error, gold)[2] > bcubed(many_small, gold)[2]


# --- pairwise and ARI ----------------------------------------------------------------------------


def test_pairwise_f1_bagga_baldwin_example():
    p, r, f = pairwise_f1(BB_PRED, BB_GOLD)
    # pred pairs C(5,2)+C(7,2) = 31; gold pairs 10+1+10 = 21, all predicted
    assert p == pytest.approx(21 / 31)
    assert r == 1.0
    assert f == pytest.approx(21 / 26)


def test_pairwise_f1_edge_cases():
    gold = partition("abc", "d")
    assert pairwise_f1(dict(gold), gold) == (1.0, 1.0, 1.0)
    singletons = {k: k for k in "abcd"}
    assert pairwise_f1(singletons, singletons) == (1.0, 1.0, 1.0)
    assert pairwise_f1(singletons, gold) == (1.0, 0.0, 0.0)
    assert pairwise_f1({}, {}) == (1.0, 1.0, 1.0)
    p, r, f = pairwise_f1({k: 0 for k in "abcd"}, gold)
    assert (p, r) == (pytest.approx(3 / 6), 1.0)


def test_ari_bagga_baldwin_example():
    # index 21, expected 31 * 21 / 66, max 26: (1386 - 651) / (1716 - 651)
    assert adjusted_rand_index(BB_PRED, BB_GOLD) == pytest.approx(49 / 71)


def test_ari_documented_values():
    # values from scikit-learn's adjusted_rand_score documentation, recomputed by hand
    gold = {i: label for i, label in enumerate([0, 0, 1, 2])}
    pred = {i: label for i, label in enumerate([0, 0, 1, 1])}
    assert adjusted_rand_index(pred, gold) == pytest.approx(4 / 7)
    gold = {i: 0 for i in range(4)}
    pred = {i: i for i in range(4)}
    assert adjusted_rand_index(pred, gold) == 0.0


def test_ari_identical_is_one_whatever_the_labels():
    gold = partition("abc", "de", "f")
    renamed = {k: -v for k, v in gold.items()}
    assert adjusted_rand_index(renamed, gold) == 1.0
    assert adjusted_rand_index({k: 0 for k in "abc"}, {k: 1 for k in "abc"}) == 1.0
    assert adjusted_rand_index({k: k for k in "abc"}, {k: k for k in "abc"}) == 1.0


def test_ari_near_zero_for_random_partitions():
    rng = random.Random(7)
    gold = {i: rng.randrange(10) for i in range(3000)}
    pred = {i: rng.randrange(10) for i in range(3000)}
    assert abs(adjusted_rand_index(pred, gold)) < 0.01


def test_ari_can_be_negative_and_handles_tiny_inputs():
    gold = partition("ab", "cd")
    pred = partition("ac", "bd")
    assert adjusted_rand_index(pred, gold) < 0
    assert adjusted_rand_index({}, {}) == 1.0
    assert adjusted_rand_index({"a": 1}, {"a": 2}) == 1.0


# --- alignment -----------------------------------------------------------------------------------

GOLD_ALIGN = [((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((3, 4), (3,))]
PRED_ALIGN = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ()), ((3,), (3,)), ((4,), (3,))]


def test_alignment_f1_hand_example():
    scores = alignment_f1(PRED_ALIGN, GOLD_ALIGN)
    # precision over the 6 predicted pairs: strict (0-0) and the deletion (2-); lax adds 1-1,
    # 3-3 and 4-3; the insertion (-2) shares no source sentence with anything
    assert scores["strict_precision"] == pytest.approx(2 / 6)
    assert scores["lax_precision"] == pytest.approx(5 / 6)
    # recall over the 3 gold pairs with both sides: 0-0 strict; 1-12 and 34-3 lax
    assert scores["strict_recall"] == pytest.approx(1 / 3)
    assert scores["lax_recall"] == 1.0
    assert scores["strict_f1"] == pytest.approx(1 / 3)
    assert scores["lax_f1"] == pytest.approx(10 / 11)
    assert list(scores) == [
        "strict_precision", "strict_recall", "strict_f1", "lax_precision", "lax_recall", "lax_f1"
    ]  # fmt: skip


def test_alignment_f1_identical_lists_duplicates_and_empty_pairs():
    as_lists = [[list(s), list(t)] for s, t in GOLD_ALIGN] + [[[], []]] + [[[0], [0]]]
    assert alignment_f1(as_lists, GOLD_ALIGN) == {
        k: 1.0
        for k in ("strict_precision", "strict_recall", "strict_f1")
        + ("lax_precision", "lax_recall", "lax_f1")
    }


def test_alignment_f1_empty_inputs_score_zero():
    assert set(alignment_f1([], GOLD_ALIGN).values()) == {0.0}
    assert set(alignment_f1(GOLD_ALIGN, []).values()) == {0.0}
    assert set(alignment_f1([], []).values()) == {0.0}


def test_alignment_f1_lax_needs_overlap_on_both_sides():
    gold = [((0,), (0,)), ((1,), (1,))]
    pred = [((0,), (1,)), ((1,), (0,))]  # crossed: each shares a source with one gold pair and
    # a target with the other, never both with one
    scores = alignment_f1(pred, gold)
    assert scores["lax_f1"] == 0.0 and scores["strict_f1"] == 0.0


def test_alignment_f1_documents_pools_counts():
    doc_a = (PRED_ALIGN, GOLD_ALIGN)
    doc_b = ([((0,), (0,))], [((0,), (0,)), ((1,), (1,))])
    pooled = alignment_f1_documents([doc_a, doc_b])
    assert pooled["strict_precision"] == pytest.approx(3 / 7)
    assert pooled["strict_recall"] == pytest.approx(2 / 5)
    assert pooled["lax_precision"] == pytest.approx(6 / 7)
    assert pooled["lax_recall"] == pytest.approx(4 / 5)


# --- classification ------------------------------------------------------------------------------

PRED_LABELS = ["WD", "PD", "ND", "PD", "ND", "WD"]
GOLD_LABELS = ["WD", "PD", "PD", "ND", "ND", "ND"]


def test_macro_f1_hand_example():
    # WD: tp1 fp1 fn0 -> 2/3; PD: tp1 fp1 fn1 -> 1/2; ND: tp1 fp1 fn2 -> 2/5
    assert macro_f1(PRED_LABELS, GOLD_LABELS) == pytest.approx((2 / 3 + 1 / 2 + 2 / 5) / 3)
    assert macro_f1(PRED_LABELS, GOLD_LABELS, labels=["WD"]) == pytest.approx(2 / 3)


def test_macro_f1_edge_cases():
    assert macro_f1(GOLD_LABELS, GOLD_LABELS) == 1.0
    assert macro_f1(["a"], ["a"], labels=["a", "b"]) == 0.5  # b never seen: F1 0
    assert macro_f1(["b", "b"], ["a", "a"]) == 0.0
    assert macro_f1([], []) == 0.0
    with pytest.raises(ValueError, match="labels"):
        macro_f1(["a"], ["a", "b"])


def test_binary_f1_derived_versus_not():
    # derived = WD or PD: predicted at 0,1,3,5; gold at 0,1,2 -> tp 2, fp 2, fn 1
    assert binary_f1(PRED_LABELS, GOLD_LABELS, positive={"WD", "PD"}) == pytest.approx(4 / 7)
    assert binary_f1(["ND", "ND"], ["ND", "ND"], positive={"WD", "PD"}) == 0.0
    assert binary_f1(["WD", "ND"], ["PD", "ND"], positive={"WD", "PD"}) == 1.0
    with pytest.raises(ValueError):
        binary_f1(["WD"], [], positive={"WD"})


# --- spans ---------------------------------------------------------------------------------------


def test_span_overlap_f1_hand_example():
    gold = [(0, 10), (20, 30), (40, 44)]
    pred = [(0, 6), (22, 24), (35, 100)]
    # recall: (0,10) by 6 chars >= 5; (20,30) only 2 < 5; (40,44) by 4 >= 2 -> 2/3
    # precision: (0,6) 6 >= 3; (22,24) 2 >= 1; (35,100) only 4 of 65 -> 2/3
    scores = span_overlap_f1(pred, gold)
    assert scores == pytest.approx({"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3})


def test_span_overlap_f1_threshold_is_inclusive_and_adjustable():
    assert span_overlap_f1([(5, 10)], [(0, 10)])["recall"] == 1.0
    assert span_overlap_f1([(6, 10)], [(0, 10)])["recall"] == 0.0
    assert span_overlap_f1([(6, 10)], [(0, 10)], min_overlap=0.4)["recall"] == 1.0


def test_span_overlap_f1_documents_and_empty_spans():
    gold = [("d1", 0, 10), ("d2", 0, 10), ("d2", 5, 5)]  # the empty span is ignored
    pred = [("d1", 0, 10), ("d3", 0, 10)]
    scores = span_overlap_f1(pred, gold)
    assert scores == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5})
    assert span_overlap_f1([], gold) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert span_overlap_f1([], []) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_source_agreement():
    gold = [
        {"content": (0, 10), "source": (12, 15)},
        {"content": (20, 30), "source": (31, 35)},
        {"content": (40, 50)},  # no source in the gold
        {"content": (60, 70), "source": (71, 72)},  # not found: does not count
    ]
    pred = [
        ((0, 9), (12, 13)),  # sources overlap
        ((21, 30), (0, 5)),  # wrong source
        ((40, 50), None),  # no source on either side
        ((60, 62), (71, 72)),  # covers too little of the content
    ]
    assert source_agreement(pred, gold) == pytest.approx(2 / 3)
    assert source_agreement([], gold) == 0.0


def test_source_agreement_uses_the_best_covering_prediction_within_its_document():
    gold = [{"content": ("a", 0, 10), "source": ("a", 20, 25)}]
    pred = [
        {"content": ("a", 0, 3), "source": ("a", 50, 55)},
        {"content": ("a", 0, 9), "source": ("a", 22, 23)},
        {"content": ("b", 0, 10), "source": ("b", 50, 55)},
    ]
    assert source_agreement(pred, gold) == 1.0
    assert source_agreement(pred[2:], gold) == 0.0


# --- correlation ---------------------------------------------------------------------------------


def test_pearson_hand_example():
    # dx = -2..2, dy = -2,0,1,0,1: r = 6 / sqrt(10 * 6)
    assert pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]) == pytest.approx(6 / math.sqrt(60))
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


def test_pearson_agrees_with_scipy():
    stats = pytest.importorskip("scipy.stats")
    rng = random.Random(3)
    x = [rng.random() for _ in range(50)]
    y = [v + rng.random() for v in x]
    assert pearson(x, y) == pytest.approx(stats.pearsonr(x, y)[0])


def test_pearson_edge_cases():
    assert math.isnan(pearson([1, 1, 1], [1, 2, 3]))
    with pytest.raises(ValueError):
        pearson([1, 2], [1, 2, 3])
    with pytest.raises(ValueError):
        pearson([1], [1])
