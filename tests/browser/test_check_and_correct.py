"""Checking and correcting in a real browser, at a desktop and a phone width: no page wider than
the screen, a stemma edge opens the pair view, a correction survives a full re-analysis and is
exported, the quotes filter works."""

import io
import json
import sqlite3

import pytest

from stemma.analysis import analyse
from stemma.export import export
from stemma.store import open_store

WIDTHS = (1280, 390)
LETTER = "000_829ae545a56f0e4d"
COPY = "001_93576a656895ae0b"


@pytest.fixture
def sized(browser, request):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def _overflow(page) -> list[str]:
    """What sticks out past the right edge of the screen (the page scrolls sideways)."""
    return page.evaluate(
        """() => {
        const w = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= w) return [];
        return [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > w + 1)
          .slice(0, 5).map(e => e.tagName + '.' + e.className);
      }"""
    )


@pytest.mark.parametrize("sized", WIDTHS, indirect=True)
def test_no_page_is_wider_than_the_screen(sized, seed_server):
    for path in (
        "/",
        f"/stories/{seed_server.letter}",
        f"/articles/{LETTER}",
        f"/pairs/{LETTER}/{COPY}",
        "/upload",
    ):
        sized.goto(seed_server.url + path)
        assert _overflow(sized) == [], path
    assert sized.errors == []


@pytest.mark.parametrize("sized", WIDTHS, indirect=True)
def test_the_diagram_is_never_clipped(sized, seed_server):
    sized.goto(f"{seed_server.url}/stories/{seed_server.letter}")
    box = sized.locator(".diagram-box").bounding_box()
    svg = sized.locator("svg.stemma").bounding_box()
    assert svg["width"] <= box["width"] + 1  # fits its box
    sized.click("button[data-zoom=full]")  # actual size scrolls inside the box
    inner = sized.locator(".diagram-box").evaluate("b => [b.scrollWidth, b.clientWidth]")
    natural = float(sized.locator("svg.stemma").get_attribute("width"))
    assert inner[0] >= min(natural, inner[1]) - 1
    assert _overflow(sized) == []


@pytest.mark.parametrize("sized", WIDTHS, indirect=True)
def test_an_edge_click_opens_the_pair_view(sized, seed_server):
    sized.goto(f"{seed_server.url}/stories/{seed_server.letter}")
    edge = sized.locator("svg.stemma a.edge-link").first
    href = edge.get_attribute("href")
    assert href.startswith("/pairs/")
    edge.click()
    sized.wait_for_url("**" + href)
    assert sized.locator("li.arow").count() >= 1  # aligned passages, side by side
    assert sized.locator("#signals dt").count() >= 3
    a, b = (sized.locator(f"li.arow .acell[data-side={s}]").first.bounding_box() for s in "ab")
    if sized.viewport_size["width"] >= 1000:
        assert a["x"] < b["x"] and abs(a["y"] - b["y"]) < 2  # side by side
    else:
        assert b["y"] > a["y"]  # stacked on a phone
    assert sized.errors == []


def test_quotes_filter(page, seed_server):
    page.goto(f"{seed_server.url}/stories/{seed_server.letter}")
    select = page.locator("#quote-filter [data-filter=speaker]")
    options = select.locator("option").all()
    people = [o.get_attribute("value") for o in options if o.get_attribute("value")]
    assert len(people) >= 2
    total = page.locator("li.quote").count()
    select.select_option(people[-1])
    shown = page.locator("li.quote:visible")
    assert 0 < shown.count() < total
    assert {shown.nth(i).get_attribute("data-speaker") for i in range(shown.count())} == {
        people[-1]
    }
    select.select_option("")
    assert page.locator("li.quote:visible").count() == total  # the folded ones opened
    assert page.errors == []


def test_a_browser_correction_survives_reanalysis_and_is_exported(
    page, seed_analysed_db, tmp_path, live_server
):
    db = tmp_path / "seeds.db"
    with sqlite3.connect(db) as copy, sqlite3.connect(seed_analysed_db) as original:
        original.backup(copy)
    with live_server(db) as server:
        page.goto(f"{server.url}/pairs/{LETTER}/{COPY}")
        page.fill("form.correct input[name=who]", "Rana Editor")
        page.fill("form.correct input[name=why]", "the same wire text")
        page.select_option("form.correct select[name=kind]", "copy")
        page.click("form.correct button[value=kind]")
        page.wait_for_url("**#corrections")
        assert "set to copy by Rana Editor" in page.locator("#corrections").inner_text()
        # the name typed once is there on the next form
        page.goto(f"{server.url}/pairs/{COPY}/{LETTER}")
        assert page.locator("form.correct input[name=who]").input_value() == "Rana Editor"
    with open_store(db) as store:
        analyse(store)  # a full re-analysis
        link = next(ln for ln in store.get_links([LETTER]) if {ln.a, ln.b} == {LETTER, COPY})
        assert link.kind == "copy"
        out = io.StringIO()
        export(store, out, "jsonl", "corrections")
    [made] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (made["who"], made["why"], made["value"]) == (
        "Rana Editor",
        "the same wire text",
        "copy",
    )
