"""Metadata from fields and text. Example texts are written for these tests."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemma.ingest.metadata import Metadata, extract_metadata
from stemma.model import Block


def split_blocks(source: str) -> list[Block]:
    """Paragraph blocks split on blank lines (the real cleaner marks chrome as well)."""
    return [
        Block(m.start(), m.end())
        for m in re.finditer(r"(?:[^\n]|\n(?![ \t\xa0]*\n))+", source)
        if m.group().strip()
    ]


def meta(source: str, lang: str | None = "en", **fields) -> Metadata:
    return extract_metadata(source, split_blocks(source), fields, lang)


def assert_offsets(source: str, md: Metadata) -> None:
    for s in md.sources:
        assert source[s.start : s.end] == s.phrase


EN_WIRE = """Updated in: 3 March 2024 - 09:15
Water Board:
LONDON (Reuters) – The chair of the river board said on Tuesday that the weir would reopen, according to a statement from the board's press office.
News ID: 48213
Publish Date: 02March 2024 - 18:40

River Weir to Reopen in SpringThe chair of the river board told reporters the repairs were almost complete and that boats could pass again within weeks.

The plan was first reported by Al Jazeera, citing two engineers. According to the plan, the old lock stays closed.

Tags: weir ، river ، Reuters
"""


def test_english_wire_page():
    md = meta(EN_WIRE)
    assert md.title == "River Weir to Reopen in Spring"
    assert md.dateline == "LONDON"
    assert md.outlet == "Reuters"
    assert md.news_id == "48213"
    names = [s.name for s in md.sources]
    # "according to the plan" and "citing two engineers" name no source; Reuters is itself
    assert names == ["a statement from the board's press office", "Al Jazeera"]
    assert md.sources[0].phrase == "according to a statement from the board's press office"
    assert md.sources[1].phrase == "reported by Al Jazeera"
    assert_offsets(EN_WIRE, md)


def test_dateline_agency_other_than_the_outlet_is_a_source():
    md = meta(EN_WIRE, outlet="The Riverside Gazette")
    assert md.outlet == "The Riverside Gazette"
    assert md.outlet_written == "The Riverside Gazette"
    reuters = [s for s in md.sources if s.name == "Reuters"]
    assert [s.phrase for s in reuters] == ["(Reuters)"]
    assert_offsets(EN_WIRE, md)


def test_fields_win_and_jsonl_outlet_is_canonicalised_only_when_known():
    md = meta(EN_WIRE, title="A given title", outlet="Tasnim News Agency")
    assert md.title == "A given title"
    assert md.outlet == "Tasnim"
    assert md.outlet_written == "Tasnim News Agency"
    assert meta(EN_WIRE, outlet="daily_example").outlet == "daily_example"


def test_html_fields():
    text = "The weir reopened on Tuesday.\n\nBoats passed again."
    md = meta(
        text,
        title="Weir reopens - Riverside Gazette",
        sitename="Riverside Gazette",
        author="Jane Holloway",
    )
    assert md.title == "Weir reopens"
    assert md.outlet == "Riverside Gazette"
    assert md.byline == "Jane Holloway"


def test_outlet_from_url_and_from_tags():
    text = "The weir reopened on Tuesday after repairs that took a whole winter."
    assert meta(text, url="https://www.presstv.ir/Detail/2024/1").outlet == "Press TV"
    assert meta(text, tags=["Rivers", "IRNA"]).outlet == "IRNA"
    assert meta(text, tags="Rivers, Mehr News Agency").outlet == "Mehr"
    assert meta(text).outlet is None


def test_source_label_line_is_canonicalised():
    text = (
        "Title Line Here\n\nThe minister spoke at length.\n\nSource: Islamic Republic News Agency\n"
    )
    md = meta(text)
    assert [(s.name, s.phrase) for s in md.sources] == [
        ("IRNA", "Source: Islamic Republic News Agency")
    ]
    assert_offsets(text, md)


def test_comma_dateline_and_plain_prose():
    assert meta("Title\n\nTehran, The minister said on Monday ...").dateline == "Tehran"
    assert meta("Title\n\nHowever, the minister said on Monday ...").dateline is None
    assert meta("TEHRAN – The minister said on Monday ...").dateline == "TEHRAN"


def test_bylines():
    text = "Weir Reopens\nBy Jane Holloway\n\nThe weir reopened on Tuesday."
    assert meta(text).byline == "Jane Holloway"
    text = "Weir Reopens\n\nBy contrast, the lock stays shut.\n\nMore text."
    assert meta(text).byline is None


def test_title_rules():
    # a lone first line is the title even when it ends in a full stop
    assert (
        meta("The weir is open again.\n\nBody text follows here.").title == "The weir is open again"
    )
    # kickers and labels are skipped
    text = "Minister:\nPublish Date: 4 April 2024\nRivers Run Again\n\nBody."
    assert meta(text).title == "Rivers Run Again"
    # a date run on after the headline is dropped
    text = "The Minister's reply to the river board - 5\n/Apr/ 2024\n\nBody text."
    assert meta(text).title == "The Minister's reply to the river board"
    # no headline before the body begins
    long_line = " ".join(["word"] * 50) + "."
    assert meta(long_line).title is None


def test_empty_input():
    md = extract_metadata("", [], {}, None)
    assert md == Metadata()


FA_TASNIM = """شهردار: سد تا بهار باز می‌شود

تهران- ایرنا- شهردار شهر نمونه روز سه‌شنبه گفت سد تا بهار باز می‌شود.

به گزارش تسنیم، این تصمیم پس از دو ماه گفت‌وگو گرفته شد. به گزارش خبرگزاری فارس، کار از هفته آینده آغاز می‌شود.

سخنگوی شهرداری به نقل از سخنگوی وزارت نیرو افزود که هزینه‌ها روشن است.

کد خبر: ۷۱۲۳۴
"""


def test_persian_article_with_its_own_outlet_in_fields():
    md = meta(FA_TASNIM, "fa", outlet="Tasnim")
    assert md.outlet == "Tasnim"
    assert md.dateline == "تهران"
    assert md.news_id == "71234"
    assert md.title == "شهردار: سد تا بهار باز می‌شود"
    by_name = {s.name: s.phrase for s in md.sources}
    assert "Tasnim" not in by_name  # the outlet reporting is no citation
    assert by_name["IRNA"] == "ایرنا"
    assert by_name["Fars"] == "به گزارش خبرگزاری فارس"
    assert by_name["سخنگوی وزارت نیرو"] == "به نقل از سخنگوی وزارت نیرو"
    assert_offsets(FA_TASNIM, md)


def test_persian_outlet_from_dateline_then_reporting():
    md = meta(FA_TASNIM, "fa")
    assert md.outlet == "IRNA"  # the dateline agency names the publisher first
    text = "سد باز شد\n\nبه گزارش اسپادانا خبر، سد امروز باز شد.\n\nمنبع: پایگاه خبری شهر نمونه\n"
    md = meta(text, "fa")
    assert md.outlet == "Espadana Khabar"
    assert md.outlet_written == "اسپادانا خبر"
    assert [s.name for s in md.sources] == ["پایگاه خبری شهر نمونه"]
    assert md.sources[0].phrase == "منبع: پایگاه خبری شهر نمونه"


def test_persian_own_staff_is_neither_outlet_nor_source():
    md = meta("سد باز شد\n\nبه گزارش خبرنگار ما، سد امروز باز شد.", "fa")
    assert md.outlet is None
    assert md.sources == []


AR_TEXT = """افتتاح السد في الربيع

طهران (فارس) - قال رئيس البلدية إن السد سيفتح في الربيع، وفقا لوكالة أنباء الجمهورية الإسلامية.

ويجري العمل وفقا للقانون، نقلا عن مصادر مطلعة في البلدية.

المصدر: الجزيرة
رقم الخبر: ٤٥٦٧
"""


def test_arabic_article():
    md = meta(AR_TEXT, "ar")
    assert md.dateline == "طهران"
    assert md.outlet == "Fars"
    assert md.news_id == "4567"
    assert [s.name for s in md.sources] == ["IRNA", "مصادر مطلعة", "Al Jazeera"]
    assert md.sources[0].phrase == "وفقا لوكالة أنباء الجمهورية الإسلامية"
    assert_offsets(AR_TEXT, md)


UR_TEXT = """دریا پر نیا پل

اسلام آباد ۔ 5 مئی (اے پی پی) وزیر نے کہا کہ پل اگلے ماہ کھلے گا۔ تفصیلات کے مطابق کام جاری ہے۔ پولیس کے مطابق ٹریفک معمول پر ہے۔
"""


def test_urdu_agency_credit_and_sources_before_the_cue():
    md = meta(UR_TEXT, "ur", outlet="Dawn")
    assert md.dateline == "اسلام آباد"
    assert md.outlet == "Dawn"
    assert [(s.name, s.phrase) for s in md.sources] == [
        ("APP", "(اے پی پی)"),
        ("پولیس", "پولیس کے مطابق"),
    ]
    assert_offsets(UR_TEXT, md)
    md = meta(UR_TEXT, "ur", outlet="APP")
    assert [s.name for s in md.sources] == ["پولیس"]


def test_unknown_language_uses_every_module():
    md = meta(AR_TEXT, None)
    assert md.outlet == "Fars"
    assert "Al Jazeera" in [s.name for s in md.sources]


# --- the seed captures -------------------------------------------------------------------


def _seed(seeds, prefix: str) -> tuple[str, list[Block]]:
    path = next(seeds.glob(f"{prefix}_*.txt"))
    source = path.read_text(encoding="utf-8")
    try:
        from stemma.ingest.clean import mark_blocks
    except ImportError:
        return source, split_blocks(source)
    return source, mark_blocks(source, "txt")


@pytest.mark.corpora
def test_seed_000(seeds):
    source, blocks = _seed(seeds, "000")
    md = extract_metadata(source, blocks, {}, "en")
    assert md.outlet == "defapress"
    assert md.dateline == "TEHRAN"
    assert md.news_id == "69545"
    assert md.title == "Talks with Israel Unforgivable Mistake"
    assert [(s.name, s.phrase) for s in md.sources] == [
        ("his official website", "according to his official website")
    ]
    assert_offsets(source, md)


@pytest.mark.corpora
def test_seed_002(seeds):
    source, blocks = _seed(seeds, "002")
    md = extract_metadata(source, blocks, {}, "en")
    assert md.dateline == "Tehran"
    assert (
        md.title == "Leader: Intensifying fight against occupiers, allies, key to Palestine issue"
    )
    assert [(s.name, s.phrase) for s in md.sources] == [
        ("IRNA", "Source: Islamic Republic News Agency")
    ]
    assert_offsets(source, md)


@pytest.mark.corpora
def test_seed_003(seeds):
    source, blocks = _seed(seeds, "003")
    md = extract_metadata(source, blocks, {}, "en")
    assert md.outlet == "Tasnim"
    assert md.dateline == "TEHRAN"
    assert md.title == "Ayatollah Khamenei Answers Letters from Palestinian Leaders"
    assert md.sources == []


@pytest.mark.corpora
def test_seed_004(seeds):
    source, blocks = _seed(seeds, "004")
    md = extract_metadata(source, blocks, {}, "fa")
    assert md.outlet == "Espadana Khabar"
    assert md.outlet_written == "اسپاداناخبر"
    assert md.title.startswith("حرکت به سمت مذاکره")
    assert [(s.name, s.phrase) for s in md.sources] == [
        (
            "پایگاه اطلاع رسانی دفتر مقام معظم رهبری",
            "منبع/ پایگاه اطلاع رسانی دفتر مقام معظم رهبری",
        )
    ]
    assert_offsets(source, md)


# --- the demo corpus (fictional, shipped in stemma/demo/) ----------------------------------


def _demo(name: str) -> str:
    from importlib.resources import files

    return (files("stemma") / "demo" / "articles" / name).read_text(encoding="utf-8")


def test_demo_translation_txt():
    source = _demo("02_sepidar_en_translation.txt")
    md = meta(source)
    assert md.title == "Water Chief: No Home in Abnoush Will Go Without Water This Summer"
    assert (md.outlet, md.dateline, md.news_id) == ("Sepidar", "ABNOUSH", "88415")
    assert md.sources == []


def test_demo_wire_rewrite_cites_the_agency():
    source = _demo("05_meridian_en_rewrite.txt")
    md = meta(source)
    assert (md.outlet, md.dateline) == ("MPS", "ABNOUSH")
    assert [(s.name, s.phrase) for s in md.sources] == [
        ("Sepidar News Agency", "according to Sepidar News Agency"),
        ("Sepidar News Agency", "Source: Sepidar News Agency"),
    ]
    assert_offsets(source, md)


def test_demo_arabic_translation_cites_the_agency():
    md = meta(_demo("04_rafed_ar_translation.txt"), "ar")
    assert (md.outlet, md.dateline, md.news_id) == ("الرافد", "آبنوش", "20931")
    assert [s.phrase for s in md.sources] == ["نقلا عن وكالة سبيدار للأنباء"]


def test_demo_persian_outlet_reporting_under_its_full_name_is_no_citation():
    md = meta(_demo("06_sepidar_fa_related.txt"), "fa")
    assert (md.outlet, md.dateline, md.news_id) == ("سپیدار", "آبنوش", "91077")
    assert md.sources == []  # "به گزارش خبرگزاری سپیدار" is the outlet itself


def test_unknown_dateline_agency_on_another_outlets_page_is_cited():
    source = _demo("02_sepidar_en_translation.txt")
    md = meta(source, sitename="Abnoush Observer")
    assert [(s.name, s.phrase) for s in md.sources] == [("Sepidar", "(Sepidar)")]


# --- hostile input -------------------------------------------------------------------------


PIECES = st.sampled_from(
    [
        "TEHRAN (Tasnim) – ",
        "according to ",
        "Source: ",
        "به گزارش ",
        "منبع/ ",
        "وفقا ل",
        "کے مطابق",
        "(اے پی پی)",
        "News ID: ",
        "کد خبر: ۱۲",
        "Tags: ",
        "By ",
        "(",
        ")",
        ":",
        "،",
        ".",
        "\n",
        "\n\n",
        " ",
        "IRNA",
        "ایرنا",
        "Reuters",
        "x",
        "Ab",
        "۵",
        "\u200c",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40),
    st.sampled_from(["en", "fa", "ar", "ur", None]),
)
def test_never_raises_and_offsets_hold(pieces, lang):
    source = "".join(pieces)
    md = extract_metadata(source, split_blocks(source), {}, lang)
    assert_offsets(source, md)
