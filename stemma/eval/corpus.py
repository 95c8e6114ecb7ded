"""Loaders for the evaluation corpora laid out as in ``../shared/corpora/README.md``.

A corpus is a folder holding ``articles.jsonl`` and ``gold.jsonl``, or, where it is split,
``<split>.articles.jsonl`` and ``<split>.gold.jsonl`` (PolNeAR: ``train``, ``dev``). Articles and
gold stay apart: a pipeline is only ever handed :attr:`Corpus.articles_path`; only scoring code
calls :meth:`Corpus.load_gold`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stemma.ingest.decode import ReadError
from stemma.ingest.jsontext import loads as json_loads
from stemma.model import Article

ARTICLES = "articles.jsonl"
GOLD = "gold.jsonl"
DEFAULT_SPLIT = "dev"


class CorpusNotFound(FileNotFoundError, ValueError):
    """A corpus folder, split or file that is not there (a ValueError too, for CLI handlers)."""


def corpora_root() -> Path:
    """Where the shared corpora live: ``$STEMMA_CORPORA``, else ``../shared/corpora`` beside the
    repository root."""
    env = os.environ.get("STEMMA_CORPORA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"


@dataclass(frozen=True)
class Corpus:
    path: Path
    name: str
    split: str | None = None

    @property
    def label(self) -> str:
        """``name``, or ``name:split`` for a split corpus."""
        return f"{self.name}:{self.split}" if self.split else self.name

    @property
    def articles_path(self) -> Path:
        return self.path / _file(ARTICLES, self.split)

    @property
    def gold_path(self) -> Path:
        return self.path / _file(GOLD, self.split)

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        """The articles, one dict per line, streamed (the file is never read whole)."""
        yield from _iter_jsonl(self.articles_path)

    def load_gold(self) -> dict[str, dict[str, Any]]:
        """Gold records keyed by article id.

        COUNTER gold holds (``source``, ``derived``) pairs instead of ids; each derived article
        belongs to exactly one pair, so those records are keyed by their ``derived`` id (use
        :meth:`gold_pairs` for the pairs themselves).
        """
        gold: dict[str, dict[str, Any]] = {}
        for record in _iter_jsonl(self.gold_path):
            key = record.get("id", record.get("derived"))
            if key is None:
                raise ValueError(f"{self.gold_path}: gold record without 'id' or 'derived'")
            gold[str(key)] = record
        return gold

    def gold_pairs(self) -> list[tuple[str, str, dict[str, Any]]]:
        """``(source_id, derived_id, record)`` for pair-labelled gold (COUNTER); empty otherwise."""
        return [
            (str(r["source"]), str(r["derived"]), r)
            for r in _iter_jsonl(self.gold_path)
            if "source" in r and "derived" in r
        ]


def available_splits(path: Path) -> list[str]:
    """The split names of a split corpus folder (``["dev", "train"]``), or ``[]``."""
    suffix = "." + ARTICLES
    return sorted(p.name[: -len(suffix)] for p in path.glob("*" + suffix))


def open_corpus(path_or_name: str | Path, split: str | None = None) -> Corpus:
    """Open a corpus by folder path or by bare name under :func:`corpora_root`.

    A split corpus defaults to the ``dev`` split (or its only split); asking for a split of an
    unsplit corpus, or for a split that is not there, raises :class:`CorpusNotFound`. The gold
    file is looked for only when gold is loaded, so an unlabelled folder can still be ingested.
    """
    path = Path(path_or_name)
    if not path.is_dir() and len(path.parts) == 1:
        path = corpora_root() / path
    if not path.is_dir():
        raise CorpusNotFound(f"corpus not found: {path} is not a folder")
    path = path.resolve()
    name = path.name
    splits = available_splits(path)
    if (path / ARTICLES).is_file() and split is None:
        return Corpus(path, name, None)
    if not splits:
        if split is not None:
            raise CorpusNotFound(f"corpus {name} has no splits: {path / _file(ARTICLES, split)}")
        raise CorpusNotFound(f"no {ARTICLES} (or <split>.{ARTICLES}) in {path}")
    if split is None:
        split = DEFAULT_SPLIT if DEFAULT_SPLIT in splits or len(splits) != 1 else splits[0]
    if split not in splits:
        raise CorpusNotFound(
            f"split {split!r} not found: no {path / _file(ARTICLES, split)} "
            f"(splits: {', '.join(splits)})"
        )
    return Corpus(path, name, split)


def _file(base: str, split: str | None) -> str:
    return f"{split}.{base}" if split else base


def _iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        raise CorpusNotFound(f"file not found: {path}")
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:  # bounded: a corpus is user input too (no RecursionError on deep nesting)
                record = json_loads(line)
            except ReadError as error:
                raise ValueError(f"{path}:{number}: {error}") from None
            if not isinstance(record, dict):
                raise ValueError(f"{path}:{number}: expected a JSON object")
            yield record


def article_from_record(record: dict[str, Any]) -> Article:
    """An :class:`Article` from one corpus line (``id, outlet, lang, title, published, url,
    text``); the text is taken as already clean."""
    text = str(record.get("text") or "")
    return Article(
        id=str(record["id"]),
        raw=text.encode("utf-8"),
        format="jsonl",
        source=text,
        text=text,
        lang=record.get("lang"),
        title=record.get("title"),
        outlet=record.get("outlet"),
        url=record.get("url"),
        published=record.get("published"),
    )
