"""Bounded reading of gzip files (``.html.gz``, ``.jsonl.gz``, ``.warc.gz``, ...).

A small gzip file can expand to gigabytes (a "gzip bomb"). The decompressed stream is
therefore read through ``BoundedGzip``, which counts what it hands out and stops with
``GzipBomb`` once the total passes a limit: for a file holding one article the article size
limit itself, for a stream of many articles (JSONL, WARC) ``MAX_RATIO`` times the compressed
size (real news text compresses 3 to 15 times; a bomb a thousand times and more). Each
article inside a stream is bounded by the article size limit as before. Memory stays flat:
nothing is decompressed ahead of what the reader asks for.
"""

from __future__ import annotations

import gzip
import io
import zlib

MAGIC = b"\x1f\x8b"
# Ratio of decompressed to compressed bytes past which a stream of many articles is refused.
MAX_RATIO = 100
# Below this many decompressed bytes the ratio is not checked: a tiny file of repeated lines
# compresses far better than text of real size.
RATIO_FREE_BYTES = 64 << 20


class GzipBomb(Exception):
    """Decompression passed its limit; ``str`` is the reason to report."""


def is_gzip(head: bytes) -> bool:
    return head.startswith(MAGIC)


def inner_name(name: str) -> str:
    """The name of what a gzip file holds: ``page.html.gz`` -> ``page.html``."""
    lower = name.lower()
    for suffix in (".gz", ".gzip"):
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    if lower.endswith(".tgz"):  # a tar inside: its name says tar, which no reader takes
        return name[:-4] + ".tar"
    return name


class BoundedGzip(io.RawIOBase):
    """A read-only binary stream of ``raw``'s decompressed bytes that refuses to hand out more
    than ``limit`` bytes (``GzipBomb`` with ``reason`` then)."""

    def __init__(self, raw, limit: int, reason: str):
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self._limit = limit
        self._reason = reason
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        want = len(buffer)
        try:
            data = self._gz.read(want)
        except (OSError, EOFError, zlib.error) as exc:
            # a truncated or corrupt member: the reader reports it as the file's problem
            raise GzipBomb(f"gzip data is corrupt or truncated ({exc})") from exc
        self.count += len(data)
        if self.count > self._limit:
            raise GzipBomb(self._reason)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._gz.close()
        super().close()


def open_bounded(
    raw, compressed_size: int, *, one_article: bool, max_bytes: int
) -> io.BufferedReader:
    """A buffered stream of the decompressed bytes of ``raw`` (a binary file at its start)."""
    if one_article:
        limit = max_bytes
        reason = (
            f"decompresses to over the {max_bytes / 1e6:g} MB limit for one article "
            "(refused as a possible gzip bomb)"
        )
    else:
        limit = max(RATIO_FREE_BYTES, MAX_RATIO * compressed_size)
        reason = (
            f"gzip bomb refused: expands to over {MAX_RATIO} times its compressed size "
            f"({limit / 1e6:g} MB)"
        )
    return io.BufferedReader(BoundedGzip(raw, limit, reason), buffer_size=1 << 16)
