"""Gale and Church (1993) length-based sentence alignment, the classic baseline.

A block's cost is ``-log P(kind) - log P(delta | match)``, where ``delta`` measures how far the
target length strays from ``c`` times the source length, in units of its expected spread
(variance ``s2`` per character), and ``P(delta | match) = 2 (1 - Phi(|delta|))``. The priors are
the paper's: 1-1 0.89; 1-0 and 0-1 0.0099; 2-1 and 1-2 0.089; 2-2 0.011. The paper fixes ``c = 1``
for European pairs; across scripts (English to Persian or Arabic) characters do not correspond, so
by default ``c`` is the documents' length ratio.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Block = tuple[tuple[int, ...], tuple[int, ...]]

PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}
S2 = 6.8  # variance of target characters per source character (the paper's estimate)


def _length_cost(len_src: int, len_tgt: int, c: float, s2: float) -> float:
    """-log P(delta | match), with delta's spread taken from the mean of both lengths."""
    if len_src == 0 and len_tgt == 0:
        return 0.0
    mean = (len_src + len_tgt / c) / 2
    delta = (len_tgt - c * len_src) / math.sqrt(s2 * mean)
    p = math.erfc(abs(delta) / math.sqrt(2))  # two-sided tail, 2 (1 - Phi(|delta|))
    return -math.log(p) if p > 0 else 1e6


def align_lengths(
    src_lens: Sequence[int],
    tgt_lens: Sequence[int],
    *,
    c: float | None = None,
    s2: float = S2,
) -> list[Block]:
    """Align two documents from sentence lengths (characters) alone; blocks in document order."""
    n, m = len(src_lens), len(tgt_lens)
    if c is None:
        total_src, total_tgt = sum(src_lens), sum(tgt_lens)
        c = total_tgt / total_src if total_src and total_tgt else 1.0
    prior = {k: -math.log(v) for k, v in PRIORS.items()}
    src_cum = [0]
    for length in src_lens:
        src_cum.append(src_cum[-1] + length)
    tgt_cum = [0]
    for length in tgt_lens:
        tgt_cum.append(tgt_cum[-1] + length)

    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    move: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, how = math.inf, None
            for (a, b), p in prior.items():
                if a > i or b > j or cost[i - a][j - b] == math.inf:
                    continue
                ls = src_cum[i] - src_cum[i - a]
                lt = tgt_cum[j] - tgt_cum[j - b]
                total = cost[i - a][j - b] + p + _length_cost(ls, lt, c, s2)
                if total < best:
                    best, how = total, (a, b)
            cost[i][j], move[i][j] = best, how

    blocks: list[Block] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = move[i][j]
        blocks.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return blocks[::-1]
