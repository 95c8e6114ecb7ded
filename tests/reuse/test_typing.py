import pytest

from stemma.model import Article, SourceCitation, Variant
from stemma.reuse.typing import is_trivial, names, numbers, type_same_language

ORIGINAL = (
    "Mayor Elena Vargas said on Tuesday that the Riverside bridge will close for 14 months.\n\n"
    "The repairs will cost 32 million euros, according to the city engineer Tomas Brandt.\n\n"
    "Vargas promised a free ferry service for commuters during the works (from March).\n\n"
    "Shop owners in Riverside warned that the closure could ruin their dialogue with "
    "suppliers and cut sales by half.\n\n"
    "The council will vote on the final plan at its meeting on 3 February."
)
REWRITE = (
    "The Riverside bridge is to be shut for 14 months, Mayor Elena Vargas announced on Tuesday.\n\n"
    "According to city engineer Tomas Brandt, the repair work is going to cost 32 million euros.\n\n"
    "During the works commuters will get a free ferry, Vargas promised.\n\n"
    "Riverside shop owners fear the closure will halve their sales."
)
OTHER_EVENT = (
    "Mayor Elena Vargas opened a new library in Riverside on Saturday.\n\n"
    "The building has room for 80,000 books and a cafe, Vargas told reporters.\n\n"
    "Tomas Brandt, who designed it, said the roof collects rain for the gardens."
)


def _article(id, text, lang="en", **kw):
    return Article(id=id, raw=text.encode(), format="txt", source=text, text=text, lang=lang, **kw)


def test_copy_with_trivial_variants_lists_them():
    copy = (
        ORIGINAL.replace("dialogue", "dialog")
        .replace("(from March)", "[from March]")
        .replace("Tomas Brandt", "Tomás Brandt (Arabic remarks)")
    )
    link = type_same_language(_article("a", ORIGINAL), _article("b", copy))
    assert link.kind == "copy"
    found = {(v.kind, v.a, v.b) for v in link.evidence.variants}
    assert ("substitution", "dialogue", "dialog") in found
    assert ("substitution", "(from March)", "[from March]") in found
    assert ("insertion", "", "(Arabic remarks)") in found
    assert link.evidence.coverage_a == link.evidence.coverage_b == 1.0
    assert link.score > 0.9


def test_edited_text_is_a_revision():
    edited = (
        ORIGINAL.replace("free ferry service", "cheap bus service")
        .replace("cut sales by half", "drive customers away")
        .replace("final plan", "budget")
    )
    link = type_same_language(_article("a", ORIGINAL), _article("b", edited))
    assert link.kind == "revision"
    assert any(v.a == "free ferry" and v.b == "cheap bus" for v in link.evidence.variants)


def test_excerpt_points_to_the_fuller_text():
    paras = ORIGINAL.split("\n\n")
    part = "\n\n".join(paras[:2])
    link = type_same_language(_article("part", part), _article("full", ORIGINAL))
    assert link.kind == "excerpt"
    assert link.direction == "full"
    assert link.evidence.coverage_a == 1.0 and link.evidence.coverage_b < 0.5
    assert any("fuller" in r for r in link.evidence.reasons)


def test_rewrite_is_a_paraphrase_with_aligned_sentences():
    a, b = _article("a", ORIGINAL), _article("b", REWRITE)
    link = type_same_language(a, b)
    assert link.kind == "paraphrase"
    assert link.evidence.variants == []
    assert len(link.evidence.pairs) >= 3
    pair = next(p for p in link.evidence.pairs if "ferry" in b.source[p.b_start : p.b_end])
    assert "ferry" in a.source[pair.a_start : pair.a_end]
    assert {"Vargas", "Brandt", "Riverside"} <= set(link.evidence.shared["names"])
    assert {"14", "32"} <= set(link.evidence.shared["numbers"])


def test_same_actors_other_event_is_related():
    link = type_same_language(_article("a", ORIGINAL), _article("b", OTHER_EVENT))
    assert link.kind == "related"
    assert {"Vargas", "Brandt"} <= set(link.evidence.shared["names"])


def test_unrelated_texts_have_no_link():
    other = "Wheat prices rose in the spring after a dry season in the south of the country."
    assert type_same_language(_article("a", ORIGINAL), _article("b", other)) is None


def test_direction_from_publication_and_citation_undirected_when_they_disagree():
    a = _article("a", ORIGINAL, published="2024-01-02", outlet="Daily Bugle")
    b = _article("b", REWRITE, published="2024-01-03T10:00", outlet="Planet News")
    assert type_same_language(a, b).direction == "a"
    assert type_same_language(b, a).direction == "a"
    same_day = _article("c", REWRITE, published="2024-01-02")
    assert type_same_language(a, same_day).direction is None
    # a citation agreeing with the dates states the direction
    cited = _article(
        "d", REWRITE, published="2024-01-03", outlet="Planet News",
        sources=[SourceCitation("Daily Bugle", "told the Daily Bugle", 0, 10)],
    )  # fmt: skip
    link = type_same_language(a, cited)
    assert link.direction == "a"
    assert [s["signal"] for s in link.evidence.direction_signals] == ["citation", "time"]
    assert any("cites" in r for r in link.evidence.reasons)
    # a citation of a's outlet in a text dated before a cites some other text of that outlet:
    # the signals disagree and the link stays undirected, saying so
    before = _article(
        "e", REWRITE, published="2024-01-01", outlet="Planet News",
        sources=[SourceCitation("Daily Bugle", "told the Daily Bugle", 0, 10)],
    )  # fmt: skip
    link = type_same_language(a, before)
    assert link.direction is None
    assert any("disagree" in r for r in link.evidence.reasons)
    assert {s["points_to"] for s in link.evidence.direction_signals} == {"a", "e"}


@pytest.mark.parametrize(
    ("kind", "a", "b", "trivial"),
    [
        ("substitution", "dialogue", "dialog", True),
        ("substitution", "Seyed", "Seyyed", True),
        ("substitution", "(of the campaign)", "[of the campaign]", True),
        ("insertion", "", "(Arabic Prayers)", True),
        ("substitution", "Imam Khamenei", "Leader of the Islamic Revolution", False),
        ("substitution", "ferry", "bus", False),
        ("omission", "recent", "", False),
    ],
)
def test_trivial_variants(kind, a, b, trivial):
    assert is_trivial(Variant(kind, a, b, 0, len(a), 0, len(b)), "en") is trivial


def test_names_and_numbers():
    art = _article(
        "a", "The Mayor met Vargas. Then the mayor left.\nVisitors came at 10:30 and 1,200 paid."
    )
    assert set(names(art).values()) == {"Vargas"}  # "Mayor" is also written lower case
    assert numbers(art) == {"10:30", "1,200"}
    fa = _article("f", "\u06f1\u06f2\u06f0 \u0646\u0641\u0631", "fa")
    assert numbers(fa) == {"120"}


# --- the seed captures ---------------------------------------------------------------------------


def _seed_articles(seeds):
    try:
        from stemma.ingest.pipeline import analyse
        from stemma.ingest.read import iter_records
    except ImportError:  # pipeline not available: plain articles, no metadata
        return {
            p.stem[:3]: _article(p.stem, p.read_text(encoding="utf-8"))
            for p in sorted(seeds.glob("*.txt"))
        }
    out = {}
    for record in iter_records([seeds]):
        article, _ = analyse(record)
        out[article.id[:3]] = article
    return out


@pytest.fixture(scope="module")
def seed_articles(seeds):
    return _seed_articles(seeds)


def test_seed_translation_captures_are_one_text_with_its_variants(seed_articles):
    a, b = seed_articles["000"], seed_articles["001"]
    link = type_same_language(a, b)
    assert link.kind in ("copy", "revision")
    found = {(v.a, v.b) for v in link.evidence.variants}
    for expected in [
        ("dialogue", "dialog"),
        ("Seyed", "Seyyed"),
        ("Imam Khamenei", "Leader of the Islamic Revolution"),
        ("(of the campaign)", "[of the campaign]"),
        ("", "(Arabic Prayers)"),
    ]:
        assert expected in found
    assert min(link.evidence.coverage_a, link.evidence.coverage_b) > 0.85


def test_seed_wire_rewrite_is_a_paraphrase(seed_articles):
    for other in ("000", "001"):
        a, b = seed_articles[other], seed_articles["002"]
        link = type_same_language(a, b)
        assert link.kind in ("paraphrase", "same_event")
        assert link.evidence.variants == []
        assert len(link.evidence.pairs) >= 5
    a = seed_articles["001"]
    texts = [  # one-line forms: 001 is hard-wrapped
        (" ".join(a.source[p.a_start : p.a_end].split()), b.source[p.b_start : p.b_end])
        for p in type_same_language(a, b).evidence.pairs
    ]
    assert any(
        "deceptive, mendacious and usurping regime is an unforgivable mistake" in x
        and "deceptive, occupying and liar regime is a big unforgivable sin" in y
        for x, y in texts
    )


def test_seed_later_letter_is_only_related(seed_articles):
    for other in ("000", "001", "002"):
        link = type_same_language(seed_articles[other], seed_articles["003"])
        assert link is None or link.kind == "related"
        link = type_same_language(seed_articles["003"], seed_articles[other])
        assert link is None or link.kind == "related"


def test_a_cut_of_the_fuller_text_derives_from_it_unless_the_dates_disagree():
    first = "\n\n".join(ORIGINAL.split("\n\n")[:3])  # a pickup of the first paragraphs
    full = _article("full", ORIGINAL)
    link = type_same_language(_article("cut", first, published="2024-01-05"), full)
    assert link.kind in ("revision", "excerpt") and link.direction == "full"
    assert [s["signal"] for s in link.evidence.direction_signals] == ["containment"]
    # the fuller text published later may be an update that grew from the short one
    later = _article("update", ORIGINAL, published="2024-01-06")
    link = type_same_language(_article("cut", first, published="2024-01-05"), later)
    assert link.direction is None and any("disagree" in r for r in link.evidence.reasons)
