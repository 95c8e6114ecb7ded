"""A sorted dump of what an analysis left in a store, to compare engines and runs: two
analyses of the same articles (incremental or full, in any order, on any engine) must leave
equal snapshots."""

from __future__ import annotations

import json

from stemma.stages.results import link_json


def snapshot(store) -> tuple[list[str], list[str]]:
    """(links, stories): each link and each stored story record as sorted JSON lines."""
    links = sorted(json.dumps(link_json(ln), sort_keys=True) for ln in store.get_links())
    stories = sorted(json.dumps(s, sort_keys=True) for s in store.list_stories())
    return links, stories
