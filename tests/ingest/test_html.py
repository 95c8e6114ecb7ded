"""HTML pages to main text and metadata (trafilatura), offline, with clear errors."""

import logging
import socket

import pytest

from stemma.ingest.html import extract_html
from stemma.ingest.read import ReadError


@pytest.fixture
def bridge(fixtures):
    return (fixtures / "ingest" / "bridge.html").read_bytes()


def test_main_text_in_paragraphs_without_navigation_comments_or_footer(bridge):
    text, _ = extract_html(bridge)
    paragraphs = text.split("\n\n")
    assert paragraphs[-3].startswith("The city council said on Tuesday")
    assert paragraphs[-1].endswith("according to the city treasurer.")
    assert all(p and p == p.strip() and "\n" not in p for p in paragraphs)
    for chrome in ("Home", "Sport", "Reader42", "All rights reserved", "tracker", "color"):
        assert chrome not in text


def test_metadata(bridge):
    _, meta = extract_html(bridge)
    assert meta["title"] == "Harbour bridge to open in May"
    assert meta["author"] == "Jane Roe"
    assert meta["sitename"] == "The Example Courier"
    assert meta["date"] == meta["published"] == "2024-04-02"
    assert meta["url"] == "https://courier.example/news/harbour-bridge"
    assert meta["tags"] == ["bridge", "council", "harbour"]
    assert meta["description"].startswith("The council says")
    assert meta["language"] == "en"
    assert "filedate" not in meta  # the day of extraction would make output vary


def test_windows_1256_page_declared_in_meta():
    body = (
        "<p>قال الوزير يوم الثلاثاء إن الجسر الجديد سيفتح أمام السيارات في شهر مايو "
        "بعد سنتين من التأخير.</p><p>وأضاف أن الكلفة بلغت أربعة وعشرين مليون يورو.</p>"
    )
    page = (
        "<html lang='ar' dir='rtl'><head><meta http-equiv='Content-Type' "
        "content='text/html; charset=windows-1256'><title>الجسر</title></head>"
        f"<body><article>{body}</article></body></html>"
    ).encode("cp1256")
    text, meta = extract_html(page)
    assert text.split("\n\n")[-2].startswith("قال الوزير يوم الثلاثاء")
    assert text.endswith("مليون يورو.")
    assert meta["language"] == "ar"


def test_a_short_page_still_gives_its_text():
    text, meta = extract_html(b"<html><body><div>Only one short line.</div></body></html>")
    assert text == "Only one short line."
    assert "language" not in meta


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>Only a title</title></head></html>",
        b"<html><body></body></html>",
        b"<html><body><script>var x = 1;</script><style>p{}</style></body></html>",
        b"<!DOCTYPE html>",
    ],
)
def test_html_without_body_text_is_refused(page):
    with pytest.raises(ReadError, match="^HTML has no body text$"):
        extract_html(page)


def test_nothing_is_fetched_from_the_network(bridge, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    text, _ = extract_html(bridge)
    assert "harbour bridge" in text


def test_extraction_noise_stays_quiet(capsys, caplog):
    caplog.set_level(logging.DEBUG)
    for page in (b"<html><body></body></html>", b"\x00<<<>>>", b"<html><body><p>x</p>"):
        try:
            extract_html(page)
        except ReadError:
            pass
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert capsys.readouterr() == ("", "")


def test_zero_width_non_joiners_survive_extraction():
    from stemma.ingest.html import extract_html

    body = "".join(
        f"<p>این نامه‌ای است که در روز {i} نوشته شد و او می&zwnj;گوید که کار ادامه دارد.</p>"
        for i in range(6)
    )
    page = f"<html><head><title>نامه‌ها</title></head><body><article>{body}</article></body></html>"
    text, meta = extract_html(page.encode())
    assert "نامه‌ای" in text and "می‌گوید" in text
    assert "\u2e3b" not in text
    assert meta["title"] == "نامه‌ها"
