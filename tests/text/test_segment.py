import re

from hypothesis import given, settings
from hypothesis import strategies as st

from stemma.text.segment import paragraphs, sentences


def split(text: str, lang: str | None) -> list[str]:
    return [text[a:b] for a, b in sentences(text, lang)]


# --- English ---


def test_english_abbreviations_and_initials():
    text = (
        "Dr. Smith met Mr. J. K. Rowling at St. Paul's on Sept. 5. "
        "They spoke about e.g. books, i.e. novels. The U.N. envoy arrived later. "
        "Talks in the U.S. The envoy left."
    )
    assert split(text, "en") == [
        "Dr. Smith met Mr. J. K. Rowling at St. Paul's on Sept. 5.",
        "They spoke about e.g. books, i.e. novels.",
        "The U.N. envoy arrived later.",
        "Talks in the U.S.",
        "The envoy left.",
    ]


def test_english_numbers_are_not_sentence_ends():
    text = (
        "The verse is 4:104 and the rate was 24.3 per cent. About 1,900 people came at "
        "2 a.m. on Friday. Item No. 5 was sold for $3.50 in Jan. 2018. It ended."
    )
    assert split(text, "en") == [
        "The verse is 4:104 and the rate was 24.3 per cent.",
        "About 1,900 people came at 2 a.m. on Friday.",
        "Item No. 5 was sold for $3.50 in Jan. 2018.",
        "It ended.",
    ]


def test_english_quotes():
    text = (
        "“Is it over?” he asked. “Yes,” she said. She added: “We won. They lost.” "
        "Then she left. “Never!” The crowd cheered."
    )
    assert split(text, "en") == [
        "“Is it over?” he asked.",
        "“Yes,” she said.",
        "She added: “We won.",
        "They lost.”",
        "Then she left.",
        "“Never!”",
        "The crowd cheered.",
    ]


def test_english_ellipsis_and_bracketed_notes():
    text = (
        "He paused... and went on. It was late… The end came. "
        "God is ever Knower, Wise.” (Holy Quran 4:104) (remarks)"
    )
    assert split(text, "en") == [
        "He paused... and went on.",
        "It was late…",
        "The end came.",
        "God is ever Knower, Wise.” (Holy Quran 4:104) (remarks)",
    ]


def test_hard_wrapped_lines_and_blank_lines():
    text = "The leader said the\nremedy lies in resistance. He\nadded more\n\nA new paragraph"
    assert split(text, "en") == [
        "The leader said the\nremedy lies in resistance.",
        "He\nadded more",
        "A new paragraph",
    ]
    assert [text[a:b] for a, b in paragraphs(text)] == [
        "The leader said the\nremedy lies in resistance. He\nadded more",
        "A new paragraph",
    ]


def test_long_quotation_after_a_colon_stands_apart():
    text = (
        "He began with these words of God: “Relent not in pursuit of the enemy, for they "
        "suffer as you suffer.” (Quran 4:104) Then he turned to the news."
    )
    assert split(text, "en") == [
        "He began with these words of God:",
        "“Relent not in pursuit of the enemy, for they suffer as you suffer.” (Quran 4:104)",
        "Then he turned to the news.",
    ]


def test_short_quotation_after_a_colon_stays():
    assert split("He said: “We will win.” Then he left.", "en") == [
        "He said: “We will win.”",
        "Then he left.",
    ]


# --- Persian, Arabic, Urdu ---


def test_persian_punctuation_and_guillemets():
    text = (
        "رهبر انقلاب گفت: «این راه درست است.» سپس پرسید: چرا مذاکره؟ "
        "پاسخ روشن بود! نامه در ۱۵ فروردین ۱۳۹۷ نوشته شد؛ متن آن کوتاه است.\n\n"
        "بند دوم"
    )
    assert split(text, "fa") == [
        "رهبر انقلاب گفت: «این راه درست است.»",
        "سپس پرسید: چرا مذاکره؟",
        "پاسخ روشن بود!",
        "نامه در ۱۵ فروردین ۱۳۹۷ نوشته شد؛ متن آن کوتاه است.",
        "بند دوم",
    ]


def test_persian_missing_space_after_full_stop_and_decimals():
    text = "نرخ تورم ۲۴.۳ درصد است.این رقم بالاست. ج.ا.ا. پاسخ داد."
    assert split(text, "fa") == [
        "نرخ تورم ۲۴.۳ درصد است.",
        "این رقم بالاست.",
        "ج.ا.ا. پاسخ داد.",
    ]


def test_persian_block_quotation_of_arabic_verse():
    text = (
        "نامه را با این آیه آغاز می‌کنم که گویی امروز نازل شده است: "
        "«وَلَا تَهِنُوا فِي ابْتِغَاءِ الْقَوْمِ إِنْ تَكُونُوا تَأْلَمُونَ فَإِنَّهُمْ يَأْلَمُونَ» "
        "این سخن برای ما روشن است."
    )
    parts = split(text, "fa")
    assert parts[0].endswith("نازل شده است:")
    assert parts[1].startswith("«وَلَا") and parts[1].endswith("يَأْلَمُونَ»")
    assert parts[2] == "این سخن برای ما روشن است."


def test_arabic_sentences():
    text = "قال الرئيس: إن الوضع خطير. وأضاف أن الحل سياسي؟ نعم! د. أحمد وافق."
    assert split(text, "ar") == [
        "قال الرئيس: إن الوضع خطير.",
        "وأضاف أن الحل سياسي؟",
        "نعم!",
        "د. أحمد وافق.",
    ]


def test_urdu_full_stop():
    text = "وزیر اعظم نے کہا کہ معیشت بہتر ہے۔ انہوں نے مزید کہا کیا یہ ممکن ہے؟ جی ہاں۔"
    assert split(text, "ur") == [
        "وزیر اعظم نے کہا کہ معیشت بہتر ہے۔",
        "انہوں نے مزید کہا کیا یہ ممکن ہے؟",
        "جی ہاں۔",
    ]


def test_unknown_language_uses_universal_marks():
    assert split("Das ist gut. Wirklich? Ja!", "de") == ["Das ist gut.", "Wirklich?", "Ja!"]
    assert split("第一句。第二句！", None) == ["第一句。", "第二句！"]


def test_empty_and_blank():
    assert sentences("", "en") == []
    assert sentences(" \n\n \t", "fa") == []


# --- seeds ---


def test_seed_verse_is_its_own_passage(seeds):
    text = next(seeds.glob("004_*.txt")).read_text(encoding="utf-8")
    parts = split(text, "fa")
    verse = [p for p in parts if p.startswith("«وَلَا")]
    assert len(verse) == 1 and verse[0].endswith("حَكِيمًا»")
    assert "بسم الله الرحمن الرحيم" in parts


def test_seed_english_quote_keeps_its_citation(seeds):
    text = next(seeds.glob("000_*.txt")).read_text(encoding="utf-8")
    parts = split(text, "en")
    assert "Allah is ever Knower, Wise.” (Holy Quran 4:104)" in parts
    assert any(p.startswith("Dear striving brother, Dr. Ismail Haniyeh") for p in parts)


# --- properties ---

PIECES = st.sampled_from(
    ["word", "Dr.", "U.S.", "4:104", "24.3", " ", "  ", "\n", "\n\n", ".", "?", "!", "؟",
     "۔", "…", "«", "»", "“", "”", "(", ")", "است", "The", "e.g.", ",", "a.m."]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join), st.sampled_from(["en", "fa", "ar", "ur", None]))
def test_sentences_cover_every_non_space_character(text, lang):
    spans = sentences(text, lang)
    covered = 0
    last_end = 0
    for start, end in spans:
        assert last_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert not re.search(r"\n[^\S\n]*\n", text[start:end])  # never across a blank line
        covered += len(re.sub(r"\s", "", text[start:end]))
        last_end = end
    assert covered == len(re.sub(r"\s", "", text))
