"""Chrome known from a page's markup (link lists, captions, the headline) and paragraphs the
markup repeats: marked in the ingested article, never deleted. Pages are my own writing."""

import json

import lxml.html

from stemma.ingest.clean import mark_blocks, word_key
from stemma.ingest.html import PAGE_CHROME, extract_html, fuller_body
from stemma.ingest.page_chrome import structural_chrome
from stemma.ingest.pipeline import analyse
from stemma.model import Record

BODY = [
    "The ferry company said on Monday that the winter timetable would keep two crossings a "
    "day, after islanders asked the council to stop the planned cut to a single boat.",
    "Residents of the northern villages told the meeting that a single crossing would leave "
    "pupils and hospital patients without a way back on the same day.",
    "The council will vote on the subsidy next month, and the company has promised to publish "
    "its passenger figures for the last three winters before then.",
    "Fishermen at the harbour said the second boat also carries most of their catch to the "
    "mainland market, which opens before the first crossing now arrives.",
]
CAPTION = "The morning ferry leaving the island harbour in a light fog"
CARDS = [
    ("Storm closes the coast road", "Drivers were told to take the valley route"),
    ("Library opens on Sundays", "The trial runs until the end of the year"),
    ("New bridge gets its name", "Pupils chose it in a vote last week"),
    ("Market moves to the square", "Stallholders welcomed the larger space"),
]


def page(extra_body: str = "", after: str = "", head: str = "") -> bytes:
    """A story page whose article element also holds a photo caption and, after the body, a
    row of cards linking other stories under a heading no text rule knows."""
    paras = "".join(f"<p>{p}</p>" for p in BODY)
    cards = "".join(
        f'<li class="card"><h3><a href="/n/{i}">{t}</a></h3><h4>{s}</h4></li>'
        for i, (t, s) in enumerate(CARDS)
    )
    return (
        f"<html><head><title>Ferry keeps two crossings | Island Courier</title>{head}</head>"
        "<body><nav><a href='/'>Home</a></nav><article>"
        "<h1>Ferry keeps two crossings</h1>"
        f"<p>{BODY[0]}</p><div class='legend'>{CAPTION}</div>"
        f"{paras[len(BODY[0]) + 7 :]}{extra_body}"
        f"<section><h2>Elsewhere on the island</h2><ul>{cards}</ul></section></article>{after}"
        "<footer>Island Courier</footer></body></html>"
    ).encode()


def marks(raw: bytes) -> dict[str, str | None]:
    article, _ = analyse(Record("p", raw, "html", "p.html"))
    return {article.source[b.start : b.end]: b.boilerplate for b in article.blocks}, article


def test_cards_of_other_stories_are_a_link_list_whatever_their_heading_says():
    found = structural_chrome(lxml.html.fromstring(page()))
    for title, sub in CARDS:
        assert found[word_key(title)] == "link_list"
        assert found[word_key(sub)] == "link_list"
    assert not any(word_key(p) in found for p in BODY)


def test_an_ingested_page_keeps_its_body_and_marks_lists_captions_and_headline():
    blocks, article = marks(page())
    for p in BODY:
        assert p in article.text
    for title, _ in CARDS:
        assert title not in article.text
        assert any(title in text and why == "link_list" for text, why in blocks.items())
    assert blocks.get(CAPTION) == "caption"
    assert CAPTION not in article.text
    assert blocks.get("Ferry keeps two crossings") == "title"
    assert article.title == "Ferry keeps two crossings"
    assert PAGE_CHROME not in article.fields  # used for marking, never stored


def test_a_list_of_prose_items_that_open_with_a_link_is_body():
    items = "".join(
        f"<li><a href='/p/{i}'>{p.split(',')[0]}</a>,{','.join(p.split(',')[1:])}</li>"
        for i, p in enumerate(BODY)
    )
    raw = page(extra_body=f"<ul>{items}</ul>")
    found = structural_chrome(lxml.html.fromstring(raw))
    assert not any(word_key(p) in found for p in BODY)


def test_a_caption_repeating_the_lede_leaves_the_lede_in_the_text():
    raw = page().replace(b"The morning ferry leaving the island harbour", BODY[0].encode(), 1)
    blocks, article = marks(raw)
    assert BODY[0] in article.text


def test_a_paragraph_the_markup_gives_twice_is_kept_once():
    raw = page(after=f"<div class='teaser'><p>{BODY[1]}</p></div>")
    text, _ = extract_html(raw)
    blocks = mark_blocks(text, "html")
    copies = [b.boilerplate for b in blocks if text[b.start : b.end] == BODY[1]]
    if len(copies) == 2:  # when trafilatura keeps the teaser, the second copy is chrome
        assert copies == [None, "duplicate"]
    # repeated list items (two products with the same feature) and other formats are kept
    listed = "- Waterproof case with a two-year warranty and free repairs at any shop"
    twice = f"{BODY[0]}\n\n{listed}\n\n{BODY[2]}\n\n{listed}\n\n{BODY[0]}"
    assert [b.boilerplate for b in mark_blocks(twice, "html")] == [None] * 4 + ["duplicate"]
    assert all(b.boilerplate is None for b in mark_blocks(twice, "txt"))


def test_json_ld_body_escaped_twice_is_read_as_markup():
    escaped = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in BODY)
    head = (
        '<script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "articleBody": escaped})
        + "</script>"
    )
    raw = (
        f"<html><head><title>Ferry</title>{head}</head><body><article><h1>Ferry</h1>"
        f"<p>{BODY[0]}</p><p>Subscribe to read on.</p></article></body></html>"
    ).encode()
    # trafilatura may read such a body itself; the fallback must not give the markup as text
    assert fuller_body(raw, BODY[0]) == ("\n\n".join(BODY), "json_ld")


def test_only_the_headline_at_the_top_is_set_aside_as_title():
    source = "\n\n".join(
        ["Ferry keeps two crossings", BODY[0], "Ferry keeps two crossings", BODY[1]]
    )
    chrome = {word_key("Ferry keeps two crossings"): "title"}
    marks = [b.boilerplate for b in mark_blocks(source, "html", chrome)]
    # the same words further down are the body's (a quote of the headline, a section title)
    assert marks == ["title", None, None, None]


def test_link_lists_are_found_in_any_language():
    cards = "".join(
        f"<div class='x{i}'><a href='/{i}'><h3>{t}</h3></a><p>{s}</p></div>"
        for i, (t, s) in enumerate(
            [
                ("بازگشایی پل قدیمی شهر", "شهرداری از پایان تعمیرات خبر داد"),
                ("بازار هفتگی به میدان رفت", "فروشندگان از جای تازه راضی‌اند"),
                ("کتابخانه جمعه‌ها باز است", "طرح آزمایشی تا پایان سال ادامه دارد"),
            ]
        )
    )
    tree = lxml.html.fromstring(f"<html><body><p>{BODY[0]}</p><div>{cards}</div></body></html>")
    found = structural_chrome(tree)
    assert found[word_key("بازار هفتگی به میدان رفت")] == "link_list"
    assert word_key(BODY[0]) not in found
