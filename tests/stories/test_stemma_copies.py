"""The stemma of a story of thousands of copies: built in time that grows with its links, and
what the one-witness-at-a-time layout gives."""

import sys
import time

from stemma.model import Link
from stemma.stories.stemma import build_stemma
from tests.stories.test_stemma import art


def _chain(n):
    """Each copy derived from the one before (stated directions): one tree as deep as the pile."""
    arts = [art(f"w{i:05d}", published="2020-01-02") for i in range(n)]
    links = [
        Link(f"w{i - 1:05d}", f"w{i:05d}", "copy", 0.99, direction=f"w{i - 1:05d}")
        for i in range(1, n)
    ]
    return arts, links


def test_a_chain_deeper_than_the_recursion_limit_has_its_root():
    arts, links = _chain(sys.getrecursionlimit() + 500)
    st = build_stemma(arts, links)
    assert st.root == "w00000"
    assert st.parent("w00001") == "w00000" and len(st.edges) == len(arts) - 1


def test_thousands_of_copies_lay_out_as_a_few_do():
    # one text run as it is: undirected copy links from the first, a few dated earlier
    n = 6000
    arts = [art(f"c{i:05d}", published=f"2020-01-0{1 + i % 3}") for i in range(n)]
    links = [Link("c00000", f"c{i:05d}", "copy", 1.0) for i in range(1, n, 2)]
    start = time.process_time()
    st = build_stemma(arts, links)
    assert time.process_time() - start < 10  # the scan of every witness for each took minutes
    small = build_stemma(arts[:30], [ln for ln in links if ln.b <= "c00029"])
    # the order of a small story is the start of the large one's: earliest first, then id
    assert [n.id for n in st.nodes][:10] == [n.id for n in small.nodes][:10]
    assert [n.id for n in st.nodes][:3] == ["c00000", "c00003", "c00006"]
    assert st.root == "c00000"
    assert sum(1 for e in st.edges if e.source == "c00000") == n // 2
