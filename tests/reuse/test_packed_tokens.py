"""Every text's tokens are kept packed in a cache bounded by bytes: unpacked they equal what
tokenising gives, in every script, and a text met again after the Token-list cache has dropped
it is unpacked, not tokenised again."""

import pytest

from stemma.memo import SizedLru
from stemma.model import Article, Passage
from stemma.reuse import shingles
from stemma.reuse.shingles import PackedTokens, article_tokens, tokenize

TEXTS = {
    "de": 'Die Fähre legte um neun Uhr ab. (Der Kapitän) sagte: „nichts“ [sic] und "gar nichts".',
    "fa": "کشتی\u200cها ساعت نه حرکت کردند و ناخدا گفت «هیچ چیز» نمی\u200cدانم (امروز).",
    "ar": "غادرت العبّارة الميناء في الساعة ٩ وقال القبطان: «لا شيء» [تعديل].",
    "zh": "渡轮九点离港。船长说：“什么也没有”（今天）。",
    "ja": "フェリーは九時に出港した。「何もない」と船長は言った。",
    "th": "เรือข้ามฟากออกจากท่าเวลาเก้านาฬิกา กัปตันไม่พูดอะไร",
    "x": "lone \ud800 surrogate (and) \u0000 nul \u202e bidi override",
}


def _article(id, text, lang="en"):
    passages = [Passage(0, len(text), text, lang, 0)]
    return Article(
        id=id, raw=b"", format="txt", source=text, text=text, lang=lang, passages=passages
    )


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_unpacked_tokens_equal_tokenising(lang):
    text = TEXTS[lang]
    tokens = tokenize(text, lang)
    assert tokens  # each text has words in it
    packed = PackedTokens.pack(tokens)
    unpacked, words = packed.unpack()
    assert unpacked == tokens
    assert [type(t.start) for t in unpacked] == [int] * len(tokens)  # not numpy scalars
    assert words == [t for t in tokens if not t.is_mark]
    assert packed.nbytes <= 17 * len(tokens) + 4 * 112
    assert article_tokens(_article(f"t-{lang}", text, lang)) == tokens  # through the cache


def test_packed_tokens_share_their_words_across_texts():
    a = PackedTokens.pack(tokenize("the ferry left the harbour", "en"))
    b = PackedTokens.pack(tokenize("The harbour saw the ferry", "en"))
    assert a.keys[0] is b.keys[3]  # one "the" for every text


def test_a_text_dropped_from_the_token_lists_is_unpacked_not_tokenised(monkeypatch):
    text = TEXTS["fa"] + " " + TEXTS["de"]
    first = article_tokens(_article("p1", text, "fa"))
    first_words = article_tokens(_article("p1", text, "fa"), marks=False)
    # push it out of the Token-list tier: it holds the 512 texts used last
    for i in range(600):
        article_tokens(_article(f"f{i}", f"filler text number {i}"))

    def tokenise_again(article):
        raise AssertionError(f"{article.id} tokenised again")

    monkeypatch.setattr(shingles, "_clean_tokens", tokenise_again)
    again = article_tokens(_article("p2", text, "fa"))
    assert again is not first and again == first
    assert article_tokens(_article("p2", text, "fa"), marks=False) == first_words
    with pytest.raises(AssertionError, match="tokenised again"):
        article_tokens(_article("p3", text + " more", "fa"))  # another text is tokenised


def test_the_packed_cache_is_bounded_in_bytes():
    cache = SizedLru(1000, weigh=len)
    for i in range(10):
        cache.put(i, b"x" * 300)
        assert cache.used <= 1000
    assert cache.used == 900 and list(cache.items) == [7, 8, 9]
    assert cache.get(7) is not None  # used: now the last to go
    cache.put(10, b"y" * 300)
    assert cache.get(8) is None and list(cache.items) == [9, 7, 10]
    cache.put(9, b"z" * 100)  # a key put again is weighed again
    assert cache.used == 700
    cache.put("huge", b"h" * 1001)  # over the whole bound: not kept, nothing evicted
    assert cache.get("huge") is None and cache.used == 700
    cache.clear()
    assert cache.used == 0 and cache.get(10) is None


def test_the_token_cache_bound_is_bytes():
    assert shingles._PACKED.limit == shingles.PACKED_BYTES
    before = shingles._PACKED.used
    article_tokens(_article("b1", "a text never seen before in this test run " * 20))
    assert shingles._PACKED.used > before
    assert shingles._PACKED.used <= shingles.PACKED_BYTES
