"""Incremental story clustering: a new article joins a story, founds one, or bridges two that
then merge.

How it stays the same whatever order articles arrive in:

- every quantity that decides anything is a pure function of one article (its :class:`Profile`
  and centred vectors) or of two (their pair score); nothing depends on running corpus
  statistics. Vectors are centred on fixed per-language anchor means (see ``anchors.py``)
  rather than on the means of the articles seen so far;
- two articles are *linked* when their pair score reaches ``StoryConfig.edge`` (or the reuse
  stage says one copies, excerpts, translates or reports the same event as the other); linked
  articles fall into one *group* (union-find over a vector index, so groups only ever grow and a
  bridging article merges two);
- inside a group, stories are the clusters of average linkage cut at ``StoryConfig.linkage``
  (groups of articles forced together by reuse links start as one cluster). This guards against
  chaining: a run of pairwise-similar articles drifting from one event to another stays split
  unless the groups are similar on average. Average linkage over a canonical order (article
  ids) is deterministic, so a group clusters the same way however it was built;
- two stories are *related* when some pair across them scores at least ``StoryConfig.related``
  (same actors, another event), or the reuse stage typed a pair across them ``related``.

Only groups touched since the last look are re-clustered.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from stemma.model import Article, Link, Story
from stemma.stories.anchors import ANCHORS
from stemma.stories.represent import Profile, name_similarity, overlap, represent, resemblance

# Link kinds from the reuse stage that put two articles in one story.
JOIN_KINDS = frozenset({"copy", "revision", "excerpt", "translation", "paraphrase", "same_event"})
RELATED_KIND = "related"
_FAR = date.max


@dataclass(frozen=True)
class StoryConfig:
    """One configuration for every corpus. Scores are centred cosines (about -0.3 to 1) plus
    the adjustments below."""

    # representation
    lead: int = 2  # lead sentences embedded after the title
    rich: int = 2  # further sentences embedded: those richest in names and numbers
    max_chars: int = 300  # each embedded passage is cut to this length
    # scoring
    candidate_floor: float = 0.2  # centred cosine under which a pair is not scored at all
    names_weight: float = 0.4  # times (name similarity - names_expected), when both have names
    names_expected: float = 0.3
    numbers_weight: float = 0.1  # times (number overlap - numbers_expected), when both have some
    numbers_expected: float = 0.2
    shingles_weight: float = 0.5  # times the word 3-shingle resemblance (copies)
    year_conflict: float = 0.15  # both name years, none in common
    max_gap_days: int = 14  # publication dates further apart than this ...
    gap_penalty: float = 0.3  # ... cost this much
    # decisions
    edge: float = 0.5  # a pair scoring this much links two articles into one group
    linkage: float = 0.4  # average pair score two clusters of a group need to be one story
    related: float = 0.35  # best pair score across two stories that marks them related


# --- small pieces -------------------------------------------------------------------------------


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, item: str) -> None:
        self.parent.setdefault(item, item)

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
        return ra


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
    labels = sorted(set(start), key=start.index)
    k = len(labels)
    member = np.zeros((k, n), dtype=np.float64)
    for row, label in enumerate(start):
        member[labels.index(label), row] = 1.0
    sizes = member.sum(axis=1)
    sums = member @ np.asarray(sim, dtype=np.float64) @ member.T
    s = sums / np.outer(sizes, sizes)
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
    return [root[labels.index(label)] for label in start]


# --- centring -----------------------------------------------------------------------------------


class Centring:
    """Takes the language out of sentence vectors, using only the fixed anchor sentences.

    Two steps, both estimated once per encoder from ``ANCHORS`` (so the same for every pile):
    subtract the language's mean anchor vector (the mean over all anchor languages for other
    languages), then project out the ``rank`` directions along which translations of one anchor
    sentence differ most: a low-rank language-identity subspace, in the spirit of Xie et al.
    2022 ("Discovering low-rank subspaces for language-agnostic multilingual representations").
    """

    def __init__(self, encoder, rank: int = 8):
        self.encoder = encoder
        self.rank = rank
        self._means: dict[str, np.ndarray] = {}
        self._basis = np.zeros((0, encoder.dim), dtype=np.float32)

    def _fit(self) -> None:
        codes = sorted(ANCHORS)
        stacked = np.stack([self.encoder.encode(list(ANCHORS[c])) for c in codes])
        for code, vecs in zip(codes, stacked, strict=True):
            self._means[code] = vecs.mean(axis=0)
        self._means["*"] = stacked.mean(axis=(0, 1))
        # per anchor sentence, how each language's rendering departs from their mean
        spread = (stacked - stacked.mean(axis=0, keepdims=True)).reshape(-1, stacked.shape[2])
        self._basis = np.linalg.svd(spread, full_matrices=False)[2][: self.rank]

    def offset(self, lang: str) -> np.ndarray:
        if not self._means:
            self._fit()
        return self._means.get(lang, self._means["*"])

    def centre(self, vecs: np.ndarray, lang: str) -> np.ndarray:
        """Unit rows of ``vecs`` with the language taken out."""
        rows = np.atleast_2d(vecs) - self.offset(lang)
        rows = rows - (rows @ self._basis.T) @ self._basis
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


# --- pair scores --------------------------------------------------------------------------------


@dataclass
class Entry:
    """An article as indexed: its profile and centred document vector."""

    profile: Profile
    vec: np.ndarray

    @property
    def key(self) -> tuple[date, str]:
        """Earliest first: publication date (unknown last), then id."""
        return (self.profile.published or _FAR, self.profile.id)


def pair_score(a: Entry, b: Entry, cfg: StoryConfig) -> float:
    """How surely two articles report one event: centred cosine, moved up or down by names
    and numbers where both sides have some, up by shared wording, down by years and publication
    dates that disagree."""
    pa, pb = a.profile, b.profile
    score = float(a.vec @ b.vec)
    if pa.names and pb.names:
        score += cfg.names_weight * (name_similarity(pa.names, pb.names) - cfg.names_expected)
    if pa.numbers and pb.numbers:
        shared = overlap(pa.numbers, pb.numbers)
        score += cfg.numbers_weight * (shared - cfg.numbers_expected)
    if cfg.shingles_weight:
        score += cfg.shingles_weight * resemblance(pa.sketch, pb.sketch)
    if pa.years and pb.years and not pa.years & pb.years:
        score -= cfg.year_conflict
    if pa.published and pb.published and abs((pa.published - pb.published).days) > cfg.max_gap_days:
        score -= cfg.gap_penalty
    return score


# --- the clusterer ------------------------------------------------------------------------------

LinkLike = Link | tuple[str, str, str]
LinkSource = Callable[[str], Iterable[LinkLike]] | Iterable[LinkLike] | None


def _story_id(first: str) -> str:
    return "s-" + hashlib.sha1(first.encode("utf-8")).hexdigest()[:12]


def _as_triple(link: LinkLike) -> tuple[str, str, str]:
    if isinstance(link, Link):
        return link.a, link.b, link.kind
    a, b, kind = link
    return a, b, kind


class StoryClusterer:
    """Stories of a growing pile of articles; see the module docstring for how it decides.

    ``links``: reuse-stage links, as an iterable of :class:`~stemma.model.Link` or ``(a, b,
    kind)``, or a callable that, given a new article id, returns the links it has.
    """

    def __init__(self, encoder, config: StoryConfig | None = None, links: LinkSource = None):
        self.encoder = encoder
        self.config = config or StoryConfig()
        self.centring = Centring(encoder)
        self._links_for = links if callable(links) else None
        self._entries: dict[str, Entry] = {}
        self._index = VectorIndex(encoder.dim)
        self._groups = UnionFind()
        self._scores: dict[str, dict[str, float]] = {}  # pair scores >= related, both ways
        self._joined: dict[str, set[str]] = {}  # reuse links that join, both ways
        self._related_links: set[tuple[str, str]] = set()
        self._pending: list[tuple[str, str, str]] = []  # links naming an article not seen yet
        self._clusters: dict[str, list[list[str]]] = {}  # group root -> its stories
        self._dirty: set[str] = set()
        if links is not None and not callable(links):
            for link in links:
                self.link(*_as_triple(link))

    def __len__(self) -> int:
        return len(self._entries)

    # -- adding ----------------------------------------------------------------------------------

    def add(self, article: Article) -> str:
        """Add one article; the id of the story it is in now."""
        self.add_many([article], recluster=False)
        return self.story_of(article.id)

    def add_many(self, articles: Iterable[Article], recluster: bool = True) -> None:
        """Add articles with one encoder call for all their passages."""
        fresh = [a for a in articles if a.id not in self._entries]
        cfg = self.config
        profiles = [
            represent(a, lead=cfg.lead, rich=cfg.rich, max_chars=cfg.max_chars) for a in fresh
        ]
        texts = [t for p in profiles for t in p.passages]
        vecs = self.encoder.encode(texts) if texts else np.zeros((0, self.encoder.dim))
        at = 0
        for profile in profiles:
            rows = vecs[at : at + len(profile.passages)]
            at += len(profile.passages)
            self._insert(profile, rows)
        if recluster:
            self._refresh()

    def _insert(self, profile: Profile, rows: np.ndarray) -> None:
        cfg = self.config
        if len(rows):
            doc = self.centring.centre(rows, profile.lang).mean(axis=0)
            doc = (doc / max(float(np.linalg.norm(doc)), 1e-12)).astype(np.float32)
        else:
            doc = np.zeros(self.encoder.dim, dtype=np.float32)
        entry = Entry(profile, doc)
        me = profile.id
        self._groups.add(me)
        self._scores[me] = {}
        self._joined.setdefault(me, set())
        for other, cos in self._index.search(doc, cfg.candidate_floor):
            score = pair_score(entry, self._entries[other], cfg)
            if score >= cfg.related:
                self._scores[me][other] = score
                self._scores[other][me] = score
            if score >= cfg.edge:
                self._groups.union(me, other)
        self._entries[me] = entry
        self._index.add(me, doc)
        if self._links_for is not None:
            for link in self._links_for(me):
                self._pending.append(_as_triple(link))
        self._apply_pending()
        self._dirty.add(me)

    def link(self, a: str, b: str, kind: str) -> None:
        """Record a reuse-stage link; joining kinds put both articles in one story."""
        self._pending.append((a, b, kind))
        self._apply_pending()

    def _apply_pending(self) -> None:
        waiting = []
        for a, b, kind in self._pending:
            if a not in self._entries or b not in self._entries or a == b:
                waiting.append((a, b, kind))
            elif kind in JOIN_KINDS:
                self._joined[a].add(b)
                self._joined[b].add(a)
                self._groups.union(a, b)
                self._dirty.add(a)
            elif kind == RELATED_KIND:
                self._related_links.add((min(a, b), max(a, b)))
        self._pending = waiting

    # -- clustering ------------------------------------------------------------------------------

    def _refresh(self) -> None:
        """Re-cluster every group an article was added to (or merged into) since last time."""
        roots = {self._groups.find(d) for d in self._dirty}
        self._dirty.clear()
        if not roots:
            return
        members: dict[str, list[str]] = {r: [] for r in roots}
        for item in self._entries:
            root = self._groups.find(item)
            if root in members:
                members[root].append(item)
        for root in list(self._clusters):  # groups merged away
            if self._groups.find(root) != root or root in roots:
                del self._clusters[root]
        for root, items in members.items():
            self._clusters[root] = self._cluster_group(sorted(items))

    def _cluster_group(self, items: list[str]) -> list[list[str]]:
        if len(items) == 1:
            return [items]
        cfg = self.config
        vecs = np.stack([self._entries[i].vec for i in items])
        sim = np.minimum(vecs @ vecs.T, cfg.related)  # unscored pairs: their cosine, capped
        pos = {item: n for n, item in enumerate(items)}
        for item in items:
            for other, score in self._scores[item].items():
                if other in pos:
                    sim[pos[item], pos[other]] = score
        forced = UnionFind()
        for item in items:
            forced.add(item)
            for other in self._joined[item]:
                forced.union(item, other)
        labels = average_linkage(sim, cfg.linkage, [forced.find(i) for i in items])
        stories: dict[int, list[str]] = {}
        for item, label in zip(items, labels, strict=True):
            stories.setdefault(label, []).append(item)
        return list(stories.values())

    def story_of(self, article_id: str) -> str:
        self._refresh()
        root = self._groups.find(article_id)
        for members in self._clusters[root]:
            if article_id in members:
                return _story_id(self._first(members))
        raise KeyError(article_id)

    def _first(self, members: Iterable[str]) -> str:
        return min(members, key=lambda i: self._entries[i].key)

    def stories(self) -> list[Story]:
        """Every story, earliest first, with related stories listed by id."""
        self._refresh()
        story_of: dict[str, str] = {}
        groups: dict[str, list[str]] = {}
        for clusters in self._clusters.values():
            for members in clusters:
                sid = _story_id(self._first(members))
                groups[sid] = sorted(members, key=lambda i: self._entries[i].key)
                for m in members:
                    story_of[m] = sid
        related: dict[str, set[str]] = {sid: set() for sid in groups}
        pairs = [(a, b) for a, near in self._scores.items() for b in near if a < b]
        for a, b in [*pairs, *self._related_links]:
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


def cluster(
    articles: Iterable[Article],
    encoder,
    config: StoryConfig | None = None,
    links: LinkSource = None,
) -> list[Story]:
    """Stories of ``articles`` in one batch (the same as adding them one by one, in any order)."""
    clusterer = StoryClusterer(encoder, config, links)
    clusterer.add_many(articles)
    return clusterer.stories()


def score_breakdown(a: Entry, b: Entry) -> dict[str, float]:
    """The parts of a pair score, for explaining a decision."""
    pa, pb = a.profile, b.profile
    return {
        "cosine": float(a.vec @ b.vec),
        "names": name_similarity(pa.names, pb.names),
        "numbers": overlap(pa.numbers, pb.numbers),
        "shingles": resemblance(pa.sketch, pb.sketch),
        "years_shared": float(len(pa.years & pb.years)),
        "gap_days": float(abs((pa.published - pb.published).days))
        if pa.published and pb.published
        else math.nan,
    }
