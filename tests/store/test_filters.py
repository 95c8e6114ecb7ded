"""One ``Filters`` record carries the five searches from the web, the API and the CLI to both
stores."""

import json

from typer.testing import CliRunner

from stemma.cli import app
from stemma.model import Article, Block
from stemma.store import Filters, open_store

runner = CliRunner()


def make(id, text, **kw):
    return Article(
        id=id, raw=text.encode(), format="txt", source=text, blocks=[Block(0, len(text))],
        text=text, **kw,
    )  # fmt: skip


def fill(location):
    with open_store(location) as store:
        store.put_articles(
            [
                (make("a", "Floods in the north.", outlet="Daily", lang="en",
                      title="Floods", published="2024-03-01T10:00:00"), []),
                (make("b", "Des inondations au nord.", outlet="Matin", lang="fr",
                      published="2024-03-05"), []),
                (make("c", "Harvest festival in the south.", outlet="Daily", lang="en",
                      published="2024-02-01"), []),
            ]
        )  # fmt: skip
        store.replace_stories(
            [
                {"id": "s-flood", "articles": ["a", "b"], "title": "Floods",
                 "first_seen": "2024-03-01", "languages": ["en", "fr"], "related": []},
                {"id": "s-harvest", "articles": ["c"], "title": "Harvest",
                 "first_seen": "2024-02-01", "languages": ["en"], "related": []},
            ]
        )  # fmt: skip


def test_blank_fields_filter_nothing():
    assert Filters("  ", "", None) == Filters() and not Filters(" ")
    assert Filters(lang="fr") and Filters(lang="fr").lang == "fr"
    assert hash(Filters(words="x")) == hash(Filters(words="x"))  # keys the web's cache


def test_both_stores_answer_filters_alike(store_location):
    fill(store_location)
    with open_store(store_location) as store:
        # a story passes a date range when one member's date falls in it
        found, total = store.search_stories(Filters(date_from="2024-03-04", date_to="2024-03-31"))
        assert total == 1 and found[0]["id"] == "s-flood"
        # every filter must hold, each through some member
        assert store.search_stories(Filters(words="festival", lang="fr")) == ([], 0)
        assert store.search_stories(Filters(words="inondations", outlet="Daily"))[1] == 1
        # a page past the end is empty, not an error (no ids to summarise)
        assert store.search_stories(Filters(), offset=10) == ([], 2)
        arts, total = store.search_articles(Filters(outlet="Daily", date_to="2024-02-28"))
        assert total == 1 and [a.id for a in arts] == ["c"] and arts[0].versions == 1


def test_cli_lists_take_the_same_filters(tmp_path, store_location):
    fill(store_location)
    db = store_location

    def ids(*args):
        result = runner.invoke(app, [*args, "--db", db, "--json"])
        assert result.exit_code == 0, result.output
        return sorted(x["id"] for x in json.loads(result.stdout))

    assert ids("articles") == ["a", "b", "c"]
    assert ids("articles", "--outlet", "Daily", "--from", "2024-02-15") == ["a"]
    assert ids("articles", "--words", "NORTH") == ["a"]
    assert ids("stories", "--lang", "fr") == ["s-flood"]
    assert ids("stories", "--to", "2024-02-28") == ["s-harvest"]
    assert ids("stories", "--words", "nothing-like-this") == []
    bad = runner.invoke(app, ["stories", "--db", db, "--from", "March"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
