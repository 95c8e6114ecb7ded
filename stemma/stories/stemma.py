"""The stemma of a story: which witness derives from which, with unseen sources where needed.

Built from the story's typed links. Directed links fix an order; undirected ones are laid out
by the witnesses' order (earliest by best-known time, most derived-from first) but stay
undirected: their edge carries ``direction=None`` (drawn without an arrowhead) and the link's
reason for stating none. Each witness then takes as parent its strongest deriving link to an
earlier witness, so the result is always a forest, and every edge between two witnesses is one
of the story's links with the same kind and direction. Two kinds of unseen node are added
where the evidence calls for them:

- a *lost translation*: two or more witnesses in one language that copy each other (no
  direction between them) and each translate the same original descend from one translation
  that is not in the pile only when their readings call for it: each renders passages of the
  original that another lacks, so neither can have been copied from the other (an omission
  cannot be restored by a copyist; an addition can be made). The node states those passages;
- a *cited source*: the root witness names a source (``Source: X``) that is not in the pile.

A witness a reader marked as the original (``stemma correct ... original``) is the root
whatever the links say: every deriving link touching it points away from it, it is laid out
first, and no cited source is drawn above it (:func:`build_stemma`'s ``original``).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field, replace

from stemma.ingest.when import earlier
from stemma.model import Article, Link

DERIVING = {"copy": 1.0, "revision": 0.95, "excerpt": 0.9, "translation": 0.9, "paraphrase": 0.7}
SAME_TEXT = {"copy", "revision"}


@dataclass
class Node:
    id: str
    kind: str  # "witness" | "unseen"
    label: str
    lang: str | None = None


@dataclass
class Edge:
    source: str
    target: str
    kind: str
    score: float
    evidence: dict = field(default_factory=dict)
    # the id the target derives from (== source) where the evidence states it; None for a link
    # whose direction is unknown: ``source`` is then only the earlier of the two in the layout
    direction: str | None = None


@dataclass
class Stemma:
    root: str | None
    nodes: list[Node]
    edges: list[Edge]
    root_evidence: str = ""  # why the root is the original, or that nothing says so

    def to_dict(self) -> dict:
        return {
            "root": self.root,
            "root_evidence": self.root_evidence,
            "nodes": [vars(n).copy() for n in self.nodes],
            "edges": [vars(e).copy() for e in self.edges],
        }

    def parent(self, id: str) -> str | None:
        return next((e.source for e in self.edges if e.target == id), None)


VERBATIM = {"identical", "variant"}


def _weight(link: Link) -> float:
    return DERIVING.get(link.kind, 0.0) * max(link.score, 1e-3)


def _parent_weight(link: Link, by_id: dict[str, Article]) -> float:
    """Shared wording within one language outweighs any cross-language rendering: a rewrite that
    keeps another outlet's English phrasing was made from that English text."""
    same_language = by_id[link.a].lang == by_id[link.b].lang
    verbatim = any(p.kind in VERBATIM for p in link.evidence.pairs)
    return _weight(link) + (1.0 if same_language and verbatim else 0.0)


def _order(
    articles: dict[str, Article], links: list[Link], original: str | None = None
) -> list[str]:
    """Witnesses in derivation order: directed links first, then earliest and most derived-from
    (a reader's marked ``original`` before every other witness free to go)."""
    into: dict[str, dict[str, float]] = defaultdict(dict)  # child -> parent -> weight
    out_weight: dict[str, float] = defaultdict(float)
    for link in links:
        if link.direction and link.kind in DERIVING:
            child = link.b if link.direction == link.a else link.a
            into[child][link.direction] = max(into[child].get(link.direction, 0), _weight(link))
            out_weight[link.direction] += _weight(link)

    def key(id: str):
        return (id != original, time_key(articles[id]), -out_weight[id], id)

    remaining = {id: dict(into[id]) for id in articles}
    # each parent's children, in the witnesses' order: a placed witness frees only its own
    # children (a story of thousands of copies made the scan of every witness quadratic)
    children: dict[str, list[str]] = defaultdict(list)
    for child, parents in remaining.items():
        for parent in parents:
            children[parent].append(child)
    order: list[str] = []
    placed: set[str] = set()
    ready = [key(id) for id, parents in remaining.items() if not parents]
    heapq.heapify(ready)
    while len(order) < len(articles):
        if not ready:  # a cycle of directed links: release its weakest-held witness
            stuck = min(
                (id for id in remaining if id not in placed),
                key=lambda id: (sum(remaining[id].values()), key(id)),
            )
            remaining[stuck] = {}
            heapq.heappush(ready, key(stuck))
        id = heapq.heappop(ready)[-1]
        if id in placed:
            continue
        order.append(id)
        placed.add(id)
        for child in children.get(id, ()):
            parents = remaining[child]
            if id in parents and child not in placed:
                del parents[id]
                if not parents:
                    heapq.heappush(ready, key(child))
    return order


def time_key(article: Article) -> str:
    """Sort key of a witness's best-known time (its evidence at its precision, else its
    published date); undated witnesses sort last."""
    when = article.when
    return when.iso if when is not None else (article.published or "9999")


def _evidence(link: Link) -> dict:
    ev = link.evidence
    return {
        "link": [link.a, link.b],
        "coverage": [round(ev.coverage_a, 3), round(ev.coverage_b, 3)],
        "pairs": len(ev.pairs),
        "variants": len(ev.variants),
        "reasons": list(ev.reasons),
        "direction_signals": [dict(s) for s in ev.direction_signals],
    }


def build_stemma(articles: list[Article], links: list[Link], original: str | None = None) -> Stemma:
    """The stemma of one story from its witnesses and the links among them; ``original``: the
    witness a reader marked as the original, made the root (ignored when not a witness)."""
    by_id = {a.id: a for a in articles}
    links = [ln for ln in links if ln.a in by_id and ln.b in by_id]
    original = original if original in by_id else None
    if original is not None:
        links = [_from_original(ln, original) for ln in links]
    order = _order(by_id, links, original)
    rank = {id: i for i, id in enumerate(order)}
    nodes = [Node(a.id, "witness", a.title or a.id, a.lang) for a in (by_id[i] for i in order)]
    best: dict[str, tuple[float, Link]] = {}
    for link in links:
        if link.kind not in DERIVING:
            continue
        if link.direction:
            parent = link.direction
            child = link.b if parent == link.a else link.a
            if rank[parent] > rank[child]:
                continue
        else:
            parent, child = sorted((link.a, link.b), key=rank.__getitem__)
        weight = _parent_weight(link, by_id)
        if child not in best or weight > best[child][0]:
            best[child] = (weight, link)
    edges = []
    for child, (_, link) in sorted(best.items(), key=lambda kv: rank[kv[0]]):
        parent = link.a if link.b == child else link.b
        edge = Edge(parent, child, link.kind, round(link.score, 4), _evidence(link), link.direction)
        edges.append(edge)
    _lost_translations(by_id, links, nodes, edges)
    if original is not None:  # a person's verdict: no cited source or guess goes above it
        why = f"a reader marked {original} as the original"
        found = _root_evidence(original, by_id, edges)
        return Stemma(
            original, nodes, edges, why if found.endswith(LAYOUT_ONLY) else f"{why}; {found}"
        )
    targets = {e.target for e in edges}
    roots = [n.id for n in nodes if n.id not in targets]
    root = _main_root(roots, edges)
    why = _root_evidence(root, by_id, edges) if root is not None else ""
    # a source named by a root that nothing shows to be first would hang over a guess
    if root is not None and root in by_id and not why.endswith(LAYOUT_ONLY):
        cited = _cited_source(by_id[root], nodes, edges)
        if cited:
            why = f"{root} names it as its source; {why}"
            root = cited
    return Stemma(root, nodes, edges, why)


LAYOUT_ONLY = "for layout only"


def _from_original(link: Link, original: str) -> Link:
    """``link`` pointing away from the reader's marked original where it derives one text from
    the other (the corrections do this to stored links; a caller passing links as typed gets
    the same stemma)."""
    if original not in (link.a, link.b) or link.kind not in DERIVING or link.direction == original:
        return link
    return replace(link, direction=original)


def _root_evidence(root: str, by_id: dict[str, Article], edges: list[Edge]) -> str:
    """Why ``root`` stands first, in words: stated directions lead back to it, or it is the
    earliest by its best-known time, or nothing orders the witnesses (the layout starts
    somewhere; no edge out of it then carries an arrowhead)."""
    led = sum(1 for e in edges if e.source == root and e.direction == root)
    said = []
    if led:
        said.append(f"{led} stated direction(s) lead from {root}")
    article = by_id.get(root)
    when = article.when if article is not None else None
    others = [other.when for id, other in by_id.items() if id != root and other.when]
    if when is not None and others and all(earlier(when, other) for other in others):
        said.append(f"{root} has the earliest best-known time ({when.iso}, {when.source})")
    if not said:
        return f"nothing orders the witnesses: the diagram starts from {root} {LAYOUT_ONLY}"
    return "; ".join(said)


# What makes a witness unfit as the exemplar of its sibling: passages of the original (of at
# least ``MIN_WORDS`` words, so a date line or label aligned by chance does not count) that the
# sibling renders and it does not, at least ``MIN_OMITTED`` of them.
MIN_OMITTED = 2
MIN_WORDS = 5


def _rendered(link: Link, original: Article) -> set[int]:
    """Indexes of the original's passages that a translation link aligns."""
    side = "a" if link.a == original.id else "b"
    spans = [(getattr(p, f"{side}_start"), getattr(p, f"{side}_end")) for p in link.evidence.pairs]
    return {
        i
        for i, passage in enumerate(original.passages)
        if len(passage.text.split()) >= MIN_WORDS and any(s <= passage.start < e for s, e in spans)
    }


def _same_text_groups(links: list[Link]) -> list[list[str]]:
    """Witnesses joined by undirected copy or revision links, each group sorted."""
    same: dict[str, set[str]] = defaultdict(set)
    for link in links:
        if link.kind in SAME_TEXT and not link.direction:
            same[link.a].add(link.b)
            same[link.b].add(link.a)
    groups, seen = [], set()
    for start in sorted(same):
        if start in seen:
            continue
        group, todo = set(), [start]
        while todo:
            id = todo.pop()
            if id not in group:
                group.add(id)
                todo.extend(same[id] - group)
        seen |= group
        groups.append(sorted(group))
    return groups


def _lost_translations(
    by_id: dict[str, Article], links: list[Link], nodes: list[Node], edges: list[Edge]
) -> None:
    """Witnesses that copy each other (no direction), each translate one original, and each omit
    passages of it that another renders: they descend from a translation the pile lacks."""
    # each witness's translation links from another, in the links' order: looked up per
    # member, not found by scanning every link of the story for each (thousands of copies)
    translated: dict[str, list[Link]] = defaultdict(list)
    for ln in links:
        if ln.kind == "translation":
            for m in {ln.a, ln.b}:
                if ln.direction not in (m, None):
                    translated[m].append(ln)
    for members in _same_text_groups(links):
        translations = {m: list(translated.get(m, ())) for m in members}
        originals = {ln.direction for found in translations.values() for ln in found}
        if len(originals) != 1 or not all(translations.values()):
            continue
        original = by_id[originals.pop()]
        rendered = {
            m: set().union(*(_rendered(ln, original) for ln in translations[m])) for m in members
        }
        omitted = {
            m: sorted(set().union(*(rendered[o] for o in members if o != m)) - rendered[m])
            for m in members
        }
        if not all(len(found) >= MIN_OMITTED for found in omitted.values()):
            continue
        lang = by_id[members[0]].lang
        unseen = f"unseen:translation:{original.id}:{lang}"
        nodes.append(
            Node(unseen, "unseen", f"lost {lang or ''} translation of {original.id}", lang)
        )
        readings = {
            m: [_snippet(original.passages[i].text) for i in found[:3]]
            for m, found in omitted.items()
        }
        reasons = [
            f"{', '.join(members)} copy one text and translate {original.id}; each lacks passages "
            "of it that another renders, so none can be the others' exemplar"
        ] + [
            f"{m} lacks {len(omitted[m])} passages of {original.id} that the others render, e.g. "
            + " | ".join(readings[m])
            for m in members
        ]
        found = [ln for m in members for ln in translations[m]]
        for edge in list(edges):
            if edge.target in members:
                edges.remove(edge)
        edges.append(
            Edge(
                original.id,
                unseen,
                "translation",
                max(ln.score for ln in found),
                {
                    "reasons": reasons,
                    "links": [[ln.a, ln.b] for ln in found],
                    "omitted": {m: omitted[m] for m in members},
                },
                original.id,
            )
        )
        for member in members:
            copy = next(
                ln
                for ln in links
                if ln.kind in SAME_TEXT and member in (ln.a, ln.b) and {ln.a, ln.b} <= set(members)
            )
            edges.append(
                Edge(
                    unseen,
                    member,
                    copy.kind,
                    round(copy.score, 4),
                    {"reasons": [f"{member} copies the lost translation", reasons[0]]},
                    unseen,
                )
            )


def _snippet(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _main_root(roots: list[str], edges: list[Edge]) -> str | None:
    if not roots:
        return None
    children: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        children[e.source].append(e.target)

    def size(id: str) -> int:
        # iteratively: a chain of thousands of copies is deeper than Python's recursion limit
        count, todo = 0, [id]
        while todo:
            count += 1
            todo.extend(children.get(todo.pop(), ()))
        return count

    # the largest tree, the first listed among equals
    return max(enumerate(roots), key=lambda ir: (size(ir[1]), -ir[0]))[1]


def _cited_source(root: Article, nodes: list[Node], edges: list[Edge]) -> str | None:
    """An unseen source above the root when the root names one that is not in the pile."""
    if not root.sources:
        return None
    source = root.sources[0]
    unseen = f"unseen:source:{source.name}"
    nodes.insert(0, Node(unseen, "unseen", source.name, root.lang))
    edges.insert(
        0,
        Edge(
            unseen, root.id, "copy", 1.0, {"reasons": [f"{root.id} cites: {source.phrase}"]}, unseen
        ),
    )
    return unseen
