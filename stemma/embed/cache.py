"""Vector caches, so that no distinct normalised sentence is embedded twice, within a run or across.

A key is the sha1 of the normalised text (``query:`` + sha1 for query-side vectors, which differ).
`CachedEncoder` wraps any `Encoder`: it normalises, dedupes within the call, looks the rest up in
the cache and embeds only the misses, counting calls and texts for the cost benchmarks.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from os import PathLike
from typing import Protocol

import numpy as np

from stemma.embed.encoder import Encoder, Kind

_SPACE = re.compile(r"\s+")
_SQL_BATCH = 500  # keys per SELECT: stays below SQLite's bound-parameter limit


def default_normalise(text: str) -> str:
    """NFC, casefold, whitespace runs to one space, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def text_key(normalised: str, kind: Kind = "passage") -> str:
    digest = hashlib.sha1(normalised.encode("utf-8")).hexdigest()
    return digest if kind == "passage" else f"{kind}:{digest}"


class VectorCache(Protocol):
    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, items: Mapping[str, np.ndarray]) -> None: ...


class MemoryVectorCache:
    """A dict in this process."""

    def __init__(self) -> None:
        self._vecs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._vecs)

    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        return {k: self._vecs[k] for k in keys if k in self._vecs}

    def put_many(self, items: Mapping[str, np.ndarray]) -> None:
        for key, vec in items.items():
            self._vecs[key] = np.asarray(vec, dtype=np.float32).copy()


class SqliteVectorCache:
    """Vectors as float32 bytes in ``vectors(encoder, key, vec)`` of a SQLite database.

    Takes a path (the cache opens, and commits to, its own connection) or an open connection
    (the caller owns transactions and commits). Rows of another length than ``dim`` read as misses.
    """

    def __init__(
        self,
        conn_or_path: sqlite3.Connection | str | PathLike,
        encoder_name: str,
        dim: int | None = None,
    ):
        self._owned = not isinstance(conn_or_path, sqlite3.Connection)
        self.conn = sqlite3.connect(conn_or_path) if self._owned else conn_or_path
        self.encoder = encoder_name
        self.dim = dim
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS vectors (encoder TEXT NOT NULL, key TEXT NOT NULL, "
            "vec BLOB NOT NULL, PRIMARY KEY (encoder, key))"
        )
        if self._owned:
            self.conn.commit()

    def __len__(self) -> int:
        row = self.conn.execute("SELECT COUNT(*) FROM vectors WHERE encoder = ?", (self.encoder,))
        return int(row.fetchone()[0])

    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        keys = list(dict.fromkeys(keys))
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), _SQL_BATCH):
            chunk = keys[i : i + _SQL_BATCH]
            marks = ",".join("?" * len(chunk))  # placeholders only; the keys are bound
            rows = self.conn.execute(
                f"SELECT key, vec FROM vectors WHERE encoder = ? AND key IN ({marks})",
                (self.encoder, *chunk),
            )
            for key, blob in rows:
                vec = np.frombuffer(blob, dtype=np.float32)
                if self.dim is None or vec.shape[0] == self.dim:
                    found[key] = vec.copy()
        return found

    def put_many(self, items: Mapping[str, np.ndarray]) -> None:
        rows = [
            (self.encoder, key, np.asarray(vec, dtype=np.float32).tobytes())
            for key, vec in items.items()
        ]
        self.conn.executemany(
            "INSERT OR REPLACE INTO vectors (encoder, key, vec) VALUES (?, ?, ?)", rows
        )
        if self._owned:
            self.conn.commit()

    def close(self) -> None:
        if self._owned:
            self.conn.close()


class CachedEncoder:
    """An `Encoder` that embeds each distinct normalised text once, ever.

    The wrapped encoder sees the normalised text, so a cached vector depends on its key alone and
    runs are reproducible whatever order texts arrive in. ``calls`` counts calls to the wrapped
    encoder and ``texts_encoded`` the texts it embedded; ``texts_requested`` counts inputs.
    """

    def __init__(
        self,
        encoder: Encoder,
        cache: VectorCache | None = None,
        normalise: Callable[[str], str] = default_normalise,
    ):
        self.encoder = encoder
        self.cache = cache if cache is not None else MemoryVectorCache()
        self.normalise = normalise
        self.name = encoder.name
        self.dim = encoder.dim
        self.calls = 0
        self.texts_encoded = 0
        self.texts_requested = 0

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not one string")
        normalised = [self.normalise(t) for t in texts]
        keys = [text_key(n, kind) for n in normalised]
        self.texts_requested += len(keys)
        distinct = dict(zip(keys, normalised, strict=True))  # key -> text, first occurrence
        found = self.cache.get_many(distinct)
        missing = [k for k in distinct if k not in found]
        if missing:
            vecs = self.encoder.encode([distinct[k] for k in missing], kind=kind)
            self.calls += 1
            self.texts_encoded += len(missing)
            fresh = dict(zip(missing, vecs, strict=True))
            self.cache.put_many(fresh)
            found.update(fresh)
        out = np.zeros((len(keys), self.dim), dtype=np.float32)
        for row, key in enumerate(keys):
            out[row] = found[key]
        return out
