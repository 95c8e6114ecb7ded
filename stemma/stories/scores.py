"""Pair scores held compactly: what the story clusterer knows of each pair of articles it scored.

A pile of 100,000 articles has some 2.6 million scored pairs. Held as a dictionary of
dictionaries both ways with a tuple of three floats per pair, each cost some 190 bytes (36 MB
for the 265,000 pairs of the 10,000-article cost pile, measured with tracemalloc). Here a pair
is one 64-bit key (the two articles' numbers) in a sorted array beside its three float64
values: 32 bytes a pair. Pairs scored since the last merge wait in a dictionary of at most
:data:`BUFFER` entries (a look-up there costs what it cost before), and are merged into the
arrays in one step when it fills: a pair is found by a dictionary look-up, then a binary search.

The arrays are also the kept form (``stemma.stages.groups``): written and read back without a
Python step per pair.

A pair can be dropped (:meth:`drop`, rows :meth:`within` a set of articles lists): its row is
marked gone at once and taken out of the arrays at the next merge, so dropping costs nothing per
pair kept. The clusterer drops the pairs of a group it will not read again (see
``StoryClusterer._keep_read``): a dense group of n near-copies weighs n^2 / 2 pairs.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

Known = tuple[float, float, float] | None
BUFFER = 1 << 16  # pairs scored since the last merge (some 12 MB of dictionary at most)
_LOW = (1 << 32) - 1
_GONE = -np.inf  # a dropped row's values until the next merge takes it out


class PairScores:
    """``(probability, log-odds without the names, probability leaving the dates aside)`` of
    article pairs, or None for a pair under ``keep``; a pair is the same whichever way it is
    named. :meth:`get` answers ``False`` for a pair never scored."""

    def __init__(self) -> None:
        self.ids: list[str] = []  # article numbers, in the order they were first named
        self._at: dict[str, int] = {}
        self._keys = np.zeros(0, dtype=np.int64)  # sorted
        self._vals = np.zeros((0, 3), dtype=np.float64)  # NaN: None (under ``keep``)
        self._new: dict[int, Known] = {}
        self._gone = 0  # rows of the arrays dropped since the last merge

    @classmethod
    def from_arrays(cls, ids: list[str], pairs: np.ndarray, vals: np.ndarray) -> PairScores:
        """The scores of ``pairs`` (rows of two article numbers, positions in ``ids``) with
        their ``vals`` (``n x 3``, NaN for None): the form :meth:`arrays` gives."""
        out = cls()
        out.ids = list(ids)
        out._at = {item: n for n, item in enumerate(out.ids)}
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        if len(pairs) and (pairs.min() < 0 or pairs.max() >= len(out.ids)):
            raise ValueError("a kept pair names an article not kept")
        lo, hi = pairs.min(axis=1), pairs.max(axis=1)
        keys = (lo << 32) | hi
        order = np.argsort(keys, kind="stable")
        out._keys = keys[order]
        out._vals = np.asarray(vals, dtype=np.float64).reshape(-1, 3)[order]
        if len(out._keys) > 1 and not (np.diff(out._keys) > 0).all():
            raise ValueError("a pair is kept twice")
        return out

    def _number(self, item: str) -> int:
        at = self._at.get(item)
        if at is None:
            at = self._at[item] = len(self.ids)
            self.ids.append(item)
        return at

    def _key(self, a: str, b: str) -> int | None:
        ia, ib = self._at.get(a), self._at.get(b)
        if ia is None or ib is None:
            return None
        return (ia << 32) | ib if ia < ib else (ib << 32) | ia

    def get(self, a: str, b: str) -> Known | bool:
        """The pair's scores, None under ``keep``, False when it was never scored."""
        key = self._key(a, b)
        if key is None:
            return False
        known = self._new.get(key, False)
        if known is not False or not len(self._keys):
            return known
        at = int(self._keys.searchsorted(key))
        if at == len(self._keys) or int(self._keys[at]) != key:
            return False
        vals = self._vals[at].tolist()
        return False if vals[0] == _GONE else _known(vals)

    def put(self, a: str, b: str, known: Known) -> None:
        """Keep the pair's scores (``known`` as :meth:`get` gives it)."""
        ia, ib = self._number(a), self._number(b)
        self._new[(ia << 32) | ib if ia < ib else (ib << 32) | ia] = known
        if len(self._new) >= BUFFER:
            self._merge()

    def merge(self) -> None:
        """The waiting pairs into the sorted arrays, dropped rows out of them: :meth:`within`
        lists the arrays' pairs only."""
        self._merge()

    def _merge(self) -> None:
        """The waiting pairs into the sorted arrays (a pair kept again replaces its values), and
        the dropped rows out of them."""
        if self._gone:
            live = self._vals[:, 0] != _GONE
            self._keys, self._vals = self._keys[live], self._vals[live]
            self._gone = 0
        if not self._new:
            return
        keys = np.fromiter(self._new.keys(), dtype=np.int64, count=len(self._new))
        vals = np.array(
            [(np.nan, np.nan, np.nan) if v is None else v for v in self._new.values()],
            dtype=np.float64,
        ).reshape(-1, 3)
        self._new = {}
        order = np.argsort(keys, kind="stable")
        keys, vals = keys[order], vals[order]
        at = self._keys.searchsorted(keys)
        again = at < len(self._keys)
        again[again] = self._keys[at[again]] == keys[again]
        self._vals[at[again]] = vals[again]
        fresh = ~again
        self._keys = np.insert(self._keys, at[fresh], keys[fresh])
        self._vals = np.insert(self._vals, at[fresh], vals[fresh], axis=0)

    def within(self, items: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(rows, i, j)``: the rows of the arrays holding a pair of two of ``items``, and the
        two articles' positions in ``items`` (``i < j``). Pairs waiting to be merged are not
        listed (:meth:`merge` first), nor rows dropped. Costs the pairs of the items' articles
        whose number is the smaller of the pair, not the whole arrays."""
        nums = np.array([self._at.get(item, -1) for item in items], dtype=np.int64)
        known = np.flatnonzero(nums >= 0)
        empty = np.zeros(0, dtype=np.int64)
        if not len(known) or not len(self._keys):
            return empty, empty, empty
        order = known[np.argsort(nums[known])]
        sorted_nums = nums[order]  # the items' numbers, ascending; ``order``: their positions
        starts = self._keys.searchsorted(sorted_nums << 32)
        ends = self._keys.searchsorted((sorted_nums + 1) << 32)
        counts = ends - starts
        total = int(counts.sum())
        if not total:
            return empty, empty, empty
        # every row whose smaller number is one of the items': the runs starts..ends, flattened
        first = np.repeat(starts - np.cumsum(counts) + counts, counts)
        rows = first + np.arange(total)
        lo_pos = np.repeat(order, counts)
        hi = self._keys[rows] & _LOW
        at = np.minimum(sorted_nums.searchsorted(hi), len(sorted_nums) - 1)
        inside = (sorted_nums[at] == hi) & (self._vals[rows, 0] != _GONE)
        rows, lo_pos, hi_pos = rows[inside], lo_pos[inside], order[at[inside]]
        return rows, np.minimum(lo_pos, hi_pos), np.maximum(lo_pos, hi_pos)

    def values(self, rows: np.ndarray) -> np.ndarray:
        """The ``n x 3`` values of ``rows`` of the arrays (as :meth:`within` lists them)."""
        return self._vals[rows]

    def drop(self, rows: np.ndarray) -> None:
        """Forget the pairs of ``rows`` of the arrays (as :meth:`within` lists them): they read
        as never scored from now on."""
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows):
            fresh = rows[self._vals[rows, 0] != _GONE]
            self._vals[fresh] = _GONE
            self._gone += len(fresh)

    def forget(self, items) -> None:
        """Forget every pair naming one of ``items`` (taken out of the pile): they read as
        never scored. Their numbers stay theirs (one taken in again is numbered as before)."""
        self._merge()
        nums = np.array([self._at[i] for i in items if i in self._at], dtype=np.int64)
        if len(nums) and len(self._keys):
            hit = np.isin(self._keys >> 32, nums) | np.isin(self._keys & _LOW, nums)
            self.drop(np.flatnonzero(hit))

    def __len__(self) -> int:
        self._merge()
        return len(self._keys)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """``(pairs, vals)``: each pair's two article numbers (positions in :attr:`ids`, the
        smaller first) as an ``n x 2`` int64 array, and its ``n x 3`` values (NaN: None)."""
        self._merge()
        pairs = np.stack([self._keys >> 32, self._keys & _LOW], axis=1)
        return pairs, self._vals

    def reaching(self, column: int, at_least: float) -> Iterator[tuple[str, str, Known]]:
        """``(a, b, scores)`` of the pairs whose value ``column`` reaches ``at_least`` (a pair
        under ``keep`` never does), ``a < b``, in no set order."""
        self._merge()
        rows = np.flatnonzero(self._vals[:, column] >= at_least)
        ids = self.ids
        for key, vals in zip(self._keys[rows].tolist(), self._vals[rows].tolist(), strict=True):
            a, b = ids[key >> 32], ids[key & _LOW]
            yield (a, b, tuple(vals)) if a < b else (b, a, tuple(vals))

    def reaching_pairs(
        self, column: int, at_least: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`reaching` as arrays: the two article numbers (positions in :attr:`ids`,
        the smaller number first) of each pair and its value ``column``."""
        self._merge()
        rows = np.flatnonzero(self._vals[:, column] >= at_least)
        keys = self._keys[rows]
        return keys >> 32, keys & _LOW, self._vals[rows, column]

    def items(self) -> Iterator[tuple[str, str, Known]]:
        """``(a, b, scores)`` of every pair, ``a < b``, in no set order."""
        self._merge()
        ids = self.ids
        for key, vals in zip(self._keys.tolist(), self._vals.tolist(), strict=True):
            a, b = ids[key >> 32], ids[key & _LOW]
            yield (a, b, _known(vals)) if a < b else (b, a, _known(vals))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PairScores):
            return NotImplemented
        mine = {(a, b): v for a, b, v in self.items()}
        theirs = {(a, b): v for a, b, v in other.items()}
        return mine == theirs

    __hash__ = None  # type: ignore[assignment]


def _known(vals: list[float]) -> Known:
    return None if vals[0] != vals[0] else (vals[0], vals[1], vals[2])
