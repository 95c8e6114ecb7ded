"""Stage 3: typed pairs. A verdict is a pure function of the two articles (and, across
languages, of their passage vectors), so it is made once per pair of article versions and kept.

The stage functions take ``known`` verdicts (from an earlier run, keyed by sorted pair) and
return only the ones they had to make: the engine stores those.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from stemma.embed.cache import CachedEncoder
from stemma.model import Article, Link
from stemma.reuse.translation import type_cross_language
from stemma.reuse.typing import type_same_language

SAME_LANGUAGE = "same_language"
CROSS_LANGUAGE = "cross_language"

Pair = tuple[str, str]
Verdict = Link | None


def same_language(
    pairs: Iterable[Pair], article: Callable[[str], Article], known: Mapping[Pair, Verdict]
) -> dict[Pair, Verdict]:
    """Verdicts on same-language pairs ``(a, b)``, ``a < b``, that ``known`` lacks."""
    made: dict[Pair, Verdict] = {}
    for a, b in pairs:
        if (a, b) not in known and (a, b) not in made:
            made[(a, b)] = type_same_language(article(a), article(b))
    return made


def cross_language(
    pairs: Iterable[Pair],
    article: Callable[[str], Article],
    enc: CachedEncoder,
    known: Mapping[Pair, Verdict],
) -> dict[Pair, Verdict]:
    """Verdicts on pairs in two languages that ``known`` lacks; the passage vectors of the
    articles they name come from one encoder call."""
    todo = sorted({p for p in pairs if p not in known})
    if not todo:
        return {}
    members = [article(i) for i in sorted({i for p in todo for i in p})]
    vecs = passage_vectors([m for m in members if m.passages], enc)
    made: dict[Pair, Verdict] = {}
    for a, b in todo:
        x, y = article(a), article(b)
        if a in vecs and b in vecs:
            made[(a, b)] = type_cross_language(x, y, vecs[a], vecs[b])
        else:
            made[(a, b)] = None
    return made


def passage_vectors(members: list[Article], enc: CachedEncoder) -> dict[str, object]:
    """Each article's passage vectors (rows in passage order), from one encoder call."""
    rows = enc.encode([p.text for a in members for p in a.passages]) if members else []
    vecs, at = {}, 0
    for a in members:
        vecs[a.id], at = rows[at : at + len(a.passages)], at + len(a.passages)
    return vecs
