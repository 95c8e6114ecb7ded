"""Stage rows for the clusterer's article profiles (``stemma.stories.represent.Profile``).

A profile is a pure function of one article (and the clustering config, part of the code), and
making one reads the whole article (names, numbers, representative passages): kept, an
incremental run profiles only new and changed articles. Encoded field by field, so fields added
to ``Profile`` later travel too (sets, dates and tuples tagged
with a key no text holds).
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date

from stemma.stories.represent import Profile

STAGE = "profiles"


def _plain(value):
    if isinstance(value, frozenset | set):
        return {"\u0000set": sorted(value)}
    if isinstance(value, date):
        return {"\u0000date": value.isoformat()}
    if isinstance(value, tuple):
        return {"\u0000tuple": list(value)}
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
    return value


def encode(profile: Profile) -> bytes:
    data = {f.name: _plain(getattr(profile, f.name)) for f in fields(profile)}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def decode(value: bytes) -> Profile:
    data = json.loads(value)
    return Profile(**{k: _typed(v) for k, v in data.items()})
