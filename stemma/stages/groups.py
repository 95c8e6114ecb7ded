"""Stage 4 kept: the clusterer's state (neighbour graph, pair scores, edges, the links and
verdicts it was given, groups and stories as last clustered) as stage rows.

:class:`stemma.stories.cluster.StoryClusterer` is built to take articles one at a time and end
where a batch over all of them ends (its neighbour lists only improve, a pair's score is a pure
function of the pair, a group touched by an arrival is clustered again). So a run that only
adds articles to a pile analysed before does not have to rebuild the graph and score every
neighbour pair again: it takes up the state the last run left and adds the new articles, and
only the groups they touch are clustered again. What the state was built from is kept beside
it (each article's digest, the reuse links it was given, which typer answers came from the
shared-text rule); the engine takes it up only where those still hold for the articles it
held, and rebuilds otherwise (see :func:`stemma.engine.local.run`).

The state is written as numpy arrays (``.npy``, no pickles: a store may be shared, and its rows
are read as data, never run) and JSON, cut into rows of at most :data:`PART` bytes (:func:`rows`).
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from array import array
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from datetime import date

import numpy as np
from numpy.lib import format as npy

from stemma.stages.answers import Merged
from stemma.store import readback
from stemma.stories import index
from stemma.stories.cluster import EDGE_TUPLE, StoryClusterer
from stemma.stories.represent import Profile
from stemma.stories.scores import PairScores
from stemma.stories.similarity import Entry

STAGE = "clusterer"
PART = 8 << 20  # bytes per stage row: one value stays well under any store's limit

# What a clusterer and its graph hold. A state is kept only for exactly these attributes: one
# added to either class later is not silently dropped (the engine then rebuilds every run,
# and tests/engine/test_groups.py says which attribute is missing here).
CLUSTERER_FIELDS = frozenset(
    {
        *("encoder", "config", "centring", "typer", "profiles", "_links_for"),
        *("_entries", "_graph", "_scores", "_edges", "_joined", "_related_links"),
        *("_typed_kind", "_waiting", "_story", "_component", "_dirty", "unbridged"),
    }
)
GRAPH_FIELDS = frozenset(
    {"dim", "k", "floor", "ids", "_row", "_blocks", "_nbr", "_sim", "_count", "_kth", "_rising"}
)

Pair = tuple[str, str]


def keepable(clusterer: StoryClusterer) -> bool:
    """Whether :func:`encode` knows everything ``clusterer`` holds."""
    return set(vars(clusterer)) == CLUSTERER_FIELDS and set(vars(clusterer._graph)) == GRAPH_FIELDS


def encode(clusterer: StoryClusterer, meta: dict) -> Iterator[tuple[str, str, bytes]]:
    """The clusterer's state and ``meta`` (JSON: what it was built from), as stage rows
    ``(key, digest, value)``, made as they are read (:func:`rows`)."""
    g = clusterer._graph
    ids = list(g.ids)
    row = g._row
    n = len(ids)
    # the pair scores' own article numbers as rows of the graph: arrays, no step per pair
    scores = clusterer._scores
    score_pairs, score_vals = scores.arrays()
    # (-1: an article taken out, whose pairs are gone: ``StoryClusterer.remove_many``)
    as_row = np.array([row.get(i, -1) for i in scores.ids], dtype=np.int64)
    score_pairs = as_row[score_pairs] if len(score_pairs) else score_pairs
    # rows of pairs straight into int32 arrays (4 bytes a number): a list of tuples of ints
    # cost some 110 bytes a pair (100,000 articles: over a million edges, 462,865 typed pairs)
    edges = array("i")
    for a, others in clusterer._edges.items():
        for b in others:
            if a < b:
                edges.extend((row[a], row[b]))
    joined = [
        (row[a], row[b], kind)
        for a, others in clusterer._joined.items()
        for b, kind in others.items()
        if a < b
    ]
    stories: dict[int, tuple[str, ...]] = {}
    for members in clusterer._story.values():
        stories.setdefault(id(members), members)
    story_members = [row[m] for s in stories.values() for m in s]
    # What grows with the pairs is kept as arrays of rows, not JSON (at 10,000 articles the
    # typer's answers were 5.3 MB of JSON and its verdicts 1.2 MB, the largest part of the
    # time a state took to write and read): the typer's verdicts, each article's group, and the
    # meta's ``asked`` (``[a, b, whether the shared-text rule gave it]``) where it names kept
    # articles only.
    kinds = sorted(set(clusterer._typed_kind.values()))
    code = {k: n for n, k in enumerate(kinds)}
    typed = clusterer._typed_kind
    typed_rows = array("i")
    for a, b in typed:
        typed_rows.extend((row[a], row[b]))
    component = np.full(n, -1, dtype=np.int32)
    for a, c in clusterer._component.items():
        component[row[a]] = row[c]
    asked = meta.get("asked")
    extra = {}
    if asked is not None:
        asked = asked if isinstance(asked, Merged) else Merged.of(asked)
        kept_rows = asked.rows(row)
        if kept_rows is not None:
            meta = {k: v for k, v in meta.items() if k != "asked"}
            extra["asked_pairs"] = np.stack(kept_rows, axis=1).astype(np.int32).reshape(-1, 2)
            extra["asked_was"] = asked.was()
        else:  # one names an article the clusterer lacks: kept as JSON
            meta = {**meta, "asked": [list(t) for t in asked]}
    plain = {
        "meta": meta,
        "ids": ids,
        "joined_kinds": [k for _, _, k in joined],
        "related": sorted(clusterer._related_links),
        "typed_kinds": kinds,
        "waiting": {k: [list(t) for t in v] for k, v in sorted(clusterer._waiting.items())},
        "dirty": sorted(clusterer._dirty),
        # of its articles, those the bridges skip (its groups' kept pairs were chosen so)
        "unbridged": [i for i in ids if i in clusterer.unbridged],
        # what the story list reads of every article, so its profile need not be decoded
        # (:class:`KeptEntry`); the rows of articles taken out hold none
        "heads": [_head(clusterer._entries.get(i)) for i in ids],
    }
    arrays = {
        # the graph's own blocks of vectors, each saved as it is (no copy of them all)
        **{
            f"vecs{b:06d}": block[: min(index._BLOCK, n - b * index._BLOCK)]
            for b, block in enumerate(g._blocks)
            if b * index._BLOCK < n
        },
        "nbr": g._nbr[:n],
        "sim": g._sim[:n],
        "count": g._count[:n],
        "kth": g._kth[:n],
        "score_pairs": score_pairs.astype(np.int32).reshape(-1, 2),
        "score_vals": np.ascontiguousarray(score_vals, dtype=np.float64).reshape(-1, 3),
        "edges": np.frombuffer(edges, dtype=np.int32).reshape(-1, 2),
        "joined": np.array([(a, b) for a, b, _ in joined], dtype=np.int32).reshape(-1, 2),
        "story_members": np.array(story_members, dtype=np.int32),
        "story_sizes": np.array([len(s) for s in stories.values()], dtype=np.int32),
        # in the order they were asked, as :attr:`StoryClusterer.typed` lists them
        "typed_pairs": np.frombuffer(typed_rows, dtype=np.int32).reshape(-1, 2),
        "typed_codes": np.fromiter((code[k] for k in typed.values()), np.uint8, len(typed)),
        "component": component,
        **extra,
    }
    return rows(plain, arrays)


def rows(plain: dict, arrays: dict[str, np.ndarray]) -> Iterator[tuple[str, str, bytes]]:
    """``(key, digest, value)`` rows of a state: each array as ``.npy`` bytes in parts of at most
    :data:`PART` bytes keyed ``name.part``, then ``plain`` (JSON) with the digest of every
    other row, so rows of two writes mixed are never read as one state (:func:`meta_of`). An
    array's rows are the same bytes while it is: the engine writes only rows that changed
    (the vectors of articles analysed before, half of a state of 100,000 articles, are not
    written again when articles are added). An array's bytes are read from it a row at a
    time, not copied whole (the state is written at the peak of a 100,000-article run)."""
    digests = {}
    for name in sorted(arrays):
        for k, value in enumerate(_npy_parts(arrays[name])):
            key = f"{name}.{k:04d}"
            digests[key] = digest(value)
            yield key, digests[key], value
    text = json.dumps({**plain, "rows": digests}, ensure_ascii=False).encode("utf-8")
    yield PLAIN, digest(text), text


def _npy_parts(array: np.ndarray) -> Iterator[bytes]:
    """The bytes ``np.save`` writes of ``array`` (format 1.0), in parts of at most ``PART``
    bytes, each copied from the array as it is yielded."""
    array = np.ascontiguousarray(array)
    head = io.BytesIO()
    npy.write_array_header_1_0(head, npy.header_data_from_array_1_0(array))
    head = head.getvalue()
    data = memoryview(array.reshape(-1).view(np.uint8)) if array.size else memoryview(b"")
    room = max(PART - len(head), 0)
    yield head + bytes(data[:room])
    for at in range(room, len(data), PART):
        yield bytes(data[at : at + PART])


PLAIN = "~plain"  # the key of a state's JSON row (sorted after the arrays' rows)


def digest(value: bytes) -> str:
    """What a row's inputs end with: the digest of its value."""
    return hashlib.blake2b(value, digest_size=16).hexdigest()


def meta_of(rows: Iterable[tuple[str, str, bytes | str]]) -> tuple[dict, dict] | None:
    """(meta, arrays) of a kept state from its rows ``(key, inputs, value)``, or None when they
    do not hold one (a row missing, spoiled, or of another write). ``inputs`` end with the
    digest the row was written with (the engine's stage rows), or are that digest (as
    :func:`encode` yields them). The digests are checked against those the state's JSON lists,
    not made again from the values (some 290 MB at 100,000 articles, hashed once more by every
    run); a row cut short fails to load as an array."""
    try:
        parts: dict[str, list[tuple[int, bytes]]] = {}
        plain = None
        seen = {}
        for key, inputs, value in rows:
            value = bytes(value) if not isinstance(value, bytes) else value
            if key == PLAIN:
                plain = readback.loads(value)
                continue
            name, k = key.rsplit(".", 1)
            parts.setdefault(name, []).append((int(k), value))
            seen[key] = inputs.rsplit("|", 1)[-1]
        if plain is None or plain.pop("rows") != seen:
            return None
        arrays = {}
        for name, held in parts.items():
            held.sort()
            data = b"".join(v for _, v in held)
            arrays[name] = np.load(io.BytesIO(data), allow_pickle=False)
            del data
        pairs, was = arrays.pop("asked_pairs", None), arrays.pop("asked_was", None)
        if pairs is not None and "asked" not in plain["meta"]:
            # as arrays (1.45 million answers at 100,000 articles: a list of them held some
            # 150 MB and took seconds to build and to read)
            pairs = pairs.reshape(-1, 2)
            plain["meta"]["asked"] = Merged(plain["ids"], pairs[:, 0], pairs[:, 1], was)
    # a spoiled row (cut, or not a state's) raises one of these, never an answer
    except (
        *(ValueError, OSError, KeyError, EOFError, IndexError, TypeError, AttributeError),
        UnicodeDecodeError,
    ):
        return None
    return plain, arrays


def decode(
    plain: dict,
    arrays: dict,
    encoder,
    typer: Callable[[str, str], object],
    profiles: Mapping[str, Profile],
    without: Container[str] = frozenset(),
) -> StoryClusterer:
    """The clusterer :func:`encode` kept, taking up ``encoder``, ``typer`` and the ``profiles``
    of its articles. The typer's answers it holds come back as ``(a, b, kind)``: the few that
    are needed as links are read again (``stemma.stages.stories.typed_links``), not all.
    ``without``: articles to be taken out at once (``StoryClusterer.remove_many``), whose
    profiles are not read (a changed article's is gone)."""
    c = StoryClusterer(encoder, typer=typer, profiles=profiles)
    g = c._graph
    ids = plain["ids"]
    n = len(ids)
    blocks = sorted(k for k in arrays if k.startswith("vecs"))
    g.ids = list(ids)
    g._row = {item: r for r, item in enumerate(ids)}
    # whether every id arrived after all smaller ones: the ids in arrival order say so
    g._rising = all(a < b for a, b in zip(ids, ids[1:], strict=False))
    g._blocks = []
    for key in blocks:
        block = np.zeros((index._BLOCK, g.dim), dtype=np.float32)
        part = arrays[key]
        block[: len(part)] = part
        g._blocks.append(block)
    if sum(len(arrays[k]) for k in blocks) != n:
        raise ValueError("the kept vectors are not one for each kept article")
    g._nbr = np.array(arrays["nbr"], dtype=np.int32).reshape(n, g.k)
    g._sim = np.array(arrays["sim"], dtype=np.float64).reshape(n, g.k)
    g._count = np.array(arrays["count"], dtype=np.int32)
    g._kth = np.array(arrays["kth"], dtype=np.float64)
    # each kept profile read from the store and decoded when first used (``KeptEntry``): an
    # incremental run uses those of the groups it clusters again, and decoding all of them
    # was a tenth of adding 100 articles to 100,000
    heads = plain["heads"]
    if len(heads) != n:
        raise ValueError("the kept heads are not one for each kept article")
    c._entries = {}
    for r, item in enumerate(ids):
        if item in without:
            continue
        if item not in profiles or heads[r] is None:
            raise KeyError(item)
        c._entries[item] = KeptEntry(item, heads[r], g.vector(item), profiles)
    c._scores = PairScores.from_arrays(ids, arrays["score_pairs"], arrays["score_vals"])
    c._edges = _edges(ids, arrays["edges"])
    c._joined = {item: {} for item in ids}
    for (ra, rb), kind in zip(arrays["joined"].tolist(), plain["joined_kinds"], strict=True):
        c._joined[ids[ra]][ids[rb]] = c._joined[ids[rb]][ids[ra]] = kind
    c._related_links = {(a, b) for a, b in plain["related"]}
    kinds = plain["typed_kinds"]
    c._typed_kind = {
        (ids[a], ids[b]): kinds[k]
        for (a, b), k in zip(
            arrays["typed_pairs"].tolist(), arrays["typed_codes"].tolist(), strict=True
        )
    }
    c._waiting = {k: [tuple(t) for t in v] for k, v in plain["waiting"].items()}
    at = 0
    members = arrays["story_members"].tolist()
    for size in arrays["story_sizes"].tolist():
        story = tuple(ids[r] for r in members[at : at + size])
        at += size
        for m in story:
            c._story[m] = story
    c._component = {ids[r]: ids[c] for r, c in enumerate(arrays["component"].tolist()) if c >= 0}
    c._dirty = set(plain["dirty"])
    c.unbridged = frozenset(plain["unbridged"])
    return c


_PROFILE = Entry.profile  # the slot a KeptEntry decodes its profile into, once


class KeptEntry(Entry):
    """A clusterer's entry taken up from a kept state: its vector a view of the graph's, its
    profile read from ``profiles`` (``stemma.stages.profiles.Kept``: the store) when first
    used, and its id, language, title and date (what the story list reads of every article)
    from the state, so an article of a group not clustered again is never decoded."""

    __slots__ = ("_id", "_head", "_profiles")

    def __init__(self, id: str, head: list, vec: np.ndarray, profiles: Mapping[str, Profile]):
        lang, title, published = head
        self._id, self._profiles, self.vec = id, profiles, vec
        self._head = (sys.intern(lang), title, date.fromisoformat(published) if published else None)

    @property
    def profile(self) -> Profile:
        try:
            return _PROFILE.__get__(self, KeptEntry)
        except AttributeError:
            profile = self._profiles[self._id]
            _PROFILE.__set__(self, profile)
            return profile

    @profile.setter
    def profile(self, value: Profile) -> None:
        _PROFILE.__set__(self, value)

    @property
    def id(self) -> str:
        return self._id

    @property
    def lang(self) -> str:
        return self._head[0]

    @property
    def title(self) -> str:
        return self._head[1]

    @property
    def published(self) -> date | None:
        return self._head[2]


def _head(entry: Entry | None) -> list | None:
    if entry is None:
        return None
    published = entry.published
    return [entry.lang, entry.title, published.isoformat() if published else None]


def _edges(ids: list[str], edges: np.ndarray) -> dict[str, tuple[str, ...] | set[str]]:
    """Each article's linked partners (both ways), a tuple or past ``EDGE_TUPLE`` a set, as
    the clusterer holds them; grouped with numpy, not one Python step per edge."""
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    src = np.concatenate([edges[:, 0], edges[:, 1]])
    dst = np.concatenate([edges[:, 1], edges[:, 0]])
    order = np.argsort(src, kind="stable")
    names = [ids[r] for r in dst[order].tolist()]
    bounds = np.searchsorted(src[order], np.arange(len(ids) + 1)).tolist()
    out: dict[str, tuple[str, ...] | set[str]] = {}
    for r, item in enumerate(ids):
        held = tuple(names[bounds[r] : bounds[r + 1]])
        out[item] = held if len(held) <= EDGE_TUPLE else set(held)
    return out
