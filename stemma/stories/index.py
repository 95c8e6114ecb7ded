"""Nearest neighbours of article vectors, kept up to date as articles arrive.

Story clustering compares an article only with its candidates: the pairs of a k-nearest-neighbour
graph. A pair is a candidate when its cosine reaches ``floor`` and one of the two is among the
other's ``k`` nearest (higher cosine first, ties to the smaller id). The graph of a set of vectors
does not depend on the order they arrived in: an item's list only ever improves, so after every
arrival it is the list over everything seen, and the streamed graph equals the batch one. A pair
that stops being a candidate (both sides found ``k`` nearer items since) is reported as dead.

Each arrival costs one scan of the stored vectors (numpy, about 3 ms per 100k vectors of 384
floats; a batch is scanned with a matrix product) and O(k) Python work, where comparing each
article with every similar article costs Python work that grows with the pile. Cosines are summed
in float64 and rounded to 1e-6 (:func:`rounded_cosines`) so that a pair has one cosine however
the product that gave it was cut.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_BLOCK = 4096  # rows per storage block: vectors handed out stay valid as the index grows
_SCAN_FLOATS = 1 << 22  # a batch scan computes at most this many cosines at once
_DECIMALS = 6


def rounded_cosines(block: np.ndarray, stored: np.ndarray) -> np.ndarray:
    """The cosines of ``block``'s rows with ``stored``'s rows (unit vectors), rounded to 1e-6.

    Summed in float64, not float32: a matrix product's float32 sums depend on where a row falls
    among the product's tiles, so two copies of one text got cosines one unit in the last place
    apart with a third article (OpenBLAS on an AMD EPYC: 0.77616847 and 0.7761685, rounded
    0.776168 and 0.776169), and which copy was the third's nearest depended on how the pile was
    cut into batches. The float64 products of float32 numbers are exact and their sums differ by
    some 1e-16 between cuts, below what rounding to 1e-6 can tell (80 million cosines of 4,000
    vectors, half of them copies, cut five ways: 168,153 rounded ones changed in float32, none in
    float64)."""
    out = np.asarray(block, dtype=np.float64) @ np.asarray(stored, dtype=np.float64).T
    return np.round(out, _DECIMALS, out=out)


class NeighbourGraph:
    """Unit vectors and, for each, its ``k`` nearest others at or above ``floor``."""

    def __init__(self, dim: int, k: int, floor: float):
        self.dim, self.k, self.floor = dim, k, floor
        self.ids: list[str] = []
        self._row: dict[str, int] = {}
        self._blocks: list[np.ndarray] = []
        cap = 0
        self._nbr = np.zeros((cap, k), dtype=np.int32)  # rows of each item's neighbours
        self._sim = np.zeros((cap, k), dtype=np.float64)  # their rounded cosines, best first
        self._count = np.zeros(cap, dtype=np.int32)
        self._kth = np.zeros(cap, dtype=np.float64)  # cosine an arrival must reach to enter
        # every id so far arrived after all smaller ones (a batch fed in id order): a row's
        # index then orders ids as they compare, and ties are broken on arrays, not in Python
        # (thousands of copies of one story all tie at cosine 1: checking each arrival against
        # every earlier copy one by one made the graph quadratic in Python calls)
        self._rising = True

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, item: object) -> bool:
        return item in self._row

    def vector(self, item: str) -> np.ndarray:
        """The stored vector (a view that stays valid)."""
        row = self._row[item]
        return self._blocks[row // _BLOCK][row % _BLOCK]

    def neighbours(self, item: str) -> list[str]:
        row = self._row[item]
        return [self.ids[j] for j in self._nbr[row, : self._count[row]]]

    def neighbour_rows(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The neighbour rows of each of ``rows`` (one row each, best first; past its count the
        values mean nothing) and how many each has."""
        return self._nbr[rows], self._count[rows]

    def is_pair(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` are a candidate pair now."""
        ra, rb = self._row.get(a), self._row.get(b)
        if ra is None or rb is None:
            return False
        return bool(
            (self._nbr[ra, : self._count[ra]] == rb).any()
            or (self._nbr[rb, : self._count[rb]] == ra).any()
        )

    def are_pairs(self, a: Sequence[str], b: Sequence[str], chunk: int = 1 << 16) -> np.ndarray:
        """:meth:`is_pair` of each ``(a[m], b[m])``, in arrays (a run asks it of every pair the
        typer answered: half a million at 100,000 articles)."""
        return self.are_row_pairs(self.rows_of(a), self.rows_of(b), chunk)

    def rows_of(self, ids: Sequence[str]) -> np.ndarray:
        """Each id's row in the graph, -1 where it holds none (for :meth:`are_row_pairs`)."""
        return np.fromiter((self._row.get(x, -1) for x in ids), dtype=np.int64, count=len(ids))

    def are_row_pairs(self, ra: np.ndarray, rb: np.ndarray, chunk: int = 1 << 16) -> np.ndarray:
        """:meth:`are_pairs` of articles given by their rows (:meth:`rows_of`; -1: none)."""
        out = np.zeros(len(ra), dtype=bool)
        cols = np.arange(self.k)
        for lo in range(0, len(ra), chunk):
            x, y = ra[lo : lo + chunk], rb[lo : lo + chunk]
            held = (x >= 0) & (y >= 0)
            x, y = np.where(held, x, 0), np.where(held, y, 0)
            listed = (self._nbr[x] == y[:, None]) & (cols < self._count[x][:, None])
            listed |= (self._nbr[y] == x[:, None]) & (cols < self._count[y][:, None])
            out[lo : lo + chunk] = held & listed.any(axis=1)
        return out

    # -- adding ----------------------------------------------------------------------------------

    def add(self, item: str, vec: np.ndarray):
        """Insert one vector; see :meth:`add_many`."""
        return self.add_many([item], np.asarray(vec, dtype=np.float32)[None, :])[0]

    def add_many(self, items: list[str], vecs: np.ndarray):
        """Insert vectors in order (ids already present are skipped); for each, the pairs it
        forms ``[(other, cosine)]`` (sorted by id) and the pairs that died ``[(a, b)]``."""
        out = []
        todo = [(i, item) for i, item in enumerate(items) if item not in self._row]
        seen: set[str] = set()
        todo = [(i, t) for i, t in todo if not (t in seen or seen.add(t))]
        at = 0
        while at < len(todo):
            start = len(self.ids)
            step = max(1, min(len(todo) - at, 1024, _SCAN_FLOATS // (start + 1024)))
            chunk = todo[at : at + step]
            for _, item in chunk:
                self._store(item)
            block = np.asarray(vecs[[i for i, _ in chunk]], dtype=np.float32)
            for (_, item), vec in zip(chunk, block, strict=True):
                self.vector(item)[:] = vec
            sims = self._scan(block, start + len(chunk))
            for j in range(len(chunk)):
                row = start + j
                cos = sims[j, :row]
                out.append(self._link(row, cos))
            at += step
        return out

    def _store(self, item: str) -> None:
        row = len(self.ids)
        if row // _BLOCK == len(self._blocks):
            self._blocks.append(np.zeros((_BLOCK, self.dim), dtype=np.float32))
        if row == len(self._count):
            grow = max(1024, len(self._count))
            self._nbr = np.concatenate([self._nbr, np.zeros((grow, self.k), dtype=np.int32)])
            self._sim = np.concatenate([self._sim, np.zeros((grow, self.k))])
            self._count = np.concatenate([self._count, np.zeros(grow, dtype=np.int32)])
            self._kth = np.concatenate([self._kth, np.full(grow, self.floor)])
        if self.ids and item < self.ids[-1]:
            self._rising = False
        self._row[item] = row
        self.ids.append(item)

    def _scan(self, block: np.ndarray, upto: int) -> np.ndarray:
        """The rounded cosines (:func:`rounded_cosines`) of ``block``'s rows with the first
        ``upto`` stored vectors, a storage block at a time."""
        out = np.empty((len(block), upto))
        wide = np.asarray(block, dtype=np.float64)  # once, not for each storage block
        for b, stored in enumerate(self._blocks):
            rows = min(_BLOCK, upto - b * _BLOCK)
            if rows <= 0:
                break
            out[:, b * _BLOCK : b * _BLOCK + rows] = rounded_cosines(wide, stored[:rows])
        return out

    def _better(self, sim: float, row: int, than_sim: float, than_row: int) -> bool:
        return sim > than_sim or (sim == than_sim and self.ids[row] < self.ids[than_row])

    def _link(self, row: int, cos: np.ndarray):
        k = self.k
        near = np.flatnonzero(cos >= self.floor)
        # its own k nearest
        if len(near) > k:
            kth = np.partition(cos[near], len(near) - k)[len(near) - k]
            near = near[cos[near] >= kth]
            if self._rising and len(near) > k:  # ties at the k-th: the smallest rows (ids)
                above = near[cos[near] > kth]
                near = np.concatenate([above, near[cos[near] == kth][: k - len(above)]])
        if self._rising:
            mine = near[np.lexsort((near, -cos[near]))][:k].tolist()
        else:
            mine = sorted(near.tolist(), key=lambda j: (-cos[j], self.ids[j]))[:k]
        self._nbr[row, : len(mine)] = mine
        self._sim[row, : len(mine)] = cos[mine]
        self._count[row] = len(mine)
        self._kth[row] = cos[mine[-1]] if len(mine) == k else self.floor
        born = set(mine)
        dead: list[tuple[str, str]] = []
        # the items it enters the list of: with ids rising, an arrival tied with an item's
        # k-th ranks after it (a larger id), so only a full list's strictly lower k-th admits it
        kth = self._kth[:row]
        if self._rising:
            enters = np.where(self._count[:row] < k, cos >= kth, cos > kth)
        else:
            enters = cos >= kth
        for other in np.flatnonzero(enters).tolist():
            if self._enter(other, row, float(cos[other]), dead):
                born.add(other)
        pairs = sorted(((self.ids[j], float(cos[j])) for j in born), key=lambda p: p[0])
        return pairs, dead

    def _enter(self, other: int, row: int, sim: float, dead: list) -> bool:
        """Put ``row`` into ``other``'s list if it ranks there; note the pair it pushes out."""
        n = int(self._count[other])
        sims, nbrs = self._sim[other, :n], self._nbr[other, :n]
        if n == self.k and not self._better(sim, row, sims[-1], nbrs[-1]):
            return False
        pos = int(np.searchsorted(-sims, -sim, side="left"))
        while pos < n and sims[pos] == sim and self.ids[nbrs[pos]] < self.ids[row]:
            pos += 1
        out = int(nbrs[-1]) if n == self.k else None
        keep = min(n, self.k - 1)
        self._nbr[other, pos + 1 : keep + 1] = nbrs[pos:keep].copy()
        self._sim[other, pos + 1 : keep + 1] = sims[pos:keep].copy()
        self._nbr[other, pos], self._sim[other, pos] = row, sim
        self._count[other] = keep + 1
        if keep + 1 == self.k:
            self._kth[other] = self._sim[other, self.k - 1]
        if out is not None and not (self._nbr[out, : self._count[out]] == other).any():
            dead.append((self.ids[other], self.ids[out]))
        return True

    # -- taking out ------------------------------------------------------------------------------

    def remove_many(self, items) -> list[tuple[str, str]]:
        """Take ``items`` out (those not held are ignored); the pairs born ``[(a, b)]``.

        An item whose list held one of them takes the next nearest in its place (its list is
        found again over everything left, so the graph is the one of the items left, as if
        they alone had arrived); no other list changes. The rows left are renumbered in id
        order, so ties are broken on arrays again (``_rising``), and the vectors move: a
        vector handed out before is a stale copy."""
        gone = np.zeros(len(self.ids), dtype=bool)
        gone[[self._row[i] for i in items if i in self._row]] = True
        if not gone.any():
            return []
        n, k = len(self.ids), self.k
        count = self._count[:n]
        held = np.arange(k)[None, :] < count[:, None]
        touched = np.flatnonzero((gone[self._nbr[:n]] & held).any(axis=1) & ~gone)
        before = {int(r): set(self._nbr[r, : count[r]].tolist()) for r in touched}
        live = sorted(np.flatnonzero(~gone).tolist(), key=self.ids.__getitem__)
        new_of = np.full(n, -1, dtype=np.int64)
        new_of[live] = np.arange(len(live))
        self._keep_rows(live, new_of)
        born: list[tuple[str, str]] = []
        rows = [int(new_of[old]) for old in touched.tolist()]
        step = max(1, _SCAN_FLOATS // max(len(self.ids), 1))
        for at in range(0, len(rows), step):
            part = rows[at : at + step]
            block = np.stack([self.vector(self.ids[r]) for r in part])
            sims = self._scan(block, len(self.ids))
            for row, cos, old in zip(part, sims, touched[at : at + step].tolist(), strict=True):
                had = {int(new_of[j]) for j in before[old] if not gone[j]}
                born += self._relist(row, cos, had)
        return born

    def _relist(self, row: int, cos: np.ndarray, had: set[int]) -> list[tuple[str, str]]:
        """``row``'s list found again from its cosines with every row (``cos``); the pairs
        born (rows it did not list before, ``had``, and that did not list it)."""
        k = self.k
        cos[row] = -np.inf
        near = np.flatnonzero(cos >= self.floor)
        # ties to the smaller row: rows are in id order here (``_keep_rows``)
        mine = near[np.lexsort((near, -cos[near]))][:k].tolist()
        self._nbr[row, : len(mine)] = mine
        self._sim[row, : len(mine)] = cos[mine]
        self._count[row] = len(mine)
        self._kth[row] = cos[mine[-1]] if len(mine) == k else self.floor
        return [
            (self.ids[row], self.ids[j])
            for j in mine
            if j not in had and not (self._nbr[j, : self._count[j]] == row).any()
        ]

    def _keep_rows(self, live: list[int], new_of: np.ndarray) -> None:
        """Keep only the rows ``live`` (in that order: ``new_of`` maps each old row to its new
        one, -1 for a row dropped); lists lose the dropped rows."""
        n, k, m = len(self.ids), self.k, len(live)
        nbr, sim, count = self._nbr[:n][live], self._sim[:n][live], self._count[:n][live]
        mapped = np.where(np.arange(k)[None, :] < count[:, None], new_of[nbr], -1)
        keep = mapped >= 0
        # each list without its dropped rows, order kept (a stable sort puts them last)
        order = np.argsort(~keep, axis=1, kind="stable")
        self._nbr = np.zeros((max(m, 1024), k), dtype=np.int32)
        self._sim = np.zeros((max(m, 1024), k), dtype=np.float64)
        self._count = np.zeros(max(m, 1024), dtype=np.int32)
        self._kth = np.full(max(m, 1024), self.floor)
        self._nbr[:m] = np.take_along_axis(np.where(keep, mapped, 0), order, axis=1)
        self._sim[:m] = np.take_along_axis(np.where(keep, sim, 0.0), order, axis=1)
        self._count[:m] = keep.sum(axis=1)
        full = self._count[:m] == k
        self._kth[:m][full] = self._sim[:m][full, k - 1]
        self.ids = [self.ids[r] for r in live]
        self._row = {item: r for r, item in enumerate(self.ids)}
        # the vectors gathered a block at a time (no second copy of them all)
        rows = np.asarray(live, dtype=np.int64)
        old, self._blocks = self._blocks, []
        for at in range(0, m, _BLOCK):
            part, block = rows[at : at + _BLOCK], np.zeros((_BLOCK, self.dim), dtype=np.float32)
            for b in np.unique(part // _BLOCK).tolist():
                sel = np.flatnonzero(part // _BLOCK == b)
                block[sel] = old[b][part[sel] % _BLOCK]
            self._blocks.append(block)
        self._rising = all(a < b for a, b in zip(self.ids, self.ids[1:], strict=False))
