import random

from stemma.model import Article
from stemma.reuse.candidates import LshIndex, same_language_candidates

VOCAB = (
    "river harbour council budget storm minister village court school bridge festival "
    "railway farmers doctors election museum treaty drought factory border market "
    "opened closed announced rejected delayed approved said warned promised visited "
    "north south old new small large early late quiet busy local national"
).split()


def _article(id, text, lang="en"):
    return Article(id=id, raw=text.encode(), format="txt", source=text, text=text, lang=lang)


def _story(seed, n=220):
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def _edit(text, seed, rate=0.05):
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCAB) if rng.random() < rate else w for w in text.split())


def test_near_duplicate_found_and_unrelated_not():
    index = LshIndex()
    original = _story(1)
    index.add(_article("orig", original))
    index.add(_article("other", _story(2)))
    found = index.query(_article("copy", _edit(original, 3)))
    assert [c.id for c in found] == ["orig"]
    assert found[0].jaccard > 0.5
    assert index.query(_article("new", _story(4))) == []


def test_excerpt_found_by_containment():
    index = LshIndex()
    long = _story(5, n=2000)
    index.add(_article("long", long))
    excerpt = " ".join(long.split()[600:750])
    (found,) = index.query(_article("excerpt", excerpt))
    assert found.id == "long"
    assert found.jaccard < 0.2  # LSH alone would miss it
    assert found.containment_query > 0.8
    assert found.containment_other < 0.2


def test_query_leaves_out_itself_and_add_is_idempotent():
    index = LshIndex()
    art = _article("a", _story(6))
    index.add(art)
    index.add(art)
    assert len(index) == 1 and "a" in index
    assert index.query(art) == []


def test_empty_article_is_ignored():
    index = LshIndex()
    index.add(_article("empty", "  ...  "))
    assert len(index) == 0
    assert index.query(_article("e2", "")) == []


def test_stock_phrase_shared_by_many_stops_counting():
    stock = _story(7, n=60)
    index = LshIndex(max_postings=5)
    for i in range(12):
        index.add(_article(f"s{i}", stock + " " + _story(100 + i, n=400)))
    # the stock phrase alone: its shingles are posted in too many articles to count
    assert index.query(_article("q", stock)) == []
    small = LshIndex()
    for i in range(3):
        small.add(_article(f"s{i}", stock + " " + _story(100 + i, n=400)))
    assert len(small.query(_article("q", stock))) == 3


def test_same_language_candidates_each_pair_once_in_order():
    base = _story(8)
    arts = [
        _article("a", base),
        _article("b", _story(9)),
        _article("c", _edit(base, 10)),
        _article("d", _edit(base, 11), lang="de"),  # another language: not a same-language pair
    ]
    pairs = same_language_candidates(arts)
    assert [(p[0], p[1]) for p in pairs] == [("a", "c")]
    _, _, jac, c_a, c_b = pairs[0]
    assert 0.5 < jac <= 1 and 0.5 < c_a <= 1 and 0.5 < c_b <= 1


def test_streaming_equals_batch():
    rng = random.Random(12)
    bases = [_story(200 + i) for i in range(6)]
    arts = [_article(f"x{i}", _edit(rng.choice(bases), 300 + i)) for i in range(24)]
    batch = {tuple(sorted(p[:2])) for p in same_language_candidates(arts)}
    index = LshIndex()
    streamed = set()
    for art in arts:
        streamed.update(tuple(sorted((c.id, art.id))) for c in index.query(art))
        index.add(art)
    assert streamed == batch
    assert len(batch) >= 24  # every article has siblings


def test_versions_past_a_texts_partner_list_still_share_text_untyped():
    # twelve edited versions of one story and an unrelated text; each text keeps 2 partners,
    # yet every pair of versions shares text (checked on the pair) and stays untyped
    from stemma.reuse.candidates import fingerprint, shares_text
    from stemma.stages.candidates import shared_text

    original = _story(5, 300)
    versions = [_article(f"v{i:02d}", _edit(original, 10 + i, 0.08)) for i in range(12)]
    prints = [fingerprint(a) for a in [*versions, _article("z", _story(6, 300))]]
    shared = shared_text(prints, per_text=2)
    ids = [a.id for a in versions]
    beyond = [
        (a, b)
        for a in ids
        for b in ids
        if a < b and shared.text_of[b] not in shared.partners.get(shared.text_of[a], ())
    ]
    assert beyond  # the partner list alone would leave these to be typed
    assert all(shared.shares(a, b) and shared.shares(b, a) for a, b in beyond)
    assert not any(shared.shares(a, "z") for a in ids)
    (sig_a, sample_a), (sig_b, sample_b) = (_parts(prints[1]), _parts(prints[-1]))
    assert shares_text(sig_a, sig_a, sample_a, sample_a)
    assert not shares_text(sig_a, sig_b, sample_a, sample_b)


def _parts(fp):
    import numpy as np

    return np.asarray(fp.minhash.hashvalues, dtype=np.uint32), fp.sample
