import pytest

from stemma.ingest import outlets


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Islamic Republic News Agency", "IRNA"),
        ("خبرگزاری جمهوری اسلامی", "IRNA"),
        ("ايرنا", "IRNA"),  # Arabic yeh for Persian yeh
        ("Defa Press", "defapress"),
        ("defapress", "defapress"),
        ("دفاع‌پرس", "defapress"),
        ("اسپاداناخبر", "Espadana Khabar"),
        ("اسپادانا خبر", "Espadana Khabar"),
        ("Tasnim News Agency", "Tasnim"),
        ("تسنیم", "Tasnim"),
        ("Fars News Agency", "Fars"),
        ("the Mehr news agency", "Mehr"),  # generic words dropped on a second try
        ("BBC Persian", "BBC Persian"),
        ("بی‌بی‌سی فارسی", "BBC Persian"),
        ("Al-Jazeera", "Al Jazeera"),
        ("الجزيرة", "Al Jazeera"),
        ("رويترز", "Reuters"),
        ("رویترز", "Reuters"),
        ("Associated Press of Pakistan", "APP"),
        ("اے پی پی", "APP"),
        ("KHAMENEI.IR", "Khamenei.ir"),
    ],
)
def test_lookup_canonicalises_spellings(written, name):
    assert outlets.lookup(written).name == name


def test_every_spelling_looks_up_to_its_own_outlet():
    for outlet in outlets.OUTLETS:
        for spelling in (outlet.name, *outlet.aliases):
            assert outlets.lookup(spelling) is outlet, spelling


def test_unknown_names_stay_as_written():
    assert outlets.lookup("The Riverside Gazette") is None
    assert outlets.lookup("") is None
    assert outlets.canonical("  The Riverside Gazette ") == "The Riverside Gazette"
    assert outlets.canonical("Tasnim News Agency") == "Tasnim"
    assert outlets.canonical(None) is None


def test_fold_ignores_case_spacing_and_letter_forms():
    assert outlets.fold("Al-Jazeera") == outlets.fold("al jazeera")
    assert outlets.fold("اسپادانا خبر") == outlets.fold("اسپاداناخبر")
    assert outlets.fold("كيهان") == outlets.fold("کیهان")


def test_find_gives_outlets_with_offsets():
    text = "به نقل از خبرنگار خبرگزاری تسنیم و رویترز"
    found = outlets.find(text)
    assert [f[0].name for f in found] == ["Tasnim", "Reuters"]
    outlet, start, end = found[0]
    assert text[start:end] == "خبرگزاری تسنیم"


def test_find_prefers_the_longest_spelling():
    found = outlets.find("as BBC Persian reported")
    assert [f[0].name for f in found] == ["BBC Persian"]


def test_find_keeps_short_latin_names_case_sensitive():
    assert outlets.find("at dawn the ap was closed") == []
    assert [f[0].name for f in outlets.find("Dawn and AP reported")] == ["Dawn", "AP"]


def test_find_needs_word_boundaries():
    assert outlets.find("Reutersville") == []


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.tasnimnews.com/en/news/2018/04/04/1", "Tasnim"),
        ("http://defapress.ir/en/news/69545", "defapress"),
        ("irna.ir/news/1", "IRNA"),
        ("https://www.bbc.co.uk/news", "BBC"),
    ],
)
def test_from_url(url, name):
    assert outlets.from_url(url).name == name


def test_from_url_unknown_or_malformed():
    assert outlets.from_url("https://news.example.org/a") is None
    assert outlets.from_url("https://notirna.ir/x") is None
    assert outlets.from_url("http://[::1") is None
    assert outlets.from_url(None) is None


def test_same_outlet_under_two_names():
    assert outlets.same("Sepidar News Agency", "Sepidar")
    assert outlets.same("خبرگزاری سپیدار", "سپیدار")
    assert outlets.same("Islamic Republic News Agency", "ایرنا")
    assert not outlets.same("Sepidar", "Meridian")
    assert not outlets.same(None, "Sepidar")
