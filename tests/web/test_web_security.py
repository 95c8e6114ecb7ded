"""Hostile article text and metadata stay inert text everywhere; the server stays local;
uploads are size-limited and never land outside their folder."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from stemma.cli import app as cli
from stemma.web.app import create_app
from stemma.web.render import path_part


@pytest.fixture
def client(hostile_store):
    with TestClient(create_app(hostile_store.path)) as c:
        yield c


def test_every_page_shows_hostile_text_as_escaped_text(client, hostile):
    UP, offences = hostile.UP, hostile.offences
    pages = {
        "/": None,
        "/?q=minister": None,
        "/stories/s-evil": None,
        f"/articles/{path_part(UP)}": None,
        "/articles/plain-2": None,
    }
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        assert offences(r.text) == [], url
    story = client.get("/stories/s-evil").text
    assert "Story &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in story
    assert "onerror=&#34;alert(2)&#34;" in story  # the attribute is text, not an attribute
    article = client.get(f"/articles/{path_part(UP)}").text
    assert "javascript:alert(3)" in article  # shown as text ...
    assert 'href="javascript' not in article  # ... never as a link
    assert "Menu &lt;script&gt;" in article  # chrome too


def test_the_article_id_with_dots_and_slashes_is_one_path_segment(client, hostile):
    UP = hostile.UP
    page = client.get("/stories/s-evil").text
    assert f'href="/articles/{path_part(UP)}"' in page
    assert "/articles/../" not in page
    r = client.get(f"/articles/{path_part(UP)}")
    assert r.status_code == 200 and 'data-article="../../etc/passwd"' in r.text


def test_the_api_returns_hostile_text_as_json_data(client, hostile):
    UP, SCRIPT, JS_URL = hostile.UP, hostile.SCRIPT, hostile.JS_URL
    for url in ("/api/stories", "/api/stories/s-evil", f"/api/articles/{path_part(UP)}"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("application/json")
        assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/stories/s-evil/quotes").json()[0]["text"] == f"said {SCRIPT}"
    assert client.get(f"/api/articles/{path_part(UP)}").json()["url"] == JS_URL


def test_pages_forbid_inline_and_foreign_scripts(client):
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp


def test_the_report_of_a_hostile_story_is_inert(hostile_store, tmp_path, hostile):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(
        cli, ["report", "s-evil", "--db", hostile_store.path, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert hostile.offences(html, report=True) == []
    assert "Story &lt;script&gt;" in html


def test_serve_listens_on_loopback_unless_told(monkeypatch, tmp_path):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    db = str(tmp_path / "s.db")
    assert CliRunner().invoke(cli, ["serve", "--db", db]).exit_code == 0
    assert calls[-1]["host"] == "127.0.0.1"
    assert CliRunner().invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0"]).exit_code == 0
    assert calls[-1]["host"] == "0.0.0.0"


@pytest.fixture
def upload_client(tmp_path):
    ran = []
    app = create_app(tmp_path / "store.db", file_limit=1000, upload_runner=ran.append)
    with TestClient(app) as c:
        c.ran = ran
        yield c


def test_an_upload_over_the_file_limit_is_refused_and_nothing_kept(upload_client, tmp_path):
    r = upload_client.post("/api/uploads", files={"files": ("big.txt", b"x" * 1001)})
    assert r.status_code == 413
    assert "limit" in r.json()["detail"]
    assert not upload_client.ran
    assert [p for p in (tmp_path / "store.db.uploads").rglob("*") if p.is_file()] == []


def test_a_request_over_the_request_limit_is_refused(tmp_path):
    app = create_app(tmp_path / "store.db", file_limit=1000, request_limit=2000)
    with TestClient(app) as c:
        files = [("files", (f"f{i}.txt", b"y" * 900)) for i in range(4)]
        r = c.post("/api/uploads", files=files)
        assert r.status_code == 413
        assert "limit" in r.json()["detail"]


@pytest.mark.parametrize(
    "name", ["../../x.txt", "/tmp/abs.txt", "..\\..\\win.txt", "a/../../b.html"]
)
def test_uploads_never_leave_the_uploads_folder(upload_client, tmp_path, name):
    body = f"Some text sent as {name}".encode()
    r = upload_client.post("/api/uploads", files={"files": (name, body)})
    assert r.status_code == 202, r.text
    folder = (tmp_path / "store.db.uploads").resolve()
    here = [p for p in tmp_path.parent.rglob("*") if p.is_file() and p.read_bytes() == body]
    assert len(here) == 1 and folder in here[0].resolve().parents
    assert ".." not in here[0].name and here[0].parent.parent == folder
    assert not Path("/tmp/abs.txt").exists() or Path("/tmp/abs.txt").read_bytes() != body
    assert r.json()["files"] == [name]  # the client's name is kept for display only


def test_the_upload_page_escapes_client_file_names(upload_client, hostile):
    r = upload_client.post(
        "/api/uploads", files={"files": (f"{hostile.SCRIPT}.txt", b"Some text.")}
    )
    job = r.json()["id"]
    page = upload_client.get(f"/uploads/{job}").text
    assert hostile.offences(page) == []
    assert hostile.SCRIPT in upload_client.get(f"/api/uploads/{job}").json()["files"][0]


def test_a_streamed_upload_is_cut_off_at_the_request_limit():
    """No Content-Length: the body is counted as it arrives and refused once over."""
    import asyncio
    import concurrent.futures

    from stemma.web.app import Guard

    async def app(scope, receive, send):  # reads everything, as the form parser would
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 202, "headers": []})
        await send({"type": "http.response.body", "body": b"accepted"})

    async def call():
        chunks = [{"type": "http.request", "body": b"z" * 600, "more_body": True}] * 10
        chunks.append({"type": "http.request", "body": b"", "more_body": False})
        feed, sent = iter(chunks), []

        async def receive():
            return next(feed)

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/api/uploads", "headers": []}
        await Guard(app, request_limit=2000)(scope, receive, send)
        return sent, next(feed, None)

    # on a thread of its own: Playwright's sync API may hold this thread's loop (browser tests)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        sent, left = pool.submit(asyncio.run, call()).result()
    assert sent[0]["status"] == 413 and b"limit" in sent[1]["body"]
    assert len(sent) == 2 and left is not None  # stopped reading well before the end
