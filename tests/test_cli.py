"""The command line as a person (or a script) uses it."""

import json

from typer.testing import CliRunner

from stemma.cli import app

runner = CliRunner()
TEXT = "Minister Jane Doe said on Monday that the bridge will open in May.\n\nIt cost 24 million.\n"
PERSIAN = "وزیر گفت که پل در اردیبهشت باز می‌شود و هزینه آن بیست میلیون بوده است.\n"


def test_ingest_articles_show_round_trip(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bridge.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "pol.txt").write_text(PERSIAN, encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    db = str(tmp_path / "s.db")
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "in"), "--db", db, "--json", "--languages", "en,fa,ar"]
    )
    assert result.exit_code == 1  # something was skipped
    report = json.loads(result.stdout)
    assert sorted(report["added"]) == ["bridge", "pol"]
    assert report["skipped"][0]["path"].endswith("empty.txt") and report["skipped"][0]["reason"]
    listed = json.loads(runner.invoke(app, ["articles", "--db", db, "--json"]).stdout)
    assert [a["id"] for a in listed] == ["bridge", "pol"]
    shown = json.loads(runner.invoke(app, ["show", "pol", "--db", db, "--json"]).stdout)
    for key in (
        "id",
        "lang",
        "outlet",
        "title",
        "published",
        "updated",
        "sources",
        "dateline",
        "dates",
        "passages",
        "text",
        "boilerplate",
    ):
        assert key in shown
    assert shown["lang"] == "fa" and shown["passages"][0]["lang"] == "fa"
    plain = runner.invoke(app, ["show", "bridge", "--db", db])
    assert plain.exit_code == 0 and "Jane Doe" in plain.stdout
    table = runner.invoke(app, ["ingest", str(tmp_path / "in" / "bridge.txt"), "--db", db])
    assert table.exit_code == 0 and "unchanged" in table.stdout


def test_unknown_article_and_task_are_clear_errors(tmp_path):
    db = str(tmp_path / "s.db")
    missing = runner.invoke(app, ["show", "nope", "--db", db])
    assert missing.exit_code == 2 and "no article with id" in missing.output
    bad = runner.invoke(app, ["eval", str(tmp_path), "--task", "nope"])
    assert bad.exit_code == 2 and "unknown task" in bad.output


def test_eval_prints_task_corpus_metrics(tmp_path):
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "articles.jsonl").write_text(
        json.dumps(
            {
                "id": "t1",
                "outlet": None,
                "lang": "en",
                "title": None,
                "published": None,
                "url": None,
                "text": TEXT,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", str(folder), "--task", "ingest", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"task", "corpus", "metrics"} and data["metrics"]["articles"] == 1
