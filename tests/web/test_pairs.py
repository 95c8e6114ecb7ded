"""The pair view (/pairs/A/B, /api/pairs/A/B) and corrections made through the web."""

import re

import pytest
from fastapi.testclient import TestClient

from stemma.model import AlignedPair, Evidence, Link, Variant
from stemma.web.app import create_app
from stemma.web.render import pair_url


@pytest.fixture
def pair_store(tmp_path, factories):
    from stemma.store import open_store

    a = factories.article(
        "wire-1",
        ["The council approved the bridge on Monday.", "Work starts in May."],
        title="Bridge approved",
        outlet="Wire",
        published="2021-03-01",
    )
    b = factories.article(
        "paper-2",
        ["The council backed the bridge on Monday.", "Work starts in May."],
        title="Bridge backed",
        outlet="Paper",
        published="2021-03-02",
    )
    at = a.source.index("approved")
    bt = b.source.index("backed")
    variant = Variant("substitution", "approved", "backed", at, at + 8, bt, bt + 6)
    pairs = [
        AlignedPair(
            a.passages[0].start,
            a.passages[0].end,
            b.passages[0].start,
            b.passages[0].end,
            0.9,
            "variant",
        ),
        AlignedPair(
            a.passages[1].start,
            a.passages[1].end,
            b.passages[1].start,
            b.passages[1].end,
            1.0,
            "identical",
        ),
    ]
    ev = Evidence(pairs, 0.95, 0.93, {"names": ["Monday"]}, [variant], ["one sentence edited"])
    ev.direction_signals = [
        {"signal": "earlier", "points_to": "wire-1", "says": "A is a day older"}
    ]
    # stored as b -> a: the view turns it round so A is the left column
    flipped = Evidence(
        [AlignedPair(p.b_start, p.b_end, p.a_start, p.a_end, p.score, p.kind) for p in pairs],
        0.93,
        0.95,
        ev.shared,
        [Variant("substitution", "backed", "approved", bt, bt + 6, at, at + 8)],
        ev.reasons,
    )
    flipped.direction_signals = ev.direction_signals
    store = open_store(tmp_path / "pair.db")
    for x in (a, b):
        store.put_article(x)
    store.replace_links([Link("paper-2", "wire-1", "revision", 0.88, "wire-1", flipped)])
    store.replace_stories([factories.story("s-1", [a, b])])
    store.close()
    return tmp_path / "pair.db"


def test_pair_page_shows_aligned_passages_variants_and_every_signal(pair_store):
    client = TestClient(create_app(pair_store))
    page = client.get("/pairs/wire-1/paper-2")
    assert page.status_code == 200
    html = page.text
    assert html.count('class="arow"') == 2
    assert re.search(r'<mark class="v v-substitution"[^>]*>approved</mark>', html)
    assert re.search(r'<mark class="v v-substitution"[^>]*>backed</mark>', html)
    for said in (
        "B derives from A",
        "one sentence edited",
        "A is a day older",
        "95% of A",
        "2021-03-01 (to the day, as published)",
        "Monday",
    ):
        assert said in html, said
    data = client.get("/api/pairs/wire-1/paper-2").json()
    assert data["link"]["a"] == "wire-1" and data["link"]["direction"] == "wire-1"
    assert data["rows"][0]["a"][1] == {
        "text": "approved",
        "mark": "substitution",
        "note": "substitution: B reads “backed”",
    }
    assert client.get("/pairs/wire-1/nope").status_code == 404


def test_story_page_links_lead_to_the_pair_view(pair_store):
    html = TestClient(create_app(pair_store)).get("/stories/s-1").text
    assert 'href="/pairs/paper-2/wire-1"' in html or 'href="/pairs/wire-1/paper-2"' in html
    assert 'class="edge-link"' in html  # the stemma edge is a real link


def test_a_correction_made_in_the_form_shows_at_once(pair_store):
    client = TestClient(create_app(pair_store))
    form = {"a": "wire-1", "b": "paper-2", "action": "kind", "kind": "copy", "why": "same text"}
    refused = client.post("/corrections", data=form)  # no name
    assert refused.status_code == 400 and "who" in refused.text
    done = client.post("/corrections", data=form | {"who": "Lee"}, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == "/pairs/wire-1/paper-2#corrections"
    assert "stemma_who=Lee" in done.headers["set-cookie"]
    page = client.get("/pairs/wire-1/paper-2").text
    assert "set to copy by Lee" in page and 'value="Lee"' in page
    assert client.get("/api/pairs/wire-1/paper-2").json()["link"]["kind"] == "copy"
    story = client.get("/stories/s-1").text
    assert "set to copy by Lee" in story
    made = client.post(
        "/api/corrections", json={"action": "reject", "a": "wire-1", "b": "paper-2", "who": "Kim"}
    )
    assert made.status_code == 201 and made.json()["id"] == 2
    assert client.get("/api/pairs/wire-1/paper-2").json()["rejected"] is True
    bad = client.post(
        "/api/corrections", json={"action": "join", "a": "wire-1", "b": "x", "who": "Kim"}
    )
    assert bad.status_code == 400 and "no article" in bad.json()["detail"]


def test_hostile_pair_page_is_inert(hostile_store, hostile):
    client = TestClient(create_app(hostile_store.path))
    url = pair_url(hostile.UP, "plain-2")
    assert url.startswith("/pair?")  # an id with a slash travels in the query
    page = client.get(url)
    assert page.status_code == 200
    assert hostile.offences(page.text) == []
    form = {
        "a": hostile.UP,
        "b": "plain-2",
        "action": "confirm",
        "who": hostile.SCRIPT,
        "why": hostile.ONERROR,
    }
    done = client.post("/corrections", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/pair?")
    again = client.get(url).text
    assert hostile.offences(again) == []


def test_every_export_of_the_story_downloads(pair_store):
    from stemma.web.views import DOWNLOADS

    client = TestClient(create_app(pair_store))
    page = client.get("/stories/s-1").text
    for name in DOWNLOADS:
        assert f'href="/stories/s-1/download/{name}"' in page
        got = client.get(f"/stories/s-1/download/{name}")
        assert got.status_code == 200, (name, got.text)
        assert got.text.strip() and "attachment" in got.headers["content-disposition"]
    assert "wire-1,paper-2" in client.get("/stories/s-1/download/links.csv").text.replace(
        "paper-2,wire-1", "wire-1,paper-2"
    )
    assert client.get("/stories/s-1/download/secrets.txt").status_code == 404
    assert client.get("/stories/nope/download/links.csv").status_code == 404


def test_the_api_page_reads_like_a_page(pair_store):
    client = TestClient(create_app(pair_store))
    html = client.get("/api").text
    for path in ("/api/stories", "/api/pairs/{a}/{b}", "/api/corrections"):
        assert f"<code>{path}</code>" in html
    assert 'href="/api">API</a>' in client.get("/").text


def test_a_story_without_dates_has_no_empty_axis(tmp_path, factories):
    from stemma.store import open_store

    arts = [factories.article(f"u{i}", [f"Undated text number {i}."]) for i in range(2)]
    with open_store(tmp_path / "u.db") as store:
        for a in arts:
            store.put_article(a)
        store.replace_stories([factories.story("s-u", arts)])
    html = TestClient(create_app(tmp_path / "u.db")).get("/stories/s-u").text
    timeline = html[html.index('<section id="timeline">') : html.index('<section id="stemma">')]
    assert 'class="axis"' not in timeline and "No article of this story has a date" in timeline
