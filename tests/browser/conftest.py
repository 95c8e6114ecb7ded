"""Browser tests: Playwright driving Debian's chromium against the app served in-process.

Select them with ``-m browser``; they skip, saying why, where chromium or Playwright is missing
(`make test` installs chromium).
"""

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("chromium not found on PATH (`make test` installs Debian's chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    yield pg
    context.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving ``create_app(db)`` on a free loopback port, in a thread of this process."""

    def __init__(self, db):
        import uvicorn

        from stemma.web.app import create_app

        self.app = create_app(db)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def seed_web(seed_analysed_db):
    """(store path, id of the letter's story) for the analysed seeds."""
    from stemma.store import open_store

    with open_store(seed_analysed_db) as store:
        return seed_analysed_db, store.story_of("000_829ae545a56f0e4d")


@pytest.fixture(scope="session")
def seed_server(seed_web):
    db, letter = seed_web
    with LiveServer(db) as server:
        server.letter = letter
        yield server


@pytest.fixture(scope="session")
def live_server():
    """``live_server(db)``: a server over another store, as a context manager."""
    return LiveServer


@pytest.fixture
def empty_server(tmp_path):
    with LiveServer(tmp_path / "empty.db") as server:
        yield server
