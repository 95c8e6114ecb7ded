"""``candidates.moved``: the articles whose shared-text answers an update may have changed. Every
pair of two other articles kept through an update answers ``shares`` as before, so an
incremental run checks its kept answers only for pairs naming one of them."""

import random

import pytest

from stemma.stages.candidates import TextIndex, moved, shared, update
from tests.engine.test_candidates_update import MAX_DF, PER_TEXT, pile, prints_of


def index_of(articles: dict, max_df: int = MAX_DF) -> TextIndex:
    return update(TextIndex(per_text=PER_TEXT, max_df=max_df), prints_of(articles.values()), ())


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("max_df", [MAX_DF, 2])
def test_pairs_of_unmoved_articles_share_text_as_before(seed, max_df):
    arts = pile(seed, 40)
    rng = random.Random(seed)
    ids = sorted(arts)
    later = set(rng.sample(ids, 6))
    before = index_of({i: a for i, a in arts.items() if i not in later}, max_df)
    after = update(before, prints_of(arts[i] for i in sorted(later)), ())
    was, now = shared(before), shared(after)
    out = moved(before, after)
    assert later <= out  # new articles are always among them
    assert len(out) < len(arts)  # and not every article (else the check is no check)
    kept = [i for i in ids if i not in later and i not in out]
    for a in kept:
        for b in kept:
            assert now.shares(a, b) == was.shares(a, b), (a, b)
    # the set is not trivially everything that changed nothing: some moved pair did change
    changed = {
        p
        for p in ((a, b) for a in ids for b in ids if a not in later and b not in later)
        if now.shares(*p) != was.shares(*p)
    }
    assert all(a in out or b in out for a, b in changed)


def test_a_first_index_moves_every_article():
    arts = pile(5, 12)
    after = index_of(arts)
    assert moved(TextIndex(per_text=PER_TEXT, max_df=MAX_DF), after) == set(arts)


def test_nothing_added_moves_nothing():
    arts = pile(6, 20)
    before = index_of(arts)
    after = update(before, prints_of([]), ())
    assert moved(before, after) == set()
