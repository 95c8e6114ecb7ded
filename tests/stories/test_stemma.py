from stemma.model import AlignedPair, Article, Evidence, Link, Passage, SourceCitation
from stemma.stories.stemma import build_stemma


def art(id, lang="en", published=None, sources=(), sentences=0):
    text = " ".join(f"Sentence number {i} of this letter here." for i in range(sentences)) or id
    passages, at = [], 0
    for i in range(sentences):
        chunk = f"Sentence number {i} of this letter here."
        passages.append(Passage(at, at + len(chunk), chunk, lang, i))
        at += len(chunk) + 1
    return Article(
        id=id,
        raw=id.encode(),
        format="txt",
        source=text,
        text=text,
        lang=lang,
        published=published,
        sources=list(sources),
        passages=passages,
    )


def rendering(original, rendered, id, score=0.9):
    """A translation link from ``original`` rendering the passages numbered ``rendered``."""
    pairs = [
        AlignedPair(p.start, p.end, 0, 1, 5.0, "translation")
        for i, p in enumerate(original.passages)
        if i in rendered
    ]
    return Link(original.id, id, "translation", score, original.id, Evidence(pairs=pairs))


def test_lost_translation_only_when_each_copy_lacks_what_the_other_renders():
    fa = art("fa1", "fa", sentences=8)
    arts = [
        fa,
        art("en1", published="2018-04-05"),
        art("en2", published="2018-04-05"),
        art("rw", published="2018-04-05"),
    ]
    links = [
        Link("en1", "en2", "copy", 0.95),
        rendering(fa, {0, 1, 2, 3, 4, 5}, "en1"),
        rendering(fa, {2, 3, 4, 5, 6, 7}, "en2", 0.88),
        Link("fa1", "rw", "paraphrase", 0.5, direction="fa1"),
    ]
    st = build_stemma(arts, links)
    assert st.root == "fa1"
    unseen = [n for n in st.nodes if n.kind == "unseen"]
    assert len(unseen) == 1 and unseen[0].lang == "en"
    assert st.parent("en1") == st.parent("en2") == unseen[0].id
    assert st.parent(unseen[0].id) == "fa1"
    assert st.parent("rw") == "fa1"
    edge = next(e for e in st.edges if e.target == unseen[0].id)
    assert edge.kind == "translation" and edge.direction == "fa1"
    # the node states the readings that call for it
    assert edge.evidence["omitted"] == {"en1": [6, 7], "en2": [0, 1]}
    assert any("en1 lacks 2 passages" in r for r in edge.evidence["reasons"])


def test_no_lost_translation_when_one_copy_renders_all_the_other_does():
    # the official translation and a site's copy of it that dropped a passage: the copy may
    # descend from the official text, so no unseen exemplar is drawn and their link stays
    # undirected (nothing says which came first)
    fa = art("fa1", "fa", sentences=8)
    arts = [fa, art("official", published="2018-04-05"), art("site", published="2018-04-05")]
    links = [
        Link("official", "site", "revision", 0.9),
        rendering(fa, set(range(8)), "official"),
        rendering(fa, set(range(7)), "site", 0.85),
    ]
    st = build_stemma(arts, links)
    assert all(n.kind == "witness" for n in st.nodes)
    assert st.root == "fa1"
    between = next(e for e in st.edges if {e.source, e.target} == {"official", "site"})
    assert between.kind == "revision" and between.direction is None
    into_first = next(e for e in st.edges if e.source == "fa1")
    assert into_first.direction == "fa1"


def test_edges_agree_with_the_links_they_come_from():
    arts = [art("a", published="2020-01-01"), art("b"), art("c", published="2020-01-03")]
    links = [
        Link("a", "b", "copy", 0.9),
        Link("b", "c", "excerpt", 0.8, direction="b"),
    ]
    st = build_stemma(arts, links)
    by_pair = {frozenset((ln.a, ln.b)): ln for ln in links}
    for e in st.edges:
        ln = by_pair[frozenset((e.source, e.target))]
        assert (e.kind, e.direction) == (ln.kind, ln.direction)
    assert st.to_dict()["edges"][0]["direction"] in (None, "a", "b")


def test_directed_chain_and_no_cycles():
    arts = [
        art("a", published="2020-01-01"),
        art("b", published="2020-01-02"),
        art("c", published="2020-01-03"),
    ]
    links = [
        Link("a", "b", "copy", 0.9, direction="a"),
        Link("b", "c", "excerpt", 0.8, direction="b"),
        Link("c", "a", "copy", 0.3, direction="c"),
    ]
    st = build_stemma(arts, links)
    assert st.root == "a" and st.parent("b") == "a" and st.parent("c") == "b"
    assert len(st.edges) == 2


def test_undirected_copy_points_from_the_earlier_witness():
    arts = [art("late", published="2021-05-02"), art("early", published="2021-05-01")]
    st = build_stemma(arts, [Link("late", "early", "copy", 0.97)])
    assert st.root == "early" and st.parent("late") == "early"


def test_root_citing_an_absent_source_gets_an_unseen_parent():
    src = SourceCitation("Office website", "Source/ Office website", 0, 10)
    arts = [art("orig", "fa", sources=[src]), art("tr")]
    st = build_stemma(arts, [Link("orig", "tr", "translation", 0.9, direction="orig")])
    assert st.root.startswith("unseen:source:")
    assert st.parent("orig") == st.root and st.parent("tr") == "orig"


def test_same_event_and_related_links_are_not_derivations():
    arts = [art("x"), art("y")]
    st = build_stemma(arts, [Link("x", "y", "same_event", 0.6)])
    assert st.edges == [] and {n.id for n in st.nodes} == {"x", "y"}
    assert st.to_dict()["root"] in {"x", "y"}


def test_the_root_says_why_it_is_first_or_that_nothing_says_so():
    from stemma.model import TimeEvidence

    dated = [
        art("late", published="2021-05-02"),
        art("early", published="2021-05-01"),
    ]
    dated[0].when = TimeEvidence("2021-05-02", "day", "metadata")
    dated[1].when = TimeEvidence("2021-05-01", "day", "signature")
    st = build_stemma(dated, [Link("late", "early", "copy", 0.97, direction="early")])
    assert st.root == "early"
    assert "stated direction" in st.root_evidence and "earliest" in st.root_evidence
    # four undated translations of one text, no direction between any: a layout root only
    undated = [art(x, lang) for x, lang in (("d1", "de"), ("e1", "en"), ("f1", "fa"))]
    links = [Link("d1", "e1", "translation", 0.9), Link("e1", "f1", "translation", 0.9)]
    st = build_stemma(undated, links)
    assert "layout only" in st.root_evidence
    assert all(e.direction is None for e in st.edges)
    assert st.to_dict()["root_evidence"] == st.root_evidence
