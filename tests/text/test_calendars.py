from datetime import date, timedelta

import pytest

from stemma.text.calendars import (
    gregorian_to_lunar_hijri,
    gregorian_to_solar_hijri,
    iranian_month_start,
    lunar_hijri_candidates,
    lunar_hijri_to_gregorian,
    solar_hijri_to_gregorian,
)


@pytest.mark.parametrize(
    ("ymd", "expected"),
    [
        ((1397, 1, 15), date(2018, 4, 4)),
        ((1400, 1, 1), date(2021, 3, 21)),  # Nowruz
        ((1399, 12, 30), date(2021, 3, 20)),  # leap year: Esfand has 30 days
        ((1357, 11, 22), date(1979, 2, 11)),
        ((1403, 7, 1), date(2024, 9, 22)),
    ],
)
def test_solar_hijri_exact(ymd, expected):
    assert solar_hijri_to_gregorian(*ymd) == expected
    assert gregorian_to_solar_hijri(expected) == ymd


@pytest.mark.parametrize("ymd", [(1402, 12, 30), (1397, 13, 1), (1397, 7, 31), (1397, 1, 0)])
def test_solar_hijri_impossible(ymd):
    with pytest.raises(ValueError, match="Solar Hijri"):
        solar_hijri_to_gregorian(*ymd)


def test_umm_al_qura_exact():
    assert lunar_hijri_to_gregorian(1439, 7, 17) == date(2018, 4, 3)
    assert lunar_hijri_to_gregorian(1445, 9, 1, "umm_al_qura") == date(2024, 3, 11)
    assert type(lunar_hijri_to_gregorian(1445, 9, 1)) is date
    assert gregorian_to_lunar_hijri(date(2018, 4, 3)) == (1439, 7, 17)


@pytest.mark.parametrize(
    ("ymd", "expected"),
    [
        ((1439, 7, 17), date(2018, 4, 4)),  # the seed letter: 15 Farvardin 1397
        ((1439, 9, 1), date(2018, 5, 17)),  # Ramadan 2018 began on Thursday in Iran
        ((1444, 10, 1), date(2023, 4, 22)),  # Eid al-Fitr 2023 in Iran, a day after Saudi
        ((1445, 9, 1), date(2024, 3, 12)),
        ((1446, 9, 1), date(2025, 3, 2)),
    ],
)
def test_iranian_reckoning_on_known_dates(ymd, expected):
    assert lunar_hijri_to_gregorian(*ymd, reckoning="iranian") == expected


def test_candidates_cover_both_reckonings():
    got = lunar_hijri_candidates(1439, 7, 17)
    assert got == {"umm_al_qura": date(2018, 4, 3), "iranian": date(2018, 4, 4)}


def test_candidates_leave_out_a_day_umm_al_qura_lacks():
    # Jumada al-Thani 1439 has 29 days in Umm al-Qura
    with pytest.raises(ValueError, match="Umm al-Qura"):
        lunar_hijri_to_gregorian(1439, 6, 30)
    got = lunar_hijri_candidates(1439, 6, 30)
    assert set(got) == {"iranian"}


def test_iranian_months_are_29_or_30_days_and_near_umm_al_qura():
    for year in range(1420, 1450):
        for month in range(1, 13):
            start = iranian_month_start(year, month)
            nxt = iranian_month_start(*((year, month + 1) if month < 12 else (year + 1, 1)))
            assert (nxt - start).days in (29, 30)
            offset = start - lunar_hijri_to_gregorian(year, month, 1)
            assert timedelta(0) <= offset <= timedelta(days=1)


@pytest.mark.parametrize(
    ("ymd", "message"),
    [
        ((1439, 13, 1), "month must be 1-12"),
        ((1439, 7, 31), "day must be 1-30"),
        ((1439, 7, 0), "day must be 1-30"),
        ((1200, 7, 1), "outside the supported range"),
    ],
)
def test_lunar_impossible(ymd, message):
    for reckoning in ("umm_al_qura", "iranian"):
        with pytest.raises(ValueError, match=message):
            lunar_hijri_to_gregorian(*ymd, reckoning=reckoning)


def test_unknown_reckoning():
    with pytest.raises(ValueError, match="unknown reckoning"):
        lunar_hijri_to_gregorian(1439, 7, 17, reckoning="tabular")
