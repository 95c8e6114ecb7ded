"""JSON the program wrote, read back through orjson: always what json.loads gives."""

import json
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemma.store import readback

# what the program writes: json.dumps of plain values, numbers of any size included
values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (1 == 1.0 would hide a float read)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a.hex() == b.hex()
    return a == b


@settings(max_examples=300, deadline=None)
@given(values, st.booleans(), st.booleans())
def test_what_json_gives(value, ascii_only, as_bytes):
    text = json.dumps(value, ensure_ascii=ascii_only)
    if as_bytes:
        try:
            text = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: the program never writes such bytes
            return
    assert same(readback.loads(text), json.loads(text))


@pytest.mark.parametrize(
    "number",
    [2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**30, -(10**40)],
)
def test_integers_past_64_bits_stay_whole(number):
    # orjson alone reads 2**64 as a float
    for text in (json.dumps({"n": number}), json.dumps([1, number]).encode()):
        got = readback.loads(text)
        n = got["n"] if isinstance(got, dict) else got[1]
        assert type(n) is int and n == number


def test_what_orjson_refuses_is_read_as_json_reads_it():
    got = readback.loads(json.dumps({"x": float("nan"), "y": float("inf"), "s": "\ud800"}))
    assert math.isnan(got["x"]) and got["y"] == math.inf and got["s"] == "\ud800"
    with pytest.raises(json.JSONDecodeError):
        readback.loads(b'{"a": ')


def test_floats_to_the_last_bit():
    rng = random.Random(7)
    numbers = [rng.uniform(-1, 1) * 10 ** rng.randint(-300, 300) for _ in range(20_000)]
    numbers += [5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -0.0]
    got = readback.loads(json.dumps(numbers))
    assert [x.hex() for x in got] == [x.hex() for x in numbers]


def test_a_memoryview_as_a_store_gives_it():
    text = json.dumps({"a": [1, 2.5, "é"]}, ensure_ascii=False).encode()
    assert readback.loads(memoryview(text)) == {"a": [1, 2.5, "é"]}


def test_long_digit_runs_in_strings_read_alike():
    value = {"id": "1234567890123456789012", "n": [12345678901234567, 1.5], "t": "٣٤٥" * 10}
    text = json.dumps(value, ensure_ascii=False)
    assert readback.loads(text) == value and readback.loads(text.encode()) == value


def test_ordinary_rows_never_reach_json(monkeypatch):
    # what it is for: a verdict row's JSON is parsed by orjson, not by json
    row = {
        "a": "x1",
        "b": "x2",
        "kind": "copy",
        "score": 0.93,
        "evidence": {"pairs": [{"a_start": 0}]},
    }

    def refuse(*_, **__):
        raise AssertionError("json.loads was called")

    monkeypatch.setattr(readback.json, "loads", refuse)
    assert readback.loads(json.dumps(row)) == row
