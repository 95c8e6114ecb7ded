"""Language of a text and of each passage of a document.

Every language lingua knows (75) is a candidate, but never all at once: the script of a text
is counted first, and only the languages written in it are weighed (a script only one of them
writes, such as Hangul, Kana, Greek or Thai, settles the answer without statistics). Statistics
come from lingua in its low-accuracy mode (the 48 Latin-script languages take about 75 MB and
10 ms for a 1,000-character sample; the full detector of all 75 languages in high accuracy
takes 1.3 GB). Detectors are built lazily, once per process and script's language set.

A document whose language the statistics do not make clear is ``und`` (undetermined) rather
than a guess. A declared language (``<html lang>``, a feed's or record's language) is evidence:
it is taken when it is among the languages of the text's script and the statistics do not
clearly say another.

Passages are judged against their document, by script first:

- a passage in the Arabic script is weighed word by word on the evidence the languages of
  that script leave: letters one writes and another does not (where the ``LETTERS`` of their
  lang modules differ: ي ك ة against پ چ ژ گ ی ک, ه against ہ ے ں), their ``FUNCTION_WORDS``,
  Arabic diacritics and the article ال. An Arabic prayer or verse inside a Persian article
  says "ar" even when short; lingua restricted to those languages decides what words leave
  open;
- a passage in another script than its document's (most of its words) is told among that
  script's languages, None when unsure;
- a passage in the document's script keeps the document's language when it is short or uses
  the document's own words (its language's function words, the short words most of its
  passages share); otherwise only a confident detection overrides it.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from stemma.text import lang as lang_data

# The languages lingua 2.1 knows (ISO 639-1); Norwegian is Bokmål (nb) or Nynorsk (nn).
ALL_LANGUAGES = tuple(
    "af ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gu he hi hr hu hy id is "
    "it ja ka kk ko la lg lt lv mi mk mn mr ms nb nl nn pa pl pt ro ru sk sl sn so sq sr st sv "
    "sw ta te th tl tn tr ts uk ur vi xh yo zh zu".split()
)
DEFAULT_LANGUAGES = ALL_LANGUAGES
UND = "und"  # undetermined (ISO 639-2): letters, but no language the evidence makes clear


def may_share_language(a: str | None, b: str | None) -> bool:
    """Whether articles in languages ``a`` and ``b`` may be in the same one: equal codes, or
    either unknown (None) or undetermined (``und``, which could be any language). Same-language
    candidate search compares such pairs; two different known languages are left to
    translation search."""
    return not a or not b or a == b or UND in (a, b)


# Declared codes that name a language by another code than lingua's.
DECLARED_ALIASES = {"no": "nb", "iw": "he", "in": "id", "ji": "yi", "tw": "zh", "cn": "zh"}

# Letters of each script (ISO 15924), as code point ranges.
SCRIPT_RANGES = {
    "Latn": ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF)),
    "Arab": ((0x620, 0x64A), (0x66E, 0x6D3), (0x6D5, 0x6D5), (0x6FA, 0x6FF), (0x750, 0x77F),
             (0xFB50, 0xFDFF), (0xFE70, 0xFEFC)),
    "Cyrl": ((0x400, 0x4FF),),
    "Hebr": ((0x5D0, 0x5EA),),
    "Grek": ((0x370, 0x3FF),),
    "Hani": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)),
    "Kana": ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9D)),
    "Hang": ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F)),
    "Deva": ((0x900, 0x97F),),
    "Beng": ((0x980, 0x9FF),),
    "Guru": ((0xA00, 0xA7F),),
    "Gujr": ((0xA80, 0xAFF),),
    "Taml": ((0xB80, 0xBFF),),
    "Telu": ((0xC00, 0xC7F),),
    "Thai": ((0xE00, 0xE7F),),
    "Geor": ((0x10A0, 0x10FF), (0x2D00, 0x2D2F)),
    "Armn": ((0x531, 0x58F),),
}  # fmt: skip
# Japanese: Han with this share of kana or more (Chinese writes none).
KANA_SHARE = 0.1
SCRIPTS = {
    name: re.compile("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in ranges) + "]")
    for name, ranges in SCRIPT_RANGES.items()
}
# Japanese is written in Han and kana together: a word in either is in its script.
SCRIPTS["Jpan"] = re.compile(SCRIPTS["Hani"].pattern[:-1] + SCRIPTS["Kana"].pattern[1:])
# Latin and Arabic letters marked "L" and "A" by str.translate: counting them is the common case.
FAST_SCRIPTS = {
    code: name[0]
    for name in ("Latn", "Arab")
    for lo, hi in SCRIPT_RANGES[name]
    for code in range(lo, hi + 1)
}
# Scripts and the languages (ISO 639-1) lingua knows that write them.
SCRIPT_LANGUAGES = {
    "Latn": frozenset(
        "af sq eu bs ca hr cs da nl en eo et fi fr lg de hu is id ga it la lv lt "
        "ms mi nb nn pl pt ro so st es sw sv tl tn ts tr cy xh yo zu az vi sk sl "
        "sn".split()
    ),
    "Arab": frozenset({"ar", "fa", "ur"}),
    "Cyrl": frozenset({"ru", "uk", "be", "bg", "kk", "mk", "mn", "sr"}),
    "Hebr": frozenset({"he"}),
    "Grek": frozenset({"el"}),
    "Jpan": frozenset({"ja"}),  # Han and kana together (see ``script_of``)
    "Hani": frozenset({"zh", "ja"}),
    "Kana": frozenset({"ja"}),
    "Hang": frozenset({"ko"}),
    "Deva": frozenset({"hi", "mr"}),
    "Beng": frozenset({"bn"}),
    "Guru": frozenset({"pa"}),
    "Gujr": frozenset({"gu"}),
    "Taml": frozenset({"ta"}),
    "Telu": frozenset({"te"}),
    "Thai": frozenset({"th"}),
    "Geor": frozenset({"ka"}),
    "Armn": frozenset({"hy"}),
}

MIN_LETTERS = 20  # below this, or MIN_WORDS, a passage keeps its document's language
MIN_WORDS = 4
OVERRIDE_WORDS = 8  # fewer words in the document's script never override its language
CONFIDENT = 0.9  # lingua's share of belief needed to override the document's language
OWN_WORDS = 2  # this many of the document's own words keep its language without lingua
FREQUENT_WORDS = 20  # how many of a document's most widespread short words count as its own
MIXED_SHARE = 0.3  # this share of words in the document's script keeps a passage in it
# A long text (PLAIN_WORDS words) whose words are this share of a module language's function
# words (news: 0.12 and more; other languages: under 0.07) is in that language.
PLAIN_WORDS = 30
PLAIN_SHARE = 0.1
EVIDENCE = 3.0  # Arabic-script evidence needed to name another language than the document's

MARKS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
WORD = re.compile(r"\w+")
# The article, alone or after a particle (الرحمن، والحمد، للناس), and the harakat.
ARTICLE_PREFIXES = ("ال", "وال", "فال", "بال", "کال", "كال", "لل")
HARAKAT = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")
COMMON_ARTICLE_WORDS = frozenset({"الله", "البته"})  # in everyday Persian too
# Yeh and kaf: either form comes out of either keyboard, so they are weak evidence.
KEYBOARD_LETTERS = frozenset("يكیک")


@lru_cache(maxsize=32)
def _detector(codes: frozenset[str], accurate: bool = False):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    isos = []
    for code in sorted(codes):
        try:
            isos.append(IsoCode639_1.from_str(code))
        except ValueError:
            continue
    if len(isos) < 2:
        return None
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*isos)
    return builder.build() if accurate else builder.with_low_accuracy_mode().build()


def _confidences(
    text: str, codes: frozenset[str], accurate: bool = False
) -> list[tuple[str, float]]:
    detector = _detector(codes, accurate)
    if detector is None:
        return [(c, 1.0) for c in codes]
    values = detector.compute_language_confidence_values(text)
    return [(v.language.iso_code_639_1.name.lower(), v.value) for v in values]


def preload(languages: Sequence[str] | None = None) -> None:
    """Load the statistical models of the candidate languages now rather than on first use
    (a parent process calls it before forking workers, which then share them): one detector
    per script that several candidates write, as ``detect`` builds them."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = _codes(languages)
    for script, written in SCRIPT_LANGUAGES.items():
        isos = []
        for code in sorted(codes & written):
            try:
                isos.append(IsoCode639_1.from_str(code))
            except ValueError:
                continue
        if len(isos) > 1 and script != "Jpan":
            builder = LanguageDetectorBuilder.from_iso_codes_639_1(*isos)
            builder.with_low_accuracy_mode().with_preloaded_language_models().build()


def script_of(text: str, letters: int | None = None) -> str | None:
    """The script most letters of ``text`` are written in (ISO 15924), or None.

    ``letters``: the number of letters in ``text`` when the caller counted them already.
    """
    letters = _letters(text) if letters is None else letters
    if text.isascii():  # every ASCII letter is Latin: the answer the counting below gives
        return "Latn" if letters else None
    marked = text.translate(FAST_SCRIPTS)
    for name, mark in (("Latn", "L"), ("Arab", "A")):  # settled without counting the rest
        if letters and 2 * marked.count(mark) > letters:
            return name
    counts = {name: len(p.findall(text)) for name, p in SCRIPTS.items() if name != "Jpan"}
    kana = counts.pop("Kana")
    if kana:  # Japanese mixes Han and kana; Han alone is Chinese (or a Japanese headline)
        han = counts.pop("Hani")
        counts["Jpan" if kana >= KANA_SHARE * (kana + han) else "Hani"] = han + kana
    best = max(counts, key=counts.get)
    return best if counts[best] else None


_ASCII_NON_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())


def _letters(text: str) -> int:
    if text.isascii():  # the same count, by deleting the other bytes (much faster)
        return len(text.encode("ascii").translate(None, _ASCII_NON_LETTERS))
    return sum(map(str.isalpha, text))


def configured_languages() -> tuple[str, ...]:
    """The candidate set: ``$STEMMA_LANGUAGES`` (comma-separated ISO 639-1 codes) or the default."""
    chosen = os.environ.get("STEMMA_LANGUAGES", "")
    codes = tuple(c.strip().lower() for c in chosen.split(",") if c.strip())
    return codes or DEFAULT_LANGUAGES


def _codes(selected: Sequence[str] | None) -> frozenset[str]:
    return frozenset(selected or configured_languages())


def declared_language(value: str | None) -> str | None:
    """A declared language ("en-US", "pt_BR", "no", "zh-Hant") as an ISO 639-1 code lingua
    knows, or None."""
    if not value:
        return None
    code = re.split(r"[-_]", str(value).strip().lower(), maxsplit=1)[0]
    code = DECLARED_ALIASES.get(code, code)
    return code if code in ALL_LANGUAGES else None


# Confidence lingua must give its first language (sharing belief among all of a script's
# languages) for a long text (LONG_LETTERS letters or more) and a short one; the first must
# also have this many times the second's (close kin such as Bosnian and Croatian share it).
LONG_LETTERS = 100
SURE_LONG = 0.3
SURE_SHORT = 0.6
LEAD = 1.5
# Below this many letters the low-accuracy models guess wildly among the 48 Latin-script
# languages ("Le ministre a déclaré lundi": Azerbaijani, 0.97): such a text is ``UND`` unless
# declared (the eight Cyrillic ones stay apart even on two words).
TINY_LETTERS = 40
# A declared language stands unless lingua gives another this much.
DECLARED_OVERRIDE = 0.9
# Languages so close that the low-accuracy models confuse them on short text (Malay takes
# Indonesian sentences): where two of a group lead and the first has under SURE_KIN_LOW, the
# group's full models (about 20 MB a language, loaded only then) decide, at SURE_KIN.
KIN = tuple(
    frozenset(g.split())
    for g in ("id ms", "bs hr sr", "da nb nn", "cs sk", "af nl", "st tn", "xh zu", "be ru uk",
              "bg mk", "hi mr")
)  # fmt: skip
SURE_KIN_LOW = 0.97
SURE_KIN = 0.55


def detect(
    text: str, languages: Sequence[str] | None = None, declared: str | None = None
) -> str | None:
    """ISO 639-1 code of the language of ``text``; None without letters, ``UND`` when the
    evidence names no language clearly. ``declared`` is the language the input says it is in
    (``<html lang>``, a feed's language): taken unless the text is clearly in another."""
    codes = _codes(languages)
    sample = _sample(text.strip())
    letters = _letters(sample)
    if letters < 3:
        return None
    script = script_of(sample)
    candidates = codes & SCRIPT_LANGUAGES.get(script, frozenset())
    if not candidates:  # a script none of the candidates writes
        return UND
    if len(candidates) == 1:
        return next(iter(candidates))
    said = declared_language(declared)
    said = said if said in candidates else None
    if script == "Arab" and letters < 100:
        winner = _arabic_winner(*_arabic_pairs(sample, candidates), None)
        if winner:
            return winner
    plain = _by_function_words(sample, candidates, script)
    if plain:
        return plain
    if letters < TINY_LETTERS and script == "Latn":
        return said or UND
    ranked = _confidences(sample, candidates)
    if not ranked:
        return said or UND
    code, value = ranked[0]
    if said is not None and (code == said or value < DECLARED_OVERRIDE):
        return said
    kin = _kin(ranked, candidates)
    if kin:  # close kin lead: their full models tell them apart
        ranked = _confidences(sample, kin, accurate=True)
        code, value = ranked[0]
        return code if value >= SURE_KIN else UND
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    sure = SURE_LONG if letters >= LONG_LETTERS else SURE_SHORT
    return code if value >= sure and value >= LEAD * second else UND


def _kin(ranked: list[tuple[str, float]], candidates: frozenset[str]) -> frozenset[str] | None:
    """The group of close kin that the first two languages belong to, when the first is not
    already sure of itself."""
    if len(ranked) < 2 or ranked[0][1] >= SURE_KIN_LOW:
        return None
    first, second = ranked[0][0], ranked[1][0]
    for group in KIN:
        if first in group and second in group:
            return group & candidates
    return None


def _by_function_words(text: str, candidates: frozenset[str], script: str | None) -> str | None:
    """The module language whose function words make up a clear share of a long ``text``
    (cheap, and enough for most documents; lingua decides the rest)."""
    words = WORD.findall(text.lower())
    if len(words) < PLAIN_WORDS:
        return None
    shares = {}
    for code in candidates:
        mod = lang_data.get(code)
        if mod is not None and mod.SCRIPT == script:
            shares[code] = sum(w in mod.FUNCTION_WORDS for w in words) / len(words)
    best = max(shares, key=shares.get, default=None)
    if best is None or shares[best] < PLAIN_SHARE:
        return None
    rest = max((v for k, v in shares.items() if k != best), default=0.0)
    return best if shares[best] >= 3 * rest else None


def _sample(text: str, size: int = 1000) -> str:
    """Up to ``size`` characters: the opening and the middle (pages open with chrome)."""
    if len(text) <= size:
        return text
    half, mid = size // 2, len(text) // 2
    return text[:half] + "\n" + text[mid - half // 2 : mid + half // 2]


@lru_cache(maxsize=8)
def _arabic_evidence(codes: frozenset[str]):
    """The module languages in ``codes`` written in the Arabic script; for each ordered pair,
    the letters the first writes and the second does not (all, and those that are not a yeh
    or kaf either keyboard types); all such letters; each language's function words."""
    mods = {c: lang_data.get(c) for c in sorted(codes)}
    mods = {c: m for c, m in mods.items() if getattr(m, "SCRIPT", None) == "Arab"}
    alphabet = {c: frozenset(m.LETTERS) for c, m in mods.items()}
    apart = {}
    for x in mods:
        for y in mods:
            if x != y:
                letters = alphabet[x] - alphabet[y]
                apart[x, y] = (letters, letters - KEYBOARD_LETTERS)
    telling = frozenset().union(*(letters for letters, _ in apart.values()))
    function_words = {c: frozenset(m.FUNCTION_WORDS) for c, m in mods.items()}
    return tuple(mods), apart, telling, function_words


def _arabic_pairs(text: str, codes: frozenset[str]):
    """The Arabic-script languages in ``codes`` and, for each ordered pair ``(x, y)``, the
    evidence, word by word, that ``text`` is in ``x`` rather than ``y``: 1 for a word with a
    letter ``x`` writes and ``y`` does not (0.5 when that letter is a yeh or kaf), 2 for a
    function word of ``x``; for Arabic also 1 for a word with harakat (a verse, a prayer) and
    0.5 for a word with the article ال."""
    langs, apart, telling, function_words = _arabic_evidence(codes)
    words = Counter(WORD.findall(MARKS.sub("", text)))
    evidence = dict.fromkeys(apart, 0.0)
    named = {c: 2.0 * sum(words[w] for w in ws & words.keys()) for c, ws in function_words.items()}
    arabic = 0.0
    if "ar" in langs:
        if not HARAKAT.isdisjoint(text):
            arabic += sum(1 for raw in text.split() if not HARAKAT.isdisjoint(raw))
        arabic += 0.5 * sum(
            n
            for w, n in words.items()
            if w.startswith(ARTICLE_PREFIXES) and len(w) > 4 and w not in COMMON_ARTICLE_WORDS
        )
    kinds: Counter[frozenset[str]] = Counter()  # words alike in the letters that tell
    for word, n in words.items():
        if not telling.isdisjoint(word):
            kinds[telling.intersection(word)] += n
    for hits, n in kinds.items():
        for pair, (letters, strong) in apart.items():
            if not letters.isdisjoint(hits):
                evidence[pair] += n * (0.5 if strong.isdisjoint(hits) else 1.0)
    for x, y in evidence:
        evidence[x, y] += named[x] + (arabic if x == "ar" else 0.0)
    return langs, evidence


def _arabic_winner(langs, evidence, over: str | None) -> str | None:
    """The language the evidence names clearly: against ``over`` (the document's language)
    when that is one of ``langs``, else against each of the others."""

    def beats(x: str, y: str) -> bool:
        return evidence[x, y] >= EVIDENCE and evidence[x, y] >= 2 * evidence[y, x]

    if over in langs:
        rivals = [x for x in langs if x != over and beats(x, over)]
        return max(rivals, key=lambda x: evidence[x, over], default=None)
    return next((x for x in langs if all(beats(x, y) for y in langs if y != x)), None)


def _judge_arabic(text: str, doc_lang: str | None, codes: frozenset[str], short: bool):
    langs, evidence = _arabic_pairs(text, codes)
    if len(langs) < 2:
        return langs[0] if langs else doc_lang
    winner = _arabic_winner(langs, evidence, doc_lang)
    if winner:
        return winner
    if doc_lang in langs:
        rivals = [x for x in langs if x != doc_lang]
        if short or all(evidence[doc_lang, x] >= evidence[x, doc_lang] for x in rivals):
            return doc_lang
    ranked = _confidences(text, frozenset(langs))
    if doc_lang not in langs:
        return ranked[0][0] if ranked else None
    code, value = ranked[0]
    return code if value >= CONFIDENT else doc_lang


def document_words(texts: Sequence[str], doc_lang: str | None) -> frozenset[str]:
    """Words that mark a passage as written in its document's language: the function words
    of its lang module and the short words most passages of the document share."""
    return _document_words([WORD.findall(text.lower()) for text in texts], doc_lang)


def _document_words(words: Sequence[list[str]], doc_lang: str | None) -> frozenset[str]:
    """``document_words`` from the words of each text (lowercased)."""
    mod = lang_data.get(doc_lang)
    own = set(getattr(mod, "FUNCTION_WORDS", ()) if mod else ())
    spread: Counter[str] = Counter()
    for found in words:
        spread.update(set(found))
    # what spread.most_common(60) keeps of the words met 3 times or more: only those pass the
    # filter below, and they all rank before the rest (a stable sort, as most_common's)
    common = sorted(((w, n) for w, n in spread.items() if n >= 3), key=_count, reverse=True)
    frequent = [w for w, n in common[:60] if len(w) <= 5 and w.isalpha()]
    return frozenset(own.union(frequent[:FREQUENT_WORDS]))


def _count(item: tuple[str, int]) -> int:
    return item[1]


def _in_own_words(words: list[str], own: frozenset[str]) -> bool:
    """Whether a passage with these (lowercased) words uses the document's own words."""
    hits = [w for w in words if w in own]
    return len(set(hits)) >= OWN_WORDS and 10 * len(hits) >= len(words)


@lru_cache(maxsize=64)
def _script_of_language(doc_lang: str | None) -> str | None:
    mod = lang_data.get(doc_lang)
    doc_script = getattr(mod, "SCRIPT", None) if mod else None
    if doc_script is None and doc_lang:
        doc_script = next((s for s, c in SCRIPT_LANGUAGES.items() if doc_lang in c), None)
    return doc_script


def _passage(
    text: str,
    doc_lang: str | None,
    codes: frozenset[str],
    own: frozenset[str],
    lowered: list[str],
):
    """The language of one passage of a document in ``doc_lang`` (see the module docstring).

    ``lowered``: the words of the passage, lowercased."""
    if doc_lang == UND:
        doc_lang = None
    letters = _letters(text)
    if letters == 0:
        return doc_lang
    short = letters < MIN_LETTERS or len(text.split()) < MIN_WORDS
    script = script_of(text, letters)
    doc_script = _script_of_language(doc_lang)
    if script != doc_script and doc_script in SCRIPTS:
        # a Persian sentence quoting an English name ("Haris به Associated Press گفت:") is still
        # Persian
        words = text.split()
        own_script = sum(1 for w in words if SCRIPTS[doc_script].search(w))
        if own_script >= MIXED_SHARE * len(words):
            script = doc_script
    if script == "Arab" and codes & SCRIPT_LANGUAGES["Arab"]:
        return _judge_arabic(text, doc_lang, codes, short)
    if doc_lang is None:
        return None if short else detect(text, sorted(codes))
    if script != doc_script and script is not None:
        candidates = codes & SCRIPT_LANGUAGES.get(script, frozenset())
        if len(candidates) <= 1:
            return next(iter(candidates), None)
        found = detect(text, sorted(candidates))
        return None if found == UND else found
    if short or len(text.split()) < OVERRIDE_WORDS or _in_own_words(lowered, own):
        return doc_lang
    candidates = codes & SCRIPT_LANGUAGES.get(script, codes) | {doc_lang}
    ranked = _confidences(text, frozenset(candidates))
    if not ranked:
        return doc_lang
    code, value = ranked[0]
    return code if value >= CONFIDENT else doc_lang


def detect_passages(
    texts: Sequence[str], doc_lang: str | None, languages: Sequence[str] | None = None
) -> list[str | None]:
    """The language of each passage of a document whose language is ``doc_lang``."""
    codes = _codes(languages)
    words = [WORD.findall(t.lower()) for t in texts]
    own = _document_words(words, doc_lang)
    return [_passage(t, doc_lang, codes, own, w) for t, w in zip(texts, words, strict=True)]
