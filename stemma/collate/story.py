"""Collating a stored story: the one place the collation reads the store."""

from __future__ import annotations

from stemma.collate.collation import Collation
from stemma.collate.collator import collate, root_language


def collate_story(store, story_id: str, base: str | None = None) -> Collation | None:
    """The collation of a stored story (None when there is no such story or it has no
    articles); the base defaults to the most complete witness in its stemma root's language."""
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
    return collate(articles, links, base, story=story_id, lang=root_language(story))
