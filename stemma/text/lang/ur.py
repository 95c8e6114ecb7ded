"""Urdu (ur) language data."""

CODE = "ur"
NAME = "Urdu"
SCRIPT = "Arab"
RTL = True

# --- normalisation and segmentation ---
# Read by stemma/text/normalise.py, segment.py and langid.py; every module defines the same names.

# Letter forms folded for matching (after Unicode compatibility decomposition): Arabic yeh and
# kaf to the Urdu ones, the Arabic heh and teh marbuta to heh goal.
FOLD = {
    "ي": "ی", "ى": "ی", "ك": "ک", "ڪ": "ک", "ه": "ہ", "ە": "ہ", "ۀ": "ہ", "ة": "ہ", "ۃ": "ہ",
    "ٱ": "ا",
}  # fmt: skip
DIGITS = "۰۱۲۳۴۵۶۷۸۹"
# "۔" is the Urdu full stop.
SENTENCE_END = "۔.!?؟…"
ABBREVIATIONS: frozenset[str] = frozenset()
ABBREVIATIONS_MAY_END: frozenset[str] = frozenset()
SENTENCE_STARTERS: frozenset[str] = frozenset()
# The letters of its alphabet: ٹ ڈ ڑ ں ے ہ ھ tell it from Persian and Arabic.
LETTERS = "ءآأؤئابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھیےۓۃ"
FUNCTION_WORDS = frozenset({
    "کے", "کا", "ہے", "ہیں", "میں", "نے", "کو", "سے", "اور", "پر", "تھا", "تھے", "تھی", "گیا",
    "گئی", "گئے", "کہا", "لیے", "لئے", "بھی", "یہ", "وہ", "ہو", "ہوں", "کرنے", "والے", "رہے",
})  # fmt: skip
WRAP_SUFFIXES: tuple[str, ...] = ()
ZWNJ_DATA: str | None = None

# --- dates ---
# Read by stemma/ingest/dates.py (letter forms, ہ/ھ/ۃ and digits folded, a space inside a name
# optional). Urdu writes ء after a Gregorian year ("2018ء") and ھ after a Hijri one.
GREGORIAN_MONTHS = {
    "جنوری": 1, "فروری": 2, "مارچ": 3, "اپریل": 4, "مئی": 5, "جون": 6, "جولائی": 7,
    "اگست": 8, "ستمبر": 9, "اکتوبر": 10, "نومبر": 11, "دسمبر": 12,
}  # fmt: skip
LUNAR_HIJRI_MONTHS = {
    "محرم": 1, "محرم الحرام": 1, "صفر": 2, "صفر المظفر": 2, "ربیع الاول": 3,
    "ربیع الثانی": 4, "ربیع الآخر": 4, "جمادی الاول": 5, "جمادی الاولیٰ": 5,
    "جمادی الثانی": 6, "جمادی الآخر": 6, "رجب": 7, "رجب المرجب": 7, "شعبان": 8,
    "شعبان المعظم": 8, "رمضان": 9, "رمضان المبارک": 9, "شوال": 10, "شوال المکرم": 10,
    "ذوالقعدہ": 11, "ذیقعدہ": 11, "ذوالحجہ": 12, "ذی الحجہ": 12,
}  # fmt: skip
SOLAR_HIJRI_MONTHS: dict[str, int] = {}
WEEKDAYS = {
    "پیر": 0, "سوموار": 0, "منگل": 1, "بدھ": 2, "جمعرات": 3, "جمعہ": 4, "ہفتہ": 5,
    "اتوار": 6,
}  # fmt: skip
# Words that name a day relative to the day written ("گزشتہ روز": the day before).
RELATIVE_DAYS = {"آج": 0, "گزشتہ روز": -1, "کل رات": -1}
MONTHS_NEEDING_YEAR = ("جون",)
ORDINAL_SUFFIXES: tuple[str, ...] = ()
PUBLISHED_LABELS = ("تاریخ اشاعت", "شائع شدہ", "شائع", "اشاعت")
UPDATED_LABELS = ("اپ ڈیٹ", "اپڈیٹ", "آخری اپ ڈیٹ")
ERA_MARKERS = {"ء": "gregorian", "عیسوی": "gregorian", "ھ": "lunar_hijri", "ہجری": "lunar_hijri"}
TIME_WORDS = ("بجے",)
AM_MARKERS = ("صبح",)
PM_MARKERS = ("شام", "رات")
CLOSINGS = ("والسلام", "خیر اندیش", "آپ کا مخلص", "مخلص")
DATE_ORDER = "dmy"  # reading of an ambiguous numeric date such as 04/05/2018
LUNAR_RECKONING = "umm_al_qura"  # reckoning of a Lunar Hijri date with nothing to settle it
NUMERIC_HIJRI = None  # a numeric date with a 13xx/14xx year needs an era marker here
# Words joining two renderings of one date on a date line.
DATE_CONNECTORS = ("بمطابق", "مطابق")

# --- metadata (source-citation cues, outlet phrases) ---
# fmt: off
# Read by stemma/ingest/metadata.py. Urdu names the source before the cue ("X کے مطابق");
# agency credits stand in brackets after the place and date: "اسلام آباد ۔ 5 مئی (اے پی پی)".

SOURCE_LABELS = ("ماخذ",)
# Cue, then the source it names ("بحوالہ اے پی پی").
SOURCE_CUES = ("بحوالہ",)
SOURCE_CUES_LOOSE: tuple[str, ...] = ()
# The source, then the cue ("اے پی پی کی رپورٹ کے مطابق").
SOURCE_CUES_AFTER = ("کی رپورٹ کے مطابق", "کی رپورٹس کے مطابق", "کی خبر کے مطابق")
# "X کے مطابق" cites a source only when X names one ("تفصیلات کے مطابق" = "in detail").
SOURCE_CUES_AFTER_LOOSE = ("کے مطابق",)
REPORTING_CUES: tuple[str, ...] = ()
# A bracketed agency credit: the agency that supplied the story.
CREDIT_MARKERS = ("(اے پی پی)",)
SOURCE_NOUNS = (
    "ذرائع", "رپورٹ", "رپورٹس", "بیان", "میڈیا", "ادارے", "ایجنسی", "حکام", "ترجمان", "اخبار",
    "ٹی وی", "چینل", "ویب سائٹ", "پولیس", "عینی شاہدین", "سروس", "وزارت", "دفتر",
)
# Words that end a source's name, read backwards from the cue.
NAME_STOP_WORDS = frozenset({
    "نے", "کو", "سے", "میں", "پر", "اور", "کہ", "اس", "ان", "جس", "ہے", "تھا", "کی", "کا", "کے",
})
NAME_FUNCTION_WORDS: frozenset[str] = frozenset()
BYLINE_CUES = ("رپورٹ:", "تحریر:")
NEWS_ID_LABELS = ("خبر نمبر",)
TAG_LABELS = ("ٹیگز",)
CREDIT_CUES = ("©", "جملہ حقوق")
DESK_WORDS = (
    "ڈیسک", "رپورٹر", "نمائندہ", "نامہ نگار", "نیوز ایجنسیاں", "ایجنسیاں", "مانیٹرنگ", "خبر نگار",
)
DATELINE_FOLLOWERS: tuple[str, ...] = ()
HEADLINE_SMALL_WORDS: frozenset[str] = frozenset()
# fmt: on

# --- quotes ---
# fmt: off
# Read by stemma/quotes/. The speaker is marked by "نے" before the cue ("X نے کہا کہ ...").
QUOTE_VERBS = (
    "کہا", "کہنا تھا", "کہتے ہیں", "کہتی ہیں", "بتایا", "مزید کہا", "زور دیا", "واضح کیا",
    "اعلان کیا", "لکھا",
)
QUOTE_PARTICIPLES: tuple[str, ...] = ()
QUOTE_ACCORDING: tuple[str, ...] = ("بقول",)
# The source stands before these ("X کے مطابق ...").
QUOTE_ACCORDING_AFTER = ("کے مطابق", "کے بقول")
QUOTE_THAT = ("کہ",)
QUOTE_ADVERBS = frozenset({"بھی", "مزید"})
QUOTE_PRONOUNS = frozenset({"انہوں", "اس", "وہ", "انھوں"})
QUOTE_PERSON_PRONOUNS = frozenset({"انہوں", "انھوں"})
QUOTE_SPEAKER_STOPS = frozenset({"میں", "سے", "کو", "پر", "کے", "کی", "کا", "اور", "نے", "،"})
QUOTE_TITLES = frozenset({"آیت اللہ", "سید", "امام", "جناب", "ڈاکٹر", "صدر", "وزیراعظم"})
QUOTE_ROLES = {
    "رہبر انقلاب": ("ali-khamenei", "Ali Khamenei"),
    "سپریم لیڈر": ("ali-khamenei", "Ali Khamenei"),
    "ایرانی سپریم لیڈر": ("ali-khamenei", "Ali Khamenei"),
}
QUOTE_LETTER_INTROS: tuple[str, ...] = ()
QUOTE_LETTER_OPENINGS = ("بسم اللہ",)
QUOTE_LETTER_CLOSINGS = ("والسلام",)
# fmt: on
