"""The quote cues of each language (``# --- quotes ---`` in ``stemma/text/lang/<code>.py``)
compiled into patterns, and the folding both sides are matched under.

Folding keeps the text's length, so a match's offsets are offsets into the source: lowercase,
Arabic-script letter variants (ي/ی, ك/ک, ى/ی, أ/إ/آ/ٱ to ا, ة to ه), ZWNJ read as a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from stemma.text import lang as languages

_FOLD = str.maketrans({
    "ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه",
    "\u200c": " ", "\u200d": " ", "ۀ": "ه", "ؤ": "و", "ئ": "ی", "’": "'", "‘": "'",
})  # fmt: skip

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def fold(text: str) -> str:
    """Same-length folded text for matching."""
    out = text.translate(_FOLD)
    lowered = out.lower()
    if len(lowered) == len(out):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in out)


def _alternation(phrases) -> str:
    forms = sorted({fold(p).strip() for p in phrases if p.strip()}, key=len, reverse=True)
    parts = [r"\s+".join(re.escape(w) for w in f.split()) for f in forms]
    return "|".join(parts)


def _words(phrases) -> re.Pattern | None:
    """Whole-word matches; a phrase ending in a one-letter preposition ("وفقا ل") may be
    written joined to the next word ("وفقا لمصادر")."""
    phrases = [p.replace("ـ", "").strip() for p in phrases]
    glued = [p for p in phrases if len(p.split()[-1]) == 1 and ARABIC_SCRIPT.search(p)]
    whole = [p for p in phrases if p not in glued]
    parts = []
    if whole:
        parts.append(rf"(?:{_alternation(whole)})(?![\w])")
    if glued:
        parts.append(rf"(?:{_alternation(glued)})")
    if not parts:
        return None
    return re.compile(rf"(?<![\w'])(?:{'|'.join(parts)})")


def _poll_phrase(prepositions, nouns) -> re.Pattern | None:
    """``in a new Fox News poll``: a preposition, up to eight words, a poll noun; group 1
    is the preposition."""
    if not prepositions or not nouns:
        return None
    return re.compile(
        rf"(?<![\w'])({_alternation(prepositions)})\s+(?:[^\s,;.!?]+\s+){{0,8}}?"
        rf"(?:{_alternation(nouns)})(?![\w])"
    )


def _noun_phrase(possessives, nouns) -> re.Pattern | None:
    """``his call to``, ``sessions's endorsement of``: group 1 is the possessor (a pronoun or
    a word with 's)."""
    if not possessives or not nouns:
        return None
    return re.compile(
        rf"(?<![\w'])((?:{_alternation(possessives)})|[\w\-]+'s?)\s+(?:{_alternation(nouns)})"
        rf"(?![\w])"
    )


def _clause_breaks(words) -> re.Pattern | None:
    """A comma or semicolon (or a dash) and a word opening a clause of its own."""
    if not words:
        return None
    return re.compile(rf"\s*(?:[,;،؛]|\s[—–]|\s--)\s+(?:{_alternation(words)})(?![\w'])")


@dataclass(frozen=True)
class Cues:
    code: str
    verbs: re.Pattern | None
    participles: re.Pattern | None
    according: re.Pattern | None
    according_after: re.Pattern | None
    that: re.Pattern | None
    clause_breaks: re.Pattern | None  # ", while ...": the writer's clause after a content
    adverbs: frozenset[str]
    pronouns: frozenset[str]
    passive: frozenset[str]
    determiners: frozenset[str]
    noun_like: frozenset[str]
    intro_words: frozenset[str]
    object_verbs: frozenset[str]
    invertible: frozenset[str]
    nestable: frozenset[str]
    colon_not_speakers: frozenset[str]
    poll_phrase: re.Pattern | None
    noun_phrase: re.Pattern | None
    possessive_pronouns: frozenset[str]
    noun_object_stops: frozenset[str]
    raising: frozenset[str]
    time_words: frozenset[str]
    person_pronouns: frozenset[str]
    stops: frozenset[str]
    titles: frozenset[str]
    roles: dict[str, tuple[str, str]]
    not_person: dict[str, str]  # folded word -> "organisation" | "publication"
    publication_suffixes: tuple[str, ...]
    letter_intros: re.Pattern | None
    letter_openings: tuple[str, ...]
    letter_closings: re.Pattern | None
    verb_first: bool  # the speaker may follow the verb ("وقال X إن ...")
    headline_small: frozenset[str]  # lower-case words of a Title Case headline


def language_of(text: str, lang: str | None) -> str:
    """The language whose cues apply: ``lang`` where stemma has quote data for it, else a guess
    by script (Arabic script: Persian, the seeds' and the most common case here)."""
    if lang in languages.CODES:
        return lang
    return "fa" if ARABIC_SCRIPT.search(text[:2000]) else "en"


@lru_cache(maxsize=16)
def cues(code: str) -> Cues:
    mod = languages.get(code) or languages.get("en")

    def get(name, default=()):
        return getattr(mod, name, default)

    def folded(name):
        return frozenset(fold(w) for w in get(name))

    return Cues(
        code=code,
        verbs=_words(get("QUOTE_VERBS")),
        participles=_words(get("QUOTE_PARTICIPLES")),
        according=_words(get("QUOTE_ACCORDING")),
        according_after=_words(get("QUOTE_ACCORDING_AFTER")),
        that=_words(get("QUOTE_THAT")),
        clause_breaks=_clause_breaks(get("QUOTE_CLAUSE_BREAKS")),
        adverbs=folded("QUOTE_ADVERBS"),
        pronouns=folded("QUOTE_PRONOUNS"),
        passive=folded("QUOTE_PASSIVE"),
        determiners=folded("QUOTE_DETERMINERS"),
        noun_like=folded("QUOTE_NOUN_LIKE"),
        intro_words=folded("QUOTE_INTRO_WORDS"),
        object_verbs=folded("QUOTE_OBJECT_VERBS"),
        invertible=folded("QUOTE_INVERTIBLE"),
        nestable=folded("QUOTE_NESTABLE"),
        colon_not_speakers=folded("QUOTE_COLON_NOT_SPEAKERS"),
        poll_phrase=_poll_phrase(get("QUOTE_POLL_PREPOSITIONS"), get("QUOTE_POLL_NOUNS")),
        noun_phrase=_noun_phrase(get("QUOTE_POSSESSIVE_PRONOUNS"), get("QUOTE_NOUNS")),
        possessive_pronouns=folded("QUOTE_POSSESSIVE_PRONOUNS"),
        noun_object_stops=folded("QUOTE_NOUN_OBJECT_STOPS"),
        raising=folded("QUOTE_RAISING"),
        time_words=folded("QUOTE_TIME_WORDS"),
        person_pronouns=folded("QUOTE_PERSON_PRONOUNS"),
        stops=folded("QUOTE_SPEAKER_STOPS"),
        titles=folded("QUOTE_TITLES"),
        roles={fold(k): v for k, v in dict(get("QUOTE_ROLES", {})).items()},
        not_person={fold(k): v for k, v in dict(get("QUOTE_NOT_PERSON", {})).items()},
        publication_suffixes=tuple(fold(w) for w in get("QUOTE_PUBLICATION_SUFFIXES")),
        letter_intros=_words(get("QUOTE_LETTER_INTROS")),
        letter_openings=tuple(fold(w) for w in get("QUOTE_LETTER_OPENINGS")),
        letter_closings=_words(get("QUOTE_LETTER_CLOSINGS")),
        verb_first=code == "ar",
        headline_small=folded("HEADLINE_SMALL_WORDS"),
    )


@lru_cache(maxsize=1)
def all_roles() -> dict[str, tuple[str, str]]:
    """Role titles of every language, folded: the gazetteer speakers are looked up in."""
    roles: dict[str, tuple[str, str]] = {}
    for code in languages.CODES:
        roles.update(cues(code).roles)
    return roles


@lru_cache(maxsize=1)
def all_not_person() -> tuple[dict[str, str], tuple[str, ...]]:
    """Words of every language that make a speaker no person (word -> kind), and the endings
    of outlet names written as one word."""
    words: dict[str, str] = {}
    suffixes: list[str] = []
    for code in languages.CODES:
        words.update(cues(code).not_person)
        suffixes += cues(code).publication_suffixes
    return words, tuple(suffixes)


@lru_cache(maxsize=1)
def all_titles() -> frozenset[str]:
    titles: set[str] = set()
    for code in languages.CODES:
        titles |= cues(code).titles
    return frozenset(titles)
