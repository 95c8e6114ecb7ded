"""The tasks ``stemma eval CORPUS --task TASK`` can score, and the registry later stages fill.

A task is a name, the metrics it reports and a ``run(corpus, seed) -> {metric: value}``
function. Tasks whose stage is not built yet are registered without a runner, so the CLI can
list them and say where they will come from. A later stage adds its runner with::

    from stemma.eval.tasks import Task, register
    register(Task("stories", "...", STORY_METRICS, run=run_stories))

or points ``entry`` at ``"package.module:function"``, imported only when the task runs (so
``stemma.eval`` never imports the heavier stages up front).
"""

from __future__ import annotations

import importlib
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from stemma.eval.corpus import Corpus, open_corpus

RunFn = Callable[[Corpus, int], dict[str, float]]


class TaskUnavailable(RuntimeError):
    """The task is known but its stage is not built (or not installed) yet."""


class UnknownTask(ValueError):
    """No task of that name."""


@dataclass(frozen=True)
class Task:
    name: str
    description: str
    metric_names: tuple[str, ...]
    run: RunFn | None = None
    entry: str | None = None  # "module:function", imported when the task runs
    arrives_with: str | None = None  # which piece of work brings it, for the error message

    @property
    def available(self) -> bool:
        return self.run is not None or self.entry is not None


TASKS: dict[str, Task] = {}


def register(task: Task) -> Task:
    """Add or replace a task (later stages replace the placeholders registered here)."""
    TASKS[task.name] = task
    return task


def runner(name: str) -> Callable[[RunFn], RunFn]:
    """Decorator attaching a run function to the already registered task ``name``."""

    def attach(fn: RunFn) -> RunFn:
        register(replace(get_task(name), run=fn))
        return fn

    return attach


def get_task(name: str) -> Task:
    try:
        return TASKS[name]
    except KeyError:
        known = ", ".join(sorted(TASKS))
        raise UnknownTask(f"unknown task {name!r} (tasks: {known})") from None


def _resolve(task: Task) -> RunFn:
    if task.run is not None:
        return task.run
    if task.entry is None:
        later = f" (it arrives with {task.arrives_with})" if task.arrives_with else ""
        raise TaskUnavailable(f"task {task.name!r} is not implemented yet{later}")
    module_name, _, attr = task.entry.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # only a missing stage module means "not there yet"; other import errors are bugs
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            raise TaskUnavailable(
                f"task {task.name!r} needs {module_name}, which is not installed"
            ) from exc
        raise
    return getattr(module, attr)


def run_task(
    name: str, corpus_path: str | Path | Corpus, seed: int = 0, split: str | None = None
) -> dict[str, Any]:
    """Run task ``name`` on a corpus (folder, bare name under STEMMA_CORPORA, or Corpus).

    Returns ``{"task": name, "corpus": label, "metrics": {metric: value}}`` with the metrics in
    the task's declared order. Raises UnknownTask, TaskUnavailable, or CorpusNotFound.
    """
    task = get_task(name)
    fn = _resolve(task)
    corpus = corpus_path if isinstance(corpus_path, Corpus) else open_corpus(corpus_path, split)
    metrics = fn(corpus, seed)
    missing = [m for m in task.metric_names if m not in metrics]
    if missing:
        raise RuntimeError(f"task {name!r} did not report {', '.join(missing)}")
    ordered = {m: metrics[m] for m in task.metric_names}
    ordered.update((k, v) for k, v in metrics.items() if k not in ordered)
    return {"task": name, "corpus": corpus.label, "metrics": ordered}


def format_result(result: dict[str, Any]) -> str:
    """A plain-text rendering of a :func:`run_task` result, one metric a line."""
    lines = [f"{result['task']} on {result['corpus']}"]
    width = max((len(k) for k in result["metrics"]), default=0)
    for key, value in result["metrics"].items():
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        lines.append(f"  {key:<{width}}  {shown}")
    return "\n".join(lines)


# --- ingest: the one task the foundation can run by itself -----------------------------------


def _count(value: Any) -> int:
    return value if isinstance(value, int) else len(value)


def run_ingest(corpus: Corpus, seed: int = 0) -> dict[str, float]:
    """Ingest the corpus articles (never the gold) into a fresh temporary SQLite store.

    ``articles``: articles stored; ``skipped``: inputs reported as problems; ``articles_per_s``:
    inputs handled (stored, unchanged or skipped) per second of wall time. ``seed`` is unused.
    """
    try:
        from stemma.ingest.pipeline import ingest
        from stemma.store import open_store
    except ImportError as exc:
        raise TaskUnavailable(
            f"task 'ingest' needs the ingest pipeline, not available: {exc}"
        ) from exc

    with tempfile.TemporaryDirectory(prefix="stemma-eval-") as tmp:
        store = open_store(Path(tmp) / "eval.db")
        try:
            start = time.perf_counter()
            report = ingest(store, [corpus.articles_path])
            seconds = time.perf_counter() - start
        finally:
            store.close()
    stored = _count(report.added) + _count(report.versions)
    skipped = len(report.problems)
    handled = stored + _count(report.unchanged) + skipped
    return {
        "articles": stored,
        "skipped": skipped,
        "articles_per_s": handled / seconds if seconds > 0 else 0.0,
    }


STORY_METRICS = ("bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_f1", "ari")
REUSE_METRICS = ("macro_f1", "derived_f1")
ALIGN_METRICS = ("strict_f1", "lax_f1")
QUOTE_METRICS = ("content_f1", "source_agreement")
INGEST_METRICS = ("articles", "skipped", "articles_per_s")

register(
    Task(
        "ingest",
        "ingest the corpus articles into a temporary store: how many, how fast",
        INGEST_METRICS,
        run=run_ingest,
    )
)
register(
    Task(
        "stories",
        "cluster the corpus into stories, scored against the gold `story`",
        STORY_METRICS,
        entry="stemma.stories.evaluate:run_stories",
    )
)
register(
    Task(
        "reuse",
        "type each gold (source, derived) pair as WD/PD/ND (COUNTER layout)",
        REUSE_METRICS,
        entry="stemma.reuse.evaluate:run_reuse",
    )
)
register(
    Task(
        "align",
        "align each non-English article with its story's English one, after seeded "
        "perturbations, scored against the gold `sentences`",
        ALIGN_METRICS,
        entry="stemma.eval.alignment:run_align",
    )
)
register(
    Task(
        "quotes",
        "extract quotes, scored against PolNeAR-style `attributions` (content F1 with half-span "
        "overlap; source agreement among found contents)",
        QUOTE_METRICS,
        entry="stemma.quotes.evaluate:run_quotes",
    )
)
