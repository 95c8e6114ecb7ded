"""A feed item's raw bytes are the item as the file holds it (a slice of the file), and the item
is read from them as part of its feed: its namespaces and declared encoding. Feeds are my own."""

import io

from stemma.ingest.feeds import iter_feed
from stemma.ingest.read import to_source
from stemma.model import Record

CONTENT = "http://purl.org/rss/1.0/modules/content/"


def records(feed: bytes) -> list[Record]:
    return [r for r in iter_feed("f.rss", io.BytesIO(feed), 10_000_000) if isinstance(r, Record)]


def item(n: int, body: str) -> str:
    return (
        f"<item><title>Harbour notice {n}</title><guid>notice-{n}</guid>"
        f"<link>https://harbour.example/{n}</link>"
        f"<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded></item>\n"
    )


def feed(items: str, encoding: str = "utf-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<!-- the harbour office feed -->\n'
        f'<rss version="2.0" xmlns:content="{CONTENT}"><channel><title>Harbour office</title>'
        f"{items}</channel></rss>"
    )


def test_each_item_is_a_slice_of_the_file_and_reads_as_before():
    bodies = [
        "The ferry leaves at nine on Sundays from the north quay until the end of March.",
        # markup-looking text inside CDATA does not end the item early
        "Notices that mention </item> or <item> in their text stay whole, as written here.",
    ]
    raw = feed("".join(item(n, b) for n, b in enumerate(bodies))).encode()
    found = records(raw)
    assert [r.raw for r in found] == [item(n, b).strip().encode() for n, b in enumerate(bodies)]
    assert all(r.raw in raw for r in found)
    # the content is HTML: its tag-like words are markup there, not text
    shown = [bodies[0], "Notices that mention or in their text stay whole, as written here."]
    for record, expected in zip(found, shown, strict=True):
        text, fields, _ = to_source(record)
        assert text == expected
        assert fields["title"].startswith("Harbour notice")
        assert fields["sitename"] == "Harbour office"


def test_a_latin_1_feed_keeps_its_own_bytes_and_decodes_them():
    body = "Le café du port rouvre à Pâques, après l'hiver passé à réparer le quai."
    raw = feed(item(1, body), "ISO-8859-1").encode("latin-1")
    (record,) = records(raw)
    assert record.raw == item(1, body).strip().encode("latin-1")  # not re-encoded
    assert to_source(record)[0] == body


def test_a_feed_the_cut_cannot_follow_is_serialised_instead():
    body = "The harbour master asks boat owners to move their dinghies before the storm."
    raw = feed(item(1, body), "utf-16").encode("utf-16")
    (record,) = records(raw)
    assert record.raw.startswith(b"<item") and b"xmlns:content" in record.raw
    assert "feed_root" not in record.fields
    assert to_source(record)[0] == body
