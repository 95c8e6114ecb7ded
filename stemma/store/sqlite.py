"""SQLite store: one file, raw bytes kept as received, analysis as JSON beside them.

Every statement uses bound parameters; article text never becomes SQL or a path.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from stemma.model import Article, Link
from stemma.store.base import ArticleSummary, PutResult

SCHEMA_VERSION = 1
BUSY_TIMEOUT = 60.0  # seconds a connection waits for another's write lock

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

_LATEST = "SELECT MAX(version) FROM articles WHERE id = ?"


class SqliteStore:
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
        # written only when missing: opening a store to read it takes no write lock
        if not self.conn.execute("SELECT 1 FROM meta WHERE key = 'schema_version'").fetchone():
            self.conn.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    # -- transactions -------------------------------------------------------------------------
    def _tx(self):
        return _Transaction(self.conn)

    # -- articles -----------------------------------------------------------------------------
    def put_article(self, article: Article, lines: Iterable[str] = ()) -> PutResult:
        return self.put_articles([(article, lines)])[0]

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

    def _put(self, article: Article, lines: Iterable[str]) -> PutResult:
        sha = article.sha256
        row = self.conn.execute(
            "SELECT version FROM articles WHERE id = ? AND sha256 = ?", (article.id, sha)
        ).fetchone()
        if row:
            return PutResult(article.id, row[0], "unchanged")
        latest = self.conn.execute(_LATEST, (article.id,)).fetchone()[0]
        version = (latest or 0) + 1
        article.version = version
        cursor = self.conn.execute(
            "INSERT INTO articles (id, version, sha256, format, path, raw, source, lang, outlet,"
            " title, published, analysis, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                version,
                sha,
                article.format,
                article.path,
                article.raw,
                article.source,
                article.lang,
                article.outlet,
                article.title,
                article.published,
                _analysis_json(article),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        if article.outlet:
            uid = cursor.lastrowid
            self.conn.executemany(
                "INSERT OR IGNORE INTO lines(outlet, key, uid) VALUES (?, ?, ?)",
                [(article.outlet, k, uid) for k in set(lines)],
            )
        return PutResult(article.id, version, "added" if version == 1 else "version")

    def has_content(self, id: str, sha256: str) -> int | None:
        row = self.conn.execute(
            "SELECT version FROM articles WHERE id = ? AND sha256 = ?", (id, sha256)
        ).fetchone()
        return row[0] if row else None

    def replace_analysis(self, article: Article) -> None:
        with self._tx():
            self.conn.execute(
                "UPDATE articles SET lang = ?, outlet = ?, title = ?, published = ?, analysis = ?"
                " WHERE id = ? AND version = ?",
                (
                    article.lang,
                    article.outlet,
                    article.title,
                    article.published,
                    _analysis_json(article),
                    article.id,
                    article.version,
                ),
            )

    def _row(self, id: str, version: int | None, columns: str):
        if version is None:
            return self.conn.execute(
                f"SELECT {columns} FROM articles WHERE id = ? ORDER BY version DESC LIMIT 1",
                (id,),
            ).fetchone()
        return self.conn.execute(
            f"SELECT {columns} FROM articles WHERE id = ? AND version = ?", (id, version)
        ).fetchone()

    def get_article(self, id: str, version: int | None = None) -> Article | None:
        row = self._row(id, version, "id, version, raw, format, source, path, analysis")
        return _article(row) if row else None

    def get_raw(self, id: str, version: int | None = None) -> bytes | None:
        row = self._row(id, version, "raw")
        return bytes(row[0]) if row else None

    def versions(self, id: str) -> list[int]:
        rows = self.conn.execute(
            "SELECT version FROM articles WHERE id = ? ORDER BY version", (id,)
        ).fetchall()
        return [r[0] for r in rows]

    def list_articles(self) -> list[ArticleSummary]:
        rows = self.conn.execute(
            "SELECT a.id, a.version, c.n, a.format, a.lang, a.outlet, a.title, a.published,"
            " a.path, length(a.source)"
            " FROM articles a JOIN (SELECT id, MAX(version) v, COUNT(*) n FROM articles"
            " GROUP BY id) c ON a.id = c.id AND a.version = c.v ORDER BY a.id"
        ).fetchall()
        return [ArticleSummary(*r) for r in rows]

    def iter_articles(self, raw: bool = True) -> Iterator[Article]:
        cur = self.conn.execute(
            f"SELECT a.id, a.version, {'a.raw' if raw else 'NULL'}, a.format, a.source, a.path,"
            " a.analysis"
            " FROM articles a JOIN (SELECT id, MAX(version) v FROM articles GROUP BY id) c"
            " ON a.id = c.id AND a.version = c.v ORDER BY a.id"
        )
        for row in cur:
            yield _article(row)

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(DISTINCT id) FROM articles").fetchone()[0]

    # -- chrome learned across articles --------------------------------------------------------
    def recurring_lines(self, min_articles: int, min_share: float) -> dict[str, set[str]]:
        rows = self.conn.execute(
            "SELECT l.outlet, l.key FROM lines l JOIN articles a ON a.uid = l.uid"
            " JOIN (SELECT outlet, COUNT(DISTINCT id) n FROM articles WHERE outlet IS NOT NULL"
            " GROUP BY outlet) o ON o.outlet = l.outlet"
            " GROUP BY l.outlet, l.key, o.n"
            " HAVING COUNT(DISTINCT a.id) >= ? AND COUNT(DISTINCT a.id) >= ? * o.n",
            (min_articles, min_share),
        ).fetchall()
        found: dict[str, set[str]] = {}
        for outlet, key in rows:
            found.setdefault(outlet, set()).add(key)
        return found

    def articles_with_lines(self, outlet: str, keys: Iterable[str]) -> list[tuple[str, int]]:
        keys = list(keys)
        out: set[tuple[str, int]] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT DISTINCT a.id, a.version FROM lines l JOIN articles a ON a.uid = l.uid"
                f" WHERE l.outlet = ? AND l.key IN ({marks})",
                (outlet, *chunk),
            ).fetchall()
            out.update((r[0], r[1]) for r in rows)
        return sorted(out)

    # -- links and stories (derived; replaced wholesale by each analysis run) -------------------
    def replace_links(self, links: Iterable[Link]) -> None:
        with self._tx():
            self.conn.execute("DELETE FROM links")
            self._insert_links(links)

    def put_links(self, links: Iterable[Link]) -> None:
        """Insert or replace each link (by its pair); the others stay."""
        with self._tx():
            self._insert_links(links)

    def delete_links(self, pairs: Iterable[tuple[str, str]]) -> None:
        with self._tx():
            self.conn.executemany("DELETE FROM links WHERE a = ? AND b = ?", pairs)

    def _insert_links(self, links: Iterable[Link]) -> None:
        # a generator: the links stream into the table, never all serialised at once
        self.conn.executemany(
            "INSERT OR REPLACE INTO links (a, b, kind, score, direction, evidence)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                (ln.a, ln.b, ln.kind, ln.score, ln.direction,
                 json.dumps(asdict(ln.evidence), ensure_ascii=False))
                for ln in links
            ),
        )  # fmt: skip

    def get_links(self, ids: Iterable[str] | None = None) -> list[Link]:
        if ids is None:
            rows = self.conn.execute("SELECT * FROM links ORDER BY a, b").fetchall()
        else:
            wanted = sorted(set(ids))
            rows = []
            for i in range(0, len(wanted), 400):
                chunk = wanted[i : i + 400]
                marks = ",".join("?" * len(chunk))
                rows += self.conn.execute(
                    f"SELECT * FROM links WHERE a IN ({marks}) OR b IN ({marks})", chunk + chunk
                ).fetchall()
            rows = sorted(set(rows), key=lambda r: (r[0], r[1]))
        return [_link(r) for r in rows]

    def replace_stories(self, stories: Iterable[dict]) -> None:
        """Each story is a JSON-ready dict with at least ``id`` and ``articles``."""
        with self._tx():
            self.conn.execute("DELETE FROM story_members")
            self.conn.execute("DELETE FROM stories")
            for story in stories:
                self.conn.execute(
                    "INSERT INTO stories (id, data) VALUES (?, ?)",
                    (story["id"], json.dumps(story, ensure_ascii=False)),
                )
                self.conn.executemany(
                    "INSERT OR IGNORE INTO story_members (story, article) VALUES (?, ?)",
                    [(story["id"], a) for a in story["articles"]],
                )

    def put_stories(self, stories: Iterable[dict]) -> None:
        """Insert or replace each story (its members with it); other stories stay."""
        with self._tx():
            for story in stories:
                self.conn.execute("DELETE FROM story_members WHERE story = ?", (story["id"],))
                self.conn.execute(
                    "INSERT OR REPLACE INTO stories (id, data) VALUES (?, ?)",
                    (story["id"], json.dumps(story, ensure_ascii=False)),
                )
                self.conn.executemany(
                    "INSERT OR IGNORE INTO story_members (story, article) VALUES (?, ?)",
                    [(story["id"], a) for a in story["articles"]],
                )

    def delete_stories(self, ids: Iterable[str]) -> None:
        with self._tx():
            for id in ids:
                self.conn.execute("DELETE FROM story_members WHERE story = ?", (id,))
                self.conn.execute("DELETE FROM stories WHERE id = ?", (id,))

    def story_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM stories ORDER BY id")]

    # -- the analysis stages' tables ------------------------------------------------------------
    def article_digests(self) -> Iterator[tuple[str, str]]:
        """(id, digest) of the latest version of every article, in id order: a hash of all the
        analysis reads of it (its raw bytes' hash and what ingest derived), so a stage tells a
        new or changed article from one it has seen without loading it."""
        cur = self.conn.execute(
            "SELECT a.id, a.sha256, a.analysis"
            " FROM articles a JOIN (SELECT id, MAX(version) v FROM articles GROUP BY id) c"
            " ON a.id = c.id AND a.version = c.v ORDER BY a.id"
        )
        for id, sha, analysis in cur:
            digest = hashlib.sha1(f"{sha}\0{analysis}".encode()).hexdigest()
            yield id, digest

    def stage_rows(
        self, stage: str, keys: Iterable[str] | None = None
    ) -> Iterator[tuple[str, str, bytes]]:
        """(key, inputs, value) of a stage's rows: all of them, or those of ``keys``."""
        if keys is None:
            cur = self.conn.execute(
                "SELECT key, inputs, value FROM stage_rows WHERE stage = ? ORDER BY key", (stage,)
            )
            for key, inputs, value in cur:
                yield key, inputs, bytes(value)
            return
        wanted = list(dict.fromkeys(keys))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT key, inputs, value FROM stage_rows WHERE stage = ? AND key IN ({marks})",
                [stage, *chunk],
            ).fetchall()
            for key, inputs, value in rows:
                yield key, inputs, bytes(value)

    def put_stage_rows(self, stage: str, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Insert or replace (key, inputs, value) rows of ``stage`` in one transaction."""
        with self._tx():
            self.conn.executemany(
                "INSERT OR REPLACE INTO stage_rows (stage, key, inputs, value) VALUES (?, ?, ?, ?)",
                ((stage, k, i, v) for k, i, v in rows),
            )

    def delete_stage_rows(self, stage: str | None = None, keys: Iterable[str] | None = None):
        """Delete rows of ``stage`` (every stage when None): those of ``keys``, or all."""
        with self._tx():
            if keys is None:
                if stage is None:
                    self.conn.execute("DELETE FROM stage_rows")
                else:
                    self.conn.execute("DELETE FROM stage_rows WHERE stage = ?", (stage,))
                return
            self.conn.executemany(
                "DELETE FROM stage_rows WHERE stage = ? AND key = ?", ((stage, k) for k in keys)
            )

    def remove_article(self, id: str) -> bool:
        """Delete every version of article ``id`` (and its remembered lines); True if it was
        there. Links and stories change at the next analysis."""
        with self._tx():
            uids = [r[0] for r in self.conn.execute("SELECT uid FROM articles WHERE id = ?", (id,))]
            self.conn.executemany("DELETE FROM lines WHERE uid = ?", ((u,) for u in uids))
            self.conn.execute("DELETE FROM articles WHERE id = ?", (id,))
        return bool(uids)

    def list_stories(self) -> list[dict]:
        rows = self.conn.execute("SELECT data FROM stories ORDER BY id").fetchall()
        return [json.loads(r[0]) for r in rows]

    def get_story(self, id: str) -> dict | None:
        row = self.conn.execute("SELECT data FROM stories WHERE id = ?", (id,)).fetchone()
        return json.loads(row[0]) if row else None

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT story FROM story_members WHERE article = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

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

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- read-only queries for the views (web, report) ---------------------------------------
    def search_stories(
        self,
        *,
        words: str | None = None,
        outlet: str | None = None,
        lang: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[dict], int]:
        """Summaries of the stories matching every filter, newest first, and how many match.

        ``words`` must each occur (case-insensitively for ASCII) in the story's title or in a
        member's title or text; ``outlet``/``lang``: some member has it; dates (ISO, inclusive):
        some member was published in the range. A summary holds ``id, title, languages,
        first_seen, related, size`` (number of articles) and ``outlets``.
        """
        where, params = _story_filters(words, outlet, lang, date_from, date_to)
        total = self.conn.execute(f"SELECT COUNT(*) FROM stories s{where}", params).fetchone()[0]
        # the page's ids first (a sort on the stored JSON only), then the costlier summary
        # columns for those few stories alone
        ids = [
            r[0]
            for r in self.conn.execute(
                f"SELECT s.id FROM stories s{where}"
                " ORDER BY json_extract(s.data, '$.first_seen') IS NULL,"
                " json_extract(s.data, '$.first_seen') DESC, s.id LIMIT ? OFFSET ?",
                (*params, max(0, limit), max(0, offset)),
            )
        ]
        marks = ",".join("?" * len(ids))
        by_id = {
            r[0]: r
            for r in self.conn.execute(
                "SELECT s.id, json_extract(s.data, '$.title'), json_extract(s.data, '$.languages'),"
                " json_extract(s.data, '$.first_seen'), json_extract(s.data, '$.related'),"
                " (SELECT COUNT(*) FROM story_members m WHERE m.story = s.id),"
                " (SELECT json_group_array(DISTINCT a.outlet) FROM story_members m"
                "  JOIN articles a ON a.id = m.article WHERE m.story = s.id"
                "  AND a.outlet IS NOT NULL)"
                f" FROM stories s WHERE s.id IN ({marks})",
                ids,
            )
        }
        rows = [by_id[i] for i in ids if i in by_id]
        found = [
            {
                "id": id,
                "title": title,
                "languages": json.loads(langs or "[]"),
                "first_seen": first,
                "related": json.loads(related or "[]"),
                "size": size,
                "outlets": sorted(json.loads(outlets or "[]")),
            }
            for id, title, langs, first, related, size, outlets in rows
        ]
        return found, total

    def search_articles(
        self,
        *,
        words: str | None = None,
        outlet: str | None = None,
        lang: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[ArticleSummary], int]:
        """Latest versions matching every filter (as ``search_stories``), newest first."""
        where, params = _article_filters("a", words, outlet, lang, date_from, date_to)
        latest = " a.version = (SELECT MAX(version) FROM articles v WHERE v.id = a.id)"
        where = f" WHERE{latest}" + (f" AND {where}" if where else "")
        total = self.conn.execute(f"SELECT COUNT(*) FROM articles a{where}", params).fetchone()[0]
        rows = self.conn.execute(
            "SELECT a.id, a.version, (SELECT COUNT(*) FROM articles v WHERE v.id = a.id),"
            " a.format, a.lang, a.outlet, a.title, a.published, a.path, length(a.source)"
            f" FROM articles a{where}"
            " ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?",
            (*params, max(0, limit), max(0, offset)),
        ).fetchall()
        return [ArticleSummary(*r) for r in rows], total

    def summaries(self, ids: Iterable[str]) -> list[ArticleSummary]:
        """Summaries of the latest versions of ``ids`` (unknown ids left out), in ``ids`` order."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, ArticleSummary] = {}
        for i in range(0, len(wanted), 400):
            chunk = wanted[i : i + 400]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT a.id, a.version, (SELECT COUNT(*) FROM articles v WHERE v.id = a.id),"
                " a.format, a.lang, a.outlet, a.title, a.published, a.path, length(a.source),"
                " json_extract(a.analysis, '$.when')"
                f" FROM articles a WHERE a.id IN ({marks})"
                " AND a.version = (SELECT MAX(version) FROM articles v WHERE v.id = a.id)",
                chunk,
            ).fetchall()
            found.update(
                (r[0], ArticleSummary(*r[:-1], when=json.loads(r[-1]) if r[-1] else None))
                for r in rows
            )
        return [found[i] for i in wanted if i in found]

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """Outlets and languages with how many articles (all versions' ids) carry each."""
        out = {}
        for name, column in (("outlets", "outlet"), ("languages", "lang")):
            out[name] = [
                (value, n)
                for value, n in self.conn.execute(
                    f"SELECT {column}, COUNT(DISTINCT id) FROM articles"
                    f" WHERE {column} IS NOT NULL GROUP BY {column} ORDER BY {column}"
                )
            ]
        return out

    def list_links(
        self, *, kind: str | None = None, limit: int = 100, offset: int = 0
    ) -> tuple[list[Link], int]:
        """A page of all links (optionally of one ``kind``), ordered by (a, b), and the total."""
        where, params = (" WHERE kind = ?", (kind,)) if kind else ("", ())
        total = self.conn.execute(f"SELECT COUNT(*) FROM links{where}", params).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT * FROM links{where} ORDER BY a, b LIMIT ? OFFSET ?",
            (*params, max(0, limit), max(0, offset)),
        ).fetchall()
        return [_link(r) for r in rows], total

    # -- readers' corrections (kept apart from everything an analysis replaces) -----------------
    def add_correction(self, correction) -> int:
        """Store a ``stemma.corrections.Correction``; its id orders it after every earlier one."""
        c = correction
        with self._tx():
            cur = self.conn.execute(
                "INSERT INTO corrections (action, a, b, value, who, why, made_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (c.action, c.a, c.b, c.value, c.who, c.why, c.when),
            )
        return int(cur.lastrowid)

    def corrections(self, ids: Iterable[str] | None = None) -> list:
        """Every correction, oldest first, or those naming any of ``ids`` (article, story or
        speaker)."""
        from stemma.corrections import Correction

        query = "SELECT id, action, a, b, value, who, why, made_at FROM corrections"
        rows = self.conn.execute(query + " ORDER BY id").fetchall()
        found = [Correction(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[0]) for r in rows]
        if ids is not None:
            wanted = set(ids)
            found = [c for c in found if c.a in wanted or c.b in wanted or c.value in wanted]
        return found


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


def _analysis_json(article) -> str:
    """The analysis as stored: made beforehand (``analysis_json``) or serialised now."""
    made = getattr(article, "analysis_json", None)
    return made if made is not None else json.dumps(article.analysis(), ensure_ascii=False)


def _article(row) -> Article:
    id, version, raw, fmt, source, path, analysis = row
    return Article.from_analysis(
        id=id,
        raw=bytes(raw or b""),
        format=fmt,
        source=source,
        path=path,
        version=version,
        analysis=json.loads(analysis),
    )


def _link(row) -> Link:
    a, b, kind, score, direction, evidence = row
    return Link.from_json(
        {"a": a, "b": b, "kind": kind, "score": score, "direction": direction,
         "evidence": json.loads(evidence)}
    )  # fmt: skip


# -- filters for the views' searches (values always bound, never spliced into SQL) ----------------
def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _article_filters(
    a: str,
    words: str | None,
    outlet: str | None,
    lang: str | None,
    date_from: str | None,
    date_to: str | None,
) -> tuple[str, list]:
    """An SQL condition on the articles row aliased ``a`` (``a`` is a fixed alias) and its values."""
    parts: list[str] = []
    params: list = []
    for word in (words or "").split():
        parts.append(f"({a}.title LIKE ? ESCAPE '\\' OR {a}.source LIKE ? ESCAPE '\\')")
        params += [_like(word)] * 2
    if outlet:
        parts.append(f"{a}.outlet = ?")
        params.append(outlet)
    if lang:
        parts.append(f"{a}.lang = ?")
        params.append(lang)
    if date_from:
        parts.append(f"substr({a}.published, 1, 10) >= ?")
        params.append(date_from[:10])
    if date_to:
        parts.append(f"substr({a}.published, 1, 10) <= ?")
        params.append(date_to[:10])
    return " AND ".join(parts), params


def _story_filters(
    words: str | None,
    outlet: str | None,
    lang: str | None,
    date_from: str | None,
    date_to: str | None,
) -> tuple[str, list]:
    """A WHERE clause on ``stories s``: each filter holds for the story or one of its members."""
    member = (
        "EXISTS (SELECT 1 FROM story_members m JOIN articles a ON a.id = m.article"
        " WHERE m.story = s.id AND {})"
    )
    parts: list[str] = []
    params: list = []
    for word in (words or "").split():
        cond, values = _article_filters("a", word, None, None, None, None)
        parts.append(
            f"(json_extract(s.data, '$.title') LIKE ? ESCAPE '\\' OR {member.format(cond)})"
        )
        params += [_like(word), *values]
    for cond, values in (
        _article_filters("a", None, outlet, None, None, None),
        _article_filters("a", None, None, lang, None, None),
        _article_filters("a", None, None, None, date_from, date_to),
    ):
        if cond:
            parts.append(member.format(cond))
            params += values
    return (" WHERE " + " AND ".join(parts) if parts else ""), params


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
