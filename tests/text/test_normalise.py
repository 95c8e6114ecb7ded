import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from stemma.text.normalise import Folded, display, fold

Z = "\u200c"


# --- display ---


def test_display_joins_hard_wrapped_lines_and_trims():
    text = "  The talks\nwere held in\r\n  Geneva  on\tMonday.\n"
    assert display(text, "en") == "The talks were held in Geneva on Monday."


def test_display_joins_line_end_hyphens_only_when_safe():
    assert display("the negotia-\ntions began", "en") == "the negotiations began"
    assert display("a well-\nknown case", "en") == "a well-known case"
    # the joined word elsewhere in the slice shows the hyphen was only a line break
    assert display("peace-\nkeepers and other peacekeepers", "en") == (
        "peacekeepers and other peacekeepers"
    )
    # not between lowercase letters: kept as written
    assert display("North-\nSouth talks", "en") == "North- South talks"


def test_display_is_nfc_and_keeps_letters_as_written():
    assert display("cafe\u0301", "en") == "café"
    assert display("علي", "fa") == "علي"  # Arabic yeh is not folded for display
    assert display("إِنَّ اللَّهَ", "ar") == "إِنَّ اللَّهَ"


def test_display_repairs_persian_zwnj_only_for_persian():
    assert display("حضرت آیتالله\nخامنهای", "fa") == f"حضرت آیت{Z}الله خامنه{Z}ای"
    assert display("حضرت آیتالله", "ar") == "حضرت آیتالله"
    assert display("حضرت آیتالله", None) == "حضرت آیتالله"


def test_display_urdu_keeps_urdu_letters():
    assert display("یہ  خبر\nہے۔", "ur") == "یہ خبر ہے۔"


# --- fold ---


def test_fold_english_casefolds_and_unifies_punctuation():
    folded = fold("The “U.S.” envoy — Straße ﬁnal\u00a0 ‘talks’", "en")
    assert folded.text == 'the "u.s." envoy - strasse final "talks"'


def test_fold_persian_letters_digits_and_zwnj():
    assert fold("كشور ي ۱۴۰۲", "fa").text == "کشور ی 1402"
    joined = fold("میاندازد", "fa").text
    assert joined == f"می{Z}اندازد"
    assert fold(f"می{Z}اندازد", "fa").text == joined
    assert fold("می اندازد", "fa").text == joined
    # a ZWNJ after a non-joining letter is invisible: dropped in the canonical form
    assert fold(f"کشور{Z}ها", "fa").text == fold("کشورها", "fa").text == "کشورها"
    assert fold("ملت ها", "fa").text == f"ملت{Z}ها"
    # tatweel and harakat go; ۀ is the ezafe spelled out
    assert fold("مـــسأله‌ی خانۀ", "fa").text == f"مساله{Z}ی خانه{Z}ی"


def test_fold_persian_quotes_and_punctuation():
    assert fold("«سلام»، چطور؟", "fa").text == '"سلام", چطور?'


def test_fold_arabic_letter_forms():
    assert fold("إِنَّ أحمد آمن بالقرآن", "ar").text == "ان احمد امن بالقران"
    assert fold("مدرسة مؤمن شاطئ على", "ar").text == "مدرسه مومن شاطي علي"
    assert fold("کتاب فی", "ar").text == "كتاب في"
    assert fold("٢٠٢٤", "ar").text == "2024"
    assert fold("ٱلحمد", "ar").text == "الحمد"


def test_fold_urdu_letter_forms():
    assert fold("يه كتاب هے۔", "ur").text == "یہ کتاب ہے."
    assert fold("۲۰۲۴", "ur").text == "2024"


def test_fold_same_text_typed_differently_matches():
    a = fold("آیت‌الله   خامنه‌ای، «رهبر»", "fa").text
    b = fold('ايت الله خامنه اي, "رهبر"', "fa").text
    c = fold("آیتالله خامنهای، “رهبر”", "fa").text
    assert a == c
    assert a == f'ایت{Z}الله خامنه{Z}ای, "رهبر"'
    assert b == f'ایت الله خامنه{Z}ای, "رهبر"'  # the spaced affix "ای" joins too


def test_fold_unknown_language_still_folds_script_neutral_things():
    assert fold("Ｆｕｌｌ–width ½", None).text == "full-width 1⁄2"
    assert fold("Der Präsident", "de").text == "der prasident"


def test_fold_drops_invisible_controls():
    assert fold("a\u200fb\u200dc\ufeff", None).text == "abc"


def test_fold_offsets_and_span_map_back():
    source = "  حضرت آیتالله   خامنهای گفت  "
    folded = fold(source, "fa")
    at = folded.text.index("خامنه")
    start, end = folded.span(at, at + len("خامنه"))
    assert source[start:end] == "خامنه"
    start, end = folded.span(0, len(folded.text))
    assert source[start:end] == source.strip()


def test_fold_span_covers_dropped_marks():
    source = "عَلِيمًا حَكِيمًا"
    folded = fold(source, "ar")
    assert folded.text == "عليما حكيما"
    start, end = folded.span(0, 5)
    assert source[start:end] == "عَلِيمًا"


def test_fold_span_of_expanded_ligature():
    source = "ﷲ اکبر"
    folded = fold(source, "fa")
    assert folded.text.startswith("الله ")
    assert folded.span(1, 3) == (0, 1)


def test_folded_defaults_ends_and_empty_span():
    f = Folded("ab", [0, 2])
    assert f.ends == [1, 3]
    assert f.span(1, 1) == (2, 2)
    assert f.span(0, 2) == (0, 3)
    assert fold("", "en").span(0, 0) == (0, 0)


# --- properties ---

TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcABC .,-\n\t") + list("میاندزکشورهلتيكةۀآأإؤئ") + ["\u064e", "\u0650", "\u0640",
        Z, "\u200f", "«", "»", "“", "”", "۱", "٢", "ﷲ", "\u00e9", "\u0301", "ß"]
    ),
    max_size=60,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["en", "fa", "ar", "ur", None]))
def test_fold_offsets_stay_inside_the_input(text, lang):
    folded = fold(text, lang)
    n = len(text)
    assert len(folded.offsets) == len(folded.ends) == len(folded.text)
    assert folded.offsets == sorted(folded.offsets)
    for i, (start, end) in enumerate(zip(folded.offsets, folded.ends, strict=True)):
        assert 0 <= start <= end <= n
        c = folded.text[i]
        if c not in (" ", Z):
            # every folded character comes from the input character it points at
            assert c in fold(text[start], lang).text
    assert folded.text == folded.text.strip()
    assert "  " not in folded.text
    assert folded.text == unicodedata.normalize("NFC", folded.text)


def _letters(text: str) -> str:
    return re.sub(r"[\s\u200c-]", "", text)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from(["en", "fa", "ar", "ur", None]), st.data())
def test_fold_span_is_the_input_range_behind_a_folded_range(text, lang, data):
    folded = fold(text, lang)
    n = len(folded.text)
    i = data.draw(st.integers(0, n))
    j = data.draw(st.integers(i, n))
    start, end = folded.span(i, j)
    assert 0 <= start <= end <= len(text)
    assert _letters(folded.text[i:j]) in _letters(fold(text[start:end], lang).text)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from(["en", "ar", "ur", None]))
def test_fold_is_idempotent_on_its_own_output(text, lang):
    once = fold(text, lang).text
    assert fold(once, lang).text == once
