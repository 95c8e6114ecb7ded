"""A dot that makes a number an ordinal (German "am 2. Oktober") does not end a sentence.

Before this rule "Soldaten hatten am 2. Oktober 1968 ..." was two sentences, the second
beginning "Oktober": aligned passages then began and ended mid-sentence. Known limit: a day
alone ending a sentence after "am" ("Sie kamen am 2. Dann ...") is read as an ordinal too.
"""

import pytest

from stemma.text.segment import sentences


def split(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text, lang)]


@pytest.mark.parametrize(
    "text",
    [
        "Soldaten hatten am 2.\xa0Oktober\xa01968 geschossen.",
        "Die Urteile wurden am 19. Juni 1953 vollstreckt.",
        "Das Tor fiel in der 65.\xa0Minute durch einen Kopfball.",
        "Er feierte in Bonn seinen 21. Geburtstag mit Freunden.",
        "Am 3. Mai begann die Saison, bis 31. Oktober dauert sie.",
    ],
)
def test_german_ordinals_stay_inside_their_sentence(text):
    assert split(text + " Danach kam der Regen.", "de") == [text, "Danach kam der Regen."]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Die Zahl der Verletzten stieg auf 12. Die Polizei sperrte die Straße.", "de"),
        ("Der Umsatz lag im Jahr 2018. Die Kosten stiegen.", "de"),  # a year, not an ordinal
        ("The score was 2. October brought a new coach.", "en"),  # English has no ordinal dot
    ],
)
def test_a_count_or_year_at_a_sentence_end_still_ends_it(text, lang):
    assert len(split(text, lang)) == 2
