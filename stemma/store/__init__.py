"""Persistence behind one small interface (``Store``); SQLite by default."""

from __future__ import annotations

from pathlib import Path

from stemma.store.base import ArticleSummary, PutResult, Store

DEFAULT_DB = "stemma.db"

__all__ = [
    "ArticleSummary",
    "PutResult",
    "Store",
    "StoreError",
    "check_store",
    "open_store",
    "DEFAULT_DB",
]


class StoreError(Exception):
    """The path holds no stemma store (missing, or some other file); the message says which."""


def open_store(path: str | Path = DEFAULT_DB, *, create: bool = True) -> Store:
    """Open the store at ``path``: a SQLite file, or ":memory:".

    With ``create`` a missing store is made; without, a missing one raises StoreError (a
    mistyped path must not read as an empty store). Either way a file that is not a stemma
    store raises StoreError and is left untouched.
    """
    from stemma.store.sqlite import SqliteStore

    check_store(path, create=create)
    return SqliteStore(path)


def check_store(path: str | Path, *, create: bool) -> None:
    """Raise StoreError where ``open_store(path, create=create)`` would refuse the path."""
    from stemma.store.sqlite import not_a_store

    if str(path) != ":memory:":
        reason = not_a_store(path, fresh_ok=create)
        if reason:
            raise StoreError(f"{path}: {reason}")
