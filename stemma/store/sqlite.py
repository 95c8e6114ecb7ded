"""SQLite store: one file, raw bytes kept as received, analysis as JSON beside them.

The queries both SQL stores share live in ``stemma.store.sql``; this module holds what is
SQLite's own: the schema, the connection, transactions, the analysis lock and the stage tables.
Every statement uses bound parameters; article text never becomes SQL or a path.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from stemma.model import Article
from stemma.store.base import PutResult
from stemma.store.sql import SqlStore

SCHEMA_VERSION = 1
BUSY_TIMEOUT = 60.0  # seconds a connection waits for another's write lock

# ids, versions and digests: what a run reads of every article (SqlStore.article_digests)
DIGEST_INDEX = "articles_digest ON articles(id, version, digest)"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    uid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    path TEXT,
    raw BLOB NOT NULL,
    source TEXT NOT NULL,
    lang TEXT,
    outlet TEXT,
    title TEXT,
    published TEXT,
    analysis TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    digest TEXT,  -- SqlStore.article_digests; NULL in rows an older stemma stored
    UNIQUE (id, version),
    UNIQUE (id, sha256)
);
-- the columns views filter on, readable without walking each row past its raw bytes
CREATE INDEX IF NOT EXISTS articles_meta ON articles(id, outlet, lang, published);
CREATE TABLE IF NOT EXISTS lines (
    outlet TEXT NOT NULL,
    key TEXT NOT NULL,
    uid INTEGER NOT NULL REFERENCES articles(uid),
    PRIMARY KEY (outlet, key, uid)
);
CREATE INDEX IF NOT EXISTS lines_uid ON lines(uid);
CREATE TABLE IF NOT EXISTS links (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    kind TEXT NOT NULL,
    score REAL NOT NULL,
    direction TEXT,
    evidence TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS links_b ON links(b);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_members (
    story TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article TEXT NOT NULL,
    PRIMARY KEY (story, article)
);
CREATE INDEX IF NOT EXISTS story_members_article ON story_members(article);
-- the analysis stages' tables (stemma.engine): one row per stage and key, with a hash of what
-- it was computed from, so a later run recomputes only rows whose inputs changed
CREATE TABLE IF NOT EXISTS stage_rows (
    stage TEXT NOT NULL,
    key TEXT NOT NULL,
    inputs TEXT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (stage, key)
);
-- readers' corrections (stemma.corrections): never derived, never replaced by an analysis
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL,
    a TEXT NOT NULL,
    b TEXT,
    value TEXT,
    who TEXT NOT NULL,
    why TEXT NOT NULL,
    made_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corrections_a ON corrections(a);
"""


class SqliteStore(SqlStore):
    def __init__(self, path: str | Path = "stemma.db"):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # a writer (an analysis, an upload) may hold the lock for seconds: wait for it rather
        # than fail with "database is locked"
        self.conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT
        )
        if self.path != ":memory:":
            _refuse_foreign(self.conn, self.path)
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.executescript(SCHEMA)
        self._digest_column()
        # written only when missing: opening a store to read it takes no write lock
        if not self.conn.execute("SELECT 1 FROM meta WHERE key = 'schema_version'").fetchone():
            self.conn.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    def _digest_column(self) -> None:
        """The articles' ``digest`` column and the index it is read by, added to a store made
        before they existed (its digests are made when they are first asked for); an open that
        finds them writes nothing."""
        columns = {r[1] for r in self.conn.execute("PRAGMA table_info(articles)")}
        if "digest" not in columns:
            self.conn.execute("ALTER TABLE articles ADD COLUMN digest TEXT")
        self.conn.execute(f"CREATE INDEX IF NOT EXISTS {DIGEST_INDEX}")

    # -- transactions -------------------------------------------------------------------------
    def _tx(self):
        return _Transaction(self.conn)

    # -- articles -----------------------------------------------------------------------------
    def put_articles(self, items: Iterable[tuple[Article, Iterable[str]]]) -> list[PutResult]:
        """Store several articles (with their ``lines``) in one transaction: far cheaper than
        one transaction each.

        Each article is written whole or not at all: an error while writing one undoes that one
        (a savepoint), commits the ones before it and propagates. A process that dies before the
        commit leaves the store as it was before the group. ``article`` may also be an object
        with the same attributes whose ``analysis_json`` was made beforehand (an ingest worker
        makes it).
        """
        results: list[PutResult] = []
        failure: BaseException | None = None
        with self._tx():
            for article, lines in items:
                self.conn.execute("SAVEPOINT article")
                try:
                    results.append(self._put(article, lines))
                except BaseException as exc:
                    failure = exc
                    if self.conn.in_transaction:  # SQLite may have rolled back everything
                        self.conn.execute("ROLLBACK TO article")
                    break
                self.conn.execute("RELEASE article")
        if failure is not None:
            raise failure
        return results

    # -- the analysis stages' tables ------------------------------------------------------------
    @contextlib.contextmanager
    def exclusive(self, what: str = "analysis", progress=None):
        """Hold the store's analysis lock while the block runs, as the PostgreSQL store's
        advisory lock does: a second analysis of the same file (another process, or another
        connection of this one) waits, saying so through ``progress``, and then works from what
        the first left. Each transaction's own file lock is not enough: an analysis is many
        transactions, and two interleaved ones would overwrite each other's stories.

        The lock is an ``flock`` on ``<store>.lock`` beside the file, never on the database
        file itself (closing any other descriptor of that file would drop SQLite's own POSIX
        locks). The system releases it when the process dies, so a killed run never leaves
        the store locked; the empty lock file stays, harmless."""
        if self.path == ":memory:":  # one connection's own database: nobody to wait for
            yield
            return
        import fcntl

        lock = open(lock_path(self.path), "a+b")  # noqa: SIM115 -- held for the whole block
        try:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if progress:
                    progress(f"waiting for another {what} of this store to finish")
                fcntl.flock(lock, fcntl.LOCK_EX)
            yield
        finally:
            lock.close()  # closing the descriptor releases the flock

    def vector_cache(self, encoder_name: str, dim: int):
        """Sentence vectors kept in this same file, so no sentence is embedded twice."""
        from stemma.embed.cache import SqliteVectorCache

        return SqliteVectorCache(self.conn, encoder_name, dim)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (the store stays as before)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if self.conn.in_transaction:  # an error SQLite answers with a rollback ends it itself
            self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        return False


def lock_path(path: str | Path) -> Path:
    """The file whose ``flock`` is a SQLite store's analysis lock (``SqliteStore.exclusive``)."""
    return Path(f"{path}.lock")


def not_a_store(path: str | Path, *, fresh_ok: bool) -> str | None:
    """Why the path cannot be opened as a stemma store, or None if it can, from the file
    system alone: a mistyped path is never created. With ``fresh_ok``, a missing or empty
    file (one being created) is fine.

    The file is never opened here: closing any descriptor of a database file drops every
    POSIX lock this process holds on it, under the feet of its other connections (SQLite's
    "how to corrupt" list); what the file holds is checked on the store's own connection.
    """
    p = Path(path)
    if not p.exists():
        return None if fresh_ok else "no store there"
    if not p.is_file():
        return "not a file"
    if p.stat().st_size == 0 and not fresh_ok:
        return "an empty file, not a stemma store"
    return None


def _refuse_foreign(conn: sqlite3.Connection, path: str) -> None:
    """A file that is not SQLite, or a database of another program (tables, none of them
    ours), is left untouched: checked on the store's own connection, before any pragma or
    table could change it."""
    from stemma.store import StoreError

    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.OperationalError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:  # "file is not a database"
        conn.close()
        raise StoreError(f"{path}: not a stemma store ({exc})") from None
    if names and "meta" not in names:
        conn.close()
        raise StoreError(f"{path}: not a stemma store (an SQLite database of another program)")
