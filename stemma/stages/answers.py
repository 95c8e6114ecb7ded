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
from collections.abc import Iterable, Iterator, Mapping

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

    def merged(self, earlier: Iterable | Merged = ()) -> Merged:
        """``earlier`` answers (a kept state's: ``[a, b, was]`` or :class:`Merged`) and these,
        once per pair (these win), sorted by pair: re-iterable, each answer made when it is
        read."""
        n = len(self.ids)
        if isinstance(earlier, Merged):  # renumbered as arrays: no Python step per answer
            number = np.array([self._number.get(i, -1) for i in earlier.ids], dtype=np.int64)
            na, nb = number[earlier._a], number[earlier._b]
            inside = (na >= 0) & (nb >= 0)
            first_keys, first_was = na[inside] * n + nb[inside], earlier._was[inside]
            outside = np.flatnonzero(~inside).tolist()
            first_other = {
                (earlier.ids[earlier._a[k]], earlier.ids[earlier._b[k]]): bool(earlier._was[k])
                for k in outside
            }
            first_other.update(earlier._other)
        else:
            first = Answers(self.ids)
            for a, b, was in earlier:
                first.put(a, b, was)
            first_keys, first_was = _np(first._keys, np.int64), _np(first._was, np.int8)
            first_other = first._other
        keys = np.concatenate([first_keys, _np(self._keys, np.int64)])
        was = np.concatenate([np.asarray(first_was, dtype=np.int8), _np(self._was, np.int8)])
        order = np.argsort(keys, kind="stable")
        keys, was = keys[order], was[order]
        last = np.ones(len(keys), dtype=bool)  # the last answer of each pair: later wins
        last[:-1] = keys[1:] != keys[:-1]
        keys, was = keys[last], was[last].astype(bool)
        other = {**first_other, **self._other}
        return Merged(self.ids, keys // max(n, 1), keys % max(n, 1), was, other)


class Merged:
    """Answers ``(a, b, was)``, read off arrays each time they are iterated: ``ids[a[k]]``,
    ``ids[b[k]]``, ``was[k]`` (sorted by pair as :meth:`Answers.merged` makes them; a kept
    state's in the order it kept them), and ``other`` answers held as a dict."""

    def __init__(self, ids, a, b, was, other: dict[tuple[str, str], bool] | None = None):
        self.ids, self._a, self._b = ids, np.asarray(a, np.int64), np.asarray(b, np.int64)
        self._was = np.asarray(was, dtype=bool)
        self._other = other or {}

    @classmethod
    def of(cls, answers: Iterable) -> Merged:
        """``[a, b, was]`` answers as arrays (their order kept)."""
        answers = list(answers)
        ids = sorted({x for a, b, _ in answers for x in (a, b)})
        at = {i: n for n, i in enumerate(ids)}
        return cls(
            ids,
            [at[a] for a, _, _ in answers],
            [at[b] for _, b, _ in answers],
            [bool(w) for _, _, w in answers],
        )

    def rows(self, number: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray] | None:
        """Each answer's pair as the numbers ``number`` gives its articles, None when one names
        an article ``number`` lacks."""
        if self._other:
            return None
        at = np.array([number.get(i, -1) for i in self.ids], dtype=np.int64)
        ra, rb = at[self._a], at[self._b]
        if (ra < 0).any() or (rb < 0).any():
            return None
        return ra, rb

    def was(self) -> np.ndarray:
        """Each answer's ``was`` (the numbered answers, in order)."""
        return self._was

    def keep(self, mask: np.ndarray) -> Merged:
        """The numbered answers where ``mask`` holds (those in ``other`` all kept)."""
        return Merged(self.ids, self._a[mask], self._b[mask], self._was[mask], dict(self._other))

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """The numbered answers' pairs as positions in :attr:`ids`."""
        return self._a, self._b

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
