"""Every language module defines the normalisation and segmentation data, named alike."""

import unicodedata
from importlib import resources

import pytest

from stemma.text import lang

# name -> type every module's constant must have
REQUIRED = {
    "CODE": str,
    "NAME": str,
    "SCRIPT": str,
    "RTL": bool,
    "FOLD": dict,
    "DIGITS": str,
    "SENTENCE_END": str,
    "ABBREVIATIONS": frozenset,
    "ABBREVIATIONS_MAY_END": frozenset,
    "SENTENCE_STARTERS": frozenset,
    "LETTERS": str,
    "FUNCTION_WORDS": frozenset,
    "WRAP_SUFFIXES": tuple,
    "ZWNJ_DATA": (str, type(None)),
}


@pytest.mark.parametrize("code", lang.CODES)
def test_module_defines_required_constants(code):
    mod = lang.get(code)
    for name, kind in REQUIRED.items():
        assert hasattr(mod, name), f"{code}.{name} missing"
        assert isinstance(getattr(mod, name), kind), f"{code}.{name} is not {kind}"
    assert mod.CODE == code


@pytest.mark.parametrize("code", lang.CODES)
def test_module_data_is_well_formed(code):
    mod = lang.get(code)
    assert all(len(k) == 1 for k in mod.FOLD)
    assert len(mod.DIGITS) == 10
    assert [unicodedata.decimal(d) for d in mod.DIGITS] == list(range(10))
    assert mod.SENTENCE_END and "." in mod.SENTENCE_END or "۔" in mod.SENTENCE_END
    for abbreviation in mod.ABBREVIATIONS | mod.ABBREVIATIONS_MAY_END:
        assert abbreviation.endswith(".") and abbreviation == abbreviation.lower()
    assert not mod.ABBREVIATIONS & mod.ABBREVIATIONS_MAY_END
    assert all(w == w.lower() for w in mod.FUNCTION_WORDS)
    if mod.ZWNJ_DATA:
        path = resources.files("stemma.text.lang").joinpath("data", mod.ZWNJ_DATA)
        assert path.is_file()


def test_arabic_script_modules_tell_each_other_apart():
    arabic_script = [lang.get(c) for c in lang.CODES if lang.get(c).SCRIPT == "Arab"]
    assert {m.CODE for m in arabic_script} >= {"fa", "ar", "ur"}
    for a in arabic_script:
        assert a.LETTERS
        for b in arabic_script:
            if a is not b:
                assert a.LETTERS != b.LETTERS
                assert not a.FUNCTION_WORDS & b.FUNCTION_WORDS


def test_fold_tables_agree_with_the_language():
    fa, ar, ur = lang.get("fa"), lang.get("ar"), lang.get("ur")
    assert fa.FOLD["ي"] == "ی" and fa.FOLD["ك"] == "ک"
    assert ar.FOLD["ی"] == "ي" and ar.FOLD["ک"] == "ك" and ar.FOLD["ة"] == "ه"
    assert ur.FOLD["ي"] == "ی" and ur.FOLD["ه"] == "ہ"
    assert "۔" in ur.SENTENCE_END and "؟" in fa.SENTENCE_END and "؟" in ar.SENTENCE_END
    assert "dr." in lang.get("en").ABBREVIATIONS and "u.s." in lang.get("en").ABBREVIATIONS_MAY_END
