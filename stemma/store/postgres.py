"""PostgreSQL store: the ``Store`` protocol on a server that several processes share.

Selected by a ``postgresql://`` URL (``--db`` or ``STEMMA_DB``). The tables mirror the SQLite
store's, and the queries both answer alike live in ``stemma.store.sql``; every text column collates as "C" (byte order), so ids, links and stories come back in
the order SQLite and Python's ``sorted`` give, whatever the database's locale. Every statement
uses bound parameters; article text never becomes SQL.

Sharing one server safely:
- each write is one transaction (an article whole or not at all, as in SQLite); two processes
  adding the same article at once: the loser's insert conflicts, and it re-reads and retries;
- an analysis holds a session advisory lock on the store (``exclusive``): a second analysis of
  the same database waits for the first to finish and then works from what it left, so no
  analysis overwrites another's links or stories with an older view;
- a sequence counts committed writes (``changes``), so a web server caches its pages until any
  process changes the store.

Sentence vectors go to a ``vectors`` table; where the server has the pgvector extension they are
kept as ``vector`` values too and ``nearest`` ranks them on the server, else it ranks them here
exactly, streaming the rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from stemma.model import Article
from stemma.store.base import PutResult

# the queries both SQL stores share, and rows read one way (stemma.store.sql)
from stemma.store.sql import SqlStore
from stemma.store.sql import batched as _batched

SCHEMA_VERSION = 1
# advisory lock keys (classid, objid): one namespace for stemma, then what the lock guards
_LOCK_NS = 0x5354  # "ST"
_LOCK_SCHEMA, _LOCK_ANALYSIS = 1, 2
_RETRIES = 5  # times an article write is retried after losing a race for its (id, version)
_ITER = 500  # rows fetched at a time from a server-side cursor

T = 'TEXT COLLATE "C"'
# ids, versions and digests: what a run reads of every article (SqlStore.article_digests)
DIGEST_INDEX = "articles_digest ON articles(id, version, digest)"
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key {T} PRIMARY KEY, value TEXT NOT NULL);
CREATE SEQUENCE IF NOT EXISTS stemma_changes;
CREATE TABLE IF NOT EXISTS articles (
    uid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id {T} NOT NULL,
    version INTEGER NOT NULL,
    sha256 {T} NOT NULL,
    format {T} NOT NULL,
    path {T},
    raw BYTEA NOT NULL,
    source TEXT NOT NULL,
    lang {T},
    outlet {T},
    title {T},
    published {T},
    analysis TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    digest {T},
    UNIQUE (id, version),
    UNIQUE (id, sha256)
);
CREATE INDEX IF NOT EXISTS articles_meta ON articles(id, outlet, lang, published);
CREATE INDEX IF NOT EXISTS {DIGEST_INDEX};
CREATE TABLE IF NOT EXISTS lines (
    outlet {T} NOT NULL,
    key {T} NOT NULL,
    uid BIGINT NOT NULL REFERENCES articles(uid) ON DELETE CASCADE,
    PRIMARY KEY (outlet, key, uid)
);
CREATE INDEX IF NOT EXISTS lines_uid ON lines(uid);
CREATE TABLE IF NOT EXISTS links (
    a {T} NOT NULL,
    b {T} NOT NULL,
    kind {T} NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    direction {T},
    evidence TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS links_b ON links(b);
CREATE TABLE IF NOT EXISTS stories (
    id {T} PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_members (
    story {T} NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article {T} NOT NULL,
    PRIMARY KEY (story, article)
);
CREATE INDEX IF NOT EXISTS story_members_article ON story_members(article);
CREATE TABLE IF NOT EXISTS stage_rows (
    stage {T} NOT NULL,
    key {T} NOT NULL,
    inputs {T} NOT NULL,
    value BYTEA NOT NULL,
    PRIMARY KEY (stage, key)
);
CREATE TABLE IF NOT EXISTS corrections (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action {T} NOT NULL,
    a {T} NOT NULL,
    b {T},
    value {T},
    who TEXT NOT NULL,
    why TEXT NOT NULL,
    made_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corrections_a ON corrections(a);
CREATE TABLE IF NOT EXISTS vectors (
    encoder {T} NOT NULL,
    key {T} NOT NULL,
    vec BYTEA NOT NULL,
    PRIMARY KEY (encoder, key)
);
"""


def redact(url: str) -> str:
    """The URL without its password, for messages: what the CLI prints goes to logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _connect(url: str):
    import psycopg

    from stemma.store import StoreError

    try:
        return psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"{redact(url)}: cannot open the PostgreSQL store ({reason})") from None


def _tables(conn) -> set[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    )
    return {r[0] for r in rows}


def not_a_store(url: str, *, fresh_ok: bool) -> str | None:
    """Why the database at ``url`` cannot be opened as a stemma store, or None if it can: a
    database of another program (tables, none of them ours) is refused and left untouched; an
    empty one is a store being created only with ``fresh_ok``."""
    conn = _connect(url)
    try:
        return _refusal(conn, fresh_ok)
    finally:
        conn.close()


def _refusal(conn, fresh_ok: bool) -> str | None:
    names = _tables(conn)
    if names and "meta" not in names:
        return "not a stemma store (a database of another program)"
    if not names and not fresh_ok:
        return "no stemma store there (an empty database)"
    if "meta" in names:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row and int(row[0]) > SCHEMA_VERSION:
            return f"a store of a newer stemma (schema {row[0]}, this one reads {SCHEMA_VERSION})"
    return None


class PostgresStore(SqlStore):
    MARK = "%s"
    # under the "C" collation ILIKE folds case for ASCII only, as SQLite's LIKE does
    LIKE = "ILIKE"
    AGG = "json_agg({})::text"

    @staticmethod
    def json_text(column: str, key: str) -> str:
        # compared and sorted in byte order, as SQLite does, whatever the database's locale
        return f"(({column}::json ->> '{key}') COLLATE \"C\")"

    def __init__(self, url: str, *, create: bool = True):
        from stemma.store import StoreError

        self.url = url
        self.path = redact(url)  # how messages name this store
        self.conn = _connect(url)
        try:
            reason = _refusal(self.conn, create)
            if reason:
                raise StoreError(f"{self.path}: {reason}")
            self.has_pgvector = self._create_schema()
        except BaseException:
            self.conn.close()
            raise

    def _create_schema(self) -> bool:
        """Tables made on first open, under a lock: two processes opening a fresh database at
        once would otherwise race on the catalogue. An open that finds everything in place
        writes nothing and locks nothing (a reader never waits for a writer's table lock).
        True when pgvector is there to use."""
        if "meta" in _tables(self.conn) and (self._has_emb() or not self._vector_possible()):
            vector = self._has_emb() and _has_adapter()
        else:
            with self.conn.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCK_NS, _LOCK_SCHEMA))
                if "meta" not in _tables(self.conn):
                    self.conn.execute(SCHEMA)
                    self.conn.execute(
                        "INSERT INTO meta(key, value) VALUES ('schema_version', %s)"
                        " ON CONFLICT DO NOTHING",
                        (str(SCHEMA_VERSION),),
                    )
                vector = self._vector_extension()
                if vector and not self._has_emb():
                    self.conn.execute("ALTER TABLE vectors ADD COLUMN emb vector")
        self._digest_column()
        if vector:
            from pgvector.psycopg import register_vector

            register_vector(self.conn)
        return vector

    def _digest_column(self) -> None:
        """The articles' ``digest`` column and its index, added (under the schema lock) to a
        store made before they existed; its digests are made when first asked for."""
        found = self.conn.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = 'articles' AND column_name = 'digest'"
        ).fetchone()
        if found:
            return
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCK_NS, _LOCK_SCHEMA))
            self.conn.execute(f"ALTER TABLE articles ADD COLUMN IF NOT EXISTS digest {T}")
            self.conn.execute(f"CREATE INDEX IF NOT EXISTS {DIGEST_INDEX}")

    def _has_emb(self) -> bool:
        return bool(
            self.conn.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = 'vectors' AND column_name = 'emb'"
            ).fetchone()
        )

    def _vector_possible(self) -> bool:
        """Whether pgvector is installed, or installable, on this server (and the adapter here)."""
        return _has_adapter() and bool(
            self.conn.execute(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'"
            ).fetchone()
        )

    def _vector_extension(self) -> bool:
        """pgvector where the server has it (made here when this role may); exact search else."""
        if self.conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'").fetchone():
            return _has_adapter()
        if not self.conn.execute(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'"
        ).fetchone():
            return False
        if not _has_adapter():
            return False
        import psycopg

        try:
            with self.conn.transaction():  # a savepoint: a refusal leaves the schema's work
                self.conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        except psycopg.Error:  # no privilege to create it: search exactly
            return False
        return True

    # -- transactions and sharing ---------------------------------------------------------------
    @contextmanager
    def _tx(self):
        with self.conn.transaction():
            yield self.conn
        # counted after the commit: a reader that sees the new count sees the new rows
        self.conn.execute("SELECT nextval('stemma_changes')")

    def changes(self) -> int:
        """A number that grows whenever any process commits a write to this store."""
        return int(
            self.conn.execute(
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM stemma_changes"
            ).fetchone()[0]
        )

    @contextmanager
    def exclusive(self, what: str = "analysis", progress=None):
        """Hold the store's analysis lock while the block runs; a second holder waits (saying
        so through ``progress``) until the first is done. The lock goes with the connection,
        so a process that dies never leaves the store locked."""
        key = (_LOCK_NS, _LOCK_ANALYSIS)
        got = self.conn.execute("SELECT pg_try_advisory_lock(%s, %s)", key).fetchone()[0]
        if not got:
            if progress:
                progress(f"waiting for another {what} of this store to finish")
            self.conn.execute("SELECT pg_advisory_lock(%s, %s)", key)
        try:
            yield
        finally:
            if not self.conn.closed:
                self.conn.execute("SELECT pg_advisory_unlock(%s, %s)", key)

    @contextmanager
    def _rows(self, query: str, params=()):
        """A server-side cursor: rows stream in batches instead of all arriving at once. WITH
        HOLD, so it lives outside a transaction and the caller may write while reading."""
        name = f"stemma_{id(self):x}_{next(_CURSORS)}"
        cur = self.conn.cursor(name=name, withhold=True)
        cur.itersize = _ITER
        try:
            cur.execute(query, params)
            yield cur
        finally:
            if not self.conn.closed:
                cur.close()

    def _stream(self, query: str, params=()):
        with self._rows(self._sql(query), params) as cur:
            yield from cur

    # -- articles -------------------------------------------------------------------------------

    def put_articles(self, items: Iterable[tuple[Article, Iterable[str]]]) -> list[PutResult]:
        """Several articles in one transaction, each whole or not at all (a savepoint): an error
        undoes that one, commits those before it and propagates (as ``SqliteStore``)."""
        results: list[PutResult] = []
        failure: BaseException | None = None
        with self._tx():
            for article, lines in items:
                lines = list(lines)
                try:
                    results.append(self._put_retrying(article, lines))
                except BaseException as exc:
                    failure = exc
                    break
        if failure is not None:
            raise failure
        return results

    def _put_retrying(self, article, lines: list) -> PutResult:
        import psycopg.errors

        for attempt in range(_RETRIES):
            try:
                with self.conn.transaction():  # savepoint
                    return self._put(article, lines)
            except psycopg.errors.UniqueViolation:
                # another process stored a version of this id meanwhile: look again
                if attempt == _RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    # -- the analysis stages' tables ------------------------------------------------------------

    def vector_cache(self, encoder_name: str, dim: int):
        """Sentence vectors kept in this database, shared by every process using it."""
        return PostgresVectorCache(self.conn, encoder_name, dim, self.has_pgvector)


class PostgresVectorCache:
    """Vectors as float32 bytes in ``vectors(encoder, key, vec)``; with pgvector also as a
    ``vector`` (``emb``) that ``nearest`` ranks on the server. Rows of another length than
    ``dim`` read as misses."""

    def __init__(self, conn, encoder_name: str, dim: int | None, pgvector: bool):
        self.conn, self.encoder, self.dim, self.pgvector = conn, encoder_name, dim, pgvector

    def __len__(self) -> int:
        row = self.conn.execute("SELECT COUNT(*) FROM vectors WHERE encoder = %s", (self.encoder,))
        return int(row.fetchone()[0])

    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for chunk in _batched(dict.fromkeys(keys), _ITER):
            rows = self.conn.execute(
                "SELECT key, vec FROM vectors WHERE encoder = %s AND key = ANY(%s)",
                (self.encoder, list(chunk)),
            )
            for key, blob in rows:
                vec = np.frombuffer(bytes(blob), dtype=np.float32)
                if self.dim is None or vec.shape[0] == self.dim:
                    found[key] = vec.copy()
        return found

    def put_many(self, items: Mapping[str, np.ndarray]) -> None:
        vecs = {k: np.asarray(v, dtype=np.float32) for k, v in items.items()}
        emb = ", emb" if self.pgvector else ""
        marks = ", %s" if self.pgvector else ""
        update = ", emb = EXCLUDED.emb" if self.pgvector else ""
        rows = [
            (self.encoder, key, vec.tobytes(), *((vec,) if self.pgvector else ()))
            for key, vec in vecs.items()
        ]
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO vectors (encoder, key, vec{emb}) VALUES (%s, %s, %s{marks})"
                f" ON CONFLICT (encoder, key) DO UPDATE SET vec = EXCLUDED.vec{update}",
                rows,
            )

    def nearest(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The ``k`` stored vectors of this encoder most cosine-similar to ``query``, as
        (key, cosine), best first, ties to the smaller key. Exact either way: pgvector ranks
        on the server (no approximate index is made, so the answer never depends on one)."""
        q = np.asarray(query, dtype=np.float32)
        if k <= 0 or not np.any(q):
            return []
        if self.pgvector and not self._unranked():
            rows = self.conn.execute(
                "SELECT key, 1 - (emb <=> %s) AS cosine FROM vectors WHERE encoder = %s"
                " AND emb IS NOT NULL AND vector_dims(emb) = %s"
                " ORDER BY emb <=> %s, key LIMIT %s",
                (q, self.encoder, q.shape[0], q, k),
            ).fetchall()
            return [(key, float(c)) for key, c in rows]
        return self._exact(q, k)

    def _unranked(self) -> bool:
        """Rows written before the server had pgvector have no ``emb``: rank those here."""
        return bool(
            self.conn.execute(
                "SELECT EXISTS (SELECT 1 FROM vectors WHERE encoder = %s AND emb IS NULL)",
                (self.encoder,),
            ).fetchone()[0]
        )

    def _exact(self, q: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Every vector read once, in batches; only the best ``k`` so far are kept."""
        q = q / np.linalg.norm(q)
        best: list[tuple[float, str]] = []
        name = f"stemma_nn_{id(self):x}_{next(_CURSORS)}"
        with self.conn.transaction(), self.conn.cursor(name=name) as cur:
            cur.itersize = 4096
            cur.execute("SELECT key, vec FROM vectors WHERE encoder = %s", (self.encoder,))
            while batch := cur.fetchmany(4096):
                keys = [r[0] for r in batch]
                blobs = [np.frombuffer(bytes(r[1]), dtype=np.float32) for r in batch]
                keep = [i for i, v in enumerate(blobs) if v.shape[0] == q.shape[0]]
                if not keep:
                    continue
                m = np.stack([blobs[i] for i in keep])
                norms = np.linalg.norm(m, axis=1)
                norms[norms == 0] = 1.0
                sims = (m @ q) / norms
                best += [(-float(s), keys[i]) for s, i in zip(sims, keep, strict=True)]
                best = sorted(best)[:k]
        return [(key, -neg) for neg, key in best]


_CURSORS = itertools.count()


def _has_adapter() -> bool:
    try:
        import pgvector.psycopg  # noqa: F401
    except ImportError:
        return False
    return True
