"""SQLite store: one file, raw bytes kept as received, analysis as JSON beside them.

Every statement uses bound parameters; article text never becomes SQL or a path.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from stemma.model import AlignedPair, Article, Evidence, Link, Variant
from stemma.store.base import ArticleSummary, PutResult

SCHEMA_VERSION = 1

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
"""

_LATEST = "SELECT MAX(version) FROM articles WHERE id = ?"


class SqliteStore:
    def __init__(self, path: str | Path = "stemma.db"):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.executescript(SCHEMA)
        self.conn.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )

    # -- transactions -------------------------------------------------------------------------
    def _tx(self):
        return _Transaction(self.conn)

    # -- articles -----------------------------------------------------------------------------
    def put_article(self, article: Article, lines: Iterable[str] = ()) -> PutResult:
        sha = article.sha256
        with self._tx():
            row = self.conn.execute(
                "SELECT version FROM articles WHERE id = ? AND sha256 = ?", (article.id, sha)
            ).fetchone()
            if row:
                return PutResult(article.id, row[0], "unchanged")
            latest = self.conn.execute(_LATEST, (article.id,)).fetchone()[0]
            version = (latest or 0) + 1
            article.version = version
            self.conn.execute(
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
                    json.dumps(article.analysis(), ensure_ascii=False),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
            uid = self.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
            if article.outlet:
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
                    json.dumps(article.analysis(), ensure_ascii=False),
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

    def iter_articles(self) -> Iterator[Article]:
        cur = self.conn.execute(
            "SELECT a.id, a.version, a.raw, a.format, a.source, a.path, a.analysis"
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
            self.conn.executemany(
                "INSERT OR REPLACE INTO links (a, b, kind, score, direction, evidence)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        ln.a,
                        ln.b,
                        ln.kind,
                        ln.score,
                        ln.direction,
                        json.dumps(asdict(ln.evidence), ensure_ascii=False),
                    )
                    for ln in links
                ],
            )

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


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (the store stays as before)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        return False


def _article(row) -> Article:
    id, version, raw, fmt, source, path, analysis = row
    return Article.from_analysis(
        id=id,
        raw=bytes(raw),
        format=fmt,
        source=source,
        path=path,
        version=version,
        analysis=json.loads(analysis),
    )


def _link(row) -> Link:
    a, b, kind, score, direction, evidence = row
    ev = json.loads(evidence)
    ev["pairs"] = [AlignedPair(**p) for p in ev.get("pairs", [])]
    ev["variants"] = [Variant(**v) for v in ev.get("variants", [])]
    return Link(a, b, kind, score, direction, Evidence(**ev))
