"""Relative day words ("yesterday", "hier", "gestern", "دیروز", ...) read against the day an
article speaks from, and stored as day mentions that keep that day. Sentences are my own."""

from datetime import date

import pytest

from stemma.ingest.dates import find_dates, relative_mentions
from stemma.ingest.pipeline import analyse
from stemma.model import DateMention, Record

ANCHOR = date(2024, 3, 6)  # a Wednesday

CASES = [
    ("en", "The council met yesterday and will decide tomorrow.", ["2024-03-05", "2024-03-07"]),
    ("fr", "Le maire a parlé hier, et le conseil vote demain.", ["2024-03-05", "2024-03-07"]),
    ("de", "Der Rat tagte gestern; heute folgt die Abstimmung.", ["2024-03-05", "2024-03-06"]),
    ("es", "El alcalde habló ayer con los vecinos del puerto.", ["2024-03-05"]),
    ("pl", "Burmistrz spotkał się wczoraj z mieszkańcami.", ["2024-03-05"]),
    ("ru", "Мэр вчера встретился с жителями города.", ["2024-03-05"]),
    ("tr", "Belediye başkanı dün halkla bir araya geldi.", ["2024-03-05"]),
    ("fa", "شهردار دیروز با مردم شهر دیدار کرد.", ["2024-03-05"]),
    ("ar", "التقى رئيس البلدية أمس بسكان المدينة.", ["2024-03-05"]),
    ("zh", "市长昨天会见了市民。", ["2024-03-05"]),
    ("ja", "市長は昨日、住民と会った。", ["2024-03-05"]),
]


@pytest.mark.parametrize(("lang", "text", "days"), CASES, ids=[c[0] for c in CASES])
def test_relative_day_words_become_day_mentions(lang, text, days):
    found = relative_mentions(text, ANCHOR, lang)
    assert [m.iso for m in found] == days
    for m in found:
        assert m.precision == "day" and m.relative_to == "2024-03-06"
        assert text[m.start : m.end] == m.text  # offsets slice the word as written


def test_a_weekday_near_the_top_is_the_latest_one_and_words_are_per_language():
    text = "The minister resigned on Monday, officials said."
    assert [m.iso for m in relative_mentions(text, ANCHOR, "en")] == ["2024-03-04"]
    # German "hier" is not French "hier"; a weekday inside a written date is no relative word
    assert relative_mentions("Wir sind hier geblieben.", ANCHOR, "de") == []
    dated = "The vote on Tuesday, 5 March 2024 was close."
    mentions = find_dates(dated, "en")
    assert relative_mentions(dated, ANCHOR, "en", mentions) == []
    assert relative_mentions("yesterday", ANCHOR, None) == []


def test_an_ingested_article_counts_from_its_own_date():
    text = (
        "TEHRAN, 5 April 2018 - The minister said yesterday that the talks would resume. "
        "Officials will meet again tomorrow, he added."
    )
    article, _ = analyse(Record("r1", text.encode(), "txt", "r1.txt"))
    relative = [d for d in article.dates if d.relative_to]
    assert [(d.text, d.iso) for d in relative] == [
        ("yesterday", "2018-04-04"),
        ("tomorrow", "2018-04-06"),
    ]
    assert all(d.relative_to == "2018-04-05" for d in relative)
    assert [d.start for d in article.dates] == sorted(d.start for d in article.dates)
    assert article.published == "2018-04-05"  # the written date, never a relative one


def test_without_a_known_day_relative_words_stay_words():
    article, _ = analyse(
        Record("r2", b"The minister said yesterday that talks resume.", "txt", "r2.txt")
    )
    assert not [d for d in article.dates if d.relative_to]


def test_a_capture_time_is_the_day_when_the_page_gives_none():
    page = (
        "<html><body><article><p>Das Museum hat gestern seine neue Halle eröffnet, wie die "
        "Stadt mitteilte.</p><p>Die Ausstellung zeigt Werke aus drei Jahrhunderten und bleibt "
        "bis zum Herbst geöffnet.</p></article></body></html>"
    ).encode()
    record = Record("r3", page, "html", "r3.html", fields={"captured": "2024-03-06T10:00:00Z"})
    article, _ = analyse(record)
    assert [(d.text, d.iso) for d in article.dates if d.relative_to] == [("gestern", "2024-03-05")]
    assert DateMention(**{**_as_dict(article.dates[0])}) == article.dates[0]


def _as_dict(mention: DateMention) -> dict:
    return {k: getattr(mention, k) for k in mention.__slots__}
