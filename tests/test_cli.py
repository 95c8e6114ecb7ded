"""The command line as a person (or a script) uses it."""

import json
import re

from typer.testing import CliRunner

from stemma.cli import app
from stemma.store import open_store

runner = CliRunner()
WIDE = {"COLUMNS": "400"}  # no table cell wraps in the middle of what a test looks for


def _said(result) -> str:
    """The output with rich's error box and line wrapping taken out."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", result.output).split())


TEXT = "Minister Jane Doe said on Monday that the bridge will open in May.\n\nIt cost 24 million.\n"
PERSIAN = "وزیر گفت که پل در اردیبهشت باز می‌شود و هزینه آن بیست میلیون بوده است.\n"


def test_ingest_articles_show_round_trip(tmp_path, store_location):
    # on SQLite and on PostgreSQL (``store_location``: a file, then a postgresql:// URL)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bridge.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "pol.txt").write_text(PERSIAN, encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    db = store_location
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


def test_unknown_article_and_task_are_clear_errors(tmp_path, store_location):
    db = store_location
    open_store(db).close()
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


# -- hostile text never reaches the terminal as control sequences ---------------------------------
ESCAPES = "\u001b]0;PWNED\u0007\u001b[2J"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\x7f")


def _hostile_store(tmp_path, db: str) -> str:
    record = {
        "id": "evil",
        "outlet": f"Outlet {ESCAPES}",
        "lang": "en",
        "title": f"Title {ESCAPES} \x9b31m \u202eevil\u202c \x7f",
        "published": "2020-01-02",
        "url": None,
        "text": f"The minister said {ESCAPES} the bridge opens in May.\n\nIt cost 24 million.",
    }
    (tmp_path / "in.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in.jsonl"), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def test_titles_and_texts_print_their_controls_visibly(tmp_path, store_location):
    db = _hostile_store(tmp_path, store_location)
    for args in (["articles"], ["show", "evil"]):
        result = runner.invoke(app, [*args, "--db", db], env=WIDE)
        assert result.exit_code == 0, result.output
        assert not [c for c in RAW if c in result.output], (args, result.output)
        assert "\u241b]0;PWNED\u2407\u241b[2J" in result.output  # shown as ␛]0;PWNED␇␛[2J
        assert "\\u202e" in result.output and "\\u009b" in result.output


def test_json_output_stays_valid_and_equal_but_inert(tmp_path, store_location):
    db = _hostile_store(tmp_path, store_location)
    for args in (["articles", "--json"], ["show", "evil", "--json"]):
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 0
        assert not [c for c in RAW if c in result.stdout], args
        data = json.loads(result.stdout)
        row = data[0] if isinstance(data, list) else data
        assert row["title"] == f"Title {ESCAPES} \x9b31m \u202eevil\u202c \x7f"


def test_a_hostile_file_name_in_a_skip_line_is_inert(tmp_path):
    bad = tmp_path / "in" / "x\x1b[2J\x07.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"")
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["ingest", str(bad.parent), "--db", db], env=WIDE)
    assert result.exit_code == 1
    assert "skipped" in result.output and "x\u241b[2J\u2407.txt" in result.output
    assert "\x1b[2J" not in result.output and "\x07" not in result.output


def test_the_sanitiser():
    from stemma.terminal import clean, json_text

    assert clean("a\tb\nc") == "a\tb\nc"
    assert clean("\x1b[2J\r\x00\x7f") == "\u241b[2J\u240d\u2400\u2421"
    assert clean("\x9b\u202e\u2066") == "\\u009b\\u202e\\u2066"
    assert clean("نامهٔ رهبر\u200c\u200f ok") == "نامهٔ رهبر\u200c\u200f ok"  # scripts, ZWNJ, RLM
    assert clean(clean("\x1b\u202e")) == clean("\x1b\u202e")
    text = json_text({"t": "\x1b\x9b\u202e\x7fé"})
    assert json.loads(text) == {"t": "\x1b\x9b\u202e\x7fé"} and "é" in text
    assert not [c for c in RAW if c in text]


# -- which commands may create a store ----------------------------------------------------------
def _store_with_one_article(tmp_path) -> str:
    (tmp_path / "bridge.txt").write_text(TEXT, encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["ingest", str(tmp_path / "bridge.txt"), "--db", db]).exit_code == 0
    return db


def test_a_mistyped_db_is_an_error_not_an_empty_store(tmp_path):
    typo = tmp_path / "typo.db"
    for args in (
        ["stories"],
        ["articles"],
        ["show", "x"],
        ["story", "x"],
        ["link"],
        ["export", "--format", "jsonl"],
        ["report", "x", "--out", str(tmp_path / "r.html")],
        ["serve"],
    ):
        result = runner.invoke(app, [*args, "--db", str(typo)])
        assert result.exit_code == 2, (args, result.output)
        assert "no store" in _said(result), (args, result.output)
        assert not typo.exists(), args


def test_a_file_that_is_no_store_is_refused_and_left_alone(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    (tmp_path / "bridge.txt").write_text(TEXT, encoding="utf-8")
    for args in (["ingest", str(tmp_path / "bridge.txt")], ["stories"]):
        result = runner.invoke(app, [*args, "--db", str(notes)])
        assert result.exit_code == 2 and "not a stemma store" in _said(result), result.output
    assert notes.read_text(encoding="utf-8") == "my notes\n"


def test_db_before_the_command_and_from_the_environment(tmp_path):
    (tmp_path / "bridge.txt").write_text(TEXT, encoding="utf-8")
    db = str(tmp_path / "first.db")
    result = runner.invoke(app, ["--db", db, "ingest", str(tmp_path / "bridge.txt"), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["added"] == ["bridge"]
    listed = runner.invoke(app, ["--db", db, "articles", "--json"])
    assert [a["id"] for a in json.loads(listed.stdout)] == ["bridge"]
    from_env = runner.invoke(app, ["articles", "--json"], env={"STEMMA_DB": db})
    assert [a["id"] for a in json.loads(from_env.stdout)] == ["bridge"]
    other = str(tmp_path / "other.db")
    open_store(other).close()
    # the command's own --db wins over the one before it, which wins over STEMMA_DB
    own = runner.invoke(app, ["--db", db, "articles", "--db", other, "--json"])
    assert json.loads(own.stdout) == []
    before = runner.invoke(app, ["--db", other, "articles", "--json"], env={"STEMMA_DB": db})
    assert json.loads(before.stdout) == []


def test_output_files_go_only_into_existing_folders(tmp_path):
    db = _store_with_one_article(tmp_path)
    missing = tmp_path / "nonexistent" / "dir"
    for args in (
        ["report", "x", "--out", str(missing / "r.html")],
        ["export", "--format", "jsonl", "--out", str(missing / "a.jsonl")],
        ["export", "--format", "jsonl", "--out", str(tmp_path)],
    ):
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 2 and "cannot write" in _said(result), result.output
    assert not (tmp_path / "nonexistent").exists()


def test_another_programs_database_is_refused_and_left_alone(tmp_path):
    import sqlite3

    other = tmp_path / "app.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    before = other.read_bytes()
    (tmp_path / "bridge.txt").write_text(TEXT, encoding="utf-8")
    for args in (["ingest", str(tmp_path / "bridge.txt")], ["stories"]):
        result = runner.invoke(app, [*args, "--db", str(other)])
        assert result.exit_code == 2 and "another program" in _said(result), result.output
    assert other.read_bytes() == before


def test_raw_bytes_go_into_a_file_never_onto_a_terminal(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    db = _hostile_store(tmp_path, str(tmp_path / "h.db"))
    command = [sys.executable, "-m", "stemma.cli", "show", "evil", "--raw", "--db", db]
    leader, follower = pty.openpty()
    try:
        on_tty = subprocess.run(command, stdout=follower, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(follower)
        os.close(leader)
    assert on_tty.returncode == 2 and b"redirect" in on_tty.stderr
    into_file = subprocess.run(command, capture_output=True, timeout=120)
    given = (tmp_path / "in.jsonl").read_bytes()
    assert into_file.returncode == 0 and into_file.stdout.strip() == given.strip()  # unchanged
