"""An analysis run over a store analysed before ends where a full run ends: piles analysed in
parts, in any order, with articles removed or changed between runs, give the links and stories
of one full analysis of what the store holds."""

import json
import random
import sqlite3
from pathlib import Path

import pytest

from stemma.analysis import analyse
from stemma.demo import ARTICLES
from stemma.engine.snapshot import snapshot as dump
from stemma.ingest.pipeline import ingest
from stemma.model import Passage
from stemma.store import open_store

ENCODER = "hashed"  # the stand-in: what is tested is the bookkeeping, not the encoder


@pytest.fixture(scope="module")
def demo_articles(tmp_path_factory) -> list:
    db = tmp_path_factory.mktemp("demo-source") / "demo.db"
    with open_store(db) as store:
        ingest(store, [ARTICLES], workers=1)
        return list(store.iter_articles())


def full_run(path: Path, articles) -> tuple[list, list]:
    with open_store(path) as store:
        store.put_articles([(a, ()) for a in articles])
        analyse(store, ENCODER)
        return dump(store)


def in_parts(path: Path, articles, parts: int, seed: int) -> tuple[list, list]:
    order = list(articles)
    random.Random(seed).shuffle(order)
    with open_store(path) as store:
        for n in range(parts):
            store.put_articles([(a, ()) for a in order[n::parts]])
            analyse(store, ENCODER)
        return dump(store)


def test_demo_in_two_and_in_many_parts_equals_one_full_run(demo_articles, tmp_path):
    want = full_run(tmp_path / "full.db", demo_articles)
    assert want[0] and want[1]
    assert in_parts(tmp_path / "two.db", demo_articles, 2, seed=1) == want
    assert in_parts(tmp_path / "each.db", demo_articles, len(demo_articles), seed=2) == want


def test_a_second_run_reuses_every_stage_row_and_full_rebuilds(demo_articles, tmp_path):
    with open_store(tmp_path / "again.db") as store:
        store.put_articles([(a, ()) for a in demo_articles])
        first = analyse(store, ENCODER)
        before = dump(store)
        again = analyse(store, ENCODER)
        assert dump(store) == before
        assert again.made["fingerprints"] == 0 and again.made["story records"] == 0
        assert again.made["same-language verdicts"] == 0 and again.made["profiles"] == 0
        assert again.made["cross-language verdicts"] == 0
        assert again.reused["story records"] == first.stories
        rebuilt = analyse(store, ENCODER, full=True)
        assert dump(store) == before
        assert rebuilt.made["story records"] == first.stories


def test_a_removed_article_leaves_its_links_and_stories(demo_articles, tmp_path):
    gone = next(a for a in demo_articles if "copy" in a.id)
    rest = [a for a in demo_articles if a.id != gone.id]
    want = full_run(tmp_path / "without.db", rest)
    with open_store(tmp_path / "remove.db") as store:
        store.put_articles([(a, ()) for a in demo_articles])
        analyse(store, ENCODER)
        assert any(gone.id in (ln.a, ln.b) for ln in store.get_links())
        assert store.remove_article(gone.id)
        analyse(store, ENCODER)
        assert dump(store) == want
        assert store.story_of(gone.id) is None
        assert not any(gone.id in (ln.a, ln.b) for ln in store.get_links())


def test_a_changed_article_is_analysed_again(demo_articles, tmp_path):
    target = next(a for a in demo_articles if "rewrite" in a.id)
    changed = _with_text(target, "A different text altogether, about a harbour festival.")
    rest = [a for a in demo_articles if a.id != target.id]
    want = full_run(tmp_path / "changed-full.db", [*rest, changed])
    with open_store(tmp_path / "change.db") as store:
        store.put_articles([(a, ()) for a in demo_articles])
        analyse(store, ENCODER)
        store.put_article(changed)  # a new version of the same id
        report = analyse(store, ENCODER)
        assert report.made["fingerprints"] == 1
        assert dump(store) == want


def _with_text(article, text: str):
    from dataclasses import replace

    return replace(
        article,
        raw=text.encode(),
        source=text,
        text=text,
        blocks=[],
        passages=[Passage(0, len(text), text, article.lang, 0)],
        version=1,
    )


def test_stage_rows_survive_reopening_and_are_plain_sqlite(demo_articles, tmp_path):
    db = tmp_path / "rows.db"
    with open_store(db) as store:
        store.put_articles([(a, ()) for a in demo_articles])
        analyse(store, ENCODER)
    with sqlite3.connect(db) as conn:
        stages = dict(conn.execute("SELECT stage, COUNT(*) FROM stage_rows GROUP BY stage"))
    assert stages["fingerprints"] == len(demo_articles)
    assert stages["story_results"] >= 1 and stages["same_language"] >= 1


def test_a_profile_row_reads_back_as_it_was_made(demo_articles):
    from stemma.stages.profiles import decode, encode
    from stemma.stories.represent import represent

    for article in demo_articles:
        profile = represent(article)
        assert decode(encode(profile)) == profile


def test_the_cli_reuses_earlier_work_unless_told_full(demo_articles, tmp_path):
    from typer.testing import CliRunner

    from stemma.cli import app

    db = tmp_path / "cli.db"
    with open_store(db) as store:
        store.put_articles([(a, ()) for a in demo_articles])

    def link(*extra: str) -> dict:
        args = ["link", "--db", str(db), "--encoder", ENCODER, "--json", *extra]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    first = link()
    assert first["made"]["story records"] == first["stories"] > 0
    again = link()
    assert again["made"]["story records"] == 0 and again["made"]["profiles"] == 0
    full = link("--full")
    assert full["made"]["story records"] == first["stories"]
    assert full["links"] == first["links"]


def test_a_run_with_nothing_changed_reads_no_stage_and_any_change_runs_them(
    demo_articles, tmp_path, monkeypatch
):
    from stemma.corrections import make
    from stemma.engine import local

    with open_store(tmp_path / "same.db") as store:
        store.put_articles([(a, ()) for a in demo_articles])
        first = analyse(store, ENCODER)
        before = dump(store)
        calls = []
        real = local._fingerprints
        monkeypatch.setattr(local, "_fingerprints", lambda *a: calls.append(1) or real(*a))
        again = analyse(store, ENCODER)
        assert not calls and dump(store) == before  # stopped before the first stage
        assert again.stories == first.stories and again.links == first.links
        assert not any(again.made.values()) and again.reused["story records"] == first.stories
        # a correction, a changed article and --full each make the stages run again
        a, b = sorted(a.id for a in demo_articles)[:2]
        store.add_correction(make("reject", a, b, who="a reader"))
        analyse(store, ENCODER)
        assert len(calls) == 1
        store.put_article(_with_text(demo_articles[0], "A text about the harbour festival."))
        assert analyse(store, ENCODER).made["fingerprints"] == 1 and len(calls) == 2
        assert analyse(store, ENCODER, full=True).made["story records"] >= 1 and len(calls) == 3
        assert analyse(store, ENCODER).made["story records"] == 0 and len(calls) == 3


def test_a_run_that_stops_half_way_leaves_no_stamp(demo_articles, tmp_path, monkeypatch):
    from stemma.engine import local

    gone = demo_articles[-1]
    want = full_run(tmp_path / "want.db", demo_articles[:-1])
    with open_store(tmp_path / "half.db") as store:
        store.put_articles([(a, ()) for a in demo_articles[:-1]])
        analyse(store, ENCODER)
        store.put_articles([(gone, ())])

        def broken(*args):
            raise RuntimeError("stopped")

        with monkeypatch.context() as m:
            m.setattr(local, "_write_links", broken)
            with pytest.raises(RuntimeError):
                analyse(store, ENCODER)  # stories written, links not, no stamp
        store.remove_article(gone.id)  # back to the inputs of the first run
        analyse(store, ENCODER)
        assert dump(store) == want


def test_a_record_whose_related_stories_alone_changed_is_given_them(demo_articles, tmp_path):
    """A story whose related stories changed and nothing else keeps the record made before,
    given its related stories now: its stemma and quotes are not made again."""
    from stemma.engine.local import RUN
    from stemma.stages import results

    with open_store(tmp_path / "related.db") as store:
        store.put_articles([(a, ()) for a in demo_articles])
        analyse(store, ENCODER)
        rows = dict(store.stage_inputs(results.STAGE))
        sid = sorted(rows)[0]
        made = store.get_story(sid)
        # as a run that found it other related stories left it; its title marked, to tell a
        # record given its related stories from one made again
        store.put_stories([{**made, "related": ["elsewhere"], "title": "as made before"}])
        other = "0" * 40
        store.put_stage_rows(results.STAGE, [(sid, f"{rows[sid].split(':')[0]}:{other}", b"")])
        store.delete_stage_rows(RUN)  # else the run stops at "nothing changed"
        report = analyse(store, ENCODER)
        assert report.made["story records given their related stories"] == 1
        assert report.made["story records"] == 0
        got = store.get_story(sid)
        assert got["related"] == made["related"] and got["title"] == "as made before"
        assert dict(store.stage_inputs(results.STAGE))[sid] == rows[sid]


def test_a_record_made_again_loses_its_row_before_it_is_replaced(
    demo_articles, tmp_path, monkeypatch
):
    """A run stopped while it makes records leaves no row naming a record it was replacing
    (else a later run could take that record as made from the row's inputs)."""
    from stemma.engine import local
    from stemma.stages import results

    target = next(a for a in demo_articles if "rewrite" in a.id)
    changed = _with_text(target, "A different text altogether, about a harbour festival.")
    with open_store(tmp_path / "stopped.db") as store:
        store.put_articles([(a, ()) for a in demo_articles])
        analyse(store, ENCODER)
        sid = store.story_of(target.id)
        assert sid in dict(store.stage_inputs(results.STAGE))
        store.put_article(changed)

        def broken(*args, **kwargs):
            raise RuntimeError("stopped")

        with monkeypatch.context() as m:
            m.setattr(local.results, "record", broken)
            with pytest.raises(RuntimeError):
                analyse(store, ENCODER)
        assert sid not in dict(store.stage_inputs(results.STAGE))
        analyse(store, ENCODER)
        assert dump(store) == full_run(
            tmp_path / "changed.db", [*(a for a in demo_articles if a.id != target.id), changed]
        )


def test_related_stories_are_hashed_apart_from_what_a_record_is_made_of():
    from dataclasses import replace

    from stemma.model import Story
    from stemma.stages import results

    story = Story("s1", ["a1", "a2"], "A title", ["en"], "2020-01-02", ["s9"])
    digests = {"a1": "d1", "a2": "d2"}
    base = results.inputs_hash(story, digests, ["mark"])
    other = results.inputs_hash(replace(story, related=["s8"]), digests, ["mark"])
    retitled = results.inputs_hash(replace(story, title="Another"), digests, ["mark"])
    assert results.only_related_changed(base, other)
    assert not results.only_related_changed(base, base)
    assert not results.only_related_changed(base, retitled)
    assert not results.only_related_changed(None, base)
    assert not results.only_related_changed(base, results.inputs_hash(story, digests, ["m2"]))
    made = {"id": "s1", "title": "A title", "related": ["s9"], "stemma": {}, "quotes": []}
    assert results.with_related(made, replace(story, related=["s8"])) == {
        **made,
        "related": ["s8"],
    }
