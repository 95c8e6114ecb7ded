"""Directions passed on through copies of a text run by thousands of outlets: the partner named
is the first in id order, as a scan of each copy's partners finds it, in time that does not grow
with the square of the copies."""

import time

from stemma.reuse.direction import through_same_text
from tests.reuse.test_direction import _link


def test_the_first_partner_deriving_from_the_source_is_named():
    links = [
        _link("fa", "off2", "translation", "fa"),
        _link("fa", "off1", "translation", "fa"),
        _link("fa", "off3", "translation", "off3"),  # off3 is fa's source, not its translation
        _link("off1", "site", "copy"),
        _link("off2", "site", "copy"),
        _link("off3", "site", "revision"),
        _link("fa", "site", "translation"),
    ]
    out = {(ln.a, ln.b): ln for ln in through_same_text(links)}
    site = out[("fa", "site")]
    assert site.direction == "fa"
    assert "site is the same text as off1 (copy), which derives from fa" in site.evidence.reasons


def test_a_hub_of_thousands_of_copies_is_not_scanned_for_each():
    n = 20_000
    hub = "c00000"
    links = [_link("src", hub, "translation", "src")]
    links += [_link(hub, f"c{i:05d}", "copy") for i in range(1, n)]
    links += [_link("src", f"c{i:05d}", "translation") for i in range(1, n, 2)]
    # excerpts of the hub that nothing says anything of: each made the hub's partners scanned
    links += [_link(hub, f"e{i:05d}", "excerpt") for i in range(n // 4)]
    start = time.process_time()
    out = through_same_text(links)
    assert time.process_time() - start < 10
    passed = [ln for ln in out if ln.kind == "translation" and ln.a == "src" and ln.b != hub]
    assert len(passed) == n // 2 and all(ln.direction == "src" for ln in passed)
    assert all(f"is the same text as {hub}" in ln.evidence.reasons[-1] for ln in passed)
    assert all(ln.direction is None for ln in out if ln.kind == "excerpt")
