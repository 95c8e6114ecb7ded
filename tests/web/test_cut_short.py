"""An article past the per-article work budget: the views fold its unanalysed tail (its start
and a note), the raw bytes and the JSON Lines export keep it whole."""

import io
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from stemma.budget import BUDGET, CUT_SHORT
from stemma.cli import app as cli
from stemma.export import export
from stemma.ingest.pipeline import ingest
from stemma.store import open_store
from stemma.web.app import create_app

MARK = "Zephyrine"  # a word only the far end of the tail holds


@pytest.fixture
def long_store(tmp_path):
    """One text of my own well past the character budget, its last line marked."""
    line = "The ferry timetable for the northern islands changes again next week.\n"
    text = "Ferry timetable\n\n" + line * (BUDGET.chars // len(line) + 4_000) + f"{MARK} ends it.\n"
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        report = ingest(store, [path], workers=1)
        (id,) = report.added
        article = store.get_article(id)
    assert article.blocks[-1].boilerplate == CUT_SHORT  # the budget did cut it
    return db, id, text


def test_show_json_folds_the_tail_and_says_where_it_lies(long_store):
    db, id, text = long_store
    result = CliRunner().invoke(cli, ["show", id, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    tail = shown["cut_short"]
    assert tail["chars"] > 200_000 and tail["end"] - tail["start"] == tail["chars"]
    folded = shown["boilerplate"][-1]
    assert len(folded) < 1_000 and "more characters not analysed" in folded
    assert MARK not in folded
    # offsets still index the whole source: nothing is lost, only not printed twice
    assert shown["source"][tail["start"] : tail["end"]].rstrip().endswith(f"{MARK} ends it.")
    plain = CliRunner().invoke(cli, ["show", id, "--db", db])
    assert plain.exit_code == 0 and MARK not in plain.stdout
    assert "more characters not analysed" in plain.stdout


def test_the_export_and_the_raw_bytes_keep_the_tail_whole(long_store):
    db, id, text = long_store
    out = io.StringIO()
    with open_store(db) as store:
        export(store, out, "jsonl", "articles")
        assert store.get_raw(id) == text.encode()
    (row,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert row["boilerplate"][-1].rstrip().endswith(f"{MARK} ends it.")
    assert row["cut_short"]["chars"] == len(row["boilerplate"][-1])


def test_the_article_page_shows_the_tail_folded_with_a_note(long_store):
    db, id, text = long_store
    client = TestClient(create_app(db))
    page = client.get(f"/articles/{id}").text
    assert MARK not in page and "more characters not analysed" in page
    # the analysed 100,000 characters are shown, the 280,000 of the tail are not
    assert len(page) < 150_000 < len(text)
    api = client.get(f"/api/articles/{id}").json()
    assert MARK not in json.dumps(api["boilerplate"]) and api["cut_short"]["chars"] > 200_000
