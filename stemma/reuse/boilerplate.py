"""Boilerplate for linking, learned from the pile: text an outlet or organisation repeats across
its own publications (an "About ..." paragraph, a disclaimer, a footer).

Two press releases of one company months apart share the company's description word for word;
that says nothing about whether they report one event. Ingest already marks short lines that
recur across an outlet's articles as page chrome; this rule finds the longer passages, across
outlets too (a release carried by several wires), by document frequency over the whole pile:

a passage (a sentence of at least :data:`MIN_WORDS` words, compared casefolded) is boilerplate
for linking when

1. at least :data:`MIN_ARTICLES` articles carry it;
2. those articles are *different texts*: in most of them (the median), the text every one of
   them carries is less than :data:`MAX_SHARE` of the article. Copies and excerpts of one
   story share most of what they hold; a company's releases share only the description;
3. and they are *different stories*: their dates span more than :data:`STORY_DAYS` days, or at
   least :data:`MIN_ARTICLES` of them come from one outlet (an outlet repeating itself).

The result is a pure function of the pile's passages (the same whatever order the articles
arrive in). :func:`for_linking` gives an article without those passages for candidate search,
link typing and story clustering; the stored article, its collation and its quotes keep them.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from stemma.model import Article
from stemma.reuse.typing import article_day

MIN_WORDS = 5  # shorter sentences ("Contact:", a date line) recur by chance
MIN_ARTICLES = 3  # carriers a passage needs before it can be learned
MAX_SHARE = 0.6  # share of its carriers that the text common to all of them stays below
STORY_DAYS = 30  # carriers spread over more days than this report different events


def passage_key(text: str) -> int | None:
    """A compact key of a sentence compared casefolded with whitespace collapsed; None when it
    is too short to count."""
    words = text.casefold().split()
    if len(words) < MIN_WORDS:
        return None
    digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _keys(article: Article) -> list[tuple[int | None, int]]:
    return [(passage_key(p.text), p.end - p.start) for p in article.passages]


@dataclass
class Learned:
    """Passage keys that are boilerplate for linking, with why (in words) for each."""

    keys: set[int] = field(default_factory=set)
    reasons: dict[int, str] = field(default_factory=dict)

    def __contains__(self, key: object) -> bool:
        return key in self.keys


def learn(
    articles: Iterable[Article], keys: dict[str, list[tuple[int | None, int]]] | None = None
) -> Learned:
    """The passages of ``articles`` that are boilerplate for linking (see the module doc);
    ``keys``: each article's passage keys, where the caller has them already."""
    articles = sorted(articles, key=lambda a: a.id)
    if keys is None:  # hashed once: each article's keys are read twice below
        keys = {a.id: _keys(a) for a in articles}
    counts: Counter[int] = Counter()
    for a in articles:
        counts.update({k for k, _ in keys[a.id] if k is not None})
    frequent = {k for k, n in counts.items() if n >= MIN_ARTICLES}
    if not frequent:
        return Learned()
    carriers: dict[int, set[str]] = defaultdict(set)
    keys_of: dict[str, list[tuple[int | None, int]]] = {}
    by_id = {a.id: a for a in articles}
    for a in articles:
        found = {k for k, _ in keys[a.id] if k in frequent}
        if found:
            keys_of[a.id] = keys[a.id]
            for k in found:
                carriers[k].add(a.id)
    families: dict[frozenset[str], list[int]] = defaultdict(list)
    for k, ids in carriers.items():
        families[frozenset(ids)].append(k)
    learned = Learned()
    for ids, family in families.items():
        why = _different_stories(ids, [by_id[i] for i in sorted(ids)])
        if why is None:
            continue
        # the keys every carrier holds: found among one carrier's keys, each checked once
        # (checked again for every carrier, a story run by 10,000 outlets cost minutes)
        first = keys_of[min(ids)]
        covering = {k for k, _ in first if k in carriers and ids <= carriers[k]}
        shares = []
        for i in ids:
            total = sum(n for _, n in keys_of[i]) or 1
            common = sum(n for k, n in keys_of[i] if k in covering)
            shares.append(common / total)
        share = statistics.median(shares)
        if share >= MAX_SHARE:
            continue
        reason = (
            f"recurs in {len(ids)} articles ({why}), where it and the text all of them share "
            f"are {share:.0%} of the median article"
        )
        for k in family:
            learned.keys.add(k)
            learned.reasons[k] = reason
    return learned


def _different_stories(ids: frozenset[str], carriers: list[Article]) -> str | None:
    """Why the carriers are different stories, or None when nothing says so."""
    days = [d for d in (article_day(a) for a in carriers) if d is not None]
    if len(days) >= 2 and max(days) - min(days) > STORY_DAYS:
        return f"dated {max(days) - min(days)} days apart"
    outlets = Counter((a.outlet or "").casefold() for a in carriers if a.outlet)
    if outlets:
        outlet, n = outlets.most_common(1)[0]
        if n >= MIN_ARTICLES:
            return f"{n} of them from {outlet}"
    return None


def for_linking(
    article: Article, learned: Learned, keys: list[tuple[int | None, int]] | None = None
) -> Article:
    """``article`` without its pile-learned boilerplate passages (the same object when it has
    none, or when nothing else would be left); ``keys``: its passage keys, if made already."""
    if not learned.keys or not article.passages:
        return article
    keys = keys if keys is not None else _keys(article)
    kept = [p for p, (k, _) in zip(article.passages, keys, strict=True) if k not in learned]
    if len(kept) == len(article.passages) or not kept:
        return article
    return replace(article, passages=kept, text="\n\n".join(p.text for p in kept))


def pile_for_linking(articles: dict[str, Article]) -> dict[str, Article]:
    """Every article of the pile as linking should see it."""
    keys = {id: _keys(a) for id, a in articles.items()}  # each passage hashed once
    learned = learn(articles.values(), keys)
    return {id: for_linking(a, learned, keys[id]) for id, a in articles.items()}


def linking_view(
    articles: dict[str, Article], digests: dict[str, str]
) -> tuple[dict[str, Article], dict[str, str]]:
    """Every article as linking should see it, and digests that say so: an article whose view
    leaves passages out gets a digest naming the passages kept, so whatever was computed from
    it (fingerprints, verdicts, story records) is made again when what the pile teaches
    changes."""
    views = pile_for_linking(articles)
    out = dict(digests)
    for id, view in views.items():
        if view is not articles[id]:
            kept = ",".join(str(p.start) for p in view.passages)
            tag = hashlib.sha1(kept.encode()).hexdigest()[:12]
            out[id] = f"{digests.get(id, '')}|linking:{tag}"
    return views, out
