"""The pile's articles as the analysis reads them: from the store when a step asks, never all
held at once.

An article as the analysis holds it (blocks, passages, dates as dataclasses) is some 10 KB in
Python: a pile of 100,000 held whole is a gigabyte before any stage starts. :class:`Articles`
is a read-only mapping of id -> article that reads what it is asked for from the store in
batches (``Store.get_articles``), applies ingest's budget (:func:`stemma.budget.analysed`) and,
for linking, the pile-learned boilerplate, and keeps the last ``cache`` articles read. What
the analysis needs of the whole pile is taken in one streaming pass (:func:`open_pile`): the
boilerplate's passage keys (``PileKeys``, a few bytes a passage) and each article's
:class:`Brief` (language, outlet, passages), which the steps that look at every article
(bridges between stories, settling directions by outlets' languages) read instead.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from stemma.budget import analysed
from stemma.model import Article
from stemma.reuse.boilerplate import Learned, PileKeys, for_linking, learn_pile, view_digest

CACHE = 4096  # articles kept after they were read (some 40 MB)
BATCH = 400  # articles read from the store in one query when streaming the pile


@dataclass(frozen=True, slots=True)
class Brief:
    """What the steps over the whole pile read of an article: its id, language, outlet and
    whether linking sees passages in it (``passages``: how many)."""

    id: str
    lang: str | None
    outlet: str | None
    passages: int


def _pile_digest(rows: Iterable[tuple[str, str]], code: str) -> str:
    """A hash of a pile's ``STAGE`` rows (each article's id and inputs), in any order."""
    h = hashlib.sha1(f"{code}\n".encode())
    for key, inputs in sorted(rows):
        h.update(f"{key}\t{inputs}\n".encode())
    return h.hexdigest()


def _learned_row(learned: Learned) -> bytes:
    reasons = sorted(set(learned.reasons.values()))
    at = {r: n for n, r in enumerate(reasons)}
    keys = [[k, at[learned.reasons[k]]] for k in sorted(learned.keys)]
    return json.dumps({"reasons": reasons, "keys": keys}, ensure_ascii=False).encode("utf-8")


def _learned_on(store, pile: str) -> Learned | None:
    """What the pile taught when its rows were ``pile`` (:func:`_pile_digest`), or None."""
    for _, inputs, value in store.stage_rows(LEARNED, [LEARNED]):
        if inputs != pile:
            return None
        try:
            data = json.loads(value)
            reasons = {int(k): data["reasons"][n] for k, n in data["keys"]}
        except (ValueError, KeyError, IndexError, TypeError):
            return None
        return Learned(keys=set(reasons), reasons=reasons)
    return None


class Articles(Mapping[str, Article]):
    """Articles of the store by id, read when asked (see the module doc). ``learned``: the
    pile's boilerplate, taken out of the articles in ``dropped`` (those whose linking view
    leaves passages out); without it, the articles as stored (after the budget). Iteration
    gives ids in sorted order; :meth:`values` and :meth:`items` stream the articles in that
    order, ``BATCH`` at a time."""

    def __init__(
        self,
        store,
        ids: Iterable[str],
        learned: Learned | None = None,
        dropped: Iterable[str] = (),
        cache: int = CACHE,
    ):
        self.store = store
        self.ids = sorted(ids)
        self._known = frozenset(self.ids)
        self.learned = learned if learned is not None and learned.keys else None
        self.dropped = frozenset(dropped)
        self.size = max(1, cache)
        self._cache: OrderedDict[str, Article] = OrderedDict()
        self.reads = 0  # articles read from the store, over the source's life

    # -- the mapping ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __contains__(self, id: object) -> bool:
        return id in self._known

    def __getitem__(self, id: str) -> Article:
        hit = self._cache.get(id)
        if hit is not None:
            self._cache.move_to_end(id)
            return hit
        if id not in self._known:
            raise KeyError(id)
        return self.many([id])[id]

    def values(self) -> Iterator[Article]:  # type: ignore[override]
        """Every article in id order, read ``BATCH`` at a time (not kept in the cache: a
        pass over the pile would only push out what the steps around it read)."""
        return self.stream(self.ids)

    def items(self) -> Iterator[tuple[str, Article]]:  # type: ignore[override]
        for article in self.stream(self.ids):
            yield article.id, article

    def stream(self, ids: Iterable[str]) -> Iterator[Article]:
        """The articles of ``ids`` the pile holds, in the order given, read ``BATCH`` at a
        time and not kept."""
        ids = [i for i in ids if i in self._known]
        for lo in range(0, len(ids), BATCH):
            chunk = ids[lo : lo + BATCH]
            read = self._read(chunk)
            for id in chunk:
                if id in read:
                    yield read[id]

    # -- reading ---------------------------------------------------------------------------
    def many(self, ids: Iterable[str], keep: bool = True) -> dict[str, Article]:
        """The articles of ``ids`` that the pile holds, by id, those not cached read in one
        batch (a story's members: the caller holds them while it works on the story), and
        kept in the cache unless ``keep`` is false (read once, for one step)."""
        wanted = [i for i in dict.fromkeys(ids) if i in self._known]
        out = {}
        missing = []
        for id in wanted:
            hit = self._cache.get(id)
            if hit is None:
                missing.append(id)
            else:
                self._cache.move_to_end(id)
                out[id] = hit
        if missing:
            read = self._read(missing)
            if keep:
                for id, article in read.items():
                    self._keep(id, article)
            out.update(read)
        return {i: out[i] for i in wanted if i in out}

    def _read(self, ids: list[str]) -> dict[str, Article]:
        found = {}
        for article in self.store.get_articles(ids, raw=False):
            found[article.id] = self._view(analysed(article))
        self.reads += len(found)
        return found

    def _view(self, article: Article) -> Article:
        if self.learned is not None and article.id in self.dropped:
            return for_linking(article, self.learned)
        return article

    def _keep(self, id: str, article: Article) -> None:
        self._cache[id] = article
        self._cache.move_to_end(id)
        while len(self._cache) > self.size:
            self._cache.popitem(last=False)

    def held(self) -> int:
        """Articles the cache holds now."""
        return len(self._cache)


@dataclass
class Pile:
    """The pile opened for an analysis (:func:`open_pile`)."""

    linking: Articles  # each article as linking sees it (without the pile's boilerplate)
    whole: Articles  # each article as stored (stemmata and quotes read these)
    digests: dict[str, str]  # each article's digest, naming its linking view where it has one
    briefs: dict[str, Brief]  # each article's Brief (of its linking view)


STAGE = "pile_keys"  # stage rows: each article's passage keys and brief (PileKeys.row)
# one stage row: what the pile taught (``Learned``), its inputs the pile it was learned on
LEARNED = "pile_learned"


def open_pile(
    store, digests: Mapping[str, str], cache: int | None = None, code: str = ""
) -> tuple[Pile, int]:
    """The pile of ``store`` (``digests``: the store's, by id): the boilerplate it teaches,
    each article's :class:`Brief` and digest, and sources that read the articles when a step
    asks for them, each keeping ``cache`` (default ``CACHE``). What the pile's steps read of
    an article is kept as a stage row (``STAGE``, made by ``code``): only new and changed
    articles are read here, and rows of articles gone are deleted. What the pile taught last
    time is kept too (``LEARNED``): where it was learned on the pile the rows held, only the
    keys of articles added, changed or removed since are decided again
    (``boilerplate.learn_pile``). With the pile, how many articles were read."""
    cache = CACHE if cache is None else cache
    pile = PileKeys()
    heads: list[tuple[str, str | None, str | None, int]] = []

    def take(head: dict) -> None:
        heads.append((head["id"], head["lang"], head["outlet"], head["passages"]))

    stale = []
    # the pile as its rows stood, and the keys of the articles gone or changed since (None
    # when a row cannot be read: what it held is unknown, and the pile is learned whole)
    was: list[tuple[str, str]] = []
    touched: set[int] | None = set()
    for key, inputs, value in store.stage_rows(STAGE):
        was.append((key, inputs))
        try:
            if key not in digests:
                stale.append(key)
                if touched is not None:
                    touched.update(PileKeys.row_keys(value))
            elif inputs == f"{digests[key]}|{code}":
                take(pile.add_row(value))
            elif touched is not None:
                touched.update(PileKeys.row_keys(value))
        except (ValueError, KeyError, struct.error):
            touched = None  # (a row of this article read again below)
    have = {id for id, *_ in heads}
    todo = [i for i in digests if i not in have]
    rows = []
    for article in store.get_articles(todo, raw=False):
        article = analysed(article)
        pile.add(article)
        if touched is not None:
            touched.update(pile.keys_of(len(pile) - 1))
        extra = {"lang": article.lang, "passages": len(article.passages)}
        rows.append((article.id, f"{digests[article.id]}|{code}", pile.row(len(pile) - 1, extra)))
        take({"id": article.id, "outlet": article.outlet, **extra})
        if len(rows) >= BATCH:
            store.put_stage_rows(STAGE, rows)
            rows = []
    store.put_stage_rows(STAGE, rows)
    if stale:
        store.delete_stage_rows(STAGE, stale)
    before = _learned_on(store, _pile_digest(was, code)) if touched is not None else None
    learned = learn_pile(pile, before, touched) if before is not None else learn_pile(pile)
    now = _pile_digest([(i, f"{digests[i]}|{code}") for i in digests], code)
    store.put_stage_rows(LEARNED, [(LEARNED, now, _learned_row(learned))])
    out = {id: digests[id] for id, *_ in heads}
    briefs = {}
    dropped = []
    for n, (id, lang, outlet, passages) in enumerate(heads):
        kept = pile.kept_starts(n, learned)
        if kept is not None:
            dropped.append(id)
            out[id] = view_digest(digests[id], kept)
            passages = len(kept)
        briefs[id] = Brief(id, lang, outlet, passages)
    del pile
    ids = sorted(briefs)
    opened = Pile(
        linking=Articles(store, ids, learned, dropped, cache=cache),
        whole=Articles(store, ids, cache=cache),
        digests={i: out[i] for i in ids},
        briefs=briefs,
    )
    return opened, len(todo)
