"""Plain data classes shared by every stage. No I/O, no heavy imports.

All character offsets (``start``/``end``) point into ``Article.source``: the text as received
(decoded bytes for text files, the extracted text for HTML and PDF, the ``text`` field for JSONL).
Derived texts (clean text, normalised forms) never replace it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Record:
    """One input unit as read from disk, before any analysis."""

    id: str
    raw: bytes
    format: str  # "txt" | "html" | "pdf" | "jsonl"
    path: str
    line: int | None = None  # 1-based line number for JSONL records
    fields: dict[str, Any] = field(default_factory=dict)  # JSONL fields other than text

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


@dataclass
class Problem:
    """Input that could not be read; reported, never fatal for the batch."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class Block:
    """A paragraph-level unit of ``source`` (hard-wrapped lines already grouped).

    ``boilerplate`` holds the reason when the block is page chrome (``"tags"``,
    ``"comment_prompt"``, ``"page_header"``, ``"site_description"``, ...), else None.
    """

    start: int
    end: int
    boilerplate: str | None = None


@dataclass(slots=True)
class Passage:
    """A sentence of clean (non-boilerplate) text."""

    start: int
    end: int
    text: str  # display form: wrapped lines joined, Unicode repaired
    lang: str | None = None
    para: int = 0  # index of the paragraph (non-boilerplate block) it belongs to


@dataclass(slots=True)
class DateMention:
    text: str
    start: int
    end: int
    calendar: str  # "gregorian" | "solar_hijri" | "lunar_hijri"
    iso: str | None  # YYYY-MM-DD, YYYY-MM for a month, or --MM-DD when no year is known
    role: str = "unknown"  # "published" | "updated" | "signed" | "event" | "unknown"
    time: str | None = None  # HH:MM where written
    reckoning: str | None = None  # lunar_hijri only: "umm_al_qura" | "iranian"
    precision: str = "day"  # "month" | "day" | "minute" (a time written): what the text says
    # a relative day word ("yesterday", "hier"): the known day (ISO) it was read against
    relative_to: str | None = None


@dataclass(slots=True)
class SourceCitation:
    """A source the article cites, with the phrase that names it."""

    name: str
    phrase: str
    start: int
    end: int


@dataclass(slots=True)
class TimeEvidence:
    """An article's best-known time, kept at the precision its evidence gives (a year is never
    stored as the 1st of January). Built by ``stemma.ingest.when``; compare with its
    ``earlier``."""

    iso: str  # prefix at its precision: "2018", "2018-04", "2018-04-04", "2018-04-04T10:00Z"
    precision: str  # "year" | "month" | "day" | "minute"
    source: str  # "metadata" | "dateline" | "signature" | "text" | "relative"
    text: str = ""  # the evidence as written


_NOT_ANALYSIS = frozenset({"raw", "source", "id", "version", "path", "format"})


def _flat(record) -> dict[str, Any]:
    """A flat record (slotted dataclass) as a dict: a shallow copy, far cheaper than asdict's
    deep walk."""
    return {name: getattr(record, name) for name in record.__slots__}


@dataclass
class Article:
    id: str
    raw: bytes
    format: str
    source: str
    path: str | None = None
    version: int = 1
    blocks: list[Block] = field(default_factory=list)
    text: str = ""  # clean text: non-boilerplate blocks in display form, "\n\n" between them
    lang: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or datetime
    updated: str | None = None
    dateline: str | None = None
    byline: str | None = None
    news_id: str | None = None
    sources: list[SourceCitation] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)  # as given by the input (JSONL, HTML meta)
    when: TimeEvidence | None = None  # best-known time, computed once at ingest

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def boilerplate(self) -> list[str]:
        return [self.source[b.start : b.end] for b in self.blocks if b.boilerplate]

    def analysis(self) -> dict[str, Any]:
        """Everything derived from ``raw``, as JSON-ready data (raw and source excluded)."""
        data = {k: v for k, v in vars(self).items() if k not in _NOT_ANALYSIS}
        for key in ("blocks", "passages", "dates", "sources"):
            data[key] = [_flat(x) for x in data[key]]
        data["fields"] = dict(self.fields)
        data["when"] = _flat(self.when) if self.when else None
        return data

    @classmethod
    def from_analysis(
        cls,
        *,
        id: str,
        raw: bytes,
        format: str,
        source: str,
        path: str | None,
        version: int,
        analysis: dict[str, Any],
    ) -> Article:
        a = dict(analysis)
        a["blocks"] = [Block(**b) for b in a.get("blocks", [])]
        a["passages"] = [Passage(**p) for p in a.get("passages", [])]
        a["dates"] = [DateMention(**d) for d in a.get("dates", [])]
        a["sources"] = [SourceCitation(**s) for s in a.get("sources", [])]
        a["when"] = TimeEvidence(**a["when"]) if a.get("when") else None
        return cls(id=id, raw=raw, format=format, source=source, path=path, version=version, **a)


# -- reuse, stories, stemma ---------------------------------------------------------------------

LINK_KINDS = ("copy", "revision", "excerpt", "translation", "paraphrase", "same_event", "related")


@dataclass(slots=True)
class Variant:
    """A word-level difference between two aligned passages of one language."""

    kind: str  # "substitution" | "insertion" | "omission" | "transposition"
    a: str  # reading in article a ("" for an insertion in b)
    b: str  # reading in article b ("" for an omission in b)
    a_start: int  # offsets into a's source
    a_end: int
    b_start: int  # offsets into b's source
    b_end: int


@dataclass(slots=True)
class AlignedPair:
    """Passages of two articles that render the same text; offsets into each source."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float
    kind: str = "match"  # "identical" | "variant" | "translation" | "paraphrase" | "match"


@dataclass
class Evidence:
    pairs: list[AlignedPair] = field(default_factory=list)
    coverage_a: float = 0.0  # share of a's clean text covered by aligned passages
    coverage_b: float = 0.0
    shared: dict[str, list[str]] = field(default_factory=dict)  # "names", "numbers", "dates"
    variants: list[Variant] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why this kind and direction
    # each piece of evidence about the direction, strongest first:
    # {"signal", "points_to" (id said to be the source), "weight", "says"}
    direction_signals: list[dict] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """What ``dataclasses.asdict`` gives, made directly: its generic walk deep-copies each
        value, and a story run by thousands of outlets keeps tens of thousands of links."""
        return {
            "pairs": [_plain_fields(p) for p in self.pairs],
            "coverage_a": self.coverage_a,
            "coverage_b": self.coverage_b,
            "shared": _plain(self.shared),
            "variants": [_plain_fields(v) for v in self.variants],
            "reasons": list(self.reasons),
            "direction_signals": _plain(self.direction_signals),
        }


def _plain_fields(obj: Any) -> dict[str, Any]:
    """A flat dataclass of plain values (an aligned pair, a variant) as a dict, in field order."""
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}


def _plain(value: Any) -> Any:
    """Lists and dicts of plain values copied, as ``asdict`` copies them."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass
class Link:
    a: str
    b: str
    kind: str  # one of LINK_KINDS
    score: float
    direction: str | None = None  # id of the article the other derives from
    evidence: Evidence = field(default_factory=Evidence)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Link:
        """A link from its JSON form (``{"a", "b", "kind", "score", "direction", "evidence"}``:
        the store's rows, the analysis stages' rows, ``story --json``)."""
        ev = dict(data.get("evidence") or {})
        ev["pairs"] = [AlignedPair(**p) for p in ev.get("pairs", [])]
        ev["variants"] = [Variant(**v) for v in ev.get("variants", [])]
        return cls(
            data["a"], data["b"], data["kind"], data["score"], data.get("direction"), Evidence(**ev)
        )


@dataclass
class Story:
    """The articles that report one event. ``id`` derives from its earliest member, so the same
    articles give the same id however they arrived; ``related`` lists the ids of stories about the
    same actors but another event."""

    id: str
    articles: list[str]  # article ids, earliest first
    title: str
    languages: list[str]
    first_seen: str | None  # earliest publication date (ISO) among the articles, if any
    related: list[str] = field(default_factory=list)


# -- quotes -------------------------------------------------------------------------------------


@dataclass
class Quote:
    """A stretch of reported speech: who (speaker), the verb or phrase that marks it (cue), what
    (content). Offsets into ``Article.source``; a speaker or cue not written out (a quotation
    continued from the previous paragraph) has ``None`` offsets."""

    kind: str  # "direct" (in quotation marks, or a letter's own words) | "indirect"
    content: str
    content_start: int
    content_end: int
    speaker: str = ""  # as written ("he", "the Leader", "آیت‌الله خامنه‌ای")
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str = ""
    cue_start: int | None = None
    cue_end: int | None = None
    person: str | None = None  # resolved person id ("ali-khamenei"), when known
    name: str | None = None  # the person's display name ("Ali Khamenei"), when known
    # "speech" | "letter" (a sentence of a signed letter or statement) | "attribution" (a
    # stance, plan or finding the learned cue model found: "the survey found ...")
    origin: str = "speech"
