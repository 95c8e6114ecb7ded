"""Corrections a person makes to the analysis, and the pure functions that apply them.

A correction says what a reader knows better than the machine: this link is right (``confirm``)
or wrong (``reject``), its kind or direction is another (``kind``, ``direction``), this article
is the original of its story (``original``), these two articles belong to one story (``join``),
these articles are a story of their own (``split``), this speaker is someone else or no person
at all (``speaker``). Each carries who made it, when and why.

Corrections are stored apart from everything derived (the ``corrections`` table), and every
analysis, full or incremental, applies them last, in the order they were made, so a later run
never overwrites them: it recomputes what the machine thinks and then defers to the reader.
A correction whose articles are gone waits: it applies again once they are back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime

from stemma.model import LINK_KINDS, Article, Evidence, Link, Story

ACTIONS = ("confirm", "reject", "kind", "direction", "original", "join", "split", "speaker")
LINK_ACTIONS = frozenset({"confirm", "reject", "kind", "direction"})
# What each action needs besides ``a``: a second article, a value, or neither.
_NEEDS = {
    "confirm": ("b",),
    "reject": ("b",),
    "kind": ("b", "value"),
    "direction": ("b", "value"),
    "original": (),
    "join": ("b",),
    "split": (),
    "speaker": (),
}
MAX_TEXT = 2000  # a reason or name longer than this is a paste gone wrong, not a correction
MAX_WHO = 80


class CorrectionError(ValueError):
    """A correction that cannot be stored; the message says which field and why."""


@dataclass
class Correction:
    """One reader's correction.

    ``a``/``b`` are article ids (for ``speaker``, ``a`` is the speaker as shown, a person id or
    the words written, and ``b`` an optional story id that limits it). ``value`` is the kind
    (``kind``), the id of the article the other derives from (``direction``), the id of the
    article the new story gathers around (``split``) or the person's right name (``speaker``;
    empty when the speaker is no person)."""

    action: str
    a: str
    b: str | None = None
    value: str | None = None
    who: str = ""
    why: str = ""
    when: str = ""  # ISO 8601, UTC, to the second
    id: int | None = None  # given by the store, in the order corrections were made

    def to_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        """The correction in words, as pages and exports show it."""
        pair = f"{self.a} – {self.b}"
        said = {
            "confirm": f"link {pair} confirmed",
            "reject": f"link {pair} rejected",
            "kind": f"link {pair} set to {self.value}",
            "direction": f"link {pair}: {self.value} is the earlier text",
            "original": f"{self.a} marked as the original",
            "join": f"{self.a} and {self.b} are one story",
            "split": f"{self.a} taken out of its story"
            + (f" (with {self.value})" if self.value and self.value != self.a else ""),
            "speaker": f"speaker {self.a!r} is "
            + (repr(self.value) if self.value else "no person"),
        }[self.action]
        return f"{said} by {self.who or 'someone'} on {self.when[:10] or '?'}" + (
            f": {self.why}" if self.why else ""
        )

    def touches(self, ids: Iterable[str]) -> bool:
        wanted = set(ids)
        return self.a in wanted or (self.b is not None and self.b in wanted)


def _clean(value, name: str, limit: int = MAX_TEXT) -> str:
    text = unicodedata.normalize("NFC", str(value or ""))
    # control characters would reach terminals and exports; a reason is one paragraph
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    if len(text) > limit:
        raise CorrectionError(f"{name} is longer than {limit} characters")
    return text


def make(
    action: str,
    a: str,
    b: str | None = None,
    value: str | None = None,
    *,
    who: str,
    why: str = "",
    when: str | None = None,
) -> Correction:
    """A checked correction, ready to store; raises CorrectionError saying what is wrong."""
    if action not in ACTIONS:
        raise CorrectionError(f"unknown action {action!r} (one of {', '.join(ACTIONS)})")
    who = _clean(who, "who", MAX_WHO)
    if not who:
        raise CorrectionError("who made the correction is required (a name, typed once)")
    a = _clean(a, "a")
    b = _clean(b, "b") or None
    value = _clean(value, "value") or None
    if not a:
        raise CorrectionError(f"{action} needs an article id")
    needs = _NEEDS[action]
    if "b" in needs and not b:
        raise CorrectionError(f"{action} needs two article ids")
    if "b" in needs and a == b:
        raise CorrectionError(f"{action} needs two different articles, got {a} twice")
    if action == "kind" and value not in LINK_KINDS:
        raise CorrectionError(f"kind must be one of {', '.join(LINK_KINDS)}, not {value!r}")
    if action == "direction" and value not in (a, b):
        raise CorrectionError(f"direction must name one of the two articles ({a} or {b})")
    if action == "split":
        value = value or a
    stamp = when or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Correction(action, a, b, value, who, _clean(why, "why"), stamp)


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def in_order(corrections: Iterable[Correction]) -> list[Correction]:
    """Oldest first: a later correction of the same thing wins."""
    return sorted(corrections, key=lambda c: (c.id is None, c.id or 0, c.when))


# -- links ---------------------------------------------------------------------------------------
def _note(link: Link, c: Correction) -> Link:
    reasons = [*link.evidence.reasons, "corrected: " + c.describe()]
    return replace(link, evidence=replace(link.evidence, reasons=reasons))


def apply_to_links(corrections: Iterable[Correction], links: Iterable[Link]) -> list[Link]:
    """``links`` as the reader corrected them: rejected ones left out, kinds and directions
    set, a link a reader typed created (score 1.0), each touched link's reasons saying so.
    Marking an original points every link touching it away from it."""
    by_pair: dict[tuple[str, str], Link] = {}
    order: list[tuple[str, str]] = []
    for link in links:
        key = pair(link.a, link.b)
        if key not in by_pair:
            order.append(key)
        by_pair[key] = link
    for c in in_order(corrections):
        if c.action in LINK_ACTIONS:
            key = pair(c.a, c.b)
            link = by_pair.get(key)
            if c.action == "reject":
                by_pair.pop(key, None)
                continue
            if link is None:
                if c.action != "kind":
                    continue  # nothing to confirm or turn yet: waits for the link to be found
                link = Link(key[0], key[1], c.value, 1.0, None, Evidence())
                order.append(key)
            if c.action == "kind":
                link = replace(link, kind=c.value)
                if c.value in ("same_event", "related"):
                    link = replace(link, direction=None)  # no text derives from another
            elif c.action == "direction":
                link = replace(link, direction=c.value)
            by_pair[key] = _note(link, c)
        elif c.action == "original":
            for key, link in list(by_pair.items()):
                if c.a in key and link.kind not in ("same_event", "related"):
                    by_pair[key] = _note(replace(link, direction=c.a), c)
    return [by_pair[k] for k in order if k in by_pair]


# -- stories -------------------------------------------------------------------------------------
def _when(article: Article | None) -> str:
    return (article.published or "\uffff") if article is not None else "\uffff"


def apply_to_stories(
    corrections: Iterable[Correction], stories: list[Story], articles: dict[str, Article]
) -> list[Story]:
    """``stories`` with the reader's joins and splits made, in the order they were made.

    A join puts the whole of ``b``'s story into ``a``'s; a split takes ``a`` out of its story
    into a new one gathered around ``value`` (the first article named in one split). A story
    whose members did not change is returned as it was (same id, title, related stories)."""
    from stemma.stories.cluster import story_id

    moves = [c for c in in_order(corrections) if c.action in ("join", "split")]
    if not moves:
        return stories
    group = {m: s.id for s in stories for m in s.articles}
    for c in moves:
        if c.action == "join":
            if c.a not in group or c.b not in group:
                continue
            old, new = group[c.b], group[c.a]
            for m, g in group.items():
                if g == old:
                    group[m] = new
        elif c.a in group:
            group[c.a] = "split:" + (c.value or c.a)
    members: dict[str, list[str]] = {}
    for s in stories:
        for m in s.articles:
            members.setdefault(group[m], []).append(m)
    before = {s.id: s for s in stories}
    renamed: dict[str, str] = {}  # old story id -> the id of the story now holding most of it
    out: list[Story] = []
    for g, ids in members.items():
        kept = before.get(g)
        if kept is not None and kept.articles == ids:
            out.append(kept)
            continue
        ids = sorted(ids, key=lambda i: (_when(articles.get(i)), i))
        found = [articles[i] for i in ids if i in articles]
        dates = sorted(a.published[:10] for a in found if a.published)
        first = found[0] if found else None
        story = Story(
            id=story_id(ids[0]),
            articles=ids,
            title=(first.title if first else None) or ids[0],
            languages=sorted({a.lang for a in found if a.lang}),
            first_seen=dates[0] if dates else None,
            related=sorted({r for s in stories if s.id == g for r in s.related}),
        )
        if kept is not None:
            renamed[g] = story.id
        out.append(story)
    ids_now = {s.id for s in out}
    return [
        replace(s, related=sorted({renamed.get(r, r) for r in s.related} & (ids_now - {s.id})))
        for s in out
    ]


# -- quotes ----------------------------------------------------------------------------------------
def person_id(name: str) -> str:
    """A person id from a name, the way readers' corrections name people."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return "reader:" + (re.sub(r"\W+", "-", folded).strip("-") or "unnamed")


def _speaker_matches(c: Correction, quote: dict) -> bool:
    target = c.a.casefold()
    names = {quote.get("person"), quote.get("speaker"), quote.get("name")}
    names |= {r.get("speaker") for r in quote.get("renderings") or []}
    return any(isinstance(n, str) and n.casefold() == target for n in names)


def apply_to_quotes(
    corrections: Iterable[Correction], quotes: list[dict], story: str | None = None
) -> list[dict]:
    """Story quotes (``story_quotes`` records) with the reader's speaker corrections: a quote
    whose speaker (person id, shown name or words written) is ``a`` gets the person ``value``;
    two speakers corrected to one name become one person (a merge); an empty value says the
    speaker is no person. ``b`` limits a correction to one story."""
    fixes = [
        c
        for c in in_order(corrections)
        if c.action == "speaker" and (c.b is None or story is None or c.b == story)
    ]
    if not fixes:
        return quotes
    out = []
    for q in quotes:
        q = dict(q)
        for c in fixes:
            if _speaker_matches(c, q):
                q["corrected_by"] = c.describe()
                if c.value:
                    q.update(person=person_id(c.value), speaker=c.value, name=c.value)
                else:
                    q.update(person=None, name=None)
        out.append(q)
    return out


def apply_to_story_record(corrections: Iterable[Correction], record: dict) -> dict:
    """A stored story record (``story --json``) with the reader's corrections on its quotes and
    the original a reader marked (``original``: the article and the correction in words; the
    links touching it already point away from it, and the stemma is built from them)."""
    corrections = list(corrections)
    record = dict(record)
    if "quotes" in record:
        record["quotes"] = apply_to_quotes(corrections, record["quotes"] or [], record.get("id"))
    marked = marked_original(corrections, record.get("articles") or [])
    if marked is not None:
        record["original"] = {"article": marked.a, "by": marked.describe()}
    return record


def marked_original(corrections: Iterable[Correction], members: Iterable[str]) -> Correction | None:
    """The latest ``original`` correction naming one of ``members``: the story's stemma takes
    its article as the root (``stemma.stories.stemma.build_stemma``)."""
    members = set(members)
    originals = [c for c in in_order(corrections) if c.action == "original" and c.a in members]
    return originals[-1] if originals else None


__all__ = [
    "ACTIONS",
    "Correction",
    "CorrectionError",
    "apply_to_links",
    "apply_to_quotes",
    "apply_to_stories",
    "apply_to_story_record",
    "make",
    "marked_original",
    "person_id",
]
