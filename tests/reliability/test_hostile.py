"""Hostile input against ingest: every class of ``stemma.hostile`` together, then random bytes,
JSON and text from hypothesis. Nothing escapes ingest, every bad input is a named Problem, the
good article beside it is stored, the store stays whole and a second run changes nothing."""

from __future__ import annotations

import json
import sqlite3
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stemma.budget import NOTE
from stemma.hostile import CASES, write_all
from stemma.ingest.pipeline import _prepare, ingest
from stemma.ingest.read import iter_records
from stemma.model import Problem, Record
from stemma.store import open_store

SCALE = 0.05  # a twentieth of the sizes that once stalled ingest: still over every budget


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    cases = write_all(root / "in", SCALE)
    db = root / "store.db"
    with open_store(db) as store:
        first = ingest(store, [root / "in"], workers=1)
    with open_store(db) as store:
        second = ingest(store, [root / "in"], workers=1)
        stored = {a.id for a in store.iter_articles(raw=False)}
    return cases, first, second, stored, db


def _of(case, items):
    where = str(case.folder) + "/"
    return [p for p in items if p.path.startswith(where)]


@pytest.mark.parametrize("name", list(CASES))
def test_each_class_is_named_and_its_good_article_stored(hostile, name):
    cases, first, _, stored, _ = hostile
    (case,) = [c for c in cases if c.name == name]
    problems = _of(case, first.problems)
    assert len(problems) >= case.problems, [p.reason for p in problems]
    assert all(p.reason and p.reason.strip() for p in problems)
    assert case.stored <= stored, case.stored - stored
    notes = _of(case, first.notes)
    for id in case.cut:
        assert any(n.reason.startswith(NOTE) and f"/{id}." in n.path for n in notes), id


def test_the_store_is_whole_and_a_second_run_changes_nothing(hostile):
    _, first, second, stored, db = hostile
    assert integrity(db) == "ok"
    assert second.added == [] and second.versions == []
    assert sorted(second.unchanged) == sorted(first.added)
    assert [(p.path, p.reason, p.line) for p in second.problems] == [
        (p.path, p.reason, p.line) for p in first.problems
    ]
    assert len(stored) == len(first.added)


def test_no_link_leaves_the_folder(hostile):
    _, _, _, stored, db = hostile
    with sqlite3.connect(db) as conn:
        sources = [r[0] for r in conn.execute("SELECT source FROM articles")]
    assert not any("A private file outside" in s for s in sources)


# -- random input from hypothesis ----------------------------------------------------------

NAMES = ["a.txt", "a.html", "a.jsonl", "a.json", "a.pdf", "noext", "a.xml", "a.eml"]


def _no_escape(path: Path) -> list[Record | Problem]:
    """Read and analyse everything at ``path``: only Records and Problems may come out, and
    every record either analyses or gives a reason."""
    out = list(iter_records(path))
    for item in out:
        assert isinstance(item, Record | Problem)
        if isinstance(item, Record):
            prepared, _notes, reason = _prepare(item)
            assert prepared is not None or reason
            # analysis bugs are caught by _prepare too: none may hide behind it
            assert reason is None or not reason.startswith("could not be analysed"), reason
        else:
            assert item.reason
    return out


FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FAST
@given(data=st.binary(max_size=3_000), name=st.sampled_from(NAMES))
def test_random_bytes(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    _no_escape(path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@FAST
@given(
    lines=st.lists(
        st.one_of(
            st.fixed_dictionaries({"id": st.text(max_size=30), "text": st.text()}),
            st.fixed_dictionaries({"id": st.integers(), "text": st.text(), "x": json_values}),
            json_values,
        ),
        max_size=6,
    ),
    depth=st.integers(0, 3_000),
)
def test_random_json_lines(tmp_path, lines, depth):
    body = [json.dumps(x) for x in lines] + ['{"id":"deep","text":"t","e":' + "[" * depth]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(body) + "\n", encoding="utf-8", errors="surrogatepass")
    out = _no_escape(path)
    assert len(out) >= 1


controls = st.characters(codec="utf-8") | st.sampled_from(
    ["\x00", "\x1b[2J", "\u202e", "\u200b", "\r", "\f", "\ufeff", "\n\n", ". ", "Ab. "]
)


@FAST
@given(
    text=st.lists(controls | st.sampled_from(list(string.ascii_letters + " ")), max_size=400),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "cp1256"]),
    name=st.sampled_from(["a.txt", "a.html", "noext"]),
)
def test_random_text_in_any_encoding(tmp_path, text, encoding, name):
    path = tmp_path / name
    path.write_bytes("".join(text).encode(encoding, errors="replace"))
    _no_escape(path)
