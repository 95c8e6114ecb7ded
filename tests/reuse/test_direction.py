"""Direction signals, the verdict they give, and directions passed on through copies."""

import random

from stemma.model import Article, Evidence, Link, TimeEvidence
from stemma.reuse.direction import Signal, decide, through_same_text, time_order


def art(id, **kw):
    return Article(id=id, raw=b"", format="txt", source="", **kw)


def test_a_direction_needs_agreeing_evidence_of_weight():
    a, b = art("a"), art("b")
    assert decide(a, b, []).direction is None
    time = Signal.of("time", "a", "a is earlier")
    assert decide(a, b, [time]).direction == "a"
    calendar = Signal.of("calendar", "b", "b gives the date in its own calendar")
    assert decide(a, b, [calendar]).direction is None  # weak alone
    # a weak signal the other way is outweighed, and still listed
    verdict = decide(a, b, [time, calendar])
    assert verdict.direction == "a" and [s.signal for s in verdict.signals] == ["time", "calendar"]
    note = Signal.of("translator_note", "b", "a carries a translator's note")
    verdict = decide(a, b, [time, note])
    assert verdict.direction is None and "disagree" in verdict.why


def test_time_order_only_beyond_both_precisions():
    day = art("d", when=TimeEvidence("2018-04-04", "day", "signature"))
    year = art("y", when=TimeEvidence("2018", "year", "metadata"))
    later = art("l", when=TimeEvidence("2018-04-05T18:00Z", "minute", "metadata"))
    assert time_order(day, later) == -1 and time_order(later, day) == 1
    assert time_order(year, day) == 0  # 2018 holds 2018-04-04
    # a date read off the text is not a publication time
    named = art("n", when=TimeEvidence("2017-01-01", "day", "text"))
    assert time_order(named, later) == 0
    # published dates where no best-known time was made
    assert time_order(art("p", published="2018-04-03"), art("q", published="2018-04-05")) == -1


def _link(a, b, kind, direction=None, signals=()):
    ev = Evidence(reasons=["why"], direction_signals=[vars(s) for s in signals])
    return Link(a, b, kind, 0.9, direction, ev)


def test_a_copy_of_a_translation_is_a_translation_of_the_same_original():
    links = [
        _link("fa", "official", "translation", "fa", [Signal.of("translator_note", "fa", "n")]),
        _link("site", "official", "revision"),
        _link("fa", "site", "translation", None, [Signal.of("calendar", "fa", "c")]),
        _link("fa", "other", "translation"),  # no copy of anything: stays undirected
    ]
    out = {(ln.a, ln.b): ln for ln in through_same_text(links)}
    site = out[("fa", "site")]
    assert site.direction == "fa"
    assert [s["signal"] for s in site.evidence.direction_signals] == ["same_text", "calendar"]
    assert "site is the same text as official" in site.evidence.reasons[-1]
    assert out[("fa", "other")].direction is None
    assert out[("site", "official")].direction is None  # nothing says which copy came first
    # the result does not depend on the order of the links
    for seed in range(3):
        shuffled = links[:]
        random.Random(seed).shuffle(shuffled)
        again = {(ln.a, ln.b): ln.direction for ln in through_same_text(shuffled)}
        assert again == {k: ln.direction for k, ln in out.items()}


def test_a_passed_on_direction_does_not_override_contrary_evidence():
    links = [
        _link("fa", "official", "translation", "fa"),
        _link("site", "official", "copy"),
        _link("fa", "site", "translation", None, [Signal.of("time", "site", "site is earlier")]),
    ]
    out = {(ln.a, ln.b): ln for ln in through_same_text(links)}
    assert out[("fa", "site")].direction is None
    assert "disagree" in out[("fa", "site")].evidence.reasons[-1]


def test_days_apart_reads_the_best_known_time_at_day_precision():
    from stemma.reuse.typing import days_apart

    signed = art("s", when=TimeEvidence("2018-04-04", "day", "signature"))
    dated = art("d", published="2018-04-06")
    assert days_apart(signed, dated) == 2
    # a month or a date named in the text gives no day to count from
    month = art("m", when=TimeEvidence("2018-04", "month", "metadata"))
    named = art("n", when=TimeEvidence("2018-04-01", "day", "text"))
    assert days_apart(month, dated) is None and days_apart(named, dated) is None


def test_an_outlet_writing_outside_its_home_language_is_translating():
    from stemma.reuse.direction import outlet_homes, settle

    pile = {
        id: art(id, lang=lang, outlet=outlet)
        for id, lang, outlet in (
            ("o1", "fa", "Office"), ("o2", "fa", "Office"), ("o3", "fa", "Office"),
            ("o-en", "en", "Office"),  # the office's English page
            ("w1", "en", "Wire"), ("w2", "fa", "Wire"), ("w3", "ar", "Wire"),  # no home
            ("w-de", "de", "Wire"),
        )
    }  # fmt: skip
    assert outlet_homes(pile.values()) == {"office": "fa"}
    links = [
        _link("o-en", "o1", "translation"),
        _link("w-de", "o2", "translation"),  # the wire has no home language: nothing said
        _link("o3", "w1", "translation", None, [Signal.of("time", "w1", "w1 is earlier")]),
    ]
    out = {(ln.a, ln.b): ln for ln in settle(links, pile)}
    office = out[("o-en", "o1")]
    assert office.direction == "o1"
    assert [s["signal"] for s in office.evidence.direction_signals] == ["home_language"]
    assert out[("w-de", "o2")].direction is None
    # the office writes in its home language here and the wire has none: the link is untouched
    assert out[("o3", "w1")] is links[2]
