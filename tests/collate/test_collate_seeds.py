"""Issue 5 expectations on the seeds: the letter's collation across Persian and English."""

import csv
import io
import xml.dom.minidom

import pytest

from stemma.collate import collate_story
from stemma.collate.export import to_csv, to_html, to_tei


@pytest.fixture(scope="module")
def letter(seed_analysed_db):
    from stemma.store import open_store

    store = open_store(seed_analysed_db)
    story = next(s for s in store.list_stories() if len(s["articles"]) == 4)
    collation = collate_story(store, story["id"])
    ids = {w.id[:3]: w.id for w in collation.witnesses}
    return collation, ids


def _row_with(collation, witness, words):
    return next(
        r for r in collation.rows if r.cells.get(witness) and words in r.cells[witness].text
    )


def test_four_witnesses_in_one_table_persian_base(letter):
    collation, ids = letter
    assert sorted(ids) == ["000", "001", "002", "004"]
    assert collation.base == ids["004"]
    dirs = {w.id[:3]: w.dir for w in collation.witnesses}
    assert dirs == {"000": "ltr", "001": "ltr", "002": "ltr", "004": "rtl"}
    shared = [r for r in collation.rows if len(r.witnesses) == 4]
    assert shared, "no passage lines up all four witnesses"


def test_quran_verse_in_000_001_004_not_002(letter):
    collation, ids = letter
    row = _row_with(collation, ids["000"], "Relent not in pursuit of the enemy")
    assert {ids["000"], ids["001"], ids["004"]} <= set(row.witnesses)
    assert ids["002"] in row.missing and row.cells[ids["002"]] is None
    assert row.status == "omission"
    assert "\u0627\u0644\u0652\u0642\u064e\u0648\u0652\u0645" in row.cells[ids["004"]].text


@pytest.mark.parametrize(("base", "reading"), [("dialogue", "dialog"), ("Seyed", "Seyyed")])
def test_spelling_variants_between_000_and_001(letter, base, reading):
    collation, ids = letter
    entry = next(e for e in collation.apparatus if e.base == base)
    assert entry.ref == ids["000"] and ids["000"] in entry.base_witnesses
    assert (reading, [ids["001"]]) in [(r.text, r.witnesses) for r in entry.readings]
    row = collation.row(entry.row)
    # the viewer highlights the same variant in both witnesses
    for wid, text in ((ids["000"], base), (ids["001"], reading)):
        marked = [s.text for s in row.cells[wid].segments if s.variant == entry.id]
        assert marked == [text]


def test_wire_rewrite_aligned_with_the_unforgivable_mistake(letter):
    collation, ids = letter
    row = _row_with(collation, ids["002"], "big unforgivable sin")
    assert "an unforgivable mistake" in row.cells[ids["000"]].text
    assert row.cells[ids["004"]] is not None
    # the fused sentence's first half stays with the letter's opening
    opening = _row_with(collation, ids["000"], "In response to a letter by Ismail Haniyeh")
    assert "In response to a recent letter by Hamas" in opening.cells[ids["002"]].text


def test_segments_rebuild_cells_and_variants_exist(letter):
    collation, _ = letter
    known = {e.id for e in collation.apparatus}
    for row in collation.rows:
        assert row.witnesses and set(row.witnesses).isdisjoint(row.missing)
        for cell in row.cells.values():
            if cell is not None:
                assert "".join(s.text for s in cell.segments) == cell.text
                assert {s.variant for s in cell.segments} - {None} <= known


def test_exports_of_the_letter(letter):
    collation, ids = letter
    tei = to_tei(collation)
    dom = xml.dom.minidom.parseString(tei.encode("utf-8"))
    assert len(dom.getElementsByTagName("witness")) == 4
    assert len(dom.getElementsByTagName("ab")) == len(collation.rows)
    rows = list(csv.reader(io.StringIO(to_csv(collation))))
    assert rows[0][2:] == [w.id for w in collation.witnesses]
    assert len(rows) == len(collation.rows) + 1
    page = to_html(collation)
    assert 'dir="rtl"' in page and "dialog" in page
    data = collation.to_dict()
    assert data["base"] == ids["004"] and len(data["rows"]) == len(collation.rows)
