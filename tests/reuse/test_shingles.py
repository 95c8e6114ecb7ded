import numpy as np

from stemma.model import Article, Block
from stemma.reuse.shingles import (
    article_tokens,
    containment,
    jaccard,
    minhash,
    sample,
    shingle_hashes,
    shingles,
    tokenize,
)


def _article(id, text, lang="en", **kw):
    return Article(id=id, raw=text.encode(), format="txt", source=text, text=text, lang=lang, **kw)


def test_tokens_point_back_into_the_text():
    text = "The Leader's  LETTER, dated (4 April)."
    tokens = tokenize(text, "en")
    words = [t for t in tokens if not t.is_mark]
    assert [t.key for t in words] == ["the", "leader", "s", "letter", "dated", "4", "april"]
    for t in words:
        assert text[t.start : t.end].casefold() == t.key
    marks = [text[t.start : t.end] for t in tokens if t.is_mark]
    assert marks == ["(", ")"]


def test_folding_unifies_case_letter_forms_and_digits():
    arabic_yeh = "\u0639\u0644\u064a \u0643\u062a\u0627\u0628 \u0661\u0662"  # علي كتاب ١٢
    persian_yeh = "\u0639\u0644\u06cc \u06a9\u062a\u0627\u0628 \u06f1\u06f2"  # علی کتاب ۱۲
    assert [t.key for t in tokenize(arabic_yeh, "fa")] == [
        t.key for t in tokenize(persian_yeh, "fa")
    ]
    assert [t.key for t in tokenize(persian_yeh, "fa")][-1] == "12"
    assert [t.key for t in tokenize("Seyed ALI", "en")] == ["seyed", "ali"]


def test_diacritics_do_not_split_or_change_a_word():
    plain = "\u06a9\u062a\u0627\u0628"  # کتاب
    vowelled = "\u06a9\u0650\u062a\u0627\u0628"  # کِتاب
    (a,) = tokenize(plain, "ur")
    (b,) = tokenize(vowelled, "ur")
    assert a.key == b.key
    assert (b.start, b.end) == (0, len(vowelled))


def test_brackets_keep_their_shape_and_quotes_fold():
    keys = [t.key for t in tokenize('(a) [b] \u201cc\u201d "d"') if t.is_mark]
    assert keys == ["(", ")", "[", "]", '"', '"', '"', '"']


def test_article_tokens_skip_boilerplate_blocks():
    text = "Real news text here.\n\nShare this on social media"
    art = _article(
        "x", text, blocks=[Block(0, 20), Block(22, len(text), boilerplate="share_prompt")]
    )
    keys = [t.key for t in article_tokens(art, marks=False)]
    assert keys == ["real", "news", "text", "here"]


def test_shingles_are_deterministic_and_order_sensitive():
    words = "one two three four five".split()
    assert np.array_equal(shingle_hashes(words), shingle_hashes(list(words)))
    assert len(shingle_hashes(words)) == 3
    assert set(shingle_hashes(words)).isdisjoint(shingle_hashes(list(reversed(words))))
    assert len(shingle_hashes(["alone"])) == 1
    assert len(shingle_hashes([])) == 0
    assert shingle_hashes(words).max() < 2**32


def test_minhash_estimates_jaccard():
    a = np.arange(0, 400, dtype=np.uint64)
    b = np.arange(200, 600, dtype=np.uint64)  # true Jaccard 200 / 600
    estimate = minhash(a).jaccard(minhash(b))
    assert abs(estimate - jaccard(a, b)) < 0.12
    assert minhash(a).jaccard(minhash(a)) == 1.0


def test_sampled_containment_finds_an_excerpt():
    rng = np.random.default_rng(0)
    long = np.unique(rng.integers(0, 2**32, 4000, dtype=np.uint64))
    short = long[:400]
    assert containment(sample(short), sample(long)) == 1.0
    assert containment(sample(long), sample(short)) < 0.2
    assert 0 < len(sample(long)) < len(long)


def test_shingles_of_same_text_with_other_layout_agree():
    a = _article("a", "The talks are an unforgivable mistake, he said.")
    b = _article("b", "The talks are an\nunforgivable mistake,\nhe said.")
    assert np.array_equal(shingles(a), shingles(b))
