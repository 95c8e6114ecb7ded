from pathlib import Path

import pytest

from stemma.ingest.dates import find_dates, fold, published_and_updated


def one(text, lang, reference=None):
    found = find_dates(text, lang, reference)
    assert len(found) == 1, [(m.text, m.iso) for m in found]
    return found[0]


def seed(seeds: Path, prefix: str) -> str:
    (path,) = seeds.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# --- the seed captures ---
def test_seed_000_labelled_and_signed(seeds):
    text = seed(seeds, "000")
    found = find_dates(text, "en")
    assert published_and_updated(found) == ("2018-04-05T12:37", "2021-09-17T02:01")
    by_role = {m.role: m for m in found}
    assert by_role["updated"].time == "02:01"
    assert by_role["signed"].text == "April 4, 2018"
    assert by_role["signed"].iso == "2018-04-04"
    assert text[by_role["signed"].start : by_role["signed"].end] == "April 4, 2018"


def test_seed_001_date_broken_across_the_title_line(seeds):
    found = find_dates(seed(seeds, "001"), "en")
    published = [m for m in found if m.role == "published"]
    assert [(m.text, m.iso) for m in published] == [("5\n/Apr/ 2018", "2018-04-05")]
    assert [m.iso for m in found if m.role == "signed"] == ["2018-04-04"]


def test_seed_002_weekday_alone_is_no_date(seeds):
    assert find_dates(seed(seeds, "002"), "en") == []


def test_seed_003_may_10_takes_no_year_from_the_clock(seeds):
    text = seed(seeds, "003")
    (may,) = find_dates(text, "en")
    assert (may.text, may.iso, may.role) == ("May 10", "--05-10", "event")
    (may,) = find_dates(text, "en", reference="2021-05-24")
    assert (may.iso, may.role) == ("2021-05-10", "event")


def test_seed_004_solar_and_lunar_pair_reconciled(seeds):
    found = find_dates(seed(seeds, "004"), "fa")
    assert [(m.text, m.calendar, m.iso, m.role) for m in found] == [
        ("۱۵ فروردین ۱۳۹۷", "solar_hijri", "2018-04-04", "signed"),
        ("۱۷ رجبالمرجب ۱۴۳۹", "lunar_hijri", "2018-04-04", "signed"),
    ]
    assert found[1].reckoning == "iranian"


# --- reading dates in English ---
@pytest.mark.parametrize(
    ("text", "iso", "time"),
    [
        ("Publish Date: 05April 2018 - 12:37", "2018-04-05", "12:37"),
        ("Posted on Wednesday, 4th of April 2018 at 3:15 pm", "2018-04-04", "15:15"),
        ("Filed at 2018-04-05T07:05:00Z.", "2018-04-05", "07:05"),
        ("The deal was signed on Dec. 28, 2017 in Vienna.", "2017-12-28", None),
        ("The deal was signed on 28-Dec-2017 in Vienna.", "2017-12-28", None),
        ("The deal was signed on SEPTEMBER 3, 2019 in Vienna.", "2019-09-03", None),
        ("Last updated: 12:37 am - 2018/04/05", "2018-04-05", "00:37"),
    ],
)
def test_english_forms(text, iso, time):
    m = one(text, "en")
    assert (m.calendar, m.iso, m.time) == ("gregorian", iso, time)


def test_offsets_point_into_the_source():
    text = "Intro line.\nTehran, Thursday 5 April 2018 (IRNA) - The minister arrived."
    m = one(text, "en")
    assert text[m.start : m.end] == m.text == "Thursday 5 April 2018"
    assert m.role == "published"


@pytest.mark.parametrize(
    "text",
    [
        "The 1979 revolution changed the region, and in 2016 the deal took effect.",
        "News ID: 69545",
        "At least 243 Palestinians were killed; the ceasefire began at 2 am.",
        "Call 021-8888-1234 or +98 21 6600 1234 for details.",
        "Prices rose 45% to 12.50 dollars at 10:30.",
        "Relent not in pursuit of the enemy. (Holy Quran 4:104) [1]",
        "Ayatollah Khamenei on Monday replied, and on Wednesday he spoke again.",
        "You may 10 times try, and they march 5 miles.",
        "Mehr 1397 was a busy month for the Mehr News Agency.",
    ],
)
def test_english_not_dates(text):
    assert find_dates(text, "en") == []


def test_ambiguous_numeric_order_follows_the_article_then_the_language():
    assert one("Meeting on 04/05/2018.", "en").iso == "2018-04-05"  # en: month first
    assert one("Meeting on 04/05/2018.", "ar").iso == "2018-05-04"  # ar: day first
    found = find_dates("Meeting on 04/05/2018 and again on 25/12/2018.", "en")
    assert [m.iso for m in found] == ["2018-05-04", "2018-12-25"]


def test_year_from_reference_is_the_nearest():
    m = one("Talks resumed on Dec. 28 after a pause.", "en", reference="2018-01-03")
    assert m.iso == "2017-12-28"
    m = one("Talks resume on Jan 3 after a pause.", "en", reference="2017-12-28T10:00:00Z")
    assert m.iso == "2018-01-03"
    m = one("Talks resume on Jan 3 after a pause.", "en", reference="Thu, 28 Dec 2017 10:00")
    assert m.iso == "2018-01-03"


def test_year_from_the_articles_own_date():
    text = "Publish Date: 24 May 2021\n\nThe aggression, which began on May 10, went on."
    found = find_dates(text, "en")
    assert [(m.iso, m.role) for m in found] == [
        ("2021-05-24", "published"),
        ("2021-05-10", "event"),
    ]


def test_year_less_date_without_any_article_date_stays_yearless():
    assert one("The war began on May 10 and ended later.", "en").iso == "--05-10"
    assert one("Talks began on 10 May.", "en").iso == "--05-10"


def test_english_lunar_hijri_with_era_marker_and_gregorian_pair():
    found = find_dates("It happened on 17 Rajab 1439 AH, which was April 3, 2018.", "en")
    assert [(m.calendar, m.iso) for m in found] == [
        ("lunar_hijri", "2018-04-03"),
        ("gregorian", "2018-04-03"),
    ]
    assert found[0].reckoning == "umm_al_qura"


# --- roles ---
def test_signed_after_closing_and_signature():
    text = (
        "We ask God to grant you success.\n\nSincerely yours,\n\nJohn Smith\nDirector\n\n"
        "Tehran, 4 April 2018\n"
    )
    m = one(text, "en")
    assert m.role == "signed"


def test_date_alone_without_closing_is_not_signed():
    text = "A long first paragraph of the story goes here.\n\nMore text here.\n\nAnd more.\n\n4 April 2018\n"
    assert one(text, "en").role == "unknown"


def test_label_inside_prose_is_no_label():
    text = "First line.\nSecond line.\nThird line.\nThe report, published on 5 May 2018, said so."
    assert one(text, "en").role == "event"


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("Expiry Date: 5 April 2020", "unknown"),
        ("News ID: 69545 Publish Date: 5 April 2020", "published"),
        ("TEHRAN (IRNA) | Published: 5 April 2020", "published"),
        ("Date modified: 5 April 2020", "updated"),
        ("تاریخ به‌روزرسانی: ۵ آوریل ۲۰۲۰", "updated"),
    ],
)
def test_labels_after_other_text(line, role):
    assert one("First line.\nSecond line.\nThird line.\n" + line, "en").role == role


def test_apostrophes_and_attached_month_word():
    m = one("The birthday, Rabi' al-Awwal 12, 1445 AH, fell on a Wednesday.", "en")
    assert (m.calendar, m.iso) == ("lunar_hijri", "2023-09-27")
    m = one("مردم روز ۱۲ فروردین‌ماه ۱۴۰۲ به پای صندوق رفتند.", "fa")
    assert (m.text, m.iso) == ("۱۲ فروردین‌ماه ۱۴۰۲", "2023-04-01")


def test_dotted_numeric_dates_are_day_first():
    assert one("Date: 03.04.2018 | Politics", "en").iso == "2018-04-03"


def test_label_on_the_line_before():
    text = "Some headline\nUpdated\n17 September 2021\n\nBody text follows here."
    assert one(text, "en").role == "updated"


def test_labelled_published_wins_over_a_date_at_the_top():
    text = "Headline - 5 April 2018\nPublished: 6 April 2018\n\nBody."
    found = find_dates(text, "en")
    assert [(m.iso, m.role) for m in found] == [
        ("2018-04-05", "unknown"),
        ("2018-04-06", "published"),
    ]
    assert published_and_updated(found) == ("2018-04-06", None)


def test_range_at_the_top_is_not_a_dateline():
    found = find_dates("The poll was taken from Dec. 3 - Dec. 7, 2015.\n\nBody.", "en")
    assert [m.role for m in found] == ["event", "event"]


# --- Persian ---
@pytest.mark.parametrize(
    ("text", "calendar", "iso", "time"),
    [
        ("تاریخ انتشار: ۱۶ فروردین ۱۳۹۷ - ۱۲:۳۷", "solar_hijri", "2018-04-05", "12:37"),
        ("تاریخ انتشار: ۱۳۹۷/۰۱/۱۶ ساعت ۱۲:۳۷", "solar_hijri", "2018-04-05", "12:37"),
        ("رئیس جمهور روز ۱۵ فروردین ۹۷ به مشهد رفت.", "solar_hijri", "2018-04-04", None),
        ("در ۷ تیر ماه ۱۳۶۰ انفجار رخ داد.", "solar_hijri", "1981-06-28", None),
        ("سفر در تاریخ ۵ آوریل ۲۰۱۸ انجام شد.", "gregorian", "2018-04-05", None),
        ("این دیدار در ۳۰ مه سال ۲۰۰۵ بود.", "gregorian", "2005-05-30", None),
        ("مراسم در ۱۷ ربیع‌الاول ۱۴۴۰ برگزار شد.", "lunar_hijri", "2018-11-25", None),
        ("مراسم در ۱۷ ربيع الأول ۱۴۴۰ هجری قمری برگزار شد.", "lunar_hijri", "2018-11-25", None),
        ("نامه در ۲۸ ذی‌الحجه ۱۴۳۸ نوشته شد.", "lunar_hijri", "2017-09-19", None),
    ],
)
def test_persian_forms(text, calendar, iso, time):
    m = one(text, "fa")
    assert (m.calendar, m.iso, m.time) == (calendar, iso, time)
    assert text[m.start : m.end] == m.text


def test_persian_lunar_defaults_to_iranian_reckoning():
    m = one("در ۱۷ رجب ۱۴۳۹ مراسم برگزار شد.", "fa")
    assert (m.iso, m.reckoning) == ("2018-04-04", "iranian")


def test_persian_lunar_takes_the_reckoning_of_its_gregorian_pair():
    # Umm al-Qura's 17 Rajab 1439 was 3 April 2018: the pair settles it against the default
    found = find_dates("امروز ۱۷ رجب ۱۴۳۹ برابر با ۳ آوریل ۲۰۱۸ است.", "fa")
    assert [(m.iso, m.reckoning) for m in found] == [
        ("2018-04-03", "umm_al_qura"),
        ("2018-04-03", None),
    ]


def test_persian_date_line_with_weekday_and_both_calendars():
    found = find_dates("چهارشنبه ۱۵ فروردین ۱۳۹۷ برابر با ۱۷ رجب ۱۴۳۹\n\nمتن خبر", "fa")
    assert [(m.calendar, m.iso, m.role) for m in found] == [
        ("solar_hijri", "2018-04-04", "published"),
        ("lunar_hijri", "2018-04-04", "published"),
    ]
    assert found[0].text.startswith("چهارشنبه")


def test_persian_year_less_solar_date():
    assert one("مراسم در روز ۲۲ بهمن برگزار شد.", "fa", "2019-02-15").iso == "2019-02-11"
    assert one("مراسم در روز ۲۲ بهمن برگزار شد.", "fa").iso is None


@pytest.mark.parametrize(
    "text",
    [
        "کد خبر: ۱۲۳۴۵۶",
        "انقلاب ۱۳۵۷ و جنگ ۸ ساله",
        "آنها ۱۰ می رسند و ۱۰ تیر شلیک شد.",  # "می" and "تیر" as words, not months
        "سوره نساء آیه ۱۰۴ [۱]",
    ],
)
def test_persian_not_dates(text):
    assert find_dates(text, "fa") == []


def test_persian_signed_pair_after_closing():
    text = (
        "از خداوند متعال توفیق شما را خواستارم.\n\nوالسلام علیکم و رحمة الله\n\nعلی محمدی\n\n"
        "۲۰ اسفند ۱۴۰۲\n\n۲۹ شعبان‌المعظم ۱۴۴۵\n"
    )
    found = find_dates(text, "fa")
    assert [(m.calendar, m.iso, m.role) for m in found] == [
        ("solar_hijri", "2024-03-10", "signed"),
        ("lunar_hijri", "2024-03-10", "signed"),
    ]


# --- Arabic ---
@pytest.mark.parametrize(
    ("text", "calendar", "iso"),
    [
        ("نشر في: الخميس 5 أبريل 2018 - 12:37", "gregorian", "2018-04-05"),
        ("آخر تحديث: 17 أيلول/سبتمبر 2021", "gregorian", "2021-09-17"),
        ("وقعت الحادثة في 3 كانون الثاني 2020 في بغداد.", "gregorian", "2020-01-03"),
        ("وقعت الحادثة في ٣ يناير ٢٠٢٠ في بغداد.", "gregorian", "2020-01-03"),
        ("تاريخ النشر: 1439/07/17 هـ", "lunar_hijri", "2018-04-03"),
        ("ولد في 10 ذو الحجة 1440 للهجرة.", "lunar_hijri", "2019-08-11"),
        ("وصل الوفد يوم 5 شباط 2019م إلى دمشق.", "gregorian", "2019-02-05"),
    ],
)
def test_arabic_forms(text, calendar, iso):
    m = one(text, "ar")
    assert (m.calendar, m.iso) == (calendar, iso)
    assert text[m.start : m.end] == m.text


def test_arabic_era_marker_with_tatweel_stays_in_the_span():
    m = one("الأربعاء ١٧ رجب ١٤٣٩ هـ", "ar")
    assert m.text == "الأربعاء ١٧ رجب ١٤٣٩ هـ"
    # the written weekday (Wednesday 4 April 2018) picks the reckoning
    assert (m.iso, m.reckoning) == ("2018-04-04", "iranian")


def test_arabic_lunar_defaults_to_umm_al_qura():
    m = one("وقعت الحادثة في 17 رجب 1439 هـ في المدينة.", "ar")
    assert (m.iso, m.reckoning) == ("2018-04-03", "umm_al_qura")


def test_arabic_dateline_and_signature():
    text = "طهران - 5 نيسان/أبريل 2018 (إرنا) - قال المرشد إن الحل هو المقاومة.\n\n"
    text += "والسلام عليكم ورحمة الله وبركاته\nإسماعيل هنية\n4 أبريل 2018"
    found = find_dates(text, "ar")
    assert [(m.iso, m.role) for m in found] == [
        ("2018-04-05", "published"),
        ("2018-04-04", "signed"),
    ]


def test_arabic_year_less_and_numbers():
    m = one("قتل 243 فلسطينيا منذ 10 مايو الماضي.", "ar", "2021-05-24")
    assert (m.text, m.iso, m.role) == ("10 مايو", "2021-05-10", "event")


def test_urdu_dateline():
    m = one("اسلام آباد ۔ 5 مئی 2018ء (اے پی پی) وزیر اعظم نے کہا", "ur")
    assert (m.iso, m.role) == ("2018-05-05", "published")


# --- helpers ---
def test_fold_keeps_offsets():
    text = "۱۷ رجب‌المرجب ۱۴۳۹ هـ"
    folded, index = fold(text)
    assert folded == "17 رجبالمرجب 1439 ه"
    assert len(index) == len(folded) + 1
    assert all(text[index[i]].translate({0x200C: None}) for i in range(len(folded)))


def test_published_and_updated_skip_yearless():
    found = find_dates("Published: May 10\n\nBody text here.", "en")
    assert found[0].role == "published"
    assert published_and_updated(found) == (None, None)


def test_never_reads_the_clock():
    import stemma.ingest.dates
    import stemma.text.calendars

    for module in (stemma.ingest.dates, stemma.text.calendars):
        source = Path(module.__file__).read_text(encoding="utf-8")
        for call in ("today(", "now(", "time.time(", "localtime("):
            assert call not in source, f"{module.__name__} reads the clock: {call}"
