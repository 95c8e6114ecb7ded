"""Hostile inputs: every class of input that once broke or stalled ingest, written to a folder.

The reliability tests (``tests/reliability``) ingest these at a small ``scale`` and check that
no exception escapes, that every bad input is one named Problem and that the good file beside
each is stored; the hostile benchmark (``benchmarks/hostile.py``) times each class at full
scale (the sizes an outside test campaign used). All text here is this module's own.

Each class is a folder holding its hostile files and one good article; ``Case`` says what
ingest must make of it.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CASES", "Case", "GOOD_TEXT", "write_case", "write_all"]

GOOD_TEXT = (
    "The harbour board met on Thursday and voted to repair the north pier before the storm "
    "season, its chair said. Work is to start in April and last six weeks.\n\n"
    "Fishermen had asked for the repair since a winter gale broke two moorings last year.\n"
)


@dataclass
class Case:
    """One class of hostile input, as written under ``folder``."""

    name: str
    folder: Path
    problems: int  # named Problems ingest must report, at least
    stored: set[str] = field(default_factory=set)  # ids that must be stored
    cut: set[str] = field(default_factory=set)  # ids whose analysis the budget must cut short


def _mb(scale: float, full: float) -> int:
    return max(1, int(full * 1_000_000 * scale))


def _good(folder: Path, name: str) -> str:
    id = f"good-{name}"
    (folder / f"{id}.txt").write_text(GOOD_TEXT, encoding="utf-8")
    return id


def _deep_json(folder: Path, scale: float) -> Case:
    levels = max(2_000, int(100_000 * scale))
    deep = '{"id": "d", "text": "x", "e": ' + "[" * levels + "]" * levels + "}"
    fine = json.dumps({"id": "json-ok", "text": GOOD_TEXT})
    (folder / "deep.jsonl").write_text(deep + "\n" + fine + "\n", encoding="utf-8")
    # no extension, first line an unfinished object: sniffed, then read as text
    (folder / "noext").write_text('{"a":' + "[" * 5_000 + "\n", encoding="utf-8")
    digits = '{"id": "n", "text": "x", "n": 1' + "0" * 5_000 + "}"
    (folder / "digits.jsonl").write_text(digits + "\n", encoding="utf-8")
    return Case("deep_json", folder, 2, {"json-ok", "noext"})


def _bad_ids(folder: Path, scale: float) -> Case:
    lines = [
        {"id": "x" * _mb(scale, 1), "text": GOOD_TEXT},
        {"id": "two\nlines", "text": GOOD_TEXT},
        {"id": "left\u202eright", "text": GOOD_TEXT},
        {"id": "\u200b", "text": GOOD_TEXT},
        {"id": "id-ok", "text": GOOD_TEXT},
    ]
    (folder / "ids.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    return Case("bad_ids", folder, 4, {"id-ok"})


def _tiny_lines(folder: Path, scale: float) -> Case:
    (folder / "lines.txt").write_bytes(b"a\n" * (_mb(scale, 5) // 2))
    return Case("tiny_lines", folder, 0, {"lines"}, {"lines"})


def _endless_words(folder: Path, scale: float) -> Case:
    (folder / "words.txt").write_bytes(b"w " * (_mb(scale, 9.99) // 2))
    return Case("endless_words", folder, 0, {"words"}, {"words"})


def _endless_word(folder: Path, scale: float) -> Case:
    (folder / "word.txt").write_bytes(b"x" * _mb(scale, 5))
    return Case("endless_word", folder, 0, {"word"}, {"word"})


def _abbreviations(folder: Path, scale: float) -> Case:
    (folder / "abbr.txt").write_bytes(b"Ab. " * (_mb(scale, 5) // 4))
    return Case("abbreviations", folder, 0, {"abbr"}, {"abbr"})


def _deep_html(folder: Path, scale: float) -> Case:
    levels = max(1_000, int(100_000 * scale))
    page = "<html><head><title>Pier</title></head><body>" + "<div>" * levels
    page += "".join(f"<p>{p}</p>" for p in GOOD_TEXT.split("\n\n")) + "</div>" * levels
    (folder / "deep.html").write_text(page + "</body></html>", encoding="utf-8")
    return Case("deep_html", folder, 0, {"deep"})


def _many_tags(folder: Path, scale: float) -> Case:
    count = max(40_000, _mb(scale, 1.8) // 9)  # "<p>a</p>\n" is 9 bytes: 200,000 at full size
    page = "<html><head><title>Pier</title></head><body>" + "<p>a</p>\n" * count
    page += "".join(f"<p>{p}</p>" for p in GOOD_TEXT.split("\n\n")) + "</body></html>"
    (folder / "tags.html").write_text(page, encoding="utf-8")
    return Case("many_tags", folder, 0, {"tags"}, {"tags"})


def _bad_bytes(folder: Path, scale: float) -> Case:
    text = GOOD_TEXT.encode()
    (folder / "stray.txt").write_bytes(text + b"\xff\xfe\xc3\x28 \xe2\x28\xa1 " + text)
    (folder / "nuls.txt").write_bytes(text * 3 + b"\x00" * 50 + text)
    title = "Pier \x1b]0;PWNED\x07\x1b[2J repaired\n\n"
    (folder / "escapes.txt").write_bytes(title.encode() + text)
    declared = '<html><head><meta charset="ISO-8859-2"><title>Łódź</title></head><body>'
    declared += "<article><p>Zarząd portu w Łodzi zebrał się w czwartek. Żółte łodzie.</p>" * 4
    (folder / "charset.html").write_bytes(
        (declared + "</article></body></html>").encode("iso-8859-2")
    )
    return Case("bad_bytes", folder, 0, {"stray", "nuls", "escapes", "charset"})


def _not_text(folder: Path, scale: float) -> Case:
    rng = random.Random(11)
    (folder / "random.txt").write_bytes(bytes(rng.randrange(256) for _ in range(_mb(scale, 1))))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b" \n\t\n" * 100)
    (folder / "blank.jsonl").write_bytes(b"\n\n")
    return Case("not_text", folder, 4, set())


def _links(folder: Path, scale: float) -> Case:
    # beside the root the cases are written to, so outside whatever folder is ingested
    outside = folder.parent.with_name(f"{folder.parent.name}-outside")
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("A private file outside the folder being read.\n")
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.txt").write_text(GOOD_TEXT)
    (folder / "passwd.txt").symlink_to(outside / "secret.txt")
    (folder / "away").symlink_to(outside)
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    (folder / "loop-a").symlink_to(folder / "loop-b")
    (folder / "loop-b").symlink_to(folder / "loop-a")
    (folder / "linked").symlink_to(folder / "sub")
    (folder / "inside.txt").symlink_to(folder / "sub" / "inner.txt")
    return Case("links", folder, 6, {"inner", "inside"})


CASES: dict[str, Callable[[Path, float], Case]] = {
    "deep_json": _deep_json,
    "bad_ids": _bad_ids,
    "tiny_lines": _tiny_lines,
    "endless_words": _endless_words,
    "endless_word": _endless_word,
    "abbreviations": _abbreviations,
    "deep_html": _deep_html,
    "many_tags": _many_tags,
    "bad_bytes": _bad_bytes,
    "not_text": _not_text,
}
if hasattr(os, "symlink"):
    CASES["links"] = _links


def write_case(name: str, root: Path, scale: float = 1.0) -> Case:
    """Write the class ``name`` into ``root / name`` (with its good article) at ``scale``
    (1.0: the sizes that once stalled ingest)."""
    folder = Path(root) / name
    folder.mkdir(parents=True)
    case = CASES[name](folder, scale)
    case.stored.add(_good(folder, name))
    return case


def write_all(root: Path, scale: float = 1.0) -> list[Case]:
    return [write_case(name, root, scale) for name in CASES]
