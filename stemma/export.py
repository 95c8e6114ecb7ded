"""Exports for other tools (``stemma export``): JSON Lines, CSV, TEI, GraphML and DOT.

Every exporter reads only through the store (and the collation API) and writes text to a stream.
Article text is hostile input, so each format escapes it by its own rules: CSV cells that a
spreadsheet would run as a formula are prefixed with ``'``, XML is built with ElementTree and
stripped of characters XML 1.0 cannot hold, DOT strings escape ``"``, ``\\`` and line breaks.

``plan`` checks a request (format, what, story) before anything is written, so a failed export
leaves no half-written file; ``write`` then streams it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from stemma.analysis import link_json
from stemma.jsonform import article_json
from stemma.model import Article, Link
from stemma.store import Store

FORMATS = ("jsonl", "csv", "tei", "graphml", "dot")
WHATS = ("articles", "links", "stories", "stemmata", "quotes", "collation", "corrections")
# What each format can express, the first being what it exports when not told.
SUPPORTED = {
    "jsonl": WHATS,
    "csv": ("articles", "links", "stories", "quotes", "collation", "corrections"),
    "tei": ("collation",),
    "graphml": ("stemmata", "links"),
    "dot": ("stemmata", "links"),
}
NEEDS_STORY = {("csv", "collation")}  # a table per story; TEI holds many in a teiCorpus


class ExportError(ValueError):
    """A request that cannot be exported (bad format/what pair, unknown story, no collation)."""


@dataclass
class Request:
    format: str
    what: str
    story: dict | None = None  # the stored story the export is restricted to
    collations: list | None = None  # made while planning csv/tei, so failures come first


def plan(store: Store, format: str, what: str | None = None, story: str | None = None) -> Request:
    """Check a request and resolve its story (a story id, or the id of one of its articles)."""
    if format not in SUPPORTED:
        raise ExportError(f"unknown format {format!r}; formats: {', '.join(FORMATS)}")
    what = what or SUPPORTED[format][0]
    if what not in WHATS:
        raise ExportError(f"unknown --what {what!r}; choose from: {', '.join(WHATS)}")
    if what not in SUPPORTED[format]:
        can = ", ".join(SUPPORTED[format])
        raise ExportError(f"--format {format} cannot export {what}; it exports: {can}")
    found = None
    if story is not None:
        found = store.get_story(story) or store.get_story(store.story_of(story) or "")
        if found is None:
            raise ExportError(f"no story with id {story!r}")
    request = Request(format, what, found)
    if what == "collation" and format in ("csv", "tei"):
        many = [s["id"] for s in store.list_stories() if len(s["articles"]) > 1]
        if found is None and (format, what) in NEEDS_STORY:
            raise ExportError(
                f"--format {format} exports one story's collation: pass --story ID"
                + (f" (stories with several witnesses: {', '.join(many)})" if many else "")
            )
        if found is None and not many:
            raise ExportError("no story has several witnesses to collate")
        request.collations = [_collation(store, id) for id in ([found["id"]] if found else many)]
    return request


def write(store: Store, request: Request, out: TextIO) -> None:
    """Stream the planned export to ``out``."""
    WRITERS[request.format](store, request, out)


def export(
    store: Store, out: TextIO, format: str, what: str | None = None, story: str | None = None
) -> None:
    write(store, plan(store, format, what, story), out)


# -- what is in scope ---------------------------------------------------------------------------


def _stories(store: Store, request: Request) -> list[dict]:
    return [request.story] if request.story is not None else store.list_stories()


def _articles(store: Store, request: Request) -> Iterator[Article]:
    if request.story is None:
        yield from store.iter_articles()
        return
    for id in request.story["articles"]:
        article = store.get_article(id)
        if article is not None:
            yield article


def _links(store: Store, request: Request) -> list[Link]:
    if request.story is None:
        return store.get_links()
    members = set(request.story["articles"])
    return [ln for ln in store.get_links(members) if ln.a in members and ln.b in members]


def _quotes(store: Store, request: Request) -> Iterator[tuple[str, dict]]:
    for story in _stories(store, request):
        for quote in story.get("quotes") or []:  # absent until quotes are analysed
            yield story["id"], quote


def _corrections(store: Store, request: Request) -> list:
    """Readers' corrections, oldest first; with a story, those naming its articles or it."""
    if request.story is None:
        return store.corrections()
    return store.corrections([*request.story["articles"], request.story["id"]])


def _collation(store: Store, story_id: str):
    try:
        from stemma.collate import collate_story
    except ImportError as exc:  # pragma: no cover - collation ships with stemma
        raise ExportError(f"collation is not available: {exc}") from None
    collation = collate_story(store, story_id)
    if collation is None:
        raise ExportError(f"story {story_id!r} has no articles to collate")
    return collation


def _collations(store: Store, request: Request) -> Iterator[Any]:
    if request.collations is not None:
        yield from request.collations
        return
    from stemma.collate import collate_story

    for story in _stories(store, request):
        if request.story is not None or len(story["articles"]) > 1:
            collation = collate_story(store, story["id"])
            if collation is not None:
                yield collation


def _stemmata(store: Store, request: Request) -> list[dict]:
    return [
        {"story": s["id"], "title": s.get("title"), **(s.get("stemma") or {})}
        for s in _stories(store, request)
    ]


# -- JSON Lines ---------------------------------------------------------------------------------


def _write_jsonl(store: Store, request: Request, out: TextIO) -> None:
    for obj in _jsonl_objects(store, request):
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _jsonl_objects(store: Store, request: Request) -> Iterator[dict]:
    what = request.what
    if what == "articles":
        for a in _articles(store, request):
            # an export is the data itself: a cut_short tail goes whole, not folded as on screen
            yield article_json(a, whole_tail=True) | {"versions": store.versions(a.id)}
    elif what == "links":
        yield from (link_json(ln) for ln in _links(store, request))
    elif what == "stories":
        yield from _stories(store, request)
    elif what == "stemmata":
        for s in _stemmata(store, request):
            yield {
                "story": s["story"],
                "root": s.get("root"),
                "nodes": s.get("nodes", []),
                "edges": s.get("edges", []),
            }
    elif what == "quotes":
        yield from ({"story": sid, **q} for sid, q in _quotes(store, request))
    elif what == "collation":
        yield from (c.to_dict() for c in _collations(store, request))
    elif what == "corrections":
        yield from (c.to_dict() | {"says": c.describe()} for c in _corrections(store, request))


# -- CSV ----------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell a spreadsheet shows as text: formula-like text gets a ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return round(value, 4) if isinstance(value, float) else value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


ARTICLE_COLUMNS = ("id", "lang", "outlet", "title", "published", "updated", "url", "dateline")
ARTICLE_COLUMNS += ("byline",)
LINK_COLUMNS = ("a", "b", "kind", "score", "direction", "coverage_a", "coverage_b")
STORY_COLUMNS = ("id", "title", "first_seen", "languages", "articles", "related")
QUOTE_COLUMNS = ("quote", "story", "person", "speaker", "article", "lang", "kind", "content")
QUOTE_COLUMNS += ("cue", "speaker_as_written", "content_start", "content_end")
CORRECTION_COLUMNS = ("id", "when", "who", "action", "a", "b", "value", "why")


def _write_csv(store: Store, request: Request, out: TextIO) -> None:
    if request.what == "collation":
        from stemma.collate.export import to_csv

        # Re-read and re-write the collation's table so every cell passes the same guard.
        [collation] = request.collations
        rows = csv.reader(io.StringIO(to_csv(collation), newline=""))
        _csv_rows(out, next(rows, []), rows)
        return
    header, rows = CSV_TABLES[request.what](store, request)
    _csv_rows(out, header, rows)


def _csv_rows(out: TextIO, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    writer = csv.writer(out)
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])


def _article_rows(store: Store, request: Request):
    rows = ([getattr(a, c) for c in ARTICLE_COLUMNS] for a in _articles(store, request))
    return ARTICLE_COLUMNS, rows


def _link_rows(store: Store, request: Request):
    rows = (
        [
            ln.a,
            ln.b,
            ln.kind,
            ln.score,
            ln.direction,
            ln.evidence.coverage_a,
            ln.evidence.coverage_b,
        ]
        for ln in _links(store, request)
    )
    return LINK_COLUMNS, rows


def _story_rows(store: Store, request: Request):
    rows = (
        [
            s["id"],
            s.get("title"),
            s.get("first_seen"),
            ";".join(s.get("languages") or []),
            len(s.get("articles") or []),
            ";".join(s.get("related") or []),
        ]
        for s in _stories(store, request)
    )
    return STORY_COLUMNS, rows


def _quote_rows(store: Store, request: Request):
    def rows():
        for story_id, q in _quotes(store, request):
            for r in q.get("renderings") or []:
                yield [
                    q.get("id"),
                    story_id,
                    q.get("person"),
                    q.get("speaker"),
                    r.get("article"),
                    r.get("lang"),
                    r.get("kind"),
                    r.get("content"),
                    r.get("cue"),
                    r.get("speaker"),
                    r.get("content_start"),
                    r.get("content_end"),
                ]

    return QUOTE_COLUMNS, rows()


def _correction_rows(store: Store, request: Request):
    rows = ([getattr(c, k) for k in CORRECTION_COLUMNS] for c in _corrections(store, request))
    return CORRECTION_COLUMNS, rows


CSV_TABLES = {
    "articles": _article_rows,
    "links": _link_rows,
    "stories": _story_rows,
    "quotes": _quote_rows,
    "corrections": _correction_rows,
}


# -- TEI ----------------------------------------------------------------------------------------


def _write_tei(store: Store, request: Request, out: TextIO) -> None:
    """One story: its collation's TEI document. Every story: a ``teiCorpus`` of them."""
    from stemma.collate.export import to_tei

    texts = [to_tei(c) for c in request.collations]
    if request.story is not None:
        out.write(texts[0] if texts[0].endswith("\n") else texts[0] + "\n")
        return
    corpus = ET.Element(f"{{{TEI_NS}}}teiCorpus")
    header = ET.SubElement(corpus, f"{{{TEI_NS}}}teiHeader")
    desc = ET.SubElement(header, f"{{{TEI_NS}}}fileDesc")
    title = ET.SubElement(ET.SubElement(desc, f"{{{TEI_NS}}}titleStmt"), f"{{{TEI_NS}}}title")
    title.text = f"Collations of {len(texts)} stories"
    publication = ET.SubElement(desc, f"{{{TEI_NS}}}publicationStmt")
    ET.SubElement(publication, f"{{{TEI_NS}}}p").text = "Generated by stemma"
    ET.SubElement(desc, f"{{{TEI_NS}}}sourceDesc").append(_tei_story_list(request.collations))
    for text in texts:
        tei = ET.fromstring(text)
        tei.tail = "\n"
        corpus.append(tei)
    ET.register_namespace("", TEI_NS)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(corpus, encoding="unicode") + "\n")


def _tei_story_list(collations: list) -> ET.Element:
    lst = ET.Element(f"{{{TEI_NS}}}list")
    for c in collations:
        ET.SubElement(lst, f"{{{TEI_NS}}}item").text = xml_text(c.story or "")
    return lst


# -- graphs: stemmata and the link graph ---------------------------------------------------------

NODE_KEYS = ("story", "ref", "kind", "lang", "label", "outlet", "published")
EDGE_KEYS = ("story", "kind", "score", "direction", "reasons")


@dataclass
class Graph:
    """Nodes and edges as flat attribute dicts; ``groups`` are (story id, title, node ids)."""

    directed: bool
    nodes: list[dict]
    edges: list[dict]
    groups: list[tuple[str, str, list[str]]]


def _graph(store: Store, request: Request) -> Graph:
    return _link_graph(store, request) if request.what == "links" else _stemma_graph(store, request)


def _stemma_graph(store: Store, request: Request) -> Graph:
    stemmata = [(s, _stemma_nodes(s)) for s in _stemmata(store, request)]
    # One graph for every story, so a node id seen in two stories (an unseen source both cite)
    # is qualified with its story id.
    seen = Counter(n["id"] for _, nodes in stemmata for n in nodes)

    def gid(story: str, node: str) -> str:
        return node if seen[node] <= 1 else f"{story}/{node}"

    graph = Graph(True, [], [], [])
    for s, nodes in stemmata:
        story = s["story"]
        for n in nodes:
            graph.nodes.append(
                {
                    "id": gid(story, n["id"]),
                    "story": story,
                    "ref": n["id"],
                    "kind": n.get("kind"),
                    "lang": n.get("lang"),
                    "label": n.get("label") or n["id"],
                }
            )
        for e in s.get("edges", []):
            graph.edges.append(
                {
                    "source": gid(story, e["source"]),
                    "target": gid(story, e["target"]),
                    "story": story,
                    "kind": e.get("kind"),
                    "score": e.get("score"),
                    "reasons": "; ".join((e.get("evidence") or {}).get("reasons") or []),
                    # the link's direction (None: unstated); stemmata stored before edges
                    # carried one have none to give
                    **({"direction": e["direction"]} if "direction" in e else {}),
                }
            )
        graph.groups.append((story, s.get("title") or story, [gid(story, n["id"]) for n in nodes]))
    return graph


def _stemma_nodes(stemma: dict) -> list[dict]:
    """The stemma's nodes, plus a bare one for any edge end it does not list."""
    nodes = list(stemma.get("nodes", []))
    known = {n["id"] for n in nodes}
    for e in stemma.get("edges", []):
        for end in (e["source"], e["target"]):
            if end not in known:
                known.add(end)
                nodes.append({"id": end, "kind": "unknown", "label": end})
    return nodes


def _link_graph(store: Store, request: Request) -> Graph:
    story_of = {a: s["id"] for s in _stories(store, request) for a in s["articles"]}
    members = set(request.story["articles"]) if request.story is not None else None
    graph = Graph(False, [], [], [])
    for a in store.list_articles():
        if members is not None and a.id not in members:
            continue
        graph.nodes.append(
            {
                "id": a.id,
                "story": story_of.get(a.id),
                "ref": a.id,
                "kind": "article",
                "lang": a.lang,
                "label": a.title or a.id,
                "outlet": a.outlet,
                "published": a.published,
            }
        )
    for ln in _links(store, request):
        graph.edges.append(
            {
                "source": ln.a,
                "target": ln.b,
                "story": story_of.get(ln.a) if story_of.get(ln.a) == story_of.get(ln.b) else None,
                "kind": ln.kind,
                "score": ln.score,
                "direction": ln.direction,
                "reasons": "; ".join(ln.evidence.reasons),
            }
        )
    return graph


# XML 1.0 cannot hold most control characters or lone surrogates, even escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: Any) -> str:
    """``value`` as text XML 1.0 can carry; ElementTree escapes ``<``, ``&`` and quotes.
    Line ends become ``\n``, as any XML reader would make them."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("\ufffd", text)


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
TEI_NS = "http://www.tei-c.org/ns/1.0"


def _write_graphml(store: Store, request: Request, out: TextIO) -> None:
    graph = _graph(store, request)
    root = ET.Element("graphml", xmlns=GRAPHML_NS)
    for where, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for key in keys:
            kind = "double" if key == "score" else "string"
            attrs = {"id": f"{where[0]}_{key}", "for": where, "attr.name": key, "attr.type": kind}
            ET.SubElement(root, "key", attrs)
    edgedefault = "directed" if graph.directed else "undirected"
    name = "links" if request.what == "links" else "stemmata"
    g = ET.SubElement(root, "graph", id=name, edgedefault=edgedefault)
    for n in graph.nodes:
        _data(ET.SubElement(g, "node", id=xml_text(n["id"])), "n", NODE_KEYS, n)
    for i, e in enumerate(graph.edges):
        attrs = {"id": f"e{i}", "source": xml_text(e["source"]), "target": xml_text(e["target"])}
        _data(ET.SubElement(g, "edge", attrs), "e", EDGE_KEYS, e)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode") + "\n")


def _data(element: ET.Element, prefix: str, keys: tuple[str, ...], values: dict) -> None:
    for key in keys:
        value = values.get(key)
        if value is not None and value != "":
            ET.SubElement(element, "data", key=f"{prefix}_{key}").text = xml_text(value)


DOT_LABEL_CHARS = 80  # long titles and first sentences make unreadable drawings


def dot_string(value: Any) -> str:
    """``value`` as a DOT quoted string whose label escapes (``\\N``, ``\\l``) cannot fire."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return '"' + re.sub(r"[\x00-\x1f\x7f]", " ", text) + '"'


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= DOT_LABEL_CHARS else text[: DOT_LABEL_CHARS - 1] + "…"


def _write_dot(store: Store, request: Request, out: TextIO) -> None:
    graph = _graph(store, request)
    arrow = "->" if graph.directed else "--"
    name = "links" if request.what == "links" else "stemmata"
    out.write(f"{'digraph' if graph.directed else 'graph'} {name} {{\n")
    out.write("  node [shape=box, fontname=sans];\n  edge [fontname=sans, fontsize=10];\n")
    by_id = {n["id"]: n for n in graph.nodes}
    grouped = {id for _, _, ids in graph.groups for id in ids}
    for i, (story, title, ids) in enumerate(graph.groups):
        out.write(f"  subgraph cluster_{i} {{\n")
        out.write(f"    label={dot_string(_short(f'{title} ({story})'))};\n")
        for id in ids:
            out.write(f"    {_dot_node(by_id[id])};\n")
        out.write("  }\n")
    for n in graph.nodes:
        if n["id"] not in grouped:
            out.write(f"  {_dot_node(n)};\n")
    for e in graph.edges:
        attrs = {
            "label": f"{e['kind']} {e['score']:.2f}" if e.get("score") is not None else e["kind"],
            "kind": e.get("kind"),
            "score": e.get("score"),
            "direction": e.get("direction"),
            "story": e.get("story"),
            # an edge whose direction the evidence does not state has no arrowhead
            "dir": "none" if graph.directed and "direction" in e and not e["direction"] else None,
        }
        ends = f"{dot_string(e['source'])} {arrow} {dot_string(e['target'])}"
        out.write(f"  {ends} [{_dot_attrs(attrs)}];\n")
    out.write("}\n")


def _dot_node(n: dict) -> str:
    label = dot_string(_short(n["label"]))
    if n["kind"] != "unseen" and n["label"] != n["ref"]:
        label = label[:-1] + "\\n" + dot_string(n["ref"])[1:]  # the id under the label
    attrs = {"kind": n.get("kind"), "lang": n.get("lang"), "story": n.get("story")}
    style = ", style=dashed, shape=ellipse" if n["kind"] == "unseen" else ""
    return f"{dot_string(n['id'])} [label={label}{style}, {_dot_attrs(attrs)}]"


def _dot_attrs(attrs: dict) -> str:
    return ", ".join(f"{k}={dot_string(v)}" for k, v in attrs.items() if v is not None)


WRITERS = {
    "jsonl": _write_jsonl,
    "csv": _write_csv,
    "tei": _write_tei,
    "graphml": _write_graphml,
    "dot": _write_dot,
}
