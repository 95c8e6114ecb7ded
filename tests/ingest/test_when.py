"""Best-known time: evidence, precision, source, comparison and persistence."""

from __future__ import annotations

import json

import pytest

from stemma.ingest.pipeline import analyse
from stemma.ingest.when import article_time, best_known, checked, earlier, parse
from stemma.jsonform import article_json
from stemma.model import DateMention, Record, TimeEvidence
from stemma.store import open_store


def _t(iso: str, precision: str, source: str = "metadata") -> TimeEvidence:
    return TimeEvidence(iso, precision, source)


@pytest.mark.parametrize(
    ("written", "iso", "precision"),
    [
        ("2018", "2018", "year"),
        ("2018-04", "2018-04", "month"),
        ("2018-04-05", "2018-04-05", "day"),
        ("2018-04-05T18:00:00Z", "2018-04-05T18:00Z", "minute"),
        ("2018-04-05T01:30:00+03:30", "2018-04-04T22:00Z", "minute"),
        ("2018-04-05 18:00:00", "2018-04-05T18:00", "minute"),
        ("Thu, 05 Apr 2018 18:00:00 +0200", "2018-04-05T16:00Z", "minute"),
    ],
)
def test_parse_keeps_the_written_precision(written, iso, precision):
    found = parse(written)
    assert (found.iso, found.precision, found.source) == (iso, precision, "metadata")


@pytest.mark.parametrize("written", ["", "yesterday", "2018-13", "2018-02-30", "12345", "0999"])
def test_parse_refuses_what_is_no_time(written):
    assert parse(written) is None


def test_a_first_of_january_the_input_never_writes_is_a_year():
    guess = parse("2013-01-01")
    kept = checked(guess, b"<footer>(c) 2013 Example</footer>", [])
    assert (kept.iso, kept.precision) == ("2013", "year")
    month = checked(parse("2013-03-01"), b"<p>March 2013</p>", [])
    assert (month.iso, month.precision) == ("2013-03", "month")
    # written out somewhere in the input: a real 1st
    real = checked(parse("2013-01-01"), b'<meta content="2013-01-01T08:00">', [])
    assert (real.iso, real.precision) == ("2013-01-01", "day")


def _mention(text, iso, role, calendar="gregorian", time=None):
    return DateMention(text, 0, len(text), calendar, iso, role, time)


def test_sources_rank_and_a_precise_weaker_value_refines_a_coarse_one():
    dates = [
        _mention("3 May 2018", "2018-05-03", "published"),
        _mention("1 May 2018", "2018-05-01", "signed"),
        _mention("9 May 2018", "2018-05-09", "event"),
    ]
    assert best_known(dates, {}).source == "dateline"
    assert best_known(dates[1:], {}).source == "signature"
    assert best_known(dates[2:], {}).source == "text"
    # metadata wins over the dateline, unless it is coarser and the dateline falls inside it
    assert best_known(dates, {"published": "2018-05-04"}).iso == "2018-05-04"
    refined = best_known(dates, {"published": "2018-05"})
    assert (refined.iso, refined.source) == ("2018-05-03", "dateline")
    assert best_known([], {}) is None


def test_a_guessed_metadata_year_gives_way_to_a_dateline_of_another_year():
    dates = [_mention("December 2021", "2021-12", "published")]
    dates[0].precision = "month"
    found = best_known(dates, {"published": "2013-01-01"}, b"<p>Copyright 2013</p>")
    assert (found.iso, found.precision, found.source) == ("2021-12", "month", "dateline")
    alone = best_known([], {"published": "2013-01-01"}, b"<p>Copyright 2013</p>")
    assert (alone.iso, alone.precision, alone.source) == ("2013", "year", "metadata")
    # a page that reports an event of 2021 is no page of 2013
    events = [_mention("9 December 2021", "2021-12-09", "event")]
    later = best_known(events, {"published": "2013-01-01"}, b"<p>Copyright 2013</p>")
    assert (later.iso, later.source) == ("2021-12-09", "text")
    # a metadata date the page writes out is no guess: it stands
    given = best_known(events, {"published": "2013-05-04"}, b"")
    assert (given.iso, given.source) == ("2013-05-04", "metadata")


def test_arabic_page_dated_by_its_dateline_not_a_first_of_january():
    html = (
        '<html lang="ar"><head><title>خبر</title></head><body><article>'
        "<p>دمشق، 28 آب/اغسطس 2013</p>"
        "<p>قال مسؤولون في الحكومة إن المحادثات ستستأنف الأسبوع المقبل بعد توقف طويل.</p>"
        "<p>وأضاف المسؤولون أن الاجتماع سيعقد في العاصمة بحضور ممثلين عن جميع الأطراف.</p>"
        "</article><footer>© 2013 جريدة المثال</footer></body></html>"
    ).encode()
    article, _ = analyse(Record("ar1", html, "html", "ar1.html"))
    assert article.when == TimeEvidence("2013-08-28", "day", "dateline", "28 آب/اغسطس 2013")
    assert article.published == "2013-08-28"


def test_relative_words_read_against_the_capture_time():
    source = "ATHENS - The ferry strike ended on Wednesday, the union said.\n\nMore text here."
    fields = {"captured": "2018-04-06T09:00:00Z"}  # a Friday
    found = article_time(source, [], fields, lang="en")
    assert (found.iso, found.precision, found.source, found.text) == (
        "2018-04-04",
        "day",
        "relative",
        "Wednesday",
    )
    yesterday = article_time("دیروز وزیر گفت که مذاکرات ادامه دارد.", [], fields, lang="fa")
    assert yesterday.iso == "2018-04-05"
    # without a capture time, no anchor: nothing to resolve
    assert article_time(source, [], {}, lang="en") is None
    # only the article's own language's words: German "hier" (here) is no French "hier"
    assert article_time("Wir sind hier, sagte er.", [], fields, lang="de") is None
    assert article_time("Il est parti hier soir.", [], fields, lang="fr").iso == "2018-04-05"
    assert article_time("市长昨天表示，预算已获批准。", [], fields, lang="zh").text == "昨天"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (_t("2018-04-04", "day"), _t("2018-04-05", "day"), True),
        (_t("2018-04-05", "day"), _t("2018-04-04", "day"), False),
        (_t("2018", "year"), _t("2018-04-04", "day"), None),  # overlapping
        (_t("2017", "year"), _t("2018-01", "month"), True),
        (_t("2018-03", "month"), _t("2018-03-31T23:59Z", "minute"), None),
        (_t("2018-04-04T10:00Z", "minute"), _t("2018-04-04T10:01Z", "minute"), True),
        # a time without a zone may lie up to 14 hours either way
        (_t("2018-04-04T10:00", "minute"), _t("2018-04-04T12:00Z", "minute"), None),
        (_t("2018-04-04T10:00", "minute"), _t("2018-04-06", "day"), True),
        (None, _t("2018", "year"), None),
        (_t("2018", "year"), None, None),
    ],
)
def test_earlier_beyond_both_precisions(a, b, expected):
    assert earlier(a, b) is expected


def test_seed_persian_original_dated_by_its_signature(seeds):
    path = next(seeds.glob("004_*.txt"))
    article, _ = analyse(Record("004", path.read_bytes(), "txt", str(path)))
    assert (article.when.iso, article.when.precision, article.when.source) == (
        "2018-04-04",
        "day",
        "signature",
    )
    assert "۱۳۹۷" in article.when.text and "۱۴۳۹" in article.when.text


def test_when_round_trips_through_the_store_and_show_json(tmp_path):
    text = "TEHRAN, 5 April 2018 - The minister said the talks would resume next week."
    article, _ = analyse(Record("t1", text.encode(), "txt", "t1.txt"))
    assert article.when == TimeEvidence("2018-04-05", "day", "dateline", "5 April 2018")
    with open_store(tmp_path / "s.db") as store:
        store.put_article(article)
        back = store.get_article("t1")
    assert back.when == article.when
    shown = json.loads(json.dumps(article_json(back), ensure_ascii=False))
    assert shown["when"] == {
        "iso": "2018-04-05",
        "precision": "day",
        "source": "dateline",
        "text": "5 April 2018",
    }


def test_a_page_guessed_into_an_older_year_is_dated_by_what_it_reports():
    # htmldate's extensive search (off since it cost a third of a page's reading) read no
    # Polish date and fell back on the copyright year, as 2013-01-01; its quick search guesses
    # nothing from a footer
    html = (
        '<html lang="pl"><head><title>Most</title></head><body><article>'
        "<p>Rada miasta poinformowała 9 grudnia 2021 r., że nowy most zostanie otwarty wiosną.</p>"
        "<p>Mieszkańcy czekają na przeprawę od czasu zamknięcia starego mostu do remontu.</p>"
        "</article><footer>Copyright 2013 Gazeta Przykładowa</footer></body></html>"
    ).encode()
    article, _ = analyse(Record("b1", html, "html", "b1.html"))
    assert article.fields.get("published") is None
    assert (article.when.iso, article.when.source) == ("2021-12-09", "text")
    assert article.published is None  # never 2013-01-01, nor the wrong year
