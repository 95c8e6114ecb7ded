"""The pages and the API on the analysed seeds and on a store of many small stories."""

import re

import pytest
from fastapi.testclient import TestClient

from stemma.web.app import create_app

LETTER = {
    "000_829ae545a56f0e4d",
    "001_93576a656895ae0b",
    "002_47c81d98f74a1fe8",
    "004_6255df3e44a854fb",
}


@pytest.fixture(scope="module")
def seeds_client(seed_web):
    db, letter = seed_web
    with TestClient(create_app(db)) as c:
        c.letter = letter
        yield c


def test_the_story_list_shows_the_letter_with_its_four_articles(seeds_client):
    page = seeds_client.get("/").text
    assert "2 stories" in page
    assert f'href="/stories/{seeds_client.letter}"' in page
    row = re.search(rf'/stories/{seeds_client.letter}".*?</tr>', page, re.S).group(0)
    assert '<td class="num">4</td>' in row


def test_the_letter_page_has_four_witnesses_and_a_typed_stemma(seeds_client):
    page = seeds_client.get(f"/stories/{seeds_client.letter}").text
    assert set(re.findall(r'<tr class="witness" data-article="([^"]+)"', page)) == LETTER
    svg = re.search(r'<svg class="stemma".*?</svg>', page, re.S).group(0)
    nodes = re.findall(r'<g class="node (witness|unseen)[^"]*" data-node="([^"]+)"', svg)
    assert {n for kind, n in nodes if kind == "witness"} == LETTER
    unseen = [n for kind, n in nodes if kind == "unseen"]
    assert unseen  # the lost English translation at least
    assert svg.count('stroke-dasharray="6 4"') == len(unseen)  # unseen drawn dashed
    kinds = set(re.findall(r'<g class="edge" data-kind="([^"]+)"', svg))
    assert "translation" in kinds
    for kind in kinds:  # every edge kind in the legend, with its colour
        assert re.search(rf"</svg> {kind}</li>", page)
    assert 'marker-end="url(#arrow-translation)"' in svg


def test_the_letter_page_lines_up_the_witnesses_persian_right_to_left(seeds_client):
    page = seeds_client.get(f"/stories/{seeds_client.letter}").text
    head = re.search(r'<table class="collation"[^>]*>.*?</thead>', page, re.S).group(0)
    assert set(re.findall(r'data-witness="([^"]+)"', head)) == LETTER
    assert re.search(r'<td class="cell" data-witness="004_6255df3e44a854fb" dir="rtl"', page)
    assert re.search(r'<td class="cell" data-witness="000_829ae545a56f0e4d" dir="ltr"', page)
    variants = re.findall(r'<mark class="variant" data-variant="([^"]+)"', page)
    shared = {v for v in variants if variants.count(v) >= 3}  # in two witnesses + apparatus
    assert shared
    assert re.search(r'data-status="(omission|addition)"', page)
    # witnesses go by sigla, explained in a key; the apparatus names witnesses by siglum
    key = re.search(r'<dl class="sigla".*?</dl>', page, re.S).group(0)
    assert re.findall(r'<span class="siglum">([A-Z])</span>', key) == ["A", "B", "C", "D"]
    apparatus = re.search(r'<ol class="apparatus">.*?</ol>', page, re.S).group(0)
    assert "000_829ae545a56f0e4d" not in apparatus and '<span class="siglum">' in apparatus
    # page label lines never become rows
    table = re.search(r'<table class="collation".*?</table>', page, re.S).group(0)
    assert "News ID" not in table and "Publish Date" not in table


def test_the_letter_page_shows_quotes_and_the_related_story(seeds_client):
    page = seeds_client.get(f"/stories/{seeds_client.letter}").text
    quotes = re.search(r'<section id="quotes">.*?</section>', page, re.S).group(0)
    assert "unforgivable" in quotes.lower()
    related = re.search(r'<section id="related">.*?</section>', page, re.S).group(0)
    assert 'href="/stories/s-' in related


def test_the_timeline_puts_each_article_in_its_outlet_row(seeds_client):
    page = seeds_client.get(f"/stories/{seeds_client.letter}").text
    svg = re.search(r'<svg class="timeline".*?</svg>', page, re.S).group(0)
    assert set(re.findall(r'data-article="([^"]+)"', svg)) == LETTER
    assert "undated" in svg and "2018-04-05" in svg


def test_an_article_page_mutes_chrome_and_names_calendars(seeds_client):
    page = seeds_client.get("/articles/000_829ae545a56f0e4d").text
    assert page.count('class="boilerplate"') >= 1
    assert "in story" in page and f"/stories/{seeds_client.letter}" in page
    persian = seeds_client.get("/articles/004_6255df3e44a854fb").text
    assert "Solar Hijri" in persian
    assert '<p dir="rtl">' in persian


def test_an_article_id_leads_to_its_story_and_unknown_ids_to_404(seeds_client):
    r = seeds_client.get("/stories/000_829ae545a56f0e4d", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == f"/stories/{seeds_client.letter}"
    assert seeds_client.get("/stories/nope").status_code == 404
    assert seeds_client.get("/articles/nope").status_code == 404
    assert seeds_client.get("/api/stories/nope").json() == {"detail": "no story with id nope"}


def test_the_api_covers_stories_collation_quotes_articles_and_links(seeds_client):
    letter = seeds_client.letter
    listed = seeds_client.get("/api/stories", params={"lang": "fa"}).json()
    assert [s["id"] for s in listed["stories"]] == [letter]
    story = seeds_client.get(f"/api/stories/{letter}").json()
    assert set(story["articles"]) == LETTER and story["links"] and story["stemma"]["nodes"]
    collation = seeds_client.get(f"/api/stories/{letter}/collation").json()
    assert {w["id"] for w in collation["witnesses"]} == LETTER
    quotes = seeds_client.get(f"/api/stories/{letter}/quotes").json()
    said = [r["content"].lower() for q in quotes for r in q["renderings"]]
    assert any("unforgivable" in c for c in said)
    article = seeds_client.get("/api/articles/004_6255df3e44a854fb").json()
    assert article["lang"] == "fa" and article["story"] == letter
    links = seeds_client.get("/api/links", params={"article": "000_829ae545a56f0e4d"}).json()
    assert links["total"] >= 3
    spec = seeds_client.get("/openapi.json").json()
    for path in (
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/collation",
        "/api/stories/{story_id}/quotes",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/links",
        "/api/uploads",
        "/api/uploads/{job_id}",
    ):
        assert path in spec["paths"], path


def test_no_page_loads_anything_from_elsewhere(seeds_client, hostile):
    for url in ("/", f"/stories/{seeds_client.letter}", "/articles/000_829ae545a56f0e4d"):
        page = seeds_client.get(url).text
        assert not re.search(r'(src|href)="(https?:)?//', page), url
        assert hostile.offences(page) == [], url
    assert seeds_client.get("/docs").status_code == 404  # the CDN-backed docs are off


@pytest.fixture(scope="module")
def many_client(tmp_path_factory, factories):
    from stemma.store import open_store

    make_article, story_dict = factories.article, factories.story
    db = tmp_path_factory.mktemp("many") / "many.db"
    store = open_store(db)
    stories = []
    for i in range(120):
        lang = "fa" if i % 3 == 0 else "en"
        word = "ceasefire" if i % 10 == 0 else "budget"
        a = make_article(
            f"a{i:03d}",
            [f"Report number {i} about the {word}."],
            lang=lang,
            title=f"Report {i} {word}",
            outlet="Alpha" if i % 2 else "Beta",
            published=f"2021-{1 + i % 4:02d}-{1 + i % 28:02d}",
        )
        store.put_article(a)
        stories.append(story_dict(f"s-{i:03d}", [a]))
    store.replace_stories(stories)
    store.close()
    with TestClient(create_app(db)) as c:
        yield c


def _ids(client, **params):
    data = client.get("/api/stories", params=params).json()
    return data, [s["id"] for s in data["stories"]]


def test_story_search_pages_through_everything(many_client):
    seen = []
    for page in (1, 2, 3):
        data, ids = _ids(many_client, page=page)
        assert data["total"] == 120 and data["pages"] == 3
        seen += ids
    assert len(seen) == len(set(seen)) == 120
    html = many_client.get("/?page=2").text
    assert "page 2 of 3" in html and 'rel="next" href="/?page=3"' in html


def test_story_search_filters_by_words_outlet_language_and_dates(many_client):
    data, ids = _ids(many_client, q="ceasefire")
    assert data["total"] == 12 and all(int(i[2:]) % 10 == 0 for i in ids)
    data, ids = _ids(many_client, outlet="Alpha", per_page=200)
    assert data["total"] == 60 and all(int(i[2:]) % 2 for i in ids)
    data, ids = _ids(many_client, lang="fa", per_page=200)
    assert data["total"] == 40
    data, ids = _ids(many_client, **{"from": "2021-02-01", "to": "2021-02-28"}, per_page=200)
    assert data["total"] == 30 and all(int(i[2:]) % 4 == 1 for i in ids)
    data, _ = _ids(many_client, q="ceasefire", lang="fa", outlet="Beta")
    assert data["total"] == 4  # i % 30 == 0 and even
    html = many_client.get("/", params={"q": "ceasefire", "outlet": "Alpha"}).text
    assert "0 stories" in html or "stories" in html
    assert 'value="ceasefire"' in html and '<option value="Alpha" selected>' in html


def test_a_malformed_date_filter_is_ignored(many_client):
    data, _ = _ids(many_client, **{"from": "not a date"})
    assert data["total"] == 120


def test_the_articles_api_pages_and_filters(many_client):
    data = many_client.get("/api/articles", params={"outlet": "Beta", "per_page": 7}).json()
    assert data["total"] == 60 and len(data["articles"]) == 7 and data["pages"] == 9
