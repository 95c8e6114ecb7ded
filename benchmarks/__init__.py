"""Benchmarks run by `make bench`; each module exposes run(corpora: Path) -> str (a markdown section)."""
