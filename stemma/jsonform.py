"""The public JSON form of an article, shared by `stemma show --json`, the web API and exports."""

from __future__ import annotations

from dataclasses import asdict

from stemma.budget import CUT_SHORT, folded_tail
from stemma.model import Article


def article_json(a: Article, *, whole_tail: bool = False) -> dict:
    """The public JSON form of an article (what `show --json` prints).

    An article past the per-article work budget has its unanalysed rest as one block marked
    ``cut_short``: in ``boilerplate`` that tail is folded (its start and a note; ``cut_short``
    gives its offsets and length), unless ``whole_tail`` (the JSON Lines export keeps it all).
    ``source`` is always whole: every offset indexes it.
    """
    return {
        "id": a.id,
        "version": a.version,
        "format": a.format,
        "path": a.path,
        "sha256": a.sha256,
        "lang": a.lang,
        "outlet": a.outlet,
        "title": a.title,
        "url": a.url,
        "published": a.published,
        "updated": a.updated,
        "when": asdict(a.when) if a.when else None,  # best-known time, its precision and source
        "dateline": a.dateline,
        "byline": a.byline,
        "news_id": a.news_id,
        "sources": [asdict(s) for s in a.sources],
        "dates": [asdict(d) for d in a.dates],
        "passages": [asdict(p) for p in a.passages],
        "text": a.text,
        # every offset above (passages, dates, sources) and in blocks, and the offsets of
        # link evidence, index this text: without it they could not be resolved
        "source": a.source,
        "boilerplate": a.boilerplate if whole_tail else _folded_boilerplate(a),
        "cut_short": _cut_short(a),
        "blocks": [asdict(b) for b in a.blocks],
        "fields": a.fields,
    }


def _folded_boilerplate(a: Article) -> list[str]:
    out = []
    for b in a.blocks:
        if not b.boilerplate:
            continue
        text = a.source[b.start : b.end]
        if b.boilerplate == CUT_SHORT:
            shown, left = folded_tail(text)
            text = f"{shown} [… {left}]" if left else shown
        out.append(text)
    return out


def _cut_short(a: Article) -> dict | None:
    """Where the unanalysed tail lies in ``source``, or None when the whole was analysed."""
    tail = [b for b in a.blocks if b.boilerplate == CUT_SHORT]
    if not tail:
        return None
    return {"start": tail[0].start, "end": tail[0].end, "chars": tail[0].end - tail[0].start}
