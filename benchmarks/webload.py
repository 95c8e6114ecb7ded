"""Web latency under load: 20 clients while a CLI analysis and uploads run beside the server,
and the quiet figure from the same run.

The base store (every article of ecbplus and polnear, about 1,460, ingested and analysed once)
is cached in ``benchmarks/.work/webload-base.db`` (git-ignored); each
run works on a fresh copy. The server is ``stemma serve`` (uvicorn with stemma's limits for slow
clients) in a subprocess on 127.0.0.1. One run has two phases with the same 20 client threads,
each with its own keep-alive connection, requesting a mix of pages and API calls as fast as
they are answered:

1. quiet: nothing else runs, for ``QUIET_S`` seconds;
2. busy: ``stemma analyze`` adds the English NTREX articles in a subprocess
   (ingest, then the analysis of the grown store) while ``UPLOADS`` uploads of
   ``PER_UPLOAD`` German NTREX articles each are posted to ``/api/uploads`` and analysed by
   the server; the phase lasts until the analysis and every upload are done.

An error is any answer but 200 (every request of the mix is valid) or a failed connection;
failed upload jobs and "database is locked" anywhere are counted too. Each run's p50 and p95;
the table gives medians over ``REPEATS`` runs.

    python -m benchmarks.webload [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from benchmarks.web import _free_port, _p, _start_server

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
BASE = WORK / "webload-base.db"
INFO = WORK / "webload-base.json"
BUILD_VERSION = 2
CLIENTS = 20
QUIET_S = 30
# the hashed stand-in encoder (stemma/embed/hashed.py) for the base store, the CLI analysis and
# the server's upload analyses alike: the figure is the web's latency beside analyses, and the
# bundled encoder would make one run take most of an hour on 2 shared cores
ENCODER = "hashed"
UPLOADS = 5
PER_UPLOAD = 8
REPEATS = 2
COMMAND = "python -m benchmarks.webload"
POLNEAR = ("polnear/train.articles.jsonl", "polnear/dev.articles.jsonl")
WORDS = ("earthquake", "Trump", "police", "election", "rehab", "vote", "court", "Clinton")


def _jsonl(corpora: Path, *names: str, langs: set[str] | None = None) -> list[dict]:
    records = []
    for name in names:
        path = corpora / name
        if path.is_file():
            with open(path, encoding="utf-8") as f:
                records += [json.loads(line) for line in f if line.strip()]
    return [r for r in records if langs is None or r.get("lang") in langs]


def build_base(corpora: Path, rebuild: bool = False) -> dict:
    """The cached, analysed base store and what it holds."""
    if not rebuild and BASE.exists() and INFO.exists():
        info = json.loads(INFO.read_text())
        if info.get("version") == BUILD_VERSION:
            return info
    from stemma.analysis import analyse
    from stemma.ingest.pipeline import ingest
    from stemma.store import open_store

    records = _jsonl(corpora, "ecbplus/articles.jsonl", *POLNEAR)
    if not records:
        raise FileNotFoundError(f"no ecbplus or polnear articles under {corpora}")
    WORK.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{BASE}{suffix}").unlink(missing_ok=True)
    source = WORK / "webload-base.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    started = time.perf_counter()
    with open_store(BASE) as store:
        ingest(store, [source])
        ingested = time.perf_counter() - started
        analyse(store, ENCODER)
        info = {
            "version": BUILD_VERSION,
            "articles": store.count(),
            "stories": len(store.list_stories()),
            "ingest_s": round(ingested, 1),
            "analyse_s": round(time.perf_counter() - started - ingested, 1),
        }
    source.unlink()
    INFO.write_text(json.dumps(info))
    return info


def _paths(db: Path) -> tuple[list[str], list[str]]:
    """Story ids and article ids of the store, quoted for URLs."""
    with sqlite3.connect(db) as conn:
        stories = [r[0] for r in conn.execute("SELECT id FROM stories")]
        articles = [r[0] for r in conn.execute("SELECT DISTINCT id FROM articles")]
    return [quote(i, safe="") for i in stories], [quote(i, safe="") for i in articles]


def _pick(rng: random.Random, stories: list[str], articles: list[str]) -> str:
    roll = rng.random()
    if roll < 0.2:
        return f"/stories/{rng.choice(stories)}"
    if roll < 0.35:
        return f"/api/stories/{rng.choice(stories)}"
    if roll < 0.5:
        return f"/articles/{rng.choice(articles)}"
    if roll < 0.6:
        return f"/api/articles/{rng.choice(articles)}"
    if roll < 0.75:
        return f"/api/stories?page={rng.randint(1, max(1, len(stories) // 50))}"
    if roll < 0.85:
        return f"/?q={rng.choice(WORDS)}"
    if roll < 0.95:
        return "/"
    return "/api/uploads"


class Clients:
    """``CLIENTS`` threads requesting the mix until stopped; each answer's latency and status."""

    def __init__(self, base: str, stories: list[str], articles: list[str]):
        self.base, self.stories, self.articles = base, stories, articles
        self.phase = "warm-up"
        self.seen: list[tuple[str, float, int]] = []  # (phase, seconds, status or 0)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._client, args=(k,), daemon=True) for k in range(CLIENTS)
        ]

    def _client(self, k: int) -> None:
        import httpx

        rng = random.Random(k)
        with httpx.Client(base_url=self.base, timeout=300) as http:
            while not self.stop.is_set():
                path, phase = _pick(rng, self.stories, self.articles), self.phase
                t = time.perf_counter()
                try:
                    status = http.get(path).status_code
                except httpx.HTTPError:
                    status = 0
                with self.lock:
                    self.seen.append((phase, time.perf_counter() - t, status))

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(300)

    def figures(self, phase: str) -> dict:
        rows = [(s, status) for p, s, status in self.seen if p == phase]
        latencies = [s for s, _ in rows]
        return {
            "n": len(rows),
            "p50": statistics.median(latencies) if latencies else float("nan"),
            "p95": _p(latencies, 0.95) if latencies else float("nan"),
            "errors": sum(1 for _, status in rows if status != 200),
            "server_errors": sum(1 for _, status in rows if status >= 500 or status == 0),
        }


def one_run(corpora: Path, folder: Path) -> dict:
    import httpx

    db = folder / "store.db"
    with sqlite3.connect(BASE) as src, sqlite3.connect(db) as dst:
        src.backup(dst)  # the backup API takes what sits in the WAL too
    more = folder / "more.jsonl"
    added = _jsonl(corpora, "ntrex/articles.jsonl", langs={"en"})
    more.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in added))
    german = _jsonl(corpora, "ntrex/articles.jsonl", langs={"de"})
    stories, articles = _paths(db)
    port = _free_port()
    server = _start_server(port, db, ENCODER)
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    try:
        with Clients(base, stories, articles) as clients:
            time.sleep(5)  # warm-up: imports, connections, first caches
            clients.phase = "quiet"
            time.sleep(QUIET_S)
            clients.phase = "busy"
            started = time.perf_counter()
            cli = subprocess.Popen(
                [sys.executable, "-m", "stemma.cli", "analyze", str(more)]
                + ["--db", str(db), "--encoder", ENCODER, "--json"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            jobs = []
            with httpx.Client(base_url=base, timeout=300) as http:
                for k in range(UPLOADS):
                    part = german[k * PER_UPLOAD : (k + 1) * PER_UPLOAD]
                    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part)
                    r = http.post("/api/uploads", files={"files": (f"up{k}.jsonl", body.encode())})
                    jobs.append(r.json()["id"] if r.status_code == 202 else None)
                    time.sleep(3)
                _, err = cli.communicate(timeout=3600)
                analysis_s = time.perf_counter() - started
                states = {}
                while True:
                    states = {j: http.get(f"/api/uploads/{j}").json() for j in jobs if j}
                    if all(s["state"] in ("done", "failed") for s in states.values()):
                        break
                    time.sleep(0.5)
            busy_s = time.perf_counter() - started
        return {
            "quiet": clients.figures("quiet"),
            "busy": clients.figures("busy"),
            "analysis_s": analysis_s,
            "busy_s": busy_s,
            "cli_ok": cli.returncode == 0,
            "uploads_done": sum(1 for s in states.values() if s["state"] == "done"),
            "uploads_failed": sum(1 for s in states.values() if s["state"] != "done")
            + sum(1 for j in jobs if j is None),
            "locked": ("database is locked" in err)
            + sum("database is locked" in (s.get("error") or "") for s in states.values()),
            "added": len(added),
        }
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def run(corpora: Path, rebuild: bool = False) -> str:
    info = build_base(Path(corpora), rebuild)
    load_before = os.getloadavg()[0]
    runs = []
    for _ in range(REPEATS):
        folder = Path(tempfile.mkdtemp(prefix="webload-"))
        try:
            runs.append(one_run(Path(corpora), folder))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    load = os.getloadavg()[0]

    def med(phase: str, key: str) -> float:
        return statistics.median(r[phase][key] for r in runs)

    lines = [
        f"## Web latency under load ({CLIENTS} clients beside an analysis and uploads)",
        "",
        f"Command: `{COMMAND}` (part of `make bench`). Store: {info['articles']:,} articles "
        f"(every article of ecbplus and polnear), ingested and analysed ({info['stories']:,} "
        "stories), cached in `benchmarks/.work/webload-base.db`; each run "
        "works on a copy. Server: `stemma serve` (uvicorn, one process, stemma's limits for "
        f"slow clients) on 127.0.0.1. {CLIENTS} client threads, each with its own keep-alive "
        "connection, request a mix as fast as they are answered (story pages 20%, story JSON "
        "15%, article pages 15%, article JSON 10%, story list pages 15%, word searches 10%, "
        f"the front page 10%, the upload list 5%). **Quiet**: nothing else runs, {QUIET_S} s. "
        f"**Busy**: `stemma analyze` adds {runs[0]['added']} NTREX articles (English) "
        f"in a subprocess, and {UPLOADS} uploads of {PER_UPLOAD} German NTREX articles "
        "each are posted through `/api/uploads` (3 s apart) and analysed by the server; the "
        "phase lasts until the analysis and every upload are done. Both phases in the same run "
        f"and server; medians over {REPEATS} runs. Error: any answer but 200, or a failed "
        f"connection. Every analysis (the base store's, the CLI's, the uploads') uses the "
        f"`{ENCODER}` stand-in encoder, to keep a run within minutes. Load average at start and "
        f"end: {load_before:.1f}, {load:.1f} (2 cores shared with other work).",
        "",
        "| phase | requests | p50 ms | p95 ms | errors | 5xx or failed connections |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for phase in ("quiet", "busy"):
        lines.append(
            f"| {phase} | {sum(r[phase]['n'] for r in runs)} | {1000 * med(phase, 'p50'):.0f} "
            f"| {1000 * med(phase, 'p95'):.0f} | {sum(r[phase]['errors'] for r in runs)} "
            f"| {sum(r[phase]['server_errors'] for r in runs)} |"
        )
    lines += [
        "",
        f"Busy phase: the CLI analysis took {statistics.median(r['analysis_s'] for r in runs):.0f} s"
        f" (median), the phase with the uploads {statistics.median(r['busy_s'] for r in runs):.0f}"
        f" s; CLI analyses that succeeded: {sum(r['cli_ok'] for r in runs)} of {len(runs)}; "
        f"upload jobs done {sum(r['uploads_done'] for r in runs)}, failed "
        f'{sum(r["uploads_failed"] for r in runs)}; "database is locked" seen '
        f"{sum(r['locked'] for r in runs)} times.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the base store afresh")
    args = parser.parse_args()
    corpora = Path(os.environ.get("STEMMA_CORPORA", ROOT.parent / "shared" / "corpora"))
    print(run(corpora, rebuild=args.rebuild))


if __name__ == "__main__":
    main()
