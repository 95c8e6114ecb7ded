"""A witness a person marks as the original is the stemma's root in every later analysis
(issue 12): built from the links alone, through the CLI, incremental and full."""

import json
import shutil
import sqlite3

from typer.testing import CliRunner

from stemma.cli import app
from stemma.model import Article, Link, SourceCitation
from stemma.stories.stemma import build_stemma


def art(id, lang="en", published=None, sources=()):
    return Article(
        id=id,
        raw=id.encode(),
        format="txt",
        source=id,
        text=id,
        lang=lang,
        published=published,
        sources=list(sources),
    )


def test_the_marked_original_is_the_root_whatever_the_links_and_dates_say():
    arts = [
        art("early", published="2020-01-01"),
        art("late", "fa", published="2020-03-01"),
        art("other", "de", published="2020-02-01"),
    ]
    links = [
        Link("early", "late", "translation", 0.9, direction="early"),
        Link("early", "other", "translation", 0.9, direction="early"),
    ]
    assert build_stemma(arts, links).root == "early"
    st = build_stemma(arts, links, original="late")
    assert st.root == "late" and st.root_evidence.startswith("a reader marked late")
    assert st.parent("late") is None and st.parent("early") == "late"
    edge = next(e for e in st.edges if e.target == "early")
    assert edge.direction == "late"  # drawn with its arrowhead from the marked original
    # a witness the story does not hold changes nothing
    assert build_stemma(arts, links, original="elsewhere").root == "early"


def test_no_cited_source_is_drawn_above_a_marked_original():
    src = SourceCitation("Office website", "Source/ Office website", 0, 10)
    arts = [art("orig", "fa", sources=[src]), art("tr")]
    links = [Link("orig", "tr", "translation", 0.9, direction="orig")]
    assert build_stemma(arts, links).root.startswith("unseen:source:")
    st = build_stemma(arts, links, original="orig")
    assert st.root == "orig" and not any(n.kind == "unseen" for n in st.nodes)


def test_a_disconnected_marked_original_is_still_the_root():
    arts = [art("a"), art("b"), art("c", published="2019-01-01")]
    links = [Link("a", "b", "copy", 0.97), Link("c", "a", "same_event", 0.6)]
    st = build_stemma(arts, links, original="c")
    assert st.root == "c" and "reader" in st.root_evidence


SUMMARY = "002_47c81d98f74a1fe8"


def _run(*args, db):
    result = CliRunner().invoke(app, [*args, "--db", str(db)], env={"STEMMA_USER": "Ana"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_marked_original_is_the_root_after_incremental_and_full_analyses(
    seed_analysed_db, tmp_path
):
    db = tmp_path / "seeds.db"
    with sqlite3.connect(db) as copy, sqlite3.connect(seed_analysed_db) as original:
        original.backup(copy)
    before = json.loads(_run("story", SUMMARY, "--json", db=db))
    assert before["stemma"]["root"] != SUMMARY  # the wire rewrite is no one's source
    _run("correct", "original", SUMMARY, "--why", "test of the mark", db=db)
    for how in ([], ["--full"]):
        _run("link", "--json", *how, db=db)
        story = json.loads(_run("story", SUMMARY, "--json", db=db))
        stemma = story["stemma"]
        assert stemma["root"] == SUMMARY, stemma["root_evidence"]
        assert f"a reader marked {SUMMARY} as the original" in stemma["root_evidence"]
        assert story["original"]["article"] == SUMMARY
        assert not any(e["target"] == SUMMARY for e in stemma["edges"])
        for e in stemma["edges"]:
            if SUMMARY in (e["source"], e["target"]):
                assert e["direction"] == SUMMARY
    shutil.rmtree(tmp_path, ignore_errors=True)
