"""A fast stand-in encoder: hashed word and word-pair counts, randomly projected.

It has the real encoder's shape, so the rest of the analysis can be timed on piles the real one
would take hours to embed, and tests run in seconds; it is not multilingual and says nothing
about quality. ``--encoder hashed``.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

BUCKETS = 1 << 14


class HashedEncoder:
    name = "hashed-1"
    dim = 384

    def __init__(self) -> None:
        rng = np.random.default_rng(0)
        self._proj = rng.standard_normal((BUCKETS, self.dim)).astype(np.float32)

    def encode(self, texts, *, kind="passage"):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = re.findall(r"\w+", text.casefold())
            keys = words + [a + " " + b for a, b in zip(words, words[1:], strict=False)]
            idx = [hash_key(k) for k in keys]
            if idx:
                out[row] = self._proj[idx].sum(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def hash_key(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) & (BUCKETS - 1)
