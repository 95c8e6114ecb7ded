"""Date mentions in any calendar: find them, read them, and say what each one dates.

``find_dates`` reads Gregorian, Solar Hijri and Lunar Hijri dates written with month names
(English, Persian, Arabic, Urdu) or numerically, in any digits, also across a line break, with
the time where one is written. Each mention gets its ISO date (Gregorian), and a role:
``published`` / ``updated`` (labelled, or the date line at the top), ``signed`` (alone on a line
after a letter's closing and signature), ``event`` (inside a sentence) or ``unknown``.

A date without a year takes it from ``reference`` or the article's own dates, never from the
clock; with neither, a Gregorian one stays ``--MM-DD``. A Lunar Hijri date next to a Solar or
Gregorian one takes the reckoning that agrees with it; else the language's usual one.

Language data (month names, labels, era markers, closings) lives in ``stemma.text.lang``.
Matching runs on a folded copy of the text (digits, letter forms; ZWNJ, tatweel and harakat
dropped) whose offsets map back to ``source``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from stemma.model import DateMention
from stemma.text import calendars
from stemma.text import lang as langdata

# --- folding: same text, one form per letter, offsets kept ---
_FOLD = str.maketrans(
    {
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x0966 + i): str(i) for i in range(10)},  # Devanagari digits
        "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۃ": "ه", "ہ": "ه", "ھ": "ه",
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و",
        "’": "'", "‘": "'", "ʼ": "'", "ʿ": "'", "ʾ": "'", "`": "'",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ", "\t": " ",
        "‐": "-", "‑": "-", "–": "-", "—": "-", "−": "-",
        "،": ",", "٫": ".", "٬": ",", "؛": ";", "：": ":",
    }
)  # fmt: skip
# Marks that carry no letter: dropped before matching (ZWNJ/ZWJ, bidi controls, tatweel, harakat).
_MARKS = frozenset("\u0640" + "".join(map(chr, range(0x064B, 0x0660))) + "\u0670")
_DROP = re.compile(
    "[\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u0640\u064b-\u065f\u0670]+"
)


def fold(text: str) -> tuple[str, list[int] | None]:
    """``text`` folded for matching, and the source offset of each folded character
    (None when nothing was dropped, so offsets are the same)."""
    if text.isascii():  # most English text: only tabs and backquotes to fold, nothing to drop
        return text.replace("\t", " ").replace("`", "'"), None
    folded = text.translate(_FOLD)
    if not _DROP.search(folded):
        return folded, None
    parts, index, pos = [], [], 0
    for m in _DROP.finditer(folded):
        parts.append(folded[pos : m.start()])
        index.extend(range(pos, m.start()))
        pos = m.end()
    parts.append(folded[pos:])
    index.extend(range(pos, len(folded)))
    index.append(len(folded))
    return "".join(parts), index


def _key(name: str) -> str:
    """Lookup key of a name as matched: folded, no spaces, hyphens, dots or apostrophes."""
    folded, _ = fold(name)
    return re.sub(r"[\s\-.']", "", folded).lower()


def _name_pattern(name: str, *, title: bool) -> str:
    """Regex for one name; spaces, hyphens and apostrophes inside it are optional. With
    ``title``, a Latin name needs its first letter in capitals (so "may" is not May)."""
    folded, _ = fold(name)
    out = []
    for ch in folded:
        if ch in " -":  # "Rabi al-Awwal" also reads "Rabi' al Awwal"
            out.append(r"'?[ \-]?")
        elif ch == "'":
            out.append("'?")
        elif ch == ".":
            out.append(r"\.?")
        else:
            out.append(re.escape(ch))
    if title and folded[:1].isascii() and folded[:1].isalpha():
        return re.escape(folded[0].upper()) + "(?i:" + "".join(out[1:]) + ")"
    return "".join(out)


def _alternation(names, *, title: bool = False) -> str:
    pats = sorted({_name_pattern(n, title=title) for n in names if n}, key=len, reverse=True)
    return "(?:" + "|".join(pats) + ")" if pats else "(?!x)x"


def _cased_patterns(attr: str) -> set[str]:
    """Patterns of the names in ``attr`` of every language: those of a language that
    capitalises them (``MONTHS_CASED``, true unless said otherwise) need the capital, the others
    match in small letters or with a capital ("le 3 mars", "Mars 2024"). Literal patterns, not
    case-blind ones: hundreds of case-blind names made the date scan four times slower."""
    pats = set()
    for module in _modules():
        cased = getattr(module, "MONTHS_CASED", True)
        for name in getattr(module, attr, None) or {}:
            if cased:
                pats.add(_name_pattern(name, title=True))
                continue
            dot = name.endswith(".")  # "out." is October in Portuguese; "2 out of 3" no date
            bare = name[:-1] if dot else name
            for form in {bare.lower(), bare[:1].upper() + bare[1:].lower()}:
                pats.add(_name_pattern(form, title=False) + (r"\." if dot else ""))
    return pats


def _join(pats: set[str]) -> str:
    """One alternation of ``pats``, longest first, behind a look at the first character: a
    position no name can start at fails at once instead of trying hundreds of names."""
    if not pats:
        return "(?!x)x"
    firsts = {pat[1] if pat.startswith("\\") else pat[0] for pat in pats}
    guard = "(?=[" + "".join(sorted(re.escape(c) for c in firsts)) + "])"
    return guard + "(?:" + "|".join(sorted(pats, key=len, reverse=True)) + ")"


_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


@dataclass(frozen=True)
class _Tables:
    months: dict[str, tuple[str, int]]  # key -> (calendar, month)
    weekdays: dict[str, int]
    eras: dict[str, str]
    needing_year: frozenset[str]
    ampm: dict[str, str]
    closings: tuple[str, ...]
    dmy_re: re.Pattern  # 5 April 2018, ۱۵ فروردین ۱۳۹۷, 5\n/Apr/ 2018
    mdy_re: re.Pattern  # April 5, 2018
    my_re: re.Pattern  # December 2021, marzo de 2024 (month precision)
    ymd_re: re.Pattern  # 2024年3月1日, 2024년 3월 1일, 3月1日, 2024年3月
    month_units: tuple[str, ...]  # 月, 월: without one, ymd_re cannot match
    numeric_re: re.Pattern
    label_re: re.Pattern
    label_line_re: re.Pattern
    time_before_re: re.Pattern
    connectors_re: re.Pattern


def _modules() -> list:
    """Every module with date data: the full language modules and the dates-only ones."""
    return [langdata.dated(code) for code in (*langdata.CODES, *langdata.DATE_CODES)]


def _collect(attr: str) -> list:
    out = []
    for module in _modules():
        value = getattr(module, attr, None)
        if value:
            out.extend(value.items() if isinstance(value, dict) else value)
    return out


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    months: dict[str, tuple[str, int]] = {}
    for attr, calendar in (
        ("GREGORIAN_MONTHS", "gregorian"),
        ("SOLAR_HIJRI_MONTHS", "solar_hijri"),
        ("LUNAR_HIJRI_MONTHS", "lunar_hijri"),
    ):
        for name, number in _collect(attr):
            months.setdefault(_key(name), (calendar, number))
    weekdays = {_key(n): d for n, d in _collect("WEEKDAYS")}
    eras = {_key(n): c for n, c in _collect("ERA_MARKERS")}
    ampm = {_key(n): "am" for n in _collect("AM_MARKERS")}
    ampm.update({_key(n): "pm" for n in _collect("PM_MARKERS")})

    gregorian = _cased_patterns("GREGORIAN_MONTHS")
    hijri = [n for a in ("SOLAR_HIJRI_MONTHS", "LUNAR_HIJRI_MONTHS") for n, _ in _collect(a)]
    month = _join(gregorian | {_name_pattern(n, title=True) for n in hijri if n})
    weekday = _join(_cased_patterns("WEEKDAYS"))
    ordinal = _alternation(_collect("ORDINAL_SUFFIXES"))
    month_word = _alternation(_collect("MONTH_WORDS"))
    year_word = _alternation(_collect("YEAR_WORDS"))
    # Era markers as written, case and all ("AH", not "ah"); spaces and dots optional.
    eras_written = {re.escape(fold(n)[0]) for n, _ in _collect("ERA_MARKERS")}
    era = (
        "(?:"
        + "|".join(
            e.replace(r"\ ", " ?").replace(r"\.", r" ?\.? ?")
            for e in sorted(eras_written, key=len, reverse=True)
        )
        + ")"
    )
    time_word = _alternation(_collect("TIME_WORDS"))
    ampm_alt = _alternation(list(_collect("AM_MARKERS")) + list(_collect("PM_MARKERS")))

    wd = rf"(?:(?P<wd>{_NOT_LETTER_BEFORE}{weekday}){_NOT_LETTER_AFTER}[ ,]*)?"
    mon = (
        rf"(?P<mp>{_NOT_LETTER_BEFORE}(?P<mon>{month})(?P<mw>[ ]?{month_word})?{_NOT_LETTER_AFTER}"
        rf"(?:(?<=[A-Za-z])\.(?=[ ]*\d))?(?:[ ]?/[ ]?{month}{_NOT_LETTER_AFTER})?)"
    )
    day = rf"(?P<day>(?<![\d:/.])(?:0?[1-9]|[12]\d|3[01]))(?:{ordinal}{_NOT_LETTER_AFTER})?"
    after_year = _alternation(_collect("YEAR_AFTER_WORDS"))
    after = rf"(?:[ ]?{after_year}{_NOT_LETTER_AFTER})?"  # "2024 года", "2008 r."
    year = rf"(?:{year_word}[ ]?)?(?P<year>\d{{4}}|\d{{2}})(?!\d|:\d|[.,]\d){after}"
    day_month = _alternation(["of", *_collect("DAY_MONTH_WORDS")])  # "5th of May", "1 de marzo"
    month_year = _alternation(_collect("MONTH_YEAR_WORDS"))  # "marzo de 2024"
    era_part = rf"(?:[ ]?(?P<era>{era})(?![^\W\d_]))?"
    time = (
        rf"(?:(?:[ ]*[-|,@][ ]*|[ ]+)(?:{time_word}[ ]?)?|T)"
        rf"(?P<hh>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d)?(?![\d])"
        rf"(?:[ ]?(?P<ampm>{ampm_alt}){_NOT_LETTER_AFTER})?"
    )
    sep = r"[ ]*[\-/.,]?[ ]*(?:\n[ ]*[\-/.]?[ ]*)?"
    sep_year = r"[ ]*[\-/.,]?[ ]*(?:\n[ ]*)?"
    dmy = (
        rf"{wd}{day}{sep}(?:{day_month}[ ]+)?{mon}"
        rf"(?:{sep_year}(?:{month_year}[ ]+)?{year}{era_part})?(?:{time})?"
    )
    # a month and a year alone (a Gregorian month only: "December 2021", "marzo de 2024")
    my = (
        rf"(?P<mp>{_NOT_LETTER_BEFORE}(?P<mon>{_join(gregorian)})"
        rf"{_NOT_LETTER_AFTER}\.?)[ ]*,?[ ]*(?:{month_year}[ ]+)?"
        rf"(?P<year>\d{{4}})(?!\d|:\d|[.,]\d){after}"
    )
    units = {part: [u for d in _collect_dicts("YMD_UNITS") for u in d.get(part, ())]
             for part in ("year", "month", "day")}  # fmt: skip
    y_unit, m_unit, d_unit = (_alternation(units[p]) for p in ("year", "month", "day"))
    ymd = (
        rf"(?<!\d)(?:(?P<year>\d{{4}})[ ]?{y_unit}[ ]?)?(?P<mon>1[0-2]|0?[1-9])[ ]?{m_unit}"
        rf"(?:[ ]?(?P<day>3[01]|[12]\d|0?[1-9])[ ]?{d_unit})?"
    )
    mdy = (
        rf"{wd}{mon}[ ]*(?P<day>0?[1-9]|[12]\d|3[01])(?:{ordinal})?(?![\d:])"
        rf"(?:,?[ ]*(?P<year>\d{{4}})(?!\d|:\d){era_part})?(?:{time})?"
    )
    numeric = (
        rf"{wd}(?<![\d/.\-])(?<!\d:)(?:(?P<ya>\d{{4}})(?P<s1>[/\-.])(?P<ma>\d{{1,2}})(?P=s1)(?P<da>\d{{1,2}})"
        rf"|(?P<a>\d{{1,2}})(?P<s2>[/\-.])(?P<b>\d{{1,2}})(?P=s2)(?P<yb>\d{{4}}))"
        rf"(?![\d]|[/.\-]\d){era_part}(?:{time})?"
    )
    numeric_re = re.compile(numeric)

    upd = _alternation(_collect("UPDATED_LABELS"))
    pub = _alternation(_collect("PUBLISHED_LABELS"))
    label = rf"{_NOT_LETTER_BEFORE}(?:(?P<upd>{upd})|(?P<pub>{pub})){_NOT_LETTER_AFTER}"
    label_re = re.compile(rf"(?i){label}[ ]*(?P<colon>[:\-|])?[ ]*$")
    label_line_re = re.compile(rf"(?i)^[ ]*{label}[ ]*[:\-|]?[ ]*$")
    time_before_re = re.compile(
        rf"(?<![\d:])(?P<hh>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d)?"
        rf"(?:[ ]?(?P<ampm>{ampm_alt}){_NOT_LETTER_AFTER})?[ ]*[-|,][ ]*$"
    )
    closings = tuple(_closing_key(c) for c in _collect("CLOSINGS"))
    return _Tables(
        months=months,
        weekdays=weekdays,
        eras=eras,
        needing_year=frozenset(_key(n) for n in _collect("MONTHS_NEEDING_YEAR")),
        ampm=ampm,
        closings=closings,
        dmy_re=re.compile(dmy),
        mdy_re=re.compile(mdy),
        my_re=re.compile(my),
        ymd_re=re.compile(ymd),
        month_units=tuple(units["month"]),
        numeric_re=numeric_re,
        label_re=label_re,
        label_line_re=label_line_re,
        time_before_re=time_before_re,
        connectors_re=re.compile(
            rf"{_NOT_LETTER_BEFORE}(?i:{_alternation(_collect('DATE_CONNECTORS'))}){_NOT_LETTER_AFTER}"
        ),
    )


def _collect_dicts(attr: str) -> list[dict]:
    return [d for m in _modules() if (d := getattr(m, attr, None))]


def _closing_key(line: str) -> str:
    folded, _ = fold(line)
    return re.sub(r"[^\w']+", " ", folded).strip().lower()


def _lang_value(lang: str | None, attr: str, default):
    module = langdata.dated(lang)
    return getattr(module, attr, default) if module else default


# --- reading: candidates with their parts, before roles and years ---
@dataclass
class _Found:
    start: int  # offsets into the folded text
    end: int
    calendar: str
    year: int | None
    month: int
    day: int | None  # None: a month and year alone ("December 2021")
    time: str | None = None
    weekday: int | None = None
    two_digit_year: bool = False
    order: str | None = None  # numeric d/m/y: "dmy", "mdy", or "?" when either reading works


def _time(m: re.Match, tables: _Tables) -> str | None:
    if m.group("hh") is None:
        return None
    hh, mi = int(m.group("hh")), int(m.group("mi"))
    half = tables.ampm.get(_key(m.group("ampm") or ""))
    if half == "pm" and hh < 12:
        hh += 12
    elif half == "am" and hh == 12:
        hh = 0
    return f"{hh:02d}:{mi:02d}"


def _named(m: re.Match, tables: _Tables, day_first: bool) -> _Found | None:
    calendar, month = tables.months[_key(m.group("mon"))]
    day, year = m.group("day"), m.group("year")
    end_no_year = m.end("mp") if day_first else m.end("day")
    end = m.end()
    two_digit = year is not None and len(year) == 2
    if two_digit and calendar != "solar_hijri":  # "5 May 18 people": not a year
        year, end = None, end_no_year
    elif year is not None and not _plausible_year(calendar, int(year), two_digit):
        year, end = None, end_no_year
    found = _Found(
        start=m.start(),
        end=end,
        calendar=calendar,
        year=int(year) if year else None,
        month=month,
        day=int(day),
        time=_time(m, tables) if end == m.end() else None,
        weekday=tables.weekdays.get(_key(m.group("wd") or "")),
        two_digit_year=two_digit and year is not None,
    )
    if year is None and not m.group("mw") and _key(m.group("mon")) in tables.needing_year:
        return None
    return found


def _month_year(m: re.Match, tables: _Tables) -> _Found | None:
    """A Gregorian month and year alone ("December 2021", "marzo de 2024")."""
    calendar, month = tables.months[_key(m.group("mon"))]
    year = int(m.group("year"))
    if calendar != "gregorian" or not _plausible_year(calendar, year, False):
        return None
    return _Found(start=m.start(), end=m.end(), calendar=calendar, year=year, month=month, day=None)


def _units(m: re.Match) -> _Found | None:
    """A date written with unit characters ("2024年3月1日", "3月1日", "2024년 3월"): a month
    needs its year or its day."""
    year, day = m.group("year"), m.group("day")
    if year is None and day is None:
        return None
    if year is not None and not _plausible_year("gregorian", int(year), False):
        return None
    return _Found(
        start=m.start(),
        end=m.end(),
        calendar="gregorian",
        year=int(year) if year else None,
        month=int(m.group("mon")),
        day=int(day) if day else None,
    )


_YEARS = {"gregorian": (1000, 2200), "solar_hijri": (1200, 1500), "lunar_hijri": (1200, 1600)}


def _plausible_year(calendar: str, year: int, two_digit: bool) -> bool:
    lo, hi = _YEARS[calendar]
    return two_digit or lo <= year <= hi


def _numeric(m: re.Match, tables: _Tables, lang: str | None) -> _Found | None:
    era = tables.eras.get(_key(m.group("era") or ""))
    order = None
    if m.group("ya"):
        year, month, day = int(m.group("ya")), int(m.group("ma")), int(m.group("da"))
    else:
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("yb"))
        order = "dmy" if a > 12 else "mdy" if b > 12 else "?"
        if order == "?" and m.group("s2") == ".":  # 03.04.2018: dotted dates are day first
            order = None
        day, month = (b, a) if order in ("mdy", "?") else (a, b)  # "?" is settled per article
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    calendar = era or _numeric_calendar(year, lang)
    if calendar is None or not _plausible_year(calendar, year, False):
        return None
    return _Found(
        start=m.start(),
        end=m.end(),
        calendar=calendar,
        year=year,
        month=month,
        day=day,
        time=_time(m, tables),
        weekday=tables.weekdays.get(_key(m.group("wd") or "")),
        order=order,
    )


def _numeric_calendar(year: int, lang: str | None) -> str | None:
    if year >= 1600:
        return "gregorian"
    hijri = _lang_value(lang, "NUMERIC_HIJRI", None)
    if hijri == "solar_hijri" and year > 1430:  # Solar 1430 is 2051: a later year is Lunar
        return "lunar_hijri"
    return hijri


_DIGITS = re.compile(r"\d+")
_REACH = 48  # a date's words lie this close to its digits ("Wednesday, September 5")


def _windows(folded: str) -> list[tuple[int, int]]:
    """Stretches around digit runs: every date has digits, and scanning only near them spares
    trying hundreds of month names at every position of the text."""
    out: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(folded):
        lo, hi = max(0, m.start() - _REACH), min(len(folded), m.end() + _REACH)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _scan(folded: str, lang: str | None) -> list[_Found]:
    tables = _tables()
    found = []
    units = any(u in folded for u in tables.month_units)
    for lo, hi in _windows(folded):
        found += [
            f for m in tables.dmy_re.finditer(folded, lo, hi) if (f := _named(m, tables, True))
        ]
        found += [
            f for m in tables.mdy_re.finditer(folded, lo, hi) if (f := _named(m, tables, False))
        ]
        found += [
            f
            for m in tables.numeric_re.finditer(folded, lo, hi)
            if (f := _numeric(m, tables, lang))
        ]
        found += [f for m in tables.my_re.finditer(folded, lo, hi) if (f := _month_year(m, tables))]
        if units:
            found += [f for m in tables.ymd_re.finditer(folded, lo, hi) if (f := _units(m))]
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    for f in found:  # overlapping readings: the first and longest wins
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    _settle_numeric_order(kept, lang)
    for k, f in enumerate(kept):  # "12:37 - 2018/04/05": the time written first
        lo = max(kept[k - 1].end if k else 0, f.start - 16)
        m = tables.time_before_re.search(folded, lo, f.start)
        if f.time is None and m:
            f.start, f.time = m.start(), _time(m, tables)
    return kept


def _settle_numeric_order(found: list[_Found], lang: str | None) -> None:
    """Read ambiguous numeric dates (04/05/2018) in the order the article uses elsewhere,
    else in the language's usual order."""
    seen = [f.order for f in found if f.order in ("dmy", "mdy")]
    order = seen[0] if seen else _lang_value(lang, "DATE_ORDER", "dmy")
    for f in found:
        if f.order == "?" and order == "dmy":
            f.month, f.day = f.day, f.month


# --- roles ---
class _Lines:
    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def index(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def span(self, i: int) -> tuple[int, int]:
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        return self.starts[i], end

    def line(self, i: int) -> str:
        a, b = self.span(i)
        return self.text[a:b]


# A place before a date: up to three words (Latin ones capitalised), then "," "-" "۔" or nothing.
_PLACE = re.compile(r"^[ ]*(?:(?:[A-Z]|[^\W\d_a-zA-Z])[^\W\d_.'\-]*[ ]?){1,3}(?:[,\-۔][ ]*)?$")


def _is_place(prefix: str) -> bool:
    return len(prefix) <= 60 and bool(_PLACE.match(prefix))  # short: no long backtracking


_DATELINE_AFTER = re.compile(r"^[ ]*(?:\([^()\n]{1,40}\)|[-:۔])")  # "(IRNA) -", "- ", "(APP)"
_SEPARATORS = " -|,;:.()[]/"
_EDGE = "-|/•,"
_LABEL_REACH = 60  # a label stands this close before its date
_CONTEXT = 200  # how much of a date's line is looked at on each side
_SIGNATURE_REACH = 12  # lines looked back from a signed date for the closing formula


# A word: two letters or more; an Indic word with its vowel signs (not letters to ``\w``); a
# Han or kana character (Chinese and Japanese leave no spaces to count words by).
_WORDS = re.compile(r"[^\W\d_]{2,}|[\u0900-\u0dff]{2,}|[\u3040-\u30ff\u3400-\u9fff]")


def _words(text: str) -> int:
    return len(_WORDS.findall(text))


def _blank(folded: str, found: list[_Found]) -> str:
    """``folded`` with every date turned into spaces (line breaks kept), so that what stays
    around a date is the text that is not a date."""
    chars = list(folded)
    for f in found:
        for i in range(f.start, f.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _spaces(m: re.Match) -> str:
    return " " * len(m.group())


def _ends_range(raw_prefix: str, prefix: str) -> bool:
    """Whether the separator before a date follows another date ("Dec. 3 - Dec. 7")."""
    body = prefix.rstrip()[:-1]
    return bool(raw_prefix[len(body.rstrip()) : len(body)].strip())


def _roles(found: list[_Found], folded: str) -> list[str]:
    tables = _tables()
    lines = _Lines(folded)
    blank = _blank(folded, found)
    connectors = tables.connectors_re
    contexts = []
    alone_lines = set()
    for f in found:
        first, last = lines.index(f.start), lines.index(max(f.start, f.end - 1))
        line_start, line_end = lines.span(first)[0], lines.span(last)[1]
        # what stands before and after on the line, cut to _CONTEXT ("…" marks a cut)
        lo, hi = max(line_start, f.start - _CONTEXT), min(line_end, f.end + _CONTEXT)
        before = connectors.sub(_spaces, blank[lo : f.start])  # "... برابر با ...": no words
        prefix = ("…" if lo > line_start else "") + before
        suffix = connectors.sub(_spaces, blank[f.end : hi]) + ("…" if hi < line_end else "")
        alone = not suffix.strip(_SEPARATORS) and (
            not prefix.strip(_SEPARATORS) or _is_place(prefix)
        )
        at_edge = (not prefix.strip() and suffix.lstrip()[:1] in tuple(_EDGE)) or (
            not suffix.strip(_SEPARATORS)
            and prefix.rstrip()[-1:] in tuple(_EDGE)
            and not _ends_range(folded[lo : f.start], before)
        )
        contexts.append((first, prefix, suffix, alone, at_edge))
        if alone:
            alone_lines.update(range(first, last + 1))
    nonempty = [i for i in range(len(lines.starts)) if lines.line(i).strip()]
    top, head = set(nonempty[:3]), set(nonempty[:6])
    roles = []
    for first, prefix, suffix, alone, at_edge in contexts:
        if labelled := _label(prefix, lines, first, tables):
            roles.append(labelled)
        elif alone and _after_closing(lines, first, alone_lines, tables):
            roles.append("signed")
        elif first in top and (alone or at_edge):
            roles.append("top")
        elif first in head and _is_place(prefix) and _DATELINE_AFTER.match(suffix):
            roles.append("top")  # dateline: "TEHRAN, April 5 (IRNA) -"
        elif _words(prefix) + _words(suffix) >= 3:
            roles.append("event")
        else:
            roles.append("unknown")
    # Dates at the top (in every calendar written there) date the publication, unless a label
    # names the publication date elsewhere.
    labelled = "published" in roles
    return [("unknown" if labelled else "published") if r == "top" else r for r in roles]


def _label(prefix: str, lines: _Lines, first: int, tables: _Tables) -> str | None:
    """The role a label gives the date ("published" or "updated"): a label right before it on
    its line, or alone on the line before. After other text a label needs a colon and no word
    just before it: "the report, published on 5 May" and "Expiry Date: 5 May" are no labels,
    "News ID: 69545 | Publish Date: 5 May" is one."""
    tail = prefix[-_LABEL_REACH:]
    m = tables.label_re.search(tail) if tail.strip() else None
    if m:
        before = prefix[: len(prefix) - len(tail) + m.start()].rstrip()
        at_start = not before.strip(_SEPARATORS + "0123456789")
        if at_start or (m.group("colon") and not before[-1].isalpha()):
            return "updated" if m.group("upd") else "published"
        return None
    if not prefix.strip() and first > 0:
        m = tables.label_line_re.match(lines.line(first - 1))
        if m:
            return "updated" if m.group("upd") else "published"
    return None


def _after_closing(lines: _Lines, first: int, alone_lines: set[int], tables: _Tables) -> bool:
    """A date alone on its line, after a closing formula, a signature (up to two short lines)
    and other dates alone on their lines."""
    names = 0
    for i in range(first - 1, max(-1, first - 1 - _SIGNATURE_REACH), -1):
        line = lines.line(i).strip()
        if not line or i in alone_lines:
            continue
        key = _closing_key(line)
        if any(key.startswith(c) for c in tables.closings):
            return True
        if names < 2 and len(line) <= 60 and len(line.split()) <= 7 and line[-1] not in ".:!?؟;":
            names += 1
            continue
        return False
    return False


# --- years, calendars and reckonings ---
def _parse_reference(reference: str | None) -> date | None:
    if not reference:
        return None
    m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", reference)
    if m:
        try:
            return date(*map(int, m.groups()))
        except ValueError:
            return None
    folded, _ = fold(reference)
    for f in _scan(folded, None):
        if f.year and f.day and f.calendar == "gregorian":
            try:
                return date(f.year, f.month, f.day)
            except ValueError:
                continue
    return None


def _to_gregorian(f: _Found, year: int, reckoning: str | None) -> date | None:
    if f.day is None:  # a month: no day to convert
        return None
    try:
        if f.calendar == "gregorian":
            return date(year, f.month, f.day)
        if f.calendar == "solar_hijri":
            return calendars.solar_hijri_to_gregorian(year, f.month, f.day)
        return calendars.lunar_hijri_to_gregorian(year, f.month, f.day, reckoning or "umm_al_qura")
    except (ValueError, OverflowError):
        return None


def _full_year(f: _Found, ref: date | None) -> int | None:
    """The year as written; a two-digit Solar year ("۹۷") in the century nearest ``ref``."""
    if f.year is None or not f.two_digit_year:
        return f.year
    if ref is not None:
        ref_year = calendars.gregorian_to_solar_hijri(ref)[0]
        return min((c + f.year for c in (1300, 1400)), key=lambda y: abs(y - ref_year))
    return (1400 if f.year < 50 else 1300) + f.year


def _year_near(f: _Found, ref: date, reckoning: str | None) -> int | None:
    """The year that puts a year-less date nearest ``ref``."""
    if f.day is None:
        return None
    if f.calendar == "gregorian":
        base = ref.year
    elif f.calendar == "solar_hijri":
        base = calendars.gregorian_to_solar_hijri(ref)[0]
    else:
        try:
            base = calendars.gregorian_to_lunar_hijri(ref)[0]
        except ValueError:
            return None
    best = None
    for year in (base - 1, base, base + 1):
        g = _to_gregorian(f, year, reckoning)
        if g is not None and (best is None or abs(g - ref) < abs(best[1] - ref)):
            best = (year, g)
    return best[0] if best else None


def _article_reference(
    found: list[_Found], roles: list[str], default_reckoning: str
) -> date | None:
    """The article's own date: its published or updated date, else its latest full date."""
    dated = []
    for f, role in zip(found, roles, strict=True):
        year = _full_year(f, None)
        if year is None:
            continue
        g = _to_gregorian(f, year, default_reckoning)
        if g is not None:
            dated.append((role, g))
    for wanted in ("published", "updated"):
        for role, g in dated:
            if role == wanted:
                return g
    return max((g for _, g in dated), default=None)


_PAIR_REACH = 200  # a date's other-calendar rendering stands this close


def _neighbours(found: list[_Found], folded: str, k: int) -> list[int]:
    """Dates in the same or an adjacent line or paragraph as date ``k``."""
    out = []
    for step in (-1, 1):  # dates are in text order: walk out each way while they stay close
        j = k + step
        while 0 <= j < len(found):
            a, b = sorted((found[k], found[j]), key=lambda f: f.start)
            gap = folded[a.end : b.start]
            if len(gap) > _PAIR_REACH or gap.count("\n") > 3:
                break
            out.append(j)
            j += step
    return out


def _reckon(f: _Found, year: int, anchors: list[date], default: str) -> tuple[date | None, str]:
    """Gregorian date and reckoning of a Lunar Hijri date, agreeing with a neighbouring date
    (or the written weekday) where one can tell."""
    try:
        candidates = calendars.lunar_hijri_candidates(year, f.month, f.day)
    except ValueError:
        return None, default
    for anchor in anchors:
        agreeing = [r for r, g in candidates.items() if g == anchor]
        if agreeing:
            return anchor, default if default in agreeing else agreeing[0]
    for anchor in anchors:  # the crescent model missed by a day: the written pair decides
        near = [r for r, g in candidates.items() if abs((g - anchor).days) == 1]
        if near and "iranian" in candidates and abs((candidates["iranian"] - anchor).days) <= 1:
            return anchor, "iranian"
    if f.weekday is not None:
        agreeing = [r for r, g in candidates.items() if g.weekday() == f.weekday]
        if agreeing:
            chosen = default if default in agreeing else agreeing[0]
            return candidates[chosen], chosen
    if default in candidates:
        return candidates[default], default
    reckoning, g = next(iter(candidates.items()))
    return g, reckoning


# --- public API ---
def find_dates(source: str, lang: str | None, reference: str | None = None) -> list[DateMention]:
    """Every date mention in ``source``, in order, with offsets into ``source``.

    ``lang`` picks the usual numeric order and Lunar reckoning; month names of every language
    are read whatever it is. ``reference`` (the publication date known from outside, ISO or
    written out) dates year-less mentions; without it the article's own dates do.
    """
    if not _DIGITS.search(source):
        return []
    folded, index = fold(source)
    found = _scan(folded, lang)
    if not found:
        return []
    roles = _roles(found, folded)
    default = _lang_value(lang, "LUNAR_RECKONING", "umm_al_qura")
    ref = _parse_reference(reference) or _article_reference(found, roles, default)

    # Solar and Gregorian first: they anchor the Lunar dates next to them.
    dates: list[date | None] = [None] * len(found)
    years: list[int | None] = [None] * len(found)
    for k, f in enumerate(found):
        years[k] = _full_year(f, ref)
        if years[k] is None and ref is not None:
            years[k] = _year_near(f, ref, default)
        if f.calendar != "lunar_hijri" and years[k] is not None:
            dates[k] = _to_gregorian(f, years[k], None)
    reckonings: list[str | None] = [None] * len(found)
    for k, f in enumerate(found):
        if f.calendar == "lunar_hijri" and years[k] is not None:
            anchors = [dates[j] for j in _neighbours(found, folded, k)
                       if found[j].calendar != "lunar_hijri" and dates[j] is not None]  # fmt: skip
            dates[k], reckonings[k] = _reckon(f, years[k], anchors, default)
        elif f.calendar == "lunar_hijri":
            reckonings[k] = default

    mentions = []
    for k, f in enumerate(found):
        start = index[f.start] if index else f.start
        end = index[f.end - 1] + 1 if index else f.end
        while end < len(source) and source[end] in _MARKS:  # "هـ": the tatweel is the word's
            end += 1
        precision = "minute" if f.time else "day"
        if dates[k] is not None:
            iso = dates[k].isoformat()
        elif f.day is None:  # a Gregorian month and year
            iso, precision = f"{years[k]:04d}-{f.month:02d}", "month"
        elif years[k] is None and f.calendar == "gregorian":
            iso = f"--{f.month:02d}-{f.day:02d}"
        else:
            iso = None
        mentions.append(
            DateMention(
                text=source[start:end],
                start=start,
                end=end,
                calendar=f.calendar,
                iso=iso,
                role=roles[k],
                time=f.time,
                reckoning=reckonings[k],
                precision=precision,
            )
        )
    return mentions


def published_and_updated(mentions: list[DateMention]) -> tuple[str | None, str | None]:
    """The article's published and updated dates ("YYYY-MM-DD", or "YYYY-MM-DDTHH:MM" where a
    time is written), from the first full mention in each role."""

    def first(role: str) -> str | None:
        full = [m for m in mentions if m.role == role and m.iso and not m.iso.startswith("--")]
        for m in sorted(full, key=lambda m: m.precision == "month"):  # a day before a month
            return f"{m.iso}T{m.time}" if m.time else m.iso
        return None

    return first("published"), first("updated")


# --- relative day words ---
_RELATIVE_REACH = 600  # relative words date the article only near its top (the lead)


@lru_cache(maxsize=32)
def _relative_re(lang: str) -> tuple[re.Pattern, dict[str, int], dict[str, int]] | None:
    """The relative day words of ``lang`` ("yesterday": -1) and its full weekday names, as one
    pattern (one language's: German "hier" is no French "hier"). Short Latin weekday forms
    ("Sun", "Sat") are left out: they are also names and words."""
    module = langdata.dated(lang)
    if module is None:
        return None
    relative = dict(getattr(module, "RELATIVE_DAYS", {}))
    named = {n: d for n, d in getattr(module, "WEEKDAYS", {}).items()
             if not (n.isascii() and len(n) < 6)}  # fmt: skip
    shifts = {_key(n): d for n, d in relative.items()}
    weekdays = {_key(n): d for n, d in named.items()}
    names = [*relative, *named]
    # Chinese and Japanese words stand between other letters: no word edges to ask for
    spaced = [n for n in names if not _UNSPACED.match(n)]
    unspaced = [n for n in names if _UNSPACED.match(n)]
    pattern = re.compile(
        rf"{_NOT_LETTER_BEFORE}(?i:{_alternation(spaced)}){_NOT_LETTER_AFTER}"
        rf"|{_alternation(unspaced)}"
    )
    return pattern, shifts, weekdays


_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u9fff]")


def _relative_words(source: str, lang: str | None, mentions, reach: int | None):
    """(start, end, days back or forward, weekday) of each relative word of ``lang`` in
    ``source`` outside a date mention ("Wednesday, April 4"); weekday names only within the
    first ``_RELATIVE_REACH`` characters, relative day words within ``reach`` (None: all)."""
    tables = _relative_re(lang) if lang else None
    if tables is None:
        return
    text = source if reach is None else source[:reach]
    folded, index = fold(text)
    pattern, shifts, weekdays = tables
    taken = sorted((m.start, m.end) for m in mentions if m.start < len(text))
    starts = [a for a, _ in taken]
    for m in pattern.finditer(folded):
        start = index[m.start()] if index else m.start()
        key = _key(m.group())
        shift = shifts.get(key)
        weekday = weekdays.get(key) if shift is None and start < _RELATIVE_REACH else None
        if shift is None and weekday is None:
            continue  # a weekday past the lead
        inside = bisect_right(starts, start) - 1  # the mention starting last at or before it
        if inside >= 0 and start < taken[inside][1]:
            continue
        end = index[m.end() - 1] + 1 if index else m.end()
        yield start, end, shift, weekday


def _resolve(anchor: date, shift: int | None, weekday: int | None) -> date:
    if shift is not None:
        return anchor + timedelta(days=shift)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def find_relative(
    source: str, anchor: date, lang: str | None, mentions: list[DateMention] = ()
) -> tuple[date, str] | None:
    """The day the first relative word of ``lang`` near the top of ``source`` names
    ("yesterday", "on Wednesday": the latest Wednesday on or before ``anchor``), read against
    ``anchor``, with the word as written; words inside a date mention ("Wednesday, April 4")
    are not relative."""
    for start, end, shift, weekday in _relative_words(source, lang, mentions, _RELATIVE_REACH):
        return _resolve(anchor, shift, weekday), source[start:end]
    return None


def relative_mentions(
    source: str, anchor: date, lang: str | None, mentions: list[DateMention] = ()
) -> list[DateMention]:
    """Every relative day word of ``lang`` in ``source`` ("yesterday", "hier", "gestern",
    "دیروز"; a weekday name near the top) read against ``anchor``, the known day the article
    speaks from, as a day mention that keeps the anchor. A weekday is the latest one on or
    before the anchor: news reports what happened."""
    return [
        DateMention(
            text=source[start:end],
            start=start,
            end=end,
            calendar="gregorian",
            iso=_resolve(anchor, shift, weekday).isoformat(),
            role="event",
            precision="day",
            relative_to=anchor.isoformat(),
        )
        for start, end, shift, weekday in _relative_words(source, lang, mentions, None)
    ]
