"""The ingest rules that hostile input met: byte decoding, binary detection, link policy, id
rules. Each bad input is one named Problem and never stops the batch."""

from __future__ import annotations

import json
import os

import pytest

from stemma.ingest.decode import ReadError, decode
from stemma.ingest.ids import MAX_ID_CHARS, id_problem
from stemma.ingest.read import iter_records
from stemma.model import Problem, Record

ENGLISH = "The council met on Tuesday and agreed to rebuild the bridge before winter. " * 20


# -- decoding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stray", [b"\xff\xfe\xc3\x28", b"\xc3\x28", b"\xa0\xa1", b"\xe2\x28\xa1", b"\xf0\x28\x8c\xbc"]
)
def test_stray_bytes_in_ascii_text_are_replaced_not_read_as_a_code_page(stray):
    text, encoding, notes = decode(ENGLISH.encode() + stray + b" The end.")
    assert encoding == "utf-8"
    assert text.startswith(ENGLISH) and text.endswith(" The end.") and "\ufffd" in text
    assert any("invalid UTF-8" in n and "replaced with U+FFFD" in n for n in notes)


def test_legacy_western_and_arabic_text_still_decode_by_code_page():
    french = "Le café est prêt, déjà « très bon » à midi.".encode("cp1252")
    assert decode(french)[:2] == ("Le café est prêt, déjà « très bon » à midi.", "windows-1252")
    arabic = "العربية لغة جميلة، هذا نص قصير للاختبار.".encode("cp1256")
    assert decode(arabic)[1] == "windows-1256"


def test_a_few_nul_bytes_do_not_make_english_binary():
    raw = ENGLISH.encode() + b"\x00" * 50 + b"More text after the damage."
    text, encoding, notes = decode(raw)
    assert text.count("\ufffd") == 50 and "\x00" not in text
    assert len(text) == len(raw)  # one replacement per control: offsets hold
    assert any(n.startswith("50 control characters") for n in notes)


def test_terminal_escapes_do_not_reach_the_source_text():
    text, _, notes = decode(b"Title \x1b]0;PWNED\x07\x1b[2J\n\n" + ENGLISH.encode())
    assert "\x1b" not in text and "\x07" not in text and notes


@pytest.mark.parametrize(
    "raw",
    [
        bytes(range(256)) * 16,  # every byte value
        b"\x89PNG\r\n\x1a\n" + bytes((i * 7919) % 256 for i in range(4000)),
        b"\x7fELF" + b"\x00" * 100 + bytes(range(256)) * 4,
    ],
)
def test_binary_is_still_binary(raw):
    with pytest.raises(ReadError, match="binary"):
        decode(raw)


# -- folders and links ---------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_links_leaving_the_folder_are_refused_by_name(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret text outside the folder.")
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "real.txt").write_text(ENGLISH)
    (root / "good.txt").write_text(ENGLISH)
    (root / "passwd.txt").symlink_to(outside / "secret.txt")
    (root / "inside.txt").symlink_to(root / "sub" / "real.txt")
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    (root / "loop1").symlink_to(root / "loop2")
    (root / "loop2").symlink_to(root / "loop1")
    (root / "linked").symlink_to(root / "sub")
    (root / "away").symlink_to(outside)
    found = list(iter_records(root))
    assert sorted(r.id for r in found if isinstance(r, Record)) == ["good", "inside", "real"]
    reasons = {os.path.basename(p.path): p.reason for p in found if isinstance(p, Problem)}
    assert reasons == {
        "passwd.txt": "skipped link: it points outside the folder being read",
        "away": "skipped link: it points outside the folder being read",
        "dangling.txt": "skipped link: its target does not exist",
        "loop1": "skipped link: it loops (links pointing back to themselves)",
        "loop2": "skipped link: it loops (links pointing back to themselves)",
        "linked": "skipped link to a folder: linked folders are not followed",
    }


def test_a_very_deep_folder_tree_is_walked_without_recursion(tmp_path):
    folders = [tmp_path]
    try:
        for _ in range(1_200):  # deeper than the interpreter's recursion limit
            folders.append(folders[-1] / "d")
            folders[-1].mkdir()  # one at a time: os.makedirs itself recurses
        (folders[-1] / "deep.txt").write_text(ENGLISH)
        assert [r.id for r in iter_records(tmp_path)] == ["deep"]
    finally:  # removed here, deepest first: pytest's own clean-up (shutil.rmtree) recurses
        (folders[-1] / "deep.txt").unlink(missing_ok=True)
        for folder in reversed(folders[1:]):
            folder.rmdir()


# -- ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad, reason",
    [
        ("x" * 1_000_000, "over the limit of 200"),
        ("two\nlines", "U+000A"),
        ("abc\u202edcba", "U+202E"),
        ("zero\u200bwidth", "U+200B"),
        ("nul\x00id", "U+0000"),
        ("para\u2029graph", "U+2029"),
    ],
)
def test_bad_jsonl_ids_are_named_skips(tmp_path, bad, reason):
    path = tmp_path / "a.jsonl"
    lines = [{"id": bad, "text": ENGLISH}, {"id": "fine", "text": ENGLISH}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    problem, record = iter_records(path)
    assert isinstance(problem, Problem) and problem.line == 1 and reason in problem.reason
    assert isinstance(record, Record) and record.id == "fine"


def test_id_rules_accept_real_ids():
    for good in ("2024-05-01-bbc-1", "خبر-۱۲", "می‌گوید", "x" * MAX_ID_CHARS, "42"):
        assert id_problem(good) is None, good


def test_a_file_name_breaking_the_id_rules_is_a_named_skip(tmp_path):
    (tmp_path / "bad\u202ename.txt").write_text(ENGLISH)
    (tmp_path / "good.txt").write_text(ENGLISH)
    found = list(iter_records(tmp_path))
    assert [r.id for r in found if isinstance(r, Record)] == ["good"]
    assert ["U+202E" in p.reason for p in found if isinstance(p, Problem)] == [True]


# -- HTML ----------------------------------------------------------------------------------

BODY = (
    "<p>The council met on Tuesday and agreed to rebuild the bridge before winter.</p>"
    "<p>The mayor said the work starts in March.</p>"
)


@pytest.mark.parametrize(
    "levels, why",
    [(300, "nested 303 levels deep"), (100_000, "HTML has 200,014 tags, over the limit")],
)
def test_html_too_deep_for_a_tree_keeps_its_text(levels, why):
    from stemma.ingest.read import to_source

    page = "<html><head><title>Deep page</title><script>var x = 1;</script></head><body>"
    page += "<div>" * levels + BODY + "</div>" * levels + "</body></html>"
    text, fields, notes = to_source(Record("deep", page.encode(), "html", "deep.html"))
    assert text == (
        "The council met on Tuesday and agreed to rebuild the bridge before winter.\n\n"
        "The mayor said the work starts in March."
    )
    assert fields["title"] == "Deep page" and fields["body_from"] == "flat_markup"
    assert any(why in n for n in notes), notes


def test_html_with_more_tags_than_the_budget_keeps_its_text_without_extraction():
    from stemma.budget import BUDGET
    from stemma.ingest.read import to_source

    filler = "<p>a</p>" * (BUDGET.html_tags // 2 + 1)
    page = f"<html><head><title>Many</title></head><body>{filler}{BODY}</body></html>"
    text, fields, notes = to_source(Record("many", page.encode(), "html", "many.html"))
    assert text.endswith("The mayor said the work starts in March.")
    assert fields["body_from"] == "flat_markup"
    assert any(f"over the limit of {BUDGET.html_tags:,} for main-text" in n for n in notes)


def test_shallow_html_without_body_is_still_refused():
    from stemma.ingest.read import to_source

    with pytest.raises(ReadError, match="HTML has no body text"):
        to_source(Record("e", b"<html><body><nav></nav></body></html>", "html", "e.html"))


POLISH = "Zażółć gęślą jaźń, powiedział Łukasz. Ślady w Łodzi są ładne i świeże."


def _page(declared: str) -> str:
    return (
        f'<html><head><meta charset="{declared}"><title>Łódź</title></head><body><article>'
        + f"<p>{POLISH}</p>" * 3
        + "</article></body></html>"
    )


def test_a_declared_charset_that_fits_is_trusted():
    from stemma.ingest.decode import decode_html

    text, encoding, notes = decode_html(_page("ISO-8859-2").encode("iso-8859-2"))
    assert POLISH in text and encoding == "iso8859-2" and notes == []


@pytest.mark.parametrize(
    "saved_as, read_as, why",
    [("cp1250", "cp1250", "control characters"), ("utf-8", "utf-8", "the bytes are UTF-8")],
)
def test_a_wrong_charset_declaration_is_noted(saved_as, read_as, why):
    from stemma.ingest.decode import decode_html

    text, encoding, notes = decode_html(_page("ISO-8859-2").encode(saved_as))
    assert POLISH in text and encoding == read_as
    assert notes[0].startswith("the page declares charset iso-8859-2, but") and why in notes[0]
