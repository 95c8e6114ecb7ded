"""Stage rows for the clusterer's article profiles (``stemma.stories.represent.Profile``).

A profile is a pure function of one article (and the clustering config, part of the code), and
making one reads the whole article (names, numbers, representative passages): kept, an
incremental run profiles only new and changed articles. Encoded field by field, so fields added
to ``Profile`` later travel too (sets, dates, tuples and packed sketches tagged with a key no
text holds). A row written by another version of this code (a sketch once kept as a tuple) is
never read: the stage's code hash is part of each row's inputs, so it is made again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import fields
from datetime import date

from stemma.stories.represent import Profile, compact, pack_sketch, sketch_hashes

STAGE = "profiles"


def _plain(value):
    if isinstance(value, frozenset | set):
        return {"\u0000set": sorted(value)}
    if isinstance(value, date):
        return {"\u0000date": value.isoformat()}
    if isinstance(value, tuple):
        return {"\u0000tuple": list(value)}
    if isinstance(value, bytes):  # a packed sketch: its hashes as numbers
        return {"\u0000hashes": sketch_hashes(value).tolist()}
    return value


def _typed(value):
    if isinstance(value, dict) and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "\u0000set":
            return frozenset(inner)
        if tag == "\u0000date":
            return date.fromisoformat(inner)
        if tag == "\u0000tuple":
            return tuple(inner)
        if tag == "\u0000hashes":
            return pack_sketch(inner)
    return value


def encode(profile: Profile) -> bytes:
    data = {f.name: _plain(getattr(profile, f.name)) for f in fields(profile)}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def decode(value: bytes) -> Profile:
    """The profile a row holds, as compact as one made afresh (``represent.compact``)."""
    data = json.loads(value)
    return compact(Profile(**{k: _typed(v) for k, v in data.items()}))


class Kept(Mapping[str, Profile]):
    """Kept profiles by article id, each read from ``store`` and decoded when asked for, and
    not held.

    An incremental run over a large store keeps the profiles of nearly every article; decoded
    all at once they held as much again as the clusterer's own copies, and the clusterer keeps
    the mapping it was given for the whole run. Here only the ids of rows whose inputs matched
    are held; :meth:`many` reads a batch in one store query (the clusterer asks per batch it
    embeds)."""

    def __init__(self, store, ids: Iterable[str]):
        self._store = store
        self._ids = frozenset(ids)
        self._ahead: dict[str, bytes] = {}  # rows read by :meth:`read_ahead`, not yet asked for
        self._asked: set[str] = set()  # keys decoded once (their holder keeps the profile)

    def __getitem__(self, key: str) -> Profile:
        found = self.many([key])
        if key not in found:
            raise KeyError(key)
        return found[key]

    def many(self, keys: Iterable[str]) -> dict[str, Profile]:
        """The kept profiles of those of ``keys`` that have one, read together (or taken from
        the rows :meth:`read_ahead` read)."""
        wanted = [k for k in dict.fromkeys(keys) if k in self._ids]
        if not wanted:
            return {}
        ahead = self._ahead
        rows = {k: ahead.pop(k) for k in wanted if k in ahead}
        rest = [k for k in wanted if k not in rows]
        if rest:
            rows.update((k, v) for k, _, v in self._store.stage_rows(STAGE, rest))
        self._asked.update(rows)
        return {k: decode(rows[k]) for k in wanted if k in rows}

    def read_ahead(self, keys: Iterable[str]) -> None:
        """Read in one query the rows of those of ``keys`` not decoded before, for the profiles
        to be asked for one at a time next (a group clustered again reads its members', some
        30,000: a query each was a quarter of their cost); the rows read ahead before are let
        go."""
        todo = [k for k in dict.fromkeys(keys) if k in self._ids and k not in self._asked]
        self._ahead = {k: v for k, _, v in self._store.stage_rows(STAGE, todo)} if todo else {}

    def __contains__(self, key: object) -> bool:
        return key in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._ids))

    def __len__(self) -> int:
        return len(self._ids)
