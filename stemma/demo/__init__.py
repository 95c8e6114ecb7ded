"""The bundled fictional example (``stemma demo``): a statement covered in three languages."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

ARTICLES = Path(__file__).parent / "articles"


def run_demo(db: Path, console: Console) -> int:
    """Ingest the example into ``db`` (afresh) and print what stemma found; returns an exit code."""
    from stemma.analysis import analyse
    from stemma.ingest.pipeline import ingest
    from stemma.store import open_store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with open_store(db) as store:
        report = ingest(store, [ARTICLES])
        console.print(f"[bold]stemma demo[/]: ingested {report.stored} articles from {ARTICLES}")
        for problem in report.problems:
            console.print(f"[red]skipped[/] {escape(str(problem))}")
        table = Table(title="articles", expand=False)
        for col in ("id", "lang", "outlet", "published", "chrome"):
            table.add_column(col, no_wrap=True)
        articles = list(store.iter_articles())
        for a in articles:
            table.add_row(
                escape(a.id),
                a.lang or "",
                escape(a.outlet or ""),
                a.published or "",
                str(len(a.boilerplate)),
            )
        console.print(table)
        for a in articles:
            console.print(f"[bold]{escape(a.id)}[/]: {escape(a.title or '')}")
            for d in a.dates:
                console.print(f"    date {escape(d.text)!s} -> {d.iso} ({d.calendar}, {d.role})")
            for src in a.sources:
                console.print(f"    cites {escape(src.name)} ({escape(src.phrase)})")
        console.print("[bold]linking, clustering into stories, drawing stemmata[/] ...")
        analysis = analyse(store)
        for story in store.list_stories():
            console.print(
                f"[bold]story {escape(story['id'])}[/] ({', '.join(story['languages'])}): "
                f"{escape(story['title'] or '')}"
            )
            if story["related"]:
                console.print(f"    related: {escape(', '.join(story['related']))}")
            stemma = story["stemma"]
            for edge in stemma["edges"]:
                # no arrowhead where the evidence states no direction
                tip = ">" if edge.get("direction", edge["source"]) is not None else "-"
                console.print(
                    f"    {escape(edge['source'])} --{edge['kind']}--{tip} {escape(edge['target'])}"
                )
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(analysis.links.items()))
        console.print(f"links: {kinds or 'none'}")
    console.print(
        f"store: {escape(str(db))}; try: stemma story ID --db {escape(str(db))}, "
        f"stemma show ID --db {escape(str(db))}"
    )
    write_demo_report(db, console)
    return 1 if report.problems else 0


def write_demo_report(db: Path, console: Console) -> Path | None:
    """Write the report of the example's largest story beside ``db`` and say how to see it all
    in the browser; returns the report's path (None when the store holds no story)."""
    from stemma.report import write_report
    from stemma.store import open_store

    with open_store(db) as store:
        stories = sorted(store.list_stories(), key=lambda s: (-len(s["articles"]), s["id"]))
        if not stories:
            return None
        out = Path(db).with_name(f"{Path(db).stem}-report.html")
        written = write_report(store, stories[0]["id"], out, source=Path(db).name)
    console.print(
        f"[bold]report[/] of story {escape(stories[0]['id'])}: {escape(str(written))} "
        "(one self-contained file: open it in any browser, or send it)"
    )
    console.print(
        f"[bold]web view[/]: stemma serve --db {escape(str(db))}  then open http://127.0.0.1:8000/"
    )
    return written
