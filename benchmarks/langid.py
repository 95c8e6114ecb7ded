"""Language identification: stemma's ``detect`` beside lingua with all its 75 languages.

Two sets: ntrex's articles (492 real news articles in en, fa, ar, de; goal >= 0.99 on each)
and short and long texts in 43 languages written for stemma's tests
(``tests/fixtures/langid/texts.json``: one sentence, and a paragraph of three or four). The
peer is lingua's detector of every language it knows, in its low-accuracy mode (the full
high-accuracy one needs about 1.3 GB); each tool runs in its own process so that its peak
memory is its own. Time per article is the median over runs of the mean over ntrex.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "tests" / "fixtures" / "langid" / "texts.json"
COMMAND = "python -m benchmarks.run langid"
RUNS = 3
TOOLS = {
    "stemma": "stemma `detect` (script first, lingua low-accuracy per script, `und` when unsure)",
    "lingua-all": "lingua, all 75 languages, low-accuracy mode",
}


def _items(corpora: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(lang, text) of ntrex's articles, and (lang, kind, text) of the written texts."""
    articles = []
    path = corpora / "ntrex" / "articles.jsonl"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            articles.append((row["lang"], row["text"]))
    written = json.loads(TEXTS.read_text(encoding="utf-8"))
    texts = [
        (code, kind, t[kind]) for code, t in sorted(written.items()) for kind in ("short", "long")
    ]
    return articles, texts


def _detector(tool: str):
    if tool == "stemma":
        from stemma.text.langid import detect

        return detect
    from lingua import LanguageDetectorBuilder

    lingua = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def detect(text: str) -> str | None:
        found = lingua.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    return detect


def _work(tool: str, corpora: str) -> dict:
    """Predictions, time per article and peak memory of one tool, in this process."""
    articles, texts = _items(Path(corpora))
    detect = _detector(tool)
    start = time.perf_counter()
    on_articles = [detect(text) for _, text in articles]  # first run: models load here
    first_s = time.perf_counter() - start
    per_article = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for _, text in articles:
            detect(text)
        per_article.append((time.perf_counter() - start) / max(1, len(articles)) * 1000)
    on_texts = [detect(text) for _, _, text in texts]
    return {
        "articles": on_articles,
        "texts": on_texts,
        "ms": statistics.median(per_article) if articles else None,
        "first_s": first_s,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _measure(tool: str, corpora: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.langid", tool, str(corpora)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.splitlines()[-1])


def _share(hits: int, total: int) -> str:
    return f"{hits / total:.3f}" if total else "n/a"


def run(corpora: Path) -> str:
    articles, texts = _items(corpora)
    results = {tool: _measure(tool, corpora) for tool in TOOLS}
    lines = [
        "## Language identification",
        "",
        f"`{COMMAND}` — ntrex's {len(articles)} articles, and one short and one long text in "
        f"{len(texts) // 2} languages written for the tests (`tests/fixtures/langid/texts.json`). "
        "Accuracy is the share of texts given their language (`und` counts as a miss).",
        "",
    ]
    if articles:
        langs = sorted({lang for lang, _ in articles})
        lines += [
            "| tool | " + " | ".join(f"ntrex {lang}" for lang in langs) + " | ntrex all |",
            "|---|" + "---|" * (len(langs) + 1),
        ]
        for tool, res in results.items():
            right = Counter(
                lang
                for (lang, _), got in zip(articles, res["articles"], strict=True)
                if got == lang
            )
            total = Counter(lang for lang, _ in articles)
            cells = [_share(right[lang], total[lang]) for lang in langs]
            cells.append(_share(sum(right.values()), len(articles)))
            lines.append(f"| {TOOLS[tool]} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += [
        "| tool | short texts | long texts | wrong answers (expected → given) |",
        "|---|---|---|---|",
    ]
    for tool, res in results.items():
        hits = Counter()
        wrong = []
        for (code, kind, _), got in zip(texts, res["texts"], strict=True):
            if got == code:
                hits[kind] += 1
            else:
                wrong.append(f"{code} {kind} → {got or 'none'}")
        n = len(texts) // 2
        lines.append(
            f"| {TOOLS[tool]} | {_share(hits['short'], n)} | {_share(hits['long'], n)} "
            f"| {', '.join(wrong) or '–'} |"
        )
    lines += [
        "",
        f"| tool | time per ntrex article (ms, median of {RUNS} runs) | first pass with model "
        "loading (s) | peak memory of the process (MB) |",
        "|---|---|---|---|",
    ]
    for tool, res in results.items():
        ms = f"{res['ms']:.2f}" if res["ms"] is not None else "n/a"
        lines.append(f"| {TOOLS[tool]} | {ms} | {res['first_s']:.1f} | {res['rss_mb']:.0f} |")
    lines += [
        "",
        "stemma says `und` where the statistics name no language clearly (a short Malay-like "
        "sentence is settled by the Indonesian/Malay models alone; a few Latin-script words "
        "are `und`); lingua always names one.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # one tool in this process: python -m benchmarks.langid TOOL CORPORA
    print(json.dumps(_work(sys.argv[1], sys.argv[2])))
