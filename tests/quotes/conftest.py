import pytest


@pytest.fixture(scope="session")
def seed_analysed(seed_analysed_db):
    """The analysed seeds (links, stories and their stored quotes), opened for reading."""
    from stemma.store import open_store

    store = open_store(seed_analysed_db)
    yield store
    store.close()
