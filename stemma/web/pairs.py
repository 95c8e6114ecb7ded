"""The pair view: two articles side by side, their aligned passages in rows, the variants marked,
and every signal behind the link's kind and direction said in words.

Plain data only (the templates write the markup, escaping every text). Readers' corrections of
the pair apply at once here, before any re-analysis: the page shows the link as corrected and
each correction as such.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from urllib.parse import quote, unquote

from pydantic import BaseModel

from stemma.analysis import link_json
from stemma.corrections import LINK_ACTIONS, apply_to_links
from stemma.model import LINK_KINDS, AlignedPair, Article, Evidence, Link, Variant
from stemma.store import Store
from stemma.web.render import text_dir
from stemma.web.views import unglue_title

log = logging.getLogger(__name__)

# What each kind claims, for a reader who does not know the words.
KIND_WORDS = {
    "copy": "one text published twice, word for word or nearly",
    "revision": "one text, edited: most words kept, some changed",
    "excerpt": "one text holds part of the other, word for word",
    "translation": "one text is a translation of the other",
    "paraphrase": "one text retells the other in other words",
    "same_event": "two texts about one event, not derived from each other",
    "related": "two texts about the same people or subject, not the same event",
}
PRECISION = {4: "year", 7: "month", 10: "day"}
# Two texts without a stored link are typed for the page only up to this size together: a
# request must not set the server aligning two huge uploads.
MAX_TYPED_CHARS = 400_000


def _precision(iso: str) -> str:
    return PRECISION.get(len(iso), "minute" if "T" in iso else "day")


def _flip(link: Link) -> Link:
    """The link seen from its other end (offsets of a and b swapped)."""
    ev = link.evidence
    pairs = [AlignedPair(p.b_start, p.b_end, p.a_start, p.a_end, p.score, p.kind) for p in ev.pairs]
    flipped = {"insertion": "omission", "omission": "insertion"}
    variants = [
        Variant(flipped.get(v.kind, v.kind), v.b, v.a, v.b_start, v.b_end, v.a_start, v.a_end)
        for v in ev.variants
    ]
    evidence = replace(
        ev, pairs=pairs, variants=variants, coverage_a=ev.coverage_b, coverage_b=ev.coverage_a
    )
    return replace(link, a=link.b, b=link.a, evidence=evidence)


def _segments(source: str, start: int, end: int, marks: list[tuple[int, int, str, str]]):
    """``source[start:end]`` cut into plain and marked pieces; ``marks`` are (start, end, kind,
    note) spans, the overlapping ones after the first left out."""
    out, at = [], start
    for s, e, kind, note in sorted(marks):
        if s < at or e > end or e <= s:
            continue
        if s > at:
            out.append({"text": source[at:s], "mark": None})
        out.append({"text": source[s:e], "mark": kind, "note": note})
        at = e
    if at < end:
        out.append({"text": source[at:end], "mark": None})
    return out


def _rows(a: Article, b: Article, evidence: Evidence) -> list[dict]:
    """One row per aligned passage pair, in a's order, with the variants inside each marked."""
    rows = []
    for n, p in enumerate(sorted(evidence.pairs, key=lambda p: (p.a_start, p.b_start)), 1):
        in_a = [
            (v.a_start, v.a_end, v.kind, f"{v.kind}: B reads “{v.b}”" if v.b else v.kind)
            for v in evidence.variants
            if p.a_start <= v.a_start and v.a_end <= p.a_end
        ]
        in_b = [
            (v.b_start, v.b_end, v.kind, f"{v.kind}: A reads “{v.a}”" if v.a else v.kind)
            for v in evidence.variants
            if p.b_start <= v.b_start and v.b_end <= p.b_end
        ]
        rows.append(
            {
                "n": n,
                "kind": p.kind,
                "score": p.score,
                "a": unglue_title(_segments(a.source, p.a_start, p.a_end, in_a), a.title),
                "b": unglue_title(_segments(b.source, p.b_start, p.b_end, in_b), b.title),
                "a_span": [p.a_start, p.a_end],
                "b_span": [p.b_start, p.b_end],
                "variants": len(in_a) + len(in_b),
            }
        )
    return rows


def _when(article: Article) -> dict:
    """The article's time as evidence: the best-known time with its precision and source when
    ingest found one, else the publication date as given."""
    best = getattr(article, "when", None)
    if best is not None:
        said = f"{best.iso} (to the {best.precision}, from the {best.source}"
        return {
            "iso": best.iso,
            "words": said + (f": “{best.text}”)" if best.text else ")"),
        }
    if article.published:
        iso = article.published
        return {"iso": iso, "words": f"{iso} (to the {_precision(iso)}, as published)"}
    return {"iso": None, "words": "no date known"}


def _order(a: Article, b: Article) -> str | None:
    """Which is earlier, in words, when the two times say so beyond both precisions."""
    ta, tb = getattr(a, "when", None), getattr(b, "when", None)
    if ta is None or tb is None:
        return None
    from stemma.ingest.when import earlier

    verdict = earlier(ta, tb)
    if verdict is None:
        return "their times overlap at the precision known: the dates do not say which came first"
    return "A is the earlier of the two" if verdict else "B is the earlier of the two"


def _cites(x: Article, y: Article) -> list[str]:
    """Sources ``x`` cites that name ``y``'s outlet."""
    outlet = (y.outlet or "").casefold().strip()
    if len(outlet) < 3:
        return []
    return [s.name for s in x.sources if outlet in s.name.casefold() or s.name.casefold() in outlet]


def _signal_words(signal) -> str:
    if isinstance(signal, dict):
        said = signal.get("says") or signal.get("signal") or ""
        extra = [
            f"{k}: {v}" for k, v in signal.items() if k not in ("says",) and v not in ("", None)
        ]
        return f"{said} ({'; '.join(extra)})" if said and extra else said or "; ".join(extra)
    return str(signal)


def signals(a: Article, b: Article, link: Link | None) -> list[dict]:
    """Every signal behind the kind and direction, in words: ``[{"name", "says"}]``."""
    out = []

    def say(name: str, text: str) -> None:
        out.append({"name": name, "says": text})

    if link is not None:
        say("kind", f"{link.kind} (score {link.score:.2f}): {KIND_WORDS.get(link.kind, '')}")
        if link.direction == a.id:
            say("direction", "B derives from A")
        elif link.direction == b.id:
            say("direction", "A derives from B")
        else:
            say("direction", "none given: the evidence does not say which text came first")
        for reason in link.evidence.reasons:
            say("reason", reason)
        for signal in getattr(link.evidence, "direction_signals", None) or []:
            say("direction signal", _signal_words(signal))
        ev = link.evidence
        say(
            "coverage",
            f"{ev.coverage_a:.0%} of A's text is aligned with B; {ev.coverage_b:.0%} of B's with A",
        )
        if ev.coverage_b >= 0.9 > ev.coverage_a + 0.2:
            say("containment", "B is (nearly) contained in A")
        elif ev.coverage_a >= 0.9 > ev.coverage_b + 0.2:
            say("containment", "A is (nearly) contained in B")
        for what, items in sorted((ev.shared or {}).items()):
            if items:
                say(f"shared {what}", ", ".join(map(str, items[:20])))
    else:
        say("kind", "no link: the analysis found none between these two")
    say("date of A", _when(a)["words"])
    say("date of B", _when(b)["words"])
    order = _order(a, b)
    if order:
        say("order", order)
    for x, y, xn, yn in ((a, b, "A", "B"), (b, a, "B", "A")):
        if x.sources:
            say(f"{xn} cites", ", ".join(s.name for s in x.sources))
        named = _cites(x, y)
        if named:
            say("cited source", f"{xn} cites {yn}'s outlet ({', '.join(named)})")
    return out


def pair_corrections(store: Store, a: str, b: str) -> list:
    """Corrections of this pair's link, and originals marked among the two."""
    return [
        c
        for c in store.corrections([a, b])
        if (c.action in LINK_ACTIONS and {c.a, c.b} == {a, b})
        or (c.action == "original" and c.a in (a, b))
        or (c.action == "join" and {c.a, c.b} == {a, b})
        or (c.action == "split" and c.a in (a, b))
    ]


def _side(article: Article, store: Store) -> dict:
    story_id = store.story_of(article.id)
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "lang": article.lang,
        "dir": text_dir(article.lang),
        "when": _when(article)["words"],
        "story": story_id,
        "words": len(article.text.split()),
    }


def pair_data(store: Store, a_id: str, b_id: str, *, compute: bool = True) -> dict | None:
    """Everything the pair view shows, JSON-ready; None when either article is unknown.

    Without a stored link between two articles of one language the link is typed now (the same
    typer the analysis uses) so the passages still line up; the page says it was computed."""
    a, b = store.get_article(a_id), store.get_article(b_id)
    if a is None or b is None or a_id == b_id:
        return None
    stored = [ln for ln in store.get_links([a_id]) if {ln.a, ln.b} == {a_id, b_id}]
    corrections = pair_corrections(store, a_id, b_id)
    found = apply_to_links(corrections, stored)
    link = found[0] if found else None
    computed = False
    rejected = any(c.action == "reject" for c in corrections) and link is None
    small = len(a.source) + len(b.source) <= MAX_TYPED_CHARS
    if link is None and not rejected and compute and small and a.lang and a.lang == b.lang:
        try:
            from stemma.reuse.typing import type_same_language

            link, computed = type_same_language(a, b), True
        except Exception:  # a failing typer must not take the page down; the texts still show
            log.exception("typing %s / %s failed", a_id, b_id)
    if link is not None and link.a != a_id:
        link = _flip(link)
    story_a, story_b = store.story_of(a_id), store.story_of(b_id)
    return {
        "a": _side(a, store),
        "b": _side(b, store),
        "link": link_json(link) if link is not None else None,
        "computed": computed,
        "rejected": rejected,
        "same_story": story_a is not None and story_a == story_b,
        "signals": signals(a, b, link),
        "rows": _rows(a, b, link.evidence) if link is not None else [],
        "corrections": [c.to_dict() | {"says": c.describe()} for c in corrections],
        "kinds": list(LINK_KINDS),
    }


# -- corrections made in the web forms -------------------------------------------------------------
WHO_COOKIE, WHO_AGE = "stemma_who", 365 * 24 * 3600  # the name typed once, kept a year


def who_cookie(who: str) -> str:
    return quote(who, safe="")


def who_from_cookie(value: str | None) -> str:
    return unquote(value or "")[:80]


class CorrectionIn(BaseModel):
    """A correction as the API takes it: ``action``, the articles ``a`` and ``b``, ``value``
    (or ``kind``/``direction``/``original`` by name), who and why; for ``speaker``, the speaker
    as shown in ``speaker``, the right name in ``value`` and ``story`` to limit it."""

    action: str
    a: str = ""
    b: str = ""
    value: str = ""
    kind: str = ""
    direction: str = ""
    original: str = ""
    speaker: str = ""
    story: str = ""
    who: str
    why: str = ""


def correction_from_form(store: Store, form: dict[str, str]):
    """The ``Correction`` a pair or quotes form asks for; CorrectionError (naming the field)
    when it cannot be made. Article ids must name stored articles."""
    from stemma.corrections import CorrectionError, make

    action = (form.get("action") or "").strip()
    a, b = (form.get("a") or "").strip(), (form.get("b") or "").strip() or None
    who, why = form.get("who") or "", form.get("why") or ""
    if action == "speaker":
        return make(
            "speaker",
            form.get("speaker") or "",
            form.get("story") or None,
            form.get("value") or "",
            who=who,
            why=why,
        )
    for id in (a, b):
        if id is not None and not store.versions(id):
            raise CorrectionError(f"no article with id {id!r}")
    if action in ("kind", "direction"):
        return make(action, a, b, form.get(action) or form.get("value"), who=who, why=why)
    if action == "original":
        original = form.get("original") or a
        if original not in (a, b):
            raise CorrectionError("the original must be one of the two articles")
        return make("original", original, who=who, why=why)
    if action == "split":
        return make("split", b or a, who=who, why=why)
    return make(action, a, b, form.get("value"), who=who, why=why)


def back_url(form: dict[str, str]) -> str:
    """Where a form returns to, built from ids (never a URL the form supplies)."""
    from stemma.web.render import pair_url, path_part

    if form.get("story"):
        return f"/stories/{path_part(form['story'])}#quotes"
    if form.get("a") and form.get("b"):
        return pair_url(form["a"], form["b"]) + "#corrections"
    return "/"


__all__ = [
    "KIND_WORDS",
    "back_url",
    "correction_from_form",
    "pair_corrections",
    "pair_data",
    "signals",
]
