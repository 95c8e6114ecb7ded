"""Same-language pairs to type: defined over the pile, whatever order it arrives in."""

import random

from stemma.model import Article, Passage
from stemma.stages.candidates import shared_text
from stemma.stages.fingerprints import decode, encode, fingerprints

WORDS = (
    "river harbour council budget storm minister village court school bridge festival railway "
    "farmers doctors election museum treaty drought factory border market opened closed "
    "announced rejected delayed approved said warned promised visited north south old new"
).split()


def article(id: str, text: str, lang: str = "en") -> Article:
    passages, at = [], 0
    for n, line in enumerate(text.split("\n")):
        passages.append(Passage(at, at + len(line), line, lang, n))
        at += len(line) + 1
    return Article(id=id, raw=text.encode(), format="txt", source=text, text=text, lang=lang,
                   passages=passages)  # fmt: skip


def story(seed: int, n: int = 240) -> str:
    rng = random.Random(seed)
    words = [rng.choice(WORDS) for _ in range(n)]
    return "\n".join(" ".join(words[i : i + 20]) + "." for i in range(0, n, 20))


def test_copies_are_typed_against_the_first_few_not_every_pair():
    text = story(1)
    prints = fingerprints([article(f"c{i}", text) for i in range(10)])
    shared = shared_text(prints, per_article=2)
    # 45 pairs share text; each copy is typed against the first only: one text, one verdict
    assert shared.typed == [("c0", f"c{i}") for i in range(1, 10)]
    assert shared.shares("c2", "c3") and shared.shares("c9", "c0")


def test_versions_are_typed_against_their_best_earlier_candidates():
    lines = story(4).split("\n")
    versions = [article(f"v{i}", "\n".join(lines[: len(lines) - i])) for i in range(6)]
    shared = shared_text(fingerprints(versions), per_article=2)
    # each later (shorter) version is contained in every earlier one: typed against the two
    # with the smallest ids (ties go to the smaller id)
    assert [p for p in shared.typed if p[1] == "v5"] == [("v0", "v5"), ("v1", "v5")]
    assert {b for _, b in shared.typed} == {f"v{i}" for i in range(1, 6)}
    assert all(sum(1 for _, b in shared.typed if b == x) <= 2 for x in ("v3", "v4", "v5"))


def test_an_excerpt_is_a_candidate_and_an_unrelated_text_is_not():
    full = story(2, 400)
    excerpt = "\n".join(full.split("\n")[:5])
    prints = fingerprints([article("a", full), article("b", excerpt), article("z", story(3))])
    shared = shared_text(prints)
    assert shared.typed == [("a", "b")]
    assert not shared.shares("a", "z")


def test_the_pairs_do_not_depend_on_arrival_order():
    rng = random.Random(5)
    base = [story(s) for s in range(4)]
    arts = []
    for i in range(40):
        lines = base[i % 4].split("\n")
        if i % 3:  # a version: an edited line, or a cut
            lines = lines[: rng.randint(3, len(lines))]
            lines[0] = lines[0].replace("river", "harbour")
        arts.append(article(f"x{i:02d}", "\n".join(lines), "en" if i % 5 else "de"))
    prints = fingerprints(arts)
    want = shared_text(prints)
    assert want.typed
    for seed in range(3):
        shuffled = list(prints)
        random.Random(seed).shuffle(shuffled)
        got = shared_text(shuffled)
        assert got.typed == want.typed
        assert all(
            got.shares(a, b) == want.shares(a, b) for a in want.text_of for b in want.text_of
        )


def test_a_phrase_in_more_articles_than_max_df_finds_no_excerpt():
    boiler = story(7, 60)  # a standing paragraph every article carries
    arts = [article(f"p{i}", boiler + "\n" + story(100 + i, 300)) for i in range(6)]
    assert shared_text(fingerprints(arts), max_df=10).typed  # rare enough: pairs found
    assert shared_text(fingerprints(arts), max_df=3).typed == []  # a stock phrase: none


def test_a_fingerprint_row_reads_back_as_it_was_written():
    fp = fingerprints([article("a", story(9))])[0]
    back = decode("a", encode(fp))
    assert back.id == "a" and back.lang == fp.lang and back.size == fp.size > 0
    assert back.minhash.jaccard(fp.minhash) == 1.0
    assert list(back.sample) == list(fp.sample)
    # the same bytes: LSH bands hash them, so a row read back must meet a fresh fingerprint
    assert back.minhash.hashvalues.dtype == fp.minhash.hashvalues.dtype
    assert back.minhash.hashvalues.tobytes() == fp.minhash.hashvalues.tobytes()


def test_pairs_from_fingerprints_read_back_equal_pairs_from_fresh_ones():
    text = story(11)
    arts = [
        article(f"h{i}", text if i % 2 else text + "\nA closing line of the outlet.")
        for i in range(6)
    ]
    fresh = fingerprints(arts)
    mixed = [decode(fp.id, encode(fp)) if n % 2 else fp for n, fp in enumerate(fresh)]
    want, got = shared_text(fresh), shared_text(mixed)
    assert want.typed and got.typed == want.typed
    assert all(got.shares(a.id, b.id) == want.shares(a.id, b.id) for a in arts for b in arts)
