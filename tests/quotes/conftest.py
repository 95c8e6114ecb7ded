import pytest


@pytest.fixture(scope="session")
def seed_analysed(seeds, seed_store, tmp_path_factory):
    """A store of the seeds with links and stories: the shared ``seed_store`` where it already
    holds stories, else a private store analysed once here."""
    if seed_store.list_stories():
        return seed_store
    from stemma.analysis import analyse
    from stemma.ingest.pipeline import ingest
    from stemma.store import open_store

    store = open_store(tmp_path_factory.mktemp("quotes-seeds") / "seeds.db")
    ingest(store, [seeds])
    analyse(store)
    return store
