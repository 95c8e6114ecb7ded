"""Persistence behind one small interface (``Store``): SQLite by default, PostgreSQL for a
``postgresql://`` URL."""

from __future__ import annotations

from pathlib import Path

from stemma.store.base import ArticleSummary, Filters, PutResult, Store

DEFAULT_DB = "stemma.db"

__all__ = [
    "ArticleSummary",
    "Filters",
    "PutResult",
    "Store",
    "StoreError",
    "check_store",
    "is_url",
    "store_location",
    "StoreURL",
    "open_store",
    "DEFAULT_DB",
]


class StoreError(Exception):
    """The path holds no stemma store (missing, or some other file); the message says which."""


def open_store(path: str | Path = DEFAULT_DB, *, create: bool = True) -> Store:
    """Open the store at ``path``: a SQLite file, ":memory:", or a ``postgresql://`` URL.

    With ``create`` a missing store is made; without, a missing one raises StoreError (a
    mistyped path must not read as an empty store). Either way a file that is not a stemma
    store raises StoreError and is left untouched.
    """
    if is_url(path):
        from stemma.store.postgres import PostgresStore

        return PostgresStore(str(path), create=create)  # checks the database on its connection
    from stemma.store.sqlite import SqliteStore

    check_store(path, create=create)
    return SqliteStore(path)


class StoreURL(str):
    """A PostgreSQL store's URL where a store location is passed around (a file's is a Path):
    ``exists()`` says whether the database holds a stemma store, as ``Path.exists`` does."""

    def exists(self) -> bool:
        from stemma.store.postgres import not_a_store

        try:
            return not_a_store(self, fresh_ok=False) is None
        except StoreError:  # the server cannot be reached
            return False


def store_location(text: str | Path) -> Path | StoreURL:
    """A store's location as given on a command line: a ``postgresql://`` URL kept whole, a
    file otherwise."""
    return StoreURL(text) if is_url(text) else Path(text)


def is_url(path: str | Path) -> bool:
    """Whether ``path`` names a PostgreSQL database (``postgresql://...``), not a file."""
    return str(path).startswith(("postgresql://", "postgres://"))


def check_store(path: str | Path, *, create: bool) -> None:
    """Raise StoreError where ``open_store(path, create=create)`` would refuse the path."""
    if is_url(path):
        from stemma.store.postgres import not_a_store as not_a_pg_store
        from stemma.store.postgres import redact

        reason = not_a_pg_store(str(path), fresh_ok=create)
        if reason:
            raise StoreError(f"{redact(str(path))}: {reason}")
        return
    from stemma.store.sqlite import not_a_store

    if str(path) != ":memory:":
        reason = not_a_store(path, fresh_ok=create)
        if reason:
            raise StoreError(f"{path}: {reason}")
