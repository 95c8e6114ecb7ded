"""Adding articles from the browser: saved beside the store, read and analysed in the
background, with progress to poll."""

import time

from fastapi.testclient import TestClient

from stemma.web.app import create_app
from stemma.web.uploads import safe_name

EN = (
    "The city council approved the new budget for public libraries on Monday.\n\n"
    "The mayor said the vote would keep every branch open through the winter."
)


def _until_done(client, job_id, seconds=240):
    seen = []
    deadline = time.time() + seconds
    while time.time() < deadline:
        job = client.get(f"/api/uploads/{job_id}").json()
        seen.append(job["progress"])
        if job["state"] in ("done", "failed"):
            return job, seen
        time.sleep(0.1)
    raise AssertionError(f"upload job still {job['state']} after {seconds} s")


def test_an_upload_is_read_analysed_and_shown(tmp_path):
    db = tmp_path / "store.db"
    with TestClient(create_app(db)) as client:
        r = client.post(
            "/api/uploads",
            files=[
                ("files", ("council.txt", EN.encode())),
                ("files", ("empty.txt", b"")),
                ("files", ("noise.bin", bytes(range(256)) * 4)),
            ],
        )
        assert r.status_code == 202, r.text
        job, progress = _until_done(client, r.json()["id"])
        assert job["state"] == "done", job
        assert progress == sorted(progress) and progress[-1] == 1.0
        assert len(job["added"]) == 1 and job["added"][0].startswith("council_")
        assert any("empty" in p for p in job["problems"])
        assert any("noise.bin" in p for p in job["problems"])  # named as the user named it
        assert job["stories"]
        page = client.get(f"/stories/{job['stories'][0]}").text
        assert "city council approved" in page.lower() or job["added"][0] in page
        assert client.get(f"/uploads/{job['id']}").status_code == 200
        assert [j["id"] for j in client.get("/api/uploads").json()] == [job["id"]]
    assert (tmp_path / "store.db.uploads" / job["id"]).is_dir()


def test_the_form_post_redirects_to_the_progress_page(tmp_path):
    ran = []
    with TestClient(create_app(tmp_path / "s.db", upload_runner=ran.append)) as client:
        r = client.post(
            "/upload", files={"files": ("a.html", b"<p>Hello there</p>")}, follow_redirects=False
        )
        assert r.status_code == 303 and r.headers["location"].startswith("/uploads/")
        page = client.get(r.headers["location"]).text
        assert 'id="job-progress"' in page and "a.html" in page
        assert client.get("/upload").status_code == 200


def test_saved_names_are_made_by_the_server():
    digest = "ab" * 32
    assert safe_name("../../etc/passwd", digest) == f"passwd_{digest[:16]}"
    assert safe_name("/abs/Report 2024.PDF", digest) == f"Report-2024_{digest[:16]}.pdf"
    assert safe_name("..\\..\\x.txt", digest) == f"x_{digest[:16]}.txt"
    assert safe_name("", digest) == f"upload_{digest[:16]}"
    assert safe_name("نامه.txt", digest) == f"upload_{digest[:16]}.txt"
    assert safe_name("x.exe", digest) == f"x-exe_{digest[:16]}"


def test_one_slow_upload_does_not_hold_the_later_ones(tmp_path, monkeypatch):
    """A job stuck in reading occupies one reader; later jobs are read and analysed past it."""
    import threading

    import stemma.analysis
    from stemma.web.uploads import Uploads

    release, analyses = threading.Event(), []
    monkeypatch.setattr(stemma.analysis, "analyse", lambda store, *a, **k: analyses.append(1))
    uploads = Uploads(tmp_path / "s.db", isolate=False)  # in process, for the monkeypatch
    real_read = uploads._read

    def read(job):
        if job.files == ["huge.txt"]:
            assert release.wait(60)
        real_read(job)

    uploads._read = read
    slow = uploads.save([("huge.txt", _stream(EN))])
    quick = [uploads.save([(f"q{i}.txt", _stream(f"{EN} Number {i}."))]) for i in range(5)]
    deadline = time.time() + 120
    while not all(j.state == "done" for j in quick):
        assert time.time() < deadline, [j.to_dict() for j in quick]
        time.sleep(0.05)
    assert slow.finished is None and 1 <= len(analyses) <= 5  # analyses are shared
    release.set()
    uploads.wait(120)
    assert slow.state == "done" and slow.added


def test_a_failed_job_says_where_and_why(tmp_path, monkeypatch):
    import stemma.analysis
    import stemma.ingest.pipeline
    from stemma.web.uploads import Uploads

    def boom(*args, **kwargs):
        raise RuntimeError("the disk is full")

    uploads = Uploads(tmp_path / "s.db", readers=1, isolate=False)
    monkeypatch.setattr(stemma.analysis, "analyse", boom)
    job = uploads.save([("a.txt", _stream(EN))])
    uploads.wait(120)
    assert job.state == "failed" and job.added  # stored, not analysed
    assert job.to_dict()["error"].startswith("analysis")
    assert "RuntimeError: the disk is full" in job.error
    monkeypatch.setattr(stemma.ingest.pipeline, "ingest", boom)
    job = uploads.save([("b.txt", _stream(EN + " Another."))])
    uploads.wait(120)
    assert job.state == "failed" and job.error.startswith("reading failed: RuntimeError")
    assert job.progress == job.progress_before_failure


def _stream(text: str):
    import io

    return io.BytesIO(text.encode())


def test_work_runs_in_a_child_whose_failure_is_reported_not_fatal(tmp_path):
    """The analysis fails in its child process (an encoder that does not exist): the job says
    so in the child's words; the reading, in another child, stored the article."""
    from stemma.store import open_store
    from stemma.web.uploads import Uploads

    uploads = Uploads(tmp_path / "s.db", encoder="no-such-encoder")
    job = uploads.save([("a.txt", _stream(EN))])
    try:
        uploads.wait(180)
    finally:
        uploads.close()
    assert job.state == "failed" and job.error.startswith("analysis"), job.error
    assert "no-such-encoder" in job.error
    with open_store(tmp_path / "s.db") as store:
        assert store.versions(job.added[0]) == [1]


# -- without JavaScript: the form posts files, pasted text and an address itself ------------------
HARBOUR = (
    "Harbour ferry terminal opens\n\n"
    "The harbour authority opened a new ferry terminal on Friday, officials said.\n\n"
    "The terminal doubles the number of daily crossings to the northern islands."
)
PAGE = (
    "<html><head><title>Bridge repairs delayed</title></head><body><article>"
    "<h1>Bridge repairs delayed</h1><p>Repairs to the old river bridge will take two more "
    "months, the county engineer said on Tuesday.</p><p>Traffic stays on one lane.</p>"
    "</article></body></html>"
)


def _form(**fields) -> dict:
    """A multipart body as a browser posts the upload form: the file input left empty is one
    part with an empty file name (httpx would leave the name out), then the text fields."""
    boundary = "----stemmaFormBoundary7MA4YWxkTrZu0gW"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename=""\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\r\n"
    ]
    parts += [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    ]
    body = "".join(parts) + f"--{boundary}--\r\n"
    return {
        "content": body.encode(),
        "headers": {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    }


def _page_server():
    """A page of my own on 127.0.0.1, for an address to fetch."""
    import http.server
    import threading

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_the_form_alone_adds_pasted_text_and_an_address_and_ends_with_titles(tmp_path):
    server = _page_server()
    url = f"http://127.0.0.1:{server.server_port}/news/bridge.html"
    try:
        with TestClient(create_app(tmp_path / "s.db", fetch_urls=True)) as client:
            r = client.post("/upload", **_form(pasted=HARBOUR, url=url), follow_redirects=False)
            assert r.status_code == 303, r.text
            page = client.get(r.headers["location"]).text
            # a browser without JavaScript reloads the page until the job is done
            assert 'http-equiv="refresh"' in page and "pasted.txt" in page and url in page
            job, _ = _until_done(client, r.headers["location"].rsplit("/", 1)[1])
            assert job["state"] == "done", job
            assert len(job["added"]) == 2 and not job["problems"], job
            done = client.get(r.headers["location"]).text
            assert 'http-equiv="refresh"' not in done
            # the upload ends with the stories' titles, not their ids
            assert "Harbour ferry terminal opens" in done and "Bridge repairs delayed" in done
            assert set(job["titles"].values()) == {
                "Harbour ferry terminal opens",
                "Bridge repairs delayed",
            }
            fetched = client.get(
                f"/api/articles/{[a for a in job['added'] if 'pasted' not in a][0]}"
            )
            assert fetched.json()["url"] == url
    finally:
        server.shutdown()


def test_a_server_open_to_others_fetches_no_address(tmp_path):
    ran = []
    with TestClient(create_app(tmp_path / "s.db", upload_runner=ran.append)) as client:
        r = client.post("/upload", **_form(url="http://10.0.0.1/admin"))
        # the form comes back with the reason and what was typed, nothing saved
        assert r.status_code == 403 and "fetches no web addresses" in r.text
        api = client.post("/api/uploads", **_form(url="http://10.0.0.1/"))
        assert api.status_code == 403 and "save the page" in api.json()["detail"]
    with TestClient(create_app(tmp_path / "s.db", fetch_urls=True, upload_runner=ran.append)) as c:
        bad = c.post("/api/uploads", **_form(url="file:///etc/passwd"))
        assert bad.status_code == 422 and "http" in bad.json()["detail"]
        empty = c.post("/upload", **_form(pasted="  "))
        assert empty.status_code == 400 and "nothing to add" in empty.text
    assert ran == [] and not list((tmp_path / "s.db.uploads").glob("*/*"))
