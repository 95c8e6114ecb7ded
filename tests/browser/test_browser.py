"""The app in a real browser: the story list, the seed story, a variant click, an upload with
its progress, and the report opened from disk with no network at all."""

import re

from stemma.report import write_report
from stemma.store import open_store

LETTER = {
    "000_829ae545a56f0e4d",
    "001_93576a656895ae0b",
    "002_47c81d98f74a1fe8",
    "004_6255df3e44a854fb",
}


def _requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    return seen


def test_the_story_list(page, seed_server):
    seen = _requests(page)
    page.goto(seed_server.url + "/")
    assert page.locator("#story-count").inner_text().startswith("2 stories")
    link = page.locator(f'a.story-link[href="/stories/{seed_server.letter}"]')
    assert link.count() == 1
    page.fill('input[name="q"]', "unforgivable")
    page.click('form.search button[type="submit"]')
    page.wait_for_url(re.compile(r"q=unforgivable"))
    assert page.locator("a.story-link").count() == 1
    link = page.locator("a.story-link")
    link.click()
    page.wait_for_url(f"**/stories/{seed_server.letter}")
    assert all(u.startswith(seed_server.url) for u in seen), seen
    assert page.errors == []


def test_the_seed_story_has_four_witnesses_and_its_stemma(page, seed_server):
    seen = _requests(page)
    page.goto(f"{seed_server.url}/stories/{seed_server.letter}")
    witnesses = page.locator("tr.witness")
    assert {witnesses.nth(i).get_attribute("data-article") for i in range(4)} == LETTER
    assert witnesses.count() == 4
    stemma = page.locator("svg.stemma")
    assert stemma.is_visible()
    nodes = stemma.locator("g.node.witness")
    assert {nodes.nth(i).get_attribute("data-node") for i in range(nodes.count())} == LETTER
    unseen = stemma.locator("g.node.unseen rect")
    assert unseen.count() >= 1 and unseen.first.get_attribute("stroke-dasharray")
    assert stemma.locator("g.edge").count() >= 4
    box = stemma.bounding_box()
    assert box["width"] > 300 and box["height"] > 150  # actually drawn, not collapsed
    rtl = page.locator('td.cell:not(.gap)[data-witness="004_6255df3e44a854fb"]').first
    assert rtl.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert all(u.startswith(seed_server.url) for u in seen), seen
    assert page.errors == []


def _shared_variant(page) -> str:
    """A variant id carried by cells of at least two witnesses."""
    return page.evaluate(
        """() => {
        const by = {};
        document.querySelectorAll('td.cell mark.variant').forEach(m => {
          const v = m.dataset.variant, w = m.closest('td').dataset.witness;
          (by[v] = by[v] || new Set()).add(w);
        });
        return Object.keys(by).find(v => by[v].size >= 2);
      }"""
    )


def _click_variant(page) -> tuple[str, int]:
    variant = _shared_variant(page)
    assert variant, "no variant shared by two witnesses"
    marks = page.locator(f'td.cell mark[data-variant="{variant}"]')
    assert page.locator("mark.variant.active").count() == 0
    marks.first.click()
    active = page.locator("mark.variant.active")
    assert active.count() == page.locator(f'[data-variant="{variant}"]').count()
    lit = {
        active.nth(i).evaluate("m => m.closest('[data-witness]')?.dataset.witness || 'apparatus'")
        for i in range(active.count())
    }
    assert len(lit - {"apparatus"}) >= 2
    colour = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    other = page.locator(f'td.cell mark.variant:not([data-variant="{variant}"])').first
    assert colour != other.evaluate("m => getComputedStyle(m).backgroundColor")
    return variant, len(lit - {"apparatus"})


def test_a_click_on_a_variant_highlights_it_in_every_witness(page, seed_server):
    page.goto(f"{seed_server.url}/stories/{seed_server.letter}")
    variant, witnesses = _click_variant(page)
    assert (
        f"variant {variant} in {witnesses} witnesses"
        in page.locator("#variant-status").inner_text()
    )
    page.locator(f'td.cell mark[data-variant="{variant}"]').first.click()  # again: off
    assert page.locator("mark.variant.active").count() == 0
    assert page.errors == []


def test_an_upload_shows_progress_until_done(page, empty_server, tmp_path):
    article = tmp_path / "harbour.txt"
    article.write_text(
        "The harbour authority opened a new ferry terminal on Friday.\n\n"
        "Officials said the terminal would double the number of daily crossings.",
        encoding="utf-8",
    )
    page.goto(empty_server.url + "/upload")
    page.set_input_files('input[type="file"]', str(article))
    page.click('#upload-form button[type="submit"]')
    page.wait_for_url(re.compile(r"/uploads/[0-9a-f]+$"))
    page.wait_for_selector('#job[data-state="done"]', timeout=240_000)
    assert page.locator("#job-progress").evaluate("p => p.value") == 100
    assert page.locator("#job-state").inner_text() == "done"
    story = page.locator("#job-stories a").first
    story.click()
    page.wait_for_url(re.compile(r"/stories/"))
    assert "harbour" in page.locator("#witnesses").inner_text().lower()
    assert page.errors == []


def test_an_oversized_upload_is_refused_in_the_page(page, empty_server, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 10_000_001)
    page.goto(empty_server.url + "/upload")
    page.set_input_files('input[type="file"]', str(big))
    page.click('#upload-form button[type="submit"]')
    assert "limit" in page.locator("#upload-error").inner_text()


def test_the_report_opens_from_disk_with_no_network(browser, seed_web, tmp_path):
    db, letter = seed_web
    out = tmp_path / "report.html"
    with open_store(db) as store:
        write_report(store, letter, out)
    context = browser.new_context()
    asked: list[str] = []

    def block(route):
        asked.append(route.request.url)
        if route.request.url.startswith("file://") and route.request.url.endswith("report.html"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", block)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(out.as_uri())
    page.wait_for_load_state("networkidle")
    assert asked == [out.as_uri()]  # the file itself, and nothing else
    assert page.locator("tr.witness").count() == 4
    assert page.locator("svg.stemma g.node.witness").count() == 4
    page.errors = errors
    _click_variant(page)  # the inline script runs under the report's strict CSP
    assert errors == []
    context.close()
