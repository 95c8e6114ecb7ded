"""Working text defaults for a language without a stemma/text/lang module: sentences in scripts
with their own marks or none, and tokens where spaces do not separate words."""

from __future__ import annotations

import pytest

from stemma.reuse.shingles import tokenize
from stemma.text import lang
from stemma.text.normalise import display
from stemma.text.segment import sentences
from stemma.text.words import words


def split(text: str, code: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text, code)]


@pytest.mark.parametrize(
    ("code", "parts"),
    [
        (
            "ja",
            ["駅前の店が今日から再開した。", "「待っていた」と客は笑った。", "本当に良かった！"],
        ),
        ("zh", ["今天下午下了大雨。", "学校提前放学了吗？", "是的，家长都来了。"]),
        ("hi", ["आज शाम बारिश हुई।", "स्कूल जल्दी बंद हुए।"]),
        ("hy", ["Այսօր անձրև եկավ։", "Դպրոցները շուտ փակվեցին։"]),
        ("th", ["วันนี้ฝนตกหนัก", "โรงเรียนปิดเร็ว", "ผู้ปกครองมารับลูก"]),
        ("ko", ["오늘 오후 비가 많이 왔다.", "학교는 일찍 끝났다."]),
        ("el", ["Σήμερα έβρεξε πολύ.", "Τα σχολεία έκλεισαν νωρίς."]),
    ],
)
def test_sentences_without_a_language_module(code, parts):
    assert lang.get(code) is None
    joiner = "" if code in ("ja", "zh") else " "
    assert split(joiner.join(parts), code) == parts


def test_a_full_stop_inside_a_number_or_name_is_no_sentence_end():
    assert split("価格は3.5ドルだった。翌日は4.0ドル。", "ja") == [
        "価格は3.5ドルだった。",
        "翌日は4.0ドル。",
    ]
    # a Thai space next to a number is no sentence end; one between Thai words is
    assert split("ราคา 3.5 บาท", "th") == ["ราคา 3.5 บาท"]


def _surface(text: str) -> list[str]:
    return [text[a:b] for a, b in words(text)]


def test_han_and_kana_are_one_token_a_character():
    assert _surface("東京の雨") == ["東", "京", "の", "雨"]
    assert _surface("北京下雨了") == ["北", "京", "下", "雨", "了"]
    # Korean is written with spaces: its words stay whole
    assert _surface("서울에 비가 온다") == ["서울에", "비가", "온다"]


def test_thai_tokens_are_clusters_that_keep_a_syllables_letters_together():
    tokens = _surface("เมืองใหม่")
    assert "".join(tokens) == "เมืองใหม่"
    assert all(t[0] not in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e48\u0e49" for t in tokens)
    assert "ให" in tokens and "เมื" in tokens  # a leading vowel goes with its consonant


def test_spaced_scripts_keep_whole_words():
    assert _surface("Hello, world 2018!") == ["Hello", "world", "2018"]
    assert _surface("کتاب‌ها را خواندم") == ["کتاب\u200cها", "را", "خواندم"]


def test_shingles_see_shared_chinese_text_in_two_wordings():
    a = {t.key for t in tokenize("市议会周二批准了新的学校预算。", "zh")}
    b = {t.key for t in tokenize("周二，市议会批准了学校预算。", "zh")}
    assert len(a & b) >= 8  # character tokens overlap; whole-run tokens would share none


def test_a_hard_wrap_inside_chinese_or_japanese_leaves_no_space():
    assert (
        display("市議会は火曜日の夜、\n予算を承認した。", "ja")
        == "市議会は火曜日の夜、予算を承認した。"
    )
    assert display("市议会周二\n批准了预算。", None) == "市议会周二批准了预算。"
    # between Latin words, or a CJK word and a Latin one, the wrap is a space
    assert display("Hello\nworld 東京\nTower", "en") == "Hello world 東京 Tower"


def test_title_case_is_a_headlines_words_with_its_small_words_in_lower_case():
    from stemma.text.lang import en
    from stemma.text.words import title_case

    small = en.HEADLINE_SMALL_WORDS
    assert title_case("Talks with Israel Stall Again in 2024".split(), small)
    assert not title_case("Microsoft promised Mr. Weiner that he could run".split(), small)
    assert not title_case("Talks with Israel".split(), frozenset())  # no small words given
