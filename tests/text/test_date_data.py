"""Every module with date data (full and dates-only) is well formed: each month and weekday
named, relative words with small shifts, and dates-only modules kept out of ``get``."""

from __future__ import annotations

import pytest

from stemma.text import lang

ALL = (*lang.CODES, *lang.DATE_CODES)


@pytest.mark.parametrize("code", ALL)
def test_months_and_weekdays_are_complete(code):
    mod = lang.dated(code)
    assert mod.CODE == code
    months = getattr(mod, "GREGORIAN_MONTHS", None)
    if months is None:  # written with unit characters instead of names
        assert set(mod.YMD_UNITS) == {"year", "month", "day"}
    else:
        assert set(months.values()) == set(range(1, 13)), code
    assert set(mod.WEEKDAYS.values()) == set(range(7)), code
    for word, shift in getattr(mod, "RELATIVE_DAYS", {}).items():
        assert word and -2 <= shift <= 2


@pytest.mark.parametrize("code", lang.DATE_CODES)
def test_dates_only_modules_are_not_full_modules(code):
    assert lang.get(code) is None and lang.dated(code) is not None
    assert code not in lang.CODES


def test_no_code_without_data():
    assert lang.dated("xx") is None and lang.dated(None) is None
