"""Layouts for the story page's two diagrams, computed here and drawn as inline SVG by templates.

Pure functions: data in, coordinates out. Text stays text (templates escape it); nothing here
builds markup.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

# One colour per link kind, readable on white and told apart without relying on hue alone
# (the kind is also written on each edge).
EDGE_COLOURS = {
    "copy": "#1b7837",
    "revision": "#4d9221",
    "excerpt": "#8e44ad",
    "translation": "#2166ac",
    "paraphrase": "#d95f02",
    "same_event": "#b2182b",
    "related": "#6b6b6b",
}
LANG_COLOURS = ["#2166ac", "#d95f02", "#1b7837", "#8e44ad", "#b2182b", "#01665e", "#6b6b6b"]

NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 176, 46, 28, 70, 16


def _day(iso: str | None) -> date | None:
    if not iso or len(iso) < 10:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def best_time(summary) -> str | None:
    """The article's best-known time (``when``, at its precision) or else its publication date."""
    when = getattr(summary, "when", None) or {}
    return when.get("iso") or getattr(summary, "published", None)


def time_words(summary) -> str:
    """The best-known time in words: "2018-04 (month, from the signature)", or "undated"."""
    when = getattr(summary, "when", None) or {}
    if when.get("iso"):
        return f"{when['iso']} ({when.get('precision') or '?'}, from the {when.get('source')})"
    return getattr(summary, "published", None) or "undated"


def _when_day(summary) -> tuple[date | None, bool]:
    """(the day to draw the article at, whether that day is only approximate): a month sits at
    its middle, a year at its middle, both drawn as approximate."""
    iso = best_time(summary)
    if not iso:
        return None, False
    if len(iso) >= 10:
        return _day(iso), False
    try:
        if len(iso) == 7:
            return date(int(iso[:4]), int(iso[5:7]), 15), True
        if len(iso) == 4:
            return date(int(iso), 7, 1), True
    except ValueError:
        return None, False
    return None, False


def short(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def lang_colours(langs) -> dict[str, str]:
    return {
        lang: LANG_COLOURS[i % len(LANG_COLOURS)]
        for i, lang in enumerate(sorted({x or "?" for x in langs}))
    }


def timeline(summaries) -> dict:
    """Coverage over time: one row per (language, outlet), one dot per article.

    ``summaries`` are ArticleSummary-like objects (id, lang, outlet, published, title). Articles
    with no date sit in an "undated" column at the right.
    """
    rows: dict[tuple[str, str], list] = defaultdict(list)
    for s in summaries:
        rows[(s.lang or "?", s.outlet or "(no outlet)")].append(s)
    keys = sorted(rows)
    days = [d for s in summaries if (d := _when_day(s)[0])]
    first, last = (min(days), max(days)) if days else (None, None)
    span = max(1, (last - first).days) if days else 1
    label_w, plot_w, row_h, top = 200, 520, 26, 28
    undated_x = label_w + plot_w + 80
    width = undated_x + 40
    colours = lang_colours(s.lang for s in summaries)
    dots, bands = [], []
    for i, key in enumerate(keys):
        y = top + i * row_h + row_h / 2
        bands.append({"y": y, "lang": key[0], "outlet": short(key[1], 28), "full": key[1]})
        placed: dict[float, int] = defaultdict(int)
        for s in sorted(rows[key], key=lambda s: (best_time(s) or "", s.id)):
            d, approx = _when_day(s)
            x = undated_x if d is None else label_w + 10 + plot_w * (d - first).days / span
            nudge = placed[x]  # several articles on one day of one outlet: step aside
            placed[x] += 1
            dots.append(
                {
                    "x": round(x + 7 * nudge, 1),
                    "y": y,
                    "id": s.id,
                    "colour": colours[s.lang or "?"],
                    "approx": approx,
                    "label": f"{s.id} · {s.outlet or 'no outlet'} · {s.lang or '?'} · "
                    f"{time_words(s)} · {short(s.title, 80)}",
                }
            )
    ticks = []
    if days:
        count = min(5, span + 1)
        for k in range(count):
            offset = round(span * k / max(1, count - 1))
            d = date.fromordinal(first.toordinal() + offset)
            ticks.append({"x": label_w + 10 + plot_w * offset / span, "label": d.isoformat()})
    height = top + len(keys) * row_h + 10
    return {
        "width": width,
        "height": height,
        "bands": bands,
        "dots": dots,
        "ticks": ticks,
        "axis_y": top - 8,
        "plot_x0": label_w + 10,
        "plot_x1": label_w + 10 + plot_w,
        "undated_x": undated_x,
        "has_undated": any(_when_day(s)[0] is None for s in summaries),
        "legend": sorted(colours.items()),
    }


def _layers(nodes: list[str], edges: list[dict], root: str | None) -> dict[str, int]:
    """Depth of each node: one below its deepest parent (cycles cut after len(nodes) rounds)."""
    parents: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e["source"] in nodes and e["target"] in nodes and e["source"] != e["target"]:
            parents[e["target"]].append(e["source"])
    depth = {n: 0 for n in nodes}
    for _ in range(len(nodes)):
        changed = False
        for n in nodes:
            if n == root:
                continue
            want = max((depth[p] + 1 for p in parents[n]), default=0)
            if want != depth[n] and want < len(nodes):
                depth[n], changed = want, True
        if not changed:
            break
    return depth


def stemma_diagram(stemma: dict, summaries: dict) -> dict:
    """A layered drawing of ``stemma`` (root on top); ``summaries`` maps article id -> summary."""
    nodes = [n for n in stemma.get("nodes", []) if isinstance(n, dict) and "id" in n]
    ids = [n["id"] for n in nodes]
    edges = [
        e for e in stemma.get("edges", []) if e.get("source") in ids and e.get("target") in ids
    ]
    depth = _layers(ids, edges, stemma.get("root"))
    layers: dict[int, list[str]] = defaultdict(list)
    for n in ids:
        layers[depth[n]].append(n)
    x: dict[str, float] = {}
    parents = defaultdict(list)
    for e in edges:
        parents[e["target"]].append(e["source"])
    widest = max((len(v) for v in layers.values()), default=1)
    width = PAD * 2 + widest * NODE_W + (widest - 1) * GAP_X
    for d in sorted(layers):
        row = layers[d]
        # order a layer under its parents so edges cross less
        row.sort(key=lambda n: sum(x.get(p, 0) for p in parents[n]) / max(1, len(parents[n])))
        row_w = len(row) * NODE_W + (len(row) - 1) * GAP_X
        start = (width - row_w) / 2
        for i, n in enumerate(row):
            x[n] = start + i * (NODE_W + GAP_X)
    y = {n: PAD + 18 + depth[n] * (NODE_H + GAP_Y) for n in ids}
    drawn_nodes = []
    for n in nodes:
        nid = n["id"]
        s = summaries.get(nid)
        unseen = n.get("kind") == "unseen"
        if unseen:
            line1, line2 = "unseen source", short(n.get("label"), 26)
        else:
            line1 = short((s.outlet if s else None) or nid, 24)
            when = (best_time(s) or "")[:10] if s else ""
            line2 = " · ".join(x for x in (n.get("lang") or (s.lang if s else None), when) if x)
        drawn_nodes.append(
            {
                "id": nid,
                "unseen": unseen,
                "x": x[nid],
                "y": y[nid],
                "line1": line1,
                "line2": line2 or short(nid, 26),
                "title": f"{nid}: {n.get('label') or ''}",
                "root": nid == stemma.get("root"),
                "article": None if unseen else nid,
            }
        )
    drawn_edges = []
    for e in edges:
        sx, sy = x[e["source"]] + NODE_W / 2, y[e["source"]] + NODE_H
        tx, ty = x[e["target"]] + NODE_W / 2, y[e["target"]]
        if ty <= sy:  # an edge back up (or sideways): leave from the side, arrive on top
            sx, sy = x[e["source"]] + NODE_W, y[e["source"]] + NODE_H / 2
        kind = e.get("kind") or "related"
        reasons = (e.get("evidence") or {}).get("reasons") or []
        unseen = {n["id"] for n in nodes if n.get("kind") == "unseen"}
        # an edge between two stored articles opens their pair view (unseen sources have none)
        pair = None if {e["source"], e["target"]} & unseen else (e["source"], e["target"])
        # no arrowhead where the evidence states no direction (stemmata stored before edges
        # carried one are drawn as they were)
        directed = e.get("direction", e["source"]) is not None
        drawn_edges.append(
            {
                "x1": round(sx, 1),
                "y1": round(sy, 1),
                "x2": round(tx, 1),
                "y2": round(ty, 1),
                "mx": round((sx + tx) / 2, 1),
                "my": round((sy + ty) / 2, 1),
                "kind": kind,
                "marker": kind if kind in EDGE_COLOURS else "related",
                "colour": EDGE_COLOURS.get(kind, EDGE_COLOURS["related"]),
                "score": e.get("score"),
                "pair": pair,
                "directed": directed,
                "title": f"{e['source']} {'→' if directed else '—'} {e['target']}: {kind}"
                + (f" ({e['score']:.2f})" if isinstance(e.get("score"), int | float) else "")
                + ("; " + "; ".join(map(str, reasons)) if reasons else ""),
            }
        )
    height = PAD * 2 + 18 + (max(depth.values(), default=0) + 1) * (NODE_H + GAP_Y) - GAP_Y
    kinds = sorted({e["kind"] for e in drawn_edges})
    return {
        "width": round(max(width, 360), 1),
        "height": round(height + 8, 1),
        "nodes": drawn_nodes,
        "edges": drawn_edges,
        "node_w": NODE_W,
        "node_h": NODE_H,
        "legend": [(k, EDGE_COLOURS.get(k, EDGE_COLOURS["related"])) for k in kinds],
        "markers": sorted(EDGE_COLOURS.items()),
        "has_unseen": any(n["unseen"] for n in drawn_nodes),
    }
