"""Which of two linked articles derives from the other: signals, ranked, and a verdict only
where they agree.

Each signal names the article it says is the source, a weight and what it says in words:

- ``citation`` (3): one text names the other's outlet as its source;
- ``time`` (2): one was published (or signed) earlier than the other beyond both precisions
  (a day against a time that day, or a year against a day in it, says nothing);
- ``translator_note`` (2): a translation says what it left untranslated ("(Arabic Prayers)") or
  that it is translated, and the other text says nothing of the kind;
- ``residue`` (1): a translation keeps words of the original untranslated (a quotation or a
  title left in the original's language and script), and the original keeps none of the other
  text's language (:func:`stemma.reuse.translation.residue`);
- ``original_calendar`` (1): a text dates in a calendar of the other text's language, not of its
  own, the day the other gives (an English letter signed "15 Farvardin 1397"; 0.5 for a Lunar
  Hijri date, which Islamic matters are dated in whatever the language);
- ``containment`` (1): an excerpt derives from the fuller text;
- ``same_text`` (2): a copy or revision of a text that derives from the other
  (:func:`through_same_text`);
- ``home_language`` (1): a translation published by an outlet that writes mostly in the other
  text's language (learned from the pile, :func:`outlet_homes`): an outlet writing outside its
  home language is translating from it;
- ``calendar`` (0.5): one text gives in its own calendar a date the other gives only in the
  Gregorian one. Weak on its own: a translator may convert either way (a Persian translation of
  English news writes the Solar Hijri date as readily as an English translation of a Persian
  letter writes the Gregorian one).

A direction is stated only when the signals for it weigh at least :data:`STATE` and no signal of
weight 1 or more points the other way; otherwise the link stays undirected and says why
(no evidence, only weak evidence, or signals that disagree). Every signal found is kept in the
link's evidence (``direction_signals``), strongest first, whichever way the verdict goes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace

from stemma.ingest.when import earlier
from stemma.model import Article, Link, TimeEvidence

STATE = 1.0  # weight of agreeing evidence a stated direction needs
STRONG = 1.0  # a signal this heavy pointing the other way leaves the link undirected

WEIGHTS = {
    "citation": 3.0,
    "time": 2.0,
    "translator_note": 2.0,
    "same_text": 2.0,
    "home_language": 1.0,
    "residue": 1.0,
    "original_calendar": 1.0,
    "containment": 1.0,
    "calendar": 0.5,
}


@dataclass(frozen=True)
class Signal:
    signal: str  # one of WEIGHTS
    points_to: str  # id of the article this signal says is the source
    weight: float
    says: str  # in words, for the reader

    @classmethod
    def of(cls, signal: str, points_to: str, says: str) -> Signal:
        return cls(signal, points_to, WEIGHTS[signal], says)


@dataclass(frozen=True)
class Verdict:
    direction: str | None  # id of the source, or None (undirected)
    why: str  # the reason in words, either way
    signals: tuple[Signal, ...]

    def signal_dicts(self) -> list[dict]:
        return [asdict(s) for s in self.signals]


def decide(a: Article, b: Article, signals: list[Signal]) -> Verdict:
    """The direction the ``signals`` give for the pair ``a``, ``b``, or an undirected verdict
    saying why not."""
    return _decide_ids(a.id, b.id, signals)


def _decide_ids(a: str, b: str, signals: list[Signal]) -> Verdict:
    ranked = tuple(sorted(signals, key=lambda s: (-s.weight, s.signal, s.points_to)))
    if not ranked:
        why = "undirected: no evidence of direction (no citation, time order, containment or translation trace)"
        return Verdict(None, why, ranked)
    weight = {a: 0.0, b: 0.0}
    strong = {a: False, b: False}
    for s in ranked:
        weight[s.points_to] = weight.get(s.points_to, 0.0) + s.weight
        strong[s.points_to] = strong.get(s.points_to, False) or s.weight >= STRONG
    if strong[a] and strong[b]:
        says = "; ".join(f"{s.says} (points to {s.points_to})" for s in ranked)
        return Verdict(None, f"undirected: the signals disagree: {says}", ranked)
    source = a if weight[a] > weight[b] else b
    if weight[source] - weight[a if source == b else b] < STATE:
        says = "; ".join(s.says for s in ranked)
        return Verdict(None, f"undirected: only weak evidence: {says}", ranked)
    lead = next(s for s in ranked if s.points_to == source)
    return Verdict(source, lead.says, ranked)


# --- the signals any pair can carry -------------------------------------------------------------


def cites(article: Article, other: Article) -> str | None:
    """The citation in ``article`` naming the other's outlet, if any."""
    if not other.outlet:
        return None
    outlet = other.outlet.casefold()
    for s in article.sources:
        name = s.name.casefold()
        if name and (name in outlet or outlet in name):
            return s.phrase or s.name
    return None


def citation_signals(a: Article, b: Article) -> list[Signal]:
    out = []
    for x, y in ((a, b), (b, a)):
        phrase = cites(y, x)
        if phrase:
            out.append(Signal.of("citation", x.id, f"{y.id} cites {x.outlet} ({phrase!r})"))
    return out


# A time read off the text (the latest date it names) bounds the publication from below but is
# not the publication: it never orders two texts.
_NOT_PUBLICATION = {"text"}


def _when(article: Article) -> TimeEvidence | None:
    when = article.when
    return None if when is None or when.source in _NOT_PUBLICATION else when


def _written(article: Article) -> str | None:
    when = _when(article)
    return when.iso if when is not None else article.published


def time_order(a: Article, b: Article) -> int:
    """-1 when ``a`` is earlier than ``b`` beyond both precisions, 1 when later, 0 when unknown
    or overlapping. Reads each article's best-known time (``Article.when``, with its precision)
    where ingest gave one, else its published date (a day settles only against another day, a
    time only against another time that day)."""
    ta, tb = _when(a), _when(b)
    if ta is not None and tb is not None:
        found = earlier(ta, tb)
        return 0 if found is None else (-1 if found else 1)
    x, y = (ta.iso if ta else a.published), (tb.iso if tb else b.published)
    if not x or not y:
        return 0
    if x[:10] != y[:10] and len(x) >= 10 and len(y) >= 10:
        return -1 if x[:10] < y[:10] else 1
    if len(x) > 10 and len(y) > 10 and x[:16] != y[:16]:
        return -1 if x < y else 1
    return 0


def time_signals(a: Article, b: Article) -> list[Signal]:
    order = time_order(a, b)
    if not order:
        return []
    first, then = (a, b) if order < 0 else (b, a)
    says = f"{first.id} is earlier ({_written(first)} < {_written(then)})"
    return [Signal.of("time", first.id, says)]


# --- directions the links give one another --------------------------------------------------------

SAME_TEXT = frozenset({"copy", "revision"})
DERIVING = frozenset({"copy", "revision", "excerpt", "translation", "paraphrase"})


def through_same_text(links: Iterable[Link]) -> list[Link]:
    """``links`` with directions the others give: where ``x`` is the same text as ``y`` (a copy
    or revision, either way) and ``y`` derives from ``z`` by a stated direction, ``x`` derives
    from ``z`` too (a site's copy of an official translation is a translation of the original,
    though it lacks the translator's note that dates the official one). The new signal joins the
    link's own and the verdict is taken again, so a link whose own signals point the other way
    stays undirected. A pure function of the links: only directions stated by a link's own
    evidence are passed on, so the result does not depend on their order."""
    links = list(links)
    same: dict[str, list[tuple[str, Link]]] = defaultdict(list)
    source_of: dict[tuple[str, str], str] = {}
    for ln in links:
        if ln.kind in SAME_TEXT:
            same[ln.a].append((ln.b, ln))
            same[ln.b].append((ln.a, ln))
        if ln.direction and ln.kind in DERIVING:
            source_of[(min(ln.a, ln.b), max(ln.a, ln.b))] = ln.direction
    # the texts each text is stated to be the source of: the first same-text partner y of x
    # that derives from z is looked up through the smaller of x's partners and z's derived
    # texts (a wire story copied 10,000 times gave one copy 10,000 partners, each scanned for
    # every undirected link of it); the same y as the scan in y's order
    derived: dict[str, set[str]] = defaultdict(set)
    for (p, q), z in source_of.items():
        if z in (p, q):
            derived[z].add(q if z == p else p)
    partners: dict[str, dict[str, Link]] = {}
    for x, pairs in same.items():
        for y, copy in pairs:
            partners.setdefault(x, {}).setdefault(y, copy)  # the first, as the scan met it
    out = []
    for ln in links:
        if ln.direction is not None or ln.kind not in DERIVING:
            out.append(ln)
            continue
        found = []
        for x, z in ((ln.a, ln.b), (ln.b, ln.a)):
            mine, sources = partners.get(x, {}), derived.get(z, set())
            both = (y for y in (sources if len(sources) < len(mine) else mine) if y != z)
            y = min((y for y in both if y in mine and y in sources), default=None)
            if y is not None:
                copy = mine[y]
                says = f"{x} is the same text as {y} ({copy.kind}), which derives from {z}"
                found.append(Signal.of("same_text", z, says))
        out.append(_with_signals(ln, found) if found else ln)
    return out


# --- evidence the pile gives: an outlet's home language -------------------------------------------

HOME_ARTICLES = 3  # articles an outlet needs in the pile before it has a home language
HOME_SHARE = 2 / 3  # share of them in one language


def outlet_homes(articles: Iterable[Article]) -> dict[str, str]:
    """Outlet (casefolded) -> the language it writes most, where at least ``HOME_SHARE`` of its
    ``HOME_ARTICLES`` or more articles in the pile are in it."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for a in articles:
        if a.outlet and a.lang:
            counts[a.outlet.casefold()][a.lang] += 1
    homes = {}
    for outlet, langs in counts.items():
        total = sum(langs.values())
        lang, n = max(langs.items(), key=lambda kv: (kv[1], kv[0]))
        if total >= HOME_ARTICLES and n >= HOME_SHARE * total:
            homes[outlet] = lang
    return homes


def home_language_signals(a: Article, b: Article, homes: Mapping[str, str]) -> list[Signal]:
    """A text in another language than its outlet's home one, paired with a text in that home
    language, is the translation."""
    out = []
    for x, y in ((a, b), (b, a)):
        home = homes.get((y.outlet or "").casefold())
        if home and y.lang != home and x.lang == home:
            says = f"{y.outlet} writes mostly in {home}: {y.id}, in {y.lang}, is translated"
            out.append(Signal.of("home_language", x.id, says))
    return out


def _with_signals(link: Link, found: list[Signal]) -> Link:
    """``link`` decided again with ``found`` beside its own signals."""
    own = [Signal(**s) for s in link.evidence.direction_signals]
    verdict = _decide_ids(link.a, link.b, own + found)
    reasons = [r for r in link.evidence.reasons if not r.startswith("undirected:")]
    if link.direction is not None and link.direction != verdict.direction:
        reasons = [r for r in reasons if r not in {s.says for s in own}]
    if verdict.why not in reasons:
        reasons.append(verdict.why)
    evidence = replace(link.evidence, reasons=reasons, direction_signals=verdict.signal_dicts())
    # made, not replaced: a held link may be slim (stemma.engine.links.SlimLink)
    return Link(link.a, link.b, link.kind, link.score, verdict.direction, evidence)


def settle(links: Iterable[Link], articles: Mapping[str, Article]) -> list[Link]:
    """The links' directions with the evidence the whole pile gives: each translation's
    outlet's home language, then directions passed on through copies
    (:func:`through_same_text`). A pure function of the pile and its links."""
    homes = outlet_homes(articles.values())
    out = []
    for link in links:
        a, b = articles.get(link.a), articles.get(link.b)
        found = (
            home_language_signals(a, b, homes)
            if homes and a is not None and b is not None and link.kind == "translation"
            else []
        )
        out.append(_with_signals(link, found) if found else link)
    return through_same_text(out)
