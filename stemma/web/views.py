"""What the pages show, as plain data: built from the store and the collation and quotes APIs.

The web app and the one-file report both render these contexts with the same templates, so the
story page and the report cannot drift apart. Nothing here writes markup.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict
from math import ceil

from stemma.analysis import link_json
from stemma.budget import CUT_SHORT, folded_tail
from stemma.collate import collate_story
from stemma.corrections import apply_to_links, apply_to_quotes
from stemma.model import Link
from stemma.quotes import story_quotes
from stemma.store import Filters, Store
from stemma.text.normalise import display
from stemma.web import diagrams
from stemma.web.render import text_dir

log = logging.getLogger(__name__)

PER_PAGE = 50
MAX_PER_PAGE = 200


class Unavailable(Exception):
    """A part of a page that cannot be shown (module missing or failing); the reason is shown."""


# -- lists -----------------------------------------------------------------------------------
def page_window(page: int, per_page: int) -> tuple[int, int, int]:
    """(page, per_page, offset) clamped to sane values."""
    per_page = max(1, min(MAX_PER_PAGE, per_page or PER_PAGE))
    page = max(1, page or 1)
    return page, per_page, (page - 1) * per_page


TITLE_LANG_COOKIE = "stemma_title_lang"
DEFAULT_TITLE_LANG = "en"  # story titles in English where a member has one, else the original
ORIGINAL = "original"


def title_lang(value: str | None) -> str:
    """The reader's language for story titles (a cookie set once), checked: a language code
    or ``original``; English when unset or malformed."""
    value = (value or "").strip().lower()
    if value == ORIGINAL or re.fullmatch(r"[a-z]{2,3}", value):
        return value
    return DEFAULT_TITLE_LANG


def _title_in(members, lang: str) -> str | None:
    """The title of the earliest member written in ``lang``, if any has one."""
    return next((m.title for m in members if m.lang == lang and (m.title or "").strip()), None)


def retitle(store: Store, stories: list[dict], lang: str) -> list[dict]:
    """Story summaries with their titles in ``lang`` where a member in it has one (the
    original title kept as ``title_original``); multilingual stories only need looking."""
    if lang == ORIGINAL:
        return stories
    out = []
    for s in stories:
        langs = s.get("languages") or []
        if lang in langs and len(langs) > 1:
            full = store.get_story(s["id"]) or {}
            found = _title_in(store.summaries(full.get("articles") or []), lang)
            if found and found != s.get("title"):
                s = dict(s, title=found, title_original=s.get("title"))
        out.append(s)
    return out


def titled(store: Store, ids: list[str], lang: str = ORIGINAL) -> list[dict]:
    """``{id, title}`` of the stories ``ids`` (those still there), titled in ``lang`` where a
    member gives one; a story with no title is named by its id."""
    found = [
        {"id": s["id"], "title": s.get("title"), "languages": s.get("languages") or []}
        for s in (store.get_story(i) for i in ids)
        if s is not None
    ]
    return [{"id": s["id"], "title": s["title"] or s["id"]} for s in retitle(store, found, lang)]


def story_list(
    store: Store,
    filters: Filters,
    page: int = 1,
    per_page: int = PER_PAGE,
    title_lang: str = ORIGINAL,
) -> dict:
    """One page of the stories matching ``filters``, titled in ``title_lang`` where a member
    gives one."""
    page, per_page, offset = page_window(page, per_page)
    found, total = store.search_stories(filters, limit=per_page, offset=offset)
    found = retitle(store, found, title_lang)
    return {
        "stories": found,
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, ceil(total / per_page)),
    }


def article_list(store: Store, filters: Filters, page: int = 1, per_page: int = PER_PAGE) -> dict:
    page, per_page, offset = page_window(page, per_page)
    found, total = store.search_articles(filters, limit=per_page, offset=offset)
    return {
        "articles": [asdict(s) for s in found],
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, ceil(total / per_page)),
    }


# -- articles --------------------------------------------------------------------------------
def _field_text(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return diagrams.short(text, 300)


def article_page(store: Store, article_id: str, version: int | None = None) -> dict | None:
    a = store.get_article(article_id, version)
    if a is None:
        return None
    para_lang = {p.para: p.lang for p in a.passages}
    blocks, para = [], 0
    for b in a.blocks:
        chunk = a.source[b.start : b.end]
        if b.boilerplate == CUT_SHORT:  # megabytes, maybe: its start and a note of the rest
            shown, left = folded_tail(chunk)
            blocks.append({"text": " ".join(shown.split()), "boilerplate": b.boilerplate,
                           "note": left})  # fmt: skip
            continue
        if b.boilerplate:
            blocks.append({"text": " ".join(chunk.split()), "boilerplate": b.boilerplate})
            continue
        lang = para_lang.get(para) or a.lang
        blocks.append({"text": display(chunk, lang), "boilerplate": None, "dir": text_dir(lang)})
        para += 1
    story_id = store.story_of(a.id)
    story = store.get_story(story_id) if story_id else None
    meta = [
        (label, value)
        for label, value in (
            ("language", a.lang),
            ("outlet", a.outlet),
            ("published", a.published),
            ("updated", a.updated),
            ("dateline", a.dateline),
            ("byline", a.byline),
            ("news id", a.news_id),
            ("format", a.format),
            ("file", a.path),
            ("sha256", a.sha256),
        )
        if value
    ]
    return {
        "article": a,
        "dir": text_dir(a.lang),
        "meta": meta,
        "url": a.url,
        "fields": [(str(k), _field_text(v)) for k, v in sorted(a.fields.items()) if k != "text"],
        "blocks": blocks,
        "versions": store.versions(a.id),
        "story": {"id": story["id"], "title": story.get("title")} if story else None,
    }


# -- downloads -------------------------------------------------------------------------------
# Every export of one story, by the file name the browser saves: (format, what, media type).
DOWNLOADS = {
    "collation.csv": ("csv", "collation", "text/csv"),
    "collation.tei.xml": ("tei", "collation", "application/tei+xml"),
    "links.csv": ("csv", "links", "text/csv"),
    "quotes.csv": ("csv", "quotes", "text/csv"),
    "corrections.csv": ("csv", "corrections", "text/csv"),
    "stemma.graphml": ("graphml", "stemmata", "application/graphml+xml"),
    "stemma.dot": ("dot", "stemmata", "text/vnd.graphviz"),
    "story.jsonl": ("jsonl", "stories", "application/x-ndjson"),
    "links.jsonl": ("jsonl", "links", "application/x-ndjson"),
}


def download(store: Store, story_id: str, name: str) -> tuple[str, str] | None:
    """(text, media type) of one export of the story, None for an unknown name or story;
    raises ``stemma.export.ExportError`` (with its reason) when the story cannot give it."""
    import io

    from stemma.export import plan, write

    if name not in DOWNLOADS or store.get_story(story_id) is None:
        return None
    fmt, what, media = DOWNLOADS[name]
    out = io.StringIO()
    write(store, plan(store, fmt, what, story_id), out)
    return out.getvalue(), media


def api_index(schema: dict) -> list[dict]:
    """The API's operations from its OpenAPI schema, for a page a person reads."""
    ops = []
    for path, methods in sorted(schema.get("paths", {}).items()):
        for method, op in methods.items():
            params = [
                {
                    "name": p.get("name"),
                    "where": p.get("in"),
                    "required": p.get("required", False),
                    "about": p.get("description") or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary") or "",
                    "about": op.get("description") or "",
                    "tag": (op.get("tags") or [""])[0],
                    "params": params,
                    "body": "requestBody" in op,
                }
            )
    return ops


# -- stories ---------------------------------------------------------------------------------
def story_links(store: Store, story: dict) -> list[Link]:
    """The links among the story's members, as readers corrected them (at once, before the
    next analysis applies the corrections to stories and stemmata too)."""
    members = set(story["articles"])
    links = [ln for ln in store.get_links(members) if ln.a in members and ln.b in members]
    fixes = [c for c in store.corrections(members) if c.a in members and (c.b or c.a) in members]
    return apply_to_links(fixes, links) if fixes else links


def collation_data(store: Store, story: dict, base: str | None = None) -> dict:
    """The story's collation as ``Collation.to_dict()``; raises Unavailable with the reason."""
    try:
        collation = collate_story(store, story["id"], base=base)
    except Exception as exc:  # a failing analysis must not take the whole page down
        log.exception("collation of %s failed", story["id"])
        raise Unavailable(f"collation failed: {type(exc).__name__}: {exc}") from None
    if collation is None:
        raise Unavailable("no collation for this story")
    return collation.to_dict()


def quotes_data(store: Store, story: dict, links: list[Link] | None = None) -> list[dict]:
    """The story's quotes: as stored by the analysis, else extracted now (a store analysed
    before quotes existed); Unavailable if extraction fails."""
    if "quotes" in story:
        return list(story.get("quotes") or [])
    articles = [a for i in story["articles"] if (a := store.get_article(i)) is not None]
    try:
        return story_quotes(articles, links if links is not None else story_links(store, story))
    except Exception as exc:
        log.exception("quotes of %s failed", story["id"])
        raise Unavailable(f"quote extraction failed: {type(exc).__name__}: {exc}") from None


def unglue_title(segments: list[dict], title: str | None) -> list[dict]:
    """Segments (``{"text", ...}``) of a passage that starts with ``title`` glued to the lead
    ("Unforgivable MistakeIn response", a capture that dropped the line break): a
    ``{"text": "", "break": True}`` piece put between them. Others come back unchanged."""
    title = (title or "").strip()
    text = "".join(seg.get("text") or "" for seg in segments)
    n = len(title)
    if n < 8 or not text.startswith(title) or len(text) <= n:
        return segments
    if not (text[n - 1].isalnum() and text[n].isalnum()):
        return segments
    out, at = [], 0
    for seg in segments:
        piece = seg.get("text") or ""
        if at < n < at + len(piece):
            cut = n - at
            out += [dict(seg, text=piece[:cut]), {"text": "", "break": True}]
            out.append(dict(seg, text=piece[cut:]))
        else:
            if at == n and at:
                out.append({"text": "", "break": True})
            out.append(seg)
        at += len(piece)
    return out


def _collation_view(data: dict) -> dict:
    """The collation with what the table needs precomputed: each witness's text direction."""
    witnesses = [
        dict(w, dir=w.get("dir") if w.get("dir") in ("rtl", "ltr") else text_dir(w.get("lang")))
        for w in data.get("witnesses", [])
    ]
    sigla = {w["id"]: w.get("siglum") or w["id"] for w in witnesses}
    titles = {w["id"]: w.get("title") for w in witnesses}
    rows = [
        dict(
            row,
            cells={
                wid: (dict(c, segments=unglue_title(c["segments"], titles.get(wid))) if c else c)
                for wid, c in (row.get("cells") or {}).items()
            },
        )
        for row in data.get("rows", [])
    ]
    return {**data, "witnesses": witnesses, "sigla": sigla, "rows": rows}


QUOTES_SHOWN = 3  # quotes shown before the rest fold away


def _row_of(collation: dict | None) -> dict[str, list[tuple[int, int, str]]]:
    """Each witness's collation cells as (start, end, row id), to find a rendering's row."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for row in (collation or {}).get("rows", []):
        for wid, cell in (row.get("cells") or {}).items():
            if cell and isinstance(cell.get("start"), int):
                spans.setdefault(wid, []).append((cell["start"], cell["end"], row["id"]))
    return spans


def _quotes_view(store: Store, story_id: str, quotes: list[dict], langs: dict, collation):
    """The quotes as the page shows them: readers' speaker corrections applied at once, the
    collation row of each rendering, the people and languages to filter by."""
    fixes = [c for c in store.corrections() if c.action == "speaker"]
    quotes = apply_to_quotes(fixes, quotes, story_id) if fixes else quotes
    rows = _row_of(collation)
    shown, people = [], {}
    for q in quotes:
        renderings = []
        for r in q.get("renderings", []):
            at = r.get("content_start")
            row = next(
                (rid for s, e, rid in rows.get(r.get("article"), []) if s <= (at or -1) < e),
                None,
            )
            lang = r.get("lang") or langs.get(r.get("article"))
            renderings.append(dict(r, dir=text_dir(lang), row=row))
        kind = q.get("speaker_kind") or ("person" if q.get("person") else "unknown")
        key = q.get("person") if kind == "person" else ""
        if key:
            label, n = people.get(key, (q.get("speaker") or key, 0))
            people[key] = (label, n + 1)
        used = sorted({r.get("lang") or "?" for r in renderings})
        shown.append(dict(q, renderings=renderings, speaker_kind=kind, speaker_key=key, langs=used))
    return {
        "quotes": shown,
        "quote_people": sorted(
            ((k, lab, n) for k, (lab, n) in people.items()), key=lambda x: -x[2]
        ),
        "quote_langs": sorted({x for q in shown for x in q["langs"]}),
        "fold_after": QUOTES_SHOWN,
    }


def story_page(
    store: Store, story_id: str, base: str | None = None, title_lang: str = DEFAULT_TITLE_LANG
) -> dict | None:
    """Everything the story page (and the report) shows, the title in ``title_lang`` where a
    member is written in it."""
    story = store.get_story(story_id)
    if story is None:
        return None
    members = list(story.get("articles", []))
    summaries = store.summaries(members)
    found = _title_in(summaries, title_lang) if title_lang != ORIGINAL else None
    if found and found != story.get("title"):
        story = dict(story, title=found, title_original=story.get("title"))
    by_id = {s.id: s for s in summaries}
    links = story_links(store, story)
    collation = collation_error = None
    try:
        collation = _collation_view(collation_data(store, story, base))
    except Unavailable as exc:
        collation_error = str(exc)
    quotes, quotes_error = [], None
    try:
        quotes = quotes_data(store, story, links)
    except Unavailable as exc:
        quotes_error = str(exc)
    langs = {s.id: s.lang for s in summaries}
    related = []
    for rid in story.get("related") or []:
        other = store.get_story(rid)
        related.append(
            {
                "id": rid,
                "title": other.get("title") if other else None,
                "size": len(other.get("articles", [])) if other else 0,
            }
        )
    return {
        "story": story,
        "witnesses": [
            {"summary": s, "dir": text_dir(s.lang), "time": diagrams.time_words(s)}
            for s in (by_id[i] for i in members if i in by_id)
        ],
        "timeline": diagrams.timeline(summaries),
        "stemma": diagrams.stemma_diagram(story.get("stemma") or {}, by_id),
        "links": [link_json(ln) for ln in links],
        "collation": collation,
        "collation_error": collation_error,
        "base": base,
        **_quotes_view(store, story["id"], quotes, langs, collation),
        "quotes_error": quotes_error,
        "related": related,
        "corrections": [c.describe() for c in store.corrections([*members, story["id"]])],
        "downloads": list(DOWNLOADS),
    }
