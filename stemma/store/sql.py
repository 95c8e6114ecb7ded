"""What the SQLite and PostgreSQL stores share: rows to objects and back, and every query that
differs between the two only by its placeholders or a few spellings.

Queries here are written with SQLite's ``?`` placeholders; a store whose driver wants ``%s``
says so in ``MARK`` and ``_sql`` swaps them (no query here holds a literal ``?`` or ``%``). The
few spellings that differ are class attributes a store sets: how to read a text field of a
JSON column, how to turn an aggregate into a JSON array, and which LIKE folds ASCII case.
Each store keeps what truly differs: its schema, its connection and transactions, storing an
article under a race, the analysis lock and vectors.

Every statement binds its values; article text never becomes SQL.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime

from stemma.model import Article, Link
from stemma.store import readback
from stemma.store.base import ArticleSummary, Filters, PutResult

CHUNK = 400  # values bound in one ``IN (...)``: far below SQLite's and PostgreSQL's limits
LINK = "a, b, kind, score, direction, evidence"
SUMMARY = (
    "a.id, a.version, (SELECT COUNT(*) FROM articles v WHERE v.id = a.id),"
    " a.format, a.lang, a.outlet, a.title, a.published, a.path, length(a.source)"
)
LATEST = "(SELECT id, MAX(version) v, COUNT(*) n FROM articles GROUP BY id)"
# a story filter holds when the story or one of its members passes it
MEMBER = (
    "EXISTS (SELECT 1 FROM story_members m JOIN articles a ON a.id = m.article"
    " WHERE m.story = s.id AND {})"
)


class SqlStore:
    """The ``Store`` methods both SQL stores answer with the same queries; a store subclass
    gives ``conn`` (a DB-API connection whose ``execute`` returns a cursor), ``_tx()`` (a
    transaction, rolled back on error) and ``_stream`` where it streams differently."""

    MARK = "?"  # the driver's placeholder
    LIKE = "LIKE"  # case-insensitive for ASCII only, in both stores
    AGG = "json_group_array({})"  # an aggregate as a JSON array, read back as text

    conn = None

    # -- the dialect ---------------------------------------------------------------------------
    def _sql(self, query: str) -> str:
        return query if self.MARK == "?" else query.replace("?", self.MARK)

    def _x(self, query: str, params=()):
        return self.conn.execute(self._sql(query), params)

    def _many(self, query: str, rows: Iterable) -> None:
        """``executemany`` in batches: rows stream in, never all serialised at once."""
        query = self._sql(query)
        cur = self.conn.cursor()
        try:
            for batch in batched(rows, 500):
                cur.executemany(query, batch)
        finally:
            cur.close()

    def _stream(self, query: str, params=()) -> Iterator[tuple]:
        """Rows of a long answer one at a time (a store may fetch them in batches)."""
        yield from self._x(query, params)

    @staticmethod
    def json_text(column: str, key: str) -> str:
        """SQL reading ``key`` of the JSON text in ``column`` as text (arrays as JSON text)."""
        return f"json_extract({column}, '$.{key}')"

    # -- articles -----------------------------------------------------------------------------
    def put_article(self, article: Article, lines: Iterable[str] = ()) -> PutResult:
        return self.put_articles([(article, lines)])[0]

    def _put(self, article: Article, lines: Iterable[str]) -> PutResult:
        """Insert ``article`` as a new version of its id unless its raw bytes are stored;
        inside the caller's transaction."""
        sha = article.sha256
        version = self.has_content(article.id, sha)
        if version is not None:
            return PutResult(article.id, version, "unchanged")
        latest = self._x("SELECT MAX(version) FROM articles WHERE id = ?", (article.id,))
        version = (latest.fetchone()[0] or 0) + 1
        analysis = analysis_json(article)
        uid = self._x(
            "INSERT INTO articles (id, version, sha256, format, path, raw, source, lang, outlet,"
            " title, published, analysis, ingested_at, digest)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING uid",
            (
                article.id,
                version,
                sha,
                article.format,
                article.path,
                bytes(article.raw),
                article.source,
                article.lang,
                article.outlet,
                article.title,
                article.published,
                analysis,
                datetime.now(UTC).isoformat(timespec="seconds"),
                digest_of(sha, analysis),
            ),
        ).fetchone()[0]
        if article.outlet:
            self._many(
                "INSERT INTO lines(outlet, key, uid) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(article.outlet, k, uid) for k in set(lines)],
            )
        article.version = version
        return PutResult(article.id, version, "added" if version == 1 else "version")

    def has_content(self, id: str, sha256: str) -> int | None:
        row = self._x(
            "SELECT version FROM articles WHERE id = ? AND sha256 = ?", (id, sha256)
        ).fetchone()
        return row[0] if row else None

    def replace_analysis(self, article: Article) -> None:
        analysis = analysis_json(article)
        with self._tx():
            row = self._x(
                "SELECT sha256 FROM articles WHERE id = ? AND version = ?",
                (article.id, article.version),
            ).fetchone()
            if row is None:
                return
            self._x(
                "UPDATE articles SET lang = ?, outlet = ?, title = ?, published = ?, analysis = ?,"
                " digest = ? WHERE id = ? AND version = ?",
                (
                    article.lang,
                    article.outlet,
                    article.title,
                    article.published,
                    analysis,
                    digest_of(row[0], analysis),
                    article.id,
                    article.version,
                ),
            )

    def _row(self, id: str, version: int | None, columns: str):
        if version is None:
            return self._x(
                f"SELECT {columns} FROM articles WHERE id = ? ORDER BY version DESC LIMIT 1",
                (id,),
            ).fetchone()
        return self._x(
            f"SELECT {columns} FROM articles WHERE id = ? AND version = ?", (id, version)
        ).fetchone()

    def get_article(self, id: str, version: int | None = None) -> Article | None:
        row = self._row(id, version, "id, version, raw, format, source, path, analysis")
        return article_of(row) if row else None

    def get_raw(self, id: str, version: int | None = None) -> bytes | None:
        row = self._row(id, version, "raw")
        return bytes(row[0]) if row else None

    def versions(self, id: str) -> list[int]:
        rows = self._x("SELECT version FROM articles WHERE id = ? ORDER BY version", (id,))
        return [r[0] for r in rows.fetchall()]

    def list_articles(self) -> list[ArticleSummary]:
        rows = self._x(
            "SELECT a.id, a.version, c.n, a.format, a.lang, a.outlet, a.title, a.published,"
            " a.path, length(a.source)"
            f" FROM articles a JOIN {LATEST} c ON a.id = c.id AND a.version = c.v ORDER BY a.id"
        ).fetchall()
        return [summary_of(r) for r in rows]

    def iter_articles(self, raw: bool = True) -> Iterator[Article]:
        query = (
            f"SELECT a.id, a.version, {'a.raw' if raw else 'NULL'}, a.format, a.source, a.path,"
            f" a.analysis FROM articles a JOIN {LATEST} c ON a.id = c.id AND a.version = c.v"
            " ORDER BY a.id"
        )
        for row in self._stream(query):
            yield article_of(row)

    def get_articles(self, ids: Iterable[str], raw: bool = False) -> Iterator[Article]:
        """The latest versions of ``ids`` (unknown ids left out), in id order, read ``CHUNK``
        at a time: the analysis reads the articles a step needs when it needs them, never the
        whole pile at once. Each id's latest version is found by the (id, version) index, not
        by grouping the whole table as ``LATEST`` does."""
        for chunk in batched(sorted(set(ids)), CHUNK):
            rows = self._x(
                f"SELECT a.id, a.version, {'a.raw' if raw else 'NULL'}, a.format, a.source,"
                f" a.path, a.analysis FROM articles a WHERE a.id IN ({marks(chunk)})"
                " AND a.version = (SELECT MAX(v.version) FROM articles v WHERE v.id = a.id)"
                " ORDER BY a.id",
                chunk,
            ).fetchall()
            for row in rows:
                yield article_of(row)

    def count(self) -> int:
        return int(self._x("SELECT COUNT(DISTINCT id) FROM articles").fetchone()[0])

    def remove_article(self, id: str) -> bool:
        """Delete every version of article ``id`` (and its remembered lines); True if it was
        there. Links and stories change at the next analysis."""
        with self._tx():
            uids = [r[0] for r in self._x("SELECT uid FROM articles WHERE id = ?", (id,))]
            self._many("DELETE FROM lines WHERE uid = ?", [(u,) for u in uids])
            self._x("DELETE FROM articles WHERE id = ?", (id,))
        return bool(uids)

    def article_digests(self) -> Iterator[tuple[str, str]]:
        """(id, digest) of the latest version of every article, in id order: a hash of all the
        analysis reads of it (its raw bytes' hash and what ingest derived, :func:`digest_of`),
        so a stage tells a new or changed article from one it has seen without loading it; the
        same in both stores for the same article. Each is stored beside its article when it is
        put (the ``digest`` column, read through the ``articles_digest`` index: a run reads ids
        and digests only, not every article's analysis); those of articles stored before the
        column existed are made here once."""
        self._fill_digests()
        # every version, the latest of each id last: read off the index alone (a join on the
        # latest versions looks each row up in the table, past its raw bytes and analysis)
        query = "SELECT id, digest FROM articles ORDER BY id, version"
        last = None
        for id, digest in self._stream(query):
            if last is not None and last[0] != id:
                yield last
            last = (id, digest)
        if last is not None:
            yield last

    def _fill_digests(self) -> None:
        """The digest of every stored version that lacks one (stored by an older stemma)."""
        missing = [r[0] for r in self._x("SELECT uid FROM articles WHERE digest IS NULL")]
        if not missing:
            return
        with self._tx():
            for chunk in batched(missing, CHUNK):
                rows = self._x(
                    f"SELECT uid, sha256, analysis FROM articles WHERE uid IN ({marks(chunk)})",
                    chunk,
                ).fetchall()
                self._many(
                    "UPDATE articles SET digest = ? WHERE uid = ?",
                    [(digest_of(sha, analysis), uid) for uid, sha, analysis in rows],
                )

    # -- chrome learned across articles --------------------------------------------------------
    def recurring_lines(self, min_articles: int, min_share: float) -> dict[str, set[str]]:
        rows = self._x(
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
        out: set[tuple[str, int]] = set()
        for chunk in batched(dict.fromkeys(keys), CHUNK):
            rows = self._x(
                "SELECT DISTINCT a.id, a.version FROM lines l JOIN articles a ON a.uid = l.uid"
                f" WHERE l.outlet = ? AND l.key IN ({marks(chunk)})",
                (outlet, *chunk),
            ).fetchall()
            out.update((r[0], r[1]) for r in rows)
        return sorted(out)

    # -- links and stories (derived; replaced by each analysis run) -----------------------------
    def replace_links(self, links: Iterable[Link]) -> None:
        with self._tx():
            self._x("DELETE FROM links")
            self._insert_links(links)

    def put_links(self, links: Iterable[Link]) -> None:
        """Insert or replace each link (by its pair); the others stay."""
        with self._tx():
            self._insert_links(links)

    def delete_links(self, pairs: Iterable[tuple[str, str]]) -> None:
        with self._tx():
            self._many("DELETE FROM links WHERE a = ? AND b = ?", pairs)

    def _insert_links(self, links: Iterable[Link]) -> None:
        self._many(
            "INSERT INTO links (a, b, kind, score, direction, evidence)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (a, b) DO UPDATE SET"
            " kind = excluded.kind, score = excluded.score,"
            " direction = excluded.direction, evidence = excluded.evidence",
            (
                (ln.a, ln.b, ln.kind, ln.score, ln.direction,
                 json.dumps(asdict(ln.evidence), ensure_ascii=False))
                for ln in links
            ),
        )  # fmt: skip

    def get_links(self, ids: Iterable[str] | None = None) -> list[Link]:
        if ids is None:
            rows = self._x(f"SELECT {LINK} FROM links ORDER BY a, b").fetchall()
        else:
            rows = set()
            for chunk in batched(sorted(set(ids)), CHUNK):
                m = marks(chunk)
                rows.update(
                    self._x(
                        f"SELECT {LINK} FROM links WHERE a IN ({m}) OR b IN ({m})", chunk + chunk
                    ).fetchall()
                )
            rows = sorted(rows, key=lambda r: (r[0], r[1]))
        return [link_of(r) for r in rows]

    def replace_stories(self, stories: Iterable[dict]) -> None:
        """Each story is a JSON-ready dict with at least ``id`` and ``articles``."""
        with self._tx():
            self._x("DELETE FROM story_members")
            self._x("DELETE FROM stories")
            self._insert_stories(stories)

    def put_stories(self, stories: Iterable[dict]) -> None:
        """Insert or replace each story (its members with it); other stories stay."""
        with self._tx():
            self._insert_stories(stories)

    def _insert_stories(self, stories: Iterable[dict]) -> None:
        for story in stories:
            self._x("DELETE FROM story_members WHERE story = ?", (story["id"],))
            self._x(
                "INSERT INTO stories (id, data) VALUES (?, ?)"
                " ON CONFLICT (id) DO UPDATE SET data = excluded.data",
                (story["id"], json.dumps(story, ensure_ascii=False)),
            )
            self._many(
                "INSERT INTO story_members (story, article) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(story["id"], a) for a in story["articles"]],
            )

    def delete_stories(self, ids: Iterable[str]) -> None:
        ids = [(id,) for id in ids]
        with self._tx():
            self._many("DELETE FROM story_members WHERE story = ?", ids)
            self._many("DELETE FROM stories WHERE id = ?", ids)

    def story_ids(self) -> list[str]:
        return [r[0] for r in self._x("SELECT id FROM stories ORDER BY id")]

    def list_stories(self) -> list[dict]:
        rows = self._x("SELECT data FROM stories ORDER BY id").fetchall()
        return [readback.loads(r[0]) for r in rows]

    def get_story(self, id: str) -> dict | None:
        row = self._x("SELECT data FROM stories WHERE id = ?", (id,)).fetchone()
        return readback.loads(row[0]) if row else None

    def story_of(self, article_id: str) -> str | None:
        row = self._x(
            "SELECT story FROM story_members WHERE article = ? ORDER BY story LIMIT 1",
            (article_id,),
        ).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- read-only queries for the views (web, report, CLI) ------------------------------------
    def search_stories(
        self, filters: Filters | None = None, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[dict], int]:
        """Summaries of the stories matching every filter, newest first, and how many match.

        ``words`` must each occur (case-insensitively for ASCII) in the story's title or in a
        member's title or text; ``outlet``/``lang``: some member has it; dates (ISO, inclusive):
        some member was published in the range. A summary holds ``id, title, languages,
        first_seen, related, size`` (number of articles) and ``outlets``.
        """
        where, params = self._story_filters(filters or Filters())
        total = self._x(f"SELECT COUNT(*) FROM stories s{where}", params).fetchone()[0]
        # the page's ids first (a sort on the stored JSON only), then the costlier summary
        # columns for those few stories alone
        first = self.json_text("s.data", "first_seen")
        ids = [
            r[0]
            for r in self._x(
                f"SELECT s.id FROM stories s{where}"
                f" ORDER BY {first} IS NULL, {first} DESC, s.id LIMIT ? OFFSET ?",
                (*params, max(0, limit), max(0, offset)),
            )
        ]
        columns = ", ".join(
            self.json_text("s.data", k) for k in ("title", "languages", "first_seen", "related")
        )
        outlets = self.AGG.format("DISTINCT a.outlet")
        # (no query for an empty page: PostgreSQL refuses an empty ``IN ()``)
        by_id = {
            r[0]: r
            for r in ids
            and self._x(
                f"SELECT s.id, {columns},"
                " (SELECT COUNT(*) FROM story_members m WHERE m.story = s.id),"
                f" (SELECT {outlets} FROM story_members m"
                "  JOIN articles a ON a.id = m.article WHERE m.story = s.id"
                "  AND a.outlet IS NOT NULL)"
                f" FROM stories s WHERE s.id IN ({marks(ids)})",
                ids,
            )
        }
        found = [
            {
                "id": id,
                "title": title,
                "languages": json.loads(langs or "[]"),
                "first_seen": first_seen,
                "related": json.loads(related or "[]"),
                "size": int(size),
                "outlets": sorted(json.loads(names or "[]")),
            }
            for id, title, langs, first_seen, related, size, names in (
                by_id[i] for i in ids if i in by_id
            )
        ]
        return found, int(total)

    def search_articles(
        self, filters: Filters | None = None, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[ArticleSummary], int]:
        """Latest versions matching every filter (as ``search_stories``), newest first."""
        where, params = self._article_filters("a", filters or Filters())
        latest = " a.version = (SELECT MAX(version) FROM articles v WHERE v.id = a.id)"
        where = f" WHERE{latest}" + (f" AND {where}" if where else "")
        total = self._x(f"SELECT COUNT(*) FROM articles a{where}", params).fetchone()[0]
        rows = self._x(
            f"SELECT {SUMMARY} FROM articles a{where}"
            " ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?",
            (*params, max(0, limit), max(0, offset)),
        ).fetchall()
        return [summary_of(r) for r in rows], int(total)

    def summaries(self, ids: Iterable[str]) -> list[ArticleSummary]:
        """Summaries of the latest versions of ``ids`` (unknown ids left out), in ``ids`` order."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, ArticleSummary] = {}
        when = self.json_text("a.analysis", "when")
        for chunk in batched(wanted, CHUNK):
            rows = self._x(
                f"SELECT {SUMMARY}, {when} FROM articles a WHERE a.id IN ({marks(chunk)})"
                " AND a.version = (SELECT MAX(version) FROM articles v WHERE v.id = a.id)",
                chunk,
            ).fetchall()
            found.update(
                (r[0], summary_of(r[:-1], when=json.loads(r[-1]) if r[-1] else None)) for r in rows
            )
        return [found[i] for i in wanted if i in found]

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """Outlets and languages with how many articles (all versions' ids) carry each."""
        out = {}
        for name, column in (("outlets", "outlet"), ("languages", "lang")):
            out[name] = [
                (value, int(n))
                for value, n in self._x(
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
        total = self._x(f"SELECT COUNT(*) FROM links{where}", params).fetchone()[0]
        rows = self._x(
            f"SELECT {LINK} FROM links{where} ORDER BY a, b LIMIT ? OFFSET ?",
            (*params, max(0, limit), max(0, offset)),
        ).fetchall()
        return [link_of(r) for r in rows], int(total)

    # -- filters for the views' searches (values always bound, never spliced into SQL) ---------
    def _article_filters(self, a: str, f: Filters) -> tuple[str, list]:
        """An SQL condition on the articles row aliased ``a`` (a fixed alias) and its values."""
        parts: list[str] = []
        params: list = []
        for word in (f.words or "").split():
            parts.append(
                f"({a}.title {self.LIKE} ? ESCAPE '\\' OR {a}.source {self.LIKE} ? ESCAPE '\\')"
            )
            params += [like(word)] * 2
        if f.outlet:
            parts.append(f"{a}.outlet = ?")
            params.append(f.outlet)
        if f.lang:
            parts.append(f"{a}.lang = ?")
            params.append(f.lang)
        if f.date_from:
            parts.append(f"substr({a}.published, 1, 10) >= ?")
            params.append(f.date_from[:10])
        if f.date_to:
            parts.append(f"substr({a}.published, 1, 10) <= ?")
            params.append(f.date_to[:10])
        return " AND ".join(parts), params

    def _story_filters(self, f: Filters) -> tuple[str, list]:
        """A WHERE clause on ``stories s``: each filter holds for the story or one member."""
        parts: list[str] = []
        params: list = []
        title = self.json_text("s.data", "title")
        for word in (f.words or "").split():
            cond, values = self._article_filters("a", Filters(words=word))
            parts.append(f"({title} {self.LIKE} ? ESCAPE '\\' OR {MEMBER.format(cond)})")
            params += [like(word), *values]
        for one in (
            Filters(outlet=f.outlet),
            Filters(lang=f.lang),
            Filters(date_from=f.date_from, date_to=f.date_to),
        ):
            cond, values = self._article_filters("a", one)
            if cond:
                parts.append(MEMBER.format(cond))
                params += values
        return (" WHERE " + " AND ".join(parts) if parts else ""), params

    # -- stage rows: what each analysis stage computed, with a hash of its inputs ----------------
    def stage_rows(
        self, stage: str, keys: Iterable[str] | None = None
    ) -> Iterator[tuple[str, str, bytes]]:
        """(key, inputs, value) of a stage's rows: all of them (streamed), or those of ``keys``."""
        if keys is None:
            query = "SELECT key, inputs, value FROM stage_rows WHERE stage = ? ORDER BY key"
            for key, inputs, value in self._stream(query, (stage,)):
                yield key, inputs, bytes(value)
            return
        for chunk in batched(dict.fromkeys(keys), CHUNK):
            rows = self._x(
                "SELECT key, inputs, value FROM stage_rows WHERE stage = ?"
                f" AND key IN ({marks(chunk)})",
                [stage, *chunk],
            ).fetchall()
            for key, inputs, value in rows:
                yield key, inputs, bytes(value)

    def stage_inputs(self, stage: str) -> Iterator[tuple[str, str]]:
        """(key, inputs) of every row of a stage, streamed, without the values."""
        query = "SELECT key, inputs FROM stage_rows WHERE stage = ? ORDER BY key"
        return ((key, inputs) for key, inputs in self._stream(query, (stage,)))

    def put_stage_rows(self, stage: str, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Insert or replace (key, inputs, value) rows of ``stage`` in one transaction."""
        with self._tx():
            self._many(
                "INSERT INTO stage_rows (stage, key, inputs, value) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (stage, key) DO UPDATE SET inputs = excluded.inputs,"
                " value = excluded.value",
                ((stage, k, i, bytes(v)) for k, i, v in rows),
            )

    def delete_stage_rows(self, stage: str | None = None, keys: Iterable[str] | None = None):
        """Delete rows of ``stage`` (every stage when None): those of ``keys``, or all."""
        with self._tx():
            if keys is None:
                if stage is None:
                    self._x("DELETE FROM stage_rows")
                else:
                    self._x("DELETE FROM stage_rows WHERE stage = ?", (stage,))
                return
            for chunk in batched(keys, CHUNK):
                self._x(
                    f"DELETE FROM stage_rows WHERE stage = ? AND key IN ({marks(chunk)})",
                    [stage, *chunk],
                )

    # -- readers' corrections (kept apart from everything an analysis replaces) -----------------
    def add_correction(self, correction) -> int:
        """Store a ``stemma.corrections.Correction``; its id orders it after every earlier one."""
        c = correction
        with self._tx():
            row = self._x(
                "INSERT INTO corrections (action, a, b, value, who, why, made_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (c.action, c.a, c.b, c.value, c.who, c.why, c.when),
            ).fetchone()
        return int(row[0])

    def corrections(self, ids: Iterable[str] | None = None) -> list:
        """Every correction, oldest first, or those naming any of ``ids`` (article, story or
        speaker)."""
        from stemma.corrections import Correction

        rows = self._x(
            "SELECT id, action, a, b, value, who, why, made_at FROM corrections ORDER BY id"
        ).fetchall()
        found = [Correction(r[1], r[2], r[3], r[4], r[5], r[6], r[7], int(r[0])) for r in rows]
        if ids is not None:
            wanted = set(ids)
            found = [c for c in found if c.a in wanted or c.b in wanted or c.value in wanted]
        return found


# -- rows to objects and back -----------------------------------------------------------------
def digest_of(sha256: str, analysis: str) -> str:
    """An article's digest (``SqlStore.article_digests``): its raw bytes' hash and its stored
    analysis, hashed together."""
    return hashlib.sha1(f"{sha256}\0{analysis}".encode()).hexdigest()


def analysis_json(article) -> str:
    """The analysis as stored: made beforehand (``analysis_json``) or serialised now."""
    made = getattr(article, "analysis_json", None)
    return made if made is not None else json.dumps(article.analysis(), ensure_ascii=False)


def article_of(row) -> Article:
    id, version, raw, fmt, source, path, analysis = row
    return Article.from_analysis(
        id=id,
        raw=bytes(raw or b""),
        format=fmt,
        source=source,
        path=path,
        version=version,
        analysis=readback.loads(analysis),
    )


def link_of(row) -> Link:
    a, b, kind, score, direction, evidence = row
    return Link.from_json(
        {"a": a, "b": b, "kind": kind, "score": score, "direction": direction,
         "evidence": readback.loads(evidence)}
    )  # fmt: skip


def summary_of(row, when: dict | None = None) -> ArticleSummary:
    *head, versions, fmt, lang, outlet, title, published, path, chars = row[:10]
    return ArticleSummary(
        *head, int(versions), fmt, lang, outlet, title, published, path, int(chars), when=when
    )


def like(word: str) -> str:
    """A LIKE pattern matching ``word`` anywhere, its pattern characters taken literally."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def marks(values) -> str:
    return ",".join("?" * len(values))


def batched(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, n)):
        yield batch
