"""Incremental story clustering: a new article joins a story, founds one, or bridges two that
then merge.

How it stays the same whatever order articles arrive in:

- every quantity that decides anything is a pure function of one article (its profile and
  centred vector) or of two (their pair probability, see ``similarity.py``); nothing depends on
  running corpus statistics;
- candidates come from an exhaustive range query (every article whose centred cosine reaches
  ``candidate_floor``), whose answer does not depend on what else is indexed;
- two articles are *linked* when their pair probability reaches ``edge``, or when the reuse
  stage says one copies, excerpts, translates or paraphrases the other; linked articles fall
  into one *group* (union-find: groups only grow, and an article linked to two groups merges
  them);
- inside a group, pairs are weighed again with names counted by their rarity in the group (the
  actors every article shares say less than the people and places of one event: a group is a
  set, whatever order it grew in), and a pair the reuse stage typed ``related`` counts as 0;
  stories are then the clusters of average linkage cut at ``linkage`` (articles joined by reuse
  links start as one cluster), which keeps a chain of pairwise-similar articles drifting from
  one event to another apart; an article left alone then joins the story it matches best on
  average if that reaches ``attach``. All of it runs over the group's articles in id order, so a
  group clusters the same way however it was built;
- two stories are *related* when some pair across them reaches ``related`` (same actors, another
  event), or the reuse stage typed a pair across them ``related``.

Groups touched since the last look are re-clustered when stories are read, and at once when an
article is added to a group of at most ``exact_limit`` articles; in a larger group ``add`` gives
the story the article matches best for now, and ``stories()`` settles it.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from stemma.model import Article, Link, Story
from stemma.stories.represent import name_similarity, norm, represent
from stemma.stories.similarity import (
    WEIGHTS,
    Centring,
    Entry,
    names_logit,
    pair_logits,
    sigmoid,
)

# Link kinds from the reuse stage that put two articles in one story.
JOIN_KINDS = frozenset({"copy", "revision", "excerpt", "translation", "paraphrase", "same_event"})
RELATED_KIND = "related"


@dataclass(frozen=True)
class StoryConfig:
    """One configuration for every corpus; probabilities come from ``similarity.pair_logits``."""

    # representation
    lead: int = 2  # lead sentences embedded after the title
    rich: int = 2  # further sentences embedded: those richest in names and numbers
    max_chars: int = 300  # each embedded passage is cut to this length
    # pair model
    weights: tuple[float, ...] = WEIGHTS
    max_gap_days: int = 30  # publication dates further apart than this ...
    gap_logit: float = -4.0  # ... make a pair this much less likely (log-odds)
    # decisions
    candidate_floor: float = 0.3  # centred cosine under which a pair is not considered
    keep: float = 0.01  # pair probabilities under this are taken as 0
    edge: float = 0.3  # probability that links two articles into one group
    linkage: float = 0.3  # mean probability two clusters of a group need to be one story
    attach: float = 0.2  # mean probability a lone article needs to join its best story
    related: float = 0.1  # best probability across two stories that marks them related
    exact_limit: int = 50  # groups up to this size are re-clustered on every add
    group_names: bool = True  # inside a group, weigh names by their rarity in the group


# --- small pieces -------------------------------------------------------------------------------


class UnionFind:
    """Disjoint sets of ids, with their members; the root of a set is its smallest id."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}

    def add(self, item: str) -> None:
        if item not in self.parent:
            self.parent[item] = item
            self.members[item] = [item]

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> str:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            ra, rb = min(ra, rb), max(ra, rb)
            self.parent[rb] = ra
            self.members[ra].extend(self.members.pop(rb))
        return ra

    def size(self, item: str) -> int:
        return len(self.members[self.find(item)])


class VectorIndex:
    """Unit vectors in a growing matrix; a range query returns every row at or above a cosine.

    Exhaustive on purpose: a range query's answer does not depend on what else is indexed (a
    top-k query's would), which keeps clustering order-independent. A matrix product over
    100k x 384 floats takes milliseconds.
    """

    def __init__(self, dim: int):
        self._rows = np.zeros((64, dim), dtype=np.float32)
        self.ids: list[str] = []

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, item: str, vec: np.ndarray) -> None:
        if len(self.ids) == len(self._rows):
            self._rows = np.concatenate([self._rows, np.zeros_like(self._rows)])
        self._rows[len(self.ids)] = vec
        self.ids.append(item)

    def search(self, vec: np.ndarray, floor: float) -> list[tuple[str, float]]:
        sims = self._rows[: len(self.ids)] @ vec
        return [(self.ids[i], float(sims[i])) for i in np.flatnonzero(sims >= floor)]


def average_linkage(
    sim: np.ndarray, threshold: float, groups: Sequence[int] | None = None
) -> list[int]:
    """Cluster labels from average-linkage agglomeration stopped at ``threshold``.

    ``sim`` is a symmetric similarity matrix; ``groups`` optional starting clusters (labels per
    row). Uses the nearest-neighbour chain (Murtagh 1983), O(n^2) with numpy rows; ties go to
    the lower index, so the result depends only on ``sim`` and ``groups``. Two clusters whose
    best partner scores under ``threshold`` are set aside: under average linkage no later
    merge can raise a similarity above the larger of the two it averages.
    """
    n = len(sim)
    start = list(range(n)) if groups is None else list(groups)
    first: dict = {}
    for label in start:
        first.setdefault(label, len(first))
    idx = np.array([first[label] for label in start], dtype=np.intp)
    k = len(first)
    sizes = np.bincount(idx, minlength=k).astype(np.float64)
    sim = np.asarray(sim, dtype=np.float64)
    if k == n and np.array_equal(idx, np.arange(n)):
        s = sim.copy()
    else:  # mean similarity between starting clusters
        rows = np.zeros((k, n))
        np.add.at(rows, idx, sim)
        s = np.zeros((k, k))
        np.add.at(s.T, idx, rows.T)
        s /= np.outer(sizes, sizes)
    np.fill_diagonal(s, -np.inf)
    active = np.ones(k, dtype=bool)
    owner = list(range(k))  # merged cluster -> the cluster it went into
    chain: list[int] = []
    while True:
        if not chain:
            left = np.flatnonzero(active)
            if len(left) < 2:
                break
            chain.append(int(left[0]))
        a = chain[-1]
        prev = chain[-2] if len(chain) > 1 else None
        row = np.where(active, s[a], -np.inf)
        row[a] = -np.inf
        b = int(np.argmax(row))
        if prev is not None and row[prev] >= row[b]:
            b = prev
        if row[b] < threshold:  # a can never merge again: set it aside
            active[a] = False
            chain.pop()
        elif b == prev:  # reciprocal nearest neighbours: merge
            del chain[-2:]
            keep, gone = min(a, b), max(a, b)
            merged = (sizes[a] * s[a] + sizes[b] * s[b]) / (sizes[a] + sizes[b])
            s[keep], s[:, keep] = merged, merged
            s[keep, keep] = -np.inf
            s[gone], s[:, gone] = -np.inf, -np.inf
            sizes[keep] += sizes[gone]
            active[gone] = False
            owner[gone] = keep
        else:
            chain.append(b)
    root = list(range(k))
    for c in range(k):
        r = c
        while owner[r] != r:
            r = owner[r]
        root[c] = r
    return [root[c] for c in idx]


def attach_loners(sim: np.ndarray, labels: list[int], threshold: float) -> list[int]:
    """Move each article left alone into the cluster (of two or more) it matches best on
    average, where that mean reaches ``threshold``; ties go to the lower label."""
    labels = list(labels)
    names = sorted(set(labels))
    sizes = {c: labels.count(c) for c in names}
    big = [c for c in names if sizes[c] > 1]
    if not big or len(big) == len(names):
        return labels
    member = np.array([[label == c for c in big] for label in labels], dtype=np.float64)
    means = (sim @ member) / member.sum(axis=0)
    for row, label in enumerate(labels):
        if sizes[label] == 1:
            best = int(np.argmax(means[row]))
            if means[row, best] >= threshold:
                labels[row] = big[best]
    return labels


# --- the clusterer ------------------------------------------------------------------------------

LinkLike = Link | tuple[str, str, str]
LinkSource = Callable[[str], Iterable[LinkLike]] | Iterable[LinkLike] | None


def story_id(first_article: str) -> str:
    """A story's id, from the id of its earliest article."""
    return "s-" + hashlib.sha1(first_article.encode("utf-8")).hexdigest()[:12]


def _as_triple(link: LinkLike) -> tuple[str, str, str]:
    if isinstance(link, Link):
        return link.a, link.b, link.kind
    a, b, kind = link
    return str(a), str(b), str(kind)


class StoryClusterer:
    """Stories of a growing pile of articles; see the module docstring for how it decides.

    ``encoder``: any `Encoder` (wrap it in ``CachedEncoder`` so no passage is embedded twice).
    ``links``: reuse-stage links, as :class:`~stemma.model.Link` objects or ``(a, b, kind)``
    triples, or a callable that returns the links of a newly added article id.
    ``typer``: optional ``typer(a, b) -> link or None``, asked about each pair of articles in one
    language that the pair model finds at least ``related``-likely and no link covers yet (the
    reuse stage's same-language typing); what it returns counts as a link and is kept in
    :attr:`typed`. A ``related`` link keeps two articles apart: their pair counts as 0 inside
    the group.
    """

    def __init__(
        self,
        encoder,
        config: StoryConfig | None = None,
        links: LinkSource = None,
        typer: Callable[[str, str], LinkLike | None] | None = None,
    ):
        self.encoder = encoder
        self.config = config or StoryConfig()
        self.centring = Centring(encoder)
        self.typer = typer
        self.typed: list[LinkLike] = []
        self._links_for = links if callable(links) else None
        self._entries: dict[str, Entry] = {}
        self._index = VectorIndex(encoder.dim)
        self._groups = UnionFind()
        self._probs: dict[str, dict[str, float]] = {}  # kept pair probabilities, both ways
        self._unnamed: dict[str, dict[str, float]] = {}  # their log-odds without the names
        self._joined: dict[str, set[str]] = {}  # reuse links that join, both ways
        self._related_links: set[tuple[str, str]] = set()
        self._pending: list[tuple[str, str, str]] = []  # links naming an article not seen yet
        self._clusters: dict[str, list[list[str]]] = {}  # group root -> its stories
        self._dirty: set[str] = set()
        if links is not None and not callable(links):
            for link in links:
                self._pending.append(_as_triple(link))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._entries

    # -- adding ----------------------------------------------------------------------------------

    def add(self, article: Article) -> str:
        """Add one article (again: no change); the id of the story it is in now."""
        self.add_many([article], settle=False)
        if self._groups.size(article.id) > self.config.exact_limit:
            return self._provisional(article.id)
        return self.story_of(article.id)

    def add_many(self, articles: Iterable[Article], settle: bool = True) -> None:
        """Add articles, embedding all their passages in one encoder call."""
        fresh: dict[str, Article] = {}
        for article in articles:
            if article.id not in self._entries:
                fresh.setdefault(article.id, article)
        for entry in self.entries(fresh.values()):
            self._insert(entry)
        if settle:
            self._refresh()

    def entries(self, articles: Iterable[Article]) -> list[Entry]:
        """Profiles and centred vectors of ``articles`` (one encoder call), not added."""
        cfg = self.config
        profiles = [
            represent(a, lead=cfg.lead, rich=cfg.rich, max_chars=cfg.max_chars) for a in articles
        ]
        texts = [t for p in profiles for t in p.passages]
        vecs = self.encoder.encode(texts) if texts else np.zeros((0, self.encoder.dim))
        out, at = [], 0
        for profile in profiles:
            rows = vecs[at : at + len(profile.passages)]
            at += len(profile.passages)
            out.append(Entry(profile, self.centring.document(rows, profile.lang)))
        return out

    def _insert(self, entry: Entry) -> None:
        cfg = self.config
        me = entry.profile.id
        self._groups.add(me)
        self._probs[me] = {}
        self._unnamed[me] = {}
        self._joined[me] = set()
        asked: list[str] = []
        for other, _ in self._index.search(entry.vec, cfg.candidate_floor):
            them = self._entries[other]
            logit, unnamed = pair_logits(entry, them, cfg.weights, cfg.max_gap_days, cfg.gap_logit)
            p = sigmoid(logit)
            if p >= cfg.keep:
                self._probs[me][other] = self._probs[other][me] = p
                self._unnamed[me][other] = self._unnamed[other][me] = unnamed
            if p >= cfg.edge:
                self._groups.union(me, other)
            if self.typer and p >= cfg.related and entry.profile.lang == them.profile.lang:
                asked.append(other)
        self._entries[me] = entry
        self._index.add(me, entry.vec)
        self._dirty.add(me)
        if self._links_for is not None:
            self._pending.extend(_as_triple(x) for x in self._links_for(me))
        if self.typer is not None:
            known = {frozenset((a, b)) for a, b, _ in self._pending}
            known |= {frozenset((me, o)) for o in self._joined[me]}
            for other in asked:
                if frozenset((me, other)) in known or (min(me, other), max(me, other)) in (
                    self._related_links
                ):
                    continue
                link = self.typer(min(me, other), max(me, other))
                if link is not None:
                    self.typed.append(link)
                    self._pending.append(_as_triple(link))
        self._apply_links()

    def link(self, a: str, b: str, kind: str) -> None:
        """Record a reuse-stage link; the joining kinds put both articles in one story."""
        self._pending.append((a, b, kind))
        self._apply_links()

    def _apply_links(self) -> None:
        waiting = []
        for a, b, kind in self._pending:
            if a not in self._entries or b not in self._entries:
                waiting.append((a, b, kind))
            elif a == b:
                continue
            elif kind in JOIN_KINDS:
                self._joined[a].add(b)
                self._joined[b].add(a)
                self._groups.union(a, b)
                self._dirty.add(a)
            elif kind == RELATED_KIND:
                self._related_links.add((min(a, b), max(a, b)))
                self._dirty.add(a)
        self._pending = waiting

    # -- clustering ------------------------------------------------------------------------------

    def _dirty_roots(self) -> set[str]:
        return {self._groups.find(d) for d in self._dirty}

    def _provisional(self, item: str) -> str:
        """In a large group not yet re-clustered: the story (as last clustered) ``item`` matches
        best on average if that reaches ``linkage``, else a story of its own."""
        root = self._groups.find(item)
        best, best_p = [item], self.config.linkage
        for members in self._stories_in(root):
            if item in members:
                continue
            p = sum(self._probs[item].get(m, 0.0) for m in members) / len(members)
            if p >= best_p:
                best, best_p = members, p
        return story_id(self._first([*best, item]))

    def _stories_in(self, root: str) -> list[list[str]]:
        """The stories, as last clustered, of the groups that have merged into ``root``'s."""
        merged = self._clusters.keys() & set(self._groups.members[root])
        return [m for r in sorted(merged) for m in self._clusters[r]]

    def _refresh(self, only: str | None = None) -> None:
        """Re-cluster every group an article was added to (or merged into) since last time, or
        only the group of article ``only``."""
        roots = self._dirty_roots()
        if only is not None:
            roots &= {self._groups.find(only)}
        if not roots:
            return
        self._dirty = {d for d in self._dirty if self._groups.find(d) not in roots}
        for root in roots:
            for merged in self._clusters.keys() & set(self._groups.members[root]):
                del self._clusters[merged]  # clustered before, or merged in since
            self._clusters[root] = self._cluster_group(sorted(self._groups.members[root]))

    def _cluster_group(self, items: list[str]) -> list[list[str]]:
        if len(items) == 1:
            return [items]
        cfg = self.config
        pos = {item: n for n, item in enumerate(items)}
        sim = np.zeros((len(items), len(items)))
        rare = self._group_names(items) if cfg.group_names else {}
        norms = {item: norm(bag) for item, bag in rare.items()}
        for item in items:
            i = pos[item]
            for other, p in self._probs[item].items():
                j = pos.get(other, -1)
                if j < i:  # outside the group, or seen from the other side
                    continue
                if rare:
                    a, b = rare[item], rare[other]
                    named = name_similarity(a, b, norms[item], norms[other]) if a and b else None
                    p = sigmoid(self._unnamed[item][other] + names_logit(named, cfg.weights))
                sim[i, j] = sim[j, i] = p
        for a, b in self._related_links:  # the reuse stage saw another event: keep apart
            if a in pos and b in pos:
                sim[pos[a], pos[b]] = sim[pos[b], pos[a]] = 0.0
        forced = UnionFind()
        for item in items:
            forced.add(item)
        for item in items:
            for other in self._joined[item]:
                forced.union(item, other)
        start = [pos[forced.find(i)] for i in items]
        labels = average_linkage(sim, cfg.linkage, start)
        labels = attach_loners(sim, labels, cfg.attach)
        stories: dict[int, list[str]] = {}
        for item, label in zip(items, labels, strict=True):
            stories.setdefault(label, []).append(item)
        return list(stories.values())

    def _group_names(self, items: list[str]) -> dict[str, dict[str, float]]:
        """Each article's names weighted by how rare they are in its group, 1 + ln(n / df):
        inside a group the shared actors say less than the names of one event's people and
        places. A group is the same set whatever order its articles came in."""
        df: Counter[str] = Counter()
        for item in items:
            df.update(self._entries[item].profile.names.keys())
        n = len(items)
        weight = {name: 1.0 + math.log(n / count) for name, count in df.items()}
        return {
            item: {k: w * weight[k] for k, w in self._entries[item].profile.names.items()}
            for item in items
        }

    def _first(self, members: Iterable[str]) -> str:
        return min(members, key=lambda i: self._entries[i].key)

    def story_of(self, article_id: str) -> str:
        """The id of the story ``article_id`` is in (re-clustering its group if it changed)."""
        self._refresh(only=article_id)
        root = self._groups.find(article_id)
        for members in self._clusters[root]:
            if article_id in members:
                return story_id(self._first(members))
        raise KeyError(article_id)

    def stories(self) -> list[Story]:
        """Every story, earliest first, each listing its articles earliest first and the ids of
        its related stories."""
        self._refresh()
        story_of: dict[str, str] = {}
        groups: dict[str, list[str]] = {}
        for clusters in self._clusters.values():
            for members in clusters:
                sid = story_id(self._first(members))
                groups[sid] = sorted(members, key=lambda i: self._entries[i].key)
                for m in members:
                    story_of[m] = sid
        related: dict[str, set[str]] = {sid: set() for sid in groups}
        near = [
            (a, b)
            for a, probs in self._probs.items()
            for b, p in probs.items()
            if a < b and p >= self.config.related
        ]
        for a, b in [*near, *self._related_links]:
            sa, sb = story_of[a], story_of[b]
            if sa != sb:
                related[sa].add(sb)
                related[sb].add(sa)
        out = []
        for sid, members in groups.items():
            entries = [self._entries[m] for m in members]
            dates = [e.profile.published for e in entries if e.profile.published]
            out.append(
                Story(
                    id=sid,
                    articles=members,
                    title=entries[0].profile.title,
                    languages=sorted({e.profile.lang for e in entries}),
                    first_seen=min(dates).isoformat() if dates else None,
                    related=sorted(related[sid]),
                )
            )
        out.sort(key=lambda s: self._entries[s.articles[0]].key)
        return out

    def entry(self, article_id: str) -> Entry:
        return self._entries[article_id]


def cluster(
    articles: Iterable[Article],
    encoder,
    config: StoryConfig | None = None,
    links: LinkSource = None,
    typer: Callable[[str, str], LinkLike | None] | None = None,
) -> list[Story]:
    """Stories of ``articles`` in one batch: the same as adding them one by one, in any order."""
    clusterer = StoryClusterer(encoder, config, links, typer)
    clusterer.add_many(articles)
    return clusterer.stories()
