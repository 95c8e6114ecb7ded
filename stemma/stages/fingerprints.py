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
    head, body = value.split(b"\n", 1)
    meta = json.loads(head)
    dtype = np.dtype(meta["dtype"])
    cut = meta["perm"] * dtype.itemsize
    mh = minhash((), meta["perm"], meta["seed"])  # the permutations of the scheme it was made with
    mh.hashvalues = np.frombuffer(body[:cut], dtype=dtype).copy()
    sample = np.frombuffer(body[cut:], dtype=np.uint64).copy()
    return Fingerprint(id, meta["lang"], meta["size"], mh, sample)
