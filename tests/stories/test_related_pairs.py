"""The pairs that make two stories related, chosen in arrays, are those a pair at a time gave:
for each two stories not related inside a group, the first pair across two groups (in the
order of the two stories' key) that is a candidate pair now."""

import numpy as np
import pytest

from stemma.stories.cluster import RELATED_KIND, StoryClusterer, StoryConfig, _codes
from tests.stories.test_cluster import COSINE_ONLY, make

DIM = 32  # room for dozens of stories far apart (in 6 dimensions every group joins)


class Table:
    name, dim = "table", DIM

    def __init__(self, table):
        self.table = table

    def encode(self, texts, *, kind="passage"):
        return np.array([self.table.get(t, np.zeros(DIM)) for t in texts], dtype=np.float32)


def one_pair_at_a_time(clusterer: StoryClusterer, story_of) -> list[tuple[str, str]]:
    """``StoryClusterer._related_pairs`` as it was written before it asked in arrays."""
    lo, hi, _ = clusterer._scores.reaching_pairs(2, clusterer.config.related)
    ids = clusterer._scores.ids
    story, component = _codes(ids, story_of), _codes(ids, clusterer._component)
    sa, sb = story[lo], story[hi]
    across = (sa != sb) & (sa >= 0) & (sb >= 0)
    lo, hi, sa, sb = lo[across], hi[across], sa[across], sb[across]
    count = max(int(story.max(initial=-1)) + 1, 1)
    key = np.minimum(sa, sb) * count + np.maximum(sa, sb)
    one_group = (component[lo] == component[hi]) & (component[lo] >= 0)
    known, first = np.unique(key[one_group], return_index=True)
    inside = np.flatnonzero(one_group)[first]
    out = [(ids[x], ids[y]) for x, y in zip(lo[inside].tolist(), hi[inside].tolist(), strict=True)]
    rest = np.flatnonzero(~one_group & ~np.isin(key, known))
    rest = rest[np.argsort(key[rest], kind="stable")]
    done = -1
    for k, x, y in zip(key[rest].tolist(), lo[rest].tolist(), hi[rest].tolist(), strict=True):
        if k != done and clusterer._graph.is_pair(ids[x], ids[y]):
            done = k
            out.append((ids[x], ids[y]))
    out.extend(clusterer._related_links)
    for (a, b), kind in clusterer._typed_kind.items():
        if kind == RELATED_KIND and clusterer._graph.is_pair(a, b):
            out.append((a, b))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("spread", [0.1, 0.3])
def test_related_pairs_in_arrays_are_those_asked_one_at_a_time(seed, spread):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(60, DIM))
    vectors, published = {}, {}
    for n in range(180):
        vec = centres[n % 60] + spread * rng.normal(size=DIM)
        vectors[f"a{n:03d}"] = vec / np.linalg.norm(vec)
        # months apart: pairs likely enough to relate two stories, not to join them
        published[f"a{n:03d}"] = f"2024-{1 + (n * 5) % 11:02d}-{1 + (n * 7) % 28:02d}"
    table, articles = make(vectors, published)
    clusterer = StoryClusterer(Table(table.table), StoryConfig(weights=COSINE_ONLY))
    clusterer.add_many(articles)
    stories = clusterer.stories()
    story_of = {i: s.id for s in stories for i in s.articles}
    want = one_pair_at_a_time(clusterer, story_of)
    groups = set(clusterer._component.values())
    across = [(a, b) for a, b in want if clusterer._component[a] != clusterer._component[b]]
    assert len(groups) > 1 and across  # the pairs across groups are asked about
    assert list(clusterer._related_pairs(story_of)) == want
    assert any(s.related for s in stories)
