"""What stands for an article when stories are clustered.

Embedding whole articles is slow and, with small multilingual encoders, groups them by language
more than by event. An article is therefore represented by a :class:`Profile`: a few passages
worth embedding (the title, the lead, the sentences richest in names and numbers, each cut
short) and cheap features that tell one event from a similar one: names, numbers, years,
day-of-month mentions, publication date and a bottom-k sketch of word 3-shingles. Everything here
is a pure function of one article (or of two profiles), so clustering stays independent of the
order articles arrive in.
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from stemma.model import Article

# --- folding and splitting ----------------------------------------------------------------------

# Persian and Arabic-Indic digits to ASCII; Arabic letter variants to the Persian forms; the
# Arabic thousands separator to a comma and the decimal separator to a point.
_FOLD = str.maketrans(
    {
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x0660 + i): str(i) for i in range(10)},
        "\u064a": "\u06cc",  # ي -> ی
        "\u0649": "\u06cc",  # ى -> ی
        "\u0643": "\u06a9",  # ك -> ک
        "\u0629": "\u0647",  # ة -> ه
        "\u066c": ",",
        "\u066b": ".",
        "\u0640": None,  # tatweel
        "\u200c": None,  # ZWNJ: written or left out in one word, so compare without it
        "\u2019": "'",
        "\u2018": "'",
    }
)
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0300-\u036f]")  # harakat, superscript alef, accents
_WORD = re.compile(r"[^\W_]+(?:['.-][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?\u061f\u06d4…])[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[^\W_a-z])")
_LETTER = re.compile(r"[^\W\d_]")


def fold(text: str) -> str:
    """Compatibility-normalised, case-folded, accents and harakat removed, digits in ASCII."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return unicodedata.normalize("NFC", _MARKS.sub("", text)).casefold()


def split_sentences(text: str) -> list[str]:
    """Lines, cut further after sentence punctuation; a light splitter for when an article
    arrives without passages (the ingest pipeline's segmenter is better where it ran)."""
    out: list[str] = []
    for line in text.splitlines():
        out.extend(s.strip() for s in _SENTENCE_END.split(line.strip()) if s.strip())
    return out


def article_sentences(article: Article) -> list[str]:
    if article.passages:
        return [p.text for p in article.passages if p.text.strip()]
    return split_sentences(article.text or article.source)


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


# --- names, numbers, dates ----------------------------------------------------------------------

# Capitalised words that are not names: function words heading a sentence or a headline, and
# calendar words (dates are read separately).
_NOT_NAMES = frozenset(
    """a an the of in on at to for with by from and or but as is are was were be been it its this
    that these those he she they we you i his her their our my me us them there here what which who
    whom when where why how not no yes if so than then after before over into about up out new
    says said say mr mrs ms dr st jr sr
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_TIME = re.compile(r"\b\d{1,2}\s?:\s?\d{2}\b")
_POSSESSIVE = re.compile(r"'s?$")


def _latin_caps(token: str) -> bool:
    return token[0].isupper() and token[0].isascii() or unicodedata.category(token[0]) == "Lu"


def name_counts(sentences: Iterable[str]) -> Counter[str]:
    """Folded capitalised words (names of people, places, bodies) and how often each occurs.

    A capitalised word counts when it is not the first word of its sentence, or when it is and
    the article also writes it capitalised elsewhere; all-capitals lines (datelines, shouting
    headlines) are skipped. Scripts without case give no names: their events are told apart by
    the encoder, numbers and dates.
    """
    sentences = [s for s in sentences if not _shouting(s)]
    inner: Counter[str] = Counter()
    first: Counter[str] = Counter()
    for sentence in sentences:
        for i, token in enumerate(_WORD.findall(sentence.replace("\u2019", "'"))):
            if not _latin_caps(token) or token[0].isdigit():
                continue
            key = _POSSESSIVE.sub("", fold(token))
            if len(key) < 2 or key in _NOT_NAMES:
                continue
            (first if i == 0 else inner)[key] += 1
    for key, n in first.items():
        if key in inner:
            inner[key] += n
    return inner


def _shouting(sentence: str) -> bool:
    letters = _LETTER.findall(sentence)
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def numbers_years(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Numbers (two digits or more, or with a decimal part) and years (1900-2099) in ``text``.

    Thousands separators go ("1,900" and "1.900" read 1900); a comma before one or two digits is
    a decimal comma ("2,5" reads 2.5); clock times are left out. Digits of any script read as
    ASCII ("२०१८", "๒๐๑๘" and "2018" are one year): a number is evidence that crosses languages
    without transliteration.
    """
    text = _TIME.sub(" ", fold(text))
    numbers: set[str] = set()
    years: set[str] = set()
    for raw in _NUMBER.findall(text):
        if not raw.isascii():
            raw = "".join(str(unicodedata.decimal(c, c)) for c in raw)
        value = _read_number(raw)
        if value is None:
            continue
        if raw.isdigit() and re.fullmatch(r"(19|20)\d\d", value):  # "1,900" is no year
            years.add(value)
        elif len(value) >= 2:
            numbers.add(value)
    return frozenset(numbers), frozenset(years)


def _read_number(raw: str) -> str | None:
    parts = re.split(r"[.,]", raw)
    if len(parts) == 1:
        return raw.lstrip("0") or "0"
    if all(len(p) == 3 for p in parts[1:]):  # thousands groups
        return "".join(parts).lstrip("0") or "0"
    if len(parts) == 2:  # a decimal, whichever separator wrote it
        return f"{parts[0].lstrip('0') or '0'}.{parts[1]}"
    return None  # "1.2.3": a version or a date, not a quantity


def month_days(text: str) -> frozenset[str]:
    """Day-of-month mentions written with an English month name, as ``MM-DD``."""
    found: set[str] = set()
    for month, day in _MONTH_DAY.findall(text):
        found.add(_month_day(month, day))
    for day, month in _DAY_MONTH.findall(text):
        found.add(_month_day(month, day))
    found.discard("")
    return frozenset(found)


def _valid_day(month_day: str) -> bool:
    try:
        date(2000, int(month_day[:2]), int(month_day[3:]))
    except ValueError:
        return False
    return True


def _month_day(month: str, day: str) -> str:
    try:  # a leap year, so 29 February stands
        when = date(2000, _MONTHS[month.lower()], int(day))
    except ValueError:
        return ""
    return when.isoformat()[5:]


# --- shingles -----------------------------------------------------------------------------------


def shingle_sketch(tokens: list[str], k: int = 64, n: int = 3) -> bytes:
    """The ``k`` smallest 64-bit hashes of the word ``n``-grams: a bottom-k sketch whose overlap
    estimates the resemblance of two texts (Broder 1997) with a fixed cost per article.

    Packed as ascending native unsigned 64-bit integers (:func:`sketch_hashes` reads them): the
    clusterer holds one per article for the whole run, and 64 hashes as a tuple of Python ints
    take 2.6 kB where the packed bytes take 545 (bytes, not a numpy array: immutable, and
    comparable inside the ``Profile`` dataclass's ``==``)."""
    grams = {" ".join(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1))}
    hashes = sorted(
        int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams
    )
    return pack_sketch(hashes[:k])


def pack_sketch(hashes) -> bytes:
    """Ascending 64-bit hashes as a packed sketch (kept profile rows hold them as numbers)."""
    return np.asarray(sorted(hashes), dtype=np.uint64).tobytes()


def sketch_hashes(sketch: bytes) -> memoryview:
    """The hashes of a packed sketch, ascending, as Python ints when iterated or indexed."""
    return memoryview(sketch).cast("Q")


def resemblance(a: bytes, b: bytes) -> float:
    """Estimated Jaccard resemblance of two bottom-k sketches (0.0 when either is empty): the
    share of the union's ``k`` smallest hashes found in both."""
    if not a or not b:
        return 0.0
    ha, hb = sketch_hashes(a), sketch_hashes(b)
    mine = set(ha)
    if mine.isdisjoint(hb):  # most pairs: nothing to sort
        return 0.0
    both = mine.intersection(hb)
    k = min(len(ha), len(hb))
    return sum(1 for h in sorted(mine.union(hb))[:k] if h in both) / k


# --- the profile --------------------------------------------------------------------------------


@dataclass(slots=True)  # no per-instance dict: one is held per article
class Profile:
    """One article as the clusterer sees it."""

    id: str
    lang: str
    title: str
    passages: list[str]  # what gets embedded, most telling first
    script: str = ""  # "LATIN", "ARABIC", ...: names are compared only within one script
    names: dict[str, float] = field(default_factory=dict)  # folded name -> weight (1 + ln tf)
    names_norm: float = 0.0
    numbers: frozenset[str] = frozenset()
    years: frozenset[str] = frozenset()
    days: frozenset[str] = frozenset()  # "MM-DD"
    published: date | None = None
    sketch: bytes = b""  # bottom-k hashes of the word 3-shingles (``shingle_sketch``)
    # the folded words of an article of one passage (a bare headline, a note): what two short
    # texts are compared by beside their vectors (``cluster.SHORT_WORDS``); empty for longer
    # ones, whose passages, names, numbers and shingles say more than their words; each word
    # once, sorted (a tuple: a frozenset of six words takes 728 bytes, the tuple 88)
    words: tuple[str, ...] = ()


# --- holding many profiles ----------------------------------------------------------------------
# The clusterer holds a profile of every article for the whole run (100k articles: hundreds of
# MB). Most of their strings recur across articles (a language code, a script, the names of the
# actors in the news, years, a headline's words), a name's weight takes few values
# (1 + ln tf) and most sets are empty (each ``frozenset()`` is a new 216-byte object): one
# shared object each, not one per article.


def shared(text: str) -> str:
    """One string object for every equal string (``sys.intern``: freed when none holds it)."""
    return sys.intern(text)


def compact(profile: Profile) -> Profile:
    """``profile`` holding shared objects where its values recur across articles (equal to it);
    a kept profile read back is made compact so, as one made afresh is."""
    profile.lang = shared(profile.lang)
    profile.script = shared(profile.script)
    if profile.passages and profile.passages[0] == profile.title:
        # most titles are embedded as they are: one string for both (118 bytes an article)
        profile.title = profile.passages[0]
    profile.names = {shared(k): _shared_float(w) for k, w in profile.names.items()}
    profile.words = tuple(sorted({shared(w) for w in profile.words}))
    for name in ("numbers", "years", "days"):
        value = getattr(profile, name)
        if value:
            setattr(profile, name, frozenset(shared(v) for v in value))
        elif value is not _EMPTY:
            setattr(profile, name, _EMPTY)
    if not isinstance(profile.sketch, bytes):  # hashes as numbers (a kept row)
        profile.sketch = pack_sketch(profile.sketch)
    if profile.published is not None and len(_DATES) < 100_000:  # days recur: one object each
        profile.published = _DATES.setdefault(profile.published, profile.published)
    return profile


_EMPTY: frozenset = frozenset()
_FLOATS: dict[float, float] = {}
_DATES: dict[date, date] = {}


def _shared_float(value: float) -> float:
    """One float object per distinct value (a name's weight: ``1 + ln tf`` of small counts)."""
    if len(_FLOATS) > 4096:  # weights are few; something else is passing floats: stop sharing
        return value
    return _FLOATS.setdefault(value, value)


def dominant_script(text: str) -> str:
    """The Unicode script most letters of ``text`` are written in (first word of the character
    name: "LATIN", "ARABIC", "CYRILLIC", ...), or "" without letters."""
    counts: Counter[str] = Counter()
    for char in _LETTER.findall(text[:2000]):
        counts[unicodedata.name(char, " ").split(" ")[0]] += 1
    return counts.most_common(1)[0][0] if counts else ""


def _published(article: Article) -> date | None:
    """The publication day, or the article's best-known time where it gives a day (a letter's
    signature date in any calendar): the date-gap prior compares days. A year or a month
    (kept at its precision) gives none, nor a date read off the text, which is what the text
    reports, not when it was published."""
    value = article.published or ""
    when = article.when
    if not value and when is not None and when.precision in ("day", "minute"):
        value = when.iso if when.source != "text" else ""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


def _says_something(text: str) -> bool:
    """Three content words or more: not a bare date, time or label ("Updated in: 17 September
    2021 - 02:01", "Publish Date: 05April 2018")."""
    worded = [
        t.strip(",.:;!?'\"").casefold()
        for t in text.split()
        if _LETTER.search(t) and not any(c.isdigit() for c in t)
    ]
    return sum(1 for t in worded if t not in _NOT_NAMES) >= 3


def _cues(sentence: str, names: Mapping[str, float]) -> int:
    """Names, plus numbers and dates counted twice: they tell one event from a like one."""
    tokens = {_POSSESSIVE.sub("", t) for t in words(sentence)}
    numbers, years = numbers_years(sentence)
    dated = len(numbers) + len(years) + len(month_days(sentence))
    return len(tokens & names.keys()) + 2 * dated


def representative_passages(
    title: str,
    sentences: list[str],
    names: Mapping[str, float],
    lead: int = 2,
    rich: int = 2,
    max_chars: int = 300,
    min_words: int = 5,
) -> list[str]:
    """The title, the first ``lead`` sentences of ``min_words`` words or more, then the ``rich``
    remaining sentences holding the most names and numbers (earlier first on ties); each cut to
    ``max_chars`` and none repeated."""
    chosen: list[str] = []
    seen: set[str] = set()

    def take(text: str) -> None:
        key = " ".join(words(text))
        # a repeat, or a wrapped line that a later sentence carries whole, adds nothing
        if key and not any(key.startswith(k) or k.startswith(key) for k in seen):
            seen.add(key)
            chosen.append(_cut(text, max_chars))

    if _says_something(title):
        take(title)
    body = [s for s in sentences if len(words(s)) >= min_words and _says_something(s)]
    rest: list[str] = []
    for sentence in body:
        if len(chosen) < 1 + lead:
            take(sentence)
        else:
            rest.append(sentence)
    scored = sorted(
        ((-_cues(s, names), i) for i, s in enumerate(rest)),
    )
    for cues, i in scored[:rich]:
        if cues <= -2:
            take(rest[i])
    if not chosen:  # a bare headline or a short note: embed what there is
        for text in (title, *sentences):
            if words(text):
                take(text)
                break
    return chosen


def language(lang: str | None) -> str:
    """The language code a profile holds for an article's ``lang``: lower case, ``"und"``
    where none is known (what any step comparing articles' languages with the clusterer's
    compares: ``stemma.stages.stories.bridge_pairs``)."""
    return (lang or "und").lower()


def represent(
    article: Article,
    *,
    lead: int = 2,
    rich: int = 2,
    max_chars: int = 300,
    sketch_size: int = 64,
) -> Profile:
    """The :class:`Profile` of ``article``: its passages to embed and its cheap features."""
    sentences = article_sentences(article)
    title = (article.title or "").strip() or (sentences[0] if sentences else "")
    text = article.text or article.source
    counts = name_counts([title, *sentences] if article.title else sentences)
    names = {k: 1.0 + math.log(n) for k, n in counts.items()}
    numbers, years = numbers_years(text)
    days = set(month_days(text))
    extra_years = set()
    for mention in article.dates:
        iso = mention.iso or ""
        if re.fullmatch(r"\d{4}-\d\d-\d\d", iso) and _valid_day(iso[5:]):
            extra_years.add(iso[:4])
            days.add(iso[5:])
        elif re.fullmatch(r"--\d\d-\d\d", iso) and _valid_day(iso[2:]):
            days.add(iso[2:])
    passages = representative_passages(title, sentences, names, lead, rich, max_chars)
    profile = Profile(
        id=article.id,
        lang=language(article.lang),
        title=title,
        script=dominant_script(" ".join(sentences[:5]) or title),
        passages=passages,
        names=names,
        names_norm=norm(names),
        numbers=numbers,
        years=years | {y for y in extra_years if y[:2] in ("19", "20")},
        days=frozenset(days),
        published=_published(article),
        sketch=shingle_sketch(words(text), sketch_size),
        words=tuple(sorted(set(words(passages[0])))) if len(passages) == 1 else (),
    )
    return compact(profile)


# --- comparing cheap features -------------------------------------------------------------------


def name_similarity(
    a: Mapping[str, float],
    b: Mapping[str, float],
    norm_a: float | None = None,
    norm_b: float | None = None,
) -> float:
    """Cosine of two weighted name bags (0.0 when either is empty); pass the bags' norms
    (:func:`norm`) when comparing one bag many times."""
    if not a or not b:
        return 0.0
    # the shared names one after the other in their own order, from 0.0: as
    # ``bags.Bags.cosines`` sums them for many pairs at once (a pair weighs the same either way)
    dot = 0.0
    for k in sorted(a.keys() & b.keys()):
        dot += a[k] * b[k]
    if not dot:
        return 0.0
    return dot / ((norm_a or norm(a)) * (norm_b or norm(b)))


def norm(bag: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in bag.values()))


def day_gap(a: frozenset[str], b: frozenset[str]) -> int | None:
    """The fewest days between a day-of-month mention of ``a`` and one of ``b`` (``MM-DD``,
    year ignored, across the new year too), or None when either has none."""
    if not a or not b:
        return None
    da, db = days_of_year(a), days_of_year(b)
    return min(min(abs(x - y), 366 - abs(x - y)) for x in da for y in db)


def days_of_year(days: frozenset[str]) -> list[int]:
    """The days of the year (1-366, leap year) of ``MM-DD`` mentions."""
    out = []
    for day in days:
        month, _, dom = day.partition("-")
        out.append(date(2000, int(month), int(dom)).timetuple().tm_yday)
    return out


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared share of the union (0.0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared share of the smaller set (0.0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
