"""Language identification: stemma's ``detect`` beside lingua with all its 75 languages.

Three sets: ntrex's articles (492 real news articles in en, fa, ar, de; goal >= 0.99 on
each); short and long texts in 43 languages written for stemma's tests
(``tests/fixtures/langid/texts.json``: one sentence, and a paragraph of three or four), which
the rules were developed on; and one sentence in each of 41 languages written for this
benchmark only (``benchmarks/data/langid_heldout.json``). The peers are lingua's detector of
every language it knows, in its low-accuracy mode and in its full (high-accuracy) mode; each
tool runs in its own process so that its peak memory is its own. Time per article is the
median over runs of the mean over ntrex.
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
HELD_OUT = Path(__file__).parent / "data" / "langid_heldout.json"
COMMAND = "python -m benchmarks.run langid"
RUNS = 3
TOOLS = {
    "stemma": "stemma `detect` (script first, lingua low-accuracy per script, `und` when unsure)",
    "lingua-all": "lingua, all 75 languages, low-accuracy mode",
    "lingua-full": "lingua, all 75 languages, high-accuracy mode",
}


def _items(corpora: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(lang, text) of ntrex's articles, and (lang, kind, text) of the written texts (kind
    "short", "long" or "held-out")."""
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
    held_out = json.loads(HELD_OUT.read_text(encoding="utf-8"))
    texts += [(code, "held-out", text) for code, text in sorted(held_out.items())]
    return articles, texts


def _detector(tool: str):
    if tool == "stemma":
        from stemma.text.langid import detect

        return detect
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages()
    lingua = (builder if tool == "lingua-full" else builder.with_low_accuracy_mode()).build()

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
    kinds = Counter(kind for _, kind, _ in texts)
    lines = [
        "## Language identification",
        "",
        f"`{COMMAND}` — ntrex's {len(articles)} articles; one short and one long text in "
        f"{kinds['short']} languages written for the tests (`tests/fixtures/langid/texts.json`, "
        f"which the rules were tuned on); one sentence in each of {kinds['held-out']} languages "
        "written for this benchmark only (`benchmarks/data/langid_heldout.json`). Accuracy is "
        "the share of texts given their language (`und` counts as a miss).",
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
        "| tool | short texts | long texts | held-out sentences | wrong (expected → given) |",
        "|---|---|---|---|---|",
    ]
    for tool, res in results.items():
        hits = Counter()
        wrong = []
        for (code, kind, _), got in zip(texts, res["texts"], strict=True):
            if got == code:
                hits[kind] += 1
            else:
                wrong.append(f"{code} {kind} → {got or 'none'}")
        shares = " | ".join(_share(hits[k], kinds[k]) for k in ("short", "long", "held-out"))
        lines.append(f"| {TOOLS[tool]} | {shares} | {', '.join(wrong) or '–'} |")
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
        "stemma weighs only the languages of a text's script, re-decides close kin "
        "(Indonesian/Malay, Croatian/Bosnian/Serbian, ...) with their full models, and says "
        "`und` where the statistics name no language clearly; lingua always names one. The "
        "full lingua detector is the accuracy ceiling at its memory cost.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # one tool in this process: python -m benchmarks.langid TOOL CORPORA
    print(json.dumps(_work(sys.argv[1], sys.argv[2])))
