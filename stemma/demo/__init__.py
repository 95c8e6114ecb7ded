"""The bundled fictional example (``stemma demo``): a statement covered in three languages."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

ARTICLES = Path(__file__).parent / "articles"


def run_demo(db: Path, console: Console) -> int:
    """Ingest the example into ``db`` (afresh) and print what stemma found; returns an exit code."""
    from stemma.ingest.pipeline import ingest
    from stemma.store import open_store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with open_store(db) as store:
        report = ingest(store, [ARTICLES])
        console.print(f"[bold]stemma demo[/]: ingested {report.stored} articles from {ARTICLES}")
        for problem in report.problems:
            console.print(f"[red]skipped[/] {escape(str(problem))}")
        table = Table(title="articles")
        for col in ("id", "lang", "outlet", "published", "title", "chrome lines", "dates"):
            table.add_column(col, overflow="fold")
        for article in store.iter_articles():
            table.add_row(
                escape(article.id),
                article.lang or "",
                escape(article.outlet or ""),
                article.published or "",
                escape((article.title or "")[:60]),
                str(len(article.boilerplate)),
                escape(", ".join(f"{d.iso} ({d.calendar})" for d in article.dates[:3])),
            )
        console.print(table)
    console.print(f"store: {escape(str(db))}; try: stemma show ID --db {escape(str(db))}")
    return 1 if report.problems else 0
