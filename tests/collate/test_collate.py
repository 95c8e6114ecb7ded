"""Collation of small witnesses written for these tests."""

import csv
import io
import xml.dom.minidom

import pytest

from stemma.collate import collate
from stemma.collate.export import safe_cell, to_csv, to_html, to_tei
from stemma.collate.variants import anchors
from stemma.model import AlignedPair, Article, Block, Evidence, Link

BASE = (
    "The minister said the talks were useful and long. "
    "Both sides will meet again in the capital next week. "
    "Farmers in the north asked for more water this spring."
)


def art(id, text, lang="en", **kw):
    return Article(id=id, raw=text.encode(), format="txt", source=text, lang=lang, **kw)


def entries(c, witness):
    return [e for e in c.apparatus if any(witness in r.witnesses for r in e.readings)]


def one(c, witness):
    found = entries(c, witness)
    assert len(found) == 1, [(e.kind, e.base, [r.text for r in e.readings]) for e in found]
    return found[0]


def test_substitution():
    c = collate([art("a", BASE), art("b", BASE.replace("useful", "helpful"))], [], base="a")
    e = one(c, "b")
    assert (e.kind, e.base, e.readings[0].text, e.base_witnesses) == (
        "substitution", "useful", "helpful", ["a"],
    )  # fmt: skip
    assert all(r.status == "shared" for r in c.rows) and len(c.rows) == 3


def test_insertion_and_omission():
    c = collate(
        [
            art("a", BASE),
            art("b", BASE.replace("next week", "early next week")),
            art("c", BASE.replace(" in the north", "")),
        ],
        [],
        base="a",
    )
    ins, om = one(c, "b"), one(c, "c")
    assert (ins.kind, ins.base, ins.readings[0].text) == ("insertion", "", "early")
    assert (om.kind, om.base, om.readings[0].text) == ("omission", "in the north", "")
    assert set(ins.base_witnesses) == {"a", "c"}


def test_transposition():
    c = collate([art("a", BASE), art("b", BASE.replace("useful and long", "long and useful"))], [])
    e = one(c, "b")
    assert e.kind == "transposition"
    assert sorted(e.readings[0].text.split()) == sorted(e.base.split())
    assert e.base in "useful and long" and e.readings[0].text in "long and useful"


def test_witnesses_sharing_a_reading_are_grouped():
    edited = BASE.replace("capital", "city")
    c = collate([art("a", BASE), art("b", edited), art("c", edited)], [], base="a")
    (e,) = c.apparatus
    assert [(r.text, r.witnesses) for r in e.readings] == [("city", ["b", "c"])]
    row = c.row(e.row)
    for w, text in (("a", "capital"), ("b", "city"), ("c", "city")):
        assert [s.text for s in row.cells[w].segments if s.variant == e.id] == [text]


def test_addition_and_omission_rows():
    extra = " A spokesman declined to comment on the matter."
    c = collate(
        [
            art("a", BASE),
            art("b", BASE + extra),
            art("c", BASE.replace("Both sides will meet again in the capital next week. ", "")),
        ],
        [],
        base="a",
    )
    added = [r for r in c.rows if r.status == "addition"]
    assert len(added) == 1 and added[0].witnesses == ["b"]
    assert "spokesman" in added[0].cells["b"].text and added[0].cells["a"] is None
    dropped = [r for r in c.rows if r.missing == ["c"]]
    assert len(dropped) == 1 and dropped[0].status == "omission"
    assert "capital" in dropped[0].cells["a"].text
    assert [r.id for r in c.rows] == [f"r{n}" for n in range(1, len(c.rows) + 1)]
    assert c.rows[-1] is added[0]  # after the passage it follows


def test_default_base_is_the_most_complete_witness():
    c = collate([art("short", BASE.split(". ")[0] + "."), art("full", BASE)], [])
    assert c.base == "full"
    with pytest.raises(ValueError):
        collate([art("a", BASE)], [], base="nope")


FA = (
    "وزیر گفت گفتگوها مفید و طولانی بود. "
    "دو طرف هفته آینده در پایتخت دوباره دیدار می‌کنند. "
    "کشاورزان شمال امسال آب بیشتری خواستند."
)


def _translation(fa: Article, en: Article) -> Link:
    """A translation link pairing the sentences in order (as the aligner's evidence would)."""
    import re

    def spans(text):
        return [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]

    pairs = [
        AlignedPair(a0, a1, b0, b1, 4.0, "translation")
        for (a0, a1), (b0, b1) in zip(spans(fa.source), spans(en.source), strict=True)
    ]
    return Link(fa.id, en.id, "translation", 0.9, fa.id, Evidence(pairs=pairs))


def test_across_languages_through_a_translation_and_a_chain():
    fa, en = art("fa1", FA, "fa"), art("en1", BASE)
    copy = art("en2", BASE.replace("useful", "helpful"))  # linked to nothing: placed via en1
    c = collate([en, copy, fa], [_translation(fa, en)])
    assert c.base == "fa1"  # the original's language: translations derive from it
    assert {w.id: w.dir for w in c.witnesses} == {"en1": "ltr", "en2": "ltr", "fa1": "rtl"}
    assert len(c.rows) == 3 and all(r.status == "shared" for r in c.rows)
    assert "پایتخت" in c.rows[1].cells["fa1"].text and "capital" in c.rows[1].cells["en2"].text
    e = one(c, "en2")  # words compared within English, against English's own base
    assert (e.ref, e.base, e.lang) == ("en1", "useful", "en")


def test_boilerplate_is_not_collated():
    chrome = "Subscribe to our newsletter!"
    text = chrome + "\n\n" + BASE
    boiler = Block(0, len(chrome), "comment_prompt")
    body = Block(len(chrome) + 2, len(text))
    c = collate([art("a", BASE), art("b", text, blocks=[boiler, body])], [])
    assert all(
        "Subscribe" not in (cell.text if cell else "") for r in c.rows for cell in r.cells.values()
    )
    assert all(r.status == "shared" for r in c.rows)


def test_long_passage_is_diffed_through_anchors():
    words = [f"w{n % 97}x{n % 13}" for n in range(900)]  # one sentence, repeats and unique words
    edited = list(words)
    edited[100] = "changed"
    del edited[500]
    edited.insert(700, "added")
    assert anchors(words[:50], words[:50]) == [(i, i) for i in range(50)]
    c = collate([art("a", " ".join(words)), art("b", " ".join(edited))], [], base="a")
    got = sorted((e.kind, e.base, e.readings[0].text) for e in c.apparatus)
    assert got == sorted(
        [
            ("substitution", words[100], "changed"),
            ("omission", words[500], ""),
            ("insertion", "", "added"),
        ]
    )


HOSTILE = '=HYPERLINK("http://x") <script>alert(1)</script> a & b " \' \x01 end.'


def test_hostile_text_is_inert_in_every_export():
    a = art("a", BASE + " " + HOSTILE, title="<img src=x onerror=alert(1)>", outlet="-cmd")
    b = art('b"<x>', HOSTILE + " " + BASE.replace("useful", "<b>useful</b>"), outlet="@evil")
    c = collate([a, b], [], base="a")
    table = list(csv.reader(io.StringIO(to_csv(c))))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in table for cell in row)
    assert safe_cell("=1+1") == "'=1+1"
    tei = to_tei(c)
    dom = xml.dom.minidom.parseString(tei.encode("utf-8"))
    assert not dom.getElementsByTagName("script") and not dom.getElementsByTagName("b")
    assert "\x01" not in tei
    assert "<script>alert(1)</script>" in "".join(n.data for n in _text_nodes(dom.documentElement))
    page = to_html(c)
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "default-src 'none'" in page


def _text_nodes(node):
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            yield child
        else:
            yield from _text_nodes(child)


def test_to_dict_is_the_contract_form():
    c = collate([art("a", BASE), art("b", BASE.replace("useful", "helpful"))], [], base="a")
    d = c.to_dict()
    assert set(d) >= {"story", "base", "witnesses", "rows", "apparatus"}
    assert set(d["witnesses"][0]) >= {"id", "lang", "outlet", "title", "dir"}
    row = d["rows"][0]
    assert set(row) >= {"id", "status", "witnesses", "missing", "cells"}
    cell = row["cells"]["b"]
    assert "".join(s["text"] for s in cell["segments"]) == cell["text"]
    assert set(d["apparatus"][0]) >= {"id", "row", "kind", "base", "readings"}


def test_tei_places_each_variant_inside_the_reference_text():
    c = collate(
        [art("a", BASE), art("b", BASE.replace("next week", "early next week"))], [], base="a"
    )
    dom = xml.dom.minidom.parseString(to_tei(c).encode("utf-8"))
    (app,) = [a for a in dom.getElementsByTagName("app") if a.getAttribute("type") == "insertion"]
    assert app.getElementsByTagName("rdg")[0].getAttribute("wit") == "#w-b"
    assert app.getElementsByTagName("rdg")[0].firstChild.data == "early"
    before = app.previousSibling.data
    after = app.nextSibling.data
    assert before.endswith("in the capital ") and after.startswith("next week.")
    wits = [w.getAttribute("xml:id") for w in dom.getElementsByTagName("witness")]
    assert wits == ["w-a", "w-b"]


def test_joined_sentences_are_cut_back_into_their_rows():
    joined = BASE.replace("long. Both", "long Both")  # a full stop dropped: one sentence of two
    c = collate([art("a", BASE), art("b", joined)], [], base="a")
    assert len(c.rows) == 3 and all(r.status == "shared" for r in c.rows)
    assert c.rows[0].cells["b"].text.endswith("useful and long")
    assert c.rows[1].cells["b"].text.startswith("Both sides will meet")
    assert not c.apparatus  # the words are the same; only the sentence end differs


def test_another_outlets_opening_never_goes_above_the_base_and_its_translation_follows_it():
    # a second outlet's report: its opening matches nothing of the base, its second sentence is
    # the base's second; its own translation is linked to it only
    other = (
        "Rain delayed the start of the meeting by an hour. "
        "Both sides will meet again in the capital next week."
    )
    other_fa = (
        "باران آغاز نشست را یک ساعت به تأخیر انداخت. دو طرف هفته آینده در پایتخت دیدار می‌کنند."
    )
    en, fa = art("en", BASE), art("fa", FA, lang="fa")
    o, ofa = art("other", other), art("other-fa", other_fa, lang="fa")
    c = collate([en, fa, o, ofa], [_translation(fa, en), _translation(ofa, o)], base="en")
    first = c.rows[0]
    assert "minister" in first.cells["en"].text and first.cells["fa"].text.startswith("وزیر")
    assert first.cells["other"] is None and first.cells["other-fa"] is None
    base_rows = [r for r in c.rows if r.cells["en"] is not None]
    assert [r.cells["en"].start for r in base_rows] == sorted(
        r.cells["en"].start for r in base_rows
    )
    # the other outlet's translation sits with the sentences it renders, not with the base's
    rain = next(r for r in c.rows if r.cells["other"] and "Rain" in r.cells["other"].text)
    assert rain.cells["other-fa"] is not None and "باران" in rain.cells["other-fa"].text
    meet = next(r for r in c.rows if r.cells["other"] and "capital" in r.cells["other"].text)
    assert "capital" in meet.cells["en"].text and "پایتخت" in meet.cells["other-fa"].text
