"""One self-contained HTML file per story (`stemma report`), to send to an editor.

The story page's own templates render it (no second copy of the rendering code), with the CSS
and JavaScript inlined, the diagrams as inline SVG, and a Content-Security-Policy that lets the
file load nothing at all: it opens from disk with no network.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from pathlib import Path

from stemma.store import Store
from stemma.web import views
from stemma.web.render import inline_asset, render

__all__ = ["render_report", "write_report"]


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def report_csp() -> str:
    """Only our own inline style and script (by hash) may run; nothing may be fetched."""
    return (
        "default-src 'none'; img-src data:; "
        f"style-src {_hash(inline_asset('style.css'))}; "
        f"script-src {_hash(inline_asset('app.js'))}; "
        "form-action 'none'; base-uri 'none'"
    )


def render_report(
    store: Store, story_id: str, *, base: str | None = None, source: str | None = None
) -> str | None:
    """The report for ``story_id`` (or the story holding that article id); None if unknown."""
    context = views.story_page(store, story_id, base=base)
    if context is None and (owner := store.story_of(story_id)):
        context = views.story_page(store, owner, base=base)
    if context is None:
        return None
    return render(
        "report.html",
        report=True,
        csp=report_csp(),
        written=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        source=source or str(getattr(store, "path", "the store")),
        **context,
    )


def write_report(store: Store, story_id: str, out: str | Path, **kw) -> Path | None:
    """Write the report file; returns its path, or None when there is no such story."""
    html = render_report(store, story_id, **kw)
    if html is None:
        return None
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
