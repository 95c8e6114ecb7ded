"""Collating a stored story: the one place the collation reads the store."""

from __future__ import annotations

from stemma.collate.collation import Collation
from stemma.collate.collator import collate


def collate_story(store, story_id: str, base: str | None = None) -> Collation | None:
    """The collation of a stored story (None when there is no such story or it has no
    articles); the base defaults to its stemma's root where evidence puts it first, else a
    choice the collation explains (``collator.default_base``)."""
    story = store.get_story(story_id)
    if story is None:
        return None
    articles = [a for a in (store.get_article(i) for i in story.get("articles", [])) if a]
    if not articles:
        return None
    members = {a.id for a in articles}
    links = [ln for ln in store.get_links(members) if ln.a in members and ln.b in members]
    if base is not None and base not in members:
        raise ValueError(f"base {base!r} is not an article of story {story_id!r}")
    return collate(articles, links, base, story=story_id, stemma=story.get("stemma"))
