"""Lining up the sentences of every witness into rows (the alignment table).

The base witness gives one row per sentence, in its own order; nothing is ever placed above its
first row. The other witnesses are placed one by one, each against witnesses already placed (its
references, the closest relative first: ``_order``), so that a chain of alignments carries a
sentence to its row (Persian original <- English translation <- English copy), and a translation
follows the text it renders rather than another outlet's report in its language:

- against a reference in its own language a witness is aligned on words
  (``stemma.reuse.passages.match_sentences``); a sentence fusing two of a reference's
  (``secondary_matches``: "In response to X's letter, he added that Y") is cut in two where the
  words of one partner give way to the other's, each part in the row of the sentence it renders;
- against a reference in another language it follows the sentence pairs of their link's evidence
  (``AlignedPair`` offsets, e.g. the translation link's sentence alignment);
- sentences nobody matched get rows of their own (additions), after the row of the witness's
  previous placed sentence (before its first placed one, but below the base's first row; a
  witness sharing nothing goes after every row).

Where a block of several sentences is aligned with a block of several, each sentence goes to the
row where its middle falls, measured in characters along the other side.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from stemma.model import Link
from stemma.reuse.passages import Side, match_sentences, secondary_matches
from stemma.reuse.shingles import Token

COPY_SCORE = 0.8  # mean sentence score above which one reference is enough
MIN_PART = 4  # words each part of a cut sentence keeps
MIN_EXPLAINED = 0.6  # share of a cut sentence's words its two partners must account for
# aligned pairs of a translation (or a copy), as opposed to a loose paraphrase
_PUNCTUATION = set(".,;:!?\"'()[]«»“”‘’–—،؛؟")
FAITHFUL = frozenset({"translation", "identical", "variant", "match"})
DERIVED = frozenset({"copy", "revision", "excerpt"})  # link kinds of one text's versions
Groups = list[tuple[list[int], list[int]]]  # (sentence ids of the witness, ids of a reference)


@dataclass
class Table:
    """Rows in display order; ``cells[row][w]``: source spans of witness ``w`` in that row."""

    order: list[int] = field(default_factory=list)
    cells: dict[int, dict[int, list[tuple[int, int]]]] = field(default_factory=dict)
    where: list[list[int | None]] = field(default_factory=list)  # where[w][s]: row of sentence s
    placed: list[int] = field(default_factory=list)  # witnesses in the order they were placed
    # sentences cut in two: (w, s) -> [(span, row), ...]
    parts: dict[tuple[int, int], list[tuple[tuple[int, int], int]]] = field(default_factory=dict)
    moved: set[tuple[int, tuple[int, int]]] = field(default_factory=set)  # (w, span) cut off

    def new_row(self, at: int) -> int:
        key = len(self.cells)
        self.cells[key] = {}
        self.order.insert(at, key)
        return key

    def put(self, w: int, s: int, row: int, span: tuple[int, int]) -> None:
        self.where[w][s] = row
        self.cells[row].setdefault(w, []).append(span)

    def split(self, w: int, k: int, pieces: list[tuple[tuple[int, int], int]]) -> None:
        """Place the parts of sentence ``k`` of ``w``, ``(span, row)`` each, the first its own."""
        for n, (span, row) in enumerate(pieces):
            self.cells[row].setdefault(w, []).append(span)
            if n:
                self.moved.add((w, span))
        self.where[w][k] = pieces[0][1]
        self.parts[(w, k)] = pieces

    def move(
        self,
        w: int,
        k: int,
        old: tuple[int, int],
        stay: tuple[int, int],
        go: tuple[int, int],
        row: int,
    ) -> None:
        """Cut sentence ``k`` of ``w`` (span ``old``): ``stay`` keeps its row, ``go`` moves to ``row``."""
        here = self.where[w][k]
        cells = self.cells[here][w]
        cells[cells.index(old)] = stay
        self.cells[row].setdefault(w, []).append(go)
        self.parts[(w, k)] = [(stay, here), (go, row)]
        self.moved.add((w, go))


def word_groups(
    w: Side, r: Side, only: Sequence[int] | None = None
) -> tuple[Groups, Groups, float]:
    """Sentence groups of ``w`` (all its sentences, or ``only`` these) and ``r`` (one language)
    sharing words, best first; the second partners of sentences their match leaves half
    unexplained (fused sentences); and the groups' mean score (weighted Dice: near 1 for a
    copy, lower for a rewrite)."""
    ids = list(range(len(w.sents))) if only is None else list(only)
    mine = [w.sents[k] for k in ids]
    groups = match_sentences(w.article, r.article, mine, r.sents)
    extra = secondary_matches(groups, mine, r.sents) if only is None else []
    best = sorted(groups, key=lambda g: -g[2])
    mean = sum(g[2] for g in groups) / len(groups) if groups else 0.0
    return (
        [([ids[k] for k in ia], list(ib)) for ia, ib, _ in best],
        [([ids[k] for k in ia], list(ib)) for ia, ib, _ in extra],
        mean,
    )


def _inside(side: Side, start: int, end: int) -> list[int]:
    """Sentences whose middle lies in [start, end)."""
    return [
        k for k, s in enumerate(side.sents) if start <= (s.start + s.end) // 2 < end
    ]  # fmt: skip


def link_groups(w: Side, r: Side, link: Link, kinds: frozenset[str] | None = None) -> Groups:
    """Sentence groups from a link's aligned pairs (offsets into both sources) of the given
    kinds (any by default), best first."""
    flip = link.a != w.article.id
    found = []
    for p in link.evidence.pairs:
        if kinds is not None and p.kind not in kinds:
            continue
        ws, we, rs, re_ = (
            (p.b_start, p.b_end, p.a_start, p.a_end) if flip else (p.a_start, p.a_end, p.b_start, p.b_end)
        )  # fmt: skip
        wi, ri = _inside(w, ws, we), _inside(r, rs, re_)
        if wi and ri:
            found.append((p.score, wi, ri))
    found.sort(key=lambda f: -f[0])
    return [(wi, ri) for _, wi, ri in found]


def _middles(side: Side, ids: Sequence[int]) -> tuple[list[float], list[float]]:
    """Cumulative lengths (block starts) and middles of the sentences, as shares of the block."""
    lengths = [max(1, side.sents[k].end - side.sents[k].start) for k in ids]
    total = float(sum(lengths))
    starts, mids, acc = [], [], 0
    for n in lengths:
        starts.append(acc / total)
        mids.append((acc + n / 2) / total)
        acc += n
    return starts, mids


def spread(w: Side, wids: Sequence[int], r: Side, rids: Sequence[int]) -> list[tuple[int, int]]:
    """(w sentence, r sentence) for every sentence of w's block: the r sentence where its middle
    falls along r's block."""
    if len(rids) == 1:
        return [(k, rids[0]) for k in wids]
    _, mids = _middles(w, wids)
    starts, _ = _middles(r, rids)
    return [(k, rids[max(0, bisect_right(starts, m) - 1)]) for k, m in zip(wids, mids, strict=True)]


def _parts(side: Side, k: int, ref: Side, rids: Sequence[int]) -> list[tuple[int, int]] | None:
    """Spans of sentence ``k`` cut where the words of each of ``rids`` give way to the next's
    (one sentence rendering several: a full stop dropped, two sentences joined); None when a
    part would be too short."""
    s = side.sents[k]
    words = [t for t in side.tokens[s.lo : s.hi] if not t.is_mark]
    keys = [t.key for t in words]
    breaks = _breaks(side, words)
    bounds, lo = [], 0
    for i in range(len(rids) - 1):
        rest = sum((ref.sents[j].words for j in rids[i + 2 :]), ref.sents[rids[i + 1]].words)
        _, c = cut(keys[lo:], ref.sents[rids[i]].words, rest, breaks[lo:])
        if not c:
            return None
        lo += c
        bounds.append(lo)
    spans, start = [], s.start
    for b in bounds:
        end = words[b].start
        while end > start and side.article.source[end - 1].isspace():
            end -= 1
        spans.append((start, end))
        start = words[b].start
    return [*spans, (start, s.end)]


def _apply(table: Table, w: int, sides: Sequence[Side], r: int, groups: Groups) -> None:
    for wids, rids in groups:
        free = [k for k in wids if table.where[w][k] is None]
        if not free:
            continue
        rows = [table.where[r][j] for j in rids]
        if len(wids) == 1 and len(rids) > 1 and None not in rows and len(set(rows)) == len(rows):
            spans = _parts(sides[w], wids[0], sides[r], rids)
            if spans:
                table.split(w, wids[0], list(zip(spans, rows, strict=True)))
                continue
        for k, j in spread(sides[w], free, sides[r], rids):
            row = table.where[r][j]
            if row is not None:
                s = sides[w].sents[k]
                table.put(w, k, row, (s.start, s.end))


def cut(
    keys: Sequence[str], first: Counter[str], second: Counter[str],
    breaks: Sequence[bool] | None = None,
) -> tuple[float, int]:  # fmt: skip
    """Where to cut a sentence fusing two others: ``(score, c)`` with ``keys[:c]`` drawn from
    ``first`` and ``keys[c:]`` from ``second`` as much as possible; of equal cuts, one after a
    punctuation mark (``breaks[c]``) wins."""
    n = len(keys)
    if n < 2 * MIN_PART:
        return 0.0, 0
    ahead = [0] * (n + 1)  # words among the first c found in `first`
    for i, k in enumerate(keys):
        ahead[i + 1] = ahead[i] + (k in first)
    behind = [0] * (n + 1)  # words from c on found in `second`
    for i in range(n - 1, -1, -1):
        behind[i] = behind[i + 1] + (keys[i] in second)
    return max(
        (ahead[c] + behind[c] + (0.5 if breaks and breaks[c] else 0.0), c)
        for c in range(MIN_PART, n - MIN_PART + 1)
    )


def _breaks(side: Side, words: Sequence[Token]) -> list[bool]:
    """For each word, whether a punctuation mark stands between it and the word before."""
    src = side.article.source
    return [
        bool(c) and any(ch in _PUNCTUATION for ch in src[words[c - 1].end : words[c].start])
        for c in range(len(words))
    ]


def _target(table: Table, r: int, j: int, ref: Side, keys: Sequence[str]) -> int | None:
    """Row of sentence ``j`` of ``r``; of the part of it sharing most of ``keys`` if it was cut."""
    parts = table.parts.get((r, j))
    if not parts:
        return table.where[r][j]
    want = Counter(keys)

    def shared(span: tuple[int, int]) -> int:
        got = Counter(t.key for t in ref.tokens if span[0] <= t.start < span[1])
        return sum((got & want).values())

    return max(parts, key=lambda p: shared(p[0]))[1]


def _split_fused(
    table: Table, w: int, sides: Sequence[Side], r: int, groups: Groups, fused: Groups
) -> None:
    """A sentence of ``w`` whose match leaves half of it unexplained and whose rest another
    sentence of ``r`` holds (a rewrite fusing two sentences) is cut in two, each part in the
    row of the sentence it renders."""
    side, ref = sides[w], sides[r]
    partner = {k: ib for ia, ib in groups for k in ia if len(ia) == 1}
    for ia, ib in fused:
        if len(ia) != 1 or len(ib) != 1 or ia[0] not in partner or ib[0] in partner[ia[0]]:
            continue
        k, j = ia[0], ib[0]
        if (w, k) in table.parts or table.where[w][k] is None:
            continue
        s = side.sents[k]
        words = [t for t in side.tokens[s.lo : s.hi] if not t.is_mark]
        first = sum((ref.sents[i].words for i in partner[k]), Counter())
        keys = [t.key for t in words]
        breaks = _breaks(side, words)
        forward, c = cut(keys, first, ref.sents[j].words, breaks)
        backward, c2 = cut(keys, ref.sents[j].words, first, breaks)
        if max(forward, backward) < MIN_EXPLAINED * len(keys) or not (c or c2):
            continue
        c = c2 if backward > forward else c
        end = start = words[c].start
        while end > s.start and side.article.source[end - 1].isspace():
            end -= 1
        head, tail = (s.start, end), (start, s.end)
        # the part rendering the second partner moves to its row
        stay, go = (tail, head) if backward > forward else (head, tail)
        moved = keys[:c] if backward > forward else keys[c:]
        row = _target(table, r, j, ref, moved)
        if row is not None and row != table.where[w][k]:
            table.move(w, k, (s.start, s.end), stay, go, row)


def _add_unplaced(table: Table, w: int, side: Side) -> None:
    """Rows of their own for sentences nobody matched, after the witness's previous placed one.

    Sentences before the witness's first placed one go just before that one's row, though never
    above the base's first row (a headline stays row 1); a witness sharing nothing follows
    every row, so the base's rows always come first and in its own order."""
    placed = [row for row in table.where[w] if row is not None]
    if not placed:
        at = len(table.order)
    else:
        at = max(table.order.index(placed[0]), 1)
    for k, row in enumerate(table.where[w]):
        if row is not None:
            at = table.order.index(row) + 1
            continue
        s = side.sents[k]
        table.put(w, k, table.new_row(at), (s.start, s.end))
        at += 1


def _kinship(
    w: int, r: int, langs: Sequence[str | None], links: dict[tuple[int, int], Link]
) -> tuple[int, float]:
    """How well witness ``r`` can place ``w``'s sentences, best first: a copy, revision or
    excerpt in the same language (matched on words), a translation (its aligned pairs), any
    other text in the same language (a rewrite, another outlet's report: matched on words), a
    looser link's aligned pairs across languages; of equals, the stronger link. So a translation
    follows the text it renders rather than another outlet's report in the same language."""
    link = links.get((w, r))
    score = link.score if link is not None else 0.0
    kind = link.kind if link is not None else None
    if langs[w] == langs[r]:
        return (4 if kind in DERIVED else 2), score
    if link is None or not link.evidence.pairs:
        return 0, 0.0
    faithful = kind == "translation" and any(p.kind in FAITHFUL for p in link.evidence.pairs)
    return (3 if faithful else 1), score


def _order(
    base: int, langs: Sequence[str | None], words: Sequence[int],
    links: dict[tuple[int, int], Link],
) -> list[tuple[int, list[int]]]:  # fmt: skip
    """Witnesses in placing order, each with its references (witnesses placed before it, the
    closest first): grown from the base, always adding the witness closest to one already
    placed by the strongest link (a translation before a rewrite of another outlet; in one
    language, the more complete first), so a chain of translations carries each witness to the
    base's rows through the relative it renders, and a witness with no direct link to the base
    goes through one that has. Unconnected ones come last."""
    done, order = [base], []
    rest = [w for w in range(len(langs)) if w != base]
    while rest:
        near = {w: max(_kinship(w, r, langs, links) for r in done) for w in rest}
        best = max(rest, key=lambda w: (near[w], words[w], -w))
        # of its language's witnesses as close, the most complete goes first: the others are
        # then matched with it on words
        best = max(
            (w for w in rest if langs[w] == langs[best] and near[w][0] == near[best][0]),
            key=lambda w: (words[w], -w),
        )
        rest.remove(best)
        refs = sorted(
            (r for r in done if _kinship(best, r, langs, links)[0] > 0),
            key=lambda r: _kinship(best, r, langs, links),
            reverse=True,
        )
        order.append((best, refs))
        done.append(best)
    return order


def place(
    sides: Sequence[Side], base: int, langs: Sequence[str | None], words: Sequence[int],
    links: dict[frozenset[str], Link],
) -> Table:  # fmt: skip
    """The rows of every witness's sentences (see the module's docstring)."""
    ids = [s.article.id for s in sides]
    by_index: dict[tuple[int, int], Link] = {}
    for x in range(len(sides)):
        for y in range(len(sides)):
            link = links.get(frozenset((ids[x], ids[y])))
            if x != y and link is not None:
                by_index[(x, y)] = link
    table = Table(where=[[None] * len(s.sents) for s in sides])
    for k, s in enumerate(sides[base].sents):
        table.put(base, k, table.new_row(len(table.order)), (s.start, s.end))
    placed = table.placed
    placed.append(base)
    for w, refs in _order(base, langs, words, by_index):
        copy = False
        for r in refs:
            left = [k for k, row in enumerate(table.where[w]) if row is None]
            if not left:
                break
            link = by_index.get((w, r))
            pairs = link is not None and bool(link.evidence.pairs)
            if langs[r] == langs[w]:
                # a copy is placed by its closest relative, then only its leftovers are sought
                # in the others; a rewrite may draw on several, fused sentences included
                if copy:
                    groups, fused, score = word_groups(sides[w], sides[r], left)
                else:
                    groups, fused, score = word_groups(sides[w], sides[r])
                _apply(table, w, sides, r, groups)
                _split_fused(table, w, sides, r, groups, fused)
                copy = copy or score >= COPY_SCORE
            elif pairs:
                # a witness already placed in part trusts only translated pairs across
                # languages; a loose paraphrase's pairs only fill what nothing else placed
                started = len(left) < len(table.where[w])
                kinds = FAITHFUL if started else None
                _apply(table, w, sides, r, link_groups(sides[w], sides[r], link, kinds))
        _add_unplaced(table, w, sides[w])
        placed.append(w)
    for cells in table.cells.values():
        for spans in cells.values():
            spans.sort()
    return table
