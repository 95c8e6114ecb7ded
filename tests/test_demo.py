"""`stemma demo` on the bundled fictional corpus reads what its README says it holds."""

import json
from pathlib import Path

import pytest
from rich.console import Console

from stemma.demo import ARTICLES, run_demo
from stemma.store import open_store

EXPECTED = json.loads((ARTICLES.parent / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> tuple[Path, str]:
    console = Console(record=True, width=120)
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert run_demo(db, console) == 0
    return db, console.export_text()


def test_demo_ingests_every_article_with_its_language_and_dates(demo_db):
    db, printed = demo_db
    assert "stemma demo" in printed and "story" in printed
    store = open_store(db)
    got = {a.id: a for a in store.iter_articles()}
    assert set(got) == set(EXPECTED["articles"])
    for id, want in EXPECTED["articles"].items():
        assert got[id].lang == want["lang"], id
        assert (got[id].published or "").startswith(want["published"]), id
    for id, dates in EXPECTED["dates"].items():
        found = {(d.calendar, d.iso) for d in got[id].dates}
        for d in dates:
            assert (d["calendar"], d["iso"]) in found, (id, d)
    # HTML chrome is left out by the extractor (the raw page is kept); ZWNJs survive it
    original = got["01_sepidar_fa_original"]
    assert "هیچ خانه‌ای" in original.text and "Most read" not in original.text
    assert original.raw == (ARTICLES / "01_sepidar_fa_original.html").read_bytes()


def test_demo_runs_again_from_scratch(demo_db):
    db, _ = demo_db
    assert run_demo(db, Console(record=True, width=120)) == 0
    assert open_store(db).count() == 8


def test_demo_finds_the_stories_and_the_family_tree(demo_db):
    db, _ = demo_db
    store = open_store(db)
    stories = store.list_stories()
    assert sorted(sorted(s["articles"]) for s in stories) == sorted(
        sorted(s) for s in EXPECTED["stories"]
    )
    main = next(s for s in stories if len(s["articles"]) > 1)
    edges = {(e["source"], e["target"], e["kind"]) for e in main["stemma"]["edges"]}
    for want in EXPECTED["links"]:
        if want["kind"] != "related":
            assert (want["parent"], want["child"], want["kind"]) in edges
    assert main["stemma"]["root"] == "01_sepidar_fa_original"


def test_demo_marks_the_later_story_about_the_same_people_related(demo_db):
    # 06 (the same utility, a smart-meter plan, 80 days later) is another event: its own story,
    # related to the water story, and the unrelated library story is related to neither
    db, _ = demo_db
    stories = {s["id"]: s for s in open_store(db).list_stories()}
    of = {a: s["id"] for s in stories.values() for a in s["articles"]}
    for want in EXPECTED["links"]:
        if want["kind"] == "related":
            parent, child = of[want["parent"]], of[want["child"]]
            assert parent != child
            assert child in stories[parent]["related"] and parent in stories[child]["related"]
    assert stories[of["08_harbour_en_unrelated"]]["related"] == []
