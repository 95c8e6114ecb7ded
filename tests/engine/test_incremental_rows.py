"""What an incremental run keeps and reads cheaply ends where a full run ends: verdict rows
written as the whole link alone (by earlier code, or by Spark's executors) are read and given
their slim line, and a store whose articles lack their stored digest gets them."""

from stemma.analysis import analyse
from stemma.engine.links import slim_line
from stemma.stages import pairs
from stemma.store import open_store
from tests.engine.test_incremental import ENCODER, demo_articles, dump, full_run  # noqa: F401


def _rows(store, stage):
    return list(store.stage_rows(stage))


def test_whole_only_verdict_rows_read_as_before_and_upgraded(demo_articles, tmp_path):  # noqa: F811
    want = full_run(tmp_path / "full.db", demo_articles)
    with open_store(tmp_path / "old.db") as store:
        store.put_articles([(a, ()) for a in demo_articles[:-1]])
        analyse(store, ENCODER)
        rows = [r for r in _rows(store, pairs.SAME_LANGUAGE) if r[2]]
        assert rows and all(slim_line(v) is not None for _, _, v in rows)
        # the rows as earlier code wrote them: the whole link alone
        store.put_stage_rows(
            pairs.SAME_LANGUAGE, [(k, i, bytes(v).split(b"\n", 1)[1]) for k, i, v in rows]
        )
        store.put_articles([(demo_articles[-1], ())])
        report = analyse(store, ENCODER)
        assert report.reused["same-language verdicts"] > 0
        assert dump(store) == want
        assert all(slim_line(v) is not None for _, _, v in _rows(store, pairs.SAME_LANGUAGE) if v)


def test_articles_without_stored_digests_reuse_every_row(demo_articles, tmp_path):  # noqa: F811
    with open_store(tmp_path / "nodigest.db") as store:
        store.put_articles([(a, ()) for a in demo_articles])
        analyse(store, ENCODER)
        before = dump(store)
        store._x("UPDATE articles SET digest = NULL")
        again = analyse(store, ENCODER)
        # the digests made again equal those stored: the last run's stamp still holds
        assert sum(again.made.values()) == 0
        assert dump(store) == before
