"""Persian ZWNJ repair on a word list written for the purpose (benchmarks/data/zwnj_words.tsv).

    python -m benchmarks.zwnj

Each row is a word as web text writes it, its correct form and a category. Words that need a
ZWNJ measure repair; words that must stay as written (look-alikes: "میز", "تنها", "آگاهی",
"بهتر", or already correct) measure wrong splits. No peer runs beside it: the usual one, hazm,
cannot be a dependency and nothing else offline repairs ZWNJs.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from pathlib import Path

from stemma.text.zwnj import repair_zwnj

DATA = Path(__file__).resolve().parent / "data" / "zwnj_words.tsv"
COMMAND = "python -m benchmarks.zwnj"
RUNS = 5


def load(path: Path = DATA) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            written, correct, category = line.split("\t")
            rows.append((written, correct, category))
    return rows


def score(rows: list[tuple[str, str, str]]) -> dict:
    need = [(w, c) for w, c, _ in rows if w != c]
    keep = [(w, c) for w, c, _ in rows if w == c]
    outputs = {w: repair_zwnj(w) for w, _, _ in rows}
    by_category: dict[str, list[bool]] = defaultdict(list)
    for w, c, category in rows:
        by_category[category].append(outputs[w] == c)
    return {
        "rows": len(rows),
        "need": len(need),
        "repaired": sum(outputs[w] == c for w, c in need),
        "wrong_repair": sum(outputs[w] not in (w, c) for w, c in need),
        "keep": len(keep),
        "wrongly_split": sum(outputs[w] != w for w, _ in keep),
        "correct": sum(outputs[w] == c for w, c, _ in rows),
        "by_category": dict(by_category),
        "misses": [(w, c, outputs[w]) for w, c, _ in rows if outputs[w] != c],
    }


def words_per_second(rows: list[tuple[str, str, str]]) -> float:
    text = " ".join(w for w, _, _ in rows) * 20  # one long line, as repair sees article text
    n = len(rows) * 20
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        repair_zwnj(text)
        times.append(time.perf_counter() - start)
    return n / statistics.median(times)


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}% ({a}/{b})" if b else "-"


def run(corpora: Path | None = None) -> str:
    rows = load()
    s = score(rows)
    rate = words_per_second(rows)
    lines = [
        "## Persian ZWNJ repair",
        "",
        f"Command: `{COMMAND}` (part of `make bench`). Word list: `benchmarks/data/zwnj_words.tsv`"
        f", {s['rows']} Persian words written by the stemma authors: {s['need']} as web text "
        f"writes them without the zero-width non-joiner they need, {s['keep']} that must stay as "
        "written (look-alikes of prefixes and suffixes, consonant final heh, words after a "
        "non-joining letter, already correct forms). Repair is `stemma.text.zwnj.repair_zwnj`: "
        "rules plus word lists in `stemma/text/lang/data/fa_zwnj.txt`. The list and the rules "
        "have the same authors and many listed words are in the word lists, so the figures show "
        "how well the cases we know are covered, not accuracy on unseen text; a few words are "
        "deliberately left out of the word lists (پیاله، گلوله، ترانه) to show what the rules "
        "do with an unknown word. No peer: hazm, the usual Persian normaliser, cannot be a "
        "dependency, and no other offline tool repairs ZWNJs.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| words needing a ZWNJ, repaired exactly | {_pct(s['repaired'], s['need'])} |",
        f"| words needing a ZWNJ, changed wrongly | {_pct(s['wrong_repair'], s['need'])} |",
        f"| words to keep, wrongly split | {_pct(s['wrongly_split'], s['keep'])} |",
        f"| all words, output exactly right | {_pct(s['correct'], s['rows'])} |",
        f"| speed, words/s (median of {RUNS}) | {rate:,.0f} |",
        "",
        "| category | words | exactly right |",
        "|---|---:|---:|",
    ]
    for category, hits in s["by_category"].items():
        lines.append(f"| {category} | {len(hits)} | {_pct(sum(hits), len(hits))} |")
    if s["misses"]:
        shown = ", ".join(f"{w} → {o.replace(chr(0x200C), '+')}" for w, _, o in s["misses"][:12])
        lines += ["", f"Misses (ZWNJ shown as +): {shown}."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
