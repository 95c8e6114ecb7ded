"""The bounded JSON reader: limits hold without recursion, and every failure is a named ReadError."""

from __future__ import annotations

import pytest

from stemma.ingest.jsontext import MAX_DEPTH, depth, loads
from stemma.ingest.read import ReadError, iter_records
from stemma.model import Problem, Record


def test_plain_values_parse():
    assert loads('{"id": "a", "text": "x [ { \\" ] }", "m": [[1]]}') == {
        "id": "a",
        "text": 'x [ { " ] }',
        "m": [[1]],
    }


def test_depth_ignores_brackets_inside_strings():
    assert depth(b'{"a": "[[[[\\"[[[["}') == 1
    assert depth(b"[[1], [[2]]]") == 3
    assert depth(b'"no brackets"') == 0


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 5_000, 200_000])
def test_deep_nesting_is_a_named_error_not_recursion(levels):
    text = '{"id": "d", "text": "x", "e": ' + "[" * levels + "]" * levels + "}"
    with pytest.raises(ReadError, match=f"nested {levels + 1} levels deep, over the limit"):
        loads(text, what="JSON line")


def test_unclosed_deep_nesting_is_refused_too():
    with pytest.raises(ReadError, match="levels deep"):
        loads('{"a":' + "[" * 5000)


def test_size_limit_is_checked_before_parsing():
    with pytest.raises(ReadError, match=r"upload is 0\.0 MB, over the 1e-05 MB limit"):
        loads('{"text": "' + "w" * 100 + '"}', max_bytes=10, what="upload")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"{broken", "invalid JSON: Expecting property name"),
        (b'{"a": "\xff"}', "not UTF-8"),
        (b'{"a": 1' + b"9" * 5000 + b"}", "4300 digits"),
    ],
)
def test_bad_json_names_the_reason(data, reason):
    with pytest.raises(ReadError, match=reason):
        loads(data)


def test_deep_line_is_a_problem_and_the_batch_goes_on(tmp_path):
    deep = '{"id": "d", "text": "x", "e": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (tmp_path / "d.jsonl").write_text(deep + '\n{"id": "ok", "text": "kept"}\n')
    (tmp_path / "good.txt").write_text("A good article.")
    # A file without extension whose first line opens 5,000 arrays: sniffed safely.
    (tmp_path / "noext").write_text('{"a":' + "[" * 5000 + "\n")
    out = list(iter_records(tmp_path))
    problems = [x for x in out if isinstance(x, Problem)]
    records = [x for x in out if isinstance(x, Record)]
    assert {r.id for r in records} >= {"ok", "good"}
    assert any("levels deep" in p.reason and p.line == 1 for p in problems)
