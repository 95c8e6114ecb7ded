"""The ingest pipeline end to end: readers, cleaning, store, idempotence, bad input."""

import json
import subprocess
import sys

import pytest

from stemma.ingest import pipeline
from stemma.ingest.pipeline import ingest
from stemma.store import open_store

ENGLISH = "Minister Jane Doe said on Monday that the new bridge will open in May.\n\nShe added that it cost 24.3 million dollars.\n"


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_folder_with_bad_files_stores_the_good_ones(tmp_path):
    folder = tmp_path / "pile"
    folder.mkdir()
    write(folder / "good.txt", ENGLISH)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    (folder / "nobody.html").write_text("<html><head><title>x</title></head></html>")
    lines = [
        json.dumps({"id": "j1", "lang": "en", "text": "A first item about the bridge opening."}),
        "{not json",
        json.dumps({"id": "j2", "lang": "en", "text": "A second item about the bridge cost."}),
    ]
    write(folder / "items.jsonl", "\n".join(lines) + "\n")
    store = open_store(tmp_path / "s.db")
    report = ingest(store, [folder])
    assert sorted(report.added) == ["good", "j1", "j2"]
    reasons = {
        p.path.rsplit("/", 1)[-1] + (f":{p.line}" if p.line else ""): p.reason
        for p in report.problems
    }
    assert set(reasons) == {"empty.txt", "blob.bin", "broken.pdf", "nobody.html", "items.jsonl:2"}
    assert all(reasons.values())


def test_reingest_adds_nothing_and_changed_bytes_make_a_version(tmp_path):
    path = write(tmp_path / "note.txt", ENGLISH)
    store = open_store(tmp_path / "s.db")
    assert ingest(store, [path]).added == ["note"]
    again = ingest(store, [path])
    assert (again.added, again.versions, again.unchanged) == ([], [], ["note"])
    write(path, ENGLISH + "\nA correction was appended.\n")
    assert ingest(store, [path]).versions == ["note"]
    assert store.versions("note") == [1, 2]
    assert store.get_raw("note", 1) == ENGLISH.encode()


def test_crash_mid_batch_keeps_what_came_before(tmp_path):
    for name in ("a", "b", "c"):
        write(tmp_path / f"{name}.txt", ENGLISH.replace("Monday", name))
    store = open_store(tmp_path / "s.db")
    real = store._put

    def crash_inside_the_write(article, lines):
        result = real(article, lines)  # the article row is written ...
        if article.id == "b":
            raise KeyboardInterrupt  # ... and the process is interrupted before the commit
        return result

    store._put = crash_inside_the_write
    with pytest.raises(KeyboardInterrupt):
        ingest(store, [tmp_path], workers=1)
    # one group held a, b and c: "a" is committed, nothing of "b" remains, "c" never came
    assert [a.id for a in store.list_articles()] == ["a"]
    store._put = real
    assert sorted(ingest(store, [tmp_path]).added) == ["b", "c"]


CRASH = """
import os, sys
from stemma.ingest import pipeline
from stemma.store import open_store

pipeline.GROUP = 2
store = open_store(sys.argv[1])
real = store._put

def die_inside_the_write(article, lines):
    result = real(article, lines)
    if article.id == "c":
        os._exit(3)  # no cleanup at all: as if the machine lost power
    return result

store._put = die_inside_the_write
pipeline.ingest(store, [sys.argv[2]], workers=1)
"""


def test_killed_process_leaves_only_whole_articles(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "c", "d"):
        write(folder / f"{name}.txt", ENGLISH.replace("Monday", name))
    db = tmp_path / "s.db"
    proc = subprocess.run([sys.executable, "-c", CRASH, str(db), str(folder)])
    assert proc.returncode == 3
    store = open_store(db)
    # the first group (a, b) was committed; the group being written when the process died is
    # absent as a whole, and no row of any table points to an article that is not there
    assert [a.id for a in store.list_articles()] == ["a", "b"]
    orphans = store.conn.execute(
        "SELECT COUNT(*) FROM lines WHERE uid NOT IN (SELECT uid FROM articles)"
    ).fetchone()[0]
    assert orphans == 0
    assert all(store.get_article(i).passages for i in ("a", "b"))
    report = ingest(store, [folder])
    assert (sorted(report.added), sorted(report.unchanged)) == (["c", "d"], ["a", "b"])


def test_an_analysis_bug_on_one_input_is_reported_not_fatal(tmp_path, monkeypatch):
    for name in ("a", "b", "c"):
        write(tmp_path / f"{name}.txt", ENGLISH.replace("Monday", name))
    real = pipeline.analyse

    def buggy(record, chrome=frozenset()):
        if record.id == "b":
            raise IndexError("list index out of range")
        return real(record, chrome)

    monkeypatch.setattr(pipeline, "analyse", buggy)
    store = open_store(":memory:")
    report = ingest(store, [tmp_path], workers=1)
    assert sorted(report.added) == ["a", "c"]
    [problem] = report.problems
    assert problem.path.endswith("b.txt") and "IndexError" in problem.reason


def test_parallel_and_serial_ingest_store_the_same(tmp_path):
    lines = [
        json.dumps(
            {
                "id": f"p{i}",
                "lang": "en",
                "outlet": "Example Wire" if i % 2 else None,
                "text": f"Report {i}: the council voted {i} to {i + 1} on the plan.\n\n"
                "Example Wire brings you the news\n",
            }
        )
        for i in range(80)
    ]
    write(tmp_path / "many.jsonl", "\n".join(lines) + "\n")
    serial = open_store(tmp_path / "serial.db")
    parallel = open_store(tmp_path / "parallel.db")
    expected = ingest(serial, [tmp_path / "many.jsonl"], workers=1)
    report = ingest(parallel, [tmp_path / "many.jsonl"], workers=2)
    assert len(report.added) == 80 > pipeline.PARALLEL_FROM
    # the line recurring across the outlet is learned, on the workers too
    assert report.chrome_marked == expected.chrome_marked == 40
    assert [a.analysis() for a in serial.iter_articles()] == [
        a.analysis() for a in parallel.iter_articles()
    ]


def test_chrome_recurring_across_an_outlet_is_learned(tmp_path):
    for i in range(4):
        text = (
            f"Story number {i} about a different event in the city of Example.\n\n"
            f"The council met on day {i} and agreed a plan for the park.\n\n"
            "Follow Example Daily on every platform for more\n"
        )
        write(
            tmp_path / f"d{i}.jsonl",
            json.dumps({"id": f"d{i}", "outlet": "Example Daily", "lang": "en", "text": text})
            + "\n",
        )
    store = open_store(tmp_path / "s.db")
    report = ingest(store, [tmp_path])
    assert report.chrome_marked == 4
    article = store.get_article("d2")
    assert "Follow Example Daily on every platform for more" in article.boilerplate
    assert "Follow Example" not in article.text
    assert "council met on day 2" in article.text


def test_hostile_text_is_stored_as_data(tmp_path):
    evil = "<script>alert(1)</script> '; DROP TABLE articles; -- ../../etc/passwd\n"
    path = write(tmp_path / "evil.txt", evil)
    store = open_store(tmp_path / "s.db")
    ingest(store, [path])
    assert store.get_raw("evil") == evil.encode()
    assert store.count() == 1
