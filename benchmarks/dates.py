"""Date extraction: stemma's ``find_dates`` beside dateparser's ``search_dates``.

The passages in ``benchmarks/data/dates.jsonl`` were written for this benchmark in the styles
news sites use (datelines, labels, signatures, Solar and Lunar Hijri dates, dates without a
year, numbers that are not dates). A predicted mention matches a gold one when their spans
overlap (one to one); ISO accuracy is over matched gold mentions.
"""

from __future__ import annotations

import json
import statistics
import time
import warnings
from datetime import datetime
from pathlib import Path

from stemma.ingest.dates import find_dates

DATA = Path(__file__).parent / "data" / "dates.jsonl"
COMMAND = "python -m benchmarks.dates"
LANGS = ("en", "fa", "ar", "es", "fr", "de", "pl", "tr", "ru", "zh", "hi", "he", "it", "pt", "nl")
RUNS = 5
FIXED_BASE = datetime(2000, 1, 1)  # dateparser's base where a passage has no reference


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def gold_spans(row: dict) -> list[tuple[int, int, str]]:
    out, cursor = [], 0
    for g in row["gold"]:
        start = row["text"].find(g["text"], cursor)
        if start < 0:
            start = row["text"].find(g["text"])
        out.append((start, start + len(g["text"]), g["iso"]))
        cursor = start + 1
    return out


def stemma_spans(row: dict) -> list[tuple[int, int, str | None]]:
    return [
        (m.start, m.end, m.iso) for m in find_dates(row["text"], row["lang"], row.get("reference"))
    ]


def dateparser_spans(row: dict) -> list[tuple[int, int, str | None]]:
    from dateparser.search import search_dates

    base = datetime.fromisoformat(row["reference"]) if row.get("reference") else FIXED_BASE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = (
            search_dates(row["text"], languages=[row["lang"]], settings={"RELATIVE_BASE": base})
            or []
        )
    out, cursor = [], 0
    for text, value in found:
        start = row["text"].find(text, cursor)
        if start < 0:
            start = row["text"].find(text)
        if start < 0:
            continue
        out.append((start, start + len(text), value.date().isoformat()))
        cursor = start + len(text)
    return out


def score(rows: list[dict], predictions: list[list[tuple]]) -> dict[str, dict[str, int]]:
    """Counts per language and overall: predicted, gold, matched, and ISO dates right."""
    totals = {lang: dict(pred=0, gold=0, matched=0, iso=0) for lang in (*LANGS, "all")}
    for row, pred in zip(rows, predictions, strict=True):
        golds = gold_spans(row)
        used = set()
        matched = iso_ok = 0
        for gs, ge, giso in golds:
            for k, (ps, pe, piso) in enumerate(pred):
                if k not in used and ps < ge and gs < pe:
                    used.add(k)
                    matched += 1
                    iso_ok += piso == giso
                    break
        for key in (row["lang"], "all"):
            t = totals[key]
            t["pred"] += len(pred)
            t["gold"] += len(golds)
            t["matched"] += matched
            t["iso"] += iso_ok
    return totals


def timed(fn, rows: list, runs: int = RUNS) -> tuple[list, float]:
    """Predictions and the median over ``runs`` of the mean time per item (ms); the quotes
    benchmark times its extractors with it too."""
    predictions = [fn(row) for row in rows]  # warm-up: compiled patterns, loaded data
    per_passage = []
    for _ in range(runs):
        start = time.perf_counter()
        for row in rows:
            fn(row)
        per_passage.append((time.perf_counter() - start) / len(rows) * 1000)
    return predictions, statistics.median(per_passage)


def dateline_agreement(corpora: Path) -> list[tuple[str, int, int, int, int]]:
    """On real articles: the date stemma reads as published (given no reference) against the
    corpus's own ``published`` field, compared as month and day (datelines rarely give a year).
    Rows: corpus, articles with a valid field, read, same day, one day apart."""
    out = []
    for name, pattern in (
        ("counter (ur)", "counter/articles.jsonl"),
        ("polnear (en)", "polnear/*articles.jsonl"),
    ):
        total = read = same = near = 0
        for path in sorted(corpora.glob(pattern)):
            for line in path.read_text(encoding="utf-8").splitlines():
                article = json.loads(line)
                try:
                    given = datetime.fromisoformat(article["published"][:10]).date()
                except (TypeError, ValueError):
                    continue
                total += 1
                mentions = find_dates(article["text"] or "", article["lang"])
                iso = next((m.iso for m in mentions if m.role == "published" and m.iso), None)
                if iso is None:
                    continue
                read += 1
                try:
                    gap = abs(
                        (given.replace(month=int(iso[-5:-3]), day=int(iso[-2:])) - given).days
                    )
                except ValueError:
                    continue
                same += gap == 0
                near += gap == 1
        if total:
            out.append((name, total, read, same, near))
    return out


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def run(corpora: Path | None = None) -> str:
    rows = load()
    tools = [("stemma", stemma_spans)]
    try:
        import dateparser  # noqa: F401

        tools.append(("dateparser (search_dates)", dateparser_spans))
    except ImportError:
        pass
    counts = {lang: sum(r["lang"] == lang for r in rows) for lang in LANGS}
    counts = {lang: n for lang, n in counts.items() if n}
    lines = [
        "## Date extraction",
        "",
        f"`{COMMAND}` — {len(rows)} passages written for this benchmark "
        f"({', '.join(f'{n} {lang}' for lang, n in counts.items())}), "
        f"{sum(len(r['gold']) for r in rows)} gold date mentions in three calendars. "
        "A mention matches when spans overlap; ISO accuracy is over matched gold mentions "
        "(a month alone is `YYYY-MM`: a tool that fills in a day is wrong there).",
        "",
        "| tool | lang | gold | predicted | precision | recall | ISO accuracy |",
        "|---|---|---|---|---|---|---|",
    ]
    timings = []
    for name, fn in tools:
        predictions, ms = timed(fn, rows)
        timings.append((name, ms))
        for lang, t in score(rows, predictions).items():
            if not t["gold"] and not t["pred"]:
                continue
            lines.append(
                f"| {name} | {lang} | {t['gold']} | {t['pred']} | {_ratio(t['matched'], t['pred'])} "
                f"| {_ratio(t['matched'], t['gold'])} | {_ratio(t['iso'], t['matched'])} |"
            )
    lines += ["", "| tool | time per passage (ms, median of 5 runs) |", "|---|---|"]
    lines += [f"| {name} | {ms:.2f} |" for name, ms in timings]
    if len(tools) == 1:
        lines += ["", "dateparser is not installed (`pip install stemma[bench]`): no peer figures."]
    real = dateline_agreement(corpora) if corpora and corpora.is_dir() else []
    if real:
        lines += [
            "",
            "On real articles (no reference given): the date stemma reads as the publication "
            "date (dateline or label) against the corpus's own `published` field, by month and day.",
            "",
            "| corpus | articles | publication date read | same day | one day apart |",
            "|---|---|---|---|---|",
        ]
        lines += [f"| {n} | {t} | {r} | {s} ({_ratio(s, r)}) | {d} |" for n, t, r, s, d in real]
    lines += [
        "",
        "dateparser knows only the Gregorian calendar here (Solar and Lunar Hijri dates are "
        "misread or missed), and is given `languages=[lang]` and the passage's reference date "
        f"as `RELATIVE_BASE` (else the fixed {FIXED_BASE.date()}, never today). Gold dates "
        "without a knowable year are `--MM-DD`, which dateparser cannot express.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import os

    root = Path(__file__).resolve().parents[1]
    print(run(Path(os.environ.get("STEMMA_CORPORA", root.parent / "shared" / "corpora"))))
