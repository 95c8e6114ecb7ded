"""Articles, links and stories as Parquet tables, for Spark and for other tools.

``stemma export --format parquet --out DIR`` writes a store's articles here, and the Spark
engine (:mod:`stemma.engine.spark`) reads them back as its input table. An article row keeps
plain columns other tools can query (``id``, ``lang``, ``outlet``, ``title``, ``published``,
``text``) and everything the analysis reads as one JSON column (``analysis``, the store's own
form, :meth:`stemma.model.Article.analysis`), so a row turns back into the same ``Article``.

Rows are written in batches (``BATCH``) through one ``ParquetWriter`` per table, so no table
is held whole in memory. Needs ``pyarrow`` (the ``spark`` extra).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from stemma.model import Article

BATCH = 2_000  # rows per Parquet row group

ARTICLE_COLUMNS = (
    *("id", "version", "format", "path", "lang", "outlet", "title", "published", "url"),
    *("digest", "text", "source", "analysis"),
)


class ParquetMissing(RuntimeError):
    """pyarrow is not installed."""


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # an optional dependency: say how to get it
        raise ParquetMissing(
            "Parquet needs pyarrow: pip install 'stemma[spark]' (or pip install pyarrow)"
        ) from exc
    return pa, pq


def article_schema():
    pa, _ = _pyarrow()
    return pa.schema(
        [
            ("id", pa.string()),
            ("version", pa.int64()),
            *((name, pa.string()) for name in ARTICLE_COLUMNS[2:]),
        ]
    )


def article_row(article: Article, digest: str = "") -> dict:
    data = article.analysis()
    return {
        "id": article.id,
        "version": article.version,
        "format": article.format,
        "path": article.path,
        "lang": article.lang,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published,
        "url": article.url,
        "digest": digest,
        "text": article.text,
        "source": article.source,
        "analysis": json.dumps(data, ensure_ascii=False),
    }


def article_from_row(row) -> Article:
    """The ``Article`` a row was written from (its raw bytes are left out of the table)."""
    get = row.__getitem__
    return Article.from_analysis(
        id=get("id"),
        raw=b"",
        format=get("format"),
        source=get("source"),
        path=get("path"),
        version=int(get("version")),
        analysis=json.loads(get("analysis")),
    )


def _batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_table(path: Path, schema, rows: Iterable[dict], batch: int = BATCH) -> int:
    """``rows`` (dicts keyed by the schema's names) streamed into one Parquet file; the count."""
    pa, pq = _pyarrow()
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for chunk in _batches(rows, batch):
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
        if n == 0:  # an empty table still has its columns
            writer.write_table(pa.Table.from_pylist([], schema=schema))
    return n


def write_articles(
    path: Path, articles: Iterable[Article], digests: dict[str, str] | None = None
) -> int:
    """Articles streamed into a Parquet file at ``path``; how many."""
    digests = digests or {}
    rows = (article_row(a, digests.get(a.id, "")) for a in articles)
    return write_table(path, article_schema(), rows)


def export_articles(store, path: Path) -> int:
    """Every article of ``store`` (latest versions, without raw bytes) into ``path``."""
    digests = dict(store.article_digests())
    return write_articles(path, store.iter_articles(raw=False), digests)


def read_articles(path: Path) -> Iterator[Article]:
    """The articles of a Parquet file or folder written by :func:`write_articles`, batch by
    batch."""
    _, pq = _pyarrow()
    dataset = pq.ParquetDataset(str(path))
    for fragment in dataset.fragments:
        for batch in fragment.to_batches(columns=list(ARTICLE_COLUMNS)):
            for row in batch.to_pylist():
                yield article_from_row(row)
