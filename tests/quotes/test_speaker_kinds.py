"""Speakers are people: organisations, places and publications are sources of another kind."""

import pytest

from stemma.quotes.speakers import People, speaker_kind

PEOPLE_ON_THE_SEEDS = {"ali-khamenei", "ismail-haniyeh", "ziyad-alnakhalah"}


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("The Israeli regime", "organisation"),
        ("his official website", "publication"),
        ("اسپاداناخبر", "publication"),
        ("خبرگزاری ایرنا", "publication"),
        ("a spokesman in Gaza City", "place"),
        ("The Israeli military", "organisation"),
    ],
)
def test_sources_that_are_no_person(phrase, kind):
    people = People()
    person = people.resolve(phrase)
    assert person is None
    assert speaker_kind(phrase, person) == kind


def test_the_name_before_an_apposition_speaks_not_the_place_after_it():
    people = People()
    p = people.resolve("Ziyad al-Nakhalah, secretary general of the Jihad Movement in Palestine")
    assert p is not None and p.name == "Ziyad al-Nakhalah"
    assert people.resolve("the Islamic Jihad Movement in Palestine") is None


def test_a_long_title_before_a_known_name():
    people = People()
    haniyeh = people.resolve("Ismail Haniyeh")
    found = people.resolve(
        "Head of the Political Bureau of the Palestinian Islamic Resistance Movement Hamas "
        "Ismail Haniyeh"
    )
    assert found is haniyeh


def test_on_the_seeds_every_speaker_is_a_person(seed_analysed):
    quotes = [q for s in seed_analysed.list_stories() for q in s.get("quotes") or []]
    assert quotes
    people = {q["person"] for q in quotes if q["speaker_kind"] == "person"}
    assert people == PEOPLE_ON_THE_SEEDS
    for q in quotes:
        if q["person"] is not None:
            assert q["speaker_kind"] == "person"
        assert not q["speaker"].startswith(("Head of the", "Palestine"))  # never cut short
        for r in q["renderings"]:
            if r["speaker_kind"] == "person":
                assert r["person"] in PEOPLE_ON_THE_SEEDS
            # a place, an organisation or a website never counts as a person
            if any(w in r["speaker"] for w in ("website", "regime", "اسپادانا")):
                assert r["speaker_kind"] != "person" and r["person"] is None
