"""Stage 4: passage vectors, nearest neighbours, pair scores, groups and stories.

A thin wrapper around :class:`stemma.stories.cluster.StoryClusterer` (which holds the
neighbour graph, the pair scores and the groups), plus the two translation searches that need
its vectors. Every set it hands on is defined by the final neighbour graph, never by the order
the articles went in: a typed verdict counts only for a pair of the final graph, and a
translation is looked for across two stories only for such a pair or one inside a group.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping

import numpy as np

from stemma.model import Article, Link, Story
from stemma.stories.cluster import BRIDGE_PARTNERS, StoryClusterer, _codes
from stemma.stories.represent import Profile, language

# Translation pairs aligned for each article of a multilingual story: its nearest members in
# the other languages (by the clusterer's vectors). Aligning every pair would cost the square
# of the story; a story of four articles in four languages still aligns them all.
ALIGNED_PER_ARTICLE = 3

Pair = tuple[str, str]


def cluster(
    articles: Iterable[Article],
    encoder,
    links: list[Link],
    typer: Callable[[str, str], Link | None],
    profiles: Mapping[str, Profile] | None = None,
    in_order: bool = False,
    unbridged: Container[str] = frozenset(),
) -> StoryClusterer:
    """The clusterer over ``articles`` (fed in id order: the result does not depend on it);
    ``profiles`` made before are used for their articles. ``in_order``: ``articles`` come in
    id order already, streamed (sorting them would hold them all). ``unbridged``: the articles
    :func:`bridge_pairs` skips (no linking passages), so the clusterer keeps the partners it
    takes instead."""
    clusterer = StoryClusterer(
        encoder, links=links, typer=typer, profiles=profiles, unbridged=unbridged
    )
    clusterer.add_many(articles if in_order else sorted(articles, key=lambda a: a.id))
    return clusterer


def counts(clusterer: StoryClusterer, a: str, b: str) -> bool:
    """True when the pair is one the final clustering weighs: a pair of the neighbour graph, or
    two articles of one group (a pair scored while it was a neighbour and no longer is says
    nothing a batch would have said)."""
    component = clusterer._component  # article -> its group, as last clustered
    # the group first: a dictionary look-up, where asking the graph scans two neighbour lists
    return (a in component and component.get(a) == component.get(b)) or clusterer._is_pair(a, b)


def typed_links(
    clusterer: StoryClusterer,
    resolve: Callable[[list[tuple[str, str, str]]], list[Link]] | None = None,
) -> list[Link]:
    """The verdicts the clusterer asked for, on pairs of the final neighbour graph only. The
    clusterer keeps a verdict's kind only, ``(a, b, kind)``: ``resolve`` makes those needed
    links again (none without it)."""
    if resolve is None:
        return []
    typed = clusterer.typed
    pair = clusterer._graph.are_pairs([t[0] for t in typed], [t[1] for t in typed])
    kept = [t for t, now in zip(typed, pair.tolist(), strict=True) if now]
    return resolve(kept) if kept else []


def weighed_likely(clusterer: StoryClusterer) -> Iterable[tuple[str, str, float]]:
    """``(a, b, probability)`` of the pairs at least ``related``-likely that the final
    clustering weighs (see :func:`counts`)."""
    for a, b, p in clusterer.likely_pairs(clusterer.config.related):
        if counts(clusterer, a, b):
            yield a, b, p


def bridges(
    clusterer: StoryClusterer, stories: list[Story], articles: Mapping[str, Article]
) -> list[Pair]:
    """``bridge_pairs(stories, articles, weighed_likely(clusterer))``, its pairs chosen in
    arrays: of the likely pairs (1.3 million at 100,000 articles, most inside one story), those
    across two stories, in two languages, with passages on both sides, are found at once, and
    only they are asked whether the final clustering weighs them."""
    lo, hi, p = clusterer._scores.reaching_pairs(0, clusterer.config.related)
    ids = clusterer._scores.ids
    story_of = {i: s.id for s in stories for i in s.articles}
    story = _codes(ids, story_of)
    briefs = [articles.get(i) for i in ids]
    lang = _codes(ids, {i: language(b.lang) for i, b in zip(ids, briefs, strict=True) if b})
    passages = np.array([bool(b and b.passages) for b in briefs], dtype=bool)
    keep = (story[lo] != story[hi]) & (lang[lo] != lang[hi]) & passages[lo] & passages[hi]
    lo, hi, p = lo[keep], hi[keep], p[keep]
    # the pairs the final clustering weighs (``counts``): inside one group, or of the graph
    group = _codes(ids, clusterer._component)
    a, b = [ids[x] for x in lo.tolist()], [ids[y] for y in hi.tolist()]
    weighed = ((group[lo] == group[hi]) & (group[lo] >= 0)) | clusterer._graph.are_pairs(a, b)
    likely = [
        (x, y, q) if x < y else (y, x, q)
        for x, y, q, w in zip(a, b, p.tolist(), weighed.tolist(), strict=True)
        if w
    ]
    return bridge_pairs(stories, articles, likely)


def bridge_pairs(
    stories: list[Story], articles: Mapping[str, Article], likely: Iterable[tuple[str, str, float]]
) -> list[Pair]:
    """Pairs that may be a text and its translation that the clusterer's few passages a side
    left in two stories: each article's ``BRIDGE_PARTNERS`` likeliest partners in another
    language and another story, among the ``likely`` pairs. Sorted pairs, ``a < b``.
    ``articles``: by id, anything with a ``lang`` and ``passages`` (the engine gives each
    article's ``stemma.engine.articles.Brief``, not its text). Languages compared as the
    clusterer's profiles hold them, and articles without passages are those the engine gives
    the clusterer as ``unbridged``: the clusterer kept each article's best partners among the
    same pairs (``StoryClusterer._keep_read``)."""
    story_of = {i: s.id for s in stories for i in s.articles}
    best: dict[str, list[tuple[float, str]]] = {}
    for a, b, p in likely:
        x, y = articles[a], articles[b]
        if (
            story_of[a] == story_of[b]
            or language(x.lang) == language(y.lang)
            or not (x.passages and y.passages)
        ):
            continue
        best.setdefault(a, []).append((-p, b))
        best.setdefault(b, []).append((-p, a))
    return sorted(
        {
            (min(a, b), max(a, b))
            for a, found in best.items()
            # the clusterer keeps a group's pairs among these only (its ``_keep_read``)
            for _, b in sorted(found)[:BRIDGE_PARTNERS]
        }
    )


def translation_pairs(
    members: list[Article], near: Callable[[str], object], per_article: int = ALIGNED_PER_ARTICLE
) -> list[tuple[Article, Article]]:
    """Pairs in two languages, each article with its ``per_article`` nearest in the others,
    earlier member first."""
    place = {a.id: n for n, a in enumerate(members)}
    chosen: set[tuple[int, int]] = set()
    for a in members:
        others = [b for b in members if b.lang != a.lang]
        others.sort(key=lambda b: (-float(near(a.id) @ near(b.id)), b.id))
        for b in others[:per_article]:
            chosen.add((min(place[a.id], place[b.id]), max(place[a.id], place[b.id])))
    return [(members[i], members[j]) for i, j in sorted(chosen)]


def story_translation_pairs(
    story: Story, articles: Mapping[str, Article], near: Callable[[str], object]
) -> list[Pair]:
    """The pairs of a multilingual story to align, earlier member first. ``articles``: by id,
    anything with an ``id``, ``lang`` and ``passages`` (the engine gives each article's
    ``stemma.engine.articles.Brief``: no text is read to choose the pairs)."""
    members = [articles[i] for i in story.articles if articles[i].passages]
    if len({a.lang for a in members}) < 2:
        return []
    return [(a.id, b.id) for a, b in translation_pairs(members, near)]
