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
    values = np.asarray(fp.minhash.hashvalues, dtype=np.uint64)
    head = {"lang": fp.lang, "size": fp.size, "perm": len(values), "seed": fp.minhash.seed}
    body = values.tobytes() + np.asarray(fp.sample, dtype=np.uint64).tobytes()
    return json.dumps(head).encode("utf-8") + b"\n" + body


def decode(id: str, value: bytes) -> Fingerprint:
    head, body = value.split(b"\n", 1)
    meta = json.loads(head)
    values = np.frombuffer(body, dtype=np.uint64)
    perm = meta["perm"]
    mh = minhash((), perm, meta["seed"])  # the permutations of the scheme it was made with
    mh.hashvalues = values[:perm].copy()
    return Fingerprint(id, meta["lang"], meta["size"], mh, values[perm:].copy())
