"""Persian ZWNJ repair on a word list written for the purpose (benchmarks/data/zwnj_words.tsv).

    python -m benchmarks.zwnj

Each row is a word as web text writes it, its correct form and a category. Words that need a
ZWNJ measure repair; words that must stay as written (look-alikes: "میز", "تنها", "آگاهی",
"بهتر", or already correct) measure wrong splits. No peer runs beside it: the usual one, hazm,
cannot be a dependency and nothing else offline repairs ZWNJs.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections import defaultdict
from pathlib import Path

from stemma.text.zwnj import NON_JOINING, ZWNJ, repair_zwnj

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


def corpora_path() -> Path:
    root = Path(__file__).resolve().parents[1]
    return Path(os.environ.get("STEMMA_CORPORA", root.parent / "shared" / "corpora"))


def _as_written(word: str) -> str:
    """The word with only the ZWNJs that show: none after a non-joining letter or at an end."""
    kept = []
    for i, c in enumerate(word):
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if c == ZWNJ and (not kept or kept[-1] in NON_JOINING or not nxt.isalpha()):
            continue
        kept.append(c)
    return "".join(kept)


def score_corpus(corpora: Path) -> dict | None:
    """NTREX-128 Persian (professional translations): take every ZWNJ out of each word, repair,
    and compare with the word as its translators wrote it."""
    path = corpora / "ntrex" / "articles.jsonl"
    if not path.is_file():
        return None
    s = {"need": 0, "repaired": 0, "keep": 0, "gained": 0}
    with path.open(encoding="utf-8") as f:
        for line in f:
            article = json.loads(line)
            if article.get("lang") != "fa":
                continue
            for word in article["text"].split():
                gold = _as_written(word)
                out = repair_zwnj(word.replace(ZWNJ, ""))
                if ZWNJ in gold:
                    s["need"] += 1
                    s["repaired"] += out == gold
                else:
                    s["keep"] += 1
                    s["gained"] += out != gold
    return s


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
    held_out = score_corpus(corpora or corpora_path())
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
        shown = ", ".join(f"{w} → {o.replace(ZWNJ, '+')}" for w, _, o in s["misses"][:12])
        lines += ["", f"Misses (ZWNJ shown as +): {shown}."]
    lines += [
        "",
        "Held out: the Persian side of NTREX-128 (`ntrex` corpus, professional "
        "translations of 123 news documents), every ZWNJ taken out of each word and put "
        "back by repair, compared with the word as the translators wrote it (ZWNJs after "
        "a non-joining letter ignored). The translators themselves often leave the ZWNJ "
        'out ("زبانهای", "بخشهای"), so words that gain one are an upper bound on '
        'wrong splits; compounds and words the rules do not know ("کم‌خوابی", "حرفه‌ای") '
        "are the misses.",
    ]
    if held_out:
        lines += [
            "",
            "| measure (NTREX-128 Persian) | value |",
            "|---|---:|",
            f"| words written with a ZWNJ, restored exactly | "
            f"{_pct(held_out['repaired'], held_out['need'])} |",
            f"| words written without one, that gain one | "
            f"{_pct(held_out['gained'], held_out['keep'])} |",
        ]
    else:
        lines += ["", "(NTREX-128 not found: set STEMMA_CORPORA.)"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
