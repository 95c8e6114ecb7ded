"""Screenshots of the story, pair and article pages at a desktop and a phone width, made on the
bundled demo (``make docs``): what stemma shows, for a reader of the README who has not
installed it.

Runs the demo analysis into a temporary store, serves it on a free loopback port and drives
Debian's ``chromium`` through Playwright (no browser download, no network). Writes
``docs/screenshots/{page}-{width}.png``.
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "screenshots"
WIDTHS = {"desktop": (1280, 860), "phone": (390, 844)}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _demo(db: Path) -> None:
    from rich.console import Console

    from stemma.demo import run_demo

    run_demo(db, Console(quiet=True))


def _serve(db: Path):
    import uvicorn

    from stemma.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.time() + 30
    while not server.started:
        if time.time() > deadline:
            raise RuntimeError("the demo server did not start")
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def _pages(db: Path) -> dict[str, str]:
    """The pages to show: the demo's largest story, the pair of its first stemma edge between
    two stored articles, and its root article."""
    from stemma.store import open_store
    from stemma.web.render import pair_url, path_part

    with open_store(db) as store:
        story = max(store.list_stories(), key=lambda s: len(s["articles"]))
        stemma = story.get("stemma") or {}
        members = set(story["articles"])
        edge = next(
            (e for e in stemma.get("edges", []) if {e["source"], e["target"]} <= members),
            None,
        )
        first = story["articles"][0]
    pages = {"story": f"/stories/{path_part(story['id'])}", "article": f"/articles/{first}"}
    if edge is not None:
        pages["pair"] = pair_url(edge["source"], edge["target"])
    return pages


def main() -> int:
    executable = shutil.which("chromium")
    if executable is None:
        print(
            "chromium not found on PATH (`make test` installs Debian's chromium)", file=sys.stderr
        )
        return 2
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        _demo(db)
        pages = _pages(db)
        server, url = _serve(db)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=executable, args=ARGS)
                for name, (width, height) in WIDTHS.items():
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, device_scale_factor=1
                    )
                    page = context.new_page()
                    for what, path in pages.items():
                        page.goto(url + path)
                        page.wait_for_load_state("networkidle")
                        target = OUT / f"{what}-{width}.png"
                        page.screenshot(path=str(target))
                        print(f"{target.relative_to(HERE.parent)} ({name}, {path})")
                    if "story" in pages:  # the stemma and collation further down the story
                        page.goto(url + pages["story"] + "#stemma")
                        page.wait_for_load_state("networkidle")
                        page.screenshot(path=str(OUT / f"story-stemma-{width}.png"))
                    context.close()
                browser.close()
        finally:
            server.should_exit = True
    return 0


if __name__ == "__main__":
    sys.exit(main())
