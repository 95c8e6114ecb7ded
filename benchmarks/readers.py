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
from pathlib import Path

COMMAND = "python -m benchmarks.readers"
TARGET = 200.0
GROWTH = (1, 4, 16)
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
start = time.perf_counter()
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
seconds = time.perf_counter() - start
print(json.dumps({"n": n, "s": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
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
        "rss_mb": statistics.median(r["rss_mb"] for r in results),
    }


def run(corpora: Path | None = None, base: int = 250, runs: int = 3) -> str:
    rows = []
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
                    f"| {ours['rate']:.0f} | {ours['rss_mb']:.0f} "
                    f"| {peer}: {theirs['rate']:,.0f}/s, {theirs['rss_mb']:.0f} MB |"
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
            "| with text: articles/s | peak RSS (MB) | peer |",
            "|---|---|---|---|---|---|---|---|---|",
            *rows,
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
