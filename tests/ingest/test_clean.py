"""Paragraph blocks and page chrome: marked, never deleted, in English, Persian and Arabic."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemma.ingest.clean import line_key, mark_blocks
from stemma.ingest.read import iter_records, to_source

SEEDS = [
    "000_829ae545a56f0e4d",
    "001_93576a656895ae0b",
    "002_47c81d98f74a1fe8",
    "003_25165f9b26cfb419",
    "004_6255df3e44a854fb",
]


def blocks_of(source, fmt="txt"):
    return [(source[b.start : b.end], b.boilerplate) for b in mark_blocks(source, fmt)]


def chrome(source, fmt="txt"):
    return {text: reason for text, reason in blocks_of(source, fmt) if reason}


def body(source, fmt="txt"):
    return [text for text, reason in blocks_of(source, fmt) if not reason]


def squash(text):
    return " ".join(text.split())


# -- the seed captures -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_blocks(seeds):
    out = {}
    for record in iter_records([seeds]):
        source, _, _ = to_source(record)
        out[record.id] = [(squash(t), r) for t, r in blocks_of(source, record.format)]
    assert sorted(out) == SEEDS
    return out


def marked(seed_blocks, n):
    return {t: r for t, r in seed_blocks[SEEDS[n]] if r}


def kept(seed_blocks, n):
    return [t for t, r in seed_blocks[SEEDS[n]] if not r]


def test_seed_000_tags_and_comment_prompts(seed_blocks):
    assert marked(seed_blocks, 0) == {
        "Tags: Khamenei ، Israel ، defapress": "tags",
        "your comment": "comment_prompt",
        "* Comment:": "comment_prompt",
    }
    text = kept(seed_blocks, 0)
    for line in (
        "Seyed Ali Khamenei",
        "April 4, 2018",
        "Peace and God’s mercy be upon you",
        "News ID: 69545",
        "Updated in: 17 September 2021 - 02:01",
    ):
        assert line in text


def test_seed_001_wrapped_lines_joined_and_title_printed_once_marked_title(seed_blocks):
    # the title "... - 5 /Apr/ 2018" is printed once, above the text: not a running header
    assert marked(seed_blocks, 1) == {
        "The Leader's response to a letter by Hamas chief, Ismail Haniyeh - 5 /Apr/ 2018": "title"
    }
    text = kept(seed_blocks, 1)
    first = next(t for t in text if t.startswith("In response to a recent letter"))
    assert "the Palestinian Islamic Resistance Movement (Hamas), Leader of the Islamic" in first
    assert first.endswith("will bring nothing but harm to the oppressed nation.”")
    assert text[1] == (
        "The full text of the letter by the Leader of the Islamic Revolution is as follows:"
    )
    for line in (
        "Seyyed Ali Khamenei",
        "April 4, 2018",
        "Peace and God’s mercy be upon you",
        "Dear striving brother, Dr. Ismail Haniyeh, may your successes continue",
    ):
        assert line in text  # short lines stay their own paragraphs
    assert any(
        t.startswith("At a time when") and t.endswith("support you in every way.") for t in text
    )
    assert text[-1].startswith("In a letter to Leader of the Islamic Revolution a while ago")
    assert text[-1].endswith("to eliminate the issue of Palestine.”")


def test_seed_002_separator_and_site_description(seed_blocks):
    found = marked(seed_blocks, 2)
    assert found.pop("| |") == "separator"
    ((description, reason),) = found.items()
    assert reason == "site_description"
    assert description.startswith("The iran News Gazette is mainly concerned with news")
    assert "Source: Islamic Republic News Agency" in kept(seed_blocks, 2)


def test_seed_003_popular_lists_and_repeated_headline(seed_blocks):
    blocks = seed_blocks[SEEDS[3]]
    headline = "Ayatollah Khamenei Answers Letters from Palestinian Leaders"
    assert blocks[:2] == [(headline, None), (headline, "repeated_headline")]
    assert blocks[-3:] == [
        ("Most Visited in Politics", "popular_list"),
        ("Top Politics stories", "popular_list"),
        ("Top Stories", "popular_list"),
    ]
    assert len(marked(seed_blocks, 3)) == 4


def test_seed_004_tag_links(seed_blocks):
    assert marked(seed_blocks, 4) == {
        "برچسبها: [رهبر انقلاب](#) [1]": "tags",
        "[فلسطین](#) [2]": "tags",
    }
    text = kept(seed_blocks, 4)
    assert text[-1] == "منبع/ پایگاه اطلاع رسانی دفتر مقام معظم رهبری"
    for line in (
        "سیدعلی خامنهای",
        "۱۵ فروردین ۱۳۹۷",
        "والسلام علیکم ورحمة الله",
        "بسم الله الرحمن الرحيم",
    ):
        assert line in text


def test_seed_bodies_are_never_marked(seed_blocks):
    for n in range(5):
        for text, reason in seed_blocks[SEEDS[n]]:
            if len(text) > 300:  # every long paragraph of every seed is article body
                assert reason in (None, "site_description"), (n, text[:60])


# -- joining hard-wrapped lines --------------------------------------------------------------

WRAPPED_EN = """\
The committee published its report on Thursday, concluding that the harbour bridge
project had been poorly managed from the start and that the city had ignored several
warnings from its own engineers about the cost of the steel.
The mayor rejected the findings.

In a statement, the mayor said the report was unfair to the staff who had worked on
the project, adding that the bridge would still open before the end of the summer and
that residents would soon forget the delays once they could cross the harbour freely.
Ann Smith
Mayor of Example City
"""


def test_hard_wrapped_prose_is_joined_and_short_lines_end_paragraphs():
    paragraphs = [squash(t) for t in body(WRAPPED_EN)]
    assert paragraphs == [
        squash(" ".join(WRAPPED_EN.splitlines()[:3])),
        "The mayor rejected the findings.",
        squash(" ".join(WRAPPED_EN.splitlines()[5:8])),
        "Ann Smith",
        "Mayor of Example City",
    ]


WRAPPED_FA = """\
شورای شهر روز پنجشنبه گزارش نهایی خود را منتشر کرد و در آن آمده است که طرح پل بندر از
همان آغاز به درستی اداره نشده و شهرداری به هشدارهای مهندسان خود درباره هزینه فولاد و
زمان لازم برای ساخت توجهی نکرده است. شهردار این یافته‌ها را نپذیرفت و گفت که گزارش
منصفانه نیست.
شهردار در بیانیه‌ای افزود که پل پیش از پایان تابستان باز خواهد شد و ساکنان به زودی
تأخیرها را فراموش خواهند کرد، زیرا می‌توانند آزادانه از بندر عبور کنند و به کار خود
برسند.
"""


def test_hard_wrapped_persian_is_joined():
    assert [squash(t) for t in body(WRAPPED_FA)] == [
        squash(" ".join(WRAPPED_FA.splitlines()[:4])),
        squash(" ".join(WRAPPED_FA.splitlines()[4:])),
    ]


def test_unwrapped_lines_are_each_a_paragraph():
    text = (
        "The council met on Monday.\nIt approved the budget for the bridge after a debate.\n"
        "The vote was close, with seven members in favour and six against the plan.\n"
        "A second vote is planned for June, when the final costs will be known to all.\n"
        "Residents were not invited to speak.\n"
    )
    assert body(text) == text.splitlines()


def test_one_sentence_per_line_is_not_joined():
    lines = [
        f"Sentence number {i} of the translated news story ends here with a full stop."
        for i in range(12)
    ]
    text = "\n".join(lines)
    assert body(text) == lines


def test_running_header_and_page_numbers_in_text_without_form_feeds():
    header = "Example City Gazette - Report on the bridge"
    en, fa = WRAPPED_EN.splitlines(), WRAPPED_FA.splitlines()
    text = "\n".join([header, *en[:3], "", "12", header, *en[5:8], "", "13", header, *fa[:4]])
    found = blocks_of(text)
    assert [r for _, r in found] == [
        "page_header",
        None,
        "page_number",
        "page_header",
        None,
        "page_number",
        "page_header",
        None,
    ]


def test_title_and_date_printed_once_is_no_running_header():
    text = "Report on the harbour bridge - 12 March 2024\n\n" + WRAPPED_EN
    (first, reason), *_ = blocks_of(text)
    assert (first, reason) == ("Report on the harbour bridge - 12 March 2024", "title")
    # on top of two pages (a form feed between them), the same line is a running header
    paged = text + "\f" + "Report on the harbour bridge - 12 March 2024\n\n" + WRAPPED_EN
    assert [r for t, r in blocks_of(paged) if t.startswith("Report on")] == ["page_header"] * 2
    unwrapped = "Report on the harbour bridge - 12 March 2024\n\nThe council met.\n"
    assert not chrome(unwrapped)  # a title line of a web page is not a PDF running header


# -- page chrome -----------------------------------------------------------------------------

ARTICLE_EN = "The council approved the harbour bridge plan on Monday after a long debate."
ARTICLE_FA = "شورای شهر روز دوشنبه پس از بحثی طولانی طرح پل بندر را تصویب کرد."
ARTICLE_AR = "وافق مجلس المدينة يوم الاثنين على خطة جسر الميناء بعد نقاش طويل."


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Tags: bridge, council, harbour", "tags"),
        ("TAGS : Example City", "tags"),
        ("Keywords: bridge; harbour", "tags"),
        ("برچسب‌ها: پل، شورای شهر", "tags"),
        ("برچسب ها: پل", "tags"),
        ("کلیدواژه‌ها: پل، بندر", "tags"),
        ("الوسوم: الجسر، المدينة", "tags"),
        ("كلمات مفتاحية: الجسر", "tags"),
        ("Leave a comment", "comment_prompt"),
        ("Comments (12)", "comment_prompt"),
        ("* Name:", "comment_prompt"),
        ("نظر شما", "comment_prompt"),
        ("ارسال نظر", "comment_prompt"),
        ("أضف تعليقك", "comment_prompt"),
        ("Share this article", "share_prompt"),
        ("Share: Facebook | Twitter | WhatsApp", "share_prompt"),
        ("Facebook Twitter Telegram Email", "share_prompt"),
        ("اشتراک گذاری", "share_prompt"),
        ("شارك الخبر", "share_prompt"),
        ("Most read", "popular_list"),
        ("Most Popular This Week", "popular_list"),
        ("Related news", "popular_list"),
        ("You may also like", "popular_list"),
        ("پربازدیدترین‌ها", "popular_list"),
        ("اخبار مرتبط", "popular_list"),
        ("الأكثر قراءة", "popular_list"),
        ("Most Visited in Politics", "popular_list"),
        ("Top Stories this week:", "popular_list"),
        ("Read more: Flood warning issued for the river valley", "related_link"),
        ("بیشتر بخوانید: هشدار سیل برای دره رودخانه", "related_link"),
        ("اقرأ أيضاً: تحذير من فيضان في وادي النهر", "related_link"),
        ("[Home](/) > [World](/world) > [Europe](/europe)", "link_residue"),
        ("---", "separator"),
        ("* * *", "separator"),
        ("|\u00a0\u00a0|", "separator"),
        ("© 2024 Example Courier. All rights reserved.", "copyright"),
        ("کلیه حقوق این سایت محفوظ است", "copyright"),
    ],
)
def test_chrome_lines_are_marked(line, reason):
    text = f"{ARTICLE_EN}\n\n{line}\n\n{ARTICLE_EN.replace('Monday', 'Tuesday')}\n"
    assert blocks_of(text) == [
        (ARTICLE_EN, None),
        (line, reason),
        (ARTICLE_EN.replace("Monday", "Tuesday"), None),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Source: Example News Agency",
        "منبع: خبرگزاری نمونه",
        "المصدر: وكالة الأنباء",
        "The comments were made on Monday.",
        "Share prices fell sharply on Monday after the announcement.",
        "Most visited museums reopened after the strike ended this week.",
        "Top officials will meet again in June.",
        "Top news anchors quit over pay cuts",
        "Related matters will be discussed at the next meeting of the council.",
        "Most read the report before the vote, the clerk said.",
        "He said the tags on the cargo had been changed.",
        "Name the day and we will be there, the mayor told reporters.",
        "نظر شما درباره این طرح چیست؟ این پرسشی بود که شهردار از ساکنان پرسید.",
        "April 4, 2018",
        "۱۵ فروردین ۱۳۹۷",
        "Ann Smith",
    ],
)
def test_body_lines_that_resemble_chrome_are_kept(line):
    text = f"{ARTICLE_EN}\n\n{line}\n\n{ARTICLE_EN.replace('Monday', 'Tuesday')}\n"
    assert not chrome(text)


def test_tag_links_after_a_tag_label_are_tags_too():
    text = f"{ARTICLE_FA}\n\nبرچسب‌ها:\n\n[پل](#) [1]\n\n[شورای شهر](#) [2]\n"
    assert blocks_of(text) == [
        (ARTICLE_FA, None),
        ("برچسب‌ها:", "tags"),
        ("[پل](#) [1]", "tags"),
        ("[شورای شهر](#) [2]", "tags"),
    ]


def test_popular_list_items_after_its_heading_are_marked():
    text = (
        f"{ARTICLE_EN}\n\nMost read\n\nFlood warning for the river valley\n\n"
        "Schools to close early for the holiday\n\nLocal team wins the cup\n"
    )
    assert [r for _, r in blocks_of(text)] == [None] + ["popular_list"] * 4


def test_repeated_headline_keeps_the_first():
    headline = "Council approves the harbour bridge"
    text = f"{headline}\n\n{headline}\n\n{ARTICLE_EN}\n\nShare\n\n{headline}\n"
    assert blocks_of(text) == [
        (headline, None),
        (headline, "repeated_headline"),
        (ARTICLE_EN, None),
        ("Share", "share_prompt"),
        (headline, "repeated_headline"),
    ]


def test_short_repeated_lines_that_are_not_headlines_are_kept():
    text = f"April 4, 2018\n\n{ARTICLE_EN}\n\nApril 4, 2018\n"
    assert not chrome(text)
    said = "The mayor said it again"  # a repeated line in the body, not under the headline
    assert not chrome(f"{ARTICLE_EN}\n\n{said}\n\n{ARTICLE_FA}\n\n{said}\n")
    sentence = "It is very bad."  # a repeated sentence is the writer's, not chrome
    assert not chrome(f"{sentence}\n\n{ARTICLE_EN}\n\n{sentence}\n")


@pytest.mark.parametrize(
    "description",
    [
        "The Example Courier is an independent newspaper dedicated to local news. Its main "
        "objective is to provide accurate reporting for the people of Example City.",
        "Example News Agency was founded in 1998 and covers politics and business in the region.",
        "The Example Observer is an independent news site covering the city since 2019.",
        "Example Courier is one of the oldest newspapers in the region.",
        "روزنامه نمونه با هدف اطلاع‌رسانی دقیق درباره شهر تأسیس شد و به اخبار محلی می‌پردازد.",
        "صحيفة المثال يومية مستقلة تهدف إلى تقديم أخبار موثوقة عن المدينة والمنطقة.",
    ],
)
def test_site_self_description_at_the_end_is_marked(description):
    text = f"{ARTICLE_EN}\n\n{ARTICLE_AR}\n\n{description}\n\nTags: city\n"
    assert chrome(text) == {description: "site_description", "Tags: city": "tags"}


def test_a_paragraph_about_an_agency_inside_the_article_is_kept():
    about = (
        "The news agency said its main objective was to report the vote accurately, and "
        "that it would publish the results as soon as they were known."
    )
    text = f"{about}\n\n{ARTICLE_EN}\n\n{ARTICLE_AR}\n"
    assert not chrome(text)
    said = "The minister said the plan was a good one for the region and its newspapers."
    assert not chrome(f"{ARTICLE_EN}\n\n{said}\n")
    ending = (
        "The agency said the final count would be published on Friday, when all the "
        "ballots from the outer districts had arrived in the city."
    )
    assert not chrome(f"{ARTICLE_EN}\n\n{ending}\n")


# -- structure -------------------------------------------------------------------------------


def test_nothing_is_deleted_blocks_cover_every_line():
    text = f"  {ARTICLE_EN}  \r\n\n\n|  |\n\t{ARTICLE_FA}\n\fTags: x\n"
    blocks = mark_blocks(text, "txt")
    assert [text[b.start : b.end] for b in blocks] == [ARTICLE_EN, "|  |", ARTICLE_FA, "Tags: x"]


def test_a_text_is_never_all_chrome():
    assert blocks_of("Top Entertainment Stories") == [("Top Entertainment Stories", None)]
    assert blocks_of("---\nShare this\n") == [("---", "separator"), ("Share this", None)]


def test_any_line_break_convention():
    lines = [ARTICLE_EN, "Tags: x", ARTICLE_FA]
    for newline in ("\r\n", "\r", "\n"):
        text = newline.join(lines)
        assert blocks_of(text) == [(ARTICLE_EN, None), ("Tags: x", "tags"), (ARTICLE_FA, None)]


def test_html_text_is_never_joined_as_wrapped():
    assert len(mark_blocks(WRAPPED_EN, "html")) == len(WRAPPED_EN.splitlines()) - 1
    assert len(mark_blocks(WRAPPED_EN, "txt")) == 5


def test_empty_source_has_no_blocks():
    assert mark_blocks("", "txt") == [] and mark_blocks(" \n\n\t\n", "txt") == []


_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "",
                " ",
                "\f",
                "Tags: a, b",
                "---",
                "12",
                "Most read",
                "نظر شما",
                ARTICLE_EN,
                ARTICLE_FA,
                ARTICLE_AR,
                "[x](#) [1]",
            ]
        ),
        st.text(st.sampled_from(list("abc deشسی.,:-|\u00a0\t")), max_size=120),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(_LINES)
def test_blocks_are_ordered_trimmed_and_cover_all_text(lines):
    source = "\n".join(lines)
    blocks = mark_blocks(source, "txt")
    position = 0
    for block in blocks:
        chunk = source[block.start : block.end]
        assert block.start >= position and chunk and chunk == chunk.strip()
        assert not source[position : block.start].strip()
        position = block.end
    assert not source[position:].strip()


# -- line keys -------------------------------------------------------------------------------


def test_line_key_normalises_case_space_and_invisible_marks():
    assert (
        line_key("  Follow   Example DAILY\u00a0on\tevery platform ")
        == "follow example daily on every platform"
    )
    assert line_key("برچسب\u200cها:  پل") == line_key("برچسبها: پل")
    assert line_key("Page 12") != line_key("Page 13")  # digits are kept
    assert line_key("ﻻ") == line_key("لا")  # presentation forms folded (NFKC)
    assert re.fullmatch(r"\S+( \S+)*", line_key(" a \n b "))
