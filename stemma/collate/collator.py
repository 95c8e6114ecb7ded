"""Collating a story's witnesses: rows of passages across languages, word-level variants within
each language against that language's base.

The base (:func:`default_base`) is the stemma's root where evidence puts it first, else the
most complete witness (most words of clean text) in the language translations derive from, else,
where no direction is known, the fullest witness in the story's most common language; the
collation says which rule chose it (``base_reason``). Every other language gets its own base (its most complete witness placed first), which its
other witnesses' words are compared with. Boilerplate never enters: sentences are the articles'
passages, which hold clean text only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from stemma.collate.collation import Cell, Collation, Entry, Reading, Row, Segment, WitnessInfo
from stemma.collate.rows import Table, place
from stemma.collate.variants import Found, diff, equal_map, locate, locations, token_range
from stemma.model import Article, Link
from stemma.reuse.passages import Side, side_of
from stemma.text import lang as lang_data

RTL_FALLBACK = frozenset({"he", "ps", "ku", "sd", "ug", "yi", "dv", "ckb"})
MIN_SHARED = 0.5  # share of a cell's words the reference must share for a word-level diff
_SPACES = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\f": " ", "\v": " "})


# A page's label lines: a field name, a colon, a short value ("Updated in: 17 September 2021 -
# 02:01", "News ID: 69545", "Publish Date: ...", "کد خبر: ۱۲۳"). Ingest marks most chrome; these
# slip through when a capture keeps the page's header lines as paragraphs.
CHROME_LABEL = re.compile(
    r"^\s*(?:updated|published|publish(?:ed)?\s+(?:date|on|in)|updated\s+(?:on|in)|"
    r"news\s+(?:id|code|no\.?)|story\s+id|date|time|print|share|tags?|keywords?|"
    r"کد\s*خبر|شناسه\s*خبر|تاریخ\s*(?:انتشار|خبر)|زمان\s*انتشار|"
    r"رقم\s*الخبر|تاريخ\s*النشر)\s*[:：]\s*\S[^\n]{0,40}$",
    re.IGNORECASE,
)


def is_chrome(text: str) -> bool:
    """A page label line, not a passage of the text."""
    return bool(CHROME_LABEL.match(text or ""))


def text_dir(lang: str | None) -> str:
    module = lang_data.get(lang)
    rtl = getattr(module, "RTL", False) if module else lang in RTL_FALLBACK
    return "rtl" if rtl else "ltr"


def original_language(witnesses: Sequence[Article], links: Sequence[Link]) -> str | None:
    """The language translations derive from, else the language most witnesses are in."""
    by_id = {a.id: a for a in witnesses}
    origins = Counter(
        by_id[ln.direction].lang
        for ln in links
        if ln.kind == "translation" and ln.direction in by_id
    )  # fmt: skip
    if origins:
        return origins.most_common(1)[0][0]
    langs = Counter(a.lang for a in witnesses)
    return langs.most_common(1)[0][0] if langs else None


def root_language(story: dict) -> str | None:
    """The language of a stored story's stemma root; for a root of unknown language (an unseen
    source), the language most of its children are in."""
    stemma = story.get("stemma") or {}
    root = stemma.get("root")
    nodes = {n.get("id"): n for n in stemma.get("nodes", [])}
    node = nodes.get(root) or {}
    if node.get("lang"):
        return node["lang"]
    children = Counter(
        nodes.get(e.get("target"), {}).get("lang")
        for e in stemma.get("edges", [])
        if e.get("source") == root
    )  # fmt: skip
    children.pop(None, None)
    return children.most_common(1)[0][0] if children else None


def choose_base(witnesses: Sequence[Article], words: Sequence[int], lang: str | None) -> int:
    """Index of the most complete witness in ``lang`` (any language if none is in it)."""
    pool = [i for i, a in enumerate(witnesses) if a.lang == lang] or range(len(witnesses))
    return max(pool, key=lambda i: (words[i], -i))


# The end of a stemma's root evidence when nothing orders the witnesses
# (stemma.stories.stemma.LAYOUT_ONLY; read from the stored record, not imported: the collation
# knows stemmata only as stored).
_LAYOUT_ONLY = "for layout only"


def _fullest_in_common_language(
    witnesses: Sequence[Article], words: Sequence[int]
) -> tuple[int, str]:
    """The witness with the most passages (then words) among those in the language most witnesses
    are in (several tied languages compete together): passages, not words, compare across
    languages, since a German sentence has fewer words than its English original."""
    langs = Counter(a.lang for a in witnesses)
    top = max(langs.values())
    common = sorted((lang or "?" for lang, n in langs.items() if n == top))
    pool = [i for i, a in enumerate(witnesses) if langs[a.lang] == top]
    b = max(pool, key=lambda i: (len(witnesses[i].passages), words[i], -i))
    where = (
        f"the story's most common language ({common[0]}, {top} of {len(witnesses)} witnesses)"
        if len(common) == 1
        else f"the story's most common languages ({', '.join(common)}: {top} "
        f"witness{'es' if top > 1 else ''} each)"
    )
    return b, f"the fullest witness ({len(witnesses[b].passages)} passages) in {where}"


def default_base(
    witnesses: Sequence[Article],
    words: Sequence[int],
    links: Sequence[Link],
    stemma: Mapping | None = None,
) -> tuple[int, str]:
    """Index of the base witness and why, in words: the stemma's root where its evidence puts it
    first (a stated direction, the earliest time, a reader's mark); for an unseen root (a lost or
    cited source) the fullest witness in its language; else the fullest witness in the language
    translations derive from by stated directions; else, no direction being known, the fullest
    witness in the story's most common language. Deterministic: the same story gives the same
    base whatever order its witnesses come in."""
    ids = [a.id for a in witnesses]
    order = sorted(range(len(witnesses)), key=lambda i: ids[i])
    witnesses = [witnesses[i] for i in order]
    words = [words[i] for i in order]
    stemma = stemma or {}
    root, evidence = stemma.get("root"), stemma.get("root_evidence") or ""
    if root and evidence and not evidence.endswith(_LAYOUT_ONLY):
        if root in ids:
            return ids.index(root), f"the stemma's root: {evidence}"
        lang = root_language({"stemma": stemma})
        if lang is not None and any(a.lang == lang for a in witnesses):
            b = choose_base(witnesses, words, lang)
            why = f"the fullest witness in {lang}, the language of the stemma's root ({evidence})"
            return order[b], why
    by_id = {a.id: a for a in witnesses}
    if any(ln.kind == "translation" and ln.direction in by_id for ln in links):
        lang = original_language(witnesses, links)
        b = choose_base(witnesses, words, lang)
        return order[b], f"the fullest witness in {lang}, the language translations derive from"
    b, why = _fullest_in_common_language(witnesses, words)
    reason = evidence if evidence.endswith(_LAYOUT_ONLY) else "no direction is known"
    return order[b], f"{why}; {reason.split(':')[0]}"


# --- cells --------------------------------------------------------------------------------------


def _pieces(source: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, those with only white space between them merged."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and out[-1][1] <= start and not source[out[-1][1] : start].strip():
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _cell(source: str, pieces: list[tuple[int, int]], marks: list[tuple[int, int, str]]) -> Cell:
    """A cell's text and segments; ``marks`` are (start, end, variant id) source spans."""
    segments: list[Segment] = []
    marks = sorted(marks)
    for n, (start, end) in enumerate(pieces):
        if n:
            segments.append(Segment(" "))
        pos = start
        for ms, me, vid in marks:
            ms, me = max(ms, pos), min(me, end)
            if me <= ms:
                continue
            if ms > pos:
                segments.append(Segment(source[pos:ms].translate(_SPACES)))
            segments.append(Segment(source[ms:me].translate(_SPACES), vid))
            pos = me
        if end > pos:
            segments.append(Segment(source[pos:end].translate(_SPACES)))
    text = "".join(s.text for s in segments)
    return Cell(text, pieces[0][0], pieces[-1][1], segments, list(pieces))


# --- apparatus ----------------------------------------------------------------------------------


def _span(side: Side, tokens: Sequence[int]) -> tuple[int, int] | None:
    if not tokens:
        return None
    return side.tokens[min(tokens)].start, side.tokens[max(tokens)].end


def _point(side: Side, k: int, hi: int) -> int:
    return side.tokens[k].start if k < hi else side.tokens[hi - 1].end


def _reading(side: Side, fw: list[Found], mapped: list[int]) -> tuple[str, tuple[int, int] | None]:
    """A witness's reading of one location: its variants' spans and, unless a word moved, the
    words it shares with the reference inside the location."""
    spans = [
        (f.variant.b_start, f.variant.b_end) for f in fw if f.variant.b_end > f.variant.b_start
    ]
    if all(f.variant.kind != "transposition" for f in fw):
        extra = _span(side, mapped)
        spans += [extra] if extra else []
    if not spans:
        return "", None
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    return " ".join(side.article.source[start:end].split()), (start, end)


def _row_apparatus(
    row_id: str, ref: int, others: list[int], spans: dict[int, tuple[int, int]],
    sides: Sequence[Side], starts: Sequence[list[int]], ids: Sequence[str],
    next_id: int, marks: dict[int, list[tuple[int, int, str]]],
) -> list[Entry]:  # fmt: skip
    """Entries of one row and language; ``spans`` holds each witness's token range."""
    la = spans[ref]
    found: list[Found] = []
    maps: dict[int, dict[int, int]] = {}
    for w in others:
        lb = spans[w]
        variants = diff(sides[ref], sides[w], la, lb)
        mine = locate(starts[ref], starts[w], w, variants)
        shared = equal_map(la, lb, mine)
        # a rewrite (few words in common) is shown beside the reference, not diffed word by word
        if shared is None or 2 * len(shared) < MIN_SHARED * (la[1] - la[0] + lb[1] - lb[0]):
            continue
        maps[w] = shared
        found.extend(mine)
    others = [w for w in others if w in maps]
    entries = []
    r = sides[ref]
    for loc in locations(found):
        vid = f"v{next_id + len(entries)}"
        kinds = {f.variant.kind for f in loc.found}
        kind = kinds.pop() if len(kinds) == 1 else "substitution"
        if loc.hi > loc.lo:
            start, end = r.tokens[loc.lo].start, r.tokens[loc.hi - 1].end
            marks[ref].append((start, end, vid))
        else:
            start = end = _point(r, loc.lo, la[1])
        agree, readings = [ids[ref]], {}
        for w in others:
            fw = [f for f in loc.found if f.witness == w]
            emap = maps[w]
            mapped = [emap[i] for i in range(loc.lo, loc.hi) if i in emap]
            if not fw:
                agree.append(ids[w])
                span = _span(sides[w], mapped)
            else:
                text, span = _reading(sides[w], fw, mapped)
                readings.setdefault(text, []).append(ids[w])
            if span:
                marks[w].append((*span, vid))
        entries.append(
            Entry(
                id=vid, row=row_id, kind=kind,
                base=" ".join(r.article.source[start:end].split()),
                readings=[Reading(t, ws) for t, ws in readings.items()],
                ref=ids[ref], lang=r.article.lang, start=start, end=end, base_witnesses=agree,
            )
        )  # fmt: skip
    return entries


def _main_pieces(
    sides: Sequence[Side], starts: Sequence[list[int]], cells: dict[int, list[tuple[int, int]]],
    pieces: dict[int, list[tuple[int, int]]], moved: set, ref: int, members: Sequence[int],
) -> dict[int, tuple[int, int]]:  # fmt: skip
    """Token range of the piece of each cell that is diffed: the reference's longest, and for
    the others, of the pieces holding a passage matched to this row (not only a part cut off a
    fused sentence), the one sharing most words with it."""

    def own(w: int, piece: tuple[int, int]) -> bool:
        inside = [sp for sp in cells[w] if piece[0] <= sp[0] < piece[1]]
        return any((w, sp) not in moved for sp in inside)

    ranges = {w: [(own(w, p), token_range(starts[w], *p)) for p in pieces[w]] for w in members}
    main = {ref: max(ranges[ref], key=lambda r: (r[0], r[1][1] - r[1][0]))[1]}
    keys = Counter(t.key for t in sides[ref].tokens[main[ref][0] : main[ref][1]])

    def shared(w: int, r: tuple[int, int]) -> int:
        return sum((Counter(t.key for t in sides[w].tokens[r[0] : r[1]]) & keys).values())

    for w in members:
        if w != ref:
            best = (
                ranges[w][0]
                if len(ranges[w]) == 1
                else max(ranges[w], key=lambda r: (r[0], shared(w, r[1])))
            )
            main[w] = best[1]
    return main


# --- the collation ------------------------------------------------------------------------------


def _status(present: int, missing: int, n: int) -> str:
    if n > 1 and present == 1:
        return "addition"
    return "omission" if missing else "shared"


def _build(
    witnesses: Sequence[Article], sides: Sequence[Side], table: Table, lang_base: dict,
    story: str | None, base: int, words: Sequence[int],
) -> Collation:  # fmt: skip
    ids = [a.id for a in witnesses]
    starts = [[t.start for t in s.tokens] for s in sides]
    rows: list[Row] = []
    apparatus: list[Entry] = []
    for key in table.order:
        cells = table.cells[key]
        row_id = f"r{len(rows) + 1}"
        pieces = {w: _pieces(witnesses[w].source, sp) for w, sp in cells.items() if sp}
        marks: dict[int, list[tuple[int, int, str]]] = {w: [] for w in pieces}
        for lang in dict.fromkeys(witnesses[w].lang for w in pieces):
            members = [w for w in table.placed if w in pieces and witnesses[w].lang == lang]
            if len(members) < 2:
                continue
            ref = lang_base.get(lang)
            ref = ref if ref in members else members[0]
            spans = _main_pieces(sides, starts, cells, pieces, table.moved, ref, members)
            others = [w for w in members if w != ref]
            apparatus.extend(
                _row_apparatus(
                    row_id, ref, others, spans, sides, starts, ids, len(apparatus) + 1, marks
                )  # fmt: skip
            )
        row_cells = {
            ids[w]: (_cell(witnesses[w].source, pieces[w], marks[w]) if w in pieces else None)
            for w in range(len(witnesses))
        }  # fmt: skip
        present = [ids[w] for w in range(len(witnesses)) if w in pieces]
        missing = [ids[w] for w in range(len(witnesses)) if w not in pieces]
        if all(is_chrome(c.text) for c in row_cells.values() if c is not None):
            continue  # page chrome ingest let through ("News ID: 69545") is never a row
        rows.append(
            Row(row_id, _status(len(present), len(missing), len(ids)), present, missing, row_cells)
        )
    info = [
        WitnessInfo(a.id, a.lang, a.outlet, a.title, text_dir(a.lang), words[i])
        for i, a in enumerate(witnesses)
    ]  # fmt: skip
    return Collation(story, ids[base], info, rows, apparatus)


def collate(
    witnesses: list[Article], links: list[Link], base: str | None = None, *,
    story: str | None = None, lang: str | None = None, stemma: Mapping | None = None,
) -> Collation:  # fmt: skip
    """Line up ``witnesses`` passage by passage, with word-level variants within each language.

    ``links`` (any, typically the story's) supply the cross-language sentence alignments; links
    naming other articles are ignored. ``base`` is a witness id; by default the most complete
    witness in ``lang`` where one is given, else :func:`default_base` from the story's stored
    ``stemma`` and the links' directions. The collation's ``base_reason`` says which.
    """
    if not witnesses:
        raise ValueError("nothing to collate: no witnesses")
    ids = [a.id for a in witnesses]
    if len(set(ids)) != len(ids):
        raise ValueError("witness ids must be unique")
    if base is not None and base not in ids:
        raise ValueError(f"base {base!r} is not one of the witnesses")
    sides = [side_of(a) for a in witnesses]
    words = [s.counts[-1] for s in sides]
    known = set(ids)
    by_pair = {frozenset((ln.a, ln.b)): ln for ln in links if ln.a in known and ln.b in known}
    if base is not None:
        b, why = ids.index(base), "chosen by the reader"
    elif lang is not None:
        b = choose_base(witnesses, words, lang)
        why = f"the fullest witness in {lang}, the language asked for"
    else:
        b, why = default_base(witnesses, words, links, stemma)
    langs = [a.lang for a in witnesses]
    table = place(sides, b, langs, words, by_pair)
    # each language's reference for word-level variants: its most complete witness (the base
    # in the base's language), whichever order the witnesses were placed in
    lang_base: dict[str | None, int] = {langs[b]: b}
    for w in sorted(table.placed, key=lambda w: (-words[w], w)):
        lang_base.setdefault(langs[w], w)
    collation = _build(witnesses, sides, table, lang_base, story, b, words)
    collation.base_reason = why
    return collation
