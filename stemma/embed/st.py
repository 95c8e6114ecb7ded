"""Optional backend: any sentence-transformers model from a local folder (``--encoder st:PATH``).

For users with a GPU or a larger model. It never reaches the network: the hub is switched off
before the library is imported and the model must be a folder on disk. The extra is installed with
``pip install 'stemma[st]'``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from stemma.embed.encoder import Kind, normalise_rows

INSTALL_HINT = "pip install 'stemma[st]'"
E5_PREFIXES = {"query": "query: ", "passage": "passage: "}


def _import_sentence_transformer():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as err:
        raise ImportError(
            "the 'st:PATH' encoder needs the sentence-transformers package, which is not "
            f"installed; install the extra with: {INSTALL_HINT}"
        ) from err
    return SentenceTransformer


class SentenceTransformerEncoder:
    """`Encoder` over a local sentence-transformers model folder.

    Query/passage prompts come from the model's own ``prompts`` config when it has them; e5-family
    folders without one get the ``query: ``/``passage: `` prefixes those models were trained with.
    """

    def __init__(self, path: str | os.PathLike, *, device: str | None = None, batch_size: int = 64):
        sentence_transformer = _import_sentence_transformer()
        folder = Path(path).expanduser()
        if not folder.is_dir():
            raise FileNotFoundError(
                f"sentence-transformers model folder not found: {folder} "
                "(st:PATH takes a local folder; models are never downloaded)"
            )
        self._model = sentence_transformer(str(folder), device=device, local_files_only=True)
        self._batch_size = batch_size
        self.dim = int(self._model.get_sentence_embedding_dimension())
        digest = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:8]
        self.name = f"st:{folder.name}:{digest}"
        prompts = getattr(self._model, "prompts", None) or {}
        if {"query", "passage"} <= prompts.keys():
            self._prefixes = {k: prompts[k] for k in E5_PREFIXES}
        elif "e5" in folder.name.lower():
            self._prefixes = dict(E5_PREFIXES)
        else:
            self._prefixes = {"query": "", "passage": ""}

    def encode(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not one string")
        prefix = self._prefixes[kind]
        vecs = self._model.encode(
            [prefix + t for t in texts],
            batch_size=self._batch_size,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return normalise_rows(np.asarray(vecs).reshape(len(texts), self.dim))
