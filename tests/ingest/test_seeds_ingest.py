"""Issue expectations on the founding example (../shared/corpora/seeds)."""

from stemma.ingest.pipeline import ingest
from stemma.store import open_store

IDS = [
    "000_829ae545a56f0e4d",
    "001_93576a656895ae0b",
    "002_47c81d98f74a1fe8",
    "003_25165f9b26cfb419",
    "004_6255df3e44a854fb",
]


def boilerplate(store, n):
    return [" ".join(b.split()) for b in store.get_article(IDS[n]).boilerplate]


def test_ids_are_file_names(seed_store):
    assert [a.id for a in seed_store.list_articles()] == IDS


def test_chrome_is_marked_not_deleted(seed_store):
    b0 = boilerplate(seed_store, 0)
    for line in ("Tags: Khamenei ، Israel ، defapress", "your comment", "* Comment:"):
        assert line in b0
    b2 = boilerplate(seed_store, 2)
    assert "| |" in b2
    assert any(b.startswith("The iran News Gazette is mainly concerned") for b in b2)
    b3 = boilerplate(seed_store, 3)
    for line in (
        "Most Visited in Politics",
        "Top Politics stories",
        "Top Stories",
        "Ayatollah Khamenei Answers Letters from Palestinian Leaders",
    ):
        assert line in b3
    b4 = boilerplate(seed_store, 4)
    assert any("[رهبر انقلاب](#) [1]" in b for b in b4)
    assert "[فلسطین](#) [2]" in b4
    a3 = seed_store.get_article(IDS[3])
    assert a3.text.startswith("Ayatollah Khamenei Answers Letters from Palestinian Leaders")
    assert "Most Visited" not in a3.text


def boilerplate_reasons(article):
    return [
        (article.source[b.start : b.end], b.boilerplate) for b in article.blocks if b.boilerplate
    ]


def test_pdf_wrapped_lines_are_one_passage_and_title_printed_once_kept(seed_store):
    a1 = seed_store.get_article(IDS[1])
    # printed once above the text, the title is no running header but the title (issue 14)
    assert [r for _, r in boilerplate_reasons(a1) if _.startswith("The Leader's response")] == [
        "title"
    ]
    assert a1.title == "The Leader's response to a letter by Hamas chief, Ismail Haniyeh"
    paragraphs = a1.text.split("\n\n")
    first = next(p for p in paragraphs if p.startswith("In response to a recent letter"))
    assert (
        "the head of the political bureau of the Palestinian Islamic Resistance Movement (Hamas), Leader"
        in first
    )
    assert first.endswith("nothing but harm to the oppressed nation.”")


def test_raw_is_byte_identical(seed_store, seeds):
    for id in IDS:
        assert seed_store.get_raw(id) == (seeds / f"{id}.txt").read_bytes()


def test_second_ingest_adds_nothing(seeds, tmp_path):
    store = open_store(tmp_path / "s.db")
    first = ingest(store, [seeds])
    assert sorted(first.added) == IDS and not first.problems
    second = ingest(store, [seeds])
    assert (second.added, second.versions, sorted(second.unchanged)) == ([], [], IDS)
    assert store.count() == 5
