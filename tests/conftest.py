import os
import sqlite3
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


@pytest.fixture(scope="session")
def seed_analysed_db(seed_store, tmp_path_factory) -> Path:
    """A copy of ``seed_store`` with links, stories, stemmata and quotes: the encoder runs once
    per session for every test that reads the analysed seeds. Read it; copy it to write."""
    from stemma.analysis import analyse
    from stemma.store import open_store

    db = tmp_path_factory.mktemp("seeds-analysed") / "seeds.db"
    with sqlite3.connect(db) as copy:  # the backup API also takes what sits in the WAL
        seed_store.conn.backup(copy)
    with open_store(db) as store:
        analyse(store)
    return db


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Evaluation runs cache vectors; tests keep theirs out of the user's cache."""
    os.environ["STEMMA_CACHE"] = str(tmp_path_factory.mktemp("cache"))


def pytest_collection_modifyitems(config, items):
    """Soaks (``@pytest.mark.slow``) run only when asked for: ``pytest -m slow``."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="a soak: run it with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
