"""Persistence behind one small interface (``Store``); SQLite by default."""

from __future__ import annotations

from pathlib import Path

from stemma.store.base import ArticleSummary, PutResult, Store

DEFAULT_DB = "stemma.db"

__all__ = ["ArticleSummary", "PutResult", "Store", "open_store", "DEFAULT_DB"]


def open_store(path: str | Path = DEFAULT_DB) -> Store:
    """Open (creating if needed) the store at ``path``: a SQLite file, or ":memory:"."""
    from stemma.store.sqlite import SqliteStore

    return SqliteStore(path)
