"""Issue 3 expectations on the seeds, through the whole ingest pipeline and `show --json`."""

import json

from typer.testing import CliRunner

from stemma.cli import app

IDS = [
    "000_829ae545a56f0e4d",
    "001_93576a656895ae0b",
    "002_47c81d98f74a1fe8",
    "003_25165f9b26cfb419",
    "004_6255df3e44a854fb",
]


def shown(seed_store, n):
    result = CliRunner().invoke(app, ["show", IDS[n], "--json", "--db", seed_store.path])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_languages(seed_store):
    assert [shown(seed_store, n)["lang"] for n in range(5)] == ["en", "en", "en", "en", "fa"]


def test_arabic_passages_inside_the_persian_letter(seed_store):
    data = shown(seed_store, 4)
    arabic = [p["text"] for p in data["passages"] if p["lang"] == "ar"]
    assert any("بسم الله الرحمن الرحيم" in t for t in arabic)
    assert any("لا تهنوا" in t or "وَلَا تَهْنُؤُوا" in t for t in arabic)
    persian = [p for p in data["passages"] if p["lang"] == "fa"]
    assert len(persian) > len(arabic)
    for p in data["passages"]:
        assert data["passages"] and 0 <= p["start"] < p["end"]


def test_outlets(seed_store):
    assert shown(seed_store, 0)["outlet"] == "defapress"
    assert shown(seed_store, 3)["outlet"] == "Tasnim"
    assert shown(seed_store, 4)["outlet"] == "Espadana Khabar"


def test_sources(seed_store):
    def phrases(n):
        return " | ".join(s["phrase"] + " " + s["name"] for s in shown(seed_store, n)["sources"])

    assert "official website" in phrases(0)
    assert "Islamic Republic News Agency" in phrases(2) or "IRNA" in phrases(2)
    assert "پایگاه اطلاع رسانی دفتر مقام معظم رهبری" in phrases(4)


def dates(seed_store, n):
    return shown(seed_store, n)["dates"]


def test_dates_000(seed_store):
    data = shown(seed_store, 0)
    assert data["published"] == "2018-04-05T12:37"
    assert data["updated"].startswith("2021-09-17")
    assert any(d["role"] == "signed" and d["iso"] == "2018-04-04" for d in data["dates"])


def test_dates_001(seed_store):
    data = shown(seed_store, 1)
    assert data["published"].startswith("2018-04-05")
    assert any(d["role"] == "signed" and d["iso"] == "2018-04-04" for d in data["dates"])


def test_dates_004_in_two_hijri_calendars(seed_store):
    found = {(d["calendar"], d["iso"]) for d in dates(seed_store, 4)}
    assert ("solar_hijri", "2018-04-04") in found
    assert ("lunar_hijri", "2018-04-04") in found
    texts = {d["text"] for d in dates(seed_store, 4)}
    assert "۱۵ فروردین ۱۳۹۷" in texts


def test_yearless_date_never_takes_the_clock_year(seed_store):
    may = [d for d in dates(seed_store, 3) if "May 10" in d["text"]]
    assert may and all(not (d["iso"] or "").startswith("2026") for d in may)


def test_persian_clean_text_is_repaired_but_raw_is_not(seed_store, seeds):
    data = shown(seed_store, 4)
    for word in ("می‌اندازد", "خامنه‌ای", "آیت‌الله"):
        assert word in data["text"]
    result = CliRunner().invoke(app, ["show", IDS[4], "--raw", "--db", seed_store.path])
    assert result.stdout_bytes == (seeds / f"{IDS[4]}.txt").read_bytes()
