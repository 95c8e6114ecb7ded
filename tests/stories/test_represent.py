"""What stands for an article: folding, names, numbers, dates, passages, shingle sketches."""

from datetime import date

import pytest

from stemma.model import Article, DateMention, Passage
from stemma.stories.represent import (
    day_gap,
    dominant_script,
    fold,
    jaccard,
    month_days,
    name_counts,
    name_similarity,
    numbers_years,
    represent,
    representative_passages,
    resemblance,
    shingle_sketch,
    sketch_hashes,
    split_sentences,
    words,
)


def article(text: str, **fields) -> Article:
    return Article(
        id=fields.pop("id", "a1"), raw=text.encode(), format="txt", source=text, text=text, **fields
    )


def test_fold_unifies_digits_letters_and_zwnj():
    assert fold("۱۳۹۷ و ١٤٣٩") == "1397 و 1439"
    assert fold("علي كتاب") == fold("علی کتاب")
    assert fold("می\u200cکند") == fold("میکند")
    assert fold("Café HANIYEH") == "cafe haniyeh"


def test_split_sentences_cuts_lines_and_punctuation():
    text = "First one here. Second one! Third?\nA new line without a stop\nدومی اینجاست. سومی"
    assert split_sentences(text) == [
        "First one here.",
        "Second one!",
        "Third?",
        "A new line without a stop",
        "دومی اینجاست.",
        "سومی",
    ]


def test_names_skip_sentence_openers_unless_seen_inside():
    counts = name_counts(
        [
            "Yesterday the minister met Haniyeh in Doha.",
            "Haniyeh's office said Doha talks went well.",
            "Officials declined to comment.",
        ]
    )
    assert counts["haniyeh"] == 2 and counts["doha"] == 2
    assert "yesterday" not in counts and "officials" not in counts
    assert name_counts(["AUGUST 2, 2013 PUBLISHED BY THE DESK"]) == {}
    assert name_counts(["رهبر انقلاب در پاسخ به نامه"]) == {}


def test_numbers_and_years():
    numbers, years = numbers_years("243 killed, 1,900 hurt, 2,5 percent, 6.1 quake in 2018 at 7:30")
    assert numbers == {"243", "1900", "2.5", "6.1"}
    assert years == {"2018"}
    numbers, years = numbers_years("۱۵ فروردین ۱۳۹۷ و ۲۰۱۸")
    assert numbers == {"15", "1397"} and years == {"2018"}
    assert numbers_years("version 1.2.3 and 5 people") == (frozenset(), frozenset())


def test_month_days_and_gaps():
    assert month_days("on May 10th, 4 April and Feb. 29; not Feb 30") == {"05-10", "04-04", "02-29"}
    assert day_gap(frozenset({"05-10"}), frozenset({"04-04", "05-01"})) == 9
    assert day_gap(frozenset({"12-30"}), frozenset({"01-02"})) == 3
    assert day_gap(frozenset(), frozenset({"01-02"})) is None


def test_representative_passages_skip_labels_and_repeats_and_prefer_rich_sentences():
    sentences = [
        "Updated in: 17 September 2021 - 02:01",
        "Quake hits the northern coast overnight",
        "A strong quake hit the northern coast of the island overnight, officials said.",
        "Residents left their homes and waited outside until the morning came.",
        "Schools stayed closed while engineers checked the buildings for damage.",
        "Governor Maria Lopez said 243 people were hurt and 12 buildings collapsed in Port Alba.",
        "Many people said they were frightened by the noise.",
    ]
    names = {"maria": 1.0, "lopez": 1.0, "port": 1.0, "alba": 1.0, "governor": 1.0}
    chosen = representative_passages(
        "Quake hits the northern coast overnight", sentences, names, lead=2, rich=1, max_chars=60
    )
    assert chosen[0] == "Quake hits the northern coast overnight"
    assert chosen[1].startswith("A strong quake hit the northern coast")
    assert len(chosen[1]) <= 60
    assert chosen[2].startswith("Residents left")
    assert chosen[3].startswith("Governor Maria Lopez said 243")
    assert len(chosen) == 4
    # a bare headline still gives one passage
    assert representative_passages("Sprint bid", ["Sprint bid"], {}) == ["Sprint bid"]


def test_shingle_sketch_resemblance():
    a = shingle_sketch(words("the cat sat on the mat and looked at the door for a while"))
    b = shingle_sketch(words("the cat sat on the mat and looked at the door for a while"))
    c = shingle_sketch(words("completely different words make up this other sentence here now"))
    assert resemblance(a, b) == 1.0
    assert resemblance(a, c) == 0.0
    assert resemblance(a, shingle_sketch([])) == 0.0
    long = words("w " * 500 + " ".join(str(i) for i in range(500)))
    assert len(sketch_hashes(shingle_sketch(long, 64))) == 64


def test_similarity_helpers():
    assert name_similarity({"a": 1.0, "b": 1.0}, {"a": 1.0, "b": 1.0}) == pytest.approx(1.0)
    assert name_similarity({"a": 3.0}, {"a": 1.0, "b": 1.0}) == pytest.approx(2**-0.5)
    assert name_similarity({"a": 1.0}, {}) == 0.0
    assert jaccard(frozenset({"1", "2"}), frozenset({"2", "3"})) == 1 / 3
    assert dominant_script("Hello دنیا world") == "LATIN"
    assert dominant_script("سلام دنیا") == "ARABIC"


def test_represent_uses_passages_dates_and_published():
    text = "Minister Karimi opens the dam\nMinister Karimi opened the new Sefid dam on Monday."
    a = article(
        text,
        lang="EN",
        title="Minister Karimi opens the dam",
        published="2019-03-04T10:00",
        passages=[
            Passage(0, 29, "Minister Karimi opens the dam"),
            Passage(30, len(text), "Minister Karimi opened the new Sefid dam on Monday."),
        ],
        dates=[
            DateMention("۱۳ اسفند ۱۳۹۷", 0, 5, "solar_hijri", "2019-03-04"),
            DateMention("4 March", 0, 5, "gregorian", "--03-04"),
        ],
    )
    profile = represent(a)
    assert profile.lang == "en" and profile.script == "LATIN"
    assert profile.published == date(2019, 3, 4)
    assert profile.years == {"2019"} and profile.days == {"03-04"}
    assert profile.passages[0] == "Minister Karimi opens the dam"
    assert {"karimi", "sefid"} <= profile.names.keys()
    assert "minister" not in profile.names  # only ever opens a sentence


def test_an_undated_article_takes_its_day_from_a_signature_never_from_its_text():
    from stemma.model import TimeEvidence

    def dated(when):
        return represent(article("The minister signed the letter in Tehran.", when=when))

    signed = TimeEvidence("2018-04-04", "day", "signature", "۱۵ فروردین ۱۳۹۷")
    assert dated(signed).published == date(2018, 4, 4)
    # a date the text reports is not when it was published; a month gives no day
    assert dated(TimeEvidence("2018-04-04", "day", "text", "4 April 2018")).published is None
    assert dated(TimeEvidence("2018-04", "month", "signature", "Farvardin 1397")).published is None
    assert dated(None).published is None
