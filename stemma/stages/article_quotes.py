"""Stage 5, per article: its quotes before their speakers are resolved to people
(``stemma.quotes.extract.found_quotes``), kept for the story records that read them.

Finding an article's quotes reads it whole through the cue rules and four learned models (some
30 CPU ms an English article), and a story's record finds the quotes of every member text. A
step that adds articles to an analysed pile makes again the records of the stories they join,
and the largest of those hold thousands of members that did not change: kept here, a member's
quotes are found once while its text (its digest) and this code hold. Who a speaker is depends
on the story (a surname joins the full name another member gives: ``speakers.People``), so
that is resolved with each record, not kept.

A row holds the quotes as JSON arrays of their fields in :class:`~stemma.model.Quote`'s order
(its fields are part of every stage's code hash); a content, speaker or cue that is the
article's text between its offsets, as nearly all are, is kept as null and sliced again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import fields

from stemma.model import Article, Quote
from stemma.quotes.extract import found_quotes

STAGE = "article_quotes"
_FIELDS = [f.name for f in fields(Quote)]
# a text field and the offsets it is the article's text between, where it is
_SLICED = {
    "content": ("content_start", "content_end"),
    "speaker": ("speaker_start", "speaker_end"),
    "cue": ("cue_start", "cue_end"),
}


def encode(quotes: list[Quote], source: str) -> bytes:
    rows = []
    for q in quotes:
        row = []
        for name in _FIELDS:
            value = getattr(q, name)
            span = _SLICED.get(name)
            if span is not None:
                start, end = getattr(q, span[0]), getattr(q, span[1])
                if start is not None and end is not None and source[start:end] == value:
                    value = None
            row.append(value)
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")


def decode(value: bytes, source: str) -> list[Quote]:
    out = []
    for row in json.loads(value):
        data = dict(zip(_FIELDS, row, strict=True))
        for name, (start, end) in _SLICED.items():
            if data[name] is None:
                data[name] = source[data[start] : data[end]]
        out.append(Quote(**data))
    return out


class Kept:
    """An analysis's quotes of articles before people are resolved: called with an article of
    the story last :meth:`hold` read, its kept quotes where it is among ``ids`` (rows whose
    inputs, the article's digest and this stage's code, still hold), found afresh otherwise and
    held to be written (:meth:`flush`)."""

    def __init__(self, store, ids: Iterable[str], digests: Mapping[str, str], code: str):
        self._store, self._digests, self._code = store, digests, code
        self._ids = set(ids)
        self._held: dict[str, bytes] = {}
        self.made: list[tuple[str, str, bytes]] = []
        self.reused = self.found = 0  # quotes read from rows, and found afresh

    def _inputs(self, key: str) -> str:
        return f"{self._digests[key]}|{self._code}"

    def hold(self, ids: Iterable[str]) -> None:
        """Read the kept rows of ``ids`` in one query (a story's members), in place of those
        held before."""
        wanted = [i for i in ids if i in self._ids]
        self._held = {k: v for k, _, v in self._store.stage_rows(STAGE, wanted)} if wanted else {}

    def __call__(self, article: Article) -> list[Quote]:
        value = self._held.get(article.id)  # a member of the story :meth:`hold` read
        if value is not None:
            self.reused += 1
            return decode(value, article.source)
        quotes = found_quotes(article)
        self.found += 1
        if article.id in self._digests:
            row = (article.id, self._inputs(article.id), encode(quotes, article.source))
            self.made.append(row)
        return quotes

    def flush(self) -> None:
        """Write the rows of quotes found since the last flush."""
        if self.made:
            self._store.put_stage_rows(STAGE, self.made)
            self.made = []
