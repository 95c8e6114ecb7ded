"""The anchor sentences are embedded once per encoder, not once per store or process."""

import numpy as np

from stemma.stories import similarity
from stemma.stories.anchors import ANCHORS
from stemma.stories.similarity import Centring, anchor_vectors


class Counting:
    """A tiny deterministic encoder that counts the texts it embeds."""

    def __init__(self, name="counting", dim=8):
        self.name, self.dim, self.texts = name, dim, 0

    def encode(self, texts, kind="passage"):
        self.texts += len(texts)
        rows = [np.frombuffer(t.encode("utf-8")[:64].ljust(64, b"\0"), np.uint8) for t in texts]
        vecs = np.stack(rows).astype(np.float32)[:, : self.dim] + 1.0
        return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


N = sum(len(s) for s in ANCHORS.values())


def test_anchors_are_embedded_once_then_read_from_the_cache_file(tmp_path, monkeypatch):
    monkeypatch.setenv("STEMMA_CACHE", str(tmp_path))
    monkeypatch.setattr(similarity, "_ANCHOR_VECTORS", {})
    enc = Counting()
    first = anchor_vectors(enc)
    assert enc.texts == N and first.shape == (N, enc.dim)
    Centring(enc).offset("en")
    assert enc.texts == N  # the process keeps them
    monkeypatch.setattr(similarity, "_ANCHOR_VECTORS", {})  # as a new process would start
    again = anchor_vectors(enc)
    assert enc.texts == N  # read from the file
    assert np.array_equal(first, again)
    assert len(list(tmp_path.glob("anchors-*.npy"))) == 1


def test_another_encoder_never_reads_the_first_ones_vectors(tmp_path, monkeypatch):
    monkeypatch.setenv("STEMMA_CACHE", str(tmp_path))
    monkeypatch.setattr(similarity, "_ANCHOR_VECTORS", {})
    anchor_vectors(Counting("one"))
    other = Counting("two", dim=6)
    assert anchor_vectors(other).shape == (N, 6) and other.texts == N


def test_an_unwritable_cache_folder_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("STEMMA_CACHE", str(blocker / "sub"))
    monkeypatch.setattr(similarity, "_ANCHOR_VECTORS", {})
    enc = Counting()
    assert anchor_vectors(enc).shape == (N, enc.dim)
