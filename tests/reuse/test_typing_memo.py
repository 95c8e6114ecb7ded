"""Typing aligns each pair of texts once: pairs of copies under other ids, outlets and dates
reuse the alignment and get the link a fresh alignment gives them; any difference in what an
alignment reads (either text, a language, the clean spans) is aligned on its own."""

from dataclasses import asdict

from stemma.memo import clear_article_caches
from stemma.model import Article, Passage, SourceCitation
from stemma.reuse.passages import align_passages
from stemma.reuse.typing import _ALIGNED, link_from, measure, type_same_language

WIRE = (
    "Die Stadtwerke von Norderbrück erhöhen ab Juli die Preise für Fernwärme um 12 Prozent.\n\n"
    "Geschäftsführerin Ilse Marquardt nannte am Montag gestiegene Kosten für Gas als Grund.\n\n"
    "Rund 8.400 Haushalte sind betroffen (vor allem in der Altstadt).\n\n"
    "Der Mieterverein kündigte an, die Abrechnungen prüfen zu lassen."
)
EDITED = (
    WIRE.replace("um 12 Prozent", "um zwölf Prozent")
    .replace("(vor allem in der Altstadt)", "[vor allem in der Altstadt]")
    .replace("Der Mieterverein kündigte an, die Abrechnungen prüfen zu lassen.", "")
    .strip()
)


def _article(id, text, lang="de", passages=None, **kw):
    if passages is None:
        passages, at = [], 0
        for part in text.split("\n\n"):
            start = text.index(part, at)
            passages.append(Passage(start, start + len(part), part, lang, len(passages)))
            at = start + len(part)
    return Article(
        id=id, raw=text.encode(), format="txt", source=text, text=text, lang=lang,
        passages=passages, **kw,
    )  # fmt: skip


def _fresh(a, b):
    """The link without the memo: aligned and measured from scratch."""
    alignment = align_passages(a, b)
    return link_from(a, b, alignment, measure(a, b, alignment))


def _json(link):
    return None if link is None else asdict(link)


def test_pairs_of_one_text_pair_are_aligned_once_and_typed_each_on_its_own():
    clear_article_caches()
    pairs = [
        (_article("w1", WIRE), _article("e1", EDITED)),
        # the same two texts under other ids, with dates against the containment, and a citation
        (
            _article("w2", WIRE, published="2026-03-05"),
            _article("e2", "".join(EDITED), published="2026-03-01", outlet="Kurier"),
        ),
        (
            _article("w3", WIRE),
            _article("e3", EDITED, sources=[SourceCitation("dpa", "Quelle: dpa", 0, 10)]),
        ),
    ]
    links = [type_same_language(a, b) for a, b in pairs]
    assert len(_ALIGNED.items) == 1  # one pair of texts, one alignment
    for (a, b), link in zip(pairs, links, strict=True):
        assert _json(link) == _json(_fresh(a, b))
        assert (link.a, link.b) == (a.id, b.id)
    assert links[0].kind == links[1].kind == "revision"
    # what is not of the texts is each pair's own: the later-dated fuller text is no source
    assert links[0].direction == "w1" and links[1].direction is None
    assert "e2 is earlier" in links[1].evidence.reasons[-1]
    # each link holds lists of its own, not the shared alignment's
    links[0].evidence.pairs.clear()
    assert links[1].evidence.pairs and type_same_language(*pairs[2]).evidence.pairs


def test_what_an_alignment_reads_is_its_key():
    clear_article_caches()
    a, b = _article("a", WIRE), _article("b", EDITED)
    type_same_language(a, b)
    variants = [
        (_article("a", WIRE, lang="tr"), b),  # another language folds words otherwise
        (a, _article("b", EDITED, lang="tr")),
        (b, a),  # the pair the other way round: offsets swap sides
        (_article("a", WIRE, passages=[Passage(0, 86, WIRE[:86], "de", 0)]), b),  # cut spans
        (_article("a", WIRE.replace("Montag", "Dienstag")), b),  # another text
    ]
    for x, y in variants:
        assert _json(type_same_language(x, y)) == _json(_fresh(x, y))
    assert len(_ALIGNED.items) == 1 + len(variants)
    swapped = type_same_language(b, a)
    assert swapped.evidence.pairs[0].a_start == type_same_language(a, b).evidence.pairs[0].b_start


def test_an_encoder_similarity_is_never_memoised():
    clear_article_caches()
    a, b = _article("a", WIRE), _article("b", EDITED)
    calls = []

    def similarity(xs, ys):
        calls.append(1)
        return [[0.0 for _ in ys] for _ in xs]

    type_same_language(a, b, similarity)
    type_same_language(a, b, similarity)
    assert len(calls) == 2 and not _ALIGNED.items
