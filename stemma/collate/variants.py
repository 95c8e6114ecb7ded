"""Word-level variants of one row against its reference witness, grouped into apparatus entries.

Each cell is diffed with the reference's cell by ``stemma.reuse.passages.diff_span``
(substitutions, insertions, omissions, transpositions, brackets kept whole). Long cells are first
cut at anchors, words found exactly once in both cells and in the same order (the longest
increasing run, as patience diff does), so that the quadratic matcher only ever sees the short
stretches between anchors.

Variants of several witnesses that touch the same words of the reference form one entry; every
witness's reading of it is read through the words both sides share outside variants.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from stemma.model import Variant
from stemma.reuse.align import longest_chain
from stemma.reuse.passages import Side, diff_span

ANCHOR_ABOVE = 200  # tokens a side above which a cell is cut at anchors before diffing


def anchors(ka: Sequence[str], kb: Sequence[str]) -> list[tuple[int, int]]:
    """Positions (i, j) of words found exactly once in each sequence, in an order both keep."""
    ca, cb = Counter(ka), Counter(kb)
    where_b = {k: j for j, k in enumerate(kb) if cb[k] == 1}
    pairs = [(i, where_b[k]) for i, k in enumerate(ka) if ca[k] == 1 and k in where_b]
    return longest_chain(pairs)


def diff(a: Side, b: Side, la: tuple[int, int], lb: tuple[int, int]) -> list[Variant]:
    """Variants of b's tokens ``lb`` against a's tokens ``la``, near-linear on long stretches."""
    ka = [t.key for t in a.tokens[la[0] : la[1]]]
    kb = [t.key for t in b.tokens[lb[0] : lb[1]]]
    if ka == kb:  # most passages of a copy
        return []
    if len(ka) <= ANCHOR_ABOVE or len(kb) <= ANCHOR_ABOVE:
        return diff_span(a, b, la, lb).variants
    out: list[Variant] = []
    # cut between anchors: each piece spans from one anchor to the next, both included, so that
    # an insertion or omission always has a word on each side to stand by
    cuts = [(-1, -1), *anchors(ka, kb), (len(ka), len(kb))]
    for (i0, j0), (i1, j1) in zip(cuts, cuts[1:], strict=False):
        if i1 - i0 == 1 and j1 - j0 == 1:
            continue  # neighbouring anchors: nothing between them
        pa = (la[0] + max(i0, 0), la[0] + min(i1 + 1, len(ka)))
        pb = (lb[0] + max(j0, 0), lb[0] + min(j1 + 1, len(kb)))
        out.extend(diff_span(a, b, pa, pb).variants)
    return out


# --- grouping into entries ----------------------------------------------------------------------


@dataclass
class Found:
    """A variant of one witness as token ranges: [lo, hi) of the reference, [blo, bhi) of its own."""

    witness: int
    lo: int
    hi: int
    blo: int
    bhi: int
    variant: Variant


@dataclass
class Location:
    lo: int
    hi: int
    found: list[Found]


def token_range(starts: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Tokens inside the source span [start, end) given the tokens' start offsets (an empty
    span gives the insertion point: the first token at or after it)."""
    return bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)


def locate(
    ref_starts: Sequence[int], starts: Sequence[int], w: int, variants: Sequence[Variant]
) -> list[Found]:
    """The variants of witness ``w`` as token ranges of the reference and of its own."""
    out = []
    for v in variants:
        lo, hi = token_range(ref_starts, v.a_start, v.a_end)
        blo, bhi = token_range(starts, v.b_start, v.b_end)
        out.append(Found(w, lo, hi, blo, bhi, v))
    return out


def _overlaps(loc: Location, f: Found) -> bool:
    if loc.lo == loc.hi:  # an insertion point
        return f.lo == f.hi == loc.lo or f.lo < loc.lo < f.hi
    if f.lo == f.hi:
        return loc.lo < f.lo < loc.hi
    return f.lo < loc.hi


def locations(found: list[Found]) -> list[Location]:
    """Variants of all witnesses merged where they touch the same reference words."""
    out: list[Location] = []
    for f in sorted(found, key=lambda f: (f.lo, f.hi)):
        if out and _overlaps(out[-1], f):
            last = out[-1]
            last.lo, last.hi = min(last.lo, f.lo), max(last.hi, f.hi)
            last.found.append(f)
        else:
            out.append(Location(f.lo, f.hi, [f]))
    return out


def equal_map(
    la: tuple[int, int], lb: tuple[int, int], found: Sequence[Found]
) -> dict[int, int] | None:
    """Reference token -> witness token for the words both share outside the variants (None if
    the two sides do not pair up, which a well-formed diff never gives)."""
    in_a, in_b = set(), set()
    for f in found:
        in_a.update(range(f.lo, f.hi))
        in_b.update(range(f.blo, f.bhi))
    xs = [i for i in range(*la) if i not in in_a]
    ys = [j for j in range(*lb) if j not in in_b]
    if len(xs) != len(ys):
        return None
    return dict(zip(xs, ys, strict=True))
