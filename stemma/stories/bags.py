"""Many articles' bags of tokens compared over many pairs at once.

The story clusterer weighs every pair of a group again whenever the group changes (a group of
2,000 headlines holds two million pairs); one pair at a time in Python, that was most of an
incremental analysis (adding 100 articles to 100,000: two thirds of it). Here each kind of token
an article holds (names, words, numbers, years, days, shingle hashes) is one sorted array per
article, and the tokens many pairs share are found by one search over them all.

The clusterer also weighs one pair at a time (an article against its new neighbours), and a
pair's figures must not depend on which way it was weighed: an incremental analysis reads kept
figures where a full one computes them afresh, and both must end alike. So every sum here is
taken in the order the one-pair functions of ``represent`` take it (shared tokens in ascending
order, one after the other, from 0.0), and counts are divided as they divide them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

# pairs :meth:`Bags.shared` takes a run of one first article at a time: at least this many
# pairs, and as many on average in each run (fewer: a table per run costs more than a search)
RUN_PAIRS = 8
# ... and the table looks up at most this many times the tokens a search would look up
RUN_LOOKUPS = 4


class Bags:
    """The tokens of ``n`` articles: article ``k`` holds ``tokens[starts[k]:starts[k + 1]]``
    (token numbers, ascending in the tokens' own order) with their ``weights``.

    ``bags``: per article, a mapping of token to weight, or an iterable of tokens (weight 1);
    tokens of one kind compare with ``<`` (strings, or integers such as shingle hashes)."""

    def __init__(self, bags: Sequence[Mapping | Iterable]):
        vocabulary = sorted(set().union(*bags)) if len(bags) else []
        number = {token: k for k, token in enumerate(vocabulary)}
        sizes = np.fromiter((len(bag) for bag in bags), dtype=np.int64, count=len(bags))
        tokens = np.empty(int(sizes.sum()), dtype=np.int64)
        weights = np.ones(len(tokens), dtype=np.float64)
        at = 0
        for bag in bags:
            held = sorted(bag)  # numbered in the tokens' order: sorted by number too
            tokens[at : at + len(held)] = [number[t] for t in held]
            if isinstance(bag, Mapping):
                weights[at : at + len(held)] = [bag[t] for t in held]
            at += len(held)
        self._fill(vocabulary, sizes, tokens, weights)

    @classmethod
    def of_sketches(cls, sketches: Sequence[bytes]) -> Bags:
        """The bags of packed bottom-k sketches (ascending unsigned 64-bit hashes,
        ``represent.shingle_sketch``), numbered in numpy: a group of 8,192 articles holds half a
        million hashes, which as Python ints in a set, a list and a dict held some 100 MB."""
        arrays = [np.frombuffer(sketch, dtype=np.uint64) for sketch in sketches]
        sizes = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
        joined = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.uint64)
        vocabulary, tokens = np.unique(joined, return_inverse=True)
        out = cls.__new__(cls)
        out._fill(vocabulary, sizes, tokens.reshape(-1).astype(np.int64), np.ones(len(joined)))
        return out

    def _fill(self, vocabulary, sizes: np.ndarray, tokens: np.ndarray, weights: np.ndarray):
        self.vocabulary = vocabulary
        self.size = len(vocabulary)
        self.sizes = sizes
        self.starts = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=self.starts[1:])
        self.tokens, self.weights = tokens, weights
        # article number and token as one sortable key: a pair's shared tokens are found by a
        # binary search of the other article's keys (ascending: articles, then their tokens)
        owner = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
        self._keys = owner * max(self.size, 1) + tokens
        self._table: np.ndarray | None = None  # made when first needed (``_shared_in_runs``)

    def shared(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The tokens pairs ``(i[m], j[m])`` share: ``(m, at_i, at_j)``, one row per shared
        token, ``at_*`` its positions in :attr:`tokens`; ordered by ``m``, then by token."""
        i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
        if len(i) >= RUN_PAIRS:
            step = np.diff(i)
            if (step >= 0).all():
                runs = np.flatnonzero(step) + 1
                # every token of each ``j`` is looked up in a table, where a search looks up
                # the fewer side's tokens only, each some log2(tokens) steps
                looked = int(self.sizes[j].sum())
                fewer = int(np.minimum(self.sizes[i], self.sizes[j]).sum())
                if len(runs) * RUN_PAIRS <= len(i) and looked <= RUN_LOOKUPS * fewer:
                    return self._shared_in_runs(i, j, np.r_[0, runs, len(i)])
        # the tokens of the side holding fewer are looked up among the other side's
        swap = self.sizes[j] < self.sizes[i]
        few, many = np.where(swap, j, i), np.where(swap, i, j)
        counts = self.sizes[few]
        total = int(counts.sum())
        if not total or not len(self._keys):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        pair = np.repeat(np.arange(len(i), dtype=np.int64), counts)
        first = np.repeat(self.starts[few] - (np.cumsum(counts) - counts), counts)
        at_few = first + np.arange(total, dtype=np.int64)
        wanted = many[pair] * max(self.size, 1) + self.tokens[at_few]
        found = np.minimum(self._keys.searchsorted(wanted), len(self._keys) - 1)
        hit = self._keys[found] == wanted
        pair, at_few, at_many = pair[hit], at_few[hit], found[hit]
        flip = swap[pair]
        return pair, np.where(flip, at_many, at_few), np.where(flip, at_few, at_many)

    def _shared_in_runs(
        self, i: np.ndarray, j: np.ndarray, bounds: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`shared` of pairs whose ``i`` holds still for runs (``bounds``: where each run
        starts, then ``len(i)``), as a group's pairs come (a row of the group at a time): each
        run's first article's tokens are set out in a table by token number, and every token of
        each ``j`` is looked up there, where a binary search of all the group's tokens cost a
        third of re-clustering a dense group. The same rows in the same order: ``j``'s tokens are
        in token order, as the shared tokens are listed."""
        counts = self.sizes[j]
        total = int(counts.sum())
        if not total or not self.size:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        if self._table is None:  # token number -> its position among the run's tokens, or -1
            self._table = np.full(self.size, -1, dtype=np.int64)
        table = self._table
        ends = np.cumsum(counts)
        pair = np.repeat(np.arange(len(j), dtype=np.int64), counts)
        at_j = np.repeat(self.starts[j] - (ends - counts), counts) + np.arange(total)
        tok = self.tokens[at_j]
        at_i = np.empty(total, dtype=np.int64)
        offsets = np.r_[0, ends]
        for r0, r1 in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            a = int(i[r0])
            lo, hi = int(self.starts[a]), int(self.starts[a + 1])
            held = self.tokens[lo:hi]
            table[held] = np.arange(lo, hi)
            t0, t1 = int(offsets[r0]), int(offsets[r1])
            at_i[t0:t1] = table[tok[t0:t1]]
            table[held] = -1
        hit = at_i >= 0
        return pair[hit], at_i[hit], at_j[hit]

    def count_shared(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """How many tokens each pair shares."""
        pair, _, _ = self.shared(i, j)
        return np.bincount(pair, minlength=len(i))

    def cosines(self, i: np.ndarray, j: np.ndarray, norms: np.ndarray) -> np.ndarray:
        """Each pair's cosine of weighted bags, as :func:`represent.name_similarity` gives it
        (0.0 where they share nothing); ``norms``: each article's (:func:`represent.norm`)."""
        pair, at_i, at_j = self.shared(i, j)
        # bincount adds each pair's products one after the other, in token order, from 0.0
        dot = np.bincount(pair, weights=self.weights[at_i] * self.weights[at_j], minlength=len(i))
        out = np.zeros(len(i), dtype=np.float64)
        some = dot != 0
        out[some] = dot[some] / (norms[np.asarray(i)[some]] * norms[np.asarray(j)[some]])
        return out

    def jaccard(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Each pair's shared share of the union (:func:`represent.jaccard`; 0.0 for two empty
        bags)."""
        both = self.count_shared(i, j)
        union = self.sizes[i] + self.sizes[j] - both
        out = np.zeros(len(both), dtype=np.float64)
        np.divide(both, union, out=out, where=union > 0)
        return out

    def resemblance(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Each pair's estimated resemblance of two bottom-k sketches whose tokens are hashes
        (:func:`represent.resemblance`): the share of the union's ``k`` smallest found in both.

        A shared hash's place in the union is the number of the first side's hashes below it,
        plus the second's, less the shared ones below it: no union is built."""
        pair, at_i, at_j = self.shared(i, j)
        out = np.zeros(len(i), dtype=np.float64)
        if not len(pair):
            return out
        i, j = np.asarray(i), np.asarray(j)
        rank_i = at_i - self.starts[i[pair]]
        rank_j = at_j - self.starts[j[pair]]
        run = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
        below = np.arange(len(pair)) - np.repeat(run, np.diff(np.r_[run, len(pair)]))
        k = np.minimum(self.sizes[i], self.sizes[j])
        inside = rank_i + rank_j - below < k[pair]
        counted = np.bincount(pair[inside], minlength=len(i))
        some = k > 0
        out[some] = counted[some] / k[some]
        return out

    def nearest_gap(self, i: np.ndarray, j: np.ndarray, year: int = 366) -> np.ndarray:
        """For tokens that are days of the year: the fewest days between one of each side's
        (across the new year too, as :func:`represent.day_gap`), -1 where a side has none."""
        i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
        out = np.full(len(i), -1, dtype=np.int64)
        counts = self.sizes[i] * self.sizes[j]
        total = int(counts.sum())
        if not total:
            return out
        days = np.asarray(self.vocabulary, dtype=np.int64)
        pair = np.repeat(np.arange(len(i), dtype=np.int64), counts)
        inner = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        width = self.sizes[j][pair]
        x = days[self.tokens[self.starts[i][pair] + inner // width]]
        y = days[self.tokens[self.starts[j][pair] + inner % width]]
        gap = np.abs(x - y)
        gap = np.minimum(gap, year - gap)
        least = np.full(len(i), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(least, pair, gap)
        some = counts > 0
        out[some] = least[some]
        return out
