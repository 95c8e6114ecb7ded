"""Stage 5, per story: its stored record (stemma, quotes) and the hash of its inputs.

A story's record is a pure function of the story (members, title, related stories), its
members' articles, the links inside it and the readers' corrections that name it; the hash of
those says whether a record made before still holds, so an incremental run rebuilds only the
stories whose inputs changed. The stories a story is related to are copied into its record and
read by nothing else in it, and they change with a neighbour's members (at 100,000 articles an
added 100 changed the related stories of 401 stories and nothing else of them): they are
hashed apart, and a record whose other inputs hold is given them (:func:`with_related`), not
made again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from stemma.model import Article, Link, Quote, Story
from stemma.quotes import story_quotes
from stemma.stories.stemma import build_stemma

STAGE = "story_results"


def link_json(link: Link) -> dict:
    return {
        "a": link.a,
        "b": link.b,
        "kind": link.kind,
        "score": link.score,
        "direction": link.direction,
        "evidence": link.evidence.to_json(),  # as asdict, without its deep walk
    }


def inputs_hash(
    story: Story,
    digests: Mapping[str, str],
    inside: Iterable[Link | str],
    corrections: Iterable[object] = (),
    salt: str = "",
) -> str:
    """A hash of everything :func:`record` reads for ``story``. ``inside``: the links inside
    it, or a mark of each that changes when the link does (``stemma.engine.links``: the
    engine holds links slim and reads back only those of the stories it rebuilds). The story's
    related stories are hashed apart, after a colon (:func:`only_related_changed`)."""
    h = hashlib.sha1(salt.encode("utf-8"))
    # dataclass reprs show every field, and are fast
    h.update(repr(replace(story, related=[])).encode("utf-8"))
    for member in story.articles:
        h.update(f"\n{member}={digests.get(member, '')}".encode())
    for link in inside:
        h.update((link if isinstance(link, str) else repr(link)).encode("utf-8"))
    for c in corrections:
        h.update(repr(c).encode("utf-8"))
    related = hashlib.sha1(repr(story.related).encode("utf-8")).hexdigest()
    return f"{h.hexdigest()}:{related}"


def only_related_changed(before: str | None, now: str) -> bool:
    """Whether a record made from inputs hashed ``before`` differs from one made from ``now``
    in its related stories alone (:func:`with_related` then makes it)."""
    return before is not None and before != now and before.split(":")[0] == now.split(":")[0]


def with_related(made: dict, story: Story) -> dict:
    """The record :func:`record` would make of ``story`` from a record ``made`` for it with
    other related stories and the same other inputs (nothing else in it reads them)."""
    return {**made, "related": story.related}


def record(
    story: Story,
    articles: Mapping[str, Article],
    inside: list[Link],
    original: str | None = None,
    found: Callable[[Article], list[Quote]] | None = None,
) -> dict:
    """The stored form of ``story``: members, languages, related stories, stemma, quotes.
    ``original``: the member a reader marked as the original, the stemma's root. ``found``:
    each member's quotes before people are resolved, where kept (``article_quotes.Kept``)."""
    members = [articles[i] for i in story.articles]
    stemma = build_stemma(members, inside, original)
    return {
        "id": story.id,
        "title": story.title,
        "articles": story.articles,
        "languages": story.languages,
        "first_seen": story.first_seen,
        "related": story.related,
        "stemma": stemma.to_dict(),
        "quotes": story_quotes(members, inside, found),
    }
