"""The upload form in a browser with JavaScript off, at a desktop and a phone width: pasted
text goes in by the plain form, the progress page reloads itself until the upload is done,
and it ends with the story's title; no page is wider than the screen."""

import re
import threading

import pytest

WIDTHS = (1280, 390)
TEXT = (
    "Tram line to the airport approved\n\n"
    "The regional council approved the tram line to the airport on Thursday after a long debate.\n\n"
    "Construction is to begin next spring and the first trams should run within four years."
)


@pytest.fixture
def fetching_server(live_server, tmp_path):
    """A loopback server over an empty store that also takes web addresses (as `stemma serve`
    on 127.0.0.1 does), so the page shows every field of the form."""
    import uvicorn

    from stemma.web.app import create_app

    class Fetching(live_server):
        def __init__(self, db):
            super().__init__(db)
            self.app = create_app(db, fetch_urls=True)
            config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
            self.server = uvicorn.Server(config)
            self.thread = threading.Thread(target=self.server.run, daemon=True)

    with Fetching(tmp_path / "empty.db") as server:
        yield server


@pytest.fixture
def no_js(browser, request):
    context = browser.new_context(
        viewport={"width": request.param, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()


def _wider_than_the_screen(page) -> bool:
    # read through the page's layout (Playwright evaluates even where the page's scripts are off)
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("no_js", WIDTHS, indirect=True)
def test_pasted_text_goes_in_without_javascript_and_ends_with_the_title(no_js, fetching_server):
    page = no_js
    page.goto(fetching_server.url + "/upload")
    assert page.locator('input[name="url"]').count() == 1
    assert not _wider_than_the_screen(page)
    page.fill('textarea[name="pasted"]', TEXT)
    page.click('#upload-form button[type="submit"]')
    page.wait_for_url(re.compile(r"/uploads/[0-9a-f]+$"))
    assert not _wider_than_the_screen(page)
    # no script polls: the page reloads itself (a meta refresh) until the job is done
    page.wait_for_selector('#job[data-state="done"]', timeout=240_000)
    story = page.locator("#job-stories a").first
    assert story.inner_text() == "Tram line to the airport approved"
    assert not _wider_than_the_screen(page)
    story.click()
    page.wait_for_url(re.compile(r"/stories/"))
    assert "tram" in page.locator("#witnesses").inner_text().lower()


@pytest.mark.parametrize("no_js", WIDTHS[:1], indirect=True)
def test_a_refused_upload_comes_back_as_the_form_with_the_reason(no_js, fetching_server):
    page = no_js
    page.goto(fetching_server.url + "/upload")
    page.fill('input[name="url"]', "ftp://example.org/page")
    # the browser's own check of type=url passes ftp:, the server refuses it and says why
    page.click('#upload-form button[type="submit"]')
    assert "only http and https" in page.locator("#upload-error").inner_text()
    assert page.locator('input[name="url"]').input_value() == "ftp://example.org/page"
