"""Helpers for the metamorphic tests: analyse a pile, change it, analyse again, compare.

A variant starts from a copy of an analysed store (its vector cache and stage rows with it), so
only what the change touches is embedded and typed again, as when a user adds to or removes
from a pile they analysed before. Shuffled arrival orders are fresh stores whose vector cache
is filled from the analysed one.
"""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from stemma.analysis import analyse
from stemma.ingest.pipeline import ingest
from stemma.store import open_store


@dataclass
class Result:
    """What a pile's analysis says, in comparable form."""

    stories: set[frozenset[str]] = field(default_factory=set)
    links: dict[tuple[str, str], tuple[str, str | None, float]] = field(default_factory=dict)
    roots: dict[frozenset[str], str | None] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)  # witness -> stemma parent
    directions: dict[tuple[str, str], str | None] = field(default_factory=dict)  # stemma edges
    reasons: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # of each link

    def story_of(self, id: str) -> frozenset[str]:
        return next(s for s in self.stories if id in s)

    def link(self, x: str, y: str) -> tuple[str, str | None, float] | None:
        return self.links.get((min(x, y), max(x, y)))


def read_result(store) -> Result:
    out = Result()
    for ln in store.get_links():
        out.links[(min(ln.a, ln.b), max(ln.a, ln.b))] = (ln.kind, ln.direction, ln.score)
        out.reasons[(min(ln.a, ln.b), max(ln.a, ln.b))] = list(ln.evidence.reasons)
    for story in store.list_stories():
        members = frozenset(story["articles"])
        out.stories.add(members)
        stemma = story["stemma"]
        out.roots[members] = stemma["root"]
        for edge in stemma["edges"]:
            out.parents[edge["target"]] = edge["source"]
            out.directions[(edge["source"], edge["target"])] = edge.get("direction")
    return out


def _copy(src: Path, dst: Path) -> None:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def _prefill_vectors(db: Path, vectors_from: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS vectors (encoder TEXT NOT NULL, key TEXT NOT NULL, "
            "vec BLOB NOT NULL, PRIMARY KEY (encoder, key))"
        )
        conn.execute("ATTACH DATABASE ? AS src", (str(vectors_from),))
        conn.execute("INSERT OR IGNORE INTO vectors SELECT * FROM src.vectors")
        conn.commit()
        conn.execute("DETACH DATABASE src")


def analyse_fresh(db: Path, paths, encoder: str, vectors_from: Path | None = None) -> Result:
    """A new store holding ``paths`` ingested in the order given, analysed."""
    open_store(db).close()  # a stemma store first: it refuses a file another program made
    if vectors_from is not None:
        _prefill_vectors(db, vectors_from)
    with open_store(db) as store:
        ingest(store, [str(p) for p in paths], workers=1)
        analyse(store, encoder=encoder)
        return read_result(store)


def analyse_variant(base: Path, db: Path, encoder: str, remove=(), add=()) -> Result:
    """The analysed store ``base`` copied, ``remove`` taken out and ``add`` ingested, analysed."""
    _copy(base, db)
    with open_store(db) as store:
        for id in remove:
            assert store.remove_article(id), id
        if add:
            ingest(store, [str(p) for p in add], workers=1)
        analyse(store, encoder=encoder)
        return read_result(store)


def result_of(db: Path) -> Result:
    with open_store(db) as store:
        return read_result(store)


def write_jsonl(path: Path, records, seed: int | None = None) -> Path:
    records = list(records)
    if seed is not None:
        random.Random(seed).shuffle(records)
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def shuffled(items, seed: int) -> list:
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


@pytest.fixture(scope="session")
def demo_articles() -> Path:
    return Path(__file__).resolve().parents[2] / "stemma" / "demo" / "articles"
