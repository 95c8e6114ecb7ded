"""Every offset `show --json` prints can be resolved: it indexes the `source` it also prints.

Checked field by field (passages, blocks, boilerplate, dates, cited sources) on the seeds and
on real HTML pages whose chrome is marked, and for link evidence (aligned passages, variant
readings) on the analysed seeds.
"""

import gzip

import pytest

from stemma.ingest.pipeline import ingest
from stemma.jsonform import article_json
from stemma.store import open_store
from stemma.text.normalise import display


def check_offsets(shown: dict) -> int:
    """Assert every offset of one article's JSON slices what it claims; returns how many."""
    source = shown["source"]
    checked = 0
    for p in shown["passages"]:
        assert 0 <= p["start"] < p["end"] <= len(source)
        assert display(source[p["start"] : p["end"]], shown["lang"]) == p["text"], p
        checked += 1
    for d in shown["dates"]:
        assert source[d["start"] : d["end"]] == d["text"], d
        checked += 1
    for s in shown["sources"]:
        assert source[s["start"] : s["end"]] == s["phrase"], s
        checked += 1
    chrome = [source[b["start"] : b["end"]] for b in shown["blocks"] if b["boilerplate"]]
    assert chrome == shown["boilerplate"]
    body = [source[b["start"] : b["end"]] for b in shown["blocks"] if not b["boilerplate"]]
    # the clean text is the body blocks in display form, blank lines between
    assert shown["text"] == "\n\n".join(display(x, shown["lang"]) for x in body)
    for b in shown["blocks"]:
        assert 0 <= b["start"] < b["end"] <= len(source) and source[b["start"] : b["end"]].strip()
        checked += 1
    return checked


def test_offsets_resolve_on_the_seeds(seed_store):
    ids = [row[0] for row in seed_store.conn.execute("SELECT DISTINCT id FROM articles")]
    assert ids
    total = 0
    for id in ids:
        total += check_offsets(article_json(seed_store.get_article(id)))
    assert total > 100


@pytest.mark.corpora
def test_offsets_resolve_on_html_pages_with_marked_chrome(corpora, tmp_path):
    pages = sorted((corpora / "extraction" / "pages").glob("*.html.gz"))[:12]
    if not pages:
        pytest.skip("extraction corpus absent")
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in pages:  # ungzipped, so the test stays about offsets
        (folder / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
    store = open_store(tmp_path / "s.db")
    report = ingest(store, [folder], workers=1)
    assert len(report.added) >= 10
    marked = 0
    for id in report.added:
        shown = article_json(store.get_article(id))
        check_offsets(shown)
        marked += bool(shown["boilerplate"])
    assert marked >= 2  # pages whose chrome is marked (where clean text and source differ)


def test_link_evidence_offsets_resolve_in_each_source(seed_analysed_db):
    store = open_store(seed_analysed_db)
    links = store.get_links()
    assert links
    sources = {}
    pairs = 0
    for link in links:
        for id in (link.a, link.b):
            if id not in sources:
                sources[id] = article_json(store.get_article(id))["source"]
        a, b = sources[link.a], sources[link.b]
        for p in link.evidence.pairs:
            assert 0 <= p.a_start <= p.a_end <= len(a) and 0 <= p.b_start <= p.b_end <= len(b)
            pairs += 1
        for v in link.evidence.variants:
            assert " ".join(v.a.split()) in " ".join(a[v.a_start : v.a_end].split()), v
            assert " ".join(v.b.split()) in " ".join(b[v.b_start : v.b_end].split()), v
    assert pairs


def test_offsets_resolve_on_my_own_page_with_chrome(tmp_path):
    paragraphs = [
        "The harbour board said on Monday, 4 March 2024, that the night ferry will run again "
        "from next week, according to the port authority.",
        "Islanders had waited four months for the crossing to return after the winter storms "
        "damaged the old pier.",
    ]
    page = (
        "<html><head><title>Night ferry returns | Harbour Gazette</title></head><body><article>"
        "<h1>Night ferry returns</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "<p>Tags: ferry, harbour, islands</p><p>Share this article</p>"
        "<p>2024-03-04T08:30:00+01:00</p></article></body></html>"
    )
    (tmp_path / "page.html").write_text(page)
    store = open_store(tmp_path / "s.db")
    ingest(store, [tmp_path / "page.html"], workers=1)
    shown = article_json(store.get_article("page"))
    assert check_offsets(shown) >= 5
    assert len(shown["boilerplate"]) >= 2 and shown["dates"] and shown["sources"]
    assert shown["text"] != shown["source"]  # chrome set aside: offsets index source, not text
