"""The links of a run, held slim until they are written.

A typed link carries its evidence: the aligned passages, the variants, the names and numbers
the two texts share. Held for every link to the end of a run (462,865 same-language links at
100,000 articles with the stand-in encoder) that is most of what a run holds. Yet before the
links are written the analysis reads only each link's pair, kind, score and direction, and
``settle`` (stemma.reuse.direction) and the readers' corrections read its reasons and
direction signals too. Every link of a run is a verdict kept in a stage's rows
(``local.Verdicts``), so :class:`LinkBook` holds each link slim (without the rest of its
evidence) with where its verdict lies, and makes it whole again (:meth:`LinkBook.whole`) from
that row when its story's record and the links are written. A link with no row (one a reader
typed) is held whole.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import replace

from stemma.model import Evidence, Link
from stemma.store import readback

Pair = tuple[str, str]


def pair_of(link: Link | SlimLink) -> Pair:
    return (link.a, link.b) if link.a < link.b else (link.b, link.a)


class SlimLink:
    """A link held slim: its pair, kind, score and direction, its reasons and its direction
    signals (what the run reads before the links are written), each value shared with every
    other slim link that holds an equal one. A ``Link`` with a slim ``Evidence`` took some 1.8 KB
    (two dataclasses, an empty list or dict for each field left out, a dict per signal); 462,865
    of them at 100,000 articles were the largest thing a run held. ``said``: one flat tuple,
    the number of reasons, the reasons, then each signal dict as its keys (one tuple shared by
    all signals with those keys) and its values (a tuple each took 48 bytes more)."""

    __slots__ = ("a", "b", "kind", "score", "direction", "_said", "_head")

    def __init__(self, a, b, kind, score, direction, reasons: Iterable, signals: Iterable[dict]):
        self._fields(a, b, kind, score, direction)
        self._said, self._head = _said(reasons, signals), None

    @classmethod
    def of_head(cls, a, b, kind, score, direction, head: bytes | str) -> SlimLink:
        """A slim link read from a verdict row's slim line (``head``), its reasons and signals
        read from it when first asked for. Of the 256,000 verdicts an incremental run over
        100,000 articles reads slim, it asks few for them (the links ``settle`` gives a
        direction, those a correction touches): their pair, kind, score and direction are
        what it reads of all, and a link's mark is its slim line as it was read."""
        self = cls.__new__(cls)
        self._fields(a, b, kind, score, direction)
        self._said, self._head = None, head
        return self

    def _fields(self, a, b, kind, score, direction) -> None:
        # strings interned here, not through ``_shared`` (the same values: a run makes one of
        # these for every kept verdict, and a call per field was most of what that cost)
        self.a = _intern(a) if type(a) is str else _shared(a)
        self.b = _intern(b) if type(b) is str else _shared(b)
        self.kind = _intern(kind) if type(kind) is str else _shared(kind)
        self.score, self.direction = _shared(score), _shared(direction)

    @property
    def said(self) -> tuple:
        """The reasons and signals as one flat tuple (see the class doc)."""
        if self._said is None:
            ev = readback.loads(self._head).get("evidence") or {}
            self._said = _said(ev.get("reasons", []), ev.get("direction_signals", []))
            self._head = None
        return self._said

    def as_read_from(self, value: bytes | str) -> bool:
        """Whether it is the slim line of verdict row ``value`` as read, its reasons and signals
        unread: nothing was decided since, so the row's whole link is its whole link as it is
        (:meth:`LinkBook.whole` then skips :func:`merged`: making the 93,120 links of a story
        of 16,455 articles whole took 4.0 CPU s instead of 5.4)."""
        head = self._head
        if head is None or type(head) is not type(value):
            return False
        end = _end_of_slim(value)
        return end == len(head) and value.startswith(head)

    def slim_json(self) -> str:
        """Its slim line (:func:`verdict_row`): the one it was read from while its reasons and
        signals are not read, the same text made again otherwise (a JSON round trip gives
        back what it was given)."""
        if self._head is not None:
            head = self._head
            return head if isinstance(head, str) else head.decode("utf-8")
        return _slim_json(self.a, self.b, self.kind, self.score, self.direction, self.reasons,
                          self.signal_dicts())  # fmt: skip

    @property
    def reasons(self) -> list[str]:
        return list(self.said[1 : 1 + self.said[0]])

    def signal_dicts(self) -> list[dict]:
        """Its direction signals as dicts (new ones: the reader may change them)."""
        out, at, said = [], 1 + self.said[0], self.said
        while at < len(said):
            keys = said[at]
            out.append(dict(zip(keys, said[at + 1 : at + 1 + len(keys)], strict=True)))
            at += 1 + len(keys)
        return out

    @property
    def evidence(self) -> Evidence:
        """Its evidence as a slim ``Link`` holds it (new lists: the reader may change them)."""
        return Evidence(reasons=self.reasons, direction_signals=self.signal_dicts())

    def link(self) -> Link:
        """The slim ``Link`` it stands for."""
        return Link(self.a, self.b, self.kind, self.score, self.direction, self.evidence)

    def __repr__(self) -> str:
        # the slim Link's: a link's mark (LinkBook.mark) is the same as when it was one
        return repr(self.link())


# values the slim links share: ids, kinds and reasons as interned strings (a mortal interned
# string is freed with its last link), numbers and signals' key tuples from these tables
# (bounded, should some value vary with every link)
_NUMBERS: dict[tuple[type, object], object] = {}
_KEYS: dict[tuple, tuple] = {}
_SHARED_AT_MOST = 1 << 16
_intern = sys.intern


def _shared(value):
    kind = type(value)
    if kind is str:
        return sys.intern(value)
    if kind is float or kind is int:  # keyed by type too: 1 == 1.0, yet they are written apart
        got = _NUMBERS.get((kind, value))
        if got is None and len(_NUMBERS) < _SHARED_AT_MOST:
            _NUMBERS[(kind, value)] = got = value
        return value if got is None else got
    return value


def _signal(signal: dict) -> list:
    keys = tuple([_intern(k) for k in signal])
    keys = _KEYS.setdefault(keys, keys) if len(_KEYS) < _SHARED_AT_MOST else keys
    return [keys, *[_intern(v) if type(v) is str else _shared(v) for v in signal.values()]]


def _said(reasons: Iterable, signals: Iterable[dict]) -> tuple:
    said = [0, *[_intern(r) if type(r) is str else _shared(r) for r in reasons]]
    said[0] = len(said) - 1
    for signal in signals:
        said.extend(_signal(signal))
    return tuple(said)


def slim(link: Link | SlimLink) -> SlimLink:
    """``link`` with only the evidence read before it is written (reasons, direction signals)."""
    if isinstance(link, SlimLink):
        return link
    ev = link.evidence
    return SlimLink(
        link.a, link.b, link.kind, link.score, link.direction, ev.reasons, ev.direction_signals
    )


def slim_of_json(data: dict) -> SlimLink:
    """``slim(Link.from_json(data))``, without making the evidence it leaves out (a run reads
    every kept verdict: their aligned passages and variants were most of the time it took)."""
    ev = data.get("evidence") or {}
    return SlimLink(
        data["a"],
        data["b"],
        data["kind"],
        data["score"],
        data.get("direction"),
        ev.get("reasons", []),
        ev.get("direction_signals", []),
    )


def verdict_row(link: Link, whole: str) -> bytes:
    """A verdict's stage row value: its slim form's JSON, a newline, then ``whole`` (the whole
    link's JSON, ``results.link_json``). A run reads every kept verdict slim: the line before
    the newline is all it parses (neither JSON holds a raw newline), the evidence only for the
    links it writes (:func:`whole_json`)."""
    ev = link.evidence
    slim = _slim_json(link.a, link.b, link.kind, link.score, link.direction, ev.reasons,
                      ev.direction_signals)  # fmt: skip
    return f"{slim}\n{whole}".encode()


def upgraded_row(data: dict, value: bytes | str) -> bytes:
    """A row of the whole link alone (``value``, whose JSON is ``data``) as :func:`verdict_row`
    writes it: read slim from then on."""
    ev = data.get("evidence") or {}
    slim = _slim_json(data["a"], data["b"], data["kind"], data["score"], data.get("direction"),
                      ev.get("reasons", []), ev.get("direction_signals", []))  # fmt: skip
    whole = value if isinstance(value, str) else bytes(value).decode("utf-8")
    return f"{slim}\n{whole}".encode()


def _slim_json(a, b, kind, score, direction, reasons, signals) -> str:
    evidence = {"reasons": reasons, "direction_signals": signals}
    slim = {"a": a, "b": b, "kind": kind, "score": score, "direction": direction}
    return json.dumps({**slim, "evidence": evidence}, ensure_ascii=False)


def _end_of_slim(value: bytes | str) -> int:
    """Where a verdict row's slim line ends (-1: a row of the whole link alone). Found, not
    split: a split copied the whole link's JSON of every kept verdict a run reads slim."""
    return value.find("\n" if isinstance(value, str) else b"\n")


_EVIDENCE = ', "evidence": '  # where a slim line's evidence begins


def slim_of_row(value: bytes | str) -> SlimLink:
    """The slim link of a verdict row (:func:`verdict_row`; a row of the whole link alone, as
    earlier code and Spark's executors write, is read whole). Its fields before the evidence
    are parsed now, the evidence when first read (:meth:`SlimLink.of_head`): in a slim line
    the key ``"evidence"`` follows them, and its quotes cannot stand unescaped in a value."""
    return slim_of_rows([value])[0]


def slim_of_rows(values: list[bytes | str]) -> list[SlimLink]:
    """:func:`slim_of_row` of each of ``values``, the fields of all of them parsed by one
    ``json.loads`` of one array: a call per row cost more than the parse itself (an
    incremental run over 100,000 articles reads some 250,000 kept verdicts)."""
    heads: list = []  # per value: its slim line, or None where it is the whole link alone
    cuts: list[str] = []  # the fields of each slim line before its evidence
    for value in values:
        end = _end_of_slim(value)
        head = value if end < 0 else value[:end]
        head = head.decode("utf-8") if isinstance(head, bytes) else head
        cut = head.find(_EVIDENCE) if end >= 0 else -1
        if cut < 0:
            heads.append(None)
            cuts.append(head)
        else:
            heads.append(value[:end])
            cuts.append(head[:cut] + "}")
    out = []
    for d, head in zip(readback.loads("[" + ",".join(cuts) + "]"), heads, strict=True):
        if head is None:
            out.append(slim_of_json(d))
        else:
            out.append(SlimLink.of_head(d["a"], d["b"], d["kind"], d["score"], d.get("direction"),
                                        head))  # fmt: skip
    return out


def slim_line(value: bytes | str) -> bytes | str | None:
    """A verdict row's slim line with its newline (all :func:`slim_of_rows` reads of it), or
    None for a row of the whole link alone."""
    end = _end_of_slim(value)
    return value[: end + 1] if end >= 0 else None


def whole_json(value: bytes | str) -> dict:
    """The whole link's JSON of a verdict row (:func:`verdict_row`, or the whole link alone)."""
    return readback.loads(value[_end_of_slim(value) + 1 :])


def merged(verdict: Link, held: Link | SlimLink) -> Link:
    """The whole link: the verdict as typed, with what the run decided since (its kind,
    score and direction, its reasons and direction signals, as ``held`` has them)."""
    if isinstance(held, SlimLink):
        reasons, signals = held.reasons, held.signal_dicts()
    else:
        reasons, signals = held.evidence.reasons, held.evidence.direction_signals
    evidence = replace(verdict.evidence, reasons=reasons, direction_signals=signals)
    return replace(
        verdict, kind=held.kind, score=held.score, direction=held.direction, evidence=evidence
    )


class LinkBook(dict):
    """Sorted pair -> link, slim where its verdict is kept in a stage's rows: by default in
    ``verdicts`` under the sorted pair (the same-language verdicts, most links), else as
    ``elsewhere`` says (the verdicts and the pair as its row is keyed); ``held_whole``: the
    pairs whose links are held whole. Nothing is held per link for the default (at 100,000
    articles a tuple per link would be some 70 MB)."""

    def __init__(self, verdicts) -> None:
        super().__init__()
        self.default = verdicts
        self.elsewhere: dict[Pair, tuple[object, Pair]] = {}
        self.held_whole: set[Pair] = set()

    def origin(self, pair: Pair) -> tuple[object, Pair] | None:
        """The verdicts ``pair``'s link was kept in and its row's pair; None when held whole."""
        if pair in self.held_whole:
            return None
        return self.elsewhere.get(pair) or (self.default, pair)

    def put(self, link: Link, verdicts, at: Pair | None = None) -> None:
        """Hold ``link``, a verdict of ``verdicts`` kept under ``at`` (by default where the
        verdicts say they keep its pair: ``verdicts.where``)."""
        pair = pair_of(link)
        at = at if at is not None else verdicts.where.get(pair)
        self.elsewhere.pop(pair, None)
        if at is None:
            self[pair] = link
            self.held_whole.add(pair)
            return
        self[pair] = slim(link)
        self.held_whole.discard(pair)
        if verdicts is not self.default or at != pair:
            self.elsewhere[pair] = (verdicts, at)

    def settled(self, links: Iterable[Link]) -> None:
        """Take the links as ``settle`` returned them (the same pairs, directions decided)."""
        for link in links:
            pair = pair_of(link)
            if self.get(pair) is link:
                continue  # as it was held (settle gives back a link it leaves as it is)
            # a link settle decided again is a Link: held slim again unless held whole
            self[pair] = link if pair in self.held_whole else slim(link)

    def make_whole(self, pairs: Iterable[Pair]) -> None:
        """Hold the links of ``pairs`` whole from now on."""
        pairs = [p for p in pairs if p in self and p not in self.held_whole]
        for pair, link in self.whole(pairs).items():
            self[pair] = link
            self.held_whole.add(pair)
            self.elsewhere.pop(pair, None)

    def corrected(self, links: Iterable[Link]) -> None:
        """Take the links as the readers' corrections left them: some gone, some new (held
        whole: no verdict row holds them); those touched were made whole first."""
        now = {pair_of(ln): ln for ln in links}
        self.held_whole = {p for p in now if p in self.held_whole or p not in self}
        self.elsewhere = {p: o for p, o in self.elsewhere.items() if p in now}
        self.clear()
        self.update(now)

    def mark(self, pair: Pair) -> str:
        """A string that changes when the whole link of ``pair`` does: its verdict's inputs
        (a verdict is a pure function of them) and what the run decided since (a slim link's
        slim line, :meth:`SlimLink.slim_json`: making each a ``Link`` to show it cost more
        than the rest of a run's look at its links)."""
        held = self[pair]
        origin = self.origin(pair)
        if origin is None:
            return repr(held)
        verdicts, at = origin
        if isinstance(held, SlimLink):
            said = held.slim_json()
        else:
            said = repr(held)
        return f"{verdicts.stage}:{verdicts.inputs_text(at)}|{said}"

    def whole(self, pairs: Iterable[Pair]) -> dict[Pair, Link]:
        """The whole links of ``pairs`` (those slim read back from their rows, a batch per
        stage), in the order given."""
        pairs = list(pairs)
        by_stage: dict[int, tuple[object, dict[str, tuple[Pair, Pair]]]] = {}
        for pair in pairs:
            origin = self.origin(pair)
            if origin is not None:
                verdicts, at = origin
                keys = by_stage.setdefault(id(verdicts), (verdicts, {}))[1]
                keys[f"{at[0]}\t{at[1]}"] = (pair, at)
        read: dict[Pair, Link] = {}
        for verdicts, keys in by_stage.values():
            for key, inputs, value in verdicts.store.stage_rows(verdicts.stage, keys):
                pair, at = keys[key]
                if inputs != verdicts.inputs(at) or not value:
                    continue
                held, verdict = self[pair], Link.from_json(whole_json(value))
                slim_as_read = isinstance(held, SlimLink) and held.as_read_from(value)
                read[pair] = verdict if slim_as_read else merged(verdict, held)
        out = {}
        for pair in pairs:
            if pair in self.held_whole:
                out[pair] = self[pair]
            elif pair in read:
                out[pair] = read[pair]
            else:
                raise RuntimeError(
                    f"the {self.origin(pair)[0].stage} verdict on {pair[0]} and {pair[1]} is no"
                    " longer in the store: another process changed its stage rows during this"
                    " analysis; run it again"
                )
        return out
