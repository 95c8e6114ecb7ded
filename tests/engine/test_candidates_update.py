"""An index of the pile's texts updated with added, removed and changed articles gives the
pairs a computation over the resulting pile from scratch gives (stemma.stages.candidates)."""

import random

import numpy as np
import pytest

from stemma.stages.candidates import (
    Prints,
    TextIndex,
    decode,
    encode,
    shared,
    shared_text,
    update,
)
from stemma.stages.fingerprints import fingerprints
from tests.engine.test_candidates import article, story

PER_TEXT, MAX_DF, PER_ARTICLE = 2, 4, 2  # small: cut-off lists and stock phrases everywhere


def pile(seed: int = 3, n: int = 36) -> dict:
    """Copies, versions, excerpts of a few stories, some with a standing paragraph that more
    than ``MAX_DF`` of them carry, in three languages and none."""
    rng = random.Random(seed)
    base = [story(s) for s in range(5)]
    boiler = story(99, 40)
    out = {}
    for i in range(n):
        lines = base[i % 5].split("\n")
        kind = rng.random()
        if kind < 0.3:
            pass  # a copy
        elif kind < 0.7:
            lines = lines[: rng.randint(2, len(lines))]
            lines[0] = lines[0].replace("river", rng.choice(["harbour", "court", "bridge"]))
        else:
            lines = lines[rng.randint(0, 4) :][:4]  # an excerpt
        if rng.random() < 0.4:
            lines.append(boiler)
        lang = rng.choice(["en", "en", "en", "de", "und", None])
        a = article(f"a{i:03d}", "\n".join(lines), lang)
        out[a.id] = a
    return out


def prints_of(articles) -> Prints:
    return Prints.of(fingerprints(list(articles)))


def fresh(articles, max_df: int = MAX_DF) -> TextIndex:
    return TextIndex(per_text=PER_TEXT, max_df=max_df)


def assert_as_from_scratch(index: TextIndex, articles: dict) -> None:
    want = shared_text(
        fingerprints(list(articles.values())), PER_ARTICLE, per_text=PER_TEXT, max_df=index.max_df
    )
    got = shared(index, PER_ARTICLE)
    assert got.typed == want.typed
    assert got.text_of == want.text_of
    assert dict(got.partners.items()) == dict(want.partners.items())
    ids = sorted(articles)
    assert all(got.shares(a, b) == want.shares(a, b) for a in ids for b in ids)


def test_the_pile_has_what_the_update_rules_are_about():
    arts = pile()
    index = update(fresh(arts), prints_of(arts.values()), ())
    assert bool(index.more.any())  # cut-off partner lists
    assert bool((index.df > MAX_DF).any())  # stock phrases
    assert any(len(ids) > 1 for ids in index.members)  # copies: one text, several articles
    assert shared(index, PER_ARTICLE).typed


@pytest.mark.parametrize("parts", [2, 5, 36])
def test_a_pile_taken_in_parts_gives_the_pairs_of_the_whole(parts):
    arts = pile()
    ids = sorted(arts)
    random.Random(parts).shuffle(ids)
    index = fresh(arts)
    for k in range(parts):
        chunk = ids[k::parts]
        index = update(index, prints_of(arts[i] for i in chunk), ())
    assert_as_from_scratch(index, arts)


def test_removing_articles_gives_the_pairs_of_what_is_left():
    arts = pile()
    index = update(fresh(arts), prints_of(arts.values()), ())
    rng = random.Random(7)
    ids = sorted(arts)
    # a text's first article first (the text starts with another one), then others
    firsts = [ids_[0] for ids_ in index.members if len(ids_) > 1]
    for gone in [firsts[0], *rng.sample(ids, 12)]:
        if gone not in arts:
            continue
        del arts[gone]
        index = update(index, prints_of(()), [gone])
        assert_as_from_scratch(index, arts)


def test_a_changed_article_gives_the_pairs_of_its_new_version():
    arts = pile()
    index = update(fresh(arts), prints_of(arts.values()), ())
    rng = random.Random(11)
    for n, target in enumerate(rng.sample(sorted(arts), 8)):
        donor = arts[rng.choice(sorted(arts))]
        text = donor.source if n % 2 else story(200 + n)  # a copy of another, or all new
        arts[target] = article(target, text, donor.lang)
        index = update(index, prints_of([arts[target]]), [target])
        assert_as_from_scratch(index, arts)


def test_a_shingle_crossing_max_df_either_way_gives_the_pairs_of_the_whole():
    # a standing paragraph carried by MAX_DF articles, then by one more (a stock phrase:
    # excerpts through it no longer count), then by MAX_DF again
    boiler = story(77, 60)
    arts = {f"p{i}": article(f"p{i}", boiler + "\n" + story(300 + i, 200)) for i in range(MAX_DF)}
    index = update(fresh(arts), prints_of(arts.values()), ())
    assert_as_from_scratch(index, arts)
    with_stock = shared(index, PER_ARTICLE).typed
    arts["p9"] = article("p9", boiler + "\n" + story(309, 200))
    index = update(index, prints_of([arts["p9"]]), ())
    assert_as_from_scratch(index, arts)
    assert shared(index, PER_ARTICLE).typed != with_stock
    del arts["p0"]
    index = update(index, prints_of(()), ["p0"])
    assert_as_from_scratch(index, arts)


def test_a_text_that_starts_with_another_article_moves_in_ties():
    # an excerpt contained whole in three versions: three partners of score 1.0, two kept,
    # ties to the text whose first article has the smaller id
    full = story(5, 400)
    arts = {"e": article("e", "\n".join(full.split("\n")[:4]))}
    for n in (1, 2, 3):  # each with a closing paragraph of its own
        arts[f"k{n}"] = article(f"k{n}", full + "\n" + story(400 + n, 60))
    # no stock phrase here: only the tie moves the excerpt's partners
    index = update(fresh(arts, max_df=50), prints_of(arts.values()), ())
    before = shared(index, PER_ARTICLE)
    assert before.partners[before.text_of["e"]] == {before.text_of["k1"], before.text_of["k2"]}
    arts["k0"] = article("k0", arts["k3"].source)  # k3's text now starts first
    index = update(index, prints_of([arts["k0"]]), ())
    assert_as_from_scratch(index, arts)
    after = shared(index, PER_ARTICLE)
    assert after.text_of["k3"] in after.partners[after.text_of["e"]]
    del arts["k0"], arts["k1"]  # and back, and k1's text gone
    index = update(index, prints_of(()), ["k0", "k1"])
    assert_as_from_scratch(index, arts)


def test_an_index_reads_back_as_it_was_kept_and_updates_alike():
    arts = pile()
    ids = sorted(arts)
    index = update(fresh(arts), prints_of(arts[i] for i in ids[:30]), ())
    index.seen = {i: "digest|code" for i in ids[:30]}
    back = decode(encode(index))
    assert back.seen == index.seen and back.members == index.members
    assert back.langs == index.langs
    for name in ("signatures", "samples", "df", "p_text", "p_score", "more"):
        assert np.array_equal(getattr(back, name), getattr(index, name))
    index = update(back, prints_of(arts[i] for i in ids[30:]), [ids[0]])
    del arts[ids[0]]
    assert_as_from_scratch(index, arts)
    with pytest.raises(ValueError):
        decode([b"not an index"])


def test_taking_in_an_article_twice_is_refused():
    arts = pile(n=4)
    index = update(fresh(arts), prints_of(arts.values()), ())
    with pytest.raises(ValueError, match="a000"):
        update(index, prints_of([arts["a000"]]), ())


def test_the_bands_kept_for_the_default_signature_are_datasketchs():
    from datasketch import MinHashLSH

    from stemma.stages.candidates import BANDS

    for (threshold, perm), bands in BANDS.items():
        lsh = MinHashLSH(threshold=threshold, num_perm=perm)
        assert (lsh.b, lsh.r) == bands
