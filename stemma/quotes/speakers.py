"""Speakers as people: one id for every way a person is written, in any script.

A name is compared on its surname's consonant skeleton (vowels, y/w and silent final h dropped,
digraphs folded: "Khamenei" and "خامنه‌ای" both read ``xmn``, "Haniyeh" and "هنیه" ``hn``), after
titles and honorifics are stripped ("Ayatollah Seyed Ali Khamenei" -> "Ali Khamenei"). Role
titles ("the Leader", "رهبر انقلاب") resolve through the gazetteer held as language data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from stemma.quotes.lexicon import ARABIC_SCRIPT, all_not_person, all_roles, all_titles, fold

_LATIN_DIGRAPHS = (("kh", "x"), ("gh", "g"), ("sh", "s"), ("ch", "c"), ("zh", "z"),
                   ("th", "t"), ("ph", "f"), ("dh", "d"), ("ck", "k"))  # fmt: skip
_LATIN_MAP = str.maketrans({"q": "k", "c": "k", "v": "w", "j": "j"})
_LATIN_DROP = set("aeiouyw'-’`. ")
_ARABIC_MAP = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "c", "ح": "h", "خ": "x", "د": "d",
    "ذ": "z", "ر": "r", "ز": "z", "ژ": "z", "س": "s", "ش": "s", "ص": "s", "ض": "z", "ط": "t",
    "ظ": "z", "غ": "g", "ف": "f", "ق": "k", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    "ه": "h",
}  # fmt: skip
_ARABIC_VOWELS = set("اوی")
# Rough romanisation for an id where no Latin form of the name is known.
_ROMAN = {**_ARABIC_MAP, "ا": "a", "و": "u", "ی": "i", "ع": "", "ء": "", "خ": "kh", "ش": "sh",
          "چ": "ch", "ق": "q", "غ": "gh"}  # fmt: skip
TRAILING_CAPITALS = re.compile(r"(?:[A-Z][\w'’\-]*\.?\s+){0,4}[A-Z][\w'’\-]*$")
# Lowercase parts of a name ("Ziyad al-Nakhalah", "Osama bin Laden", "Ursula von der Leyen").
NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "de", "da", "van", "von",
                            "der", "den", "la", "le", "du", "di"})  # fmt: skip
# A place or body named after these ends a description, not a name ("... Movement in Palestine").
PLACE_PREPOSITIONS = frozenset({"in", "of", "from", "at", "for", "to", "on"})
WORD = re.compile(r"[\w'’.-]+")


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """Transliteration-insensitive key of one name word."""
    w = fold(word).replace(" ", "")
    if ARABIC_SCRIPT.search(w):
        out = []
        for i, ch in enumerate(w):
            if ch == "ه" and (i == len(w) - 1 or w[i + 1] in _ARABIC_VOWELS):
                continue  # silent or vowel-marking h
            out.append(_ARABIC_MAP.get(ch, ""))
        s = "".join(out)
    else:
        w = w.strip("'’.")
        for a, b in _LATIN_DIGRAPHS:
            w = w.replace(a, b)
        if w.endswith("h") and len(w) > 2 and w[-2] in "aeiouy":
            w = w[:-1]
        w = w.translate(_LATIN_MAP)
        s = "".join(ch for ch in w if ch not in _LATIN_DROP and ch.isalpha())
    return re.sub(r"(.)\1+", r"\1", s)


def _strip_possessive(phrase: str) -> str:
    return re.sub(r"['’]s?$", "", phrase.strip())


def name_tokens(phrase: str) -> list[str]:
    return list(_name_tokens(phrase))


@lru_cache(maxsize=65536)
def _name_tokens(phrase: str) -> tuple[str, ...]:
    """The words of a person's name: titles, honorifics and a leading article dropped."""
    text = fold(_strip_possessive(phrase))
    titles = all_titles()
    for title in sorted((t for t in titles if " " in t), key=len, reverse=True):
        text = text.replace(title, " ")
    words = [w.strip(".,'’") for w in WORD.findall(text)]
    out = []
    for w in words:
        if not w or w in titles:
            continue
        if ARABIC_SCRIPT.search(w):
            for t in ("سید",):  # an honorific written joined to the name ("سیدعلی")
                if w.startswith(t) and len(w) > len(t) + 2:
                    w = w[len(t) :]
        out.append(w)
    # a Persian surname written with a spaced suffix ("خامنه ای")
    joined: list[str] = []
    for w in out:
        if joined and w in ("ای", "ی", "یی") and ARABIC_SCRIPT.search(w):
            joined[-1] += w
        else:
            joined.append(w)
    return tuple(joined)


@lru_cache(maxsize=65536)
def role(phrase: str) -> tuple[str, str] | None:
    """``(person id, display name)`` when ``phrase`` is a role title in the gazetteer."""
    text = fold(_strip_possessive(phrase)).strip()
    text = re.sub(r"^(?:the|al|ال)\s+", "", text)
    key = re.sub(r"\s+", " ", text)
    roles = all_roles()
    if key in roles:
        return roles[key]
    return _squeezed_roles().get(key.replace(" ", ""))


@lru_cache(maxsize=1)
def _squeezed_roles() -> dict[str, tuple[str, str]]:
    return {name.replace(" ", ""): value for name, value in all_roles().items()}


def _slug(words: list[str]) -> str:
    out = []
    for w in words:
        if ARABIC_SCRIPT.search(w):
            w = "".join(_ROMAN.get(ch, "") for ch in w)
        out.append(re.sub(r"[^a-z0-9]+", "", w.lower()))
    return "-".join(p for p in out if p)


@lru_cache(maxsize=65536)
def looks_like_name(phrase: str) -> bool:
    """A Latin phrase is a name when its words (titles dropped) are all capitalised; an
    Arabic-script phrase when it is short (no case to go by)."""
    words = name_tokens(phrase)
    if not words or len(words) > 4:
        return False
    if ARABIC_SCRIPT.search(phrase):
        # no case to go by: two or three words, or one word after a title ("آقای X")
        titled = len(words) < len(fold(phrase).split())
        return len(words) in (2, 3) or (len(words) == 1 and titled)
    raw = [
        w
        for w in WORD.findall(_strip_possessive(phrase))
        if w.lower().strip(".") not in all_titles()
    ]
    return bool(raw) and raw[0][:1].isupper() and all(_name_word(w) for w in raw)


def _name_word(word: str) -> bool:
    """A capitalised word, a particle ("bin"), or one joined to a capitalised one ("al-Nakhalah")."""
    if word[:1].isupper() or word.lower() in NAME_PARTICLES:
        return True
    head, _, rest = word.partition("-")
    return head.lower() in NAME_PARTICLES and rest[:1].isupper()


def not_person(phrase: str) -> str | None:
    """``"organisation"`` or ``"publication"`` when a word of ``phrase`` makes it one ("The
    Israeli regime", "his official website", "اسپاداناخبر"), else None."""
    words, suffixes = all_not_person()
    for w in fold(phrase).split():
        w = w.strip(".,:;'’()«»\"")
        if w in words:
            return words[w]
        if ARABIC_SCRIPT.search(w) and len(w) > 4 and w.endswith(suffixes):
            return "publication"
    return None


def speaker_kind(phrase: str, person) -> str:
    """What a quote's speaker is: ``person`` (resolved to one), ``organisation``,
    ``publication``, ``place`` (a capitalised name after a preposition) or ``unknown``."""
    if person is not None:
        return "person"
    found = not_person(phrase or "")
    if found:
        return found
    tail = TRAILING_CAPITALS.search(phrase or "")
    if tail is not None and tail.start() > 0:
        before = (phrase or "")[: tail.start()].split()
        if before and before[-1].lower() in PLACE_PREPOSITIONS:
            return "place"
    return "unknown"


@dataclass
class Person:
    id: str
    name: str  # display name
    given: str  # skeleton of the given names ("" when unknown)
    surname: str  # skeleton of the surname
    fixed: bool = False  # the id comes from the gazetteer and stays


def _gazetteer() -> list[Person]:
    seen: dict[str, Person] = {}
    for pid, name in all_roles().values():
        if pid not in seen:
            parts = name.split()
            given = "".join(skeleton(w) for w in parts[:-1])
            seen[pid] = Person(pid, name, given, skeleton(parts[-1]), fixed=True)
    return list(seen.values())


@dataclass
class People:
    """The people met so far (in an article or a story), the gazetteer's people first: each
    new mention joins the person whose surname skeleton and given names agree with it, or
    founds a new one."""

    people: list[Person] = field(default_factory=_gazetteer)

    def resolve(self, phrase: str) -> Person | None:
        hit = role(phrase)
        if hit is not None:
            return self._by_id(*hit)
        head = phrase.split(",")[0].strip()
        if head != phrase.strip() and head:
            # "Ziyad al-Nakhalah, secretary general of ... in Palestine": the name before the
            # apposition speaks, never a place at the end of the description
            found = self.resolve(head)
            if found is not None:
                return found
        if ARABIC_SCRIPT.search(phrase) and not_person(phrase):
            # no case tells a name here: an agency or a body is no person, unless a known
            # person's name ends the phrase ("رئیس دفتر سیاسی حماس اسماعیل هنیه")
            return self._known_in(phrase)
        raw = fold(phrase).split()
        for cut in range(len(raw) - 1, 0, -1):
            # "Leader of the Islamic Revolution Ayatollah ... Khamenei": a role, then a name
            hit = role(" ".join(raw[:cut]))
            if hit is not None:
                return self._by_id(*hit)
        if not looks_like_name(phrase) and not ARABIC_SCRIPT.search(phrase):
            # "... of the Revolution Ayatollah X Y": the name after the last title, or the
            # trailing capitalised words
            words = phrase.split()
            titled = [k for k, w in enumerate(words) if fold(w).strip(".") in all_titles()]
            if titled and titled[-1] > 0 and titled[-1] < len(words) - 1:
                return self.resolve(" ".join(words[titled[-1] :]))
            tail = TRAILING_CAPITALS.search(phrase)
            if tail is None or tail.start() == 0:
                return None
            named = self._known_in(tail.group(0))
            if named is not None:  # "... Movement Hamas Ismail Haniyeh": a known person
                return named
            before = phrase[: tail.start()].split()
            if (before and before[-1].lower() in PLACE_PREPOSITIONS) or not_person(phrase):
                return None  # "... in Palestine", "The Israeli regime": no person
            return self.resolve(tail.group(0))
        words = name_tokens(phrase)
        if len(words) == 1 and ARABIC_SCRIPT.search(phrase):
            # a bare surname joins someone already known ("هنیه"), else is no name
            known = next((p for p in self.people if p.surname == skeleton(words[0])), None)
            if known is not None or looks_like_name(phrase):
                return known or self._add_name(words)
            return None
        if not words or not looks_like_name(phrase):
            return None
        return self._add_name(words)

    def _known_in(self, words: str) -> Person | None:
        """A person already known whose name ends ``words`` (two or three words, surname and
        given names agreeing)."""
        parts = words.split()
        for n in (3, 2):
            if len(parts) <= n:
                continue
            tail = parts[-n:]
            surname = skeleton(tail[-1])
            given = "".join(skeleton(w) for w in tail[:-1])
            for p in self.people:
                if surname and p.surname == surname and (not p.given or p.given.endswith(given)):
                    return p
        return None

    def _by_id(self, pid: str, name: str) -> Person:
        for p in self.people:
            if p.id == pid:
                return p
        person = Person(pid, name, "", skeleton(name.split()[-1]), fixed=True)
        self.people.append(person)
        return person

    def _add_name(self, words: list[str]) -> Person:
        surname = skeleton(words[-1])
        given = "".join(skeleton(w) for w in words[:-1])
        latin = not ARABIC_SCRIPT.search(" ".join(words))
        shown = " ".join(_title(w) for w in words) if latin else " ".join(words)
        for p in self.people:
            if not surname or p.surname != surname:
                continue
            if given and p.given and p.given != given:
                continue
            if given and not p.given:
                p.given = given
            if (
                not p.fixed
                and latin
                and (ARABIC_SCRIPT.search(p.name) or len(words) > len(p.name.split()))
            ):
                p.name, p.id = shown, _slug(words)
            return p
        person = Person(_slug(words), shown, given, surname)
        self.people.append(person)
        return person

    def find(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)


def _title(word: str) -> str:
    """A folded name word as shown: capitalised, a particle joined by a hyphen kept lowercase
    ("al-Nakhalah")."""
    head, dash, rest = word.partition("-")
    if dash and rest and head in NAME_PARTICLES:
        return f"{head}-{_title(rest)}"
    return word[:1].upper() + word[1:]
