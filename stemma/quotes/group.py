"""One statement, many renderings: the quotes of a story linked across outlets and languages.

Two renderings are one quote when

- they are in one language and their contents share most of their words (containment of the
  smaller word set, at least ``MIN_SHARED`` words), or
- a link's evidence aligns a passage holding one with a passage holding the other (a translation
  or paraphrase pair of sentences: the renderings sit in the counterpart passages),

and their speakers do not resolve to two different people. Speakers resolve with one
:class:`~stemma.quotes.speakers.People` shared by the story, Latin-script articles first, so
"آیت‌الله خامنه‌ای" and "Ayatollah Khamenei" are one person. A signed letter's sentences take
part as renderings (they are its signer's words) but a group made of letter sentences only is
the letter itself, shown by the collation, and is left out.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from stemma.model import Article, Link, Quote
from stemma.quotes.extract import quotes_and_people
from stemma.quotes.lexicon import ARABIC_SCRIPT, fold, language_of
from stemma.quotes.speakers import People, Person, speaker_kind

WORD = re.compile(r"\w+")
MIN_SHARED = 4
MIN_CONTAINMENT = 0.5
SHORT_WORD = 2  # words this short carry little (articles, particles)
COMMON_WORD_SHARE = 0.5  # a word in more than this share of renderings does not count
MAX_POSITION_GAP = 0.3  # renderings of one quote sit at about the same place in their passages


@dataclass
class _Rendering:
    article: Article
    lang: str
    quote: Quote
    person: Person | None
    words: frozenset[str]


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in WORD.findall(fold(text)) if len(w) > SHORT_WORD)


class _Groups:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _compatible(a: _Rendering, b: _Rendering) -> bool:
    return a.person is None or b.person is None or a.person.id == b.person.id


def _same_words(a: _Rendering, b: _Rendering) -> bool:
    if a.lang != b.lang or not a.words or not b.words:
        return False
    shared = len(a.words & b.words)
    return shared >= MIN_SHARED and shared >= MIN_CONTAINMENT * min(len(a.words), len(b.words))


def _sharing_pairs(rs: list[_Rendering]) -> list[tuple[int, int]]:
    """Pairs of renderings sharing at least ``MIN_SHARED`` words, found through a word index
    (words in very many renderings are left out of the count), not by comparing all pairs.

    Renderings with the same words (an outlet's unchanged copy) pair with the first of them
    only, and only that first one enters the index: a story copied by many outlets would
    otherwise make pairs by the square of its copies.
    """
    pairs: list[tuple[int, int]] = []
    first: dict[tuple[str | None, frozenset[str]], int] = {}
    index: dict[str, list[int]] = {}
    for i, r in enumerate(rs):
        key = (r.lang, r.words)
        if key in first:
            pairs.append((first[key], i))
            continue
        first[key] = i
        for w in r.words:
            index.setdefault(w, []).append(i)
    cap = max(COMMON_WORD_SHARE * len(first), 20)
    shared: Counter = Counter()
    for ids in index.values():
        if len(ids) > cap:
            continue
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                shared[ids[a], ids[b]] += 1
    pairs += [pair for pair, n in shared.items() if n >= MIN_SHARED]
    return sorted(pairs)


def _cover(r: _Rendering, start: int, end: int) -> float:
    """How well the rendering fills the passage ``[start, end)``: overlap over the larger of
    the two (1.0 when they coincide)."""
    q = r.quote
    ov = min(q.content_end, end) - max(q.content_start, start)
    if ov <= 0:
        return 0.0
    size = q.content_end - q.content_start
    if 2 * ov < size and 2 * ov < end - start:
        return 0.0
    return ov / max(size, end - start)


def _middle(r: _Rendering, start: int, end: int) -> float:
    """Where the middle of the rendering sits in the passage, from 0 (start) to 1 (end)."""
    q = r.quote
    mid = (max(q.content_start, start) + min(q.content_end, end)) / 2
    return (mid - start) / max(1, end - start)


def _in_passage(
    rs: list[_Rendering], ids: list[int], start: int, end: int
) -> list[tuple[int, float, float]]:
    """(index, cover, middle) of the renderings among ``ids`` that fill ``[start, end)``."""
    found = []
    for i in ids:
        cover = _cover(rs[i], start, end)
        if cover > 0:
            found.append((i, cover, _middle(rs[i], start, end)))
    return found


def _link_unions(rs: list[_Rendering], links: list[Link], groups: _Groups) -> None:
    """Join renderings in aligned passages, the tightest alignments first; a group never takes
    a second rendering from an article through an alignment (the looser pair is the wrong one:
    a paragraph aligned with a sentence that only introduces the quote)."""
    by_article: dict[str, list[int]] = {}
    for i, r in enumerate(rs):
        by_article.setdefault(r.article.id, []).append(i)
    candidates = []
    for link in links:
        left, right = by_article.get(link.a, []), by_article.get(link.b, [])
        if not left or not right:
            continue
        for pair in link.evidence.pairs:
            a = _in_passage(rs, left, pair.a_start, pair.a_end)
            b = _in_passage(rs, right, pair.b_start, pair.b_end)
            # pair renderings by where they sit in their passage (a quote at the end of a
            # paragraph renders the quote at the end of its translation), nearest first
            options = []
            for i, ci, mi in a:
                for j, cj, mj in b:
                    gap = abs(mi - mj)
                    if gap <= MAX_POSITION_GAP and _compatible(rs[i], rs[j]):
                        options.append((gap, -min(ci, cj), i, j))
            used: set[int] = set()
            for gap, tight, i, j in sorted(options):
                if i not in used and j not in used:
                    used |= {i, j}
                    candidates.append((-tight - gap, i, j))
    members = {}
    for i, r in enumerate(rs):
        members.setdefault(groups.find(i), set()).add(r.article.id)
    for _, i, j in sorted(candidates, key=lambda c: -c[0]):
        gi, gj = groups.find(i), groups.find(j)
        if gi == gj:
            continue
        if rs[j].article.id in members[gi] or rs[i].article.id in members[gj]:
            continue
        groups.union(i, j)
        members[groups.find(i)] = members.pop(gi, set()) | members.pop(gj, set())


def _originals(links: list[Link]) -> Counter:
    """How often each article is the one another derives from."""
    return Counter(link.direction for link in links if link.direction)


def _rendering_json(r: _Rendering) -> dict:
    q = r.quote
    return {
        "article": r.article.id,
        "lang": r.lang,
        "kind": q.kind,
        "origin": q.origin,
        "content": q.content,
        "content_start": q.content_start,
        "content_end": q.content_end,
        "speaker": q.speaker,
        "speaker_kind": speaker_kind(q.speaker, r.person),
        "speaker_start": q.speaker_start,
        "speaker_end": q.speaker_end,
        "cue": q.cue,
        "cue_start": q.cue_start,
        "cue_end": q.cue_end,
        "person": r.person.id if r.person else None,
    }


def story_quotes(
    articles: list[Article],
    links: list[Link],
    found: Callable[[Article], list[Quote]] | None = None,
) -> list[dict]:
    """The quotes of a story, each with its renderings in every article (JSON-ready).

    ``articles`` in story order (earliest first); ``links`` the links among them. ``found``:
    an article's quotes before they are resolved to people (``extract.found_quotes``, or what
    an analysis kept of it), where not found afresh.
    """
    people = People()
    order = {a.id: k for k, a in enumerate(articles)}
    latin_first = sorted(articles, key=lambda a: bool(ARABIC_SCRIPT.search(a.source[:2000])))
    rs: list[_Rendering] = []
    seen: dict[tuple[str, str | None], list] = {}  # outlets' unchanged copies: read once
    for article in latin_first:
        key = (article.source, article.lang)
        if key not in seen:
            lang = language_of(article.source, article.lang)
            seen[key] = [
                (lang, quote, person, _words(quote.content))
                for quote, person in quotes_and_people(
                    article, people, found=found(article) if found else None
                )
                # a learned attribution ("the survey found", "a group that opposes") is a
                # statement of someone's on the story page only when a person holds it
                if quote.origin != "attribution" or person is not None
            ]
        for lang, quote, person, words in seen[key]:
            rs.append(_Rendering(article, lang, quote, person, words))
    rs.sort(key=lambda r: (order[r.article.id], r.quote.content_start))
    groups = _Groups(len(rs))
    letters: dict[int, set[str]] = {
        i: {r.article.id} for i, r in enumerate(rs) if r.quote.origin == "letter"
    }
    for i, j in _sharing_pairs(rs):
        if _same_words(rs[i], rs[j]) and _compatible(rs[i], rs[j]):
            gi, gj = groups.find(i), groups.find(j)
            if gi == gj or letters.get(gi, set()) & letters.get(gj, set()):
                continue  # two sentences of one letter are two statements
            groups.union(i, j)
            letters[groups.find(i)] = letters.pop(gi, set()) | letters.pop(gj, set())
    _link_unions(rs, links, groups)
    members: dict[int, list[_Rendering]] = {}
    for i, r in enumerate(rs):
        members.setdefault(groups.find(i), []).append(r)
    originals = _originals(links)
    out = []
    for group in members.values():
        if all(r.quote.origin == "letter" for r in group):
            continue
        out.append(_group_json(group, originals))
    out.sort(key=lambda g: (-len({r["article"] for r in g["renderings"]}), g["_first"]))
    for g in out:
        del g["_first"]
    return out


def _group_json(group: list[_Rendering], originals: Counter) -> dict:
    persons = Counter(r.person.id for r in group if r.person)
    person_id = persons.most_common(1)[0][0] if persons else None
    person = next((r.person for r in group if r.person and r.person.id == person_id), None)
    speakers = Counter(r.quote.speaker for r in group if r.quote.speaker)
    speaker = person.name if person else (speakers.most_common(1)[0][0] if speakers else "")
    # the original's words: the article others derive from, its own words before reports
    best = max(
        group,
        key=lambda r: (
            originals.get(r.article.id, 0),
            r.quote.origin == "letter",
            r.quote.kind == "direct",
            r.quote.content_end - r.quote.content_start,
        ),
    )
    key = "|".join(sorted(f"{r.article.id}:{r.quote.content_start}" for r in group))
    return {
        "id": "q-" + hashlib.sha1(key.encode()).hexdigest()[:12],
        "person": person_id,
        "speaker": speaker,
        # a person, or a source of another kind (organisation, publication, place, unknown)
        "speaker_kind": speaker_kind(speaker, person),
        "text": " ".join(best.quote.content.split()),  # hard-wrapped lines joined for display
        "renderings": [_rendering_json(r) for r in group],
        "_first": (min(r.quote.content_start for r in group)),
    }
