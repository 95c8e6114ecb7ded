import re

import pytest

from stemma.text import lang
from stemma.text.langid import DEFAULT_LANGUAGES, detect, detect_passages, script_of

EN = "The minister said on Monday that the talks would resume next week in the capital."
FA = "وزیر امور خارجه روز دوشنبه گفت که گفتگوها هفته آینده در پایتخت از سر گرفته می‌شود."
AR = "قال وزير الخارجية يوم الاثنين إن المحادثات ستستأنف الأسبوع المقبل في العاصمة."
UR = "وزیر خارجہ نے پیر کے روز کہا کہ مذاکرات اگلے ہفتے دارالحکومت میں دوبارہ شروع ہوں گے۔"
DE = "Der Minister sagte am Montag, die Gespräche würden nächste Woche in der Hauptstadt beginnen."
FR = "Le ministre a déclaré lundi que les négociations reprendraient la semaine prochaine."

BLESSING = "بسم الله الرحمن الرحيم"
VERSE = "«إِنَّ اللَّهَ مَعَ الصَّابِرِينَ وَبَشِّرِ الْمُؤْمِنِينَ بِأَنَّ لَهُمْ أَجْرًا عَظِيمًا»"


def test_default_languages_cover_the_modules():
    assert set(lang.CODES) <= set(DEFAULT_LANGUAGES)
    assert {"de", "fr", "ru", "tr", "zh"} <= set(DEFAULT_LANGUAGES)


@pytest.mark.parametrize(
    ("text", "code"), [(EN, "en"), (FA, "fa"), (AR, "ar"), (UR, "ur"), (DE, "de"), (FR, "fr")]
)
def test_detect_each_language(text, code):
    assert detect(text) == code


def test_detect_unsure_or_empty():
    assert detect("") is None
    assert detect("  12 345 — 2018 ") is None
    assert detect("ok") is None


def test_detect_restricted_languages():
    assert detect(DE, ["en", "fa"]) in ("en", None)
    assert detect("Москва заявила сегодня о новых переговорах", ["en", "ru"]) == "ru"
    assert detect(FA, ["fa"]) == "fa"


def test_script_of():
    assert script_of(EN) == "Latn"
    assert script_of(FA) == "Arab"
    assert script_of("Москва") == "Cyrl"
    assert script_of("北京") == "Hani"
    assert script_of("123 !") is None


def test_arabic_prayer_and_verse_inside_persian_article():
    passages = [FA, BLESSING, VERSE, "ادامه دارد", FA, "والسلام علیکم ورحمة الله"]
    assert detect_passages(passages, "fa") == ["fa", "ar", "ar", "fa", "fa", "ar"]


def test_short_passages_keep_the_document_language():
    assert detect_passages(["Tehran, Iran", "Comment:", "2018", ""], "en") == [
        "en", "en", "en", "en",
    ]  # fmt: skip
    # short Persian lines with no Arabic evidence stay Persian
    assert detect_passages(["سیدعلی خامنه‌ای", "۱۵ فروردین ۱۳۹۷"], "fa") == ["fa", "fa"]


def test_confident_foreign_passage_overrides_document_language():
    assert detect_passages([EN, FR, EN], "en") == ["en", "fr", "en"]
    assert detect_passages([DE, EN], "de") == ["de", "en"]


def test_other_script_is_judged_by_script():
    assert detect_passages([EN, FA, AR, UR], "en") == ["en", "fa", "ar", "ur"]
    assert detect_passages([FA, "Tehran Times reported the talks in detail today"], "fa") == [
        "fa", "en",
    ]  # fmt: skip
    assert detect_passages(["Москва заявила сегодня"], "en") == ["ru"]


def test_urdu_and_arabic_documents():
    assert detect_passages([UR, "یہ ٹھیک ہے۔"], "ur") == ["ur", "ur"]
    assert detect_passages([AR, BLESSING], "ar") == ["ar", "ar"]
    assert detect_passages([AR, FA], "ar") == ["ar", "fa"]


def test_unknown_document_language():
    assert detect_passages([EN, "ok"], None) == ["en", None]


# --- seeds ---


def read(seeds, prefix):
    return next(seeds.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize(("prefix", "code"), [("000", "en"), ("001", "en"), ("002", "en"),
                                              ("003", "en"), ("004", "fa")])  # fmt: skip
def test_seed_document_language(seeds, prefix, code):
    assert detect(read(seeds, prefix)) == code


def test_seed_004_arabic_passages(seeds):
    text = read(seeds, "004")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    blessing = next(p for p in paragraphs if p.startswith("بسم الله"))
    praise = next(p for p in paragraphs if p.startswith("والحمد لله"))
    verse = re.search(r"«[^»]+»", text).group()
    persian = [p for p in paragraphs if p.startswith(("در روزهایی", "این وظیفه", "از خداوند"))]
    assert len(persian) == 3
    got = detect_passages([blessing, praise, verse, *persian], "fa")
    assert got == ["ar", "ar", "ar", "fa", "fa", "fa"]


def test_seed_004_pipeline_passages(seeds):
    from stemma.text.segment import sentences

    text = read(seeds, "004")
    spans = sentences(text, "fa")
    texts = [text[a:b] for a, b in spans]
    langs = dict(zip(texts, detect_passages(texts, "fa"), strict=True))
    assert langs["بسم الله الرحمن الرحيم"] == "ar"
    assert next(v for k, v in langs.items() if k.startswith("«وَلَا")) == "ar"
    assert next(v for k, v in langs.items() if k.startswith("حضرت آیتالله")) == "fa"
    assert sum(v == "fa" for v in langs.values()) > 2 * sum(v == "ar" for v in langs.values())


def test_language_set_is_configurable(monkeypatch):
    from stemma.text.langid import DEFAULT_LANGUAGES, configured_languages

    monkeypatch.delenv("STEMMA_LANGUAGES", raising=False)
    assert configured_languages() == DEFAULT_LANGUAGES
    monkeypatch.setenv("STEMMA_LANGUAGES", "en, fa,ar")
    assert configured_languages() == ("en", "fa", "ar")
    text = "Die Regierung hat am Montag einen neuen Plan für die Schulen vorgestellt."
    assert detect(text) in {"en", "fa", "ar", None}
    monkeypatch.setenv("STEMMA_LANGUAGES", "en,de")
    assert detect(text) == "de"
