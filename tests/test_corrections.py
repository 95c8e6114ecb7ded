"""Readers' corrections: checked when made, applied by every analysis, never overwritten."""

import json
import shutil
import sqlite3

import pytest
from typer.testing import CliRunner

from stemma.cli import app
from stemma.corrections import (
    CorrectionError,
    apply_to_links,
    apply_to_quotes,
    apply_to_stories,
    make,
)
from stemma.model import Article, Evidence, Link, Story

WHO = {"who": "Ana Reader"}


def link(a, b, kind="paraphrase", direction=None):
    return Link(a, b, kind, 0.7, direction, Evidence(reasons=["machine"]))


def test_make_checks_every_field():
    with pytest.raises(CorrectionError, match="who"):
        make("reject", "a", "b", who="  ")
    with pytest.raises(CorrectionError, match="two different"):
        make("join", "a", "a", **WHO)
    with pytest.raises(CorrectionError, match="kind must be"):
        make("kind", "a", "b", "stolen", **WHO)
    with pytest.raises(CorrectionError, match="direction must name"):
        make("direction", "a", "b", "c", **WHO)
    with pytest.raises(CorrectionError, match="unknown action"):
        make("delete", "a", **WHO)
    c = make("reject", "a", "b", who="Ana\x1b[31m Reader", why="one\nline\x07")
    assert c.who == "Ana [31m Reader" and c.why == "one line"  # no control characters kept
    assert c.when.endswith("Z") and "rejected by Ana" in c.describe()


def test_links_follow_corrections_in_order():
    links = [link("a", "b"), link("a", "c", "copy", "c"), link("b", "c")]
    fixes = [
        make("reject", "b", "c", **WHO),
        make("kind", "b", "a", "copy", **WHO),  # pairs are unordered
        make("direction", "a", "b", "b", **WHO),
        make("kind", "c", "d", "translation", **WHO),  # a link the machine missed
        make("confirm", "x", "y", **WHO),  # nothing to confirm: waits
    ]
    for n, c in enumerate(fixes):
        c.id = n + 1
    out = {(ln.a, ln.b): ln for ln in apply_to_links(fixes, links)}
    assert set(out) == {("a", "b"), ("a", "c"), ("c", "d")}
    assert (out["a", "b"].kind, out["a", "b"].direction) == ("copy", "b")
    assert out["a", "b"].evidence.reasons[0] == "machine"
    assert any(r.startswith("corrected:") for r in out["a", "b"].evidence.reasons)
    assert out["a", "c"] == links[1]  # untouched
    assert out["c", "d"].kind == "translation" and out["c", "d"].score == 1.0
    # a later rejection wins over an earlier kind
    late = make("reject", "a", "b", **WHO)
    late.id = 99
    assert ("a", "b") not in {(ln.a, ln.b) for ln in apply_to_links([*fixes, late], links)}


def test_original_points_links_away_from_it():
    links = [link("a", "b", "translation", "b"), link("a", "c", "related")]
    out = apply_to_links([make("original", "a", **WHO)], links)
    assert out[0].direction == "a"
    assert out[1].direction is None  # related texts do not derive from one another


def _article(id, published):
    return Article(
        id=id, raw=b"", format="txt", source="", title=f"T {id}", lang="en", published=published
    )


def test_join_and_split_stories():
    arts = {i: _article(i, f"2020-01-0{n + 1}") for n, i in enumerate("abcde")}
    stories = [
        Story("s1", ["a", "b"], "T a", ["en"], "2020-01-01", ["s2"]),
        Story("s2", ["c", "d"], "T c", ["en"], "2020-01-03", ["s1"]),
        Story("s3", ["e"], "T e", ["en"], "2020-01-05", []),
    ]
    fixes = [make("join", "a", "c", **WHO), make("split", "d", None, "d", **WHO)]
    for n, c in enumerate(fixes):
        c.id = n + 1
    out = apply_to_stories(fixes, stories, arts)
    groups = sorted(s.articles for s in out)
    assert groups == [["a", "b", "c"], ["d"], ["e"]]
    assert next(s for s in out if s.articles == ["e"]) == stories[2]  # unchanged: as it was
    joined = next(s for s in out if "a" in s.articles)
    assert joined.first_seen == "2020-01-01" and joined.title == "T a"
    assert all(r in {s.id for s in out} for s in out for r in s.related)


def test_speaker_corrections_and_merges():
    quotes = [
        {"id": "q1", "person": None, "speaker": "Palestine", "renderings": []},
        {"id": "q2", "person": "z-nakhala", "speaker": "Ziad Nakhala", "renderings": []},
        {"id": "q3", "person": "x", "speaker": "his official website", "renderings": []},
    ]
    fixes = [
        make("speaker", "Palestine", None, "Ziyad al-Nakhalah", **WHO),
        make("speaker", "z-nakhala", None, "Ziyad al-Nakhalah", **WHO),
        make("speaker", "his official website", "other-story", "", **WHO),
    ]
    out = apply_to_quotes(fixes, quotes, story="s1")
    assert out[0]["person"] == out[1]["person"]  # merged into one person
    assert out[0]["name"] == "Ziyad al-Nakhalah" and "corrected_by" in out[0]
    assert out[2]["person"] == "x"  # limited to another story
    assert apply_to_quotes(fixes, quotes, story="other-story")[2]["person"] is None


LETTER = "000_829ae545a56f0e4d"
COPY = "001_93576a656895ae0b"
SUMMARY = "002_47c81d98f74a1fe8"
LATER = "003_25165f9b26cfb419"


def _run(*args, db):
    result = CliRunner().invoke(app, [*args, "--db", str(db)], env={"STEMMA_USER": "Ana"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_corrections_survive_a_full_reanalysis_and_are_exported(seed_analysed_db, tmp_path):
    db = tmp_path / "seeds.db"
    with sqlite3.connect(db) as copy, sqlite3.connect(seed_analysed_db) as original:
        original.backup(copy)
    _run("correct", "link", COPY, SUMMARY, "--reject", "--why", "not one text", db=db)
    _run("correct", "link", LETTER, SUMMARY, "--kind", "copy", db=db)
    _run("correct", "join", LETTER, LATER, "--why", "one event", db=db)
    bad = CliRunner().invoke(
        app, ["correct", "join", LETTER, "nope", "--db", str(db)], env={"STEMMA_USER": "Ana"}
    )
    assert bad.exit_code == 2 and "nope" in bad.output
    anonymous = CliRunner().invoke(
        app, ["correct", "original", LETTER, "--db", str(db)], env={"STEMMA_USER": ""}
    )
    assert anonymous.exit_code == 2 and "who" in anonymous.output
    # an incremental run, then a full one (every stage recomputed): both keep the corrections
    for how in ([], ["--full"]):
        _run("link", "--json", *how, db=db)
        story = json.loads(_run("story", LETTER, "--json", db=db))
        assert LATER in story["articles"]
        pairs = {frozenset((ln["a"], ln["b"])): ln for ln in story["links"]}
        assert frozenset((COPY, SUMMARY)) not in pairs
        assert pairs[frozenset((LETTER, SUMMARY))]["kind"] == "copy"
    exported = [
        json.loads(x)
        for x in _run("export", "--format", "jsonl", "--what", "corrections", db=db).splitlines()
    ]
    assert [c["action"] for c in exported] == ["reject", "kind", "join"]
    assert exported[0]["who"] == "Ana" and exported[0]["why"] == "not one text"
    table = _run("export", "--format", "csv", "--what", "corrections", "--story", LATER, db=db)
    assert table.splitlines()[0] == "id,when,who,action,a,b,value,why"
    assert "one event" in table and "not one text" in table  # the joined story holds all
    listed = _run("correct", "list", db=db)
    assert "rejected by Ana" in listed
    shutil.rmtree(tmp_path, ignore_errors=True)
