import json
from pathlib import Path

import pytest

from stemma.eval import tasks
from stemma.eval.corpus import CorpusNotFound
from stemma.eval.tasks import (
    TASKS,
    Task,
    TaskUnavailable,
    UnknownTask,
    format_result,
    register,
    run_task,
    runner,
)


@pytest.fixture
def registry(monkeypatch):
    """A scratch copy of the registry, so tests never leave tasks behind."""
    scratch = dict(TASKS)
    monkeypatch.setattr(tasks, "TASKS", scratch)
    return scratch


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "little"
    root.mkdir()
    lines = [
        {"id": "n1", "outlet": "Harbour Post", "lang": "en", "title": "Ferry strike ends",
         "published": "2024-05-02", "url": None,
         "text": "Ferry crews returned to work on Thursday after a three-day strike."},
        {"id": "n2", "outlet": "Harbour Post", "lang": "en", "title": "New lighthouse keeper",
         "published": "2024-05-03", "url": None,
         "text": "The island council named a new lighthouse keeper at its spring meeting."},
        {"id": "n3", "outlet": "Bandar News", "lang": "fa", "title": "پایان اعتصاب",
         "published": "2024-05-02", "url": None,
         "text": "خدمه کشتی‌ها پس از سه روز اعتصاب روز پنجشنبه به کار بازگشتند."},
    ]  # fmt: skip
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines)
    (root / "articles.jsonl").write_text(text + '{"id": "n4", "text": \n', "utf-8")
    gold = [{"id": "n1", "story": "strike"}, {"id": "n2", "story": "keeper"},
            {"id": "n3", "story": "strike"}]  # fmt: skip
    (root / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), "utf-8")
    return root


def test_registered_tasks_and_their_metrics():
    assert TASKS["stories"].metric_names == (
        "bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_f1", "ari",
    )  # fmt: skip
    assert TASKS["reuse"].metric_names == ("macro_f1", "derived_f1")
    assert TASKS["align"].metric_names == ("strict_f1", "lax_f1")
    assert TASKS["quotes"].metric_names == ("content_f1", "source_agreement")
    assert TASKS["ingest"].metric_names == ("articles", "skipped", "articles_per_s")
    assert all(t.description for t in TASKS.values())


@pytest.mark.parametrize(
    ("name", "issue"),
    [("stories", "links"), ("reuse", "links"), ("align", "links"), ("quotes", "quotes")],
)
def test_placeholder_tasks_say_where_they_come_from(name, issue, corpus_dir, registry):
    if registry[name].available:
        pytest.skip(f"task {name!r} has been implemented")
    expected = f"task '{name}' is not implemented yet (it arrives with the {issue} issue)"
    with pytest.raises(TaskUnavailable) as info:
        run_task(name, corpus_dir)
    assert str(info.value) == expected


def test_unknown_task_lists_the_known_ones(corpus_dir):
    with pytest.raises(UnknownTask, match=r"unknown task 'nope' \(tasks: .*ingest.*stories"):
        run_task("nope", corpus_dir)
    with pytest.raises(ValueError):
        run_task("nope", corpus_dir)


def test_registered_runner_gets_corpus_and_seed(corpus_dir, registry):
    seen = {}

    def count_stories(corpus, seed):
        seen["seed"] = seed
        seen["articles"] = sum(1 for _ in corpus.articles_path.open())
        stories = {g["story"] for g in corpus.load_gold().values()}
        return {"extra": 1, "stories": len(stories), "articles": seen["articles"]}

    register(Task("count", "count things", ("articles", "stories"), run=count_stories))
    result = run_task("count", corpus_dir, seed=5)
    assert seen == {"seed": 5, "articles": 4}
    assert result == {"task": "count", "corpus": "little",
                      "metrics": {"articles": 4, "stories": 2, "extra": 1}}  # fmt: skip
    assert list(result["metrics"]) == ["articles", "stories", "extra"]  # declared order first
    assert json.loads(json.dumps(result)) == result


def test_runner_decorator_fills_a_placeholder(corpus_dir, registry):
    register(Task("later", "arrives later", ("score",), arrives_with="the future issue"))
    with pytest.raises(TaskUnavailable, match="arrives with the future issue"):
        run_task("later", corpus_dir)

    @runner("later")
    def run_later(corpus, seed):
        return {"score": 0.5}

    assert run_task("later", corpus_dir)["metrics"] == {"score": 0.5}
    assert registry["later"].description == "arrives later"


def test_missing_metric_is_an_error(corpus_dir, registry):
    register(Task("partial", "forgets one", ("a", "b"), run=lambda corpus, seed: {"a": 1.0}))
    with pytest.raises(RuntimeError, match="did not report b"):
        run_task("partial", corpus_dir)


def test_entry_points_are_imported_lazily(corpus_dir, registry):
    register(Task("lazy", "from a module", ("x",), entry="stemma.no_such_stage.evaluate:run"))
    with pytest.raises(TaskUnavailable, match="stemma.no_such_stage.evaluate"):
        run_task("lazy", corpus_dir)
    register(Task("json", "from the stdlib", ("x",), entry="json:loads"))
    assert registry["json"].available


def test_missing_corpus_is_reported(tmp_path, registry):
    register(Task("noop", "nothing", (), run=lambda corpus, seed: {}))
    with pytest.raises(CorpusNotFound, match="nowhere"):
        run_task("noop", tmp_path / "nowhere")


def test_split_is_passed_through(tmp_path, registry):
    root = tmp_path / "splitty"
    root.mkdir()
    for split in ("dev", "train"):
        (root / f"{split}.articles.jsonl").write_text('{"id": "a", "text": "x"}\n', "utf-8")
    register(Task("noop", "nothing", (), run=lambda corpus, seed: {}))
    assert run_task("noop", root)["corpus"] == "splitty:dev"
    assert run_task("noop", root, split="train")["corpus"] == "splitty:train"


def test_format_result():
    text = format_result({"task": "t", "corpus": "c", "metrics": {"f1": 0.5, "articles": 3}})
    assert text.splitlines() == ["t on c", "  f1        0.5000", "  articles  3"]


def test_ingest_task_end_to_end(corpus_dir):
    pytest.importorskip("stemma.ingest.pipeline", reason="pipeline not available yet")
    result = run_task("ingest", corpus_dir)
    assert result["task"] == "ingest" and result["corpus"] == "little"
    metrics = result["metrics"]
    assert metrics["articles"] == 3
    assert metrics["skipped"] == 1  # the broken last line
    assert metrics["articles_per_s"] > 0
