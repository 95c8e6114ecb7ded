"""Notes: what a reader says about an input it did read.

A container skips some of what it holds on purpose (a WARC's request and image records, a
feed's link-only items). That is worth one line, but it is not a problem with the input, so
the reader yields a ``Note``: the ingest report lists it among its notes, never among the
skipped inputs, and it does not change the exit status.
"""

from __future__ import annotations

from dataclasses import dataclass

from stemma.model import Problem


@dataclass
class Note(Problem):
    """One line about an input that was read; never counted as skipped."""
