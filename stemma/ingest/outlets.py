"""A small gazetteer of news outlets: one canonical name, the spellings seen in text, web domains.

Written by the stemma authors from public knowledge (the outlets' own names as they print them);
no list was copied from elsewhere. It only needs to hold the outlets stemma meets often; an
outlet that is not here keeps the name as written.

``lookup`` compares a whole name, ``find`` looks for an outlet inside a short span (a citation,
a tag line, a parenthesised credit), ``from_url`` reads a web address.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Outlet:
    name: str  # canonical name
    aliases: tuple[str, ...] = ()  # other spellings, in any script
    domains: tuple[str, ...] = ()
    kind: str = "agency"  # "agency" | "newspaper" | "broadcaster" | "website"


# fmt: off
OUTLETS: tuple[Outlet, ...] = (
    # Iran
    Outlet("Tasnim", ("Tasnim News Agency", "Tasnim News", "تسنیم", "خبرگزاری تسنیم", "تسنيم",
                      "وكالة تسنيم"), ("tasnimnews.com",)),
    Outlet("Fars", ("Fars News Agency", "Fars News", "FNA", "فارس", "خبرگزاری فارس",
                    "وكالة فارس"), ("farsnews.ir", "farsnews.com")),
    Outlet("Mehr", ("Mehr News Agency", "Mehr News", "MNA", "مهر", "خبرگزاری مهر", "وكالة مهر"),
           ("mehrnews.com",)),
    Outlet("IRNA", ("Islamic Republic News Agency", "ایرنا", "خبرگزاری ایرنا",
                    "خبرگزاری جمهوری اسلامی", "خبرگزاری جمهوری اسلامی ایران", "إرنا", "ارنا",
                    "وكالة الجمهورية الإسلامية للأنباء", "وكالة أنباء الجمهورية الإسلامية"),
           ("irna.ir",)),
    Outlet("ISNA", ("Iranian Students' News Agency", "Iranian Students News Agency", "ایسنا",
                    "خبرگزاری ایسنا", "خبرگزاری دانشجویان ایران", "إسنا"), ("isna.ir",)),
    Outlet("Press TV", ("PressTV", "پرس تی وی", "پرس‌تی‌وی", "برس تي في"),
           ("presstv.ir", "presstv.com"), "broadcaster"),
    Outlet("defapress", ("Defa Press", "Defapress", "دفاع پرس", "دفاع‌پرس", "پایگاه خبری دفاع پرس"),
           ("defapress.ir",), "website"),
    Outlet("Espadana Khabar", ("Espadana", "اسپاداناخبر", "اسپادانا خبر", "اسپادانا"),
           (), "website"),
    Outlet("Khamenei.ir", ("KHAMENEI.IR",), ("khamenei.ir",), "website"),
    Outlet("Leader.ir", (), ("leader.ir",), "website"),
    Outlet("IRIB", ("IRIB News", "Islamic Republic of Iran Broadcasting", "صدا و سیما",
                    "خبرگزاری صدا و سیما"), ("iribnews.ir",), "broadcaster"),
    Outlet("YJC", ("Young Journalists Club", "باشگاه خبرنگاران جوان"), ("yjc.ir",)),
    Outlet("Tehran Times", ("تهران تایمز",), ("tehrantimes.com",), "newspaper"),
    Outlet("Kayhan", ("Kayhan International", "روزنامه کیهان"), ("kayhan.ir",), "newspaper"),
    Outlet("Iran International", ("ایران اینترنشنال",), ("iranintl.com",), "broadcaster"),
    Outlet("Radio Farda", ("رادیو فردا",), ("radiofarda.com",), "broadcaster"),
    # Arab world
    Outlet("Al Jazeera", ("Al-Jazeera", "Aljazeera", "الجزيرة", "الجزیره", "الجزیرہ",
                          "شبکه الجزیره", "قناة الجزيرة"), ("aljazeera.com", "aljazeera.net"),
           "broadcaster"),
    Outlet("Al Arabiya", ("Al-Arabiya", "Alarabiya", "العربية", "العربیه", "شبکه العربیه",
                          "قناة العربية"), ("alarabiya.net",), "broadcaster"),
    Outlet("Al Mayadeen", ("Al-Mayadeen", "الميادين", "المیادین", "قناة الميادين"),
           ("almayadeen.net",), "broadcaster"),
    Outlet("Al-Manar", ("Al Manar", "المنار", "قناة المنار"), ("almanar.com.lb",), "broadcaster"),
    Outlet("SANA", ("Syrian Arab News Agency", "سانا", "الوكالة العربية السورية للأنباء"),
           ("sana.sy",)),
    Outlet("Anadolu Agency", ("Anadolu", "الأناضول", "وكالة الأناضول", "خبرگزاری آناتولی"),
           ("aa.com.tr",)),
    # International
    Outlet("BBC", ("British Broadcasting Corporation", "BBC News", "بی‌بی‌سی", "بی بی سی",
                   "بي بي سي"), ("bbc.com", "bbc.co.uk"), "broadcaster"),
    Outlet("BBC Persian", ("BBC Farsi", "بی‌بی‌سی فارسی", "بی بی سی فارسی"), (), "broadcaster"),
    Outlet("BBC Arabic", ("بي بي سي عربي",), (), "broadcaster"),
    Outlet("BBC Urdu", ("بی بی سی اردو",), (), "broadcaster"),
    Outlet("Reuters", ("Thomson Reuters", "رويترز", "رویترز", "خبرگزاری رویترز", "وكالة رويترز",
                       "رائٹرز"), ("reuters.com",)),
    Outlet("AP", ("Associated Press", "The Associated Press", "آسوشیتدپرس", "آسوشیتد پرس",
                  "أسوشيتد برس", "اسوشيتد برس", "ایسوسی ایٹڈ پریس", "اے پی"), ("apnews.com",)),
    Outlet("AFP", ("Agence France-Presse", "Agence France Presse", "France-Presse",
                   "خبرگزاری فرانسه", "فرانس پرس", "فرانس برس", "وكالة فرانس برس",
                   "وكالة الصحافة الفرنسية", "اے ایف پی"), ("afp.com",)),
    Outlet("Xinhua", ("Xinhua News Agency", "شینهوا", "شین‌هوا", "شينخوا", "سنہوا"),
           ("xinhuanet.com", "news.cn")),
    Outlet("TASS", ("ТАСС", "تاس"), ("tass.com", "tass.ru")),
    Outlet("RT", ("Russia Today", "روسيا اليوم", "راشا تودی"), ("rt.com",), "broadcaster"),
    Outlet("CNN", ("سی‌ان‌ان", "سی ان ان", "سي إن إن"), ("cnn.com",), "broadcaster"),
    Outlet("VOA", ("Voice of America", "صدای آمریکا", "وائس آف امریکہ"), ("voanews.com",),
           "broadcaster"),
    # Pakistan
    Outlet("APP", ("Associated Press of Pakistan", "اے پی پی", "ایسوسی ایٹڈ پریس آف پاکستان"),
           ("app.com.pk",)),
    Outlet("Dawn", ("Dawn News", "DawnNews", "ڈان", "ڈان نیوز"), ("dawn.com",), "newspaper"),
    Outlet("The Express Tribune", ("Express Tribune",), ("tribune.com.pk",), "newspaper"),
    Outlet("Geo News", ("جیو نیوز",), ("geo.tv",), "broadcaster"),
    Outlet("Jang", ("Daily Jang", "روزنامہ جنگ", "جنگ نیوز"), ("jang.com.pk",), "newspaper"),
    Outlet("Dunya News", ("Daily Dunya", "دنیا نیوز", "روزنامہ دنیا"), ("dunyanews.tv",),
           "broadcaster"),
    Outlet("Nawa-i-Waqt", ("Nawa-e-Waqt", "Nawaiwaqt", "نوائے وقت"), ("nawaiwaqt.com.pk",),
           "newspaper"),
)
# fmt: on

# Words that only say what kind of outlet follows ("Fars News Agency", "خبرگزاری فارس"):
# a name that fails as written is looked up again without them.
# fmt: off
GENERIC_WORDS = (
    "the", "news", "agency", "newspaper", "daily", "website", "site", "channel", "network",
    "press", "tv", "پرس", "پریس", "برس",
    "خبرگزاری", "پایگاه", "خبری", "روزنامه", "شبکه", "سایت", "وبسایت",
    "وكالة", "وکاله", "أنباء", "انباء", "للأنباء", "صحيفة", "قناة", "موقع",
    "روزنامہ", "نیوز", "ایجنسی",
)
# fmt: on

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# fmt: off
_LETTER_FOLDS = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ہ": "ه", "ۂ": "ه", "ھ": "ه",
    "ے": "ی", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و",
})
# fmt: on


def fold(text: str) -> str:
    """A comparison key: case, Arabic-script letter forms, marks, spaces and punctuation folded.

    "Defa Press", "defapress" and "دفاع‌پرس" / "دفاع پرس" each fold to one key.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _ARABIC_MARKS.sub("", text).translate(_LETTER_FOLDS)
    return "".join(ch for ch in text if ch.isalnum())


@cache
def _index() -> dict[str, Outlet]:
    index: dict[str, Outlet] = {}
    for outlet in OUTLETS:
        for spelling in (outlet.name, *outlet.aliases):
            index.setdefault(fold(spelling), outlet)
    return index


@cache
def _generic_pattern() -> re.Pattern[str]:
    words = sorted(GENERIC_WORDS, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.I)


def lookup(name: str | None) -> Outlet | None:
    """The outlet a whole name stands for ("Fars News Agency" -> Fars), or None."""
    if not name:
        return None
    index = _index()
    found = index.get(fold(name))
    if found is None:
        bare = fold(_generic_pattern().sub(" ", name))
        found = index.get(bare) if bare else None
    return found


def canonical(name: str | None) -> str | None:
    """The canonical name when the gazetteer knows ``name``, else ``name`` itself (stripped)."""
    if name is None:
        return None
    outlet = lookup(name)
    return outlet.name if outlet else (name.strip() or None)


# fmt: off
_LETTER_CLASSES = {"ی": "[یيى]", "ي": "[یيى]", "ک": "[کك]", "ك": "[کك]", "ه": "[هةۀ]",
                   "ة": "[هةۀ]", "ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]"}
# fmt: on


def key(name: str) -> str:
    """A key under which two names of one outlet meet: the canonical name where the gazetteer
    knows it, else the name without generic words ("Sepidar News Agency" ~ "Sepidar")."""
    outlet = lookup(name)
    if outlet:
        return fold(outlet.name)
    return fold(_generic_pattern().sub(" ", name)) or fold(name)


def same(a: str | None, b: str | None) -> bool:
    """Whether two names stand for one outlet."""
    return bool(a and b) and key(a) == key(b)


def _is_case_sensitive(spelling: str) -> bool:
    # Short one-word Latin names are ordinary words or letters in lower case ("dawn", "ap").
    return spelling.isascii() and " " not in spelling and len(spelling) <= 5


def _spelling_pattern(spelling: str) -> str:
    parts = []
    for ch in spelling:
        if ch in " -\u200c":
            parts.append(r"[\s\u200c\-]*")
        elif ch in _LETTER_CLASSES:
            parts.append(_LETTER_CLASSES[ch])
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


@cache
def _find_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    sensitive, insensitive = [], []
    for outlet in OUTLETS:
        for spelling in (outlet.name, *outlet.aliases):
            (sensitive if _is_case_sensitive(spelling) else insensitive).append(spelling)

    def build(spellings: list[str], flags: int) -> re.Pattern[str]:
        alts = [_spelling_pattern(s) for s in sorted(set(spellings), key=len, reverse=True)]
        return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", flags)

    return build(sensitive, 0), build(insensitive, re.I)


def find(text: str) -> list[tuple[Outlet, int, int]]:
    """Every outlet named inside ``text``, with its offsets, longest spelling first, in order.

    Meant for short spans (a citation, a credit, a tag line): some names are also ordinary
    words ("فارس" is also Persian for "Persian"), so never run it over a whole article.
    """
    found: list[tuple[Outlet, int, int]] = []
    taken: list[tuple[int, int]] = []
    matches = [m for pattern in _find_patterns() for m in pattern.finditer(text)]
    for m in sorted(matches, key=lambda m: (-(m.end() - m.start()), m.start())):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        outlet = _index().get(fold(m.group()))
        if outlet is not None:
            found.append((outlet, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])


def from_url(url: str | None) -> Outlet | None:
    """The outlet whose web domain ``url`` is on (subdomains included), or None."""
    if not url:
        return None
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:
        return None
    for outlet in OUTLETS:
        for domain in outlet.domains:
            if host == domain or host.endswith("." + domain):
                return outlet
    return None
