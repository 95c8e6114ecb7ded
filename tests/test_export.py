"""`stemma export`: every format parses back, and hostile article text stays inert."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from stemma.cli import app
from stemma.export import ExportError, dot_string, export, plan, xml_text
from stemma.model import AlignedPair, Article, Block, Evidence, Link, Passage, Variant
from stemma.store import open_store

SCRIPT = "<script>alert('x')</script>"
INJECT = "=cmd|' /C calc'!A0"
BREAKOUT = 'x"]; evil -> pwned [label="\\N'  # would end a DOT string and add an edge
FORMFEED = "page\x0cbreak"  # not allowed in XML 1.0, even escaped
UNSEEN = 'unseen:source:Wire <&> "Agency"'


def make(id: str, text: str, lang: str, **kw) -> Article:
    """An article whose sentences (split on '. ') are its passages, one paragraph."""
    passages, start = [], 0
    for sentence in re.findall(r"[^.]+\.?\s*", text):
        body = sentence.strip()
        at = text.index(body, start)
        passages.append(Passage(at, at + len(body), body, lang, 0))
        start = at + len(body)
    return Article(
        id=id,
        raw=text.encode(),
        format="txt",
        source=text,
        path=f"/tmp/{id}.txt",
        blocks=[Block(0, len(text))],
        text=text,
        lang=lang,
        passages=passages,
        **kw,
    )


A1 = "The minister said talks will go on. He met the envoy on Monday. Nothing else was agreed."
A2 = "The minister said talks would go on. He met the envoy on Monday. Nothing else was agreed."
A3 = "وزیر گفت که گفتگوها ادامه خواهد داشت. او روز دوشنبه با فرستاده دیدار کرد."
A4 = "A storm closed the port on Tuesday."


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "hostile.db"
    store = open_store(path)
    store.put_article(
        make(
            "a1",
            A1,
            "en",
            title=SCRIPT,
            outlet=INJECT,
            byline='He said "hi" \\ and\nleft',
            dateline="+1+1",
            url="javascript:alert(1)",
            published="2024-03-04",
        )
    )
    store.put_article(
        make("a2", A2, "en", title="@SUM(A1:A9)", outlet="-2+3", published="2024-03-05")
    )
    store.put_article(
        make("a3", A3, "fa", title=BREAKOUT, outlet="خبرگزاری", published="2024-03-05")
    )
    store.put_article(make("a4", A4, "en", title=FORMFEED, published="2024-05-01"))
    copy = Link(
        "a1",
        "a2",
        "revision",
        0.93,
        direction="a1",
        evidence=Evidence(
            pairs=[AlignedPair(0, 35, 0, 36, 0.9, "variant"), AlignedPair(36, 64, 37, 65, 1.0)],
            coverage_a=1.0,
            coverage_b=1.0,
            variants=[Variant("substitution", "will", "would", 23, 27, 23, 28)],
            reasons=[f"{SCRIPT} <img src=x onerror=alert(1)>", BREAKOUT],
        ),
    )
    translation = Link(
        "a1",
        "a3",
        "translation",
        0.71,
        direction="a3",
        evidence=Evidence(
            pairs=[AlignedPair(0, 35, 0, 37, 0.8, "translation")],
            coverage_a=0.4,
            coverage_b=0.5,
            reasons=["aligned"],
        ),
    )
    store.replace_links([copy, translation])
    store.replace_stories(
        [
            {
                "id": "s-one",
                "title": f'Talks "{SCRIPT}"\nline two',
                "articles": ["a3", "a1", "a2"],
                "languages": ["fa", "en"],
                "first_seen": "2024-03-04",
                "related": ["s-two"],
                "stemma": {
                    "root": UNSEEN,
                    "nodes": [
                        {"id": UNSEEN, "kind": "unseen", "label": BREAKOUT, "lang": None},
                        {"id": "a3", "kind": "witness", "label": BREAKOUT, "lang": "fa"},
                        {"id": "a1", "kind": "witness", "label": SCRIPT, "lang": "en"},
                        {"id": "a2", "kind": "witness", "label": FORMFEED, "lang": "en"},
                    ],
                    "edges": [
                        {"source": UNSEEN, "target": "a3", "kind": "copy", "score": 1.0},
                        {
                            "source": "a3",
                            "target": "a1",
                            "kind": "translation",
                            "score": 0.71,
                            "evidence": {"reasons": [SCRIPT]},
                        },
                        {"source": "a1", "target": "a2", "kind": "revision", "score": 0.93},
                    ],
                },
                "quotes": [
                    {
                        "id": "q-1",
                        "person": "the-minister",
                        "speaker": "=Minister",
                        "text": "talks will go on",
                        "renderings": [
                            {
                                "article": "a1",
                                "lang": "en",
                                "kind": "indirect",
                                "content": INJECT,
                                "content_start": 18,
                                "content_end": 35,
                                "speaker": "The minister",
                                "speaker_start": 0,
                                "speaker_end": 12,
                                "cue": "said",
                                "cue_start": 13,
                                "cue_end": 17,
                            },
                            {
                                "article": "a3",
                                "lang": "fa",
                                "kind": "indirect",
                                "content": "گفتگوها ادامه خواهد داشت",
                                "content_start": 12,
                                "content_end": 36,
                                "speaker": "وزیر",
                                "speaker_start": 0,
                                "speaker_end": 4,
                                "cue": "گفت",
                                "cue_start": 5,
                                "cue_end": 8,
                            },
                        ],
                    }
                ],
            },
            {  # no "quotes" key: a store analysed before quotes existed
                "id": "s-two",
                "title": "Storm",
                "articles": ["a4"],
                "languages": ["en"],
                "first_seen": "2024-05-01",
                "related": [],
                "stemma": {
                    "root": "a4",
                    "nodes": [
                        {"id": "a4", "kind": "witness", "label": FORMFEED, "lang": "en"},
                        {"id": UNSEEN, "kind": "unseen", "label": "wire", "lang": "en"},
                    ],
                    "edges": [{"source": UNSEEN, "target": "a4", "kind": "copy", "score": 0.5}],
                },
            },
        ]
    )
    store.close()
    return path


def run(db, *args: str) -> str:
    result = CliRunner().invoke(app, ["export", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def fails(db, *args: str) -> str:
    result = CliRunner().invoke(app, ["export", "--db", str(db), *args])
    assert result.exit_code == 2, result.output
    return " ".join(result.stderr.split())


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# -- JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_articles_are_what_show_json_prints(db):
    got = jsonl(run(db, "--format", "jsonl"))
    assert [a["id"] for a in got] == ["a1", "a2", "a3", "a4"]
    shown = json.loads(CliRunner().invoke(app, ["show", "a1", "--db", str(db), "--json"]).stdout)
    assert got[0] == shown
    assert got[0]["title"] == SCRIPT


def test_jsonl_story_restricts_every_kind(db):
    arts = jsonl(run(db, "--format", "jsonl", "--what", "articles", "--story", "s-one"))
    assert [a["id"] for a in arts] == ["a3", "a1", "a2"]
    links = jsonl(run(db, "--format", "jsonl", "--what", "links", "--story", "s-one"))
    assert {(ln["a"], ln["b"], ln["kind"]) for ln in links} == {
        ("a1", "a2", "revision"),
        ("a1", "a3", "translation"),
    }
    assert links[0]["evidence"]["variants"][0]["b"] == "would"
    assert jsonl(run(db, "--format", "jsonl", "--what", "links", "--story", "s-two")) == []
    [story] = jsonl(run(db, "--format", "jsonl", "--what", "stories", "--story", "a4"))
    assert story["id"] == "s-two"  # an article id stands for its story


def test_jsonl_stories_stemmata_and_quotes(db):
    stories = jsonl(run(db, "--format", "jsonl", "--what", "stories"))
    assert [s["id"] for s in stories] == ["s-one", "s-two"]
    assert stories[0]["quotes"][0]["id"] == "q-1"
    stemmata = jsonl(run(db, "--format", "jsonl", "--what", "stemmata"))
    assert [sorted(s) for s in stemmata] == [["edges", "nodes", "root", "story"]] * 2
    assert stemmata[0]["root"] == UNSEEN and len(stemmata[0]["edges"]) == 3
    quotes = jsonl(run(db, "--format", "jsonl", "--what", "quotes"))
    assert [(q["story"], q["id"], len(q["renderings"])) for q in quotes] == [("s-one", "q-1", 2)]
    assert run(db, "--format", "jsonl", "--what", "quotes", "--story", "s-two") == ""


# -- CSV ----------------------------------------------------------------------------------------


def test_csv_articles_guard_formula_cells_and_keep_text(db):
    got = rows(run(db, "--format", "csv"))
    assert list(got[0]) == [
        "id",
        "lang",
        "outlet",
        "title",
        "published",
        "updated",
        "url",
        "dateline",
        "byline",
    ]
    a1, a2, a3, a4 = got
    assert a1["outlet"] == "'" + INJECT and a1["dateline"] == "'+1+1"
    assert a1["title"] == SCRIPT and a1["byline"] == 'He said "hi" \\ and\nleft'
    assert a2["title"] == "'@SUM(A1:A9)" and a2["outlet"] == "'-2+3"
    assert a3["title"] == BREAKOUT and a3["outlet"] == "خبرگزاری"
    assert a4["title"] == FORMFEED and a4["updated"] == ""
    for row in got:  # nothing a spreadsheet would evaluate
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())


def test_csv_links_stories_and_quotes(db):
    links = rows(run(db, "--format", "csv", "--what", "links"))
    assert [(r["a"], r["b"], r["kind"], r["direction"]) for r in links] == [
        ("a1", "a2", "revision", "a1"),
        ("a1", "a3", "translation", "a3"),
    ]
    assert float(links[1]["score"]) == pytest.approx(0.71)
    assert float(links[1]["coverage_b"]) == pytest.approx(0.5)
    stories = rows(run(db, "--format", "csv", "--what", "stories"))
    assert stories[0]["title"] == f'Talks "{SCRIPT}"\nline two'
    assert (stories[0]["languages"], stories[0]["articles"], stories[0]["related"]) == (
        "fa;en",
        "3",
        "s-two",
    )
    quotes = rows(run(db, "--format", "csv", "--what", "quotes"))
    assert [(q["quote"], q["story"], q["article"], q["lang"]) for q in quotes] == [
        ("q-1", "s-one", "a1", "en"),
        ("q-1", "s-one", "a3", "fa"),
    ]
    assert quotes[0]["speaker"] == "'=Minister" and quotes[0]["content"] == "'" + INJECT
    assert (quotes[1]["cue"], quotes[1]["speaker_as_written"]) == ("گفت", "وزیر")


def test_csv_story_scope(db):
    got = rows(run(db, "--format", "csv", "--what", "articles", "--story", "s-two"))
    assert [r["id"] for r in got] == ["a4"]


# -- GraphML ------------------------------------------------------------------------------------

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


def graphml(text: str):
    """(nodes, edges, directed) with each element's data as {attr.name: text}."""
    root = ET.fromstring(text)
    names = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", NS)}

    def data(el):
        return {names[d.get("key")]: d.text for d in el.findall("g:data", NS)}

    [graph] = root.findall("g:graph", NS)
    nodes = {n.get("id"): data(n) for n in graph.findall("g:node", NS)}
    edges = [(e.get("source"), e.get("target"), data(e)) for e in graph.findall("g:edge", NS)]
    return nodes, edges, graph.get("edgedefault")


def test_graphml_stemmata_escape_labels_and_keep_ids_unique(db):
    text = run(db, "--format", "graphml")
    assert "<script>" not in text and "\x0c" not in text
    nodes, edges, default = graphml(text)
    assert default == "directed"
    # the unseen source both stemmata name becomes one node per story
    assert set(nodes) == {f"s-one/{UNSEEN}", f"s-two/{UNSEEN}", "a1", "a2", "a3", "a4"}
    assert nodes["a1"]["label"] == SCRIPT
    assert nodes["a3"]["label"] == BREAKOUT and nodes["a3"]["lang"] == "fa"
    assert nodes["a2"]["label"] == "page\ufffdbreak"
    assert nodes[f"s-one/{UNSEEN}"] | {} == {
        "story": "s-one",
        "ref": UNSEEN,
        "kind": "unseen",
        "label": BREAKOUT,
    }
    assert ("a3", "a1") in {(s, t) for s, t, _ in edges}
    a3_a1 = next(d for s, t, d in edges if (s, t) == ("a3", "a1"))
    assert a3_a1 == {"story": "s-one", "kind": "translation", "score": "0.71", "reasons": SCRIPT}
    assert all(s in nodes and t in nodes for s, t, _ in edges)


def test_graphml_links_for_one_story(db):
    nodes, edges, default = graphml(
        run(db, "--format", "graphml", "--what", "links", "--story", "a1")
    )
    assert default == "undirected"
    assert set(nodes) == {"a1", "a2", "a3"}
    assert nodes["a1"]["outlet"] == INJECT and nodes["a1"]["label"] == SCRIPT
    assert {(s, t, d["kind"], d.get("direction")) for s, t, d in edges} == {
        ("a1", "a2", "revision", "a1"),
        ("a1", "a3", "translation", "a3"),
    }


def test_graphml_reads_in_networkx(db, tmp_path):
    nx = pytest.importorskip("networkx")
    out = tmp_path / "stemmata.graphml"
    run(db, "--format", "graphml", "--out", str(out))
    g = nx.read_graphml(out)
    assert g.is_directed() and g.nodes["a1"]["label"] == SCRIPT
    assert g.edges["a1", "a2"]["score"] == pytest.approx(0.93)


# -- DOT ----------------------------------------------------------------------------------------

TOKEN = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*")|(->|--|[{}\[\]=,;])|([A-Za-z_][\w.]*|[\d.]+))', re.S)


def unquote(token: str) -> str:
    if not token.startswith('"'):
        return token
    escapes = {"n": "\n", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m[1], m[0]), token[1:-1], flags=re.S)


def parse_tokens(text: str) -> list[str]:
    tokens, pos = [], 0
    while text[pos:].strip():
        m = TOKEN.match(text, pos)
        assert m, f"cannot read DOT at {text[pos : pos + 40]!r}"
        tokens.append(next(g for g in m.groups() if g is not None))
        pos = m.end()
    return tokens


def parse_dot(text: str):
    """A small DOT reader: (kind, graph attrs, nodes {id: attrs}, edges [(a, op, b, attrs)])."""
    tokens = parse_tokens(text)
    assert tokens[0] in {"graph", "digraph"} and tokens[2] == "{" and tokens[-1] == "}"
    labels, nodes, edges, depth, stmt = [], {}, [], 0, []
    for tok in tokens[2:]:
        if tok == "{":
            depth, stmt = depth + 1, []  # "subgraph NAME" heads are dropped here
        elif tok in {";", "}"}:
            if stmt:
                head, attrs = _split(stmt)
                if len(head) == 3 and head[1] in {"->", "--"}:
                    edges.append((unquote(head[0]), head[1], unquote(head[2]), attrs))
                elif len(head) == 3 and head[1] == "=":
                    labels.append(unquote(head[2]))
                elif head not in (["node"], ["edge"], ["graph"]):
                    assert len(head) == 1, head
                    assert unquote(head[0]) not in nodes
                    nodes[unquote(head[0])] = attrs
            depth -= tok == "}"
            stmt = []
        else:
            stmt.append(tok)
    assert depth == 0
    return tokens[0], labels, nodes, edges


def _split(stmt: list[str]):
    if "[" not in stmt:
        return stmt, {}
    k = stmt.index("[")
    assert stmt[-1] == "]"
    body, attrs = stmt[k + 1 : -1], {}
    for i in range(0, len(body), 4):
        key, eq, value = body[i : i + 3]
        assert eq == "=" and body[i + 3 : i + 4] in ([], [","])
        attrs[key] = unquote(value)
    return stmt[:k], attrs


def test_dot_stemmata_parse_and_hostile_labels_stay_strings(db):
    kind, labels, nodes, edges = parse_dot(run(db, "--format", "dot"))
    assert kind == "digraph"
    assert labels == [f'Talks "{SCRIPT}" line two (s-one)', "Storm (s-two)"]
    assert set(nodes) == {f"s-one/{UNSEEN}", f"s-two/{UNSEEN}", "a1", "a2", "a3", "a4"}
    assert nodes["a3"]["label"] == f"{BREAKOUT}\na3"  # label, then the id under it
    assert nodes["a1"]["label"] == f"{SCRIPT}\na1"
    assert nodes["a2"]["label"] == "page break\na2"
    assert nodes[f"s-one/{UNSEEN}"]["style"] == "dashed"
    assert nodes[f"s-one/{UNSEEN}"]["label"] == BREAKOUT
    assert {(a, b) for a, _, b, _ in edges} == {
        (f"s-one/{UNSEEN}", "a3"),
        ("a3", "a1"),
        ("a1", "a2"),
        (f"s-two/{UNSEEN}", "a4"),
    }
    assert "pwned" not in nodes and all(op == "->" for _, op, _, _ in edges)


def test_dot_links_are_an_undirected_graph(db):
    kind, _, nodes, edges = parse_dot(run(db, "--format", "dot", "--what", "links"))
    assert kind == "graph" and set(nodes) == {"a1", "a2", "a3", "a4"}
    assert [(a, op, b, e["kind"]) for a, op, b, e in edges] == [
        ("a1", "--", "a2", "revision"),
        ("a1", "--", "a3", "translation"),
    ]
    assert nodes["a1"]["lang"] == "en" and edges[0][3]["direction"] == "a1"


@given(st.text())
def test_any_text_is_one_dot_string_that_reads_back(text):
    [token] = parse_tokens(f"{dot_string(text)}")
    expected = re.sub(r"[\x00-\x09\x0b-\x1f\x7f]", " ", re.sub(r"\r\n?", "\n", text))
    assert unquote(token) == expected


@given(st.text())
def test_any_text_survives_xml(text):
    element = ET.Element("data")
    element.text = xml_text(text)
    back = ET.fromstring(ET.tostring(element, encoding="unicode")).text or ""
    assert back == xml_text(text)
    # characters XML cannot hold are replaced, not dropped
    assert len(back) == len(text.replace("\r\n", "\n"))


def test_xml_text_keeps_line_ends_as_a_reader_would():
    assert xml_text("a\r\nb\rc\x00") == "a\nb\nc\ufffd"


def test_long_labels_are_shortened_in_dot(db):
    store = open_store(db)
    story = store.get_story("s-two")
    story["stemma"]["nodes"][0]["label"] = "word " * 100
    store.replace_stories([story])
    store.close()
    _, _, nodes, _ = parse_dot(run(db, "--format", "dot"))
    first, _ = nodes["a4"]["label"].split("\n")
    assert len(first) == 80 and first.endswith("…")


# -- errors and the CLI -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "xml"], "unknown format 'xml'"),
        (["--format", "csv", "--what", "stemmata"], "--format csv cannot export stemmata"),
        (["--format", "tei", "--what", "articles"], "--format tei cannot export articles"),
        (["--format", "dot", "--what", "quotes"], "--format dot cannot export quotes"),
        (["--format", "jsonl", "--what", "everything"], "unknown --what 'everything'"),
        (["--format", "jsonl", "--story", "no-such"], "no story with id 'no-such'"),
        (["--format", "csv", "--what", "collation"], "pass --story ID"),
    ],
)
def test_bad_requests_exit_2_with_a_reason(db, args, message):
    assert message in fails(db, *args)


def test_tei_of_every_story_needs_one_with_several_witnesses(db):
    store = open_store(db)
    store.replace_stories([store.get_story("s-two")])
    store.close()
    assert "no story has several witnesses to collate" in fails(db, "--format", "tei")


def test_failed_export_writes_no_file(db, tmp_path):
    out = tmp_path / "out.csv"
    fails(db, "--format", "csv", "--story", "nope", "--out", str(out))
    assert not out.exists()


def test_missing_store_is_an_error_not_a_new_file(tmp_path):
    path = tmp_path / "absent.db"
    # "no store there (only ingest, analyze and demo create a store)", in a wrapped box
    assert "create a store" in fails(path, "--format", "jsonl")
    assert not path.exists()


def test_out_file_matches_stdout(db, tmp_path):
    out = tmp_path / "links.csv"
    assert run(db, "--format", "csv", "--what", "links", "--out", str(out)) == ""
    with open(out, encoding="utf-8", newline="") as fh:
        written = fh.read()
    assert written.endswith("\r\n")  # RFC 4180 line ends (the runner's stdout shows "\n")
    assert written.replace("\r\n", "\n") == run(db, "--format", "csv", "--what", "links")


def test_library_call_checks_before_writing(db):
    store = open_store(db)
    with pytest.raises(ExportError):
        plan(store, "graphml", "collation")
    buf = io.StringIO()
    export(store, buf, "jsonl", "stories", story="s-two")
    assert json.loads(buf.getvalue())["id"] == "s-two"
    store.close()


# -- collation (TEI and CSV come from stemma.collate.export) -------------------------------------


TEI = "{http://www.tei-c.org/ns/1.0}"


def test_collation_csv_is_guarded_again_and_read_whole(db, monkeypatch):
    collate_export = pytest.importorskip("stemma.collate.export")
    table = 'row,status,a1\nr1,shared,=1+1\nr2,shared,page\x0cbreak\u2028x\nr3,shared,"a\nb"\n'
    monkeypatch.setattr(collate_export, "to_csv", lambda collation: table)
    got = list(
        csv.reader(
            io.StringIO(run(db, "--format", "csv", "--what", "collation", "--story", "s-one"))
        )
    )
    assert got == [
        ["row", "status", "a1"],
        ["r1", "shared", "'=1+1"],
        ["r2", "shared", "page\x0cbreak\u2028x"],
        ["r3", "shared", "a\nb"],
    ]


def test_collation_as_tei_csv_and_jsonl(db):
    pytest.importorskip("stemma.collate.export")
    tei = ET.fromstring(run(db, "--format", "tei", "--story", "s-one"))
    assert tei.tag.endswith("TEI")
    assert b"<script>" not in ET.tostring(tei)  # the title and labels are data
    table = list(
        csv.reader(
            io.StringIO(run(db, "--format", "csv", "--what", "collation", "--story", "s-one"))
        )
    )
    assert len(table) > 1
    for row in table:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
    corpus = ET.fromstring(run(db, "--format", "tei"))  # every story with several witnesses
    assert corpus.tag == f"{TEI}teiCorpus"
    assert [t.tag for t in corpus.findall(f"{TEI}TEI")] == [f"{TEI}TEI"]
    assert corpus.find(f".//{TEI}sourceDesc//{TEI}item").text == "s-one"
    [collation] = jsonl(run(db, "--format", "jsonl", "--what", "collation"))
    assert collation["story"] == "s-one"
    assert {w["id"] for w in collation["witnesses"]} == {"a1", "a2", "a3"}
    [single] = jsonl(run(db, "--format", "jsonl", "--what", "collation", "--story", "s-two"))
    assert [w["id"] for w in single["witnesses"]] == ["a4"]


# -- the seeds ----------------------------------------------------------------------------------

LETTER = {"000_829ae545a56f0e4d", "001_93576a656895ae0b", "002_47c81d98f74a1fe8"}
LETTER |= {"004_6255df3e44a854fb"}


def test_seed_letter_story_as_graphml_and_tei(seed_analysed_db):
    db = seed_analysed_db
    nodes, edges, _ = graphml(run(db, "--format", "graphml", "--story", "000_829ae545a56f0e4d"))
    witnesses = {id for id, d in nodes.items() if d["kind"] == "witness"}
    assert witnesses == LETTER
    assert any(d["kind"] == "unseen" for d in nodes.values())
    assert all(s in nodes and t in nodes for s, t, _ in edges) and len(edges) >= len(LETTER)
    assert nodes["004_6255df3e44a854fb"]["lang"] == "fa"
    pytest.importorskip("stemma.collate.export")
    tei = run(db, "--format", "tei", "--story", "000_829ae545a56f0e4d")
    root = ET.fromstring(tei)
    tei_ns = TEI
    assert root.tag == f"{tei_ns}TEI"
    assert len(root.findall(f".//{tei_ns}witness")) == 4
    variants = {
        ("".join(app.find(f"{tei_ns}lem").itertext()), "".join(rdg.itertext()))
        for app in root.iter(f"{tei_ns}app")
        if app.find(f"{tei_ns}lem") is not None
        for rdg in app.findall(f"{tei_ns}rdg")
    }
    assert ("dialogue", "dialog") in variants


def test_stemma_edges_without_a_stated_direction_have_no_arrowhead(tmp_path):
    path = tmp_path / "directions.db"
    with open_store(path) as store:
        for id in ("p1", "p2", "p3"):
            store.put_article(make(id, f"Text of {id}. It is short.", "en"))
        store.replace_stories(
            [
                {
                    "id": "s-dir",
                    "title": "Directions",
                    "articles": ["p1", "p2", "p3"],
                    "languages": ["en"],
                    "first_seen": None,
                    "related": [],
                    "stemma": {
                        "root": "p1",
                        "nodes": [
                            {"id": x, "kind": "witness", "label": x, "lang": "en"}
                            for x in ("p1", "p2", "p3")
                        ],
                        "edges": [
                            {
                                "source": "p1",
                                "target": "p2",
                                "kind": "copy",
                                "score": 1.0,
                                "direction": "p1",
                            },
                            {
                                "source": "p2",
                                "target": "p3",
                                "kind": "revision",
                                "score": 0.9,
                                "direction": None,
                            },
                        ],  # fmt: skip
                    },
                }
            ]
        )
    _, _, _, edges = parse_dot(run(path, "--format", "dot"))
    found = {(a, b): (e.get("dir"), e.get("direction")) for a, _, b, e in edges}
    assert found == {("p1", "p2"): (None, "p1"), ("p2", "p3"): ("none", None)}
    graph = run(path, "--format", "graphml")
    assert graph.count(">p1</data>") >= 1  # the stated direction is exported with its edge
