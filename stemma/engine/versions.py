"""What each stage's rows are computed with: a hash of the code of that stage only.

A stage row keeps a hash of its inputs and of the code that made it; a row made by other code
is made again. Hashing all of stemma for every stage made any change anywhere (a web template,
the quotes, a benchmark helper inside the package) recompute every fingerprint and verdict of
a pile. Here each stage names the modules that compute its rows; the hash covers those modules,
every ``stemma`` module they import (found in their source, imports inside functions too, and
the ``__init__`` of each package on the way), and the data files beside them (a shipped model's
weights), so a change outside what a stage runs keeps its rows.

Every stage also reads the articles as :data:`VIEW` makes them (what ingest analysed, without
the boilerplate the pile teaches): a change there changes each article's text without changing
its stored digest, so it is in every stage's hash.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the ``stemma`` package
PACKAGE = ROOT.name

# The view of an article every stage reads (stemma.engine.local.run makes it).
VIEW = ("stemma.budget", "stemma.reuse.boilerplate", "stemma.model")
DATA = (".json", ".txt")  # data files a module beside them may read


def _path(module: str) -> Path | None:
    """The source file of ``module`` (a dotted name under ``stemma``), or None."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = ROOT.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


# An import statement at the start of a line, at any indent (imports inside functions count):
# ``from X import (names...)`` / ``from X import names`` / ``import X, Y``. Read with a pattern,
# not a parse: a parse of every module took a second, paid by every run. A line of a docstring
# that reads as an import can only add a module to a hash, never leave one out.
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)|import[ \t]+([^\n#]+))",
    re.M,
)


def _imports(module: str, path: Path) -> set[str]:
    """The ``stemma`` modules ``path`` imports anywhere in its source (each name imported from
    a package may itself be a module: both are returned where they exist)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for source, names, plain in _IMPORT.findall(path.read_text(encoding="utf-8")):
        if plain:
            found.update(n.split(" as ")[0].strip() for n in plain.split(","))
            continue
        if source.startswith("."):
            level = len(source) - len(source.lstrip("."))
            base = package.split(".")
            base = base[: len(base) - level + 1]
            source = ".".join([*base, *([source.lstrip(".")] if source.lstrip(".") else [])])
        found.add(source)
        for name in names.strip("()").replace("\\", " ").split(","):
            name = name.split("#")[0].split(" as ")[0].strip()
            if name:
                found.add(f"{source}.{name}")
    out = set()
    for name in found:
        parts = name.split(".")
        # the module and every package above it (importing a.b.c runs a/__init__ and a/b/__init__)
        for n in range(1, len(parts) + 1):
            prefix = ".".join(parts[:n])
            if _path(prefix) is not None:
                out.add(prefix)
    return out


@cache
def closure(modules: tuple[str, ...]) -> tuple[Path, ...]:
    """The source files of ``modules`` and of every ``stemma`` module they import, sorted."""
    todo, seen = list(modules), set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        path = _path(module)
        if path is None:
            raise ValueError(f"{module}: no such module under {ROOT}")
        seen.add(module)
        todo.extend(_imports(module, path) - seen)
        # importing a module runs the ``__init__`` of every package above it
        parts = module.split(".")
        todo.extend(".".join(parts[:n]) for n in range(1, len(parts)))
    return tuple(sorted({_path(m) for m in seen}))


def _files(modules: tuple[str, ...]) -> list[Path]:
    sources = closure(modules)
    data = {
        f
        for src in sources
        for folder in (src.parent, src.parent / "data")
        if folder.is_dir()
        for f in folder.iterdir()
        if f.suffix in DATA and f.is_file()
    }
    return sorted({*sources, *data})


@cache
def version(*modules: str) -> str:
    """A hash of the code ``modules`` run (see the module doc), :data:`VIEW` included."""
    h = hashlib.sha1()
    for f in _files(tuple(sorted({*modules, *VIEW}))):
        h.update(str(f.relative_to(ROOT)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()[:16]
