"""Arabic (ar) language data."""

CODE = "ar"
NAME = "Arabic"
SCRIPT = "Arab"
RTL = True

# --- normalisation and segmentation ---
# Read by stemma/text/normalise.py, segment.py and langid.py; every module defines the same names.

# Letter forms folded for matching (after Unicode compatibility decomposition, which already
# takes the hamza off أ إ آ ؤ ئ): Persian yeh and kaf to the Arabic ones, alef maksura to yeh,
# teh marbuta to heh.
FOLD = {
    "ی": "ي", "ى": "ي", "ک": "ك", "ڪ": "ك", "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه", "ہ": "ه",
    "ۃ": "ه", "ٱ": "ا",
}  # fmt: skip
DIGITS = "٠١٢٣٤٥٦٧٨٩"
SENTENCE_END = ".!?؟…"
# "د." doctor, "أ." professor; "هـ." Hijri and "م." Gregorian year may end a sentence.
ABBREVIATIONS = frozenset({"د.", "أ.", "م.م.", "ص.ب."})
ABBREVIATIONS_MAY_END = frozenset({"هـ.", "ه.", "م.", "ق.م."})
SENTENCE_STARTERS: frozenset[str] = frozenset()
# The letters of its alphabet (with hamza forms); where two languages of one script differ in
# them, a word tells them apart (ي ك ة ى here, پ چ ژ گ ی ک in Persian).
LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
FUNCTION_WORDS = frozenset({
    "في", "على", "إلى", "الى", "عن", "الذي", "التي", "الذين", "هذا", "هذه", "ذلك", "تلك", "إن",
    "أن", "كان", "كانت", "قد", "لم", "لن", "ليس", "هو", "هي", "مع", "بعد", "حتى", "عند",
    "كل", "أو", "ثم", "يا", "لا", "إلا", "الا", "منذ", "إذا", "اذا", "لقد", "عليه", "عليهم",
    "عليكم", "فيه", "فيها", "وهو", "وهي", "ولا", "وقد", "قال", "بسم", "الرحمن", "الرحيم",
    "الحمد", "رب", "العالمين", "والسلام", "ورحمة", "وبركاته", "سبحانه", "تعالى",
})  # fmt: skip
WRAP_SUFFIXES: tuple[str, ...] = ()
ZWNJ_DATA: str | None = None

# --- dates ---
# Read by stemma/ingest/dates.py, which folds hamza forms, ى/ي, ة/ه and digits and drops
# tatweel and harakat before matching; a space inside a name is optional. Solar Hijri month
# names in Arabic spelling ("فروردين") match through the Persian list.
GREGORIAN_MONTHS = {
    # Levantine and Iraqi
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
    "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
    # Egyptian and Gulf
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12,
    # Maghrebi
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8,
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
}  # fmt: skip
LUNAR_HIJRI_MONTHS = {
    "محرم": 1, "محرم الحرام": 1, "صفر": 2, "صفر الخير": 2, "ربيع الأول": 3, "ربيع الثاني": 4,
    "ربيع الآخر": 4, "جمادى الأولى": 5, "جمادى الأول": 5, "جمادى الآخرة": 6,
    "جمادى الثانية": 6, "جمادى الآخر": 6, "رجب": 7, "رجب المرجب": 7, "شعبان": 8,
    "شعبان المعظم": 8, "رمضان": 9, "رمضان المبارك": 9, "شوال": 10, "ذو القعدة": 11,
    "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12,
}  # fmt: skip
SOLAR_HIJRI_MONTHS: dict[str, int] = {}
WEEKDAYS = {
    "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4,
    "السبت": 5, "الأحد": 6,
}  # fmt: skip
# Words that name a day relative to the day written ("أمس": the day before).
RELATIVE_DAYS = {"اليوم": 0, "أمس": -1, "الأمس": -1, "غدا": 1, "غداً": 1, "الليلة": 0}
# Month names that are also common words ("آب" father, "ماي"): a date with one needs its year.
MONTHS_NEEDING_YEAR = ("آب", "ماي", "أوت")
ORDINAL_SUFFIXES: tuple[str, ...] = ()
MONTH_WORDS = ("شهر",)
YEAR_WORDS = ("عام", "سنة")
PUBLISHED_LABELS = (
    "تاريخ النشر", "نشر في", "نشر بتاريخ", "تاريخ الإضافة", "أضيف في", "وقت النشر", "نشر",
    "تاريخ", "بتاريخ",
)  # fmt: skip
UPDATED_LABELS = (
    "آخر تحديث", "تاريخ التحديث", "تم التحديث", "آخر تعديل", "تاريخ التعديل", "محدث", "تحديث",
)  # fmt: skip
ERA_MARKERS = {
    "هـ": "lunar_hijri", "ه": "lunar_hijri", "هجري": "lunar_hijri", "هجرية": "lunar_hijri",
    "للهجرة": "lunar_hijri", "هـ.ش": "solar_hijri", "هجري شمسي": "solar_hijri",
    "م": "gregorian", "ميلادي": "gregorian", "ميلادية": "gregorian", "للميلاد": "gregorian",
}  # fmt: skip
TIME_WORDS = ("الساعة", "ساعة")
AM_MARKERS = ("صباحا", "صباحاً", "ص")
PM_MARKERS = ("مساء", "مساءً", "ظهرا", "م")
CLOSINGS = (
    "والسلام عليكم ورحمة الله وبركاته", "والسلام عليكم", "والسلام", "مع خالص التحية",
    "مع التحية", "وتفضلوا بقبول فائق الاحترام", "تفضلوا بقبول فائق الاحترام", "مع فائق الاحترام",
)  # fmt: skip
DATE_ORDER = "dmy"  # reading of an ambiguous numeric date such as 04/05/2018
LUNAR_RECKONING = "umm_al_qura"  # reckoning of a Lunar Hijri date with nothing to settle it
NUMERIC_HIJRI = "lunar_hijri"  # a numeric date with a 13xx/14xx year, no era marker
# Words joining two renderings of one date on a date line ("... الموافق ...").
DATE_CONNECTORS = ("الموافق لـ", "الموافق ل", "الموافق", "الموافقة", "و")

# --- metadata (source-citation cues, outlet phrases) ---
# fmt: off
# Read by stemma/ingest/metadata.py. Cues match with hamza forms folded and harakat optional;
# a cue ending in "ـ" takes its source attached ("وفقا لوكالة ...").

# A line "المصدر: X" credits X.
SOURCE_LABELS = ("المصدر", "المصادر")
# Cue, then the source it names ("نقلا عن وكالة الأنباء").
SOURCE_CUES = ("نقلا عن", "نقلاً عن")
# Cue, then a source only when the words name one ("وفقا للقانون" is not a source).
SOURCE_CUES_LOOSE = (
    "وفقا لـ", "وفقاً لـ", "طبقا لـ", "بحسب", "حسب", "استنادا إلى", "استناداً إلى",
)
SOURCE_CUES_AFTER: tuple[str, ...] = ()
SOURCE_CUES_AFTER_LOOSE: tuple[str, ...] = ()
REPORTING_CUES: tuple[str, ...] = ()
OWN_STAFF_WORDS = ("مراسل", "مراسلنا")
SOURCE_NOUNS = (
    "وكالة", "موقع", "صحيفة", "مصادر", "مصدر", "بيان", "تقرير", "قناة", "تلفزيون", "التلفزيون",
    "متحدث", "المتحدث", "مسؤول", "مسؤولين", "وزارة", "مكتب", "إعلام", "وسائل", "شبكة", "إذاعة",
)
NAME_STOP_WORDS = frozenset({
    "أن", "إن", "التي", "الذي", "الذين", "في", "على", "يوم", "اليوم", "قوله", "قولها", "أمس",
})
NAME_FUNCTION_WORDS: frozenset[str] = frozenset()
BYLINE_CUES = ("بقلم", "كتب:", "الكاتب:", "إعداد:")
NEWS_ID_LABELS = ("رقم الخبر", "رمز الخبر", "معرف الخبر")
TAG_LABELS = ("الوسوم", "كلمات مفتاحية", "الكلمات المفتاحية", "الكلمات الدالة")
CREDIT_CUES = ("©", "جميع الحقوق", "حقوق النشر")
DESK_WORDS = ("مراسل", "قسم", "وكالات")
DATELINE_FOLLOWERS: tuple[str, ...] = ()
HEADLINE_SMALL_WORDS: frozenset[str] = frozenset()
# fmt: on

# --- quotes ---
# fmt: off
# Read by stemma/quotes/. Matched with ي/ی, ك/ک, أ/إ/آ/ا folded. The verb usually comes first
# ("وأضاف X أن ..."): the speaker stands between the cue and the complementiser.
QUOTE_VERBS = (
    "قال", "وقال", "قالت", "وقالت", "يقول", "تقول", "أضاف", "وأضاف", "أضافت", "وأضافت",
    "أكد", "وأكد", "أكدت", "وأكدت", "أوضح", "وأوضح", "أشار", "وأشار", "صرح", "وصرح",
    "أعلن", "وأعلن", "شدد", "وشدد", "لفت", "ولفت", "اعتبر", "واعتبر", "كتب", "وكتب",
    "تابع", "وتابع", "ذكر", "وذكر", "حذر", "وحذر",
)
QUOTE_PARTICIPLES = ("قائلا", "مضيفا", "مؤكدا", "مشيرا")
QUOTE_ACCORDING = ("وفقا ل", "وفقاً ل", "وفقا لـ", "وفقاً لـ", "بحسب", "حسب", "نقلا عن",
                   "على لسان", "طبقا ل")
QUOTE_ACCORDING_AFTER: tuple[str, ...] = ()
QUOTE_THAT = ("إن", "أن", "بأن", "ان")
QUOTE_ADVERBS = frozenset({"أيضا", "أيضاً"})
QUOTE_PRONOUNS = frozenset({"هو", "هي"})
QUOTE_PERSON_PRONOUNS = frozenset({"هو", "هي"})
QUOTE_SPEAKER_STOPS = frozenset({
    "في", "على", "إلى", "من", "عن", "مع", "يوم", "اليوم", "خلال", "أمس", "و", "ان", "أن",
})
# Words that make a speaker an organisation or a publication, never a person (stemma/quotes/).
QUOTE_NOT_PERSON = {
    **dict.fromkeys(("النظام", "الحكومة", "وزارة", "الجيش", "حركة", "المكتب", "الحزب",
                     "مجلس", "السلطات"), "organisation"),
    **dict.fromkeys(("وكالة", "موقع", "صحيفة", "قناة", "تلفزيون", "بيان", "تقرير"),
                    "publication"),
}  # fmt: skip
QUOTE_TITLES = frozenset({
    "آية الله", "السيد", "سيد", "الإمام", "الامام", "الشيخ", "الدكتور", "الرئيس", "السيدة",
    "سماحة", "العظمى", "القائد",
})
QUOTE_ROLES = {
    "قائد الثورة الإسلامية": ("ali-khamenei", "Ali Khamenei"),
    "قائد الثورة الاسلامية": ("ali-khamenei", "Ali Khamenei"),
    "المرشد الأعلى": ("ali-khamenei", "Ali Khamenei"),
    "مرشد الثورة": ("ali-khamenei", "Ali Khamenei"),
    "الإمام الخامنئي": ("ali-khamenei", "Ali Khamenei"),
}
QUOTE_LETTER_INTROS = ("نص الرسالة", "فيما يلي نص")
QUOTE_LETTER_OPENINGS = ("بسم الله",)
QUOTE_LETTER_CLOSINGS = ("والسلام عليكم", "و السلام عليكم")
# fmt: on
