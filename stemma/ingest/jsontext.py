"""One bounded JSON reader for every JSON value that comes from outside (files, uploads, lines).

``json.loads`` recurses once per nesting level, so a line of 100,000 ``[`` raises
``RecursionError`` (or worse, exhausts the C stack), and an unbounded string can hold the whole
process's memory. ``loads`` checks the size first and the nesting depth with one linear scan
(strings skipped by a regular expression, brackets counted in C with numpy) before ``json``
parses anything, and turns every failure into a ``ReadError`` whose message names the reason,
so a caller that reports ``ReadError`` per file or per line never stops a batch.

Stored values the program wrote itself (the store's JSON columns) do not pass through here.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

from stemma.ingest.decode import ReadError

__all__ = ["MAX_DEPTH", "MAX_BYTES", "loads", "depth"]

# Real article records nest a few levels (metadata objects, author lists); 64 leaves ample
# room and stays far below the interpreter's recursion limit (1,000).
MAX_DEPTH = 64
MAX_BYTES = 10_000_000  # the same limit as one article file

# A JSON string (escapes included), or a bracket. Strings are matched whole so that brackets
# inside them do not count; an unterminated string matches nothing and json reports it.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_OPEN = np.frombuffer(b"[{", dtype=np.uint8)
_CLOSE = np.frombuffer(b"]}", dtype=np.uint8)


def loads(
    data: str | bytes | bytearray,
    *,
    max_depth: int = MAX_DEPTH,
    max_bytes: int = MAX_BYTES,
    what: str = "JSON",
) -> Any:
    """Parse ``data`` as JSON within limits; ReadError("<what> ...: reason") otherwise.

    ``what`` names the input in the message ("JSON line", "upload", "news-please file").
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes:
        raise ReadError(f"{what} is {len(raw) / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit")
    nesting = depth(raw)
    if nesting > max_depth:
        raise ReadError(f"{what} is nested {nesting} levels deep, over the limit of {max_depth}")
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReadError(
            f"invalid {what}: {exc.msg} (line {exc.lineno} column {exc.colno})"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ReadError(f"invalid {what}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except (ValueError, RecursionError) as exc:  # e.g. an integer of over 4,300 digits
        raise ReadError(f"invalid {what}: {exc}") from exc


def depth(raw: bytes) -> int:
    """The deepest bracket nesting in ``raw`` outside strings (linear time, no recursion)."""
    if b"[" not in raw and b"{" not in raw:
        return 0
    if b'"' in raw:
        raw = _STRING.sub(b"", raw)
    codes = np.frombuffer(raw, dtype=np.uint8)
    steps = np.isin(codes, _OPEN).astype(np.int32) - np.isin(codes, _CLOSE).astype(np.int32)
    steps = steps[steps != 0]
    if not steps.size:
        return 0
    return int(max(0, np.cumsum(steps).max()))
