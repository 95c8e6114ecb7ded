"""Run the benchmarks and write benchmarks/RESULTS.md (what `make bench` calls).

    python -m benchmarks.run               # every benchmark
    python -m benchmarks.run ingest dates  # only these; the other sections of RESULTS.md stay

A benchmark is a module ``benchmarks/<name>.py`` defining ``run(corpora: Path) -> str`` that
returns a markdown section. Each runs in its own subprocess, so its peak memory is its own and a
crash in one does not stop the rest: a failed benchmark gets a section saying why.
"""

from __future__ import annotations

import argparse
import ast
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
# the order sections appear in; benchmarks not listed follow alphabetically
ORDER = [
    *("ingest", "dates", "stories", "order", "reuse", "align", "cost", "collation", "quotes"),
    "web",
]
NOT_BENCHMARKS = {"run", "__init__", "__main__"}
TAIL_CHARS = 3000
SECTION = re.compile(r"<!-- bench:(?P<name>[\w-]+) -->\n.*?<!-- /bench:(?P=name) -->\n", re.S)


def discover(folder: Path = HERE) -> list[str]:
    """Modules in ``folder`` that define a top-level ``run`` function, in report order.

    Found by parsing, not importing, so a broken benchmark cannot break discovery.
    """
    names = []
    for path in folder.glob("*.py"):
        if path.stem in NOT_BENCHMARKS or path.stem.startswith("_"):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        except (SyntaxError, UnicodeDecodeError):
            names.append(path.stem)  # let it run and fail visibly
            continue
        if any(isinstance(n, ast.FunctionDef) and n.name == "run" for n in tree.body):
            names.append(path.stem)
    return sorted(names, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        ram_text = f"{ram:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        ram_text = "unknown"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": str(cores),
        "ram": ram_text,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
    }


def header(now: datetime, names: list[str], subset: bool) -> str:
    m = machine()
    ran = f"`python -m benchmarks.run {' '.join(names)}`" if subset else "`make bench`"
    return (
        "# Benchmark results\n\n"
        f"- Date: {now:%Y-%m-%d %H:%M} (last run: {ran})\n"
        f"- Machine: {m['cores']} cores ({m['cpu']}), {m['ram']} RAM, {m['os']}\n"
        f"- Python: {m['python']}\n"
        "- Command: `make bench` (all sections); each section names the command that "
        "reproduces it alone.\n"
    )


def _worker(name: str, corpora: str, out: str) -> int:
    """Inside the subprocess: import one benchmark, run it, write its section to ``out``."""
    import importlib

    module = importlib.import_module(f"benchmarks.{name}")
    section = module.run(Path(corpora))
    if not isinstance(section, str):
        raise TypeError(f"benchmarks.{name}.run returned {type(section).__name__}, not str")
    Path(out).write_text(section, encoding="utf-8")
    return 0


def run_one(name: str, corpora: Path, timeout: float | None) -> tuple[str, dict]:
    """Run benchmark ``name`` in a subprocess; returns its section and how the run went."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        out = Path(tmp) / "section.md"
        log = Path(tmp) / "stderr.txt"
        cmd = [sys.executable, "-m", "benchmarks.run", "--worker", name, str(corpora), str(out)]
        start = time.perf_counter()
        with log.open("wb") as err:
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=err, stderr=subprocess.STDOUT)
            status, rss_kb = _wait(proc, timeout)
        seconds = time.perf_counter() - start
        stats = {"seconds": seconds, "peak_rss_mb": rss_kb / 1024, "status": status}
        if status == 0 and out.is_file():
            return out.read_text(encoding="utf-8").rstrip() + "\n", stats
        tail = log.read_text(encoding="utf-8", errors="replace")[-TAIL_CHARS:]
        return failed_section(name, status, tail), stats


def _wait(proc: subprocess.Popen, timeout: float | None) -> tuple[int | str, int]:
    """Exit status (or "timeout") and the child's peak RSS in KiB (Linux reports KiB)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage.ru_maxrss
        if deadline is not None and time.monotonic() > deadline:
            proc.kill()
            _, _, usage = os.wait4(proc.pid, 0)
            proc.returncode = -9
            return "timeout", usage.ru_maxrss
        time.sleep(0.2)


def failed_section(name: str, status: int | str, tail: str) -> str:
    why = "ran past its time limit" if status == "timeout" else f"exited with status {status}"
    lines = tail.strip().splitlines()
    last = next((ln for ln in reversed(lines) if ln.strip()), "no output")
    return (
        f"## {name}: FAILED\n\n"
        f"`python -m benchmarks.{name}` {why}: {last.strip()}\n\n"
        "```\n" + tail.strip().replace("```", "'''") + "\n```\n"
    )


def wrap(name: str, section: str, stats: dict, now: datetime) -> str:
    status = "ok" if stats["status"] == 0 else "failed"
    note = (
        f"\n_Run {now:%Y-%m-%d %H:%M}, {status}: {stats['seconds']:.0f} s wall, "
        f"peak RSS of the benchmark process {stats['peak_rss_mb']:.0f} MB._\n"
    )
    return f"<!-- bench:{name} -->\n{section.rstrip()}\n{note}<!-- /bench:{name} -->\n"


def merge(old: str, head: str, sections: dict[str, str], order: list[str]) -> str:
    """RESULTS.md text: ``head``, then every section, new ones replacing their old selves."""
    kept = {m.group("name"): m.group(0) for m in SECTION.finditer(old)}
    kept.update(sections)
    names = sorted(kept, key=lambda n: (order.index(n) if n in order else len(order), n))
    return head + "".join("\n" + kept[n] for n in names)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        return _worker(*argv[1:4])
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--corpora", type=Path, help="corpora folder (default: STEMMA_CORPORA)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="report file")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per benchmark")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from stemma.eval.corpus import corpora_root

    corpora = (args.corpora or corpora_root()).resolve()
    found = discover()
    unknown = [n for n in args.names if n not in found]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)} (found: {', '.join(found)})")
    names = args.names or found
    subset = bool(args.names) and set(args.names) != set(found)
    now = datetime.now()

    sections: dict[str, str] = {}
    failed = []
    for name in names:
        print(f"benchmark {name} ...", file=sys.stderr, flush=True)
        section, stats = run_one(name, corpora, args.timeout)
        if stats["status"] != 0:
            failed.append(name)
        print(
            f"  {name}: {'ok' if stats['status'] == 0 else 'FAILED'} "
            f"in {stats['seconds']:.0f} s, peak RSS {stats['peak_rss_mb']:.0f} MB",
            file=sys.stderr,
            flush=True,
        )
        sections[name] = wrap(name, section, stats, now)

    old = args.out.read_text(encoding="utf-8") if subset and args.out.is_file() else ""
    # sections of benchmarks that no longer exist are dropped
    old = SECTION.sub(lambda m: m.group(0) if m.group("name") in found else "", old)
    args.out.write_text(merge(old, header(now, names, subset), sections, ORDER), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
