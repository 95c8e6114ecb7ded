"""The clusterer's per-article state held compactly: the same features, fewer objects.

A profile's sketch is packed bytes, its recurring strings and weights are shared objects, and
kept profiles are read from the store when the clusterer asks for them. None of it may change
what the pair model sees: the features of any pair are those of the plain representation.
"""

import json
import random
import sys

import numpy as np
import pytest

from stemma.model import Article
from stemma.stages import profiles
from stemma.stories.represent import (
    Profile,
    compact,
    pack_sketch,
    represent,
    resemblance,
    shingle_sketch,
    sketch_hashes,
    words,
)
from stemma.stories.similarity import Entry, pair_features


def article(i: int, text: str, title: str = "", lang: str = "en", published=None) -> Article:
    return Article(
        id=f"a{i:03d}",
        raw=text.encode(),
        format="txt",
        source=text,
        text=text,
        title=title,
        lang=lang,
        published=published,
    )


# Texts of our own, in several languages and scripts, sharing names, numbers and wording so that
# every feature is non-zero for some pairs.
TEXTS = [
    (
        "Flood in Orvella",
        "Heavy rain flooded Orvella on March 3, 2019. Mayor Lina Haddad said 120 homes were hit. The Orvella river rose 2.5 metres overnight.",
    ),
    (
        "Orvella floods",
        "Mayor Lina Haddad said on March 3 that 120 homes in Orvella were flooded after heavy rain. The river rose 2.5 metres overnight.",
    ),
    (
        "Bridge opens",
        "The new Kestrel Bridge opened in Marrow on 12 June 2021. Engineer Tomas Brandt said it cost 45 million. Traffic across Marrow eased at once.",
    ),
    (
        "Kestrel Bridge",
        "Engineer Tomas Brandt opened the Kestrel Bridge in Marrow; it cost 45 million and took 3 years. Traffic across Marrow eased at once.",
    ),
    ("", "Short note about nothing in particular here today"),
    ("Ferry capsizes on Lake Orvella", ""),
    ("Ferry capsizes on lake", ""),
    (
        "سیل در اروِلا",
        "باران شدید اروِلا را در ۱۲ خرداد ۱۳۹۸ فرا گرفت. شهردار گفت ۱۲۰ خانه آسیب دید.",
    ),
    (
        "Hochwasser in Orvella",
        "Starker Regen überflutete Orvella am 3. März 2019. Bürgermeisterin Lina Haddad sagte, 120 Häuser seien betroffen.",
    ),
    (
        "Election in Marrow",
        "Voters in Marrow chose Ada Quill as mayor in 2021 with 52.4 per cent. Quill promised to finish the Kestrel Bridge.",
    ),
]


@pytest.fixture(scope="module")
def fixture_profiles() -> list[Profile]:
    return [
        represent(article(i, text, title, lang="fa" if i == 7 else "de" if i == 8 else "en"))
        for i, (title, text) in enumerate(TEXTS)
    ]


def _plain_resemblance(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The estimate as it was computed on tuples of ints before sketches were packed."""
    if not a or not b:
        return 0.0
    both = set(a).intersection(b)
    if not both:
        return 0.0
    k = min(len(a), len(b))
    return sum(1 for h in sorted(set(a).union(b))[:k] if h in both) / k


def test_packed_resemblance_equals_plain_estimate():
    rng = random.Random(11)
    for _ in range(500):
        common = [rng.getrandbits(64) for _ in range(rng.randint(0, 40))]
        a = sorted(set(common + [rng.getrandbits(64) for _ in range(rng.randint(0, 40))]))[:64]
        b = sorted(set(common + [rng.getrandbits(64) for _ in range(rng.randint(0, 40))]))[:64]
        packed = resemblance(pack_sketch(a), pack_sketch(b))
        assert packed == _plain_resemblance(tuple(a), tuple(b))
    # hashes near 2**64 survive packing (unsigned)
    top = [2**64 - 1, 2**63, 5]
    assert list(sketch_hashes(pack_sketch(top))) == sorted(top)


def test_sketch_is_packed_and_ascending():
    sketch = shingle_sketch(words("one two three four five six seven eight nine ten eleven"))
    assert isinstance(sketch, bytes) and len(sketch) == 8 * 9
    hashes = list(sketch_hashes(sketch))
    assert hashes == sorted(hashes) and len(set(hashes)) == 9


def _entries(profs: list[Profile], seed: int = 3) -> list[Entry]:
    rng = np.random.default_rng(seed)
    vecs = rng.normal(size=(len(profs), 16)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return [Entry(p, v) for p, v in zip(profs, vecs, strict=True)]


def test_pair_features_equal_after_keeping(fixture_profiles):
    """A kept profile (encoded, decoded) gives every pair the features the fresh one gave,
    and the shingles feature is the plain estimate."""
    fresh = _entries(fixture_profiles)
    back = _entries([profiles.decode(profiles.encode(p)) for p in fixture_profiles])
    assert [e.profile for e in back] == [e.profile for e in fresh]
    features = set()
    for i in range(len(fresh)):
        for j in range(len(fresh)):
            got = pair_features(fresh[i], fresh[j], across=0.8)
            assert pair_features(back[i], back[j], across=0.8) == got
            pi, pj = fresh[i].profile, fresh[j].profile
            if pi.script == pj.script:
                plain = _plain_resemblance(
                    tuple(sketch_hashes(pi.sketch)), tuple(sketch_hashes(pj.sketch))
                )
                assert got[9] == plain
            features.update(k for k, x in enumerate(got) if x and i != j)
    # the fixture exercises names, numbers, years, shingles and the headline features
    assert {1, 3, 5, 8, 9} <= features


def test_pair_features_equal_on_corpus_pairs(corpora):
    """Random pairs of real articles: features of kept profiles equal those of fresh ones."""
    path = corpora / "ecbplus" / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")][:120]
    fresh_profiles = [
        represent(article(i, r["text"] or "", r.get("title") or "", r.get("lang") or "en"))
        for i, r in enumerate(rows)
    ]
    fresh = _entries(fresh_profiles)
    back = _entries([profiles.decode(profiles.encode(p)) for p in fresh_profiles])
    rng = random.Random(5)
    shingled = 0
    for _ in range(600):
        i, j = rng.randrange(len(fresh)), rng.randrange(len(fresh))
        got = pair_features(fresh[i], fresh[j])
        assert pair_features(back[i], back[j]) == got
        pi, pj = fresh[i].profile, fresh[j].profile
        plain = _plain_resemblance(tuple(sketch_hashes(pi.sketch)), tuple(sketch_hashes(pj.sketch)))
        assert got[9] == plain
        shingled += got[9] > 0
    assert shingled  # some pairs share wording (ECB+ topics hold similar reports)


def test_recurring_values_are_shared_objects(fixture_profiles):
    a, b = fixture_profiles[0], fixture_profiles[1]
    name = next(k for k in a.names if k in b.names)
    key_a = next(k for k in a.names if k == name)
    key_b = next(k for k in b.names if k == name)
    assert key_a is key_b  # one string for the name however many articles hold it
    assert a.lang is b.lang
    weights = {id(w) for p in fixture_profiles for w in p.names.values() if w == 1.0}
    assert len(weights) == 1
    empty = [p.days for p in fixture_profiles if not p.days]
    assert len(empty) > 1 and all(d is empty[0] for d in empty)
    assert not hasattr(a, "__dict__")  # slotted: no dictionary per profile
    # a profile read back is made as compact
    back = profiles.decode(profiles.encode(a))
    assert next(k for k in back.names if k == name) is key_a
    assert isinstance(back.sketch, bytes)
    headline = fixture_profiles[5]
    assert headline.words == tuple(sorted(set(headline.words))) and len(headline.words) == 5
    assert profiles.decode(profiles.encode(headline)).words == headline.words


def test_plain_profile_made_compact_is_equal():
    """A profile built the plain way (a tuple sketch, fresh strings) compacts to an equal one."""
    hashes = (3, 9, 2**64 - 1)
    plain = Profile(
        id="x",
        lang="".join(["e", "n"]),
        title="t",
        passages=["p"],
        names={"".join(["ad", "a"]): 1.0},
        numbers=frozenset({"120"}),
        sketch=hashes,  # as an older row held it
        words=frozenset({"p", "ada"}),  # as an older row held it
    )
    made = compact(plain)
    assert made.words == ("ada", "p")
    assert (
        made.sketch == pack_sketch(hashes) and made.lang == "en" and made.lang is sys.intern("en")
    )
    assert made.names == {"ada": 1.0} and made.numbers == {"120"}


def test_older_kept_row_decodes_to_a_packed_sketch(fixture_profiles):
    """A row whose sketch was written as a tuple still reads (the stage hash normally has such
    rows made again; decoding them never misreads the sketch)."""
    profile = fixture_profiles[2]
    data = json.loads(profiles.encode(profile))
    data["sketch"] = {"\u0000tuple": list(sketch_hashes(profile.sketch))}
    back = profiles.decode(json.dumps(data).encode())
    assert back == profile


class _Rows:
    """A store holding stage rows, counting its reads."""

    def __init__(self, rows: dict[str, bytes]):
        self.rows, self.reads = rows, 0

    def stage_rows(self, stage, keys=None):
        assert stage == profiles.STAGE and keys is not None  # never all at once
        self.reads += 1
        for key in keys:
            yield key, "inputs", self.rows[key]


def test_kept_profiles_read_on_demand(fixture_profiles):
    store = _Rows({p.id: profiles.encode(p) for p in fixture_profiles})
    ids = [p.id for p in fixture_profiles[:6]]  # the others' rows are stale: not kept
    kept = profiles.Kept(store, ids)
    assert store.reads == 0 and len(kept) == 6 and list(kept) == sorted(ids)
    assert fixture_profiles[7].id not in kept and kept.get(fixture_profiles[7].id) is None
    assert kept[ids[1]] == fixture_profiles[1] and store.reads == 1
    got = kept.many([ids[0], fixture_profiles[8].id, ids[3], ids[0]])
    assert got == {ids[0]: fixture_profiles[0], ids[3]: fixture_profiles[3]}
    assert store.reads == 2
    with pytest.raises(KeyError):
        kept["nope"]


def test_kept_profiles_read_ahead_in_one_query_and_not_again_once_decoded(fixture_profiles):
    store = _Rows({p.id: profiles.encode(p) for p in fixture_profiles})
    ids = [p.id for p in fixture_profiles[:6]]
    kept = profiles.Kept(store, ids)
    assert kept[ids[0]] == fixture_profiles[0] and store.reads == 1
    kept.read_ahead([*ids, fixture_profiles[7].id])  # one query: the others, not the stale one
    assert store.reads == 2
    for n, key in enumerate(ids[1:], start=1):  # asked one at a time, as entries ask
        assert kept[key] == fixture_profiles[n]
    assert store.reads == 2
    assert kept[ids[2]] == fixture_profiles[2] and store.reads == 3  # read ahead once only
    kept.read_ahead(ids)  # every one decoded before: nothing read
    assert store.reads == 3 and kept[ids[0]] == fixture_profiles[0] and store.reads == 4
