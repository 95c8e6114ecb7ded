"""Persian (fa) language data."""

CODE = "fa"
NAME = "Persian"
SCRIPT = "Arab"
RTL = True

# --- normalisation and segmentation ---
# Read by stemma/text/normalise.py, segment.py and langid.py; every module defines the same names.

# Letter forms folded for matching (after Unicode compatibility decomposition and casefolding):
# Arabic yeh and kaf to the Persian ones; ۀ (heh + hamza) is the ezafe, spelled out.
FOLD = {
    "ي": "ی", "ى": "ی", "ك": "ک", "ڪ": "ک", "ة": "ه", "ۀ": "ه\u200cی", "ە": "ه", "ھ": "ه",
    "ہ": "ه", "ۃ": "ه", "ٱ": "ا",
}  # fmt: skip
DIGITS = "۰۱۲۳۴۵۶۷۸۹"
SENTENCE_END = ".!?؟…"
# "ج.ا.ا." the Islamic Republic; solar and lunar Hijri, "before Christ" and Gregorian marks
# after a year may end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset({"ج.ا.ا."})
ABBREVIATIONS_MAY_END = frozenset({"ه.ش.", "ه.ق.", "ق.م.", "م."})
SENTENCE_STARTERS: frozenset[str] = frozenset()
# The letters of its alphabet: against Arabic پ چ ژ گ ک ی tell it apart, against Urdu ه and ۀ.
LETTERS = "ءآأؤئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیۀ"
FUNCTION_WORDS = frozenset({
    "است", "این", "آن", "را", "که", "از", "برای", "می", "نمی", "های", "ها", "شد", "شده",
    "کرد", "کرده", "بود", "خود", "یک", "تا", "اما", "نیز", "باید", "کند", "شود", "وی",
    "آنها", "همه", "دیگر", "چه", "چون", "اگر", "ایران", "گفت",
})  # fmt: skip
WRAP_SUFFIXES: tuple[str, ...] = ()
ZWNJ_DATA: str | None = "fa_zwnj.txt"

# --- dates ---
# Read by stemma/ingest/dates.py, which folds ي/ی, ك/ک, ة/ه, hamza forms and digits and drops
# ZWNJ, tatweel and harakat before matching; a space inside a name is optional.
SOLAR_HIJRI_MONTHS = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5,
    "شهریور": 6, "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}  # fmt: skip
LUNAR_HIJRI_MONTHS = {
    "محرم": 1, "محرم‌الحرام": 1, "صفر": 2, "صفرالمظفر": 2,
    "ربیع‌الاول": 3, "ربیع‌الاولی": 3, "ربیع‌الثانی": 4, "ربیع‌الآخر": 4,
    "جمادی‌الاول": 5, "جمادی‌الاولی": 5, "جمادی‌الثانی": 6, "جمادی‌الثانیه": 6,
    "جمادی‌الآخر": 6, "جمادی‌الآخره": 6, "رجب": 7, "رجب‌المرجب": 7,
    "شعبان": 8, "شعبان‌المعظم": 8, "رمضان": 9, "رمضان‌المبارک": 9, "شوال": 10,
    "شوال‌المکرم": 10, "ذی‌القعده": 11, "ذی‌القعدة": 11, "ذوالقعده": 11,
    "ذی‌الحجه": 12, "ذی‌الحجة": 12, "ذوالحجه": 12, "ذی‌حجه": 12,
}  # fmt: skip
GREGORIAN_MONTHS = {
    "ژانویه": 1, "ژانویهٔ": 1, "فوریه": 2, "مارس": 3, "آوریل": 4, "آپریل": 4, "مه": 5,
    "می": 5, "ژوئن": 6, "ژوئیه": 7, "جولای": 7, "اوت": 8, "آگوست": 8, "سپتامبر": 9,
    "اکتبر": 10, "نوامبر": 11, "دسامبر": 12,
}  # fmt: skip
WEEKDAYS = {
    "دوشنبه": 0, "سه‌شنبه": 1, "چهارشنبه": 2, "پنجشنبه": 3, "پنج‌شنبه": 3, "جمعه": 4,
    "شنبه": 5, "یکشنبه": 6, "یک‌شنبه": 6,
}  # fmt: skip
# Words that name a day relative to the day written ("دیروز": the day before).
RELATIVE_DAYS = {"امروز": 0, "دیروز": -1, "فردا": 1, "امشب": 0, "دیشب": -1, "پریروز": -2}
# Month names that are also common words ("می" the verb prefix, "مه" fog, "تیر" a shot):
# a date with one needs its year written, or "ماه" after it.
MONTHS_NEEDING_YEAR = ("می", "مه", "تیر")
ORDINAL_SUFFIXES = ("ام", "م")
# "ماه" may follow a month name ("فروردین‌ماه"), "سال" may stand before the year.
MONTH_WORDS = ("ماه",)
YEAR_WORDS = ("سال",)
PUBLISHED_LABELS = (
    "تاریخ انتشار", "زمان انتشار", "تاریخ خبر", "تاریخ ارسال", "تاریخ درج", "منتشر شده در",
    "انتشار", "تاریخ",
)  # fmt: skip
UPDATED_LABELS = (
    "تاریخ به روز رسانی", "تاریخ بروزرسانی", "آخرین به روز رسانی", "آخرین بروزرسانی",
    "به روز رسانی", "بروزرسانی", "به روز شده در", "آخرین ویرایش", "تاریخ ویرایش",
)  # fmt: skip
ERA_MARKERS = {
    "هـ.ش": "solar_hijri", "ه.ش": "solar_hijri", "هجری شمسی": "solar_hijri", "شمسی": "solar_hijri",
    "ش": "solar_hijri", "هـ.ق": "lunar_hijri", "ه.ق": "lunar_hijri",
    "هجری قمری": "lunar_hijri", "قمری": "lunar_hijri", "ق": "lunar_hijri",
    "میلادی": "gregorian", "م": "gregorian",
}  # fmt: skip
TIME_WORDS = ("ساعت",)
AM_MARKERS = ("ق.ظ", "قبل از ظهر", "صبح")
PM_MARKERS = ("ب.ظ", "بعد از ظهر", "عصر", "شب")
CLOSINGS = (
    "والسلام علیکم ورحمة الله", "والسلام علیکم", "والسلام", "با احترام", "با سپاس",
    "با تشکر", "ارادتمند", "با آرزوی توفیق",
)  # fmt: skip
DATE_ORDER = "dmy"  # reading of an ambiguous numeric date such as ۰۴/۰۵/۲۰۱۸
LUNAR_RECKONING = "iranian"  # reckoning of a Lunar Hijri date with nothing to settle it
NUMERIC_HIJRI = "solar_hijri"  # a numeric date with a 13xx/14xx year, no era marker
# Words joining two renderings of one date on a date line ("... برابر با ...").
DATE_CONNECTORS = ("برابر با", "برابر", "مطابق با", "مطابق", "و")

# --- metadata (source-citation cues, outlet phrases) ---
# fmt: off
# Read by stemma/ingest/metadata.py. Cues match with ی/ي, ک/ك folded and ZWNJ optional.

# A line "منبع: X" or "منبع/ X" credits X.
SOURCE_LABELS = ("منبع", "منابع")
# Cue, then the source it names ("به نقل از ایرنا").
SOURCE_CUES = (
    "به نقل از", "طبق گزارش", "بنا بر گزارش", "بنا به گزارش", "بر اساس گزارش", "به استناد",
)
SOURCE_CUES_LOOSE: tuple[str, ...] = ()
SOURCE_CUES_AFTER: tuple[str, ...] = ()
SOURCE_CUES_AFTER_LOOSE: tuple[str, ...] = ()
# "به گزارش X،": X is the outlet itself when it reports, else a cited source.
REPORTING_CUES = ("به گزارش",)
# "به گزارش خبرنگار ما" names the outlet's own staff, not an outlet.
OWN_STAFF_WORDS = ("خبرنگار", "گروه", "سرویس", "ما")
SOURCE_NOUNS = (
    "پایگاه", "خبرگزاری", "روزنامه", "سایت", "وبسایت", "شبکه", "منابع", "منبع", "سخنگو",
    "مقام", "مقامات", "وزارت", "دفتر", "رسانه", "گزارش", "بیانیه", "تلویزیون", "رادیو",
)
# Words that end a source's name ("به نقل از ایرنا از تهران").
NAME_STOP_WORDS = frozenset({
    "که", "از", "در", "با", "به", "امروز", "روز", "گفت", "اعلام", "نوشت", "افزود", "این",
})
NAME_FUNCTION_WORDS: frozenset[str] = frozenset()
BYLINE_CUES = ("نویسنده:", "به قلم", "گزارشگر:", "گزارش از")
NEWS_ID_LABELS = ("کد خبر", "شناسه خبر", "کد مطلب", "شناسه مطلب")
TAG_LABELS = ("برچسب‌ها", "برچسب", "کلیدواژه‌ها", "کلید واژه‌ها", "تگ‌ها")
CREDIT_CUES = ("©", "کلیه حقوق", "تمامی حقوق", "همه حقوق")
DESK_WORDS = ("خبرنگار", "گروه", "سرویس")
DATELINE_FOLLOWERS: tuple[str, ...] = ()
HEADLINE_SMALL_WORDS: frozenset[str] = frozenset()
# fmt: on

# --- quotes ---
# fmt: off
# Read by stemma/quotes/. Matched with ی/ي, ک/ك, أ/ا folded and ZWNJ read as a space.
# Cue verbs: the speaker opens the sentence ("X ... گفت: ..." / "X ... گفت که ...").
QUOTE_VERBS = (
    "گفت", "گفتند", "گفته بود", "گفته است", "می گوید", "می گویند", "افزود", "افزودند",
    "تأکید کرد", "تأکید کردند", "تاکید کرد", "تاکید کردند", "اظهار داشت", "اظهار داشتند",
    "خاطرنشان کرد", "خاطرنشان کردند", "خاطر نشان کرد", "تصریح کرد", "تصریح کردند",
    "اعلام کرد", "اعلام کردند", "بیان کرد", "بیان کردند", "نوشت", "نوشتند", "نوشته است",
    "یادآور شد", "یادآور شدند", "عنوان کرد", "اضافه کرد", "ادامه داد", "پاسخ داد",
    "اظهار کرد", "هشدار داد", "گفته است",
)
QUOTE_PARTICIPLES: tuple[str, ...] = ()
# "به گزارش X، ..." / "به گفته X، ...": the source follows the cue.
QUOTE_ACCORDING = ("به گفته", "به نقل از", "به گزارش", "طبق گفته", "بنا به گفته", "از قول")
QUOTE_ACCORDING_AFTER: tuple[str, ...] = ()
QUOTE_THAT = ("که",)
QUOTE_ADVERBS = frozenset({"همچنین", "نیز", "هم"})
QUOTE_PRONOUNS = frozenset({"وی", "او", "ایشان", "آنها", "ما", "من"})
QUOTE_PERSON_PRONOUNS = frozenset({"وی", "او", "ایشان"})
# Words that end the speaker phrase at the start of a sentence.
QUOTE_SPEAKER_STOPS = frozenset({
    "در", "با", "به", "از", "که", "را", "برای", "روز", "امروز", "دیروز", "چندی", "نیز",
    "همچنین", "هم", "پیش", "قبل", "اخیرا", "طی", "ضمن", "بر", "امشب", "صبح", "شب",
    "عصر", "این", "آن", "پس", "سپس", "و",
})
# Words that make a speaker an organisation or a publication, never a person; a name ending in
# one of QUOTE_PUBLICATION_SUFFIXES is an outlet ("اسپاداناخبر"). Read by stemma/quotes/.
QUOTE_NOT_PERSON = {
    **dict.fromkeys(("رژیم", "دولت", "وزارت", "سپاه", "ارتش", "جنبش", "سازمان", "مجلس",
                     "دفتر", "حزب", "شورای", "شورا"), "organisation"),
    **dict.fromkeys(("خبرگزاری", "پایگاه", "سایت", "روزنامه", "شبکه", "گزارش", "تلویزیون",
                     "رادیو", "بیانیه"), "publication"),
}  # fmt: skip
QUOTE_PUBLICATION_SUFFIXES = ("خبر", "نیوز", "پرس")
QUOTE_TITLES = frozenset({
    "حضرت", "آیت الله", "آیت‌الله", "آیتالله", "آیه الله", "سید", "سیّد", "امام", "آقای",
    "آقا", "خانم", "دکتر", "حجت الاسلام", "حجت‌الاسلام", "شیخ", "رئیس", "جمهور", "رئیس‌جمهور",
    "العظمی", "مهندس", "سردار", "سرلشکر", "وزیر",
})
QUOTE_ROLES = {
    "رهبر انقلاب": ("ali-khamenei", "Ali Khamenei"),
    "رهبر انقلاب اسلامی": ("ali-khamenei", "Ali Khamenei"),
    "رهبر معظم انقلاب": ("ali-khamenei", "Ali Khamenei"),
    "رهبر معظم انقلاب اسلامی": ("ali-khamenei", "Ali Khamenei"),
    "مقام معظم رهبری": ("ali-khamenei", "Ali Khamenei"),
    "رهبر جمهوری اسلامی": ("ali-khamenei", "Ali Khamenei"),
    "امام خامنه ای": ("ali-khamenei", "Ali Khamenei"),
}
QUOTE_LETTER_INTROS = ("به این شرح است", "به شرح زیر است", "متن کامل نامه")
QUOTE_LETTER_OPENINGS = ("بسم الله", "بسمه تعالی", "برادر", "جناب")
QUOTE_LETTER_CLOSINGS = ("والسلام", "و السلام", "با احترام")
# fmt: on
