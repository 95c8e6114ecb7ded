import os
from pathlib import Path

import pytest

CORPORA = Path(
    os.environ.get(
        "STEMMA_CORPORA", Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
    )
)
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def corpora() -> Path:
    """The shared evaluation corpora; tests using it skip where they are absent."""
    if not CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {CORPORA} (set STEMMA_CORPORA)")
    return CORPORA


@pytest.fixture(scope="session")
def seeds(corpora: Path) -> Path:
    path = corpora / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed captures not found at {path}")
    return path


@pytest.fixture(scope="session")
def seed_store(seeds, tmp_path_factory):
    """The seeds ingested once into a store shared by the tests that only read it."""
    from stemma.ingest.pipeline import ingest
    from stemma.store import open_store

    store = open_store(tmp_path_factory.mktemp("seeds") / "seeds.db")
    ingest(store, [seeds])
    return store


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Evaluation runs cache vectors; tests keep theirs out of the user's cache."""
    os.environ["STEMMA_CACHE"] = str(tmp_path_factory.mktemp("cache"))
