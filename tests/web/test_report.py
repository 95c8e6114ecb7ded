"""`stemma report`: one self-contained HTML file with the story page's content."""

import re
from html import unescape

from typer.testing import CliRunner

from stemma.cli import app as cli


def test_the_seed_report_holds_the_story_and_needs_nothing_else(seed_web, tmp_path, hostile):
    db, letter = seed_web
    out = tmp_path / "letter.html"
    result = CliRunner().invoke(cli, ["report", letter, "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    for section in ("witnesses", "timeline", "stemma", "collation", "quotes", "links", "related"):
        assert f'<section id="{section}">' in html
    assert '<svg class="stemma"' in html and '<svg class="timeline"' in html
    assert 'data-variant="' in html and 'dir="rtl"' in html
    assert hostile.offences(html, report=True) == []
    assert not re.search(r"(src|href)=\"(?!#)", html)  # no links or resources at all
    assert "@font-face" not in html and "url(" not in html.replace("url(#arrow-", "")
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1])
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_a_report_by_article_id_and_of_an_unknown_story(seed_web, tmp_path):
    db, letter = seed_web
    out = tmp_path / "by-article.html"
    ok = CliRunner().invoke(
        cli, ["report", "004_6255df3e44a854fb", "--db", str(db), "--out", str(out)]
    )
    assert ok.exit_code == 0 and f"<code>{letter}</code>" in out.read_text()
    missing = CliRunner().invoke(
        cli, ["report", "nope", "--db", str(db), "--out", str(tmp_path / "x.html")]
    )
    assert missing.exit_code == 2 and not (tmp_path / "x.html").exists()


def test_the_web_app_offers_the_same_report(seed_web):
    from fastapi.testclient import TestClient

    from stemma.web.app import create_app

    db, letter = seed_web
    with TestClient(create_app(db)) as client:
        r = client.get(f"/stories/{letter}/report.html")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert '<section id="collation">' in r.text


def test_the_demo_ends_with_the_report_and_how_to_open_the_web_view(hostile_store):
    from rich.console import Console

    from stemma.demo import write_demo_report

    console = Console(record=True, width=200)
    written = write_demo_report(hostile_store.path, console)
    printed = console.export_text()
    assert written is not None and written.name == "hostile-report.html" and written.exists()
    assert str(written) in printed
    assert (
        f"stemma serve --db {hostile_store.path}" in printed and "http://127.0.0.1:8000/" in printed
    )
