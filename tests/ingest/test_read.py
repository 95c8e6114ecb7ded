"""Files and folders to records: formats, ids, order, JSONL streaming, and every bad input."""

import io
import json
import os

import pytest

from stemma.ingest import read
from stemma.ingest.read import ReadError, iter_records, to_source
from stemma.model import Problem, Record

ENGLISH = "The council said on Monday that the new bridge will open in May.\n\nIt cost more than planned.\n"
PERSIAN = "شورای شهر روز دوشنبه گفت که پل تازه در ماه مه باز می‌شود.\n"


def records(*paths, **kw):
    return list(iter_records(paths, **kw))


def by_name(items):
    return {os.path.basename(i.path) + (f":{i.line}" if i.line else ""): i for i in items}


def test_folder_is_walked_recursively_in_sorted_order_skipping_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "inner.txt").write_text(ENGLISH)
    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "c.md").write_text(PERSIAN)
    (tmp_path / ".hidden.txt").write_text(ENGLISH)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(ENGLISH)
    items = records(tmp_path)
    assert [os.path.relpath(i.path, tmp_path) for i in items] == ["a.txt", "b/inner.txt", "c.md"]
    assert [i.id for i in items] == ["a", "inner", "c"]
    assert all(isinstance(i, Record) and i.format == "txt" for i in items)
    assert records(tmp_path) == items  # deterministic


def test_a_single_path_may_be_given_bare(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH)
    assert [r.id for r in iter_records(tmp_path)] == ["a"]
    assert [r.id for r in iter_records(str(tmp_path / "a.txt"))] == ["a"]


def test_record_keeps_the_exact_bytes(tmp_path):
    raw = "\ufeffLine one\r\nLine two".encode("utf-8")
    (tmp_path / "x.txt").write_bytes(raw)
    (record,) = records(tmp_path / "x.txt")
    assert record.raw == raw and record.line is None and record.fields == {}


def test_id_is_the_file_name_without_its_extension(tmp_path):
    for name in ("2024.05.01 report.txt", "no_extension", "page.HTML"):
        (tmp_path / name).write_bytes(
            b"<html><body><p>Some body text here.</p></body></html>"
            if name.endswith("HTML")
            else ENGLISH.encode()
        )
    assert sorted(i.id for i in records(tmp_path)) == ["2024.05.01 report", "no_extension", "page"]


def test_format_by_extension_and_by_content(tmp_path, monkeypatch):
    files = {
        "a.txt": ENGLISH.encode(),
        "b.htm": b"<p>Just a fragment of text in a paragraph.</p>",
        "c.dat": b"<!DOCTYPE html><html><body><p>Sniffed as HTML.</p></body></html>",
        "d.dat": b"%PDF-1.4\n...",
        "e.dat": json.dumps({"id": "e1", "text": "Sniffed as JSON lines."}).encode() + b"\n",
        "f.dat": PERSIAN.encode("utf-16"),
        "g.txt": b"%PDF-1.7\nmislabelled pdf",
        "h.ndjson": json.dumps({"id": "h1", "text": "x"}).encode(),
        "i.xhtml": b"<?xml version='1.0'?><html><body><p>x</p></body></html>",
    }
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    formats = {os.path.basename(i.path): i.format for i in records(tmp_path)}
    assert formats == {
        "a.txt": "txt",
        "b.htm": "html",
        "c.dat": "html",
        "d.dat": "pdf",
        "e.dat": "jsonl",
        "f.dat": "txt",
        "g.txt": "pdf",
        "h.ndjson": "jsonl",
        "i.xhtml": "html",
    }


def test_bad_files_become_problems_and_the_rest_is_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))
    (tmp_path / "good.txt").write_text(ENGLISH)
    items = by_name(records(tmp_path, tmp_path / "missing.txt"))
    assert items["empty.txt"] == Problem(str(tmp_path / "empty.txt"), "empty file")
    assert items["blob.bin"].reason == "binary file (not text, HTML, PDF or JSONL)"
    assert items["image.txt"].reason.startswith("binary file")
    assert items["missing.txt"].reason == "no such file or folder"
    assert isinstance(items["good.txt"], Record)


def test_a_50_mb_file_is_refused_without_being_read(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:  # sparse: quick to make, 50 MB long
        f.write(b"The start of a very long text.\n")
        f.seek(50_000_000 - 6)
        f.write(b"end.\n\n")
    assert big.stat().st_size == 50_000_000
    read_bytes = []
    real_open = open

    class Counting(io.BufferedReader):
        def read(self, n=-1):
            data = super().read(n)
            read_bytes.append(len(data))
            return data

    def counting_open(path, mode="r", *args, **kwargs):
        assert mode == "rb"
        return Counting(real_open(path, "rb", buffering=0))

    monkeypatch.setattr(read, "open", counting_open, raising=False)
    (problem,) = records(big)
    assert problem == Problem(str(big), "file is 50.0 MB, over the 10 MB limit for one article")
    assert sum(read_bytes) <= 4096


def test_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_text(ENGLISH)
    (tmp_path / "open.txt").write_text(ENGLISH)
    real_open = open

    def deny(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(read, "open", deny, raising=False)
    items = by_name(records(tmp_path))
    assert items["locked.txt"].reason == "cannot read: Permission denied"
    assert isinstance(items["open.txt"], Record)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (problem,) = records(tmp_path / "pipe.txt")
    assert problem.reason == "not a regular file"


def test_symlinked_folders_are_not_followed(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(ENGLISH)
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    found = records(tmp_path)
    assert [i.id for i in found if isinstance(i, Record)] == ["a"]
    assert [(os.path.basename(p.path), p.reason) for p in found if isinstance(p, Problem)] == [
        ("loop", "skipped link to a folder: linked folders are not followed")
    ]


# -- JSONL -----------------------------------------------------------------------------------


def jsonl(path, *lines):
    path.write_bytes(b"".join(line.encode() + b"\n" for line in lines))
    return path


def test_jsonl_one_record_per_line_with_a_broken_line_reported(tmp_path):
    good1 = json.dumps(
        {
            "id": "j1",
            "outlet": "Example Daily",
            "lang": "en",
            "title": None,
            "published": "2024-05-01",
            "url": None,
            "text": "First item.",
        }
    )
    good2 = json.dumps({"id": 7, "text": "شورای شهر گفت."}, ensure_ascii=False)
    path = jsonl(
        tmp_path / "items.jsonl",
        good1,
        "{not json",
        "",
        good2,
        json.dumps({"id": "x", "text": "  "}),
        json.dumps({"text": "no id"}),
        json.dumps(["not", "an", "object"]),
    )
    items = records(path)
    assert [(type(i).__name__, i.line) for i in items] == [
        ("Record", 1),
        ("Problem", 2),
        ("Record", 4),
        ("Problem", 5),
        ("Problem", 6),
        ("Problem", 7),
    ]
    r1, p2, r4, p5, p6, p7 = items
    assert (r1.id, r1.format, r1.raw, r1.fields) == (
        "j1",
        "jsonl",
        good1.encode(),
        json.loads(good1),
    )
    assert (r4.id, r4.raw) == ("7", good2.encode())
    assert p2.path == str(path) and p2.reason.startswith("invalid JSON on this line: ")
    assert "text" in p5.reason and "id" in p6.reason and "not an object" in p7.reason


def test_jsonl_without_any_line_is_a_problem(tmp_path):
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n\n")
    (problem,) = records(tmp_path / "blank.jsonl")
    assert problem.reason.startswith("no JSON lines") and problem.line is None


def test_jsonl_crlf_and_bom_are_not_part_of_the_raw_line(tmp_path):
    line = json.dumps({"id": "a", "text": "x"})
    path = tmp_path / "w.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + line.encode() + b"\r\n" + line.encode())
    assert [r.raw for r in records(path)] == [line.encode(), line.encode()]


def test_jsonl_is_streamed_and_only_one_line_is_held_to_the_limit(tmp_path):
    lines = [
        json.dumps({"id": f"n{i}", "text": f"Item number {i} of the feed."}) for i in range(100)
    ]
    lines.insert(50, json.dumps({"id": "big", "text": "x" * 5000}))
    path = jsonl(tmp_path / "feed.jsonl", *lines)
    assert path.stat().st_size > 4000
    items = records(path, max_bytes=1000)
    problems = [i for i in items if isinstance(i, Problem)]
    assert [(p.line, p.reason) for p in problems] == [
        (51, "line is over the 0.001 MB limit for one article")
    ]
    assert [i.id for i in items if isinstance(i, Record)] == [f"n{i}" for i in range(100)]
    assert items[51].line == 52


def test_to_source_for_every_format(tmp_path):
    html = (
        b"<html lang='en'><head><title>Bridge</title></head><body><article>"
        b"<p>The council said the bridge will open in May after years of work.</p>"
        b"<p>It cost more than planned, the treasurer added on Tuesday.</p>"
        b"</article></body></html>"
    )
    text, fields, notes = to_source(Record("h", html, "html", "h.html"))
    assert text.split("\n\n")[-2:] == [
        "The council said the bridge will open in May after years of work.",
        "It cost more than planned, the treasurer added on Tuesday.",
    ]
    assert fields["language"] == "en" and notes == []

    text, fields, notes = to_source(Record("t", ENGLISH.replace("\n", "\r\n").encode(), "txt", "t"))
    assert (text, fields, notes) == (ENGLISH, {}, [])

    raw = json.dumps({"id": "j", "lang": "fa", "text": "Ã¼ber\r\nline"}).encode()
    text, fields, notes = to_source(Record("j", raw, "jsonl", "j.jsonl"))  # fields from raw
    # JSONL text is the source verbatim: a corpus's offsets point into it.
    assert text == "Ã¼ber\r\nline" and fields["lang"] == "fa" and "mojibake" in notes[0]
    assert to_source(Record("k", b'{"id": "k", "text": "clean"}', "jsonl", "k"))[2] == []


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (Record("w", b"  \n\t\n", "txt", "w.txt"), "no text (only white space)"),
        (Record("e", b"", "txt", "e.txt"), "empty file"),
        (Record("n", b'{"id": "n", "text": 3}', "jsonl", "n.jsonl", 1), 'no usable "text" field'),
        (Record("b", b"{broken", "jsonl", "b.jsonl", 1), "invalid JSON on this line"),
        (
            Record("h", b"<html><head><title>x</title></head></html>", "html", "h.html"),
            "HTML has no body text",
        ),
        (Record("p", b"%PDF-1.4\n1 0 obj\n<<", "pdf", "p.pdf"), "truncated PDF"),
        (Record("x", b"text", "docx", "x.docx"), "unknown format"),
    ],
)
def test_to_source_refuses_records_without_usable_text(record, reason):
    with pytest.raises(ReadError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        to_source(record)


def test_invalid_utf8_is_kept_with_a_note(tmp_path):
    raw = "Le café est fermé.".encode() + b"\xff\xfe" + " Vraiment fermé.".encode()
    (tmp_path / "bad.txt").write_bytes(raw)
    (record,) = records(tmp_path / "bad.txt")
    text, _, notes = to_source(record)
    assert text == "Le café est fermé.\ufffd\ufffd Vraiment fermé."
    assert notes == ["2 invalid UTF-8 byte sequences replaced with U+FFFD"]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("قال الوزير إن الجسر سيفتح في مايو.", "cp1256"),
        ("Größe und Übermaß, schöne Grüße.", "cp1252"),
        ("شورای شهر گفت.", "utf-16"),
    ],
)
def test_encoded_text_files_are_decoded(tmp_path, text, encoding):
    (tmp_path / "x.txt").write_bytes(text.encode(encoding))
    (record,) = records(tmp_path / "x.txt")
    assert to_source(record)[0] == text
