"""Stage 2: same-language pairs that share text, and which of them to type.

Defined over the whole pile, never by arrival order, so a batch, an incremental run and a
distributed job find the same pairs:

- articles with identical fingerprints are one *text* (a wire story run as it is by 2,000
  outlets is one text with 2,000 members): texts are compared, not articles, so a pile of
  copies costs its distinct versions, not their square;
- a sampled shingle found in more than ``max_df`` articles of the pile is a stock phrase and
  is not used to find excerpts (passim's ``maxDF``; a cap on postings filled in arrival order
  made the pairs depend on which articles came first);
- each text keeps its ``per_text`` best partner texts (MinHash Jaccard or sampled containment,
  the larger), ties to the text whose first article has the smaller id;
- each text's first article is typed against its ``per_article`` best candidates among the
  articles with a smaller id, and each further article of a text against that text's first
  only: a story told by n outlets needs at most n * k typings, not n^2 / 2, and every
  article sharing text with one before it is typed against some other.

Thresholds are those of :mod:`stemma.reuse.candidates`, so both find the same kind of pair.

The pile is held as arrays (:class:`TextIndex`: one signature matrix, the samples in one
concatenated array), never as a MinHash object per article: at 100k articles those objects and
an LSH index of byte strings held hundreds of MB. The index is kept between runs
(:func:`encode` / :func:`decode`) and :func:`update` takes articles in and out of it: only
the texts whose pairs can have changed are looked up again (new texts, texts a removed or
added article made start with another article, texts holding a shingle whose document
frequency crossed ``max_df``, and texts whose cut-off partner list lost a member), so an
incremental run costs what it adds, plus some whole-pile array work. The pairs are those a
computation from scratch gives: the same code computes both (a first run is an update of an
empty index).
"""

from __future__ import annotations

import hashlib
import io
import json
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from datasketch import MinHashLSH

from stemma.reuse.candidates import (
    LSH_THRESHOLD,
    MAX_POSTINGS,
    MIN_CONTAINMENT,
    MIN_SHARED,
    Fingerprint,
    shares_text,
)
from stemma.text.langid import may_share_language

STAGE = "candidates"  # stage rows: the kept TextIndex, in parts
MAX_DF = MAX_POSTINGS  # articles a sampled shingle may occur in and still find excerpts
PER_TEXT = 64  # partner texts kept for each text
TYPED_PER_ARTICLE = 4  # same-language pairs typed for each article
PAIRS_PER_CHUNK = 1 << 20  # (text, text) pairs held at once while looking texts up
PART = 16 << 20  # bytes per kept stage row


# -- many fingerprints as arrays ------------------------------------------------------------


@dataclass
class Prints:
    """Fingerprints of many articles as arrays, each distinct fingerprint once (copies of a
    text share a row): no MinHash object per article, no signature per copy."""

    ids: list[str] = field(default_factory=list)
    row: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # article -> row
    # per row: language, identity (:func:`_key`), signature, sampled shingles
    langs: list[str | None] = field(default_factory=list)
    keys: list[bytes] = field(default_factory=list)
    signatures: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.uint32))
    offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    samples: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))

    def __len__(self) -> int:
        return len(self.ids)

    def sample(self, r: int) -> np.ndarray:
        """Row ``r``'s sampled shingles."""
        return self.samples[self.offsets[r] : self.offsets[r + 1]]

    @classmethod
    def of(cls, fingerprints: Iterable[Fingerprint]) -> Prints:
        made = PrintsBuilder()
        for fp in fingerprints:
            made.add(fp.id, fp.lang, fp.size, np.asarray(fp.minhash.hashvalues), fp.sample)
        return made.done()


class PrintsBuilder:
    """Collects fingerprints into :class:`Prints`, in blocks of ``BLOCK`` rows (no array per
    article is kept, none is copied as it grows). Empty fingerprints (no shingle) are left
    out: they share nothing."""

    BLOCK = 4096

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.rows: list[int] = []
        self.langs: list[str | None] = []
        self.keys: list[bytes] = []
        self._row_of: dict[bytes, int] = {}
        self._sigs: list[np.ndarray] = []
        self._samples: list[np.ndarray] = []
        self._lengths: list[int] = []

    def add(
        self, id: str, lang: str | None, size: int, signature: np.ndarray, sample: np.ndarray
    ) -> None:
        if not size:
            return
        if self._sigs and len(signature) != self._sigs[0].shape[1]:
            raise ValueError(f"{id}: a signature of {len(signature)} values among ones of "
                             f"{self._sigs[0].shape[1]}")  # fmt: skip
        key = _key(lang, signature, sample)
        r = self._row_of.get(key)
        if r is None:
            r = self._row_of[key] = len(self.keys)
            at = r % self.BLOCK
            if at == 0:
                self._sigs.append(np.zeros((self.BLOCK, len(signature)), np.uint32))
            self._sigs[-1][at] = signature
            self._samples.append(np.asarray(sample, dtype=np.uint64).copy())
            self._lengths.append(len(sample))
            self.langs.append(lang)
            self.keys.append(key)
        self.ids.append(id)
        self.rows.append(r)

    def done(self) -> Prints:
        n = len(self.keys)
        offsets = np.zeros(n + 1, np.int64)
        np.cumsum(self._lengths, out=offsets[1:])
        sig = np.concatenate(self._sigs)[:n] if n else np.zeros((0, 0), np.uint32)
        samples = np.concatenate(self._samples) if n else np.zeros(0, np.uint64)
        self._sigs, self._samples = [], []
        row = np.array(self.rows, dtype=np.int64)
        return Prints(self.ids, row, self.langs, self.keys, sig, offsets, samples)


# -- the pile's texts, kept between runs ----------------------------------------------------


@dataclass
class TextIndex:
    """The pile's distinct texts (ordered by their first article's id) with their partner
    lists, and the document frequency of every sampled shingle: what finding and updating the
    pairs needs."""

    per_text: int = PER_TEXT
    max_df: int = MAX_DF
    seen: dict[str, str] = field(default_factory=dict)  # article -> the inputs it was taken as
    members: list[list[str]] = field(default_factory=list)  # text -> its articles, sorted
    langs: list[str | None] = field(default_factory=list)
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, "S16"))  # text -> its digest
    signatures: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.uint32))
    offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))  # raw samples
    samples: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    df_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))  # sorted
    df: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # articles per key
    # partner lists, best first: text t's are p_text[p_ptr[t]:p_ptr[t + 1]]; ``more`` marks a
    # text that shared text with more than ``per_text`` others (its list is cut off)
    p_ptr: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    p_text: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    p_score: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float64))
    more: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    looked_up: int = 0  # texts looked up by the update that made this index

    def __len__(self) -> int:
        return len(self.members)


class Partners(Mapping):
    """Text -> its partner texts (a frozenset), read from the index's arrays on demand."""

    def __init__(self, ptr: np.ndarray, text: np.ndarray) -> None:
        self._ptr, self._text = ptr, text

    def __getitem__(self, t: int) -> frozenset[int]:
        if not 0 <= t < len(self._ptr) - 1 or self._ptr[t] == self._ptr[t + 1]:
            raise KeyError(t)
        return frozenset(self._text[self._ptr[t] : self._ptr[t + 1]].tolist())

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(np.diff(self._ptr)).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(np.diff(self._ptr)))

    def has(self, t: int, u: int) -> bool:
        return bool(np.any(self._text[self._ptr[t] : self._ptr[t + 1]] == u))


@dataclass
class SharedText:
    """Pairs to type, and the rule for the pairs left untyped among many sharing text."""

    typed: list[tuple[str, str]]  # (a, b), a < b, sorted
    text_of: dict[str, int] = field(default_factory=dict)  # article -> its text
    partners: Mapping[int, frozenset[int]] = field(default_factory=dict)  # text -> partners
    # each text's MinHash signature (uint32: datasketch keeps 32-bit values) and sampled
    # shingles without the stock phrases (text t's: samples[offsets[t]:offsets[t + 1]]), for
    # pairs past a text's ``per_text`` partners
    signatures: np.ndarray | None = None
    offsets: np.ndarray | None = None
    samples: np.ndarray | None = None
    # the articles whose answers to ``shares`` may differ from the last run's (:func:`moved`);
    # None: any may
    moved: set[str] | None = None

    def shares(self, a: str, b: str) -> bool:
        """True when ``a`` and ``b`` share text: one text, partner texts, or two texts whose
        fingerprints share text checked directly (a story told in thousands of versions gives
        each text more than ``per_text`` texts sharing it; those pairs stay untyped too, where
        typing them cost most of the analysis of such a story)."""
        ta, tb = self.text_of.get(a), self.text_of.get(b)
        if ta is None or tb is None:
            return False
        if ta == tb:
            return True
        if isinstance(self.partners, Partners):
            if self.partners.has(ta, tb):
                return True
        elif tb in self.partners.get(ta, ()):
            return True
        if self.signatures is None or self.offsets is None or self.samples is None:
            return False
        return shares_text(
            self.signatures[ta],
            self.signatures[tb],
            self.samples[self.offsets[ta] : self.offsets[ta + 1]],
            self.samples[self.offsets[tb] : self.offsets[tb + 1]],
        )


def shared_text(
    fingerprints: Iterable[Fingerprint] | Prints,
    per_article: int = TYPED_PER_ARTICLE,
    per_text: int = PER_TEXT,
    max_df: int = MAX_DF,
) -> SharedText:
    """The pairs to type among ``fingerprints`` (any order: the result is the same)."""
    prints = fingerprints if isinstance(fingerprints, Prints) else Prints.of(fingerprints)
    index = update(TextIndex(per_text=per_text, max_df=max_df), prints, ())
    return shared(index, per_article)


def shared(index: TextIndex, per_article: int = TYPED_PER_ARTICLE) -> SharedText:
    """The pairs to type, and the shared-text rule, of an index's pile."""
    stock = index.df_keys[index.df > index.max_df]
    offsets, samples = _without(index.offsets, index.samples, stock)
    text_of = {a: t for t, ids in enumerate(index.members) for a in ids}
    typed = _choose(index.members, index.p_ptr, index.p_text, per_article)
    partners = Partners(index.p_ptr, index.p_text)
    return SharedText(typed, text_of, partners, index.signatures, offsets, samples)


def moved(before: TextIndex, after: TextIndex) -> set[str]:
    """The articles of ``after`` (the index ``update`` made of ``before``) whose answers to
    ``SharedText.shares`` may differ from those ``before`` gave: the members of texts that are
    new, whose partner list changed, or that hold a shingle which became or stopped being a
    stock phrase, and the articles ``before`` lacked. Two other articles that both indexes hold are one text, partners, or share
    text checked directly in ``after`` exactly when they were in ``before`` (a text is known by
    its key, its fingerprint's hash: the same signature and samples in both), so a caller
    keeping earlier answers checks only pairs that name one of these."""
    if not len(before) or (before.per_text, before.max_df) != (after.per_text, after.max_df):
        return {a for ids in after.members for a in ids}
    keys = np.unique(np.concatenate([before.keys, after.keys]))
    n = len(keys)

    def entries(index: TextIndex) -> np.ndarray:
        """Each (text, partner) entry of the index as one number, texts by their keys."""
        of = np.searchsorted(keys, index.keys)
        owner = np.repeat(np.arange(len(index)), np.diff(index.p_ptr))
        return of[owner] * n + of[index.p_text]

    changed = np.zeros(n, dtype=bool)
    changed[np.setxor1d(entries(before), entries(after)) // n] = True
    changed[np.searchsorted(keys, after.keys)[~_isin(after.keys, np.sort(before.keys))]] = True
    dirty = changed[np.searchsorted(keys, after.keys)]
    flipped = np.setxor1d(
        before.df_keys[before.df > before.max_df], after.df_keys[after.df > after.max_df]
    )
    if len(flipped):
        hit = _isin(after.samples, flipped)
        holder = np.repeat(np.arange(len(after)), np.diff(after.offsets))
        dirty[holder[hit]] = True
    out = {a for t in np.flatnonzero(dirty).tolist() for a in after.members[t]}
    # articles new to the index (a copy joining a known text among them)
    held = {a for ids in before.members for a in ids}
    out.update(a for ids in after.members for a in ids if a not in held)
    return out


# -- taking articles in and out -------------------------------------------------------------


def update(index: TextIndex, added: Prints, removed: Iterable[str]) -> TextIndex:
    """The index of the pile less the articles ``removed``, with those of ``added`` (a changed
    article is in both: its old version removed, its new one added). Partner lists equal those
    a computation over the whole resulting pile gives."""
    per_text, max_df = index.per_text, index.max_df
    m0 = len(index)
    members = [list(ids) for ids in index.members]
    text_of = {a: t for t, ids in enumerate(members) for a in ids}
    # shingles counted out and in: (a text's or a row's sample, articles out (-) or in (+))
    delta: dict[tuple[str, int], int] = {}
    for a in sorted(set(removed)):
        t = text_of.pop(a, None)
        if t is None:
            continue  # an article with no shingle, or one never taken in
        members[t].remove(a)
        delta[("old", t)] = delta.get(("old", t), 0) - 1
    # texts the added articles join, or make
    key_of = {k: t for t, k in enumerate(index.keys.tolist())}
    made_by: list[int] = []  # for each new text, the row of ``added`` it is made of
    for i in np.argsort(np.array(added.ids, dtype=object), kind="stable").tolist():
        a, r = added.ids[i], int(added.row[i])
        if a in text_of:
            raise ValueError(f"{a}: taken in twice (a changed article is removed first)")
        key = added.keys[r]
        t = key_of.get(key)
        if t is None:
            t = key_of[key] = m0 + len(made_by)
            made_by.append(r)
            members.append([])
        members[t].append(a)
        text_of[a] = t
        delta[("new", r)] = delta.get(("new", r), 0) + 1
    del key_of
    for ids in members:
        ids.sort()
    # the texts that remain, ordered by their first article (ties in partner lists go to the
    # text with the smaller first article, whatever order the pile arrived in)
    alive = [t for t, ids in enumerate(members) if ids]
    order = sorted(alive, key=lambda t: members[t][0])
    m = len(order)
    new_of = np.full(len(members), -1, dtype=np.int64)
    new_of[order] = np.arange(m)
    is_old = np.array([t < m0 for t in order], dtype=bool)
    old_rows = np.array([t for t in order if t < m0], dtype=np.intp)  # old texts kept
    made_rows = np.array([made_by[t - m0] for t in order if t >= m0], dtype=np.intp)
    perm = index.signatures.shape[1] if m0 else added.signatures.shape[1] if len(added) else 0
    signatures = np.zeros((m, perm), np.uint32)
    keys = np.zeros(m, "S16")
    if len(old_rows):
        signatures[is_old] = index.signatures[old_rows]
        keys[is_old] = index.keys[old_rows]
    if len(made_rows):
        signatures[~is_old] = added.signatures[made_rows]
        keys[~is_old] = [added.keys[r] for r in made_rows.tolist()]
    langs = [index.langs[t] if t < m0 else added.langs[made_by[t - m0]] for t in order]
    old_sample = lambda t: index.samples[index.offsets[t] : index.offsets[t + 1]]  # noqa: E731
    pieces = [old_sample(t) if t < m0 else added.sample(made_by[t - m0]) for t in order]
    lengths = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=m)
    offsets = np.zeros(m + 1, np.int64)
    np.cumsum(lengths, out=offsets[1:])
    samples = np.concatenate(pieces) if pieces else np.zeros(0, np.uint64)
    del pieces
    # document frequencies, and the shingles that crossed the cut-off
    counted = [
        (old_sample(t) if side == "old" else added.sample(t), n)
        for (side, t), n in delta.items()
        if n
    ]
    df_keys, df, flipped = _count(index.df_keys, index.df, counted, max_df)
    del delta, counted
    members = [members[t] for t in order]

    # texts to look up again: their own pairs may have changed
    old_of = np.full(m, -1, dtype=np.int64)
    old_of[is_old] = old_rows
    dirty = old_of < 0
    for t in old_rows.tolist():
        if index.members[t][0] != members[new_of[t]][0]:
            dirty[new_of[t]] = True  # starts with another article: its place in ties moved
    if len(flipped):
        hit = _isin(samples, flipped)
        dirty[np.unique(np.repeat(np.arange(m), lengths)[hit])] = True
    # kept lists, in the new numbering
    owner_old = np.repeat(np.arange(m0), np.diff(index.p_ptr)) if m0 else np.zeros(0, np.int64)
    t_kept = new_of[owner_old] if m0 else np.zeros(0, np.int64)
    u_kept = new_of[index.p_text] if m0 else np.zeros(0, np.int64)
    s_kept = index.p_score
    live = t_kept >= 0
    t_kept, u_kept, s_kept = t_kept[live], u_kept[live], s_kept[live]
    clean = ~dirty[t_kept]
    t_kept, u_kept, s_kept = t_kept[clean], u_kept[clean], s_kept[clean]
    touched = (u_kept < 0) | dirty[np.maximum(u_kept, 0)]
    more = np.zeros(m, dtype=bool)
    if m0:
        more[new_of[old_rows]] = index.more[old_rows]
    # a cut-off list that lost a member: the one past the cut is not known, look it up
    again = np.zeros(m, dtype=bool)
    again[t_kept[touched & more[t_kept]]] = True
    query = np.flatnonzero(dirty | again)
    keep = ~touched & ~again[t_kept]
    t_kept, u_kept, s_kept = t_kept[keep], u_kept[keep], s_kept[keep]

    stock = df_keys[df > max_df]
    f_offsets, f_samples = _without(offsets, samples, stock)
    t_new, u_new, s_new = _found(query, signatures, f_offsets, f_samples, langs)
    # a text not looked up gains the dirty texts that found it (sharing text is symmetric)
    back = dirty[t_new] & ~dirty[u_new] & ~again[u_new]
    t_all = np.concatenate([t_kept, t_new, u_new[back]])
    u_all = np.concatenate([u_kept, u_new, t_new[back]])
    s_all = np.concatenate([s_kept, s_new, s_new[back]])
    rank = np.lexsort((u_all, -s_all, t_all))  # each text's best first, ties to smaller text
    t_all, u_all, s_all = t_all[rank], u_all[rank], s_all[rank]
    counts = np.bincount(t_all, minlength=m) if m else np.zeros(0, np.int64)
    starts = np.zeros(m + 1, np.int64)
    np.cumsum(counts, out=starts[1:])
    place = np.arange(len(t_all)) - starts[t_all]
    cut = place < per_text
    more[query] = False
    more |= counts > per_text
    p_ptr = np.zeros(m + 1, np.int64)
    np.cumsum(np.minimum(counts, per_text), out=p_ptr[1:])
    seen = dict(index.seen)
    return TextIndex(
        per_text=per_text,
        max_df=max_df,
        seen=seen,
        members=members,
        langs=langs,
        keys=keys,
        signatures=signatures,
        offsets=offsets,
        samples=samples,
        df_keys=df_keys,
        df=df,
        p_ptr=p_ptr,
        p_text=u_all[cut],
        p_score=s_all[cut],
        more=more,
        looked_up=len(query),
    )


def _key(lang: str | None, signature: np.ndarray, sample: np.ndarray) -> bytes:
    """A text's identity: articles with equal language, signature and sample are one text."""
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps(lang).encode("utf-8") + b"\0")
    h.update(np.ascontiguousarray(signature, dtype=np.uint32).tobytes())
    h.update(np.ascontiguousarray(sample, dtype=np.uint64).tobytes())
    return h.digest()


def _count(
    keys: np.ndarray, df: np.ndarray, counted: list[tuple[np.ndarray, int]], max_df: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Document frequencies after counting each sample in ``counted`` in (or out) as many
    articles as its number says, and the shingles whose frequency crossed ``max_df`` (either
    way)."""
    if not counted:
        return keys, df, np.zeros(0, np.uint64)
    lengths = [len(d) for d, _ in counted]
    changed, inverse = np.unique(np.concatenate([d for d, _ in counted]), return_inverse=True)
    weight = np.repeat(np.array([n for _, n in counted], dtype=np.int64), lengths)
    step = np.bincount(inverse.reshape(-1), weights=weight, minlength=len(changed))
    step = step.astype(np.int64)
    del inverse, weight
    at = np.searchsorted(keys, changed)
    known = at < len(keys)
    known[known] = keys[at[known]] == changed[known]
    before = np.zeros(len(changed), np.int64)
    before[known] = df[at[known]]
    after = before + step
    if np.any(after < 0):
        raise ValueError("a shingle counted out more often than in")
    df = df.copy()
    df[at[known]] = after[known]
    keys = np.insert(keys, at[~known], changed[~known])
    df = np.insert(df, at[~known], after[~known])
    flipped = changed[(before > max_df) != (after > max_df)]
    gone = df == 0
    if np.any(gone):
        keys, df = keys[~gone], df[~gone]
    return keys, df, flipped


def _isin(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Which of ``values`` are among ``sorted_keys`` (binary search: no sort of ``values``)."""
    if not len(sorted_keys) or not len(values):
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(sorted_keys, values)
    np.minimum(at, len(sorted_keys) - 1, out=at)
    return sorted_keys[at] == values


def _without(
    offsets: np.ndarray, samples: np.ndarray, stock: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The samples (a concatenation, ``offsets`` into it) without the stock shingles."""
    if not len(stock):
        return offsets, samples
    keep = ~_isin(samples, stock)
    kept = np.zeros(len(samples) + 1, np.int64)  # kept samples before each position
    np.cumsum(keep, out=kept[1:])
    return kept[offsets], samples[keep]


# -- looking texts up -----------------------------------------------------------------------


# datasketch's bands for the default threshold and signature (its optimisation integrates
# numerically: a tenth of a second a run; tests check it still chooses these)
BANDS = {(LSH_THRESHOLD, 128): (28, 2)}


@cache
def _bands(num_perm: int) -> tuple[int, int]:
    """The LSH bands datasketch would use: (bands, rows per band)."""
    if (LSH_THRESHOLD, num_perm) in BANDS:
        return BANDS[LSH_THRESHOLD, num_perm]
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=num_perm)
    return lsh.b, lsh.r


def _band_keys(signatures: np.ndarray) -> list[np.ndarray]:
    """Each band's key per text: equal keys, equal band (two texts meet in LSH when any of
    their bands are equal)."""
    m, perm = signatures.shape
    b, r = _bands(perm)
    out = []
    for j in range(b):
        band = signatures[:, j * r : (j + 1) * r]
        if r <= 2:
            key = np.zeros(m, np.uint64)
            for c in range(r):
                key = (key << np.uint64(32)) | band[:, c].astype(np.uint64)
        else:  # more values than a uint64 holds: numbered by equality
            key = np.unique(band, axis=0, return_inverse=True)[1].reshape(-1).astype(np.uint64)
        out.append(key)
    return out


class _Postings:
    """Entries (key, text) answering "which texts hold these keys?": by binary search of the
    few keys asked in all entries (``scan``: an incremental run's few texts, nothing sorted),
    or of each key asked in the sorted entries (a whole pile's texts)."""

    def __init__(self, keys: np.ndarray, rows: np.ndarray, m: int, scan: bool) -> None:
        self.keys, self.rows, self.m, self.scan = keys, rows, m, scan
        self._sorted: tuple[np.ndarray, np.ndarray] | None = None

    def sorted(self) -> tuple[np.ndarray, np.ndarray]:
        if self._sorted is None:
            order = np.argsort(self.keys, kind="stable")
            self._sorted = (self.keys[order], self.rows[order])
        return self._sorted

    def held(self, q_keys: np.ndarray) -> np.ndarray:
        """How many entries hold each key of ``q_keys``."""
        keys, _ = self.sorted()
        return np.searchsorted(keys, q_keys, "right") - np.searchsorted(keys, q_keys, "left")

    def pairs(self, q_keys: np.ndarray, q_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The pairs (t, u) of an asked entry's text t and an entry's text u with the same
        key, as sorted codes ``t * m + u``, and how many keys each pair shares."""
        if not len(q_keys) or not len(self.keys):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        if self.scan:
            order = np.argsort(q_keys, kind="stable")
            q_keys, q_rows = q_keys[order], q_rows[order]
            lo = np.searchsorted(q_keys, self.keys, "left")
            n = np.searchsorted(q_keys, self.keys, "right") - lo
            hit = n > 0
            lo, n = lo[hit], n[hit]
            ts, us = q_rows[_expand(lo, n)], np.repeat(self.rows[hit], n)
        else:
            keys, rows = self.sorted()
            lo = np.searchsorted(keys, q_keys, "left")
            n = np.searchsorted(keys, q_keys, "right") - lo
            ts, us = np.repeat(q_rows, n), rows[_expand(lo, n)]
        codes, counts = np.unique(ts.astype(np.int64) * self.m + us, return_counts=True)
        return codes, counts.astype(np.int64)


def _expand(lo: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The indices lo[i], lo[i] + 1, ..., lo[i] + n[i] - 1 of every i, in order."""
    total = int(n.sum())
    first = np.repeat(np.cumsum(n) - n, n)
    return np.repeat(lo, n) + (np.arange(total) - first)


def _found(
    query: np.ndarray,
    signatures: np.ndarray,
    offsets: np.ndarray,
    samples: np.ndarray,
    langs: list[str | None],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every text sharing text with each of ``query`` (LSH over the signatures, or enough
    sampled shingles in common), as (t, u, score) with t in ``query``: what a query of an LSH
    index and an inverted index of the samples finds, with the candidates' rule. The query is
    looked up in blocks of texts, so the pairs held at once stay bounded."""
    m = len(langs)
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
    if m < 2 or not len(query):
        return empty
    texts = np.arange(m, dtype=np.int64)
    lengths = np.diff(offsets)
    # a few texts asked: each entry of the pile searched among theirs; many: the pile sorted
    scan = int(lengths[query].sum() + len(query)) * 32 < len(samples) + m
    bands = [_Postings(key, texts, m, scan) for key in _band_keys(signatures)]
    shingles = _Postings(samples, np.repeat(texts, lengths), m, scan)
    sizes = lengths.astype(np.float64)
    # an undetermined (``und``) text may be in any language: it is compared with all
    names = sorted({str(x) for x in langs})
    code_of = {x: i for i, x in enumerate(names)}
    by_name = {str(x): x for x in langs}
    lang_ids = np.array([code_of[str(x)] for x in langs], dtype=np.int64)
    may = np.array(
        [[may_share_language(by_name[a], by_name[b]) for b in names] for a in names], dtype=bool
    )
    out_t, out_u, out_s = [], [], []
    if scan:
        block = np.zeros(len(query), np.int64)  # one block: few pairs
    else:  # blocks of about PAIRS_PER_CHUNK pairs: each text's count, from its shingles'
        held = shingles.held(samples[_expand(offsets[query], lengths[query])])
        upto = np.concatenate([[0], np.cumsum(held)])  # pairs before each asked entry
        ends = np.cumsum(lengths[query])
        per_text = upto[ends] - upto[ends - lengths[query]] + len(bands) + lengths[query]
        block = np.cumsum(per_text) // PAIRS_PER_CHUNK
        del held
    for lo, hi in _runs(block):
        q = query[lo:hi]
        lsh = [p.pairs(p.keys[q], q)[0] for p in bands]
        lsh_codes = np.unique(np.concatenate(lsh))
        q_entries = _expand(offsets[q], lengths[q])
        s_codes, s_counts = shingles.pairs(samples[q_entries], np.repeat(q, lengths[q]))
        t_s, u_s = np.divmod(s_codes, m)
        enough = (s_counts >= MIN_SHARED) & (
            s_counts >= MIN_CONTAINMENT * np.minimum(sizes[t_s], sizes[u_s])
        )
        codes = np.union1d(lsh_codes, s_codes[enough])
        t, u = np.divmod(codes, m)
        ok = (t != u) & may[lang_ids[t], lang_ids[u]]
        codes, t, u = codes[ok], t[ok], u[ok]
        common = np.zeros(len(codes), np.float64)
        if len(s_codes):
            at = np.minimum(np.searchsorted(s_codes, codes), len(s_codes) - 1)
            hit = s_codes[at] == codes
            common[hit] = s_counts[at[hit]]
        step = max(1, PAIRS_PER_CHUNK // max(signatures.shape[1], 1))
        for s in range(0, len(codes), step):
            tt, uu, cc = t[s : s + step], u[s : s + step], common[s : s + step]
            jaccard = (signatures[uu] == signatures[tt]).mean(axis=1)
            c_t = cc / np.maximum(sizes[tt], 1.0)
            c_u = cc / np.maximum(sizes[uu], 1.0)
            contained = np.maximum(c_t, c_u)
            keep = (jaccard >= LSH_THRESHOLD) | (contained >= MIN_CONTAINMENT)
            out_t.append(tt[keep])
            out_u.append(uu[keep])
            out_s.append(np.round(np.maximum(jaccard, contained), 6)[keep])
    if not out_t:
        return empty
    return np.concatenate(out_t), np.concatenate(out_u), np.concatenate(out_s)


def _runs(block: np.ndarray) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of equal values in the non-decreasing ``block``."""
    cuts = np.flatnonzero(np.diff(block)) + 1
    bounds = [0, *cuts.tolist(), len(block)]
    return zip(bounds[:-1], bounds[1:], strict=True)


def _choose(
    members: list[list[str]], p_ptr: np.ndarray, p_text: np.ndarray, per_article: int
) -> list[tuple[str, str]]:
    """Each article's ``per_article`` best candidates with a smaller id, its text's partners
    best first; an article whose text an article with a smaller id already carries is typed
    against that one only (identical texts: one verdict says what the copy is, and what it
    shares with the others it shares through that one)."""
    typed: list[tuple[str, str]] = []
    ptr = p_ptr.tolist()
    ranked_all = p_text.tolist()
    for t, ids in enumerate(members):
        first = ids[0]
        if len(ids) > 1:
            typed.extend((first, x) for x in ids[1:])
        if ptr[t] == ptr[t + 1]:
            continue
        chosen: list[str] = []
        for u in ranked_all[ptr[t] : ptr[t + 1]]:
            if len(chosen) >= per_article:
                break
            others = members[u]
            chosen.extend(others[: min(bisect_left(others, first), per_article - len(chosen))])
        typed.extend((a, first) for a in chosen)
    return sorted(set(typed))


# -- kept between runs ----------------------------------------------------------------------

_ARRAYS = ("keys", "signatures", "offsets", "samples", "df_keys", "df", "p_ptr", "p_text",
           "p_score", "more")  # fmt: skip


def encode(index: TextIndex) -> Iterator[bytes]:
    """The index as stage row values: parts of at most ``PART`` bytes, in order (made one at
    a time from one buffer, so a whole pile's index is not copied once per part)."""
    head = {
        "per_text": index.per_text,
        "max_df": index.max_df,
        "seen": index.seen,
        "members": index.members,
        "langs": index.langs,
    }
    buf = io.BytesIO()
    buf.write(json.dumps(head).encode("utf-8") + b"\n")
    np.savez(buf, **{name: getattr(index, name) for name in _ARRAYS})
    view = buf.getbuffer()
    try:
        for i in range(0, len(view), PART):
            yield bytes(view[i : i + PART])
    finally:
        view.release()


def decode(parts: Iterable[bytes]) -> TextIndex:
    """The index :func:`encode` wrote (ValueError when the parts are not one)."""
    body = b"".join(parts)
    try:
        head, arrays = body.split(b"\n", 1)
        meta = json.loads(head)
        del body
        with np.load(io.BytesIO(arrays), allow_pickle=False) as npz:
            loaded = {name: npz[name] for name in _ARRAYS}
        return TextIndex(
            per_text=int(meta["per_text"]),
            max_df=int(meta["max_df"]),
            seen=dict(meta["seen"]),
            members=[list(ids) for ids in meta["members"]],
            langs=list(meta["langs"]),
            **loaded,
        )
    except (KeyError, TypeError, OSError, ValueError) as err:
        raise ValueError(f"not a kept candidate index: {err}") from err


def rows(index: TextIndex, salt: str) -> Iterator[tuple[str, str, bytes]]:
    """The index as stage rows ``(part number, salt, part)``."""
    for n, part in enumerate(encode(index)):
        yield f"{n:06d}", salt, part


def kept(rows: Iterable[tuple[str, str, bytes]], salt: str, **settings) -> TextIndex:
    """The index kept in ``rows`` when they hold one made with ``salt`` (the code that made
    it) and these ``settings`` (``per_text``, ``max_df``); an empty index otherwise, which an
    update fills from the whole pile."""
    empty = TextIndex(**settings)
    rows = sorted(rows)
    if not rows or any(inputs != salt for _, inputs, _ in rows):
        return empty
    try:
        index = decode(value for _, _, value in rows)
    except ValueError:
        return empty
    if (index.per_text, index.max_df) != (empty.per_text, empty.max_df):
        return empty
    return index
