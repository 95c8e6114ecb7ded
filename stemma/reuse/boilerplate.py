"""Boilerplate for linking, learned from the pile: text an outlet or organisation repeats across
its own publications (an "About ..." paragraph, a disclaimer, a footer).

Two press releases of one company months apart share the company's description word for word;
that says nothing about whether they report one event. Ingest already marks short lines that
recur across an outlet's articles as page chrome; this rule finds the longer passages, across
outlets too (a release carried by several wires), by document frequency over the whole pile:

a passage (a sentence of at least :data:`MIN_WORDS` words, compared casefolded) is boilerplate
for linking when

1. at least :data:`MIN_ARTICLES` articles carry it;
2. those articles are *different texts*: in most of them (the median), the text every one of
   them carries is less than :data:`MAX_SHARE` of the article. Copies and excerpts of one
   story share most of what they hold; a company's releases share only the description;
3. and they are *different stories*: their dates span more than :data:`STORY_DAYS` days, or at
   least :data:`MIN_ARTICLES` of them come from one outlet (an outlet repeating itself).

The result is a pure function of the pile's passages (the same whatever order the articles
arrive in). :func:`for_linking` gives an article without those passages for candidate search,
link typing and story clustering; the stored article, its collation and its quotes keep them.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import struct
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from stemma.model import Article
from stemma.reuse.typing import article_day

MIN_WORDS = 5  # shorter sentences ("Contact:", a date line) recur by chance
MIN_ARTICLES = 3  # carriers a passage needs before it can be learned
MAX_SHARE = 0.6  # share of its carriers that the text common to all of them stays below
STORY_DAYS = 30  # carriers spread over more days than this report different events


# Remembered for the passages seen last: the copies of a wire story carry the same sentences
# thousands of times, and each article read for linking has its keys made again
# (:func:`for_linking`); 1.05 million keys made for 10,000 copies of one article.
@lru_cache(maxsize=1 << 14)
def passage_key(text: str) -> int | None:
    """A compact key of a sentence compared casefolded with whitespace collapsed; None when it
    is too short to count."""
    words = text.casefold().split()
    if len(words) < MIN_WORDS:
        return None
    digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _keys(article: Article) -> list[tuple[int | None, int]]:
    return [(passage_key(p.text), p.end - p.start) for p in article.passages]


@dataclass
class Learned:
    """Passage keys that are boilerplate for linking, with why (in words) for each."""

    keys: set[int] = field(default_factory=set)
    reasons: dict[int, str] = field(default_factory=dict)

    def __contains__(self, key: object) -> bool:
        return key in self.keys


class PileKeys:
    """What :func:`learn` reads of a pile, kept compact while the articles stream past: each
    article's passage keys, sizes and starts in flat arrays (some 20 bytes a passage, where
    the articles themselves are some 10 KB each), its day and its outlet. Articles are added
    in any order; the result does not depend on it."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.at = array("q", [0])  # article n's passages are [at[n], at[n + 1])
        self.keys = array("Q")  # 0 where the passage has none (``keyless``)
        self.keyless = bytearray()  # 1 where a passage is too short to have a key
        self.sizes = array("q")
        self.starts = array("q")
        self.days: list[int | None] = []
        self.outlets: list[str | None] = []

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, article: Article, keys: list[tuple[int | None, int]] | None = None) -> None:
        """Take in ``article`` (``keys``: its passage keys, if made already)."""
        keys = keys if keys is not None else _keys(article)
        self.ids.append(article.id)
        for (key, size), passage in zip(keys, article.passages, strict=True):
            self.keys.append(key or 0)
            self.keyless.append(key is None)
            self.sizes.append(size)
            self.starts.append(passage.start)
        self.at.append(len(self.keys))
        self.days.append(article_day(article))
        self.outlets.append(article.outlet)

    def row(self, n: int, extra: dict | None = None) -> bytes:
        """Article ``n`` as bytes :meth:`add_row` takes back (``extra``: JSON-able fields the
        caller keeps beside it)."""
        lo, hi = self.at[n], self.at[n + 1]
        head = {"id": self.ids[n], "day": self.days[n], "outlet": self.outlets[n], **(extra or {})}
        text = json.dumps(head, ensure_ascii=False).encode("utf-8")
        return b"".join(
            (
                struct.pack("<II", len(text), hi - lo),
                text,
                self.keys[lo:hi].tobytes(),
                bytes(self.keyless[lo:hi]),
                self.sizes[lo:hi].tobytes(),
                self.starts[lo:hi].tobytes(),
            )
        )

    @staticmethod
    def _parse(value: bytes) -> tuple[dict, array, bytes, array, array]:
        """A :meth:`row`'s head, keys, keyless flags, sizes and starts."""
        size, count = struct.unpack_from("<II", value)
        at = 8 + size
        head = json.loads(value[8:at].decode("utf-8"))
        keys = array("Q", value[at : at + 8 * count])
        at += 8 * count
        keyless = value[at : at + count]
        at += count
        sizes = array("q", value[at : at + 8 * count])
        starts = array("q", value[at + 8 * count : at + 16 * count])
        if not (len(keys) == len(keyless) == len(sizes) == len(starts) == count):
            raise ValueError("a passage-key row cut short")
        return head, keys, keyless, sizes, starts

    @classmethod
    def row_keys(cls, value: bytes) -> list[int]:
        """The passage keys a :meth:`row` holds (those of passages long enough to have one)."""
        _, keys, keyless, _, _ = cls._parse(value)
        return [k for k, no in zip(keys, keyless, strict=True) if not no]

    def keys_of(self, n: int) -> list[int]:
        """The passage keys article ``n`` holds."""
        lo, hi = self.at[n], self.at[n + 1]
        return [self.keys[j] for j in range(lo, hi) if not self.keyless[j]]

    def add_row(self, value: bytes) -> dict:
        """Take in an article from its :meth:`row`; its head (id, day, outlet, extra fields)."""
        head, keys, keyless, sizes, starts = self._parse(value)
        self.ids.append(head["id"])
        self.keys.extend(keys)
        self.keyless.extend(keyless)
        self.sizes.extend(sizes)
        self.starts.extend(starts)
        self.at.append(len(self.keys))
        self.days.append(head["day"])
        self.outlets.append(head["outlet"])
        return head

    def kept_starts(self, n: int, learned: Learned) -> list[int] | None:
        """The starts of the passages :func:`for_linking` keeps of article ``n``; None where it
        keeps the article as it is."""
        if not learned.keys:
            return None
        lo, hi = self.at[n], self.at[n + 1]
        kept = [
            self.starts[j]
            for j in range(lo, hi)
            if self.keyless[j] or self.keys[j] not in learned.keys
        ]
        return None if len(kept) == hi - lo or not kept else kept


def learn(
    articles: Iterable[Article], keys: dict[str, list[tuple[int | None, int]]] | None = None
) -> Learned:
    """The passages of ``articles`` that are boilerplate for linking (see the module doc);
    ``keys``: each article's passage keys, where the caller has them already."""
    pile = PileKeys()
    for a in articles:
        pile.add(a, keys[a.id] if keys is not None else None)
    return learn_pile(pile)


def learn_pile(
    pile: PileKeys, before: Learned | None = None, touched: Iterable[int] | None = None
) -> Learned:
    """:func:`learn` from a pile's :class:`PileKeys`.

    With ``before`` (what the pile taught before some of its articles were added, changed or
    removed) and ``touched`` (every key those articles held, before and after), only the
    touched keys are decided again; the others keep ``before``'s decision and reason. That is
    :func:`learn` of the pile: a key's decision reads its carriers alone (their days,
    outlets and sizes, and the keys every one of them holds), and a key no such article holds
    has the same carriers as before, each holding what it held."""
    # counted on arrays: a Counter and a set per article of a 100,000-article pile's three
    # million passage keys took hundreds of MB while the pile was opened. The pile's arrays are
    # read once (copies: they stay resizable); a family's shares are summed over them too,
    # where a sum per carrier over a list of its keys was most of the time learning took
    at = np.frombuffer(pile.at, dtype=np.int64).copy()
    all_keys = np.frombuffer(pile.keys, dtype=np.uint64).copy()
    keyed = np.frombuffer(bytes(pile.keyless), dtype=np.uint8) == 0
    sizes = np.frombuffer(pile.sizes, dtype=np.int64).copy()
    owners = np.repeat(np.arange(len(pile), dtype=np.int64), np.diff(at))
    wanted = None
    if before is not None:
        wanted = np.unique(np.fromiter(touched if touched is not None else (), dtype=np.uint64))
    carriers = _carriers(all_keys, owners, keyed, wanted)
    learned = Learned()
    if before is not None:
        gone = set(wanted.tolist())
        learned.keys = {k for k in before.keys if k not in gone}
        learned.reasons = {k: r for k, r in before.reasons.items() if k not in gone}
    if not carriers:
        return learned
    decide = carriers
    if wanted is not None:
        # the keys each decision reads beyond its own: those of its family's first carrier
        firsts = {min(ns, key=pile.ids.__getitem__) for ns in carriers.values()}
        held = np.concatenate(
            [all_keys[at[n] : at[n + 1]][keyed[at[n] : at[n + 1]]] for n in firsts]
        )
        more = np.setdiff1d(np.unique(held), wanted)
        carriers = {**carriers, **_carriers(all_keys, owners, keyed, more)}
    summed = np.concatenate([[0], np.cumsum(sizes)])
    totals = (summed[at[1:]] - summed[at[:-1]]).tolist()  # each article's size
    del summed
    families: dict[frozenset[int], list[int]] = defaultdict(list)
    for k, ns in decide.items():
        families[frozenset(ns)].append(k)
    for ns, family in families.items():
        why = _different_stories([pile.days[n] for n in ns], [pile.outlets[n] for n in ns])
        if why is None:
            continue
        # the keys every carrier holds: found among one carrier's keys, each checked once
        # (checked again for every carrier, a story run by 10,000 outlets cost minutes)
        first = min(ns, key=pile.ids.__getitem__)
        lo, hi = at[first], at[first + 1]
        covering = {
            k for k in all_keys[lo:hi][keyed[lo:hi]].tolist() if k in carriers and ns <= carriers[k]
        }
        members = list(ns)
        common = _covered_sizes(members, covering, at, all_keys, keyed, sizes)
        share = statistics.median(
            c / (totals[n] or 1) for c, n in zip(common, members, strict=True)
        )
        if share >= MAX_SHARE:
            continue
        reason = (
            f"recurs in {len(ns)} articles ({why}), where it and the text all of them share "
            f"are {share:.0%} of the median article"
        )
        for k in family:
            learned.keys.add(k)
            learned.reasons[k] = reason
    return learned


def _carriers(
    all_keys: np.ndarray, owners: np.ndarray, keyed: np.ndarray, among: np.ndarray | None
) -> dict[int, set[int]]:
    """Key -> the articles (by number) holding it, for the keys at least ``MIN_ARTICLES``
    articles hold, of ``among`` (sorted, unique) or of all."""
    pick = keyed if among is None else keyed & np.isin(all_keys, among)
    keys, owner = all_keys[pick], owners[pick]
    order = np.lexsort((keys, owner))  # by article, then key: each article's keys once
    keys, owner = keys[order], owner[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = (keys[1:] != keys[:-1]) | (owner[1:] != owner[:-1])
    keys, owner = keys[first], owner[first]
    found, counts = np.unique(keys, return_counts=True)
    frequent = found[counts >= MIN_ARTICLES]
    del found, counts
    if not len(frequent):
        return {}
    carried = np.isin(keys, frequent)
    carriers: dict[int, set[int]] = defaultdict(set)
    for k, n in zip(keys[carried].tolist(), owner[carried].tolist(), strict=True):
        carriers[k].add(n)
    return dict(carriers)


def _covered_sizes(members, covering, at, keys, keyed, sizes) -> list[int]:
    """For each article of ``members``, the summed size of its passages whose key is in
    ``covering`` (a passage repeated counts each time), from the pile's arrays."""
    members = np.asarray(members, dtype=np.int64)
    starts, counts = at[members], at[members + 1] - at[members]
    # the members' passages one after another: each run of indices starts where its article's do
    ends = np.cumsum(counts)
    rows = np.arange(ends[-1], dtype=np.int64) + np.repeat(starts - (ends - counts), counts)
    cover = np.fromiter(covering, dtype=np.uint64, count=len(covering))
    hit = keyed[rows] & np.isin(keys[rows], cover)
    per = np.concatenate([[0], np.cumsum(np.where(hit, sizes[rows], 0))])
    return (per[ends] - per[ends - counts]).tolist()


def _different_stories(days: list[int | None], outlets: list[str | None]) -> str | None:
    """Why the carriers (their days and outlets) are different stories, or None when nothing
    says so."""
    days = [d for d in days if d is not None]
    if len(days) >= 2 and max(days) - min(days) > STORY_DAYS:
        return f"dated {max(days) - min(days)} days apart"
    counted = Counter(o.casefold() for o in outlets if o)
    if counted:
        outlet, n = counted.most_common(1)[0]
        if n >= MIN_ARTICLES:
            return f"{n} of them from {outlet}"
    return None


def for_linking(
    article: Article, learned: Learned, keys: list[tuple[int | None, int]] | None = None
) -> Article:
    """``article`` without its pile-learned boilerplate passages (the same object when it has
    none, or when nothing else would be left); ``keys``: its passage keys, if made already."""
    if not learned.keys or not article.passages:
        return article
    keys = keys if keys is not None else _keys(article)
    kept = [p for p, (k, _) in zip(article.passages, keys, strict=True) if k not in learned]
    if len(kept) == len(article.passages) or not kept:
        return article
    return replace(article, passages=kept, text="\n\n".join(p.text for p in kept))


def pile_for_linking(articles: dict[str, Article]) -> dict[str, Article]:
    """Every article of the pile as linking should see it."""
    keys = {id: _keys(a) for id, a in articles.items()}  # each passage hashed once
    learned = learn(articles.values(), keys)
    return {id: for_linking(a, learned, keys[id]) for id, a in articles.items()}


def linking_view(
    articles: dict[str, Article], digests: dict[str, str]
) -> tuple[dict[str, Article], dict[str, str]]:
    """Every article as linking should see it, and digests that say so: an article whose view
    leaves passages out gets a digest naming the passages kept, so whatever was computed from
    it (fingerprints, verdicts, story records) is made again when what the pile teaches
    changes."""
    views = pile_for_linking(articles)
    out = dict(digests)
    for id, view in views.items():
        if view is not articles[id]:
            out[id] = view_digest(digests.get(id, ""), [p.start for p in view.passages])
    return views, out


def view_digest(digest: str, kept: list[int]) -> str:
    """The digest of an article's linking view that keeps the passages starting at ``kept``
    (``digest``: the article's own)."""
    tag = hashlib.sha1(",".join(map(str, kept)).encode()).hexdigest()[:12]
    return f"{digest}|linking:{tag}"
