"""Persian zero-width non-joiner (ZWNJ, U+200C) repair.

Web Persian often drops the ZWNJ that keeps a prefix or suffix apart from its word without a
space: "میاندازد" for "می‌اندازد", "خامنهای" for "خامنه‌ای". We put it back by rule, helped by
word lists kept as data (``stemma/text/lang/data/fa_zwnj.txt``, named by ``fa.ZWNJ_DATA``):

- the verbal prefix می / نمی (after an optional preverb) before a known verb stem + ending;
- compounds: بی + a listed word, a listed head + an "ال" word (آیت‌الله), ... + الله, listed
  second halves (خیانت‌آمیز), comparatives (مهم‌ترین) and whole listed words;
- the plural ها / های / ... after any stem, unless the word is a listed non-plural (تنها);
- suffixes (ای، ی، ام، اند، تر ...) after a final heh that is silent (خامنه‌ای, مسأله‌ی).

A ZWNJ is only ever placed after a letter that joins to the left: after ا د ذ ر ز ژ و it
changes nothing visible, so the canonical form leaves it out ("کشورها"). Words holding
Arabic diacritics or ة are taken for Arabic and left alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ZWNJ = "\u200c"

# Letters that do not join to the following letter (Unicode joining type R or U).
NON_JOINING = frozenset("اآأإٱدذرزژوؤةۀەءڈڑےۓۃ")
# An Arabic-script word: letters plus the marks and tatweel written inside words.
WORD = re.compile(
    r"[\u0621-\u065f\u066e-\u06d3\u06d5-\u06ed\u06fa-\u06ff\u0750-\u077f"
    r"\ufb50-\ufdff\ufe70-\ufefc]+"
)
# Signs that mark a word as Arabic rather than Persian: tanwin, harakat, ة, alef maksura.
ARABIC_SIGNS = re.compile(r"[\u064b-\u0652ةى]")
# Characters the lookup key changes; most words have none.
NEEDS_KEYING = re.compile(
    r"[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\ufb50-\ufdff\ufe70-\ufefcيىئكأإآٱؤةۀەھ]"
)
GAP = re.compile(r"[ \u00a0]+")  # spaces that may stand for a ZWNJ ("می اندازد")

# Lookup key: the spelling variants a Persian word may be typed with, folded.
_KEY = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ة": "ه",
        "ۀ": "ه",
        "ە": "ه",
        "ھ": "ه",
    }
)

PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند", "یی", "ییم", "یید", "یند")
PAST_ENDINGS = ("", "م", "ی", "یم", "ید", "ند")
PLURAL_SUFFIXES = (
    "هایشان",
    "هایتان",
    "هایمان",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هاست",
    "های",
    "ها",
)
# Suffixes after a silent heh; WEAK ones also read otherwise, so they need a listed word.
SILENT_SUFFIXES = (
    "کارانه",
    "کاران",
    "کاری",
    "کار",
    "سواری",
    "سوار",
    "بانی",
    "بان",
    "ترین",
    "مندان",
    "مندی",
    "مند",
    "وار",
    "اند",
    "اید",
    "شان",
    "مان",
    "تان",
    "تر",
    "ام",
    "ات",
    "اش",
    "ی",
)
WEAK_SUFFIXES = frozenset({"ام", "ات", "اش", "شان", "مان", "تان"})
SECOND_TAILS = ("", "ی", "ها", "های", "ان", "انه", "ای")


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) == "Mn" or ch == "\u0640"


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """The lookup form of a word: spelling variants folded, marks and ZWNJ dropped."""
    if not NEEDS_KEYING.search(word):
        return word
    return "".join(
        c
        for c in unicodedata.normalize("NFKC", word).translate(_KEY)
        if c != ZWNJ and not _is_mark(c)
    )


@dataclass(frozen=True)
class Lexicon:
    """The sections of the ZWNJ word lists, as lookup keys."""

    present: frozenset[str]
    past: frozenset[str]
    preverbs: tuple[str, ...]
    stem_nouns: frozenset[str]
    not_verbs: frozenset[str]
    silent: frozenset[str]
    consonant: frozenset[str]
    vowel_waw: frozenset[str]
    ha_words: frozenset[str]
    al_heads: frozenset[str]
    al_not: frozenset[str]
    allah_exceptions: frozenset[str]
    bi_words: frozenset[str]
    second: frozenset[str]  # second halves with each of SECOND_TAILS
    second_exceptions: frozenset[str]
    comparative: frozenset[str]
    superlative_exceptions: frozenset[str]
    compounds: dict[str, tuple[int, ...]]


def _sections(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = out.setdefault(line[1:-1], [])
        elif line and current is not None:
            current.extend(line.split())
    return out


def _zwnj_positions(word: str) -> tuple[str, tuple[int, ...]]:
    """("آیت‌الله") -> ("ایتالله", (3,)): the key and where its ZWNJs stand."""
    parts = [key(p) for p in word.split(ZWNJ)]
    cuts, n = [], 0
    for p in parts[:-1]:
        n += len(p)
        cuts.append(n)
    return "".join(parts), tuple(cuts)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    from stemma.text import lang

    fa = lang.get("fa")
    path = resources.files("stemma.text.lang").joinpath("data", fa.ZWNJ_DATA)
    s = _sections(path.read_text(encoding="utf-8"))

    def keys(name: str) -> frozenset[str]:
        return frozenset(key(w) for w in s.get(name, ()))

    def longest_first(name: str) -> tuple[str, ...]:
        return tuple(sorted(keys(name), key=len, reverse=True))

    return Lexicon(
        present=keys("present_stems"),
        past=keys("past_stems"),
        preverbs=("",) + longest_first("preverbs"),
        stem_nouns=keys("past_stem_nouns"),
        not_verbs=keys("not_verbs"),
        silent=keys("silent_heh"),
        consonant=keys("consonant_heh"),
        vowel_waw=keys("vowel_waw_heh"),
        ha_words=keys("ha_words"),
        al_heads=keys("al_heads"),
        al_not=keys("al_not_compounds"),
        allah_exceptions=keys("allah_exceptions"),
        bi_words=keys("bi_words"),
        second=frozenset(e + t for e in keys("second_elements") for t in SECOND_TAILS),
        second_exceptions=keys("second_element_exceptions"),
        comparative=keys("comparative_stems"),
        superlative_exceptions=keys("superlative_exceptions"),
        compounds=dict(_zwnj_positions(w) for w in s.get("compounds", ())),
    )


# --- word rules: each takes a key and returns split points (ZWNJ before index) or None ---


@lru_cache(maxsize=64)
def _lengths(words: frozenset[str]) -> tuple[int, ...]:
    """The lengths of ``words``, longest first: affixes are looked up by slicing."""
    return tuple(sorted({len(w) for w in words}, reverse=True))


def is_verb(rest: str, lex: Lexicon) -> bool:
    """Whether ``rest`` (what follows می / نمی) is a verb stem with a personal ending."""
    for cut in range(1, len(rest) + 1):
        stem, ending = rest[:cut], rest[cut:]
        if stem in lex.present and ending in PRESENT_ENDINGS:
            return True
        if stem in lex.past and ending in PAST_ENDINGS:
            return True
    return False


def _verb_prefix(w: str, lex: Lexicon) -> list[int] | None:
    if w in lex.not_verbs:
        return None
    for pv in lex.preverbs:
        for prefix in ("نمی", "می"):
            head = pv + prefix
            if w.startswith(head) and len(w) > len(head) and is_verb(w[len(head) :], lex):
                return [len(head)]
    return None


def is_participle(a: str, lex: Lexicon) -> bool:
    """Past stem + ه ("کرده", "نرفته", "برگشته"): its final heh is silent."""
    if not a.endswith("ه"):
        return False
    stem = a[:-1]
    for pv in lex.preverbs:
        for neg in ("", "ن", "ب"):
            head = pv + neg
            if stem.startswith(head) and stem[len(head) :] in lex.past:
                return True
    return False


def is_agent_noun(a: str, lex: Lexicon) -> bool:
    """Present stem + نده ("نویسنده", "نماینده"), but not a noun in -ند + ه ("روند")."""
    if a.endswith(("کننده", "دهنده")):
        return True
    for ending in ("ینده", "نده"):
        stem = a[: -len(ending)]
        if a.endswith(ending) and len(stem) >= 3 and stem in lex.present:
            return True
    return False


def known_silent(a: str, lex: Lexicon) -> bool:
    """A listed word, participle or agent noun ending in a silent heh."""
    if a in lex.consonant:
        return False  # فرمانده is فرمان + ده, not فرما + نده
    return a in lex.silent or is_participle(a, lex) or is_agent_noun(a, lex)


def likely_silent(a: str, lex: Lexicon) -> bool:
    """Final heh probably silent: known, or not one of the shapes where it is a consonant."""
    if known_silent(a, lex) or a in lex.vowel_waw:
        return True
    if not a.endswith("ه") or len(a) < 3 or a in lex.consonant:
        return False
    if a.endswith(("اه", "وه")):  # راه، گروه
        return False
    return not a.endswith("ده") or a.endswith("نده")  # سازمانده(ی) vs نماینده


def _compound(w: str, lex: Lexicon) -> list[int] | None:
    if w in lex.compounds:
        return list(lex.compounds[w])
    if w.startswith("بی") and len(w) > 3:
        rest = w[2:]
        if rest in lex.bi_words or (rest.endswith("ی") and rest[:-1] in lex.bi_words):
            return [2]
    if w not in lex.al_not:
        for n in _lengths(lex.al_heads):
            rest = w[n:]
            if w[:n] in lex.al_heads and rest.startswith("ال") and len(rest) >= 4:
                cuts = [n]
                if rest.startswith("الله") and rest[4:6] == "ال" and len(rest) > 7:
                    cuts.append(n + 4)  # آیت‌الله‌العظمی
                return cuts
    if w.endswith("الله") and len(w) >= 7 and w not in lex.allah_exceptions:
        return [len(w) - 4]
    return None


def _comparative(w: str, lex: Lexicon) -> list[int] | None:
    if w in lex.superlative_exceptions:
        return None
    for suffix in ("ترین", "تری", "تر"):
        stem = w[: -len(suffix)]
        if w.endswith(suffix) and stem in lex.comparative:
            return [len(stem)]
    if w.endswith("ترین") and len(w) >= 7 and not w[:-4].endswith("ه"):
        return [len(w) - 4]
    return None


def _second_element(w: str, lex: Lexicon) -> list[int] | None:
    if w in lex.second_exceptions:
        return None
    for n in _lengths(lex.second):
        if len(w) - n >= 3 and w[-n:] in lex.second:
            return [len(w) - n]
    return None


def _plural(w: str, lex: Lexicon) -> list[int] | None:
    for suffix in PLURAL_SUFFIXES:
        if not w.endswith(suffix):
            continue
        stem = w[: -len(suffix)]
        if len(stem) < 2 or stem + "ها" in lex.ha_words or w in lex.ha_words:
            return []
        # "...های" is also silent heh + "ای" (خامنه‌ای), "...هایم" heh + "ایم" (کرده‌ایم).
        if (
            suffix in ("های", "هایم", "هاست", "هایی")
            and known_silent(stem + "ه", lex)
            and stem not in lex.stem_nouns
        ):
            return [len(stem) + 1]
        return [len(stem)]
    return None


def _silent_suffix(w: str, lex: Lexicon) -> list[int] | None:
    for suffix in SILENT_SUFFIXES:
        a = w[: -len(suffix)]
        if not w.endswith(suffix) or not a.endswith("ه"):
            continue
        silent = known_silent if suffix in WEAK_SUFFIXES else likely_silent
        if silent(a, lex):
            return [len(a)]
    return None


@lru_cache(maxsize=65536)
def word_splits(w: str) -> tuple[int, ...]:
    """Where a ZWNJ belongs in the key ``w`` (indices it stands before), by the rules above."""
    lex = lexicon()
    if len(w) < 3:
        return ()
    for rule in (_compound, _verb_prefix, _plural, _comparative, _silent_suffix, _second_element):
        cuts = rule(w, lex)
        if cuts is not None:
            if cuts and rule in SUFFIX_RULES:  # the stem may hold a ZWNJ of its own
                cuts = [*word_splits(w[: min(cuts)]), *cuts]
            return tuple(c for c in cuts if 0 < c < len(w) and w[c - 1] not in NON_JOINING)
    return ()


SUFFIX_RULES = (_plural, _comparative, _silent_suffix)


# --- text level ---


def _keyed(word: str) -> tuple[str, Sequence[int]]:
    """The key of a source word and, for each key char, the index of its source char."""
    if not NEEDS_KEYING.search(word):
        return word, range(len(word))
    chars, where = [], []
    for i, ch in enumerate(word):
        for c in unicodedata.normalize("NFKC", ch).translate(_KEY):
            if c != ZWNJ and not _is_mark(c):
                chars.append(c)
                where.append(i)
    return "".join(chars), where


SPACED_PLURAL = frozenset(
    {"ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "ترین"}
)
SPACED_AFTER_HEH = frozenset({"ای", "ایی", "ام", "اند", "اید", "ایم", "تر", "تری"})
SPACED_LEFT = frozenset({"می", "نمی", "بی"})
SPACED_RIGHT = SPACED_PLURAL | SPACED_AFTER_HEH


def _spaced_join(a: str, b: str, lex: Lexicon) -> bool:
    """Whether keys ``a`` ``b``, written with a space between, are one word ("می اندازد")."""
    return (
        (a in ("می", "نمی") and is_verb(b, lex))
        or (a == "بی" and b in lex.bi_words)
        or (b in SPACED_PLURAL and len(a) >= 2 and a + "ها" not in lex.ha_words)
        or (b in SPACED_AFTER_HEH and likely_silent(a, lex))
        or (b in ("تر", "تری") and a in lex.comparative)
    )


def zwnj_edits(text: str, spaced: bool = False) -> list[tuple[int, int]]:
    """Ranges ``(start, end)`` of ``text`` to replace by a ZWNJ, sorted.

    ``start == end`` inserts one ("میاندازد"); with ``spaced`` a space written instead of a
    ZWNJ ("می اندازد", "ملت ها", "خامنه ای") is replaced too. A ZWNJ after a non-joining
    letter is left out, so ``"کشور ها"`` becomes ``"کشورها"`` in a caller that drops those.
    """
    lex = lexicon()
    edits = []
    before = None  # (end, key) of the previous Persian word
    for m in WORD.finditer(text):
        word = m.group()
        if ARABIC_SIGNS.search(word):
            before = None
            continue
        k, where = _keyed(word)
        start = m.start()
        edits.extend((start + where[c],) * 2 for c in word_splits(k))
        if spaced and before is not None:
            end, left = before
            if (
                (left in SPACED_LEFT or k in SPACED_RIGHT)
                and GAP.fullmatch(text, end, start)
                and _spaced_join(left, k, lex)
            ):
                edits.append((end, start))
        before = (m.end(), k)
    return sorted(set(edits))


def apply_edits(text: str, edits: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in edits:
        out.append(text[last:start])
        out.append(ZWNJ)
        last = end
    out.append(text[last:])
    return "".join(out)


def repair_zwnj(text: str) -> str:
    """Persian text with its missing ZWNJs put back; every other character left as it was.

    Without ``spaced`` every edit lies inside one word and depends on that word alone, so the
    text is repaired word by word, each distinct word once.
    """
    return WORD.sub(_repaired_match, text)


def _repaired_match(m: re.Match) -> str:
    return _repaired_word(m.group())


@lru_cache(maxsize=65536)
def _repaired_word(word: str) -> str:
    """``repair_zwnj`` of one word (what ``zwnj_edits`` gives for it, applied)."""
    if ARABIC_SIGNS.search(word):
        return word
    k, where = _keyed(word)
    return apply_edits(word, [(i, i) for i in sorted({where[c] for c in word_splits(k)})])
