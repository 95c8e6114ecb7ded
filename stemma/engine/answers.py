"""The typer's answers of a run, held as arrays: for each pair the clusterer asked about,
whether the shared-text rule answered it (left it untyped).

A run keeps them with the clusterer's state, so that a later run may take that state up only
where the typer would answer as it did (``stemma.engine.local._resume``). The clusterer asks
about every pair of the neighbour graph it weighs high enough: 1.45 million pairs at 100,000
articles. A dict keyed by pairs of ids held some 90 bytes a pair for the whole run (130 MB),
and the merged, sorted list of ``[a, b, was]`` written at its end three times that at once;
here a pair is one int64 (both articles numbered in id order) and a byte, 9 bytes an answer,
and the merged answers are read one at a time.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator

import numpy as np

_CHUNK = 1 << 16  # answers turned into Python objects at once while they are read


class Answers:
    """Answers ``(a, b, was)`` (``a < b``) about pairs of ``ids``; a pair answered again keeps
    its last answer, as a dict would."""

    def __init__(self, ids: Iterable[str]):
        self.ids = sorted(ids)
        self._number = {i: n for n, i in enumerate(self.ids)}
        self._keys = array("q")  # a * len(ids) + b, articles by their numbers
        self._was = array("b")
        self._other: dict[tuple[str, str], bool] = {}  # pairs naming an article outside ids

    def put(self, a: str, b: str, was: bool) -> None:
        na, nb = self._number.get(a), self._number.get(b)
        if na is None or nb is None:
            self._other[(a, b)] = bool(was)
            return
        self._keys.append(na * len(self.ids) + nb)
        self._was.append(bool(was))

    def merged(self, earlier: Iterable = ()) -> Merged:
        """``earlier`` answers (``[a, b, was]``, a kept state's) and these, once per pair (these
        win), sorted by pair: re-iterable, each answer made when it is read."""
        first = Answers(self.ids)
        for a, b, was in earlier:
            first.put(a, b, was)
        n = len(self.ids)
        keys = np.concatenate([_np(first._keys, np.int64), _np(self._keys, np.int64)])
        was = np.concatenate([_np(first._was, np.int8), _np(self._was, np.int8)])
        order = np.argsort(keys, kind="stable")
        keys, was = keys[order], was[order]
        last = np.ones(len(keys), dtype=bool)  # the last answer of each pair: later wins
        last[:-1] = keys[1:] != keys[:-1]
        keys, was = keys[last], was[last].astype(bool)
        other = {**first._other, **self._other}
        return Merged(self.ids, keys // max(n, 1), keys % max(n, 1), was, other)


class Merged:
    """Sorted answers ``(a, b, was)``, read off arrays each time they are iterated."""

    def __init__(self, ids, a, b, was, other: dict[tuple[str, str], bool]):
        self.ids, self._a, self._b, self._was = ids, a, b, was
        self._other = other

    def __len__(self) -> int:
        return len(self._a) + len(self._other)

    def __iter__(self) -> Iterator[tuple[str, str, bool]]:
        if self._other:  # pairs outside the numbering (none in a run): all sorted in Python
            yield from sorted(
                [*self._numbered(), *((a, b, w) for (a, b), w in self._other.items())]
            )
            return
        yield from self._numbered()

    def _numbered(self) -> Iterator[tuple[str, str, bool]]:
        ids = self.ids
        for at in range(0, len(self._a), _CHUNK):
            part = zip(
                self._a[at : at + _CHUNK].tolist(),
                self._b[at : at + _CHUNK].tolist(),
                self._was[at : at + _CHUNK].tolist(),
                strict=True,
            )
            for a, b, was in part:
                yield ids[a], ids[b], was

    def names(self) -> set[str]:
        """The articles the answers name."""
        rows = np.unique(np.concatenate([self._a, self._b]))
        return {self.ids[r] for r in rows.tolist()} | {x for p in self._other for x in p}


def _np(values: array, dtype) -> np.ndarray:
    return np.frombuffer(values, dtype=dtype) if len(values) else np.zeros(0, dtype=dtype)
