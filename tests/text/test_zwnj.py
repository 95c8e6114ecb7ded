import pytest

from stemma.text.zwnj import ZWNJ, apply_edits, lexicon, repair_zwnj, word_splits, zwnj_edits

Z = ZWNJ


@pytest.mark.parametrize(
    ("written", "repaired"),
    [
        ("میاندازد", f"می{Z}اندازد"),
        ("نمیکند", f"نمی{Z}کند"),
        ("خامنهای", f"خامنه{Z}ای"),
        ("آیتالله", f"آیت{Z}الله"),
        ("نقشههای", f"نقشه{Z}های"),
        ("ملتها", f"ملت{Z}ها"),
        ("مسألهی", f"مسأله{Z}ی"),
        # more of each rule
        ("میگفتند", f"می{Z}گفتند"),
        ("نمیتوانیم", f"نمی{Z}توانیم"),
        ("برمیگردد", f"برمی{Z}گردد"),
        ("میآید", f"می{Z}آید"),
        ("کردهاند", f"کرده{Z}اند"),
        ("نوشتهاید", f"نوشته{Z}اید"),
        ("دولتهائی", f"دولت{Z}هائی"),
        ("ویژگیهای", f"ویژگی{Z}های"),
        ("تازهتر", f"تازه{Z}تر"),
        ("مهمترین", f"مهم{Z}ترین"),
        ("بیشک", f"بی{Z}شک"),
        ("بینالمللی", f"بین{Z}المللی"),
        ("آیتاللهالعظمی", f"آیت{Z}الله{Z}العظمی"),
        ("خیانتآمیز", f"خیانت{Z}آمیز"),
        ("حزبالله", f"حزب{Z}الله"),
        ("نامهای", f"نامه{Z}ای"),
        ("جبههی", f"جبهه{Z}ی"),
        ("برنامهریزی", f"برنامه{Z}ریزی"),
        ("دروازهبان", f"دروازه{Z}بان"),
        ("محافظهکار", f"محافظه{Z}کار"),
        ("نشستهای", f"نشست{Z}های"),  # meetings, not "نشسته‌ای"
        ("نوشتهای", f"نوشته{Z}ای"),
        ("تعیینکنندهای", f"تعیین{Z}کننده{Z}ای"),
        ("نمایندهای", f"نماینده{Z}ای"),
        # Arabic keyboard letters: the ZWNJ still lands, the letters stay as typed
        ("ميكند", f"مي{Z}كند"),
    ],
)
def test_repairs_missing_zwnj(written, repaired):
    assert repair_zwnj(written) == repaired


@pytest.mark.parametrize(
    "word",
    [
        # look like می/نمی + verb
        "میز", "میان", "میلیون", "نمیر", "میدان", "میزان", "میراث", "میهمان", "میوه", "میلاد",
        # end in ها / های / ای without being plurals or suffixes
        "تنها", "آنها", "اینها", "رها", "بها", "حالا", "کلها", "اشتها", "انتهای", "تنهایی",
        "دریای", "برای", "های", "صدای",
        # after a non-joining letter the ZWNJ is invisible and left out
        "کشورها", "کارها", "روزها",
        # final heh that is a consonant
        "آگاهی", "گروهی", "فقهی", "توجهی", "الهی", "فرماندهی", "سازماندهی", "بدهی",
        # comparatives written joined, and look-alikes
        "بهتر", "بیشتر", "بهترین", "کمترین", "دکترین", "دختر", "دفتر",
        # plain words
        "عبدالله", "بیمار", "بیرون", "بیست", "فناوری", "دستگیری", "پیشگیری", "نگهبان",
        "بدهکار", "درنهایت", "روندهای", "بندهای",
    ],
)  # fmt: skip
def test_leaves_words_that_need_no_zwnj(word):
    assert repair_zwnj(word) == word


def test_only_inserts_zwnj_and_is_idempotent():
    text = "حضرت آیتالله خامنهای گفت که ملتها نقشههای دشمن را میدانند و بیشک پیروز میشوند."
    once = repair_zwnj(text)
    assert once.replace(Z, "") == text
    assert repair_zwnj(once) == once
    assert once.count(Z) == 7


def test_leaves_correct_text_alone():
    text = f"حضرت آیت{Z}الله خامنه{Z}ای به عقب می{Z}اندازد."
    assert repair_zwnj(text) == text


def test_leaves_arabic_and_latin_alone():
    verse = "وَكَانَ اللَّهُ عَلِيمًا حَكِيمًا"
    assert repair_zwnj(verse) == verse
    assert repair_zwnj("The ملتها of 2018") == f"The ملت{Z}ها of 2018"
    assert repair_zwnj("Nothing Persian here.") == "Nothing Persian here."
    assert repair_zwnj("") == ""


def test_arabic_pronoun_suffix_is_not_a_plural():
    assert repair_zwnj("فيها و عليها") == "فيها و عليها"


def test_spaced_forms_become_zwnj_when_asked():
    text = "ملت ها و کشور ها می اندازد و خامنه ای بی شک"
    edits = zwnj_edits(text, spaced=True)
    assert apply_edits(text, edits) == (f"ملت{Z}ها و کشور{Z}ها می{Z}اندازد و خامنه{Z}ای بی{Z}شک")
    # without spaced, spaces stay
    assert zwnj_edits(text) == []


def test_spaced_does_not_join_across_lines_or_unrelated_words():
    text = "ملت\nها"
    assert zwnj_edits(text, spaced=True) == []
    assert zwnj_edits("این کتاب خوب است", spaced=True) == []


def test_word_splits_positions():
    assert word_splits("نمیکند") == (3,)
    assert word_splits("ایتالله") == (3,)  # lookup keys fold آ to ا
    assert word_splits("میز") == ()


def test_lexicon_is_loaded_from_data():
    lex = lexicon()
    assert "کن" in lex.present and "کرد" in lex.past
    assert "خامنه" in lex.silent and "تنها" in lex.ha_words
    assert lex.compounds["ایتاللهالعظمی"] == (3, 7)  # keyed without آ and ZWNJ
    assert len(lex.present) > 100 and len(lex.past) > 100
