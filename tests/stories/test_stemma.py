from stemma.model import Article, Link, SourceCitation
from stemma.stories.stemma import build_stemma


def art(id, lang="en", published=None, sources=()):
    return Article(
        id=id,
        raw=id.encode(),
        format="txt",
        source=id,
        lang=lang,
        published=published,
        sources=list(sources),
    )


def test_lost_translation_between_two_copies_and_their_original():
    arts = [
        art("fa1", "fa"),
        art("en1", published="2018-04-05"),
        art("en2", published="2018-04-05"),
        art("rw", published="2018-04-05"),
    ]
    links = [
        Link("en1", "en2", "copy", 0.95),
        Link("fa1", "en1", "translation", 0.9, direction="fa1"),
        Link("fa1", "en2", "translation", 0.88, direction="fa1"),
        Link("fa1", "rw", "paraphrase", 0.5, direction="fa1"),
    ]
    st = build_stemma(arts, links)
    assert st.root == "fa1"
    unseen = [n for n in st.nodes if n.kind == "unseen"]
    assert len(unseen) == 1 and unseen[0].lang == "en"
    assert st.parent("en1") == st.parent("en2") == unseen[0].id
    assert st.parent(unseen[0].id) == "fa1"
    assert st.parent("rw") == "fa1"
    kinds = {(e.source, e.target): e.kind for e in st.edges}
    assert kinds[("fa1", unseen[0].id)] == "translation"


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
