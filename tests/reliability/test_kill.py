"""kill -9 during ``stemma ingest`` and during ``stemma link``: at random points, the store
passes ``PRAGMA integrity_check``, every article in it is whole, and running the command again
gives what one uninterrupted run gives.

The quick run kills each command a few times (``make test``); the soak (``-m slow``) many
times. The pile is my own: a few reports, each with copies, excerpts and edited versions, so
that the analysis finds links and stories to compare.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ENCODER = "hashed"  # the stand-in: what is tested is crash consistency, not the encoder
CLI = [sys.executable, "-c", "from stemma.cli import app; app()"]

_WORDS = (
    "harbour board council mayor bridge pier storm season repair budget vote ferry port "
    "fishermen winter gale mooring crane engineer contract tender island road school clinic "
    "river flood bank level warning village market tax fund minister spokesman report week"
).split()


def write_pile(folder: Path, stories: int = 8, seed: int = 5) -> int:
    """Text files and one JSONL file: per story an original, a copy, an excerpt and an edited
    version. Returns the number of articles."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    lines, count = [], 0
    for s in range(stories):
        sentences = [
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."
            for _ in range(rng.randint(6, 12))
        ]
        original = "\n\n".join(sentences)
        edited = "\n\n".join(x.replace(" the ", " a ") for x in sentences[:-1] + ["Updated."])
        versions = {
            f"s{s}-original": original,
            f"s{s}-copy": original,
            f"s{s}-excerpt": "\n\n".join(sentences[: len(sentences) // 2]),
            f"s{s}-edited": edited + f"\n\nReported by desk {s}.",
        }
        for n, (id, text) in enumerate(versions.items()):
            if n % 2:
                lines.append(json.dumps({"id": id, "outlet": f"Outlet {n}", "text": text}))
            else:
                (folder / f"{id}.txt").write_text(text, encoding="utf-8")
            count += 1
    (folder / "pile.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300)


def killed(args: list[str], after: float) -> bool:
    """Start the command, kill -9 its whole process group ``after`` seconds in; True when it
    was killed before it ended."""
    proc = subprocess.Popen(
        [*CLI, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # ingest's worker processes die with it
    )
    try:
        proc.wait(timeout=after)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return True


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def snapshot(db: Path) -> dict:
    """What a run leaves: articles (whole), links and stories, in a comparable form."""
    with sqlite3.connect(db) as conn:
        articles = {
            (id, version): (sha, json.loads(analysis)["passages"] != [])
            for id, version, sha, analysis in conn.execute(
                "SELECT id, version, sha256, analysis FROM articles"
            )
        }
        links = sorted(
            (a, b, kind, round(score, 6))
            for a, b, kind, score in conn.execute("SELECT a, b, kind, score FROM links")
        )
        stories = sorted(
            tuple(sorted(json.loads(data)["articles"]))
            for (data,) in conn.execute("SELECT data FROM stories")
        )
    return {"articles": articles, "links": links, "stories": stories}


@pytest.fixture(scope="module")
def pile(tmp_path_factory):
    """The pile, and the store one uninterrupted ingest and analysis make of it, with how
    long each took."""
    root = tmp_path_factory.mktemp("kill")
    count = write_pile(root / "pile")
    db = root / "reference.db"
    started = time.monotonic()
    done = run("ingest", "--db", str(db), str(root / "pile"))
    ingest_s = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    started = time.monotonic()
    done = run("link", "--db", str(db), "--encoder", ENCODER)
    link_s = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    reference = snapshot(db)
    assert len(reference["articles"]) == count and reference["links"]
    return root, reference, ingest_s, link_s


def _kill_ingest(pile, kills: int, seed: int) -> None:
    root, reference, ingest_s, _ = pile
    rng = random.Random(seed)
    db = root / f"ingest-{seed}.db"
    args = ["ingest", "--db", str(db), str(root / "pile")]
    for _ in range(kills):
        if killed(args, rng.uniform(0.05, ingest_s)) and db.exists():
            assert integrity(db) == "ok"
            partial = snapshot(db)["articles"]
            # whatever is stored is stored whole, exactly as an uninterrupted run stores it
            assert all(reference["articles"][key] == value for key, value in partial.items())
    assert run(*args).returncode == 0
    assert integrity(db) == "ok"
    assert snapshot(db)["articles"] == reference["articles"]


def _kill_link(pile, kills: int, seed: int) -> None:
    root, reference, _, link_s = pile
    rng = random.Random(seed)
    db = root / f"link-{seed}.db"
    assert run("ingest", "--db", str(db), str(root / "pile")).returncode == 0
    args = ["link", "--db", str(db), "--encoder", ENCODER]
    for _ in range(kills):
        if killed(args, rng.uniform(0.05, link_s)):
            assert integrity(db) == "ok"
    assert run(*args).returncode == 0
    assert integrity(db) == "ok"
    assert snapshot(db) == reference


def test_kill_during_ingest(pile):
    _kill_ingest(pile, kills=3, seed=1)


def test_kill_during_analysis(pile):
    _kill_link(pile, kills=3, seed=2)


@pytest.mark.slow
def test_kill_soak(pile):
    for seed in range(10, 14):
        _kill_ingest(pile, kills=8, seed=seed)
        _kill_link(pile, kills=8, seed=seed)
