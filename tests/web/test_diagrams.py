"""The layouts behind the timeline and the stemma drawing, and the collation partial."""

from types import SimpleNamespace

from stemma.web.diagrams import EDGE_COLOURS, stemma_diagram, timeline
from stemma.web.render import path_part, render, text_dir, web_url


def _summary(id, lang="en", outlet="X", published=None, title="t"):
    return SimpleNamespace(id=id, lang=lang, outlet=outlet, published=published, title=title)


def test_the_timeline_places_dates_left_to_right_and_undated_apart():
    rows = timeline(
        [
            _summary("a", published="2020-01-01"),
            _summary("b", published="2020-01-11T10:00"),
            _summary("c", lang="fa", outlet="Y"),
        ]
    )
    x = {d["id"]: d["x"] for d in rows["dots"]}
    assert x["a"] < x["b"] < x["c"] == rows["undated_x"]
    assert [b["lang"] for b in rows["bands"]] == ["en", "fa"]
    assert rows["has_undated"] and rows["ticks"][0]["label"] == "2020-01-01"


def test_the_stemma_layout_puts_children_below_parents_and_marks_unseen():
    stemma = {
        "root": "u",
        "nodes": [
            {"id": "u", "kind": "unseen", "label": "lost", "lang": "en"},
            {"id": "a", "kind": "witness", "label": "A", "lang": "en"},
            {"id": "b", "kind": "witness", "label": "B", "lang": "fa"},
        ],
        "edges": [
            {"source": "u", "target": "a", "kind": "copy", "score": 1.0},
            {"source": "a", "target": "b", "kind": "translation", "score": 0.9},
            {"source": "b", "target": "zzz", "kind": "copy"},  # dangling: left out
        ],
    }
    d = stemma_diagram(stemma, {"a": _summary("a", outlet="Alpha")})
    y = {n["id"]: n["y"] for n in d["nodes"]}
    assert y["u"] < y["a"] < y["b"]
    assert [n["unseen"] for n in d["nodes"]] == [True, False, False]
    assert {e["kind"] for e in d["edges"]} == {"copy", "translation"}
    assert dict(d["legend"]) == {k: EDGE_COLOURS[k] for k in ("copy", "translation")}
    assert d["nodes"][1]["line1"] == "Alpha"


def test_a_cycle_does_not_hang_the_layout():
    stemma = {
        "root": None,
        "nodes": [{"id": "a", "kind": "witness"}, {"id": "b", "kind": "witness"}],
        "edges": [
            {"source": "a", "target": "b", "kind": "copy"},
            {"source": "b", "target": "a", "kind": "copy"},
        ],
    }
    assert len(stemma_diagram(stemma, {})["nodes"]) == 2


COLLATION = {
    "story": "s",
    "base": "en1",
    "witnesses": [
        {"id": "en1", "lang": "en", "outlet": "A", "title": "t", "dir": "ltr"},
        {"id": "fa1", "lang": "fa", "outlet": "B", "title": "t", "dir": "rtl"},
    ],
    "rows": [
        {
            "id": "r1",
            "status": "shared",
            "witnesses": ["en1", "fa1"],
            "missing": [],
            "cells": {
                "en1": {
                    "text": "a big sin",
                    "start": 0,
                    "end": 9,
                    "segments": [
                        {"text": "a ", "variant": None},
                        {"text": "big", "variant": "v1"},
                        {"text": " sin", "variant": None},
                    ],
                },
                "fa1": {
                    "text": "گناه بزرگ",
                    "start": 0,
                    "end": 9,
                    "segments": [
                        {"text": "گناه ", "variant": None},
                        {"text": "بزرگ", "variant": "v1"},
                    ],
                },
            },
        },
        {
            "id": "r2",
            "status": "addition",
            "witnesses": ["fa1"],
            "missing": ["en1"],
            "cells": {
                "en1": None,
                "fa1": {
                    "text": "<b>x</b>",
                    "start": 0,
                    "end": 8,
                    "segments": [{"text": "<b>x</b>", "variant": None}],
                },
            },
        },
    ],
    "apparatus": [
        {
            "id": "v1",
            "row": "r1",
            "kind": "substitution",
            "base": "big",
            "readings": [{"text": "بزرگ", "witnesses": ["fa1"]}],
        }
    ],
}


def test_the_collation_partial_marks_variants_direction_and_additions():
    html = render("_collation.html", collation=COLLATION, collation_error=None, witnesses=[1, 2])
    assert html.count('data-variant="v1"') == 3  # both witnesses and the apparatus
    assert '<td class="cell" data-witness="fa1" dir="rtl" lang="fa">' in html
    assert 'a <mark class="variant" data-variant="v1" tabindex="0">big</mark> sin</td>' in html
    assert 'data-status="addition"' in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert 'href="/articles/en1"' in html
    report = render(
        "_collation.html", collation=COLLATION, collation_error=None, witnesses=[], report=True
    )
    assert 'href="/articles' not in report


def test_the_collation_partial_says_when_it_is_unavailable():
    html = render("_collation.html", collation=None, collation_error="module missing")
    assert "Collation unavailable: module missing" in html


def test_url_helpers_keep_hostile_values_inert():
    assert path_part("../../x") == "%2E%2E%2F%2E%2E%2Fx"
    assert web_url("javascript:alert(1)") is None
    assert web_url(" JaVaScRiPt:alert(1)") is None
    assert web_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert web_url("https://exa mple.org") is None
    assert (text_dir("fa"), text_dir("en"), text_dir(None)) == ("rtl", "ltr", "auto")


def test_timeline_uses_the_best_known_time_at_its_precision():
    signed = _summary("sig")  # no publication date, a signature's date instead
    signed.when = {"iso": "2018-04-04", "precision": "day", "source": "signature", "text": "x"}
    month = _summary("month")
    month.when = {"iso": "2018-05", "precision": "month", "source": "text", "text": "May 2018"}
    plain = _summary("plain", published="2018-04-10")
    tl = timeline([signed, month, plain])
    dots = {d["id"]: d for d in tl["dots"]}
    assert not tl["has_undated"]
    assert dots["sig"]["x"] < dots["plain"]["x"] < dots["month"]["x"]
    assert dots["month"]["approx"] and not dots["sig"]["approx"]
    assert "month, from the text" in dots["month"]["label"]


def test_an_edge_without_a_stated_direction_has_no_arrowhead():
    stemma = {
        "root": "a",
        "nodes": [
            {"id": "a", "kind": "witness", "label": "A", "lang": "fa"},
            {"id": "b", "kind": "witness", "label": "B", "lang": "en"},
            {"id": "c", "kind": "witness", "label": "C", "lang": "en"},
        ],
        "edges": [
            {"source": "a", "target": "b", "kind": "translation", "score": 0.9, "direction": "a"},
            {"source": "b", "target": "c", "kind": "revision", "score": 0.9, "direction": None},
        ],
    }
    d = stemma_diagram(stemma, {})
    directed = {(e["title"].split(":")[0], e["directed"]) for e in d["edges"]}
    assert directed == {("a → b", True), ("b — c", False)}
    svg = render("_stemma.html", stemma=d, report=False)
    assert svg.count("marker-end=") == 1
