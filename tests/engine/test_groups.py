"""The clusterer's state kept as stage rows (stemma.stages.groups): taken up and added to, it
ends where clustering every article at once ends; the engine takes it up only where what it was
built from still holds, and rebuilds otherwise."""

import random
import sqlite3

import numpy as np
import pytest

from stemma.analysis import analyse
from stemma.demo import ARTICLES
from stemma.embed.encoder import get_encoder
from stemma.engine.local import RUN
from stemma.engine.snapshot import snapshot as dump
from stemma.ingest.pipeline import ingest
from stemma.stages import groups
from stemma.store import open_store
from stemma.stories.cluster import StoryClusterer

from .piles import corpus_sample, ingested

ENCODER = "hashed"
STATE_FIELDS = ("_scores", "_joined", "_related_links", "_typed_kind", "_waiting")


@pytest.fixture(scope="module")
def demo_articles(tmp_path_factory) -> list:
    db = tmp_path_factory.mktemp("demo-groups") / "demo.db"
    with open_store(db) as store:
        ingest(store, [ARTICLES], workers=1)
        return sorted(store.iter_articles(), key=lambda a: a.id)


def _kept(clusterer: StoryClusterer, meta: dict) -> tuple[dict, dict]:
    loaded = groups.meta_of(groups.encode(clusterer, meta))
    assert loaded is not None
    return loaded


def test_a_state_read_back_is_the_state_kept_and_grows_like_a_batch(demo_articles):
    enc = get_encoder(ENCODER)
    first, rest = demo_articles[::2], demo_articles[1::2]
    whole = StoryClusterer(enc)
    whole.add_many(demo_articles)
    part = StoryClusterer(enc)
    part.add_many(first)
    part.stories()
    assert groups.keepable(part)
    plain, arrays = _kept(part, {"what": "meta"})
    assert plain["meta"] == {"what": "meta"}
    profiles = {a.id: part.entry(a.id).profile for a in first}
    back = groups.decode(plain, arrays, enc, None, profiles)
    for name in STATE_FIELDS:
        assert getattr(back, name) == getattr(part, name), name
    # each article's partners: a tuple (in no set order) or a set past EDGE_TUPLE
    assert {k: set(v) for k, v in back._edges.items()} == {
        k: set(v) for k, v in part._edges.items()
    }
    assert back._story == part._story and back._component == part._component
    assert back._graph.ids == part._graph.ids
    for item in part._graph.ids:
        assert back._graph.neighbours(item) == part._graph.neighbours(item)
        assert np.array_equal(back.entry(item).vec, part.entry(item).vec)
        assert back.entry(item).profile == part.entry(item).profile
    back.add_many(rest)
    assert back.stories() == whole.stories()
    assert len(back) == len(demo_articles)


class _Counted(dict):
    """Profiles by id, counting which were read."""

    def __init__(self, *args):
        super().__init__(*args)
        self.read: list[str] = []

    def __getitem__(self, key):
        self.read.append(key)
        return super().__getitem__(key)


def test_a_taken_up_state_reads_the_profiles_of_the_groups_it_clusters_again(demo_articles):
    enc = get_encoder(ENCODER)
    # the demo's third article is a copy of the second: it arrives into their group
    late = demo_articles[2]
    first = [a for a in demo_articles if a is not late]
    part = StoryClusterer(enc)
    part.add_many(first)
    before = part.stories()
    plain, arrays = _kept(part, {})
    profiles = _Counted({a.id: part.entry(a.id).profile for a in first})
    back = groups.decode(plain, arrays, enc, None, profiles)
    # the story list (order, titles, languages, dates) reads no profile
    assert back.stories() == before and profiles.read == []
    entry = back.entry(first[0].id)
    assert (entry.id, entry.lang, entry.title, entry.published, entry.key) == (
        first[0].id, *(getattr(part.entry(first[0].id), f) for f in ("lang", "title")),
        part.entry(first[0].id).published, part.entry(first[0].id).key,
    )  # fmt: skip
    assert profiles.read == []
    # an arrival reads the profiles of what it is weighed against, each once, and the
    # stories end as a batch's
    back.add_many([late])
    whole = StoryClusterer(enc)
    whole.add_many(demo_articles)
    assert back.stories() == whole.stories()
    assert 0 < len(profiles.read) < len(first)
    assert len(profiles.read) == len(set(profiles.read))
    for item in profiles.read:
        assert back.entry(item).profile == part.entry(item).profile
    # a state whose profiles are gone is not taken up (the engine then rebuilds)
    with pytest.raises(KeyError):
        groups.decode(plain, arrays, enc, None, {})


def test_a_clusterer_holding_what_the_state_does_not_know_is_not_kept(demo_articles):
    clusterer = StoryClusterer(get_encoder(ENCODER))
    clusterer.add_many(demo_articles[:3])
    assert groups.keepable(clusterer)
    clusterer.something_new = {}  # an attribute added to the class later
    assert not groups.keepable(clusterer)


def test_rows_that_hold_no_state_read_as_none(demo_articles):
    assert groups.meta_of([("plain.0000", "d", b"not a state")]) is None
    assert groups.meta_of([]) is None
    clusterer = StoryClusterer(get_encoder(ENCODER))
    clusterer.add_many(demo_articles[:3])
    rows = list(groups.encode(clusterer, {}))  # made as read: read once
    assert groups.meta_of(rows) is not None
    assert groups.meta_of(reversed(rows)) is not None  # in any order
    clusterer.add_many(demo_articles[3:5])
    other = {k: (d, v) for k, d, v in groups.encode(clusterer, {})}
    changed = [k for k, _, v in rows if other.get(k, (None, None))[1] != v]
    assert changed and len(changed) < len(rows)  # some rows are the same bytes
    # two writes' rows mixed, a row missing, a row too many, or its last bytes lost (all of
    # them, or one array's alone, its digest as written): no state, never an error
    mixed = [(k, *other[k]) if k == changed[0] else (k, d, v) for k, d, v in rows]
    assert groups.meta_of(mixed) is None
    assert groups.meta_of([r for r in rows if r[0] != changed[0]]) is None
    assert groups.meta_of([*rows, ("extra.0000", rows[0][1], rows[0][2])]) is None
    assert groups.meta_of([(k, d, v[:-40]) for k, d, v in rows]) is None
    array_rows = [k for k, _, v in rows if k != groups.PLAIN and len(v) > 200]
    for cut in array_rows:
        assert groups.meta_of([(k, d, v[:-40] if k == cut else v) for k, d, v in rows]) is None


def _store_with(path, articles):
    store = open_store(path)
    store.put_articles([(a, ()) for a in articles])
    return store


def test_articles_added_take_up_the_kept_state_and_end_as_a_full_run(
    demo_articles, tmp_path, store_location
):
    with _store_with(tmp_path / "full.db", demo_articles) as store:
        analyse(store, ENCODER)
        want = dump(store)
    with _store_with(store_location, demo_articles[:-2]) as store:  # SQLite, then PostgreSQL
        first = analyse(store, ENCODER)
        assert first.reused["clusterer articles"] == 0
        store.put_articles([(a, ()) for a in demo_articles[-2:]])
        more = analyse(store, ENCODER)
        assert more.reused["clusterer articles"] == len(demo_articles) - 2
        assert more.made["clusterer articles"] == 2
        assert dump(store) == want
        again = analyse(store, ENCODER)  # nothing new: the state taken up as it is
        assert again.made["clusterer articles"] == 0
        assert dump(store) == want


def test_a_removed_article_is_taken_out_of_the_kept_state_and_a_spoiled_one_rebuilds(
    demo_articles, tmp_path
):
    gone = demo_articles[0]
    with _store_with(tmp_path / "without.db", demo_articles[1:]) as store:
        analyse(store, ENCODER)
        want = dump(store)
    db = tmp_path / "remove.db"
    with _store_with(db, demo_articles) as store:
        analyse(store, ENCODER)
        store.remove_article(gone.id)
        report = analyse(store, ENCODER)
        # taken out of the state, the rest taken up: no other article clustered from scratch
        assert report.made["clusterer articles taken out"] == 1
        assert report.reused["clusterer articles"] == len(demo_articles) - 1
        assert report.made["clusterer articles"] == 0
        assert dump(store) == want
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE stage_rows SET value = ? WHERE stage = ?", (b"junk", groups.STAGE))
        # the last run's stamp too: with it, nothing having changed, no stage row would be read
        conn.execute("DELETE FROM stage_rows WHERE stage = ?", (RUN,))
    with open_store(db) as store:
        report = analyse(store, ENCODER)
        assert report.reused["clusterer articles"] == 0
        assert dump(store) == want


def test_a_corpus_sample_in_three_parts_takes_up_the_state_and_equals_a_full_run(corpora, tmp_path):
    if not (corpora / "ecbplus").exists():
        pytest.skip("ecbplus corpus absent")
    sample = corpus_sample(corpora, "ecbplus", 12, tmp_path)
    articles = sorted(ingested([sample], tmp_path / "source.db"), key=lambda a: a.id)
    with _store_with(tmp_path / "full.db", articles) as store:
        analyse(store, ENCODER)
        want = dump(store)
    taken_up = 0
    with open_store(tmp_path / "parts.db") as store:
        n = len(articles)
        for part in range(3):
            third = articles[part * n // 3 : (part + 1) * n // 3]
            store.put_articles([(a, ()) for a in third])
            taken_up += analyse(store, ENCODER).reused["clusterer articles"] > 0
        analyse(store, ENCODER)
        assert dump(store) == want
    assert taken_up >= 1


def _tamper(store, change) -> None:
    """The kept state rewritten with ``change(meta)`` applied to what it was built from."""

    rows = sorted(store.stage_rows(groups.STAGE))
    plain, arrays = groups.meta_of(rows)
    # the answers as the JSON of an earlier state keeps them (read as arrays otherwise)
    plain["meta"]["asked"] = [list(t) for t in plain["meta"]["asked"]]
    change(plain["meta"])
    salt = rows[0][1].rsplit("|", 1)[0]
    store.delete_stage_rows(groups.STAGE)
    store.put_stage_rows(
        groups.STAGE, [(k, f"{salt}|{d}", v) for k, d, v in groups.rows(plain, arrays)]
    )
    store.delete_stage_rows(RUN)  # or, nothing else having changed, the next run stops at once


def _drop_a_link(meta):
    meta["links"].pop(0)  # a reuse link among kept articles that was not there


def _add_an_answer(meta):
    # a typer answer the shared-text rule does not give (the pair is linked: typed, not left
    # untyped); its articles' shared text has not moved since, so it is not checked
    a, b, _ = meta["links"][0]
    meta["asked"].append([a, b, True])


def _change_a_digest(meta):
    first = sorted(meta["digests"])[0]
    meta["digests"][first] = "changed"  # an article changed since


def _change_every_digest(meta):
    meta["digests"] = dict.fromkeys(meta["digests"], "changed")


@pytest.mark.parametrize(
    "change, expect",
    [
        (_drop_a_link, "out"),
        (_add_an_answer, "kept"),
        (_change_a_digest, "out"),
        (_change_every_digest, "rebuilt"),  # too much to take out
        (lambda meta: meta["digests"].update(x="gone"), "out"),  # an article no longer there
    ],
    ids=["links", "typer", "article", "every-article", "gone"],
)
def test_what_no_longer_holds_is_taken_out_of_the_state_or_it_is_rebuilt(
    demo_articles, tmp_path, change, expect
):
    with _store_with(tmp_path / "full.db", demo_articles) as store:
        analyse(store, ENCODER)
        want = dump(store)
    with _store_with(tmp_path / "kept.db", demo_articles[:-1]) as store:
        analyse(store, ENCODER)
        _tamper(store, lambda meta: None)  # rewritten unchanged: still taken up
        store.put_articles([(demo_articles[-1], ())])
        assert analyse(store, ENCODER).reused["clusterer articles"] == len(demo_articles) - 1
        _tamper(store, change)
        report = analyse(store, ENCODER)
        if expect == "rebuilt":
            assert report.reused["clusterer articles"] == 0
        else:
            assert report.reused["clusterer articles"] >= len(demo_articles) - 3
            taken_out = report.made["clusterer articles taken out"]
            assert taken_out >= 1 if expect == "out" else taken_out == 0
        assert dump(store) == want


def _asked(store) -> list:
    rows = sorted(store.stage_rows(groups.STAGE))
    plain, _ = groups.meta_of(rows)
    return [list(t) for t in plain["meta"]["asked"]]


def test_kept_typer_answers_name_each_pair_once_this_runs_last():
    from stemma.engine.local import _answers
    from stemma.stages.answers import Answers

    def asked(*answers):
        out = Answers("abc")
        for a, b, was in answers:
            out.put(a, b, was)
        return out

    held = {"a", "b", "c"}  # the articles the clusterer holds
    kept = _answers(
        [["a", "b", True], ["a", "c", False]], asked(("a", "b", True), ("b", "c", True)), held
    )
    assert [list(t) for t in kept] == [["a", "b", True], ["a", "c", False], ["b", "c", True]]
    kept = _answers([["a", "b", False]], asked(("a", "b", True)), held)
    assert [list(t) for t in kept] == [["a", "b", True]]
    # one naming an article the clusterer lacks: a list, as the state's JSON keeps it
    assert _answers([["a", "b", False]], asked(), {"a"}) == [["a", "b", False]]


@pytest.mark.corpora
def test_the_kept_typer_answers_do_not_grow_run_by_run(corpora, tmp_path):
    from benchmarks.cost import build_stream

    articles, _, _ = build_stream(corpora, 300)  # the cost benchmark's stream, cut short
    with _store_with(tmp_path / "asked.db", articles[:-3]) as store:
        analyse(store, ENCODER)
        store.put_articles([(a, ()) for a in articles[-3:]])
        analyse(store, ENCODER)
        first = _asked(store)
        assert first and len({(a, b) for a, b, _ in first}) == len(first)
        for _ in range(2):  # taken up, asked again, kept again: each pair once still
            store.delete_stage_rows(RUN)  # run the stages, not stop at "nothing changed"
            assert analyse(store, ENCODER).reused["clusterer articles"] == len(articles)
            assert _asked(store) == first


def test_the_typer_answers_and_verdicts_read_back_as_kept(demo_articles):
    # kept as arrays of rows where they name kept articles, as JSON where one does not
    enc = get_encoder(ENCODER)
    clusterer = StoryClusterer(enc)
    clusterer.add_many(demo_articles[:6])
    ids = [a.id for a in demo_articles[:6]]
    kinds = ["related", "copy", "excerpt"]
    for n, (a, b) in enumerate(zip(ids[:0:-1], ids[-2::-1], strict=True)):  # not in id order
        clusterer._typed_kind[min(a, b), max(a, b)] = kinds[n % 3]
    asked = [[ids[2], ids[0], True], [ids[1], ids[4], False]]
    plain, arrays = _kept(clusterer, {"asked": asked})
    assert [list(t) for t in plain["meta"]["asked"]] == asked
    back = groups.decode(plain, arrays, enc, None, {i: clusterer.entry(i).profile for i in ids})
    assert back.typed == clusterer.typed  # in the order asked
    assert back._component == clusterer._component and back._component
    outside = [*asked, ["gone", ids[0], True]]
    plain, _ = _kept(clusterer, {"asked": outside})
    assert plain["meta"]["asked"] == outside


@pytest.mark.parametrize("seed", [1, 2])
def test_articles_removed_and_changed_are_taken_out_and_end_as_a_full_run(corpora, tmp_path, seed):
    """A corpus sample analysed; then articles removed, others changed (another article's
    text, so they move to its story) and new ones added in one go: the kept state is taken up
    with those taken out, and the run ends as a full analysis of what the store holds."""
    from dataclasses import replace

    if not (corpora / "ecbplus").exists():
        pytest.skip("ecbplus corpus absent")
    sample = corpus_sample(corpora, "ecbplus", 10, tmp_path)
    articles = sorted(ingested([sample], tmp_path / "source.db"), key=lambda a: a.id)
    rng = random.Random(seed)
    later = set(rng.sample([a.id for a in articles], 4))
    first = [a for a in articles if a.id not in later]
    removed = set(rng.sample([a.id for a in first], 3))
    moved = rng.sample([a for a in first if a.id not in removed], 3)
    donors = rng.sample(first, 3)
    # (the raw bytes too: an article's digest, what tells a changed one, is read off them)
    same_as = ("raw", "source", "text", "title", "passages", "blocks")
    changed = [
        replace(m, version=2, **{k: getattr(d, k) for k in same_as})
        for m, d in zip(moved, donors, strict=True)
    ]
    now = {a.id: a for a in articles if a.id not in removed}
    now.update((c.id, c) for c in changed)
    with _store_with(tmp_path / "full.db", sorted(now.values(), key=lambda a: a.id)) as store:
        analyse(store, ENCODER)
        want = dump(store)
    with _store_with(tmp_path / "kept.db", first) as store:
        analyse(store, ENCODER)
        for i in sorted(removed):
            store.remove_article(i)
        for c in changed:
            store.put_article(c)
        store.put_articles([(a, ()) for a in articles if a.id in later])
        report = analyse(store, ENCODER)
        assert report.made["clusterer articles taken out"] >= len(removed) + len(changed)
        assert report.reused["clusterer articles"] > len(first) // 2
        assert dump(store) == want


def test_a_state_array_is_written_as_np_save_writes_it_a_part_at_a_time(monkeypatch):
    import io

    monkeypatch.setattr(groups, "PART", 200)
    arrays = [
        np.arange(300, dtype=np.int32).reshape(-1, 2),
        np.zeros((0, 2), dtype=np.int32),
        np.random.default_rng(0).random((40, 3)),
        np.zeros((9, 4), dtype=np.float32)[:5],
    ]
    for array in arrays:
        parts = list(groups._npy_parts(array))
        saved = io.BytesIO()
        np.save(saved, array, allow_pickle=False)
        assert b"".join(parts) == saved.getvalue()
        assert all(len(p) <= 200 for p in parts)
