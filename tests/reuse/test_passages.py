import numpy as np
import pytest

from stemma.model import Article
from stemma.reuse.passages import align_passages, sentence_spans

LETTER = (
    "The council met on Monday to discuss the new bridge over the river.\n\n"
    "Members argued for three hours about the cost of the project and its delays.\n\n"
    "The mayor said the dialogue with the builders (of the old firm) would continue next week.\n\n"
    "Farmers in the north asked for a second road to the market before the winter."
)


def _article(id, text, lang="en"):
    return Article(id=id, raw=text.encode(), format="txt", source=text, text=text, lang=lang)


def _variants(a, b):
    return [(v.kind, v.a, v.b) for v in align_passages(a, b).variants]


def _check_offsets(a, b, result):
    for v in result.variants:
        assert a.source[v.a_start : v.a_end] == v.a
        assert b.source[v.b_start : v.b_end] == v.b
    for p in result.pairs:
        assert 0 <= p.a_start < p.a_end <= len(a.source)
        assert 0 <= p.b_start < p.b_end <= len(b.source)


def test_identical_texts_align_whole_without_variants():
    a, b = _article("a", LETTER), _article("b", LETTER)
    r = align_passages(a, b)
    assert r.variants == []
    assert [p.kind for p in r.pairs] == ["identical"]
    assert r.coverage_a == r.coverage_b == 1.0
    assert r.verbatim_share_a == r.verbatim_share_b == 1.0
    assert r.pairs[0].a_start == 0 and r.pairs[0].a_end == len(LETTER)


def test_hard_wrapped_lines_are_the_same_text():
    wrapped = LETTER.replace(" to discuss", "\nto discuss").replace(" about the", "\nabout the")
    r = align_passages(_article("a", LETTER), _article("b", wrapped))
    assert r.variants == [] and r.coverage_b == 1.0


def test_word_variants_with_offsets_on_both_sides():
    edited = (
        LETTER.replace("dialogue", "dialog")
        .replace("three hours", "four hours")
        .replace("the new bridge", "the bridge")
        .replace("before the winter", "well before the winter")
    )
    a, b = _article("a", LETTER), _article("b", edited)
    r = align_passages(a, b)
    _check_offsets(a, b, r)
    found = {(v.kind, v.a, v.b) for v in r.variants}
    assert found == {
        ("substitution", "dialogue", "dialog"),
        ("substitution", "three", "four"),
        ("omission", "new", ""),
        ("insertion", "", "well"),
    }
    omission = next(v for v in r.variants if v.kind == "omission")
    assert omission.b_start == omission.b_end == edited.index("bridge")


def test_bracket_change_is_one_substitution():
    edited = LETTER.replace("(of the old firm)", "[of the old firm]")
    assert _variants(_article("a", LETTER), _article("b", edited)) == [
        ("substitution", "(of the old firm)", "[of the old firm]")
    ]


def test_inserted_parenthetical_holds_whole_brackets():
    edited = LETTER.replace("next week.", "next week (by letter).")
    a, b = _article("a", LETTER), _article("b", edited)
    assert _variants(a, b) == [("insertion", "", "(by letter)")]
    # after an existing bracket: the diff alone would give ") (by letter"
    edited = LETTER.replace("(of the old firm)", "(of the old firm) (Arabic remarks)")
    assert _variants(_article("a", LETTER), _article("b", edited)) == [
        ("insertion", "", "(Arabic remarks)")
    ]


def test_transposition():
    edited = LETTER.replace(
        "the cost of the project and its delays", "its delays and the cost of the project"
    )
    kinds = [v[0] for v in _variants(_article("a", LETTER), _article("b", edited))]
    assert "transposition" in kinds
    edited = LETTER.replace("Members argued for three hours", "For three hours members argued")
    r = align_passages(_article("a", LETTER), _article("b", edited))
    assert [v.kind for v in r.variants] == ["transposition"]
    assert r.variants[0].a.lower() == r.variants[0].b.lower() == "members argued"


def test_reordered_paragraphs_are_all_aligned():
    paras = LETTER.split("\n\n")
    shuffled = "\n\n".join([paras[2], paras[3], paras[0], paras[1]])
    a, b = _article("a", LETTER), _article("b", shuffled)
    r = align_passages(a, b)
    _check_offsets(a, b, r)
    assert r.coverage_a == r.coverage_b == 1.0
    assert r.reordered >= 1
    assert r.variants == []
    assert len(r.pairs) == 2
    for p in r.pairs:
        assert a.source[p.a_start : p.a_end] == b.source[p.b_start : p.b_end]


def test_sentence_split_in_two_still_aligns():
    a = _article("a", "The mayor said the talks with the builders would continue next week.")
    b = _article(
        "b", "The mayor spoke. He said the talks with the builders would continue next week."
    )
    r = align_passages(a, b)
    assert len(r.sentences) == 1
    assert r.sentences[0][0] == (0,) and r.sentences[0][1] == (0, 1)
    assert r.coverage_a == 1.0


def test_inserted_sentence_inside_a_passage():
    paras = LETTER.split("\n\n")
    extra = "\n\n".join([paras[0], "A reporter asked about the weather.", *paras[1:]])
    a, b = _article("a", LETTER), _article("b", extra)
    r = align_passages(a, b)
    assert ("insertion", "", "A reporter asked about the weather.") in {
        (v.kind, v.a, v.b) for v in r.variants
    }
    assert len(r.pairs) == 1


def test_unrelated_texts_do_not_align():
    other = _article(
        "b", "Prices of wheat rose sharply in the spring after a dry season in the south."
    )
    r = align_passages(_article("a", LETTER), other)
    assert r.pairs == [] and r.coverage_a == 0.0


def test_rewritten_sentences_align_as_paraphrase():
    a = _article(
        "a",
        "The council approved the budget for the new hospital on Monday. "
        "Opposition members said the plan ignored rural clinics.",
    )
    b = _article(
        "b",
        "On Monday the hospital budget was approved by the council. "
        "Rural clinics were ignored by the plan, according to opposition members.",
    )
    r = align_passages(a, b)
    assert [p.kind for p in r.pairs] == ["paraphrase", "paraphrase"]
    assert r.coverage_a == 1.0
    assert r.verbatim_share_a < 0.5


def test_similarity_callback_aligns_sentences_without_shared_words():
    a = _article("a", "The storm closed the harbour.")
    b = _article("b", "Ships could not leave port because of bad weather.")
    assert align_passages(a, b).pairs == []

    def similarity(xs, ys):
        return np.full((len(xs), len(ys)), 0.93)

    r = align_passages(a, b, similarity=similarity)
    assert len(r.pairs) == 1 and r.pairs[0].kind == "paraphrase"
    assert r.pairs[0].score == pytest.approx(0.93)


def test_persian_spelling_variants_fold_together():
    a = _article(
        "a",
        "\u0631\u0647\u0628\u0631 \u0627\u0646\u0642\u0644\u0627\u0628 \u0646\u0627\u0645\u0647 \u0627\u06cc \u0628\u0647 \u0647\u0646\u06cc\u0647 \u0646\u0648\u0634\u062a.",
        "fa",
    )
    b = _article(
        "b",
        "\u0631\u0647\u0628\u0631 \u0627\u0646\u0642\u0644\u0627\u0628 \u0646\u0627\u0645\u0647 \u0627\u064a \u0628\u0647 \u0647\u0646\u064a\u0647 \u0646\u0648\u0634\u062a.",
        "fa",
    )
    r = align_passages(a, b)
    assert r.variants == [] and r.coverage_a == 1.0


def test_fallback_segmentation_splits_urdu_full_stops_without_space():
    text = "\u067e\u06c1\u0644\u0627 \u062c\u0645\u0644\u06c1\u06d4\u062f\u0648\u0633\u0631\u0627 \u062c\u0645\u0644\u06c1\u06d4 \u062a\u06cc\u0633\u0631\u0627"
    spans = sentence_spans(_article("u", text, "ur"))
    assert len(spans) == 3


def test_pair_of_thousand_word_articles():
    words = LETTER.split()
    long = " ".join(words[i % len(words)] + ("." if i % 17 == 16 else "") for i in range(1000))
    edited = long.replace("river", "stream", 5)
    r = align_passages(_article("a", long), _article("b", edited))
    assert r.coverage_a == 1.0
    assert sum(1 for v in r.variants if v.kind == "substitution") == 5
