"""Readers for what users hold: WARC, gzip, RSS/Atom, news-please, JSON arrays, e-mail, URLs.

The fixtures in tests/fixtures/readers are my own texts, one small file per format, plus junk
that holds no article (a sitemap, another XML document, JSON sidecars).
"""

import gzip
import http.server
import io
import json
import shutil
import threading
from pathlib import Path

import pytest

from stemma.ingest import gzipped
from stemma.ingest.feeds import iter_feed
from stemma.ingest.ids import name_id
from stemma.ingest.notes import Note
from stemma.ingest.pipeline import ingest
from stemma.ingest.read import iter_records, to_source
from stemma.model import Problem, Record
from stemma.store import open_store

READERS = Path(__file__).parent.parent / "fixtures" / "readers"
JUNK = {"sitemap.xml", "settings.xml", "cover.json", "crawl.warc.gz.json"}


def read(path, **kw):
    items = list(iter_records([path], **kw))
    records = [i for i in items if isinstance(i, Record)]
    problems = [i for i in items if isinstance(i, Problem) and not isinstance(i, Note)]
    notes = [i for i in items if isinstance(i, Note)]
    return records, problems, notes


def sourced(record):
    text, fields, notes = to_source(record)
    return text, fields


def test_warc_gz_gives_each_html_response_with_its_capture_and_counts_the_rest():
    records, problems, notes = read(READERS / "crawl.warc.gz")
    assert problems == []
    assert [r.format for r in records] == ["html", "html"]
    ferry, bridge = records
    assert ferry.id == name_id("https://harbour-gazette.example/2024/03/night-ferry")
    assert ferry.raw.startswith(b"<!doctype html>")  # the HTTP payload alone, no headers
    text, fields = sourced(ferry)
    assert "night ferry between the harbour" in text and "WARC" not in text
    assert fields["url"] == "https://harbour-gazette.example/2024/03/night-ferry"
    assert fields["captured"] == "2024-03-05T10:00:00Z"
    assert fields["http"]["status"] == "200"
    assert "set-cookie" not in fields["http"]
    assert "puente sobre el río" in sourced(bridge)[0]
    (note,) = notes
    assert "5 WARC records are not an HTML page" in note.reason
    for kind in ("1 request", "1 warcinfo", "1 metadata", "HTTP 404", "image/png"):
        assert kind in note.reason


def test_plain_warc_is_read_as_well():
    records, problems, _ = read(READERS / "single.warc")
    assert problems == [] and len(records) == 1
    assert sourced(records[0])[1]["url"] == "https://valley-courier.example/library-seeds"


def test_rss_items_become_articles_with_link_date_author_and_full_content():
    records, problems, notes = read(READERS / "gazette.rss")
    assert problems == [] and notes == []
    assert [r.id for r in records] == [name_id("gazette-1001"), name_id("gazette-1002")]
    assert all(r.raw.startswith(b"<item") for r in records)  # the item's own XML
    text, fields = sourced(records[0])
    assert text.startswith("The keeper of the point lighthouse")
    assert "\n\nShe said the lamp" in text  # paragraphs kept
    assert "<p>" not in text
    assert fields["title"] == "Lighthouse keeper retires after forty years"
    assert fields["url"] == "https://harbour-gazette.example/2024/03/lighthouse-keeper"
    assert fields["published"] == "2024-03-04T07:15:00Z"
    assert fields["author"] == "Mara Quint"
    assert fields["sitename"] == "Harbour Gazette" and fields["language"] == "en"
    assert fields["tags"] == ["People"]
    assert "summary_only" not in fields


def test_atom_entries_keep_their_html_content_and_the_feed_language():
    records, problems, _ = read(READERS / "valley.atom")
    assert problems == [] and len(records) == 1
    text, fields = sourced(records[0])
    assert text.startswith("La fromagerie du village a rouvert")
    assert fields["language"] == "fr"
    assert fields["published"] == "2024-03-07T08:00:00Z"  # +01:00 in UTC
    assert fields["updated"] == "2024-03-07T09:00:00Z"
    assert fields["author"] == "Claire Dubois"


def test_a_feed_of_summaries_and_links_says_so_once():
    records, problems, notes = read(READERS / "headlines.rss")
    assert problems == [] and len(records) == 1  # the link-only item has nothing to store
    text, fields = sourced(records[0])
    assert fields["summary_only"] is True and "evening bus" in text
    (note,) = notes
    assert "1 of 2 items carry only a summary" in note.reason
    assert "1 carry only a title and a link" in note.reason


def test_newsplease_json_and_jsonl_map_their_fields():
    (record,), problems, _ = read(READERS / "bergbahn.json")
    assert problems == [] and record.format == "newsplease"
    assert record.id == name_id("https://www.bergbote.example/bergbahn")
    text, fields = sourced(record)
    assert text.startswith("Die Bergbahn fährt ab Samstag")
    assert fields["title"] == "Bergbahn fährt wieder"
    assert fields["published"] == "2024-03-08T07:45:00"
    assert fields["sitename"] == "bergbote.example"
    assert fields["language"] == "de" and fields["author"] == "Ilse Brandt"
    records, problems, _ = read(READERS / "bergbote.jsonl")
    assert problems == [] and [r.line for r in records] == [1, 2]
    assert [sourced(r)[1]["title"] for r in records] == [
        "Neue Schule eröffnet",
        "Wochenmarkt zieht um",
    ]


def test_json_array_of_interchange_records():
    records, problems, _ = read(READERS / "coast-weekly.json")
    assert problems == []
    assert [(r.id, r.format) for r in records] == [("array-1", "jsonl"), ("array-2", "jsonl")]
    assert json.loads(records[0].raw)["title"] == "Dune path reopens"  # the item alone
    text, fields = sourced(records[1])
    assert text.startswith("The harbour office") and fields["outlet"] == "Coast Weekly"


def test_eml_reads_the_text_part_and_the_headers():
    (record,), problems, _ = read(READERS / "newsletter.eml")
    assert problems == [] and record.format == "eml"
    text, fields = sourced(record)
    assert text.startswith("The orchard society planted fifty apple trees")
    assert "Content-Type" not in text and "--sep" not in text and "Subject" not in text
    assert "football ground on Saturday" in text  # quoted-printable soft breaks undone
    assert fields["title"] == "Orchard society plants fifty apple trees"
    assert fields["author"] == "Meadow Post"
    assert fields["published"] == "2024-03-09T08:00:00+01:00"
    assert fields["sitename"] == "Meadow Post weekly"


def test_eml_with_only_an_html_part(tmp_path):
    message = (
        b"Message-ID: <a@b>\nSubject: Hello\nMIME-Version: 1.0\nContent-Type: text/html\n\n"
        b"<html><head><style>p{}</style></head><body><p>First paragraph here.</p>"
        b"<p>Second one.</p></body></html>\n"
    )
    (tmp_path / "m").write_bytes(message)  # no extension: recognised by its headers
    (record,), _, _ = read(tmp_path / "m")
    assert sourced(record)[0] == "First paragraph here.\n\nSecond one."


def test_gzip_of_any_format_is_read_as_what_it_holds():
    (page,), problems, _ = read(READERS / "library.html.gz")
    assert problems == [] and page.format == "html" and page.id == "library"
    assert "seed exchange" in sourced(page)[0]
    records, problems, _ = read(READERS / "river.jsonl.gz")
    assert problems == [] and [r.id for r in records] == ["river-1", "river-2"]


def test_gzip_bomb_of_one_article_is_refused_by_name(tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb") as f:
        f.write(b"<html><body>" + b" " * 5_000_000)
    assert bomb.stat().st_size < 20_000
    records, (problem,), _ = read(bomb, max_bytes=1_000_000)
    assert records == []
    assert "decompresses to over the 1 MB limit" in problem.reason and "gzip bomb" in problem.reason


def test_gzip_bomb_in_a_stream_is_refused_by_name_keeping_what_came_before(tmp_path, monkeypatch):
    monkeypatch.setattr(gzipped, "RATIO_FREE_BYTES", 100_000)
    bomb = tmp_path / "lines.jsonl.gz"
    with gzip.open(bomb, "wb") as f:
        f.write(json.dumps({"id": "a", "text": "A real line comes first."}).encode() + b"\n")
        f.write(b" " * 3_000_000 + b"\n")
    records, (problem,), _ = read(bomb)
    assert [r.id for r in records] == ["a"]
    assert "gzip bomb refused" in problem.reason and str(bomb) == problem.path


def test_corrupt_gzip_is_a_named_problem(tmp_path):
    broken = tmp_path / "page.html.gz"
    broken.write_bytes(gzip.compress(b"<html><body><p>text</p></body></html>" * 50)[:60])
    records, (problem,), _ = read(broken)
    assert records == [] and "corrupt or truncated" in problem.reason


def test_junk_is_skipped_with_one_line_naming_the_file_and_what_it_is():
    reasons = {}
    for name in JUNK:
        records, problems, _ = read(READERS / name)
        assert records == [] and len(problems) == 1
        reasons[name] = problems[0].reason
    assert "sitemap" in reasons["sitemap.xml"]
    assert "<settings>" in reasons["settings.xml"]
    assert "not an article" in reasons["cover.json"] and "width" in reasons["cover.json"]
    assert "not an article" in reasons["crawl.warc.gz.json"]


def test_mixed_folder_gives_the_right_articles_and_one_skip_per_junk_file():
    records, problems, notes = read(READERS)
    per_file = {}
    for r in records:
        name = Path(r.path.split("#", 1)[0]).name
        per_file[name] = per_file.get(name, 0) + 1
    assert per_file == {
        "crawl.warc.gz": 2,
        "single.warc": 1,
        "gazette.rss": 2,
        "valley.atom": 1,
        "headlines.rss": 1,
        "bergbahn.json": 1,
        "bergbote.jsonl": 2,
        "coast-weekly.json": 2,
        "newsletter.eml": 1,
        "library.html.gz": 1,
        "river.jsonl.gz": 2,
    }
    assert sorted(Path(p.path).name for p in problems) == sorted(JUNK)
    assert sorted(Path(n.path).name for n in notes) == [
        "crawl.warc.gz",
        "headlines.rss",
        "single.warc",
    ]
    assert len({r.id for r in records}) == len(records)


def test_ingesting_containers_again_is_idempotent_and_keeps_container_fields(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(READERS, folder)
    store = open_store(tmp_path / "s.db")
    first = ingest(store, [folder], workers=1)
    assert len(first.added) == 16 and first.versions == []
    assert sorted(Path(p.path).name for p in first.problems) == sorted(JUNK)
    assert any("WARC records are not an HTML page" in n.reason for n in first.notes)
    again = ingest(store, [folder], workers=1)
    assert again.added == [] and again.versions == [] and len(again.unchanged) == 16
    ferry = store.get_article(name_id("https://harbour-gazette.example/2024/03/night-ferry"))
    assert ferry.url == "https://harbour-gazette.example/2024/03/night-ferry"
    assert ferry.fields["captured"] == "2024-03-05T10:00:00Z"
    item = store.get_article(name_id("gazette-1001"))
    assert item.format == "feed" and item.title == "Lighthouse keeper retires after forty years"
    assert item.raw.startswith(b"<item")


def test_feed_streams_items_without_keeping_them(tmp_path):
    items = "".join(
        f"<item><guid>g{i}</guid><title>t{i}</title><description>Item number {i} of the feed.</description></item>"
        for i in range(500)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'
    out = list(iter_feed("big.rss", io.BytesIO(feed.encode()), 10_000_000))
    assert len([r for r in out if isinstance(r, Record)]) == 500
    assert len({r.id for r in out if isinstance(r, Record)}) == 500


def test_malformed_feed_keeps_items_read_and_names_the_error(tmp_path):
    feed = tmp_path / "cut.rss"
    feed.write_text(
        '<rss version="2.0"><channel><title>C</title><item><guid>a</guid>'
        "<description>Whole item.</description></item><item><guid>b</guid><descr"
    )
    records, (problem,), _ = read(feed)
    assert [r.id for r in records] == [name_id("a")]
    assert "not well-formed XML" in problem.reason


# -- URLs ----------------------------------------------------------------------------------

PAGE = (READERS / "library.html.gz").read_bytes()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        if self.path == "/news/library":
            body, kind = gzip.decompress(PAGE), "text/html; charset=utf-8"
        elif self.path == "/feed":
            body, kind = (READERS / "gazette.rss").read_bytes(), "application/rss+xml"
        elif self.path == "/big":
            body, kind = b"<html><body>" + b"x" * 3000 + b"</body></html>", "text/html"
        elif self.path == "/away":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/x")
            self.end_headers()
            return
        else:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_is_fetched_and_stored_with_its_url(server):
    url = f"{server}/news/library"
    (record,), problems, _ = read(url)
    assert problems == [] and record.format == "html" and record.path == url
    assert record.id == name_id(url)
    text, fields = sourced(record)
    assert "seed exchange" in text and fields["url"] == url
    items, problems, _ = read(f"{server}/feed")
    assert problems == [] and len(items) == 2 and items[0].format == "feed"


def test_url_problems_are_named(server):
    assert "HTTP 404" in read(f"{server}/nothing")[1][0].reason
    assert "over the 0.001 MB limit" in read(f"{server}/big", max_bytes=1000)[1][0].reason
    assert "not an http(s) URL" in read(f"{server}/away")[1][0].reason
    assert "only http and https" in read("ftp://127.0.0.1/x")[1][0].reason
    assert "could not be fetched" in read("http://127.0.0.1:9/x")[1][0].reason


def test_cli_takes_a_url_unmangled(server, tmp_path):
    from typer.testing import CliRunner

    from stemma.cli import app

    url = f"{server}/news/library"
    result = CliRunner().invoke(app, ["ingest", url, "--db", str(tmp_path / "s.db"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == [name_id(url)]


def test_broken_archives_are_named_problems(tmp_path):
    cut = tmp_path / "cut.warc.gz"
    data = (READERS / "crawl.warc.gz").read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    records, problems, _ = read(cut)
    assert problems and "corrupt or truncated" in problems[0].reason
    assert len(records) <= 2  # what came before the cut may be kept
    fake = tmp_path / "fake.warc"
    fake.write_bytes(b"this is no archive at all\n" * 10)
    records, (problem,), _ = read(fake)
    assert records == [] and "WARC" in problem.reason


def test_rss_1_rdf_feed_items(tmp_path):
    feed = tmp_path / "club.rdf"
    feed.write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://club.example/"><title>Rowing Club News</title></channel>'
        '<item rdf:about="https://club.example/regatta"><title>Regatta moved to June</title>'
        "<link>https://club.example/regatta</link><dc:date>2024-04-02T10:00:00Z</dc:date>"
        "<description>The spring regatta moves to June because the river is too high.</description>"
        "</item></rdf:RDF>"
    )
    (record,), problems, notes = read(feed)
    assert problems == [] and record.id == name_id("https://club.example/regatta")
    text, fields = sourced(record)
    assert text == "The spring regatta moves to June because the river is too high."
    assert (
        fields["title"] == "Regatta moved to June" and fields["published"] == "2024-04-02T10:00:00Z"
    )
    assert "summary" in notes[0].reason


def test_json_array_of_newsplease_records_and_a_json_file_holding_lines(tmp_path):
    item = json.loads((READERS / "bergbahn.json").read_text())
    (tmp_path / "np.json").write_text(
        json.dumps([item, {**item, "url": "https://www.bergbote.example/b"}])
    )
    records, problems, _ = read(tmp_path / "np.json")
    assert problems == [] and [r.format for r in records] == ["newsplease", "newsplease"]
    assert records[1].id == name_id("https://www.bergbote.example/b")
    lines = "\n".join(
        json.dumps({"id": f"l{i}", "text": f"Line {i} of the pile."}) for i in range(3)
    )
    (tmp_path / "lines.json").write_text(lines + "\n")
    records, problems, _ = read(tmp_path / "lines.json")
    assert problems == [] and [r.id for r in records] == ["l0", "l1", "l2"]


def test_hostile_containers_never_stop_the_batch(tmp_path):
    (tmp_path / "a.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\nHTTP/1.1 200 OK\r\n"
    )
    (tmp_path / "b.rss").write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<rss><channel><item><guid>x</guid><description>Plain words &b;</description></item>"
        b"</channel></rss>"
    )
    (tmp_path / "c.atom").write_bytes(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e</id><content type="html">'
        + b"&lt;div&gt;" * 5000
        + b"deep words</content></entry></feed>"
    )
    (tmp_path / "d.json").write_bytes(b"[" * 100_000)
    items = list(iter_records([tmp_path]))  # nothing raises
    problems = {Path(i.path).name: i.reason for i in items if type(i) is Problem}
    assert "a.warc" in problems and "d.json" in problems and "nested" in problems["d.json"]
    for record in (i for i in items if isinstance(i, Record)):
        text, fields = sourced(record)  # an item without dates or title is still read
        assert "words" in text
        assert "aaaaaaaaaa" not in text  # entities of a DOCTYPE are never expanded
