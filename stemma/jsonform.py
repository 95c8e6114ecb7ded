"""The public JSON form of an article, shared by `stemma show --json`, the web API and exports."""

from __future__ import annotations

from dataclasses import asdict

from stemma.model import Article


def article_json(a: Article) -> dict:
    """The public JSON form of an article (what `show --json` prints)."""
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
        "boilerplate": a.boilerplate,
        "blocks": [asdict(b) for b in a.blocks],
        "fields": a.fields,
    }
