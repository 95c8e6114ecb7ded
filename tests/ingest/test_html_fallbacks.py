"""Extraction when trafilatura falls short: bodies split across repeated containers, JSON-LD
``articleBody``, and structured-data residue marked as chrome. Pages are my own writing."""

import json

import pytest

from stemma.ingest.clean import mark_blocks
from stemma.ingest.html import extract_html, fuller_body

PARAS = [
    f"Paragraph {n} of the report says the harbour board met on {day} to discuss the new "
    f"breakwater, which engineers expect to finish before the {season} storms arrive this year."
    for n, day, season in [
        (1, "Monday", "autumn"),
        (2, "Tuesday", "winter"),
        (3, "Wednesday", "spring"),
        (4, "Thursday", "summer"),
        (5, "Friday", "equinox"),
        (6, "Saturday", "monsoon"),
    ]
]


def split_page() -> bytes:
    parts = []
    for i in range(0, 6, 2):
        body = "".join(f"<p>{p}</p>" for p in PARAS[i : i + 2])
        parts.append(f'<div class="article__body grid-item">{body}</div>')
        parts.append('<div class="ad-row"><div class="ad">Advertisement</div></div>')
    return (
        "<html><head><title>Breakwater</title></head><body><nav>Home | News</nav><article>"
        "<h1>Harbour board plans the breakwater</h1>"
        + "".join(parts)
        + "</article><footer>About us</footer></body></html>"
    ).encode()


def test_every_part_of_a_split_body_is_kept_in_order():
    text, meta = extract_html(split_page())
    positions = [text.find(p) for p in PARAS]
    assert all(p >= 0 for p in positions), text
    assert positions == sorted(positions)
    assert "Advertisement" not in text


def test_json_ld_article_body_is_used_when_the_page_shows_little_of_it():
    body = "\n".join(PARAS)
    page = (
        "<html><head><title>Breakwater</title>"
        '<script type="application/ld+json">'
        + json.dumps(
            {
                "@context": "https://schema.org",
                "@graph": [{"@type": "NewsArticle", "articleBody": body}],
            }
        )
        + "</script></head><body><article><h1>Breakwater</h1><p>"
        + PARAS[0]
        + "</p><p>Subscribe to read the rest of this article about the harbour.</p></article></body></html>"
    ).encode()
    shown = PARAS[0] + "\n\nSubscribe to read the rest of this article about the harbour."
    text, why = fuller_body(page, shown)
    assert why == "json_ld"
    assert text.split("\n\n") == PARAS  # the publisher's paragraphs kept


def test_no_fallback_when_trafilatura_has_the_article():
    page = (
        "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</article></body></html>"
    ).encode()
    text, meta = extract_html(page)
    assert "body_from" not in meta
    # another, longer text on the page is not taken for the article
    assert fuller_body(page + b'<div class="post-content">x</div>', text) == (None, None)


def test_structured_data_residue_is_marked_as_chrome():
    source = "\n\n".join(
        [
            PARAS[0],
            "2019-11-19T08:57:40+01:00",
            "https://static.example.com/image/cover-500-250.jpg",
            "ExampleNewsDe",
            "international",
            PARAS[1],
        ]
    )
    blocks = mark_blocks(source, "html")
    marks = [(source[b.start : b.end][:12], b.boilerplate) for b in blocks]
    assert [m for _, m in marks] == [
        None,
        "metadata_residue",
        "metadata_residue",
        "metadata_residue",
        "metadata_residue",
        None,
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Also on example.com The harbour board names a new chair", "related_link"),
        ("SEE MORE: The ferry timetable for the summer", "related_link"),
        ("DON'T MISS", "related_link"),
        ("Like this story? Share it with a friend!", "share_prompt"),
        ("Thanks for signing up!", "share_prompt"),
        ("- Order Reprints", "share_prompt"),
        ("Tell us what YOU think...", "comment_prompt"),
        ("Also on the agenda was the new school for the island children.", None),
    ],
)
def test_page_prompts_and_links_to_other_stories_are_chrome(line, reason):
    source = f"{PARAS[0]}\n\n{line}\n\n{PARAS[1]}"
    assert mark_blocks(source, "html")[1].boilerplate == reason
