import itertools
import os
import shutil
import sqlite3
import tempfile
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


# -- a throw-away PostgreSQL (pgserver ships PostgreSQL 16 with pgvector) for the store tests ---
@pytest.fixture(scope="session")
def postgres_server():
    """One local server for the session, on a Unix socket, stopped afterwards; tests skip with
    the reason where it cannot start (pgserver or psycopg missing, no server binary)."""
    try:
        import pgserver
        import psycopg  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"PostgreSQL tests need the dev extra (pip install -e '.[dev]'): {exc}")
    # its own short folder: a Unix socket path has ~100 bytes, and pytest's numbered temp
    # folders are deleted by later pytest runs (under a running server) after three
    folder = tempfile.mkdtemp(prefix="stemma-pg-")
    try:
        server = pgserver.get_server(folder, cleanup_mode="delete")
    except Exception as exc:  # any failure to start is a reason to skip, reported as such
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"a local PostgreSQL (pgserver) could not start: {exc}")
    yield server
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server, request):
    """A fresh, empty database on the session's server for one test, dropped afterwards."""
    import psycopg

    name = f"t{os.getpid()}_{next(_DATABASES)}"
    admin = postgres_server.get_uri()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.get_uri(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_DATABASES = itertools.count()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_location(request, tmp_path):
    """Where a test's store lives: a SQLite file, then a PostgreSQL database (the same test
    runs on both)."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return request.getfixturevalue("postgres_url")
