"""Work whose objects die with it, done without Python's cycle collector.

CPython's collector runs a young collection every few hundred objects made, and a full one
(over every tracked object the run holds) whenever the objects moved to its oldest generation
since the last full one reach a quarter of those it found there: its cost is some four scans
of each object that lives long enough to be moved there. A story's record reads its links
whole (93,120 links of one story of 100,000 articles, each with its aligned passages): made,
read and let go, yet alive across many young collections, they were moved to the oldest
generation and paid for full collections over the pile's whole state (at 100,000 articles an
incremental run spent 13 of its 130 CPU s in full collections, 6 of them while links were
made whole). Made with the collector paused, they are freed by their reference counts as
they are let go and never reach it. Reference cycles made inside wait for the next collection
after it, as they would have waited for the next full one.

The run also builds what it then holds to its end with the collector paused (the kept state
taken up, the final graph's links, the directions settled): while such a build grows the heap,
a full collection comes each time it has grown by a quarter, each over all of it; paused, its
objects are scanned when it ends. Measured on that step: 13.3 -> 3.4 CPU s of full collections,
the same dump.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def short_lived() -> Iterator[None]:
    """The cycle collector paused while the block runs (as it was after: a block inside
    another, or run while something else paused it, leaves it paused)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
