"""Incremental story clustering: a new article joins a story, founds one, or bridges two that
then merge.

How it stays the same whatever order articles arrive in:

- every quantity that decides anything is a pure function of one article (its profile and
  centred vector) or of two (their pair probability, see ``similarity.py``); nothing depends on
  running corpus statistics;
- candidates are the pairs of a k-nearest-neighbour graph over the centred vectors
  (``index.NeighbourGraph``: cosine at least ``candidate_floor`` and one of the two among the
  other's ``neighbours`` nearest), which is the same graph whatever order the pile came in; so
  an article is scored against a bounded number of others and the work grows linearly with the
  pile, where comparing it with every similar article grew with the pile's size;
- two articles are *linked* when they are a candidate pair whose probability reaches ``edge``,
  or when the reuse stage says one copies, excerpts, translates or paraphrases the other; a
  *group* is a connected set of linked articles, found by walking the links when needed (a
  candidate pair can stop being one when both sides find nearer articles, and its group may
  then fall apart, as it would never have formed in the batch);
- the ``typer``'s verdict on a pair counts while the pair is a candidate;
- inside a group every pair reaching ``candidate_floor`` counts, not only the nearest ones, and
  pairs are weighed again with names counted by their rarity in the group (the
  actors every article shares say less than the people and places of one event: a group is a
  set, whatever order it grew in); the reuse stage's verdict on a pair (an excerpt, a rewrite,
  a report of one event, ``related``) adds its measured weight of evidence to the pair's
  log-odds (``VERDICT_LOGIT``), and an article whose every verdict in the group is ``related``
  has those weigh ``ONLY_RELATED_LOGIT``; stories are then the clusters
  of average linkage cut at ``linkage`` (copies and translations of one text start as one
  cluster), which keeps a chain of pairwise-similar articles drifting from
  one event to another apart; an article left alone then joins the story it matches best on
  average if that reaches ``attach``. All of it runs over the group's articles in id order, so a
  group clusters the same way however it was built;
- two stories are *related* when a candidate pair (or a pair inside a group) across them reaches
  ``related`` with their publication dates left aside (same actors, another event, often months
  later), or the reuse stage typed a pair across them
  ``related``.

Groups touched since the last look are re-clustered when stories are read, and at once when an
article is added to a group of at most ``exact_limit`` articles; in a larger group ``add`` gives
the story the article matches best for now, and ``stories()`` settles it.
"""

from __future__ import annotations

import hashlib
import math
from array import array
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from stemma.model import Article, Link, Story
from stemma.stories.bags import Bags
from stemma.stories.index import NeighbourGraph, rounded_cosines
from stemma.stories.linkage import PairWeights, sparse_attach_loners, sparse_average_linkage
from stemma.stories.represent import Profile, norm, represent
from stemma.stories.scores import Known, PairScores
from stemma.stories.similarity import (
    WEIGHTS,
    Centring,
    Entry,
    Many,
    content_logits,
    date_gap_logit,
    logit_of,
    names_logit,
    one_passage,
    sigmoids,
)

# Link kinds from the reuse stage that put two articles in one story.
JOIN_KINDS = frozenset({"copy", "revision", "excerpt", "translation", "paraphrase", "same_event"})
# Of those, the kinds that say two articles are one text (copied or translated): they start in
# one cluster. The others (an excerpt, a rewrite, a report of one event) and ``related`` are
# evidence about the pair, added to its log-odds inside the group (``VERDICT_LOGIT``): one such
# verdict cannot weld two stories together when the rest of their articles say otherwise (a
# shared passage of background, two headlines written alike), nor split what all else joins.
ONE_TEXT_KINDS = frozenset({"copy", "revision", "translation"})
RELATED_KIND = "related"
# rows of a group's cosine matrix computed at once: a block of 256 rows of a group of 8,192 is
# 16 MB of float64 beside the group's matrix and its vectors as float64 (25 MB; summed so,
# ``index.rounded_cosines``) (1,024 rows held 96 MB at the peak of a 100k analysis), and still
# one matrix product large enough to run at full speed
GROUP_ROWS = 256
# an article's linked partners are a tuple up to this many, then a set: the 10k cost pile's
# articles have 22 on average but a quarter over 32 (its edges at 32: 7.0 MB, 5.6 of it in
# sets; at 128: 4.2; all sets: 14.6)
EDGE_TUPLE = 128
# A group is weighed through its neighbour pairs only (the sparse average linkage) when most of
# its articles are near-copies: their neighbour lists are full of articles at this centred
# cosine or more. Every pair of such a group is similar, so weighing them all costs the square
# of the group (2,000 copies of one article: 1.8 million pairs, two minutes), and a pair left
# unweighed is as similar as the neighbour pairs the sparse linkage averages. No article of
# ntrex, ecbplus or uci-headlines has 24 neighbours this close (the largest 24th cosine: 0.88).
NEAR_COPY = 0.9
# ... in groups of more than this many articles. Below, every pair is weighed (half a million
# at most): the sparse linkage averages scored pairs only and over-joins a group of one widely
# copied story and a few others (the 10k cost pile at 200: BCubed precision 0.823 -> 0.808)
NEAR_COPY_GROUP = 1_000
# The translation bridges look at each article's this many likeliest partners in another
# language and another story (``stemma.stages.stories.bridge_pairs``); a group keeps those of
# its pairs, not all it weighed (``StoryClusterer._keep_read``)
BRIDGE_PARTNERS = 3
# a group's pairs weighed at once (``StoryClusterer._group_pair_blocks``): the arrays of one
# block (their shared tokens above all: up to 64 shingle hashes a pair) stay some 15 MB
PAIR_BLOCK = 4096
# pairs turned into Python objects at once where the clusterer's kept pairs are read
READ_CHUNK = 1 << 16
# a float32 pair weight: a dense group's one n x n matrix (``dense_bytes``). Single precision:
# a weight is a probability read against thresholds of one or two digits (``linkage``,
# ``attach``), and float64 doubled the largest transient of a 100k analysis (a group of 8,000
# held 512 MB); merged rows are averaged in float64 and stored rounded
DENSE_PAIR_BYTES = 4
# What a same-language verdict adds to a pair's log-odds of one story, beside what the pair
# model already saw: a logistic fit of gold same-story on the pair model's logit and the verdict
# over the 3,807 typed pairs of ecbplus (`stemma analyze`), rounded. ``related`` ("the same
# actors, not the same content") says little once the pair model has spoken: ECB+ reporters of
# one event who write it differently get it as often as reports of another event (1,415 pairs
# of one event, 975 of two). It used to halve a pair's probability, which split those reports.
VERDICT_LOGIT = {"excerpt": 4.0, "paraphrase": 1.8, "same_event": 1.3, RELATED_KIND: -0.2}
# ... and ``related`` where an article shares content with none of the group it is judged in:
# it tells other facts about the same actors (the seeds' 2021 reply against the 2018 letter,
# its wire rewrite and their copies; analysed with the rewrite alone too). The value is the
# weakest that keeps those apart; ECB+ loses 0.004 BCubed F1 to it against -2.
ONLY_RELATED_LOGIT = -3.5
# Two articles of one passage each (bare headlines, notes: ``one_passage``), inside a group. A
# headline carries a few words of evidence where an article carries paragraphs, so the pair
# model gives two headlines of one story a lower probability than two articles of one story
# (median 0.39 on uci-headlines' same-story pairs against 0.77 on ecbplus', 0.99 on ntrex's),
# while two stories' headlines stay as far apart (mean 0.007); yet stories are cut at one mean
# probability (``linkage``) for both. Where two headlines share a word that is rare among the
# group's short texts (the event's name, a product, a place: what the encoder's few-word vector
# blurs), SHORT_LOGIT raises their log-odds towards the scale of articles and SHORT_WORDS weighs
# the shared words, each by that rarity; two headlines sharing none keep the pair model's
# probability (nor does a verdict of ``related`` on them lose its weight). Chosen on
# uci-headlines (a two-fold split by story: each fold's best choice scored on the other);
# no pair of articles of more than one passage is changed. Checked on headline piles it was not
# chosen on (benchmarks/stories.py, held-out table): as first written, any shared word short of
# one every headline holds earned the whole SHORT_LOGIT, which joined ecbplus' similar events on
# their common words ("host", "Oscars": BCubed F1 0.750 -> 0.675) and headlines in two languages
# on a name; so SHORT_LOGIT is scaled by the rarity of the rarest shared word (its weight over
# ln n) and words count only within one language (uci-headlines 0.786 -> 0.761, still above the
# rule's absence, 0.714).
SHORT_LOGIT = 1.5
SHORT_WORDS = 5.0


@dataclass(frozen=True)
class StoryConfig:
    """One configuration for every corpus; probabilities come from ``similarity.content_logits``
    and ``date_gap_logit``."""

    # representation
    lead: int = 2  # lead sentences embedded after the title
    rich: int = 2  # further sentences embedded: those richest in names and numbers
    max_chars: int = 300  # each embedded passage is cut to this length
    # pair model
    weights: tuple[float, ...] = WEIGHTS
    # a cosine across two languages is divided by their anchor agreement to this power
    # (``Centring.across``): 0 no correction, 1 all the anchors measure. On ntrex's whole
    # documents (four languages each) from 0.8 up the translations of two documents about one
    # person's two events merge (Kanye West's SNL rant and his new name); at 0.75 `stemma
    # analyze` mixes two of one rally's reports with a third; 0.5-0.7 merge only reports of one
    # event. 0.65 lets the two halves of one article in two languages meet at P 0.96, R 0.20
    # (at most R 0.15 at that precision for the peer, benchmarks/crosslingual.py)
    across_correction: float = 0.65
    max_gap_days: int = 30  # publication dates further apart than this ...
    gap_logit: float = -4.0  # ... make a pair this much less likely (log-odds)
    # decisions
    candidate_floor: float = 0.3  # centred cosine under which a pair is not considered
    neighbours: int = 24  # candidates: each article's nearest this many at the floor or above
    keep: float = 0.01  # pair probabilities under this are taken as 0
    edge: float = 0.3  # probability that links two articles into one group
    linkage: float = 0.3  # mean probability two clusters of a group need to be one story
    attach: float = 0.2  # mean probability a lone article needs to join its best story
    related: float = 0.1  # best probability across two stories that marks them related
    exact_limit: int = 50  # groups up to this size are re-clustered on every add
    # a group whose n x n matrix of pair weights (``DENSE_PAIR_BYTES`` a cell, one matrix: the
    # linkage works in it) fits in this many bytes weighs every similar pair (256 MiB: up to
    # 8,192 articles); larger ones, and groups of near-copies (``NEAR_COPY``), weigh their
    # neighbour pairs only, through a sparse average linkage (stemma.stories.linkage): memory
    # and time linear in the group. Not lower: averaged over scored (neighbour) pairs only,
    # the sparse linkage over-joins a large group of many stories (uci-headlines is one group
    # of 6,293 articles, 158 MB dense: BCubed F1 0.714 dense, 0.236 sparse)
    dense_bytes: int = 256 << 20
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


def average_linkage(
    sim: np.ndarray,
    threshold: float,
    groups: Sequence[int] | None = None,
    *,
    attach: float | None = None,
    overwrite: bool = False,
) -> list[int]:
    """Cluster labels from average-linkage agglomeration stopped at ``threshold``.

    ``sim`` is a symmetric similarity matrix; ``groups`` optional starting clusters (labels per
    row). Uses the nearest-neighbour chain (Murtagh 1983), O(n^2) with numpy rows; ties go to
    the lower index, so the result depends only on ``sim`` and ``groups``. Two clusters whose
    best partner scores under ``threshold`` are set aside: under average linkage no later
    merge can raise a similarity above the larger of the two it averages.

    ``attach``: then each article left alone joins the cluster it matches best on average where
    that reaches ``attach`` (as :func:`attach_loners`, read from the merged means: ``sim`` is
    not needed after). ``overwrite``: a float64 or float32 ``sim`` is worked on in place, in
    its own precision, and its values are lost; a group of n articles then holds one n x n
    matrix, not two (the clusterer's float32: 4 bytes a pair of articles, 256 MB at 8,000).
    """
    n = len(sim)
    start = list(range(n)) if groups is None else list(groups)
    first: dict = {}
    for label in start:
        first.setdefault(label, len(first))
    idx = np.array([first[label] for label in start], dtype=np.intp)
    k = len(first)
    sizes = np.bincount(idx, minlength=k).astype(np.float64)
    whole = overwrite and isinstance(sim, np.ndarray) and sim.dtype in (np.float32, np.float64)
    if not whole:
        sim = np.asarray(sim, dtype=np.float64)
    if k == n and np.array_equal(idx, np.arange(n)):
        s = sim if whole else sim.copy()
    elif whole:
        s = _cluster_means_in_place(sim, idx, k, sizes)
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
    labels = [root[c] for c in idx]
    if attach is None:
        return labels
    # s[c, r], for a cluster c never merged and a cluster r still standing, is the mean of the
    # pair weights between their articles: each merge averaged the two rows by their sizes
    size = Counter(labels)
    big = sorted(c for c in size if size[c] > 1)
    if not big or len(big) == len(size):
        return labels
    cols = np.array(big, dtype=np.intp)
    moved = list(labels)
    for row, c in enumerate(labels):
        if size[c] == 1:
            means = s[idx[row], cols]
            best = int(np.argmax(means))
            if means[best] >= attach:
                moved[row] = big[best]
    return moved


def _cluster_means_in_place(sim: np.ndarray, idx: np.ndarray, k: int, sizes) -> np.ndarray:
    """The mean similarity between starting clusters (``idx``: each row's, numbered by first
    row), written over ``sim``'s own rows and columns: a ``k`` x ``k`` view of it. Rows, then
    columns, are added up in the order ``np.add.at`` adds them, so the means are the same to
    the last bit; a cluster's number is never above its first row's, so each row and column is
    read before it is written over."""
    n = len(sim)
    seen = np.zeros(k, dtype=bool)
    for r in range(n):
        c = idx[r]
        row = sim[r].copy()
        if seen[c]:
            sim[c] += row
        else:
            sim[c], seen[c] = row, True
    seen[:] = False
    for r in range(n):
        c = idx[r]
        col = sim[:k, r].copy()
        if seen[c]:
            sim[:k, c] += col
        else:
            sim[:k, c], seen[c] = col, True
    s = sim[:k, :k]
    for c in range(k):  # s /= np.outer(sizes, sizes), a row at a time: no k x k temporary
        s[c] /= sizes[c] * sizes
    return s


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


class _GroupWeigher:
    """A group's pairs weighed again inside it, many at once: names weighed by their rarity in
    the group (``StoryClusterer._group_names``) and two short texts' shared words
    (``_short_words``, ``SHORT_LOGIT``), on top of the pair model (:attr:`many`)."""

    def __init__(self, clusterer: StoryClusterer, items: list[str]):
        cfg = clusterer.config
        self.weights = cfg.weights
        # kept profiles not decoded yet read together (``stemma.stages.profiles.Kept``), where
        # the mapping can: each entry asks for its own when first used
        read_ahead = getattr(clusterer.profiles, "read_ahead", None)
        if read_ahead is not None:
            read_ahead(items)
        self.many = Many([clusterer._entries[item] for item in items], clusterer._across)
        rare = clusterer._group_names(items) if cfg.group_names else {}
        self.rare = Bags([rare[item] for item in items]) if rare else None
        self.rare_norms = np.array([norm(rare[item]) for item in items]) if rare else None
        short = clusterer._short_words(items)
        bags = [short.get(item, {}) for item in items]
        self.short = Bags(bags)
        self.short_norms = np.array([norm(bag) for bag in bags])
        # ln of how many short texts each language has in the group (the most a word weighs)
        texts = Counter(clusterer._lang(item) for item in short)
        self.short_log = np.array(
            [math.log(texts[lang]) if texts[lang] else math.nan for lang in self.many.langs]
        )

    def group(
        self, i: np.ndarray, j: np.ndarray, p: np.ndarray, unnamed: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The probabilities and log-odds of pairs inside the group, given the pair model's
        probability ``p`` and log-odds without the names ``unnamed`` (``p`` is changed)."""
        if self.rare is not None:
            both = (self.rare.sizes[i] > 0) & (self.rare.sizes[j] > 0)
            named = self.rare.cosines(i, j, self.rare_norms)
            logit = unnamed + np.where(both, names_logit(named, self.weights), 0.0)
            p = sigmoids(logit)
        else:
            logit = np.fromiter((logit_of(x) for x in p.tolist()), np.float64, len(p))
        # words say something only between two texts of one language (two headlines in
        # two languages share names and numbers whatever their stories)
        lang = self.many.lang
        alike = (lang[i] == lang[j]) & (self.short.sizes[i] > 0) & (self.short.sizes[j] > 0)
        worded = np.where(alike, self.short.cosines(i, j, self.short_norms), 0.0)
        w = np.flatnonzero(worded != 0)
        if len(w):
            # the lift in full only for a word two of the language's short texts hold (the
            # most a shared word can weigh is ln(n / 2), near ln n), less for one many hold
            pair, at_i, _ = self.short.shared(i[w], j[w])
            rarest = np.full(len(w), -np.inf)
            np.maximum.at(rarest, pair, self.short.weights[at_i])
            rarity = rarest / self.short_log[lang[i[w]]]
            logit[w] = logit[w] + (SHORT_LOGIT * rarity + SHORT_WORDS * worded[w])
            p[w] = sigmoids(logit[w])
        return p, logit


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
    ``typer``: optional ``typer(a, b) -> link or None``, asked about each candidate pair of
    articles in one language that the pair model finds at least ``related``-likely and no link
    covers yet (the reuse stage's same-language typing); the kind it returns is kept (see
    :attr:`typed`) and counts as a link while the pair is a candidate. A ``related`` link pulls
    two articles apart: their pair counts half inside the group.
    """

    def __init__(
        self,
        encoder,
        config: StoryConfig | None = None,
        links: LinkSource = None,
        typer: Callable[[str, str], LinkLike | None] | None = None,
        profiles: Mapping[str, Profile] | None = None,
        unbridged: Container[str] = frozenset(),
    ):
        self.encoder = encoder
        self.config = config or StoryConfig()
        # articles no translation bridge may use (the engine's: no linking passages to align,
        # ``stemma.stages.stories.bridge_pairs``): each article's best partners are chosen
        # among the others (``_keep_read``)
        self.unbridged = unbridged
        self.centring = Centring(encoder)
        self.typer = typer
        # profiles made before, by article id (an incremental analysis keeps them: an article's
        # profile is a pure function of it and the config); the others are made on adding
        self.profiles = profiles or {}
        self._links_for = links if callable(links) else None
        self._entries: dict[str, Entry] = {}
        cfg = self.config
        self._graph = NeighbourGraph(encoder.dim, cfg.neighbours, cfg.candidate_floor)
        # scored pairs: (probability, log-odds without the names, probability leaving the dates
        # aside), None under ``keep``; 32 bytes a pair in sorted arrays (``PairScores``), where a
        # dictionary of dictionaries both ways took some 190
        self._scores = PairScores()
        # candidate pairs at ``edge`` or typed to join, both ways (``_edge``/``_unedge``)
        self._edges: dict[str, tuple[str, ...] | set[str]] = {}
        self._joined: dict[str, dict[str, str]] = {}  # reuse links that join, both ways: kind
        self._related_links: set[tuple[str, str]] = set()
        self._typed_kind: dict[tuple[str, str], str] = {}  # typer verdicts, by sorted pair
        self._waiting: dict[str, list[tuple[str, str, str]]] = {}  # links naming an unseen id
        self._story: dict[str, tuple[str, ...]] = {}  # article -> its story, as last clustered
        self._component: dict[str, str] = {}  # article -> smallest id of its group then
        self._dirty: set[str] = set()
        if links is not None and not callable(links):
            for link in links:
                self._take_link(_as_triple(link))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._entries

    # -- adding ----------------------------------------------------------------------------------

    def add(self, article: Article) -> str:
        """Add one article (again: no change); the id of the story it is in now."""
        self.add_many([article], settle=False)
        group = self._group(article.id, limit=self.config.exact_limit)
        if group is None:
            return self._provisional(article.id)
        return self.story_of(article.id)

    def add_many(self, articles: Iterable[Article], settle: bool = True, chunk: int = 256) -> None:
        """Add articles, embedding the passages of ``chunk`` of them in one encoder call."""
        batch: dict[str, Article] = {}
        for article in articles:
            if article.id not in self._entries:
                batch.setdefault(article.id, article)
            if len(batch) >= chunk:
                self._insert_many(self.entries(batch.values()))
                batch = {}
        if batch:
            self._insert_many(self.entries(batch.values()))
        if settle:
            self._refresh()

    def entries(self, articles: Iterable[Article]) -> list[Entry]:
        """Profiles and centred vectors of ``articles`` (one encoder call), not added."""
        cfg = self.config
        articles = list(articles)
        # kept profiles read from the store a batch at a time where the mapping can
        # (``stemma.stages.profiles.Kept``): an incremental run does not decode them all at once
        many = getattr(self.profiles, "many", None)
        kept = many(a.id for a in articles) if many is not None else self.profiles
        profiles = [
            kept.get(a.id) or represent(a, lead=cfg.lead, rich=cfg.rich, max_chars=cfg.max_chars)
            for a in articles
        ]
        texts = [t for p in profiles for t in p.passages]
        vecs = self.encoder.encode(texts) if texts else np.zeros((0, self.encoder.dim))
        out, at = [], 0
        for profile in profiles:
            rows = vecs[at : at + len(profile.passages)]
            at += len(profile.passages)
            out.append(Entry(profile, self.centring.document(rows, profile.lang)))
        return out

    def _insert_many(self, entries: list[Entry]) -> None:
        entries = [e for e in entries if e.profile.id not in self._entries]
        if not entries:
            return
        ids = [e.profile.id for e in entries]
        found = self._graph.add_many(ids, np.stack([e.vec for e in entries]))
        for entry in entries:
            entry.vec = self._graph.vector(entry.profile.id)  # one copy of each vector
        weighed = self._weigh_born(entries, [born for born, _ in found])
        for entry, (born, dead) in zip(entries, found, strict=True):
            self._insert(entry, born, dead, weighed)

    def _weigh_born(
        self, entries: list[Entry], born: list[list[tuple[str, float]]]
    ) -> dict[tuple[str, str], Known]:
        """The pairs the arriving ``entries`` form with their new neighbours (``born``, each
        entry's), weighed at once: what :meth:`_weigh` gives each."""
        mine = {e.profile.id: e for e in entries}
        pairs = [
            (e.profile.id, other)
            for e, found in zip(entries, born, strict=True)
            for other, _ in found
        ]
        if not pairs:
            return {}
        at: dict[str, int] = {}
        for item in (x for pair in pairs for x in pair):
            at.setdefault(item, len(at))
        held = [mine.get(item) or self._entries[item] for item in at]
        many = Many(held, self._across)
        i = np.fromiter((at[a] for a, _ in pairs), dtype=np.int64, count=len(pairs))
        j = np.fromiter((at[b] for _, b in pairs), dtype=np.int64, count=len(pairs))
        p, unnamed, content, keep = self._weigh_many(many, i, j)
        rows = zip(p.tolist(), unnamed.tolist(), content.tolist(), keep.tolist(), strict=True)
        return {
            pair: (x, y, z) if kept else None
            for pair, (x, y, z, kept) in zip(pairs, rows, strict=True)
        }

    def _insert(
        self,
        entry: Entry,
        born: list[tuple[str, float]],
        dead,
        weighed: Mapping[tuple[str, str], Known] = {},  # noqa: B006 (read only)
    ) -> None:
        me = entry.profile.id
        self._entries[me] = entry
        self._edges[me] = ()
        self._joined.setdefault(me, {})
        self._dirty.add(me)
        for a, b in dead:  # no longer candidates: their groups may fall apart
            self._unedge(a, b)
            self._dirty.update((a, b))
        asked = [
            other
            for other, _ in born
            if self._candidate(me, other, weighed.get((me, other), False))
        ]
        if self._links_for is not None:
            for link in self._links_for(me):
                self._take_link(_as_triple(link))
        for link in self._waiting.pop(me, []):
            self._take_link(link)
        for other in asked:  # after the links: a pair a link covers is not asked
            self._ask(me, other)

    def _candidate(self, a: str, b: str, weighed: Known | bool = False) -> bool:
        """A pair just become a candidate: scored (an edge from ``edge`` up); whether the
        typer is to be asked about it. ``weighed``: the pair's :meth:`_weigh` where known."""
        p = self._score(a, b, keep_low=False, weighed=weighed)
        if p >= self.config.edge:
            self._edge(a, b)
        return bool(self.typer) and p >= self.config.related and self._lang(a) == self._lang(b)

    def _ask(self, a: str, b: str) -> None:
        """The typer's verdict on a candidate pair no reuse link covers."""
        pair = (min(a, b), max(a, b))
        if b in self._joined[a] or pair in self._related_links:
            return
        link = self.typer(*pair)
        if link is not None:
            # the kind only: the link itself, with its evidence, is the typer's to keep
            # (holding 462,865 of them at 100,000 articles cost memory all run long)
            kind = _as_triple(link)[2]
            self._typed_kind[pair] = kind
            if kind in JOIN_KINDS:
                self._edge(a, b)

    def remove_many(self, ids: Iterable[str]) -> None:
        """Take articles out (a changed article is taken out, then added again): the
        clusterer ends as if they had never been added. Their pairs, edges, links and the
        typer's verdicts on them go; an article that had one among its nearest takes the
        next in its place (``NeighbourGraph.remove_many``), each pair so born weighed and asked
        about as on an arrival; the groups they were in are clustered again. Ids it does not
        hold are ignored; so are their entries where a kept state was taken up without them
        (``stemma.stages.groups.decode``)."""
        gone = {i for i in ids if i in self._graph}
        if not gone:
            return
        touched: set[str] = set()
        for item in gone:
            if item not in touched:
                touched.update(self._group(item))
        for item in gone:
            for other in tuple(self._edges.get(item, ())):
                self._unedge(item, other)
            for other in self._joined.get(item, {}):
                if other not in gone:
                    del self._joined[other][item]
        for item in gone:
            for held in (self._entries, self._edges, self._joined, self._story, self._component):
                held.pop(item, None)

        def kept(pair) -> bool:
            return pair[0] not in gone and pair[1] not in gone

        self._related_links = set(filter(kept, self._related_links))
        self._typed_kind = {p: k for p, k in self._typed_kind.items() if kept(p)}
        waiting = ((k, [t for t in v if kept(t)]) for k, v in self._waiting.items())
        self._waiting = {k: v for k, v in waiting if v}
        self._scores.forget(gone)
        born = self._graph.remove_many(gone)
        for item, entry in self._entries.items():  # the graph's rows moved: its vectors too
            entry.vec = self._graph.vector(item)
        asked = [(a, b) for a, b in born if self._candidate(a, b)]
        for a, b in asked:
            self._ask(a, b)
        self._dirty |= touched | {item for pair in born for item in pair}
        self._dirty -= gone

    @property
    def typed(self) -> list[tuple[str, str, str]]:
        """The typer's verdicts, ``(a, b, kind)`` with ``a < b``, in the order it was asked."""
        return [(a, b, kind) for (a, b), kind in self._typed_kind.items()]

    def _edge(self, a: str, b: str) -> None:
        """Link ``a`` and ``b`` (both ways). An article's partners are a tuple while there are
        at most ``EDGE_TUPLE`` of them (a set of 22 strings takes some 1.2 kB, a tuple 0.2: the
        10k cost pile's articles have 22 on average), a set past it (an article among the
        nearest of thousands of copies would make adding to a tuple quadratic)."""
        for x, y in ((a, b), (b, a)):
            held = self._edges[x]
            if y in held:
                continue
            if isinstance(held, set):
                held.add(y)
            else:
                self._edges[x] = (*held, y) if len(held) < EDGE_TUPLE else {*held, y}

    def _unedge(self, a: str, b: str) -> None:
        for x, y in ((a, b), (b, a)):
            held = self._edges[x]
            if isinstance(held, set):
                held.discard(y)
            elif y in held:
                self._edges[x] = tuple(z for z in held if z != y)

    def _lang(self, item: str) -> str:
        return self._entries[item].lang

    def _score(self, a: str, b: str, keep_low: bool = True, weighed: Known | bool = False) -> float:
        """The pair's probability (0 under ``keep``), computed once and kept (one under ``keep``
        only with ``keep_low``: most candidate pairs are, and a group asks about few again).
        ``weighed``: the pair's :meth:`_weigh` where known."""
        known = self._scores.get(a, b)
        if known is False:
            known = self._weigh(a, b) if weighed is False else weighed
            if known or keep_low:
                self._scores.put(a, b, known)
        return known[0] if known else 0.0

    def _weigh(self, a: str, b: str) -> tuple[float, float, float] | None:
        """The pair's (probability, log-odds without the names, probability leaving the dates
        aside), None under ``keep``; not kept."""
        cfg = self.config
        ea, eb = self._entries[a], self._entries[b]
        across = self._across(ea.lang, eb.lang)
        logit, unnamed = content_logits(ea, eb, cfg.weights, across)
        gap = date_gap_logit(ea, eb, cfg.max_gap_days, cfg.gap_logit)
        p, content = sigmoids(np.array([logit + gap, logit])).tolist()
        keep = p >= cfg.keep or content >= cfg.related  # far apart in time, may be related
        return (p, unnamed + gap, content) if keep else None

    def _across(self, lang_a: str, lang_b: str) -> float:
        """What a cosine across the two languages is divided by (``Centring.across``)."""
        return self.centring.across(lang_a, lang_b, self.config.across_correction)

    def _weigh_many(
        self, many: Many, i: np.ndarray, j: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`_weigh` of the pairs ``(i[m], j[m])`` of ``many``'s entries, the same to the
        last bit: their three values, and whether each reaches ``keep`` (else it is None)."""
        cfg = self.config
        logit, unnamed = many.content_logits(i, j, cfg.weights)
        gap = many.date_gap_logits(i, j, cfg.max_gap_days, cfg.gap_logit)
        p, content = sigmoids(logit + gap), sigmoids(logit)
        keep = (p >= cfg.keep) | (content >= cfg.related)
        return p, unnamed + gap, content, keep

    def link(self, a: str, b: str, kind: str) -> None:
        """Record a reuse-stage link; the joining kinds put both articles in one story."""
        self._take_link((a, b, kind))

    def _take_link(self, link: tuple[str, str, str]) -> None:
        a, b, kind = link
        if a == b:
            return
        for item in (a, b):
            if item not in self._entries:
                self._waiting.setdefault(item, []).append(link)
                return
        if kind in JOIN_KINDS:
            self._joined[a][b] = self._joined[b][a] = kind
            self._dirty.update((a, b))
        elif kind == RELATED_KIND:
            self._related_links.add((min(a, b), max(a, b)))
            self._dirty.update((a, b))

    # -- groups ----------------------------------------------------------------------------------

    def _group(self, item: str, limit: int | None = None) -> list[str] | None:
        """The articles linked to ``item`` through candidate edges and joining links, or None
        when there are more than ``limit``."""
        seen, todo = {item}, [item]
        while todo:
            at = todo.pop()
            for other in (*self._edges[at], *self._joined[at]):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
            if limit is not None and len(seen) > limit:
                return None
        return sorted(seen)

    def _is_pair(self, a: str, b: str) -> bool:
        return self._graph.is_pair(a, b)

    # -- clustering ------------------------------------------------------------------------------

    def _provisional(self, item: str) -> str:
        """In a large group not yet re-clustered: the story (as last clustered) ``item`` matches
        best on average if that reaches ``linkage``, else a story of its own."""
        best, best_p = (item,), self.config.linkage
        for members in {self._story[o] for o in self._edges[item] if o in self._story}:
            if item in members:
                continue
            scored = (self._scores.get(item, m) for m in members)
            p = sum(known[0] for known in scored if known) / len(members)
            if p >= best_p:
                best, best_p = members, p
        return story_id(self._first([*best, item]))

    def _refresh(self, only: str | None = None) -> None:
        """Re-cluster every group an article was added to (or that changed) since last time, or
        only the group of article ``only``."""
        starts = sorted(self._dirty) if only is None else [only]
        if any(start in self._dirty for start in starts):
            # the scores waiting to be merged into arrays first: a group lists its kept pairs
            # from the arrays (``PairScores.within``); what one group puts while the others are
            # clustered names its own articles only (the groups found here are disjoint)
            self._scores.merge()
        for start in starts:
            if start not in self._dirty:
                continue
            items = self._group(start)
            self._dirty.difference_update(items)
            for members in self._cluster_group(items):
                story = tuple(members)
                for m in members:
                    self._story[m] = story
            for m in items:
                self._component[m] = items[0]

    def _cluster_group(self, items: list[str]) -> list[list[str]]:
        if len(items) == 1:
            return [items]
        cfg = self.config
        pos = {item: n for n, item in enumerate(items)}
        sparse = self._sparse(items)
        sim = PairWeights() if sparse else np.zeros((len(items), len(items)), np.float32)
        verdict: dict[tuple[int, int], float] = {}  # each pair's verdict counts once
        shares: set[int] = set()  # articles some verdict finds content in common with another
        logits: dict[tuple[int, int], float] = {}
        forced = UnionFind()
        for item in items:
            forced.add(item)

        def judge(i: int, j: int, kind: str | None) -> None:
            shift = VERDICT_LOGIT.get(kind or "")
            if shift is not None:
                key = (min(i, j), max(i, j))
                verdict[key] = max(verdict.get(key, shift), shift)

        # Memory: a group of n articles may weigh n^2 / 2 pairs, and a Python dict entry costs
        # some 120-170 bytes a pair (ten times its share of the matrix). So the pairs' log-odds
        # are kept only where a verdict will shift them (``judged``: pairs named by reuse links
        # and by the typer's verdicts that apply), and a pair weighed here is kept among the clusterer's
        # scores only from ``related`` up: what is read once the group is clustered (related
        # stories, translation bridges; ``likely_pairs``). A pair under it is weighed again if
        # its group is clustered again (a pure function of the pair).
        judged = {
            (min(pos[a], pos[b]), max(pos[a], pos[b]))
            for a, b in self._related_links
            if a in pos and b in pos
        }
        n = len(items)
        near = self._neighbour_pairs(items)
        for item in items:
            for other, kind in self._joined[item].items():
                if kind not in ONE_TEXT_KINDS and kind in VERDICT_LOGIT:
                    judged.add((min(pos[item], pos[other]), max(pos[item], pos[other])))
        # the typer's verdicts count while their pair is a candidate: on the group's neighbour
        # pairs, in the order its pairs are weighed; a verdict's pair keeps its log-odds
        typed_kind = self._typed_kind
        for i, j in zip(near[0].tolist(), near[1].tolist(), strict=True):
            kind = typed_kind.get((items[i], items[j]))  # items are in id order
            if kind is None:  # most pairs: no verdict
                continue
            if kind in ONE_TEXT_KINDS:
                forced.union(items[i], items[j])
                shares.update((i, j))
            if kind in VERDICT_LOGIT:
                judged.add((i, j))
            judge(i, j, kind)
        shifted = np.array(sorted(i * n + j for i, j in judged), dtype=np.int64)
        # Which of the group's pairs are kept is chosen once its stories are known
        # (``_keep_read``): the pairs weighed now from ``related`` up (``fresh_*``: held while
        # the group is clustered) and the kept pairs looked up (``looked``: weighed again if
        # the group is clustered again, so they may be dropped)
        rows, ai, aj = self._scores.within(items)
        kept_keys = ai * n + aj
        order = np.argsort(kept_keys)
        kept_keys, kept_rows = kept_keys[order], rows[order]
        weigh = _GroupWeigher(self, items)
        # grown in place (``array``), read as numpy without a copy: a dense group of thousands
        # holds millions of such pairs, and joining blocks of them at the end held them twice
        fresh_at, fresh_vals, looked = array("q"), array("d"), array("q")
        for i, j in self._group_pair_blocks(items, near, weigh.many.vecs, sparse):
            keys = i * n + j
            at = np.minimum(kept_keys.searchsorted(keys), max(len(kept_keys) - 1, 0))
            known = (kept_keys[at] == keys) if len(kept_keys) else np.zeros(len(keys), bool)
            looked.frombytes(keys[known].tobytes())
            vals = np.empty((len(keys), 3))
            vals[known] = self._scores.values(kept_rows[at[known]])
            fresh = np.flatnonzero(~known)
            if len(fresh):
                p, unnamed, content, keep = self._weigh_many(weigh.many, i[fresh], j[fresh])
                vals[fresh] = np.stack([p, unnamed, content], axis=1)
                vals[fresh[~keep]] = np.nan  # under ``keep``: None
                later = keep & (content >= cfg.related)
                fresh_at.frombytes(keys[fresh[later]].tobytes())
                fresh_vals.frombytes(vals[fresh[later]].tobytes())
            if sparse:  # weighed, even if its probability stays 0
                sim.scored_many(i, j)
            live = np.flatnonzero(vals[:, 0] > 0)  # NaN (None) and 0 say nothing
            if not len(live):
                continue
            i, j, keys = i[live], j[live], keys[live]
            p, logit = weigh.group(i, j, vals[live, 0], vals[live, 1])
            if sparse:
                sim.put_many(i, j, p)
            else:
                sim[i, j] = p
                sim[j, i] = p
            shift = _among(keys, shifted)
            for key, value in zip(keys[shift].tolist(), logit[shift].tolist(), strict=True):
                logits[key // n, key % n] = value
        del weigh  # its arrays (the group's vectors, tokens) are not read again
        for a, b in self._related_links:
            if a in pos and b in pos:
                judge(pos[a], pos[b], RELATED_KIND)
        for item in items:
            for other, kind in self._joined[item].items():
                if kind in ONE_TEXT_KINDS:
                    forced.union(item, other)
                    shares.update((pos[item], pos[other]))
                else:
                    judge(pos[item], pos[other], kind)
        # An article every verdict of its group calls ``related`` (shared actors, never shared
        # content: no copy, translation, excerpt, rewrite or report of one event) reports other
        # facts about them: its related verdicts weigh ``ONLY_RELATED_LOGIT``. One related
        # verdict among verdicts of shared content is the typer missing a report written apart,
        # and weighs little. So does a related pair whose two sides are both related to a third
        # article (none of the three pairs between two articles that share content elsewhere):
        # reporters of one event writing apart are typed related with one another (ECB+: such
        # triangles; 62% of the pairs the rule above weighed were one event, BCubed F1 of
        # `stemma analyze` 0.905 -> 0.936), where another event's report is related to members
        # of a story that share content among themselves (the seeds' 2021 reply and the 2018
        # letter) or to one article alone (the reply with the wire rewrite).
        shares.update(n for key, shift in verdict.items() if shift > 0 for n in key)
        related_to: dict[int, set[int]] = {}
        for (i, j), shift in verdict.items():
            if shift < 0 and not (i in shares and j in shares):
                related_to.setdefault(i, set()).add(j)
                related_to.setdefault(j, set()).add(i)
        judged_logits: list[tuple[int, int, float]] = []  # each verdict's pair, its log-odds
        for (i, j), shift in verdict.items():
            if (i, j) not in logits:
                # the pair model, reading a few passages, found too little to score the pair;
                # the verdict, read on both whole texts, says what there is
                if shift > 0:
                    judged_logits.append((i, j, shift))
                continue
            if (
                shift < 0
                and not (i in shares and j in shares)
                and not related_to[i] & related_to[j]
            ):
                shift = min(shift, ONLY_RELATED_LOGIT)
            judged_logits.append((i, j, logits[i, j] + shift))
        if judged_logits:
            # their probabilities at once (``sigmoids`` gives a value what it gives it alone;
            # a group of 30,000 holds some 135,000 verdicts): each pair once, so in any order
            i = np.array([i for i, _, _ in judged_logits], dtype=np.int64)
            j = np.array([j for _, j, _ in judged_logits], dtype=np.int64)
            p = sigmoids(np.array([x for _, _, x in judged_logits], dtype=np.float64))
            if sparse:
                sim.put_many(i, j, p)
            else:
                sim[i, j] = p
                sim[j, i] = p
        start = [pos[forced.find(i)] for i in items]
        if sparse:
            labels = sparse_average_linkage(sim, len(items), cfg.linkage, start)
            labels = sparse_attach_loners(sim, labels, cfg.attach)
        else:
            # the matrix is not read after: worked on in place
            labels = average_linkage(sim, cfg.linkage, start, attach=cfg.attach, overwrite=True)
        del sim, logits
        self._keep_read(
            items,
            labels,
            near,
            (rows, ai, aj),
            np.frombuffer(looked, dtype=np.int64) if looked else np.zeros(0, np.int64),
            np.frombuffer(fresh_at, dtype=np.int64) if fresh_at else np.zeros(0, np.int64),
            np.frombuffer(fresh_vals, np.float64).reshape(-1, 3)
            if fresh_vals
            else np.zeros((0, 3)),
        )
        stories: dict[int, list[str]] = {}
        for item, label in zip(items, labels, strict=True):
            stories.setdefault(label, []).append(item)
        return list(stories.values())

    def _keep_read(
        self,
        items: list[str],
        labels: Sequence[int],
        near: tuple[np.ndarray, np.ndarray],
        within: tuple[np.ndarray, np.ndarray, np.ndarray],
        looked: np.ndarray,
        fresh_at: np.ndarray,
        fresh_vals: np.ndarray,
    ) -> None:
        """Keep among the clusterer's scores only the pairs of a group just clustered that a
        later step reads, and its neighbour-graph pairs; drop the others.

        Once a group is clustered its pairs are read for two things only. Related stories
        (``_related_pairs``): a pair reaching ``related`` (dates aside) across two of its
        stories; one such pair per pair of stories says it. The translation bridges
        (``stemma.stages.stories.bridge_pairs``): each article's ``BRIDGE_PARTNERS`` likeliest
        partners (probability from ``related`` up, ties to the smaller id) in another language
        and another story; the group's pairs not among the best of either side are never
        chosen, whatever pairs outside the group the article has. A dense group of n near-copies
        weighs n^2 / 2 pairs and kept every one from ``related`` up (100,000 articles: 8.6
        million pairs); kept now are O(n): those pairs and the neighbour pairs (what a group's
        sparse linkage weighs, and what adding an article looks up).

        A dropped pair is one the group's clustering weighed (``looked``, or ``fresh_*``: the
        pairs weighed now, as ``i * n + j`` with their three values): clustering the group
        again weighs it again, the same (a pure function of the pair). A kept pair of the
        group the clustering did not weigh (in a group weighed sparsely, a pair scored while
        the two were neighbours that no longer are) is dropped too and counts for nothing:
        which such pairs a group holds depends on the order its articles came in (a batch
        never scores them), so only the pairs its final graph weighs may say two of its stories
        are related or be a bridge (issue 10: results do not depend on order).

        Bridges skip the articles in :attr:`unbridged` (``bridge_pairs`` skips an article
        with no linking passages): an article's best partners are chosen among the others,
        so the partner ``bridge_pairs`` takes after a skipped one is kept."""
        cfg, n = self.config, len(items)
        rows, ai, aj = within  # the group's kept pairs (``PairScores.within``)
        a_keys = ai * n + aj
        b_keys = fresh_at
        keys = np.concatenate([a_keys, b_keys])
        vals = np.concatenate([self._scores.values(rows), fresh_vals])
        if not len(keys):
            return
        i, j = keys // n, keys % n
        near_keys = near[0] * n + near[1]  # sorted
        weighed = np.ones(len(keys), dtype=bool)
        weighed[: len(a_keys)] = _among(a_keys, np.sort(looked))  # the others: dropped, unread
        keep = _among(keys, near_keys)
        label = np.unique(np.asarray(labels), return_inverse=True)[1].reshape(-1)
        other = (label[i] != label[j]) & weighed
        # one witness per pair of stories, a pair kept already where there is one
        witness = np.flatnonzero(other & (vals[:, 2] >= cfg.related))
        if len(witness):
            lo, hi = np.minimum(label[i], label[j]), np.maximum(label[i], label[j])
            story_pair = (lo * n + hi)[witness]
            # ties to the pair first in id order: the same pair whatever order the group grew in
            order = np.lexsort((keys[witness], ~keep[witness], story_pair))
            first = np.unique(story_pair[order], return_index=True)[1]
            keep[witness[order[first]]] = True
        # each article's best partners in another language and another story
        lang = np.unique([self._lang(item) for item in items], return_inverse=True)[1].reshape(-1)
        able = np.fromiter((item not in self.unbridged for item in items), dtype=bool, count=n)
        bridge = np.flatnonzero(
            other & (vals[:, 0] >= cfg.related) & (lang[i] != lang[j]) & able[i] & able[j]
        )
        if len(bridge):
            side = np.concatenate([i[bridge], j[bridge]])
            partner = np.concatenate([j[bridge], i[bridge]])
            p = np.concatenate([vals[bridge, 0], vals[bridge, 0]])
            row = np.concatenate([bridge, bridge])
            # items are in id order: a partner's position orders ties as its id does
            order = np.lexsort((partner, -p, side))
            side = side[order]
            run_start = np.flatnonzero(np.r_[True, side[1:] != side[:-1]])
            rank = np.arange(len(side)) - np.repeat(run_start, np.diff(np.r_[run_start, len(side)]))
            keep[row[order][rank < BRIDGE_PARTNERS]] = True
        self._scores.drop(rows[~keep[: len(a_keys)]])
        for at in np.flatnonzero(keep[len(a_keys) :]).tolist():
            key = int(b_keys[at])
            a, b = items[key // n], items[key % n]
            self._scores.put(a, b, tuple(vals[len(a_keys) + at].tolist()))

    def _sparse(self, items: list[str]) -> bool:
        """Whether a group is weighed through its neighbour pairs only: more articles than
        its matrix fits in ``dense_bytes``, or more than ``NEAR_COPY_GROUP`` of which most are
        near-copies (a full neighbour list, its last at ``NEAR_COPY`` or more). A function of
        the group's vectors alone: the same whatever order the group was built in."""
        n, k = len(items), self.config.neighbours
        if DENSE_PAIR_BYTES * n * n > self.config.dense_bytes:
            return True
        if n <= NEAR_COPY_GROUP:
            return False
        near = 0
        for item in items:
            found = self._graph.neighbours(item)
            if len(found) == k:
                last = self._graph.vector(found[-1])
                near += (
                    rounded_cosines(self._entries[item].vec[None], last[None])[0, 0] >= NEAR_COPY
                )
        return 2 * near > n

    def _neighbour_pairs(self, items: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The group's pairs of the neighbour graph as positions in ``items`` (``i < j``, in
        arrays ordered by ``i``, then ``j``): read off the graph's neighbour rows at once (a
        group of 30,000 has some 700,000 such pairs)."""
        n = len(items)
        rows = self._graph.rows_of(items)
        order = np.argsort(rows)
        ranked = rows[order]
        nbr, count = self._graph.neighbour_rows(rows)
        at = np.minimum(np.searchsorted(ranked, nbr), max(n - 1, 0))
        listed = np.arange(nbr.shape[1])[None, :] < count[:, None]
        inside = listed & (ranked[at] == nbr) if n else listed
        i = np.broadcast_to(np.arange(n)[:, None], nbr.shape)[inside]
        j = order[at[inside]]
        mine = i != j
        keys = np.unique(np.minimum(i, j)[mine] * n + np.maximum(i, j)[mine])
        return keys // n, keys % n

    def _group_pair_blocks(
        self,
        items: list[str],
        near: tuple[np.ndarray, np.ndarray] | None = None,
        vecs: np.ndarray | None = None,
        sparse: bool | None = None,
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The pairs of a group that count, as arrays of positions ``i < j`` (ordered by ``i``,
        then ``j``) of at most ``PAIR_BLOCK`` pairs: its candidate pairs and, in a group not
        weighed sparsely (``_sparse``), every pair reaching ``candidate_floor`` (inside a group
        all similar pairs say something, not only the nearest ones; past that size, or in a
        group of near-copies, scoring them all would cost the square of the group). ``near``:
        the group's neighbour pairs (``_neighbour_pairs``) where known; they count whatever
        their cosine. ``vecs``: the items' vectors stacked, where held already; ``sparse``:
        ``_sparse(items)`` where known."""
        near_i, near_j = self._neighbour_pairs(items) if near is None else near
        if self._sparse(items) if sparse is None else sparse:  # neighbour pairs only
            for lo in range(0, len(near_i), PAIR_BLOCK):
                yield near_i[lo : lo + PAIR_BLOCK], near_j[lo : lo + PAIR_BLOCK]
            return
        # A block of rows at a time: no n x n mask is held (a group of 8,000 would need 64 MB
        # of booleans, and its callers hold the group's pair weights beside it), only
        # ``GROUP_ROWS`` rows of cosines.
        if vecs is None:
            vecs = np.stack([self._entries[i].vec for i in items])
        n = len(items)
        wide = vecs.astype(np.float64)  # once, not for each block (rounded_cosines sums so)
        for lo in range(0, n, GROUP_ROWS):
            # rounded in place: a second block of float64 beside it was the peak of a 100k
            # analysis with the real encoder (its largest dense groups). Only the columns
            # from ``lo`` on (a pair is ``j > i``): the rows before were half the product
            cos = rounded_cosines(wide[lo : lo + GROUP_ROWS], wide[lo:])
            block = cos >= self.config.candidate_floor
            del cos
            inside = (near_i >= lo) & (near_i < lo + GROUP_ROWS)
            block[near_i[inside] - lo, near_j[inside] - lo] = True
            block &= np.arange(n - lo)[None, :] > np.arange(len(block))[:, None]  # j > i
            # as many rows at once as hold some PAIR_BLOCK pairs (one row at least): rows
            # hold few pairs reaching the floor, and blocks of a few hundred pairs spent more
            # on each block's steps than on its pairs
            held = np.cumsum(block.sum(axis=1))
            at = 0
            while at < len(block):
                before = held[at - 1] if at else 0
                end = max(at + 1, int(np.searchsorted(held, before + PAIR_BLOCK, "right")))
                r, j = np.nonzero(block[at:end])
                yield r + (lo + at), j + lo
                at = end

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

    def _short_words(self, items: list[str]) -> dict[str, dict[str, float]]:
        """The words of each article of one passage in the group (``one_passage``: a bare
        headline, a note), weighted by how rare they are among those of its language, ln(n / df):
        a word all of them hold weighs nothing, so no list of function words is needed in any
        language, and how common a word is in one language says nothing of another's texts."""
        langs = {
            item: self._entries[item].profile.lang
            for item in items
            if one_passage(self._entries[item].profile)
        }
        df: Counter[tuple[str, str]] = Counter()
        n: Counter[str] = Counter(langs.values())
        for item, lang in langs.items():
            df.update((lang, word) for word in self._entries[item].profile.words)
        weights = {}
        for item, lang in langs.items():
            counts = ((w, df[lang, w]) for w in self._entries[item].profile.words)
            weights[item] = {w: math.log(n[lang] / c) for w, c in counts if c < n[lang]}
        return weights

    def _first(self, members: Iterable[str]) -> str:
        return min(members, key=lambda i: self._entries[i].key)

    def story_of(self, article_id: str) -> str:
        """The id of the story ``article_id`` is in (re-clustering its group if it changed)."""
        self._refresh(only=article_id)
        return story_id(self._first(self._story[article_id]))

    def stories(self) -> list[Story]:
        """Every story, earliest first, each listing its articles earliest first and the ids of
        its related stories."""
        self._refresh()
        groups: dict[str, list[str]] = {}
        story_of: dict[str, str] = {}
        for members in {id(s): s for s in self._story.values()}.values():
            sid = story_id(self._first(members))
            groups[sid] = sorted(members, key=lambda i: self._entries[i].key)
            for m in members:
                story_of[m] = sid
        related: dict[str, set[str]] = {sid: set() for sid in groups}
        for a, b in self._related_pairs(story_of):
            sa, sb = story_of[a], story_of[b]
            if sa != sb:
                related[sa].add(sb)
                related[sb].add(sa)
        out = []
        for sid, members in groups.items():
            entries = [self._entries[m] for m in members]
            dates = [e.published for e in entries if e.published]
            out.append(
                Story(
                    id=sid,
                    articles=members,
                    title=entries[0].title,
                    languages=sorted({e.lang for e in entries}),
                    first_seen=min(dates).isoformat() if dates else None,
                    related=sorted(related[sid]),
                )
            )
        out.sort(key=lambda s: self._entries[s.articles[0]].key)
        return out

    def likely_pairs(self, at_least: float) -> Iterator[tuple[str, str, float]]:
        """``(a, b, probability)`` of the scored pairs (candidates, and pairs inside a group)
        whose probability reaches ``at_least``, ``a < b``, in id order (of the pairs inside a
        group only those a later step reads are kept: see ``_keep_read``). Chosen and ordered
        in arrays, made into tuples ``READ_CHUNK`` at a time as they are read."""
        lo, hi, p = self._scores.reaching_pairs(0, at_least)
        ids = self._scores.ids
        rank = _ranks(ids)
        first = rank[lo] <= rank[hi]
        a, b = np.where(first, lo, hi), np.where(first, hi, lo)
        del lo, hi, first
        order = np.lexsort((rank[b], rank[a]))
        for at in range(0, len(order), READ_CHUNK):
            part = order[at : at + READ_CHUNK]
            for x, y, q in zip(a[part].tolist(), b[part].tolist(), p[part].tolist(), strict=True):
                yield ids[x], ids[y], q

    def _related_pairs(self, story_of: Mapping[str, str]) -> Iterable[tuple[str, str]]:
        """Pairs that make two stories related (``story_of``: each article's story): a
        candidate pair or one inside a group reaching ``related``, a reuse-stage ``related``
        link, a typer's while the pair is a candidate. Of the scored pairs, one across each two
        stories (the others say nothing more), chosen in arrays: most pairs reaching
        ``related`` lie inside one story."""
        cfg = self.config
        lo, hi, _ = self._scores.reaching_pairs(2, cfg.related)
        ids = self._scores.ids
        story, component = _codes(ids, story_of), _codes(ids, self._component)
        sa, sb = story[lo], story[hi]
        across = (sa != sb) & (sa >= 0) & (sb >= 0)
        lo, hi, sa, sb = lo[across], hi[across], sa[across], sb[across]
        count = max(int(story.max(initial=-1)) + 1, 1)  # stories coded 0 .. count - 1
        key = np.minimum(sa, sb) * count + np.maximum(sa, sb)
        one_group = (component[lo] == component[hi]) & (component[lo] >= 0)
        # inside one group: the pair counts (one per pair of stories)
        known, first = np.unique(key[one_group], return_index=True)
        inside = np.flatnonzero(one_group)[first]
        for x, y in zip(lo[inside].tolist(), hi[inside].tolist(), strict=True):
            yield ids[x], ids[y]
        # across groups: while a candidate pair; the first such of each pair of stories not
        # related yet (asked in arrays: a pair at a time, this took some 1.7 CPU s each time
        # the stories of 100,000 articles were listed with the real encoder, twice a run)
        rest = np.flatnonzero(~one_group & ~np.isin(key, known))
        rest = rest[np.argsort(key[rest], kind="stable")]
        if len(rest):
            rows = self._graph.rows_of(ids)
            now = rest[self._graph.are_row_pairs(rows[lo[rest]], rows[hi[rest]])]
            _, first = np.unique(key[now], return_index=True)  # first of each, in ``rest``'s order
            for x, y in zip(lo[now[first]].tolist(), hi[now[first]].tolist(), strict=True):
                yield ids[x], ids[y]
        yield from self._related_links
        typed = [pair for pair, kind in self._typed_kind.items() if kind == RELATED_KIND]
        if typed:
            now = self._graph.are_pairs([a for a, _ in typed], [b for _, b in typed])
            yield from (pair for pair, held in zip(typed, now.tolist(), strict=True) if held)

    def entry(self, article_id: str) -> Entry:
        return self._entries[article_id]


def _among(values: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in ``pool`` (sorted), by binary search: ``np.isin`` hashes
    both arrays each time, which a group asked of each block of its pairs cost more than
    weighing them."""
    if not len(pool):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(pool.searchsorted(values), len(pool) - 1)
    return pool[at] == values


def _codes(ids: Sequence[str], of: Mapping[str, str]) -> np.ndarray:
    """Each id's value in ``of`` as a small integer, equal values one integer (-1: none)."""
    code: dict[str, int] = {}
    return np.array(
        [code.setdefault(of[x], len(code)) if x in of else -1 for x in ids], dtype=np.int64
    )


def _ranks(ids: Sequence[str]) -> np.ndarray:
    """Each id's place in id order."""
    rank = np.empty(len(ids), dtype=np.int64)
    rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    return rank


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
