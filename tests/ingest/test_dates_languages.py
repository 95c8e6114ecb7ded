"""Dates in many languages, each in its common written forms (sentences written for these
tests), with the precision each mention keeps, and numbers that are not dates."""

from __future__ import annotations

import pytest

from stemma.ingest.dates import find_dates, published_and_updated


def read(text: str, lang: str, reference: str | None = None) -> list[tuple[str, str, str]]:
    return [(d.text, d.iso, d.precision) for d in find_dates(text, lang, reference)]


CASES = [
    # Spanish
    ("es", "El acuerdo se firmó el 1 de marzo de 2024 en Madrid.",
     [("1 de marzo de 2024", "2024-03-01", "day")]),
    ("es", "La ley entró en vigor el 1º de julio del 2023.",
     [("1º de julio del 2023", "2023-07-01", "day")]),
    ("es", "Las obras empezaron en septiembre de 2021.", [("septiembre de 2021", "2021-09", "month")]),
    ("es", "Madrid, 15/04/2022 - El gobierno anunció medidas.", [("15/04/2022", "2022-04-15", "day")]),
    # French
    ("fr", "Le sommet s'est tenu le 3 mars 2024 à Paris.", [("3 mars 2024", "2024-03-03", "day")]),
    ("fr", "La loi a été votée le 1er juillet 2023.", [("1er juillet 2023", "2023-07-01", "day")]),
    ("fr", "Publié le 12 févr. 2020 à 14:30", [("12 févr. 2020 à 14:30", "2020-02-12", "minute")]),
    ("fr", "En août 2019, la ville a changé de maire.", [("août 2019", "2019-08", "month")]),
    # German
    ("de", "Das Spiel fand am 23. Juni 2008 in Wien statt.", [("23. Juni 2008", "2008-06-23", "day")]),
    ("de", "Stand: 05.03.2024 um 10:15", [("05.03.2024 um 10:15", "2024-03-05", "minute")]),
    ("de", "Im März 2020 schlossen die Schulen.", [("März 2020", "2020-03", "month")]),
    # Polish
    ("pl", "Mecz odbył się 23 czerwca 2008 r. w Wiedniu.", [("23 czerwca 2008 r.", "2008-06-23", "day")]),
    ("pl", "Ustawa weszła w życie 1 marca 2024 roku.", [("1 marca 2024 roku", "2024-03-01", "day")]),
    ("pl", "W październiku 2022 r. ceny wzrosły.", [("październiku 2022 r.", "2022-10", "month")]),
    # Turkish
    ("tr", "Toplantı 3 Mart 2024 tarihinde Ankara'da yapıldı.", [("3 Mart 2024", "2024-03-03", "day")]),
    ("tr", "Seçim 14 Mayıs 2023 günü yapıldı.", [("14 Mayıs 2023", "2023-05-14", "day")]),
    # Russian
    ("ru", "Встреча состоялась 1 марта 2024 года в Москве.",
     [("1 марта 2024 года", "2024-03-01", "day")]),
    ("ru", "В марте 2024 года цены выросли.", [("марте 2024 года", "2024-03", "month")]),
    ("ru", "Закон подписан 12.06.2019.", [("12.06.2019", "2019-06-12", "day")]),
    # Chinese and Japanese, Korean
    ("zh", "会议于2024年3月1日在北京举行。", [("2024年3月1日", "2024-03-01", "day")]),
    ("zh", "2023年10月，新规开始实施。", [("2023年10月", "2023-10", "month")]),
    ("ja", "会議は2024年3月1日に東京で開かれた。", [("2024年3月1日", "2024-03-01", "day")]),
    ("ko", "회의는 2024년 3월 1일 서울에서 열렸다.", [("2024년 3월 1일", "2024-03-01", "day")]),
    # Hindi (Latin or Devanagari digits)
    ("hi", "बैठक 1 मार्च 2024 को दिल्ली में हुई।", [("1 मार्च 2024", "2024-03-01", "day")]),
    ("hi", "बैठक १ मार्च २०२४ को हुई।", [("१ मार्च २०२४", "2024-03-01", "day")]),
    # Hebrew (the month with its preposition)
    ("he", "הפגישה התקיימה ב-1 במרץ 2024 בירושלים.", [("1 במרץ 2024", "2024-03-01", "day")]),
    ("he", "החוק נכנס לתוקף ב-15 בינואר 2022.", [("15 בינואר 2022", "2022-01-15", "day")]),
    # Italian, Portuguese, Dutch
    ("it", "L'accordo è stato firmato il 1º marzo 2024 a Roma.",
     [("1º marzo 2024", "2024-03-01", "day")]),
    ("pt", "O acordo foi assinado em 1º de março de 2024 em Lisboa.",
     [("1º de março de 2024", "2024-03-01", "day")]),
    ("nl", "Het akkoord werd op 1 maart 2024 in Den Haag getekend.",
     [("1 maart 2024", "2024-03-01", "day")]),
    # Arabic, Persian, English as before, and the month-year forms
    ("ar", "دمشق، 28 آب/اغسطس 2013", [("28 آب/اغسطس 2013", "2013-08-28", "day")]),
    ("fa", "تهران - ۱۵ فروردین ۱۳۹۷", [("۱۵ فروردین ۱۳۹۷", "2018-04-04", "day")]),
    ("en", "The plant closed in December 2021.", [("December 2021", "2021-12", "month")]),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_dates_in_each_language(lang, text, expected):
    assert read(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "They won 2 out of 3 games in 2019."),  # "out." is October in Portuguese
        ("en", "Version 3.5 shipped to 2024 customers."),
        ("fr", "Il a marqué 3 buts lors de ses 2024 minutes de jeu."),
        ("es", "Hay 25 mar y 2024 olas."),  # "mar." is March only with its dot
        ("de", "Er war 23 Jahre alt und wohnte in Haus 2008."),
        ("tr", "Köyde 3 ekim alanı ve 2024 ağaç var."),  # "ekim" (sowing) without its capital
        ("ru", "В 2024 году было 15 матчей."),
        ("zh", "他买了3本书和12支笔。"),
        ("he", "קנינו 3 ספרים ב-2024 שקלים."),
        ("hi", "उसने 3 किताबें और 2024 रुपये दिए।"),
    ],
)
def test_numbers_that_are_no_dates(lang, text):
    assert read(text, lang) == []


def test_year_less_dates_take_the_year_of_the_reference():
    assert read("El martes 5 de marzo el consejo votó.", "es", "2024-03-07") == [
        ("martes 5 de marzo", "2024-03-05", "day")
    ]
    assert read("会议于3月1日举行。", "zh", "2024-03-02") == [("3月1日", "2024-03-01", "day")]
    # without a reference, the day and month stay without a year
    assert read("会议于3月1日举行。", "zh") == [("3月1日", "--03-01", "day")]


def test_a_published_day_comes_before_a_published_month():
    mentions = find_dates(
        "Publié en mars 2024\n\nPublié le 3 mars 2024\n\nTexte de l'article.", "fr"
    )
    assert published_and_updated(mentions)[0] == "2024-03-03"
