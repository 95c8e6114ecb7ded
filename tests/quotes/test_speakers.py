"""One person across name variants, titles and scripts."""

import pytest

from stemma.quotes.speakers import People, skeleton


@pytest.mark.parametrize(
    "phrase",
    [
        "Seyed Ali Khamenei",
        "Seyyed Ali Khamenei",
        "Ayatollah Khamenei",
        "Ayatollah Seyyed Ali Khamenei",
        "the Leader",
        "the Supreme Leader",
        "Leader of the Islamic Revolution",
        "Leader of the Islamic Revolution Ayatollah Seyed Ali Khamenei",
        "Imam Khamenei",
        "Iran's Supreme Leader",
        "آیت‌الله خامنه‌ای",
        "حضرت آیتالله خامنهای",
        "سیدعلی خامنه‌ای",
        "رهبر انقلاب",
        "رهبر معظم انقلاب اسلامی",
        "قائد الثورة الإسلامية",
    ],
)
def test_khamenei_variants(phrase):
    person = People().resolve(phrase)
    assert person is not None and person.id == "ali-khamenei"


def test_surname_and_other_script_join_the_full_name():
    people = People()
    full = people.resolve("Dr. Ismail Haniyeh")
    assert full.id == "ismail-haniyeh"
    assert people.resolve("Haniyeh") is full
    assert people.resolve("اسماعیل هنیه") is full


def test_persian_first_then_latin_takes_the_latin_id():
    people = People()
    first = people.resolve("جواد ظریف")
    assert people.resolve("Javad Zarif") is first
    assert first.id == "javad-zarif"


def test_different_given_names_stay_apart():
    people = People()
    assert people.resolve("Hillary Clinton").id != people.resolve("Bill Clinton").id
    assert people.resolve("Mojtaba Khamenei").id != "ali-khamenei"


def test_not_a_person():
    people = People()
    assert people.resolve("the campaign") is None
    assert people.resolve("he") is None


def test_skeleton_is_transliteration_insensitive():
    assert skeleton("Khamenei") == skeleton("خامنه‌ای") == skeleton("Khamene'i")
    assert skeleton("Haniyeh") == skeleton("هنیه") == skeleton("Haniyya")
