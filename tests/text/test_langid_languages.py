"""Language identification across every script lingua knows: short and long texts in 43
languages (written for these tests: tests/fixtures/langid/texts.json), ``und`` when unsure, a
declared language as evidence, per-passage languages in mixed documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stemma.text import langid
from stemma.text.langid import (
    ALL_LANGUAGES,
    SCRIPT_LANGUAGES,
    UND,
    declared_language,
    detect,
    detect_passages,
    script_of,
)

TEXTS = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "langid" / "texts.json").read_text("utf-8")
)
CASES = [(code, kind) for code in sorted(TEXTS) for kind in ("short", "long")]


def test_the_texts_cover_thirty_languages_and_the_ones_misread_before():
    assert len(TEXTS) >= 30
    assert {"ja", "ko", "id", "pl", "fi", "nb", "hu", "lv"} <= set(TEXTS)
    assert set(TEXTS) <= set(ALL_LANGUAGES)


@pytest.mark.parametrize(("code", "kind"), CASES)
def test_each_language_short_and_long(code, kind):
    assert detect(TEXTS[code][kind]) == code


def test_every_lingua_language_has_a_script():
    written = set().union(*SCRIPT_LANGUAGES.values())
    assert set(ALL_LANGUAGES) <= written


def test_only_the_languages_of_the_texts_script_are_weighed(monkeypatch):
    asked = []
    real = langid._confidences

    def spy(text, codes, accurate=False):
        asked.append(codes)
        return real(text, codes, accurate)

    monkeypatch.setattr(langid, "_confidences", spy)
    assert detect(TEXTS["fi"]["long"]) == "fi"
    assert detect(TEXTS["uk"]["long"]) == "uk"
    assert asked and all(len(c) < 60 for c in asked)
    assert asked[0] <= SCRIPT_LANGUAGES["Latn"] and asked[-1] <= SCRIPT_LANGUAGES["Cyrl"]
    asked.clear()
    for code in ("ko", "ja", "el", "he", "th", "ka", "hy", "ta", "bn"):  # the script decides
        assert detect(TEXTS[code]["short"]) == code
    assert asked == []


def test_scripts():
    assert script_of(TEXTS["ja"]["short"]) == "Jpan"
    assert script_of(TEXTS["zh"]["short"]) == "Hani"
    assert script_of(TEXTS["ko"]["short"]) == "Hang"
    assert script_of(TEXTS["th"]["short"]) == "Thai"
    assert script_of(TEXTS["hy"]["short"]) == "Armn"


def test_und_rather_than_a_guess():
    assert detect("Le ministre a déclaré lundi") == UND  # too short among 48 languages
    assert detect("Coca-Cola iPhone Samsung Galaxy") == UND
    assert detect("ሰላም ለዓለም ዛሬ ጥሩ ቀን ነው") == UND  # Ethiopic: no candidate writes it
    assert detect("") is None and detect("12 345") is None


def test_a_declared_language_is_evidence():
    assert declared_language("en-US") == "en"
    assert declared_language("no") == "nb"
    assert declared_language("pt_BR") == "pt"
    assert declared_language("xx") is None and declared_language(None) is None
    # settles a text too short or too close to call
    assert detect("Le ministre a déclaré lundi", declared="fr") == "fr"
    assert detect(TEXTS["id"]["short"], declared="ms") == "ms"
    assert detect(TEXTS["hr"]["short"], declared="bs-BA") == "bs"
    # but not against a text clearly in another language, nor in another script
    assert detect(TEXTS["pl"]["long"], declared="en") == "pl"
    assert detect(TEXTS["ru"]["long"], declared="en") == "ru"


def test_mixed_persian_and_arabic_passages():
    passages = [
        TEXTS["fa"]["long"],
        "بسم الله الرحمن الرحيم",
        TEXTS["ar"]["long"],
        TEXTS["fa"]["short"],
        "والسلام علیکم ورحمة الله وبرکاته",
        "Haris told the Associated Press on Monday that he would stay in the city.",
    ]
    assert detect_passages(passages, "fa") == ["fa", "ar", "ar", "fa", "ar", "en"]
    assert detect_passages([TEXTS["ar"]["long"], TEXTS["fa"]["long"]], "ar") == ["ar", "fa"]


def test_japanese_passages_in_han_only_stay_japanese():
    assert detect_passages(["東京都知事", TEXTS["ja"]["long"], "市議会の予算"], "ja") == [
        "ja",
        "ja",
        "ja",
    ]


def test_an_undetermined_document_still_names_its_clear_passages():
    assert detect_passages([TEXTS["de"]["long"], "OK"], UND) == ["de", None]
