"""The links a run holds slim (stemma.engine.links): a few hundred bytes each, and the links
written from them equal to the whole links they stand for."""

import json
import random
import subprocess
import sys
import tracemalloc
from pathlib import Path

from stemma.engine.links import (
    LinkBook,
    SlimLink,
    merged,
    slim,
    slim_line,
    slim_of_json,
    slim_of_row,
    slim_of_rows,
    upgraded_row,
    verdict_row,
    whole_json,
)
from stemma.model import AlignedPair, Evidence, Link, Variant
from stemma.reuse.direction import through_same_text
from stemma.stages.results import link_json

BOUND = 600  # bytes per held slim link; the Link with a slim Evidence it replaced took ~1,650


def _verdict(rng: random.Random, ids: list[str]) -> Link:
    """A verdict as the typer makes one: aligned passages and variants, and reasons and
    direction signals naming the pair (so most are this link's own strings)."""
    a, b = sorted(rng.sample(ids, 2))
    first = rng.choice((a, b))
    says = f"{first} ist früher erschienen (3.{rng.randint(1, 9)}. < 4.{rng.randint(1, 9)}.)"
    signals = [{"signal": "time", "points_to": first, "weight": 2.0, "says": says}]
    signals = signals * rng.choice((0, 1, 1, 2))
    reasons = [f"{rng.choice((100, 97, 80))}% der Wörter gleich", says]
    evidence = Evidence(
        pairs=[AlignedPair(0, 40, 3, 43, 0.97, "identical")],
        coverage_a=0.9,
        coverage_b=0.8,
        shared={"names": ["Brandt"], "numbers": ["12"]},
        variants=[Variant("substitution", "Haus", "Heim", 5, 9, 8, 12)],
        reasons=reasons,
        direction_signals=signals,
    )
    return Link(a, b, rng.choice(("copy", "edited")), round(rng.random(), 3), first, evidence)


def _old_slim(link: Link) -> Link:
    """What a run held per link before: a Link with an Evidence of reasons and signals."""
    ev = link.evidence
    return Link(
        link.a,
        link.b,
        link.kind,
        link.score,
        link.direction,
        Evidence(reasons=ev.reasons, direction_signals=ev.direction_signals),
    )


def _bytes_per_link(make, rows: list[str]) -> float:
    """Bytes held per link made by ``make`` from each verdict row (read as a run reads it)."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        held = [make(json.loads(r)) for r in rows]
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return (after - before) / len(held)


def _figures() -> tuple[float, float]:
    """Bytes per held link, slim and in the form it replaced."""
    rng = random.Random(7)
    ids = [f"quelle-{i:05d}" for i in range(2_000)]
    rows = [json.dumps(link_json(_verdict(rng, ids))) for _ in range(10_000)]
    now = _bytes_per_link(slim_of_json, rows)
    return now, _bytes_per_link(lambda d: _old_slim(Link.from_json(d)), rows)


def test_a_held_link_is_a_few_hundred_bytes():
    # measured in a fresh process: the interned strings and the tables slim links share
    # values through are process-wide, and their dicts resizing during the measurement
    # (earlier when other tests filled them) counted against the links
    code = (
        "import json; from tests.engine.test_links import _figures; print(json.dumps(_figures()))"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    now, before = json.loads(done.stdout.strip().splitlines()[-1])
    assert before > BOUND  # the bound tells the old form from the new
    assert now < BOUND, f"{now:.0f} bytes per held link"


class _Rows:
    """A stage's verdict rows as local.Verdicts keeps them, in memory."""

    def __init__(self, links: list[Link]):
        self.stage = "same_language"
        self.where: dict = {}
        self.store = self
        self.rows = {f"{ln.a}\t{ln.b}": json.dumps(link_json(ln)) for ln in links}

    def inputs_text(self, pair) -> str:
        return f"inputs of {pair[0]} {pair[1]}"

    def inputs(self, pair) -> str:
        return f"hash of {self.inputs_text(pair)}"

    def stage_rows(self, stage, keys):
        for key in keys:
            a, b = key.split("\t")
            yield key, self.inputs((a, b)), self.rows[key]


def test_links_written_equal_whole_links():
    rng = random.Random(11)
    ids = [f"źródło-{i}" for i in range(40)]
    links = list({(ln.a, ln.b): ln for ln in (_verdict(rng, ids) for _ in range(200))}.values())
    rows = _Rows(links)
    book = LinkBook(rows)
    for link in links:
        book.put(link, rows, (link.a, link.b))
    assert all(isinstance(v, SlimLink) for v in book.values())
    pairs = [(ln.a, ln.b) for ln in links]
    assert list(book.whole(pairs).values()) == links
    # its mark (whether it is written again): its verdict's inputs and what the run decided
    marks = {}
    for link in links:
        pair = (link.a, link.b)
        marks[pair] = book.mark(pair)
        # (the text the verdict's inputs hash is of: the mark is hashed whole)
        assert marks[pair].startswith(f"same_language:{rows.inputs_text(pair)}|")
    again = LinkBook(rows)
    for link in links:
        again.put(Link.from_json(link_json(link)), rows, (link.a, link.b))
    assert {p: again.mark(p) for p in marks} == marks
    # what the run decides since is written with the rest of the verdict: settle's new
    # direction and signals, read off the slim links, are those it gives the whole links
    for link in links:
        link.direction = None
        link.evidence.reasons = [r for r in link.evidence.reasons if "früher" not in r]
        link.evidence.direction_signals = []
        book.put(link, rows, (link.a, link.b))
    for link in links:
        pair = (link.a, link.b)
        decided_before = again[pair]
        changed = (decided_before.direction, decided_before.reasons, decided_before.said) != (
            book[pair].direction,
            book[pair].reasons,
            book[pair].said,
        )
        assert (book.mark(pair) != marks[pair]) == changed
    # m-x is the same text as m-y, which derives from m-z: so m-x derives from m-z too
    copy = Link("m-x", "m-y", "copy", 1.0, None, Evidence(reasons=["alles gleich"]))
    source = Link("m-y", "m-z", "excerpt", 0.9, "m-z", Evidence(reasons=["m-z zuerst"]))
    target = Link("m-x", "m-z", "copy", 0.95, None, Evidence(reasons=["undirected: nichts"]))
    for link in (copy, source, target):
        links.append(link)
        rows.rows[f"{link.a}\t{link.b}"] = json.dumps(link_json(link))
        book.put(link, rows, (link.a, link.b))
    book.settled(through_same_text(book[p] for p in sorted(book)))
    want = {(ln.a, ln.b): ln for ln in through_same_text(links)}
    assert want["m-x", "m-z"].direction == "m-z" and want["m-x", "m-z"].evidence.direction_signals
    assert all(isinstance(v, SlimLink) for v in book.values())
    assert book.whole(sorted(book)) == dict(sorted(want.items()))


def test_links_read_slim_and_unchanged_are_made_whole_as_their_rows_hold_them():
    """A link read slim from its verdict row (its reasons and signals unread) and left as it
    was is made whole from the row alone; one the run decided again since gets what it
    decided; either way the whole link is the verdict merged with what the run holds."""
    rng = random.Random(5)
    ids = [f"ردیف-{i}" for i in range(30)]
    links = list({(ln.a, ln.b): ln for ln in (_verdict(rng, ids) for _ in range(120))}.values())
    rows = _Rows(links)
    rows.rows = {
        k: verdict_row(ln, json.dumps(link_json(ln), ensure_ascii=False))
        for k, ln in zip(rows.rows, links, strict=True)
    }
    book = LinkBook(rows)
    keys = [f"{ln.a}\t{ln.b}" for ln in links]
    for link, held in zip(links, slim_of_rows([rows.rows[k] for k in keys]), strict=True):
        book.put(held, rows, (link.a, link.b))
    assert all(book[p].as_read_from(rows.rows[f"{p[0]}\t{p[1]}"]) for p in book)
    # another row's line is not its own
    assert not book[links[0].a, links[0].b].as_read_from(rows.rows[keys[1]])
    decided = links[::3]
    for link in decided:  # as settle leaves a link it gives another direction
        again = Link.from_json(link_json(link))
        again.direction = None
        again.evidence.direction_signals = []
        book.settled([again])
    assert not any(book[ln.a, ln.b].as_read_from(rows.rows[f"{ln.a}\t{ln.b}"]) for ln in decided)
    got = book.whole(sorted(book))
    for link in links:
        pair = (link.a, link.b)
        want = merged(Link.from_json(whole_json(rows.rows[f"{link.a}\t{link.b}"])), book[pair])
        assert got[pair] == want
        assert (got[pair].direction is None) == (link in decided)


def test_a_slim_link_keeps_every_signal_field_and_value_type():
    odd = [{"says": "zuerst", "weight": 1, "signal": "t"}, {"signal": "u", "extra": [1, 2]}]
    link = Link("a", "b", "copy", 1, "a", Evidence(reasons=["x", "x"], direction_signals=odd))
    held = slim(link)
    assert held.link() == _old_slim(link)
    assert json.dumps(link_json(held.link())) == json.dumps(link_json(_old_slim(link)))
    assert slim(held) is held
    assert slim_of_json(link_json(link)).link() == _old_slim(link)


def test_rows_read_together_give_what_each_gives_alone():
    """slim_of_rows parses many rows in one call: each link as slim_of_row gives it, in order,
    whatever the rows mix (slim lines alone, whole rows, rows of the whole link alone, text
    or bytes), and a link read with its slim line keeps it (its mark)."""
    rng = random.Random(11)
    ids = [f"n-{i}" for i in range(12)] + ['q"uote\\d-1', "ünï-2"]
    rows = []
    for _ in range(60):
        link = _verdict(rng, ids)
        whole = json.dumps(link_json(link), ensure_ascii=False)
        row = verdict_row(link, whole)
        rows.append(rng.choice((row, slim_line(row), whole, whole.encode(), row.decode())))
    together = slim_of_rows(rows)
    assert len(together) == len(rows)
    for row, got in zip(rows, together, strict=True):
        alone = slim_of_row(row)
        assert got.link() == alone.link()
        assert got.slim_json() == alone.slim_json()
    assert slim_of_rows([]) == []


def test_a_verdict_row_reads_slim_and_whole_and_an_old_row_too():
    rng = random.Random(5)
    ids = [f"n-{i}" for i in range(10)]
    for _ in range(30):
        link = _verdict(rng, ids)
        whole = json.dumps(link_json(link), ensure_ascii=False)
        row = verdict_row(link, whole)
        assert slim_of_row(row).link() == _old_slim(link)
        assert Link.from_json(whole_json(row)) == link
        # a row of the whole link alone (earlier code, Spark's executors)
        assert slim_of_row(whole.encode()).link() == _old_slim(link)
        assert Link.from_json(whole_json(whole)) == link
        assert slim_line(whole) is None and slim_line(row) == row[: row.index(b"\n") + 1]
        # such a row is given its slim line when read: the same row a verdict is kept as
        assert upgraded_row(json.loads(whole), whole) == row
        assert upgraded_row(json.loads(whole), whole.encode()) == row
        # the slim line is all a run parses to hold the link: much less than the whole
        assert len(row.split(b"\n", 1)[0]) < len(whole)
