"""Piles the engine tests analyse: samples of a corpus by gold story, ingested once."""

import json
from pathlib import Path

from stemma.ingest.pipeline import ingest
from stemma.store import open_store


def corpus_sample(corpora: Path, name: str, stories: int, folder: Path) -> Path:
    """The articles of the first ``stories`` gold stories of a corpus, as a JSONL file."""
    gold = {}
    for line in (corpora / name / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["id"]] = row["story"]
    keep = sorted(set(gold.values()))[:stories]
    lines = [
        line
        for line in (corpora / name / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip() and gold.get(json.loads(line)["id"]) in keep
    ]
    path = folder / f"{name}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingested(paths: list[Path], db: Path) -> list:
    """The articles of ``paths`` as ingest stores them (one worker: same order every run)."""
    with open_store(db) as store:
        ingest(store, paths, workers=1)
        return list(store.iter_articles())
