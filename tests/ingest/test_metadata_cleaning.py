"""Outlets and titles cleaned of site names and breadcrumb trails; cited sources only from
attribution phrases (issue 14). Texts and names are my own."""

import pytest

from stemma.ingest import html
from stemma.ingest.metadata import extract_metadata

BODY = (
    "Ferry Service Returns\n\n"
    "The night ferry between the harbour and the islands runs again from Monday, the port "
    "authority said on Thursday after a winter of repairs."
)


def meta(fields, text=BODY, lang="en"):
    return extract_metadata(text, [], fields, lang)


@pytest.mark.parametrize(
    ("title", "fields", "expected"),
    [
        # a hyphenated site name after the headline, named by the site-name field
        (
            "Night ferry returns - The Harbour-Side Gazette",
            {"sitename": "The Harbour-Side Gazette"},
            "Night ferry returns",
        ),
        # the site named only by its web address
        (
            "Night ferry returns | Harbour Gazette",
            {"url": "https://www.harbourgazette.example/a/1"},
            "Night ferry returns",
        ),
        # the site's name before the headline
        (
            "Harbour Gazette: Night ferry returns",
            {"sitename": "Harbour Gazette"},
            "Night ferry returns",
        ),
        # an untrimmed site title (name and slogan) before the headline
        (
            "Harbour Gazette | The islands' own paper: Night ferry returns",
            {"sitename": "Harbour Gazette | The islands' own paper"},
            "Night ferry returns",
        ),
        # a headline that merely starts with the site's name keeps it
        (
            "The Harbour view on ferries: a fair price | Opinion",
            {"url": "https://theharbour.example/x"},
            "The Harbour view on ferries: a fair price | Opinion",
        ),
    ],
)
def test_title_loses_the_site_name(title, fields, expected):
    assert meta({"title": title, **fields}).title == expected


def test_a_breadcrumb_trail_or_the_site_name_is_no_title():
    trail = {"title": "Sport | Ferries | Islands | Harbour", "sitename": "Harbour Gazette"}
    assert meta(trail).title == "Ferry Service Returns"  # read from the text instead
    own = {"title": "Harbour Gazette", "sitename": "Harbour Gazette"}
    assert meta(own).title == "Ferry Service Returns"


@pytest.mark.parametrize(
    ("sitename", "fields", "expected"),
    [
        ("Harbour Gazette | The islands' own paper", {}, "Harbour Gazette"),
        (
            "Sailing | Rowing | Ferries | Harbour Gazette",
            {"url": "https://harbourgazette.example/"},
            "Harbour Gazette",
        ),
        ("Sailing | Rowing | Ferries", {}, "Sailing"),
        ("Harbour Gazette", {}, "Harbour Gazette"),
    ],
)
def test_outlet_from_an_untrimmed_site_name(sitename, fields, expected):
    assert meta({"sitename": sitename, **fields}).outlet == expected


def test_a_copyright_line_names_no_outlet():
    assert meta({"sitename": "Copyright 2014"}).outlet != "Copyright 2014"


def test_page_title_gives_the_headline_when_the_given_title_is_the_site_name():
    text = (
        "Main news\n\n기사입력 2018-08-25\n\n항구의 밤배가 다시 운항한다\n\n본문이 여기에 이어진다."
    )
    page = "<html><head><title>항구의 밤배가 다시 운항한다 - Harbourmedia</title></head></html>"
    fields = {"title": "하버 미디어"}
    html._title_from_page(fields, page.encode(), text)
    assert fields == {"title": "항구의 밤배가 다시 운항한다", "sitename": "Harbourmedia"}
    kept = {"title": "항구의 밤배가 다시 운항한다"}  # a title found in the text stays
    html._title_from_page(kept, page.encode(), text)
    assert kept == {"title": "항구의 밤배가 다시 운항한다"}


def test_comment_policy_is_no_cited_source_but_attributions_are():
    text = (
        "قال الوزير إن المحادثات ستستأنف الأسبوع المقبل بحسب مصادر مطلعة.\n\n"
        "التعليقات تعبر عن آراء أصحابها وتنشر حسب سياسة الموقع في النشر."
    )
    sources = extract_metadata(text, [], {}, "ar").sources
    assert [(s.name, s.phrase) for s in sources] == [("مصادر مطلعة", "بحسب مصادر مطلعة")]
    agency = extract_metadata(
        "وقال المسؤول إن الاجتماع عقد أمس، وفقا لوكالة الأنباء الرسمية.", [], {}, "ar"
    )
    assert [s.name for s in agency.sources] == ["وكالة الأنباء الرسمية"]
