"""Reading throughput and memory of the container readers (WARC.gz, RSS feeds).

    python -m benchmarks.readers [--base N] [--runs 3]

Generated inputs (my own template text, so any size can be made): a WARC.gz of HTML responses
(with a request record before each, as crawlers write them) and an RSS 2.0 feed whose items
carry their full content. Each measurement runs in a fresh process: it reads the file through
``stemma.ingest.read.iter_records`` and turns every record into its source text
(``to_source``: HTML extraction for WARC pages, feedparser for feed items), as ingest does
before analysis, and reports articles per second and the process's peak RSS. The peer in the
same run is the plain library read: warcio's ``ArchiveIterator`` over the same WARC.gz
(payloads read, no extraction), and ``feedparser.parse`` of the whole feed. Sizes 1x, 4x and
16x show whether memory stays flat as the file grows. Goal from issue 14: >= 200 articles/s.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = "python -m benchmarks.readers"
TARGET = 200.0
GROWTH = (1, 4, 16)
INGEST_FACTOR = 4  # the size `stemma ingest` is timed on
WORDS = (
    "harbour council bridge ferry market river school library storm minister village road "
    "festival station budget museum hospital farmers fishermen island valley mountain"
).split()


def _paragraph(rng: random.Random) -> str:
    return " ".join(
        f"The {rng.choice(WORDS)} near the {rng.choice(WORDS)} was discussed on "
        f"{rng.choice(['Monday', 'Tuesday', 'Friday'])} by {rng.randint(2, 90)} residents, who "
        f"asked about the {rng.choice(WORDS)} and the {rng.choice(WORDS)}."
        for _ in range(4)
    )


def _page(i: int, rng: random.Random) -> bytes:
    paras = "".join(f"<p>{_paragraph(rng)}</p>" for _ in range(5))
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Report {i} | "
        f"Example Gazette</title></head><body><nav><a href='/'>Home</a></nav><article>"
        f"<h1>Report number {i}</h1>{paras}</article><footer>Example Gazette</footer>"
        f"</body></html>"
    ).encode()


def write_warc(path: Path, n: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(n)
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for i in range(n):
            uri = f"https://gazette.example/report/{i}"
            request = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "gazette.example")], is_http_request=True
            )
            writer.write_record(
                writer.create_warc_record(
                    uri, "request", payload=io.BytesIO(b""), http_headers=request
                )
            )
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(_page(i, rng)), http_headers=headers
                )
            )


def write_feed(path: Path, n: int) -> None:
    rng = random.Random(n)
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<title>Example Gazette</title><link>https://gazette.example/</link>"
        )
        for i in range(n):
            body = "".join(f"<p>{_paragraph(rng)}</p>" for _ in range(5))
            f.write(
                f"<item><title>Report {i}</title><link>https://gazette.example/r/{i}</link>"
                f"<guid>gazette-{i}</guid><pubDate>Mon, 04 Mar 2024 07:15:00 +0000</pubDate>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
            )
        f.write("</channel></rss>")


# Each measurement is a fresh interpreter: its peak RSS is its own.
_PROBE = r"""
import json, resource, sys, time, logging
logging.disable(logging.WARNING)
kind, path = sys.argv[1], sys.argv[2]
# imports (and trafilatura's first call) out of the timing: reading is what is measured
if kind.startswith("stemma"):
    from stemma.ingest.html import extract_html
    from stemma.ingest.read import iter_records, to_source
    from stemma.model import Record
    extract_html(b"<html><body><p>" + b"A warm-up sentence for the extractor. " * 20 + b"</p></body></html>")
elif kind == "warcio":
    from warcio.archiveiterator import ArchiveIterator
else:
    import feedparser
start, cpu = time.perf_counter(), time.process_time()
n = 0
if kind.startswith("stemma"):
    extract = kind == "stemma"  # "stemma-read": records only, as ingest's reading process
    for item in iter_records([path]):
        if isinstance(item, Record):
            if extract:
                to_source(item)
            n += 1
elif kind == "warcio":
    with open(path, "rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type == "response":
                record.content_stream().read()
                n += 1
elif kind == "feedparser":
    n = len(feedparser.parse(path).entries)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"n": n, "s": seconds, "cpu": cpu, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def probe(kind: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, kind, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(kind: str, path: Path, runs: int) -> dict:
    results = [probe(kind, path) for _ in range(runs)]
    return {
        "n": results[0]["n"],
        "rate": statistics.median(r["n"] / r["s"] for r in results),
        "cpu_rate": statistics.median(r["n"] / max(r["cpu"], 1e-9) for r in results),
        "rss_mb": statistics.median(r["rss_mb"] for r in results),
    }


def ingest_run(path: Path, db: Path) -> dict:
    """``stemma ingest`` of ``path`` into a fresh store, as a person runs it: full analysis on
    its worker processes. Wall time, and CPU time of the command and its workers (wait4)."""
    import os

    if db.exists():
        db.unlink()
    cmd = [sys.executable, "-m", "stemma.cli", "ingest", str(path), "--db", str(db), "--json"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    report = json.loads(out)
    return {
        "n": len(report.get("added", [])),
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
    }


def run(corpora: Path | None = None, base: int = 250, runs: int = 3) -> str:
    import os

    from stemma.ingest.pipeline import default_workers

    rows, ingest_rows = [], []
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        for label, writer, suffix, peer in (
            ("WARC.gz", write_warc, ".warc.gz", "warcio"),
            ("RSS feed", write_feed, ".rss", "feedparser"),
        ):
            for factor in GROWTH:
                n = base * factor
                path = Path(tmp) / f"input-{factor}{suffix}"
                writer(path, n)
                k = runs if factor == 1 else 1  # throughput from 1x; growth is about memory
                ours, read = measure("stemma", path, k), measure("stemma-read", path, k)
                theirs = measure(peer, path, k)
                assert ours["n"] == read["n"] == n, (label, ours, read, n)
                rows.append(
                    f"| {label} | {factor}x | {n:,} | {path.stat().st_size / 1e6:.1f} "
                    f"| {read['rate']:,.0f} | {read['rss_mb']:.0f} "
                    f"| {ours['rate']:.0f} | {ours['cpu_rate']:.0f} | {ours['rss_mb']:.0f} "
                    f"| {peer}: {theirs['rate']:,.0f}/s, {theirs['rss_mb']:.0f} MB |"
                )
                if factor == INGEST_FACTOR:
                    done = [ingest_run(path, Path(tmp) / "ingest.db") for _ in range(runs)]
                    assert all(d["n"] == n for d in done), (label, done)
                    wall = statistics.median(d["wall"] for d in done)
                    cpu = statistics.median(d["cpu"] for d in done)
                    ingest_rows.append(
                        f"| {label} | {n:,} | {wall:.1f} | {cpu:.1f} | {n / wall:.0f} "
                        f"| {n / cpu:.0f} | {max(d['rss_mb'] for d in done):.0f} |"
                    )
                path.unlink()
    return "\n".join(
        [
            "## Readers",
            "",
            f"`{COMMAND}` — generated inputs, one fresh process per figure. *Records*: "
            "`iter_records` alone, what ingest's reading process does (the text of each record "
            "is made in the analysis workers). *With text*: `iter_records` and `to_source` in "
            "one process (trafilatura for each WARC page, feedparser for each item). Rates are "
            f"the median of {runs} runs at 1x (one run at 4x and 16x, which are about memory); "
            "peak RSS of the process. Peer in the same run: the library alone (warcio "
            "iterating the archive, payloads read, no extraction; feedparser parsing the whole "
            "feed at once). Goal: >= 200 articles/s, flat memory. One core.",
            "",
            "| input | size | articles | MB on disk | records/s | peak RSS (MB) "
            "| with text: articles/s | per CPU second | peak RSS (MB) | peer |",
            "|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"*Per CPU second*: articles over the process's CPU time, what one core free of "
            "other work gives (on a shared machine wall time also counts waiting for a core). "
            f"`stemma ingest` of the {INGEST_FACTOR}x file into a fresh store, the whole "
            f"analysis (chrome, language, sentences, dates, metadata, storing) on "
            f"{default_workers()} worker processes ({os.cpu_count()} cores here), median of "
            f"{runs} runs; CPU time is the command's and its workers' together, peak RSS the "
            "largest process's:",
            "",
            "| input | articles | wall s | CPU s | articles/s (wall) | articles per CPU second "
            "| peak RSS (MB) |",
            "|---|---|---|---|---|---|---|",
            *ingest_rows,
            "",
            f"Load average (1 min) {load[0]:.1f} before the run and {os.getloadavg()[0]:.1f} "
            f"after, on {os.cpu_count()} cores: wall rates fall with it, CPU rates hardly.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=int, default=250)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(run(None, args.base, args.runs))


if __name__ == "__main__":
    main()
