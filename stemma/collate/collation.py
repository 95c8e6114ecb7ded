"""The collation of a story: an alignment table (rows = passages, one cell per witness) and a
critical apparatus (the base text's variant locations, each with its readings and witnesses).

Plain data with its JSON form (``Collation.to_dict``); offsets point into each witness's
``Article.source``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def siglum(index: int) -> str:
    """The witness's short name in the table and the apparatus: A, B, ... Z, AA, AB, ..."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


@dataclass
class WitnessInfo:
    id: str
    lang: str | None
    outlet: str | None
    title: str | None
    dir: str  # "rtl" | "ltr"
    words: int = 0  # words of its clean text


@dataclass
class Segment:
    text: str
    variant: str | None = None  # apparatus entry id this span carries a reading of


@dataclass
class Cell:
    text: str
    start: int
    end: int
    segments: list[Segment] = field(default_factory=list)
    pieces: list[tuple[int, int]] = field(default_factory=list)  # source spans, " " between

    def index(self, offset: int) -> int:
        """Position in ``text`` of the source offset ``offset`` (clamped to the cell)."""
        at = 0
        for start, end in self.pieces or [(self.start, self.end)]:
            if offset <= end:
                return at + max(0, offset - start)
            at += end - start + 1
        return len(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "segments": [{"text": s.text, "variant": s.variant} for s in self.segments],
        }


@dataclass
class Row:
    id: str
    status: str  # "shared" | "addition" | "omission"
    witnesses: list[str]  # ids that have the passage
    missing: list[str]  # ids that lack it
    cells: dict[str, Cell | None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "witnesses": list(self.witnesses),
            "missing": list(self.missing),
            "cells": {w: (c.to_dict() if c else None) for w, c in self.cells.items()},
        }


@dataclass
class Reading:
    text: str
    witnesses: list[str]


@dataclass
class Entry:
    """One variant location: the reference witness's reading and the others' readings."""

    id: str
    row: str
    kind: str  # "substitution" | "insertion" | "omission" | "transposition"
    base: str  # the reference's reading ("" for an insertion)
    readings: list[Reading]
    ref: str  # witness the readings are compared with: the base, or its language's base
    lang: str | None
    start: int  # the reference's reading, offsets into its source
    end: int
    base_witnesses: list[str] = field(default_factory=list)  # witnesses agreeing with `base`

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "row": self.row,
            "kind": self.kind,
            "base": self.base,
            "readings": [{"text": r.text, "witnesses": list(r.witnesses)} for r in self.readings],
            "ref": self.ref,
            "lang": self.lang,
            "start": self.start,
            "end": self.end,
            "base_witnesses": list(self.base_witnesses),
        }


@dataclass
class Collation:
    story: str | None
    base: str
    witnesses: list[WitnessInfo]
    rows: list[Row]
    apparatus: list[Entry]
    base_reason: str = ""  # why this witness gives the rows, in words

    def to_dict(self) -> dict[str, Any]:
        return {
            "story": self.story,
            "base": self.base,
            "base_reason": self.base_reason,
            "witnesses": [vars(w) | {"siglum": siglum(i)} for i, w in enumerate(self.witnesses)],
            "rows": [r.to_dict() for r in self.rows],
            "apparatus": [e.to_dict() for e in self.apparatus],
        }

    def row(self, id: str) -> Row | None:
        return next((r for r in self.rows if r.id == id), None)

    def row_of(self, witness: str, offset: int) -> Row | None:
        """The row whose cell of ``witness`` holds the source offset ``offset``."""
        for r in self.rows:
            cell = r.cells.get(witness)
            if cell is not None and cell.start <= offset < cell.end:
                return r
        return None
