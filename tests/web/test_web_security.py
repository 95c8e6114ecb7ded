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
    assert CliRunner().invoke(cli, ["serve", "--db", db, "--create"]).exit_code == 0
    assert calls[-1]["host"] == "127.0.0.1"
    assert (
        CliRunner().invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0", "--create"]).exit_code
        == 0
    )
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


# -- cross-site requests (CSRF) -------------------------------------------------------------------
EVIL = "http://evil.example"


def _saved(tmp_path) -> list[Path]:
    return [p for p in (tmp_path / "store.db.uploads").rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": EVIL},
        {"origin": "null"},  # a sandboxed frame of another site
        {"origin": "http://testserver.evil.example"},
        {"origin": "https://testserver"},  # another scheme is another origin
        {"referer": f"{EVIL}/page.html"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"origin": EVIL, "sec-fetch-site": "same-origin"},
    ],
)
def test_a_cross_site_upload_is_refused_and_nothing_kept(upload_client, tmp_path, headers):
    for path in ("/api/uploads", "/upload"):
        r = upload_client.post(path, files={"files": ("a.txt", b"Planted text.")}, headers=headers)
        assert r.status_code == 403, (path, r.text)
        assert "cross-site" in r.json()["detail"]
    assert upload_client.ran == [] and _saved(tmp_path) == []


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_every_state_changing_request_is_checked_whatever_its_path(upload_client, method):
    """Forms added later (corrections) are covered without a line of their own."""
    for path in ("/api/corrections", "/stories/s-1/corrections", "/nowhere"):
        r = upload_client.request(method, path, headers={"origin": EVIL}, content=b"x=1")
        assert r.status_code == 403, (method, path)
    assert upload_client.get("/", headers={"origin": EVIL}).status_code == 200  # reads are free


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl and scripts send neither Origin nor Referer
        {"origin": "http://testserver"},
        {"origin": "http://testserver:80"},
        {"origin": "null", "sec-fetch-site": "same-origin"},  # our form: no-referrer policy
        {"referer": "http://testserver/upload", "sec-fetch-site": "same-origin"},
        {"referer": "http://testserver/upload"},
    ],
)
def test_the_servers_own_pages_and_scripts_may_upload(upload_client, headers):
    r = upload_client.post("/api/uploads", files={"files": ("a.txt", b"Text.")}, headers=headers)
    assert r.status_code == 202, r.text


def test_an_allowed_origin_may_post(tmp_path):
    ran = []
    app = create_app(
        tmp_path / "store.db",
        upload_runner=ran.append,
        allowed_origins=["https://news.example.org"],
    )
    with TestClient(app) as c:
        for origin, status in (
            ("https://news.example.org", 202),
            ("https://NEWS.example.org:443", 202),
            ("http://news.example.org", 403),
            (EVIL, 403),
        ):
            r = c.post("/api/uploads", files={"files": ("a.txt", b"x")}, headers={"origin": origin})
            assert r.status_code == status, origin
    assert len(ran) == 2


def test_a_loopback_server_answers_only_to_loopback_names(tmp_path):
    """A rebinding attack reaches 127.0.0.1 under the attacker's name: refused on every method."""
    from stemma.web.app import LOOPBACK_HOSTS

    app = create_app(tmp_path / "store.db", trusted_hosts=LOOPBACK_HOSTS)
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/", headers={"host": "[::1]:8000"}).status_code == 200
        for method in ("GET", "POST"):
            r = c.request(method, "/api/stories", headers={"host": "evil.example:8000"})
            assert r.status_code == 421, method


# -- every parameter is bounded: 4xx, never 500 ---------------------------------------------------
HUGE = "9223372036854775807"


@pytest.mark.parametrize(
    "url",
    [
        f"/?page={HUGE}",
        f"/api/articles?page={HUGE}",
        f"/api/stories?page={HUGE}",
        f"/api/links?page={HUGE}",
        "/api/links?page=0",
        "/?page=-1",
        "/?page=abc",
        f"/api/stories?per_page={HUGE}",
        "/api/articles?per_page=0",
        "/articles/plain-2?version=99999999999999999999999",
        "/api/articles/plain-2?version=99999999999999999999999",
        "/api/articles/plain-2?version=0",
        "/?q=" + "+".join(["word"] * 1000),
        "/api/articles?q=" + "+".join(f"w{i}" for i in range(1000)),
        "/api/stories?q=" + "+".join(f"w{i}" for i in range(21)),
        "/api/stories?q=" + "x" * 5000,
        "/api/stories?outlet=" + "x" * 5000,
        "/api/articles?lang=" + "x" * 5000,
        "/api/links?kind=" + "x" * 5000,
        "/api/links?" + "&".join(f"article=a{i}" for i in range(101)),
        "/api/links?article=" + "a" * 5000,
        "/api/articles/" + "a" * 5000,
        "/stories/s-evil?base=" + "b" * 5000,
    ],
)
def test_out_of_bounds_parameters_are_4xx(client, hostile, url):
    r = client.get(url)
    assert 400 <= r.status_code < 500, (url, r.status_code)
    if url.startswith("/api"):
        assert r.headers["content-type"].startswith("application/json")
    else:
        assert hostile.offences(r.text) == []


def test_a_search_of_twenty_words_still_runs(client):
    words = " ".join(["minister"] * 19 + ["today"])
    r = client.get("/api/stories", params={"q": words})
    assert r.status_code == 200 and r.json()["total"] == 1
    assert client.get("/", params={"q": words}).status_code == 200


def test_any_query_on_any_route_is_answered_below_500(hostile_store):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    routes = [
        "/",
        "/api/stories",
        "/api/articles",
        "/api/links",
        "/stories/s-evil",
        "/api/stories/s-evil/collation",
        "/articles/plain-2",
        "/api/articles/plain-2",
        "/uploads/x",
    ]
    names = ["q", "page", "per_page", "version", "outlet", "lang", "from", "to", "kind", "base"]
    values = st.one_of(
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.text(max_size=60),
        st.lists(st.sampled_from(["a", "b", "%", "_", "\\"]), max_size=40).map(" ".join),
    )

    with TestClient(create_app(hostile_store.path)) as c:

        @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.sampled_from(routes), st.dictionaries(st.sampled_from(names), values))
        def check(route, params):
            r = c.get(route, params=params)
            assert r.status_code < 500, (route, params, r.text[:200])

        check()


# -- idle and slow clients ------------------------------------------------------------------------
def flood(app, n: int, *, trickle_every: float, **options) -> tuple[float, int]:
    """Open ``n`` sockets to a real server (127.0.0.1 only): a third send nothing, a third a
    request head that never ends (a header line every ``trickle_every`` s), a third announce a
    body and never send it. (Seconds until the last is closed, status of a normal request
    made meanwhile.)"""
    import socket
    import threading
    import time
    import urllib.error
    import urllib.request

    from stemma.web.server import running

    with running(app, **options) as url:
        port = int(url.rsplit(":", 1)[1])
        socks = []
        for i in range(n):
            s = socket.create_connection(("127.0.0.1", port))
            s.settimeout(30)
            if i % 3 == 1:
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            elif i % 3 == 2:
                s.sendall(
                    b"POST /api/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: multipart/form-data; boundary=b\r\n"
                    b"Content-Length: 100000\r\n\r\n--b"
                )
            socks.append(s)
        began = time.monotonic()
        stop = threading.Event()

        def trickle():  # more header lines must not extend the deadline
            while not stop.wait(trickle_every):
                for s in socks[1::3]:
                    try:
                        s.sendall(b"X-Slow: 1\r\n")
                    except OSError:
                        pass

        threading.Thread(target=trickle, daemon=True).start()
        try:
            with urllib.request.urlopen(url + "/api/stories", timeout=30) as r:
                status = r.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        last = 0.0
        try:
            for s in socks:
                try:
                    while s.recv(65536):  # the slow POST may get an answer before the close
                        pass
                except (ConnectionResetError, BrokenPipeError):
                    pass
                last = time.monotonic() - began
        finally:
            stop.set()
            for s in socks:
                s.close()
        return last, status


def test_idle_and_slow_connections_are_closed_within_the_timeout(tmp_path):
    """Sockets that send nothing, a header a line at a time, or a body never sent are all
    closed within the deadlines; a normal request still gets its answer."""
    from stemma.web.server import SlowClientGuard

    quick = type("QuickGuard", (SlowClientGuard,), {"head_timeout": 1.0, "body_window": 1.0})
    app = create_app(tmp_path / "store.db", upload_runner=lambda job: None)
    last, status = flood(app, 60, trickle_every=0.2, http=quick, timeout_keep_alive=1)
    assert status == 200 and last < 4.0, last


@pytest.mark.slow
def test_a_flood_of_1100_slow_sockets_is_closed_with_the_default_deadlines(tmp_path):
    from stemma.web.server import HEAD_TIMEOUT

    app = create_app(tmp_path / "store.db", upload_runner=lambda job: None)
    last, status = flood(app, 1100, trickle_every=2.0)
    assert status == 200 and last < HEAD_TIMEOUT + 5, last


def test_a_body_over_the_form_limit_is_refused_on_any_path(upload_client):
    from stemma.web.app import FORM_LIMIT

    for path in ("/api/corrections", "/nowhere"):
        r = upload_client.post(path, content=b"x" * (FORM_LIMIT + 1))
        assert r.status_code == 413 and "limit" in r.json()["detail"], path
