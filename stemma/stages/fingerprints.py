"""Stage 1, per article: the shingle fingerprint that same-language candidates are found with.

A row is a pure function of one article, so it is computed once per article version and kept
(``encode`` / ``decode``: the MinHash signature and the sampled shingles as bytes).
"""

from __future__ import annotations

import json

import numpy as np

from stemma.model import Article
from stemma.reuse.candidates import Fingerprint, fingerprint
from stemma.reuse.shingles import minhash

STAGE = "fingerprints"


def fingerprints(articles: list[Article]) -> list[Fingerprint]:
    return [fingerprint(a) for a in articles]


def encode(fp: Fingerprint) -> bytes:
    # the signature keeps its own dtype (uint32 under datasketch's affine32 scheme): LSH bands
    # hash the raw bytes, so a signature read back wider would never meet a fresh one
    values = np.asarray(fp.minhash.hashvalues)
    head = {
        "lang": fp.lang,
        "size": fp.size,
        "perm": len(values),
        "seed": fp.minhash.seed,
        "dtype": values.dtype.str,
    }
    body = values.tobytes() + np.asarray(fp.sample, dtype=np.uint64).tobytes()
    return json.dumps(head).encode("utf-8") + b"\n" + body


def decode(id: str, value: bytes) -> Fingerprint:
    meta, values, sample = _read(value)
    mh = minhash((), meta["perm"], meta["seed"])  # the permutations of the scheme it was made with
    mh.hashvalues = values.copy()
    return Fingerprint(id, meta["lang"], meta["size"], mh, sample.copy())


def parts(value: bytes) -> tuple[str | None, int, np.ndarray, np.ndarray]:
    """A row's language, size, signature (uint32) and sample as arrays: no MinHash object,
    for the candidate stage that holds a whole pile of them (``stemma.stages.candidates``).
    A signature of another width (another MinHash scheme) is refused with ValueError: read
    back as uint32 it would meet signatures it does not match."""
    meta, values, sample = _read(value)
    if values.dtype != np.uint32:
        raise ValueError(f"a {values.dtype} signature: made by another MinHash scheme")
    return meta["lang"], meta["size"], values, sample


def _read(value: bytes) -> tuple[dict, np.ndarray, np.ndarray]:
    head, body = value.split(b"\n", 1)
    meta = json.loads(head)
    dtype = np.dtype(meta["dtype"])
    cut = meta["perm"] * dtype.itemsize
    values = np.frombuffer(body[:cut], dtype=dtype)
    return meta, values, np.frombuffer(body[cut:], dtype=np.uint64)
