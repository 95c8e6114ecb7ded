"""Direction of a translation from what the translator left behind: words of the original kept
untranslated, and a date kept in the original's calendar. Texts are our own writing."""

from stemma.model import Article, DateMention
from stemma.reuse.translation import residue, translation_direction

ENGLISH = (
    "The council met on Monday to discuss the new bridge over the river. The mayor said that "
    'the plan was ready and that the money was there. "We will do it and we will do it well," '
    "she told the council. The bridge will cost the city more than the old one, and it will "
    "take two years to build. Residents of the old town asked for a vote on the plan, and the "
    "council said it will hold one in the spring. We will see, said one of them."
)
GERMAN = (
    "Der Stadtrat traf sich am Montag, um über die neue Brücke über den Fluss zu beraten. Die "
    "Bürgermeisterin sagte, der Plan sei fertig und das Geld sei da. „We will do it and we will "
    "do it well“, sagte sie dem Rat. Die Brücke wird die Stadt mehr kosten als die alte, und "
    "der Bau wird zwei Jahre dauern. Bewohner der Altstadt forderten eine Abstimmung über den "
    "Plan, und der Rat sagte, er werde im Frühjahr eine abhalten. Wir werden sehen, sagte einer."
)


def art(id, lang, text, **kw):
    return Article(id=id, raw=text.encode(), format="txt", source=text, text=text, lang=lang, **kw)


def test_a_german_translation_keeping_an_english_quotation_derives_from_the_english():
    en, de = art("en1", "en", ENGLISH), art("de1", "de", GERMAN)
    assert residue(en, de) == ["We will do it and we will do it well"]
    assert residue(de, en) == []  # the English text keeps no German
    for a, b in ((en, de), (de, en)):  # whichever order the pair arrives in
        verdict = translation_direction(a, b)
        assert verdict.direction == "en1"
        assert [s.signal for s in verdict.signals] == ["residue"]
        assert "de1 keeps words of en1 untranslated" in verdict.why
        assert "We will do it" in verdict.why


def test_names_numbers_and_glosses_are_no_residue():
    en = art(
        "en1",
        "en",
        "Anna Berg of the Daily Courier said 300 km of road will close. The road is old and "
        "the work is late. The city and the region will pay for it, and the work will end in "
        "May. She said the deal of the century was a joke.",
    )
    de = art(
        "de1",
        "de",
        "Anna Berg vom Daily Courier sagte, 300 km Straße würden gesperrt. Die Straße ist alt "
        "und die Arbeiten sind spät dran. Sie nannte den Plan einen Witz (the deal of the "
        "century).",
    )
    # a name, a number with its unit, a gloss the writer put in brackets
    assert residue(en, de) == []
    assert translation_direction(en, de).direction is None


def test_two_translations_sharing_an_english_title_state_no_direction_between_them():
    title = "The Long Road: A Story of Rivers and Bridges"
    ar = art(
        "ar1",
        "ar",
        f"قال الكاتب إن كتابه {title} سيصدر في الربيع. وقال إن الكتاب يروي قصة المدينة.",
    )
    de = art(
        "de1",
        "de",
        f"Der Autor sagte, sein Buch {title} erscheine im Frühjahr. Das Buch erzähle und "
        "beschreibe die Geschichte der Stadt und ihrer Brücken.",
    )
    # the title is English: at home in neither text ("of" and "and" occur nowhere else in German)
    assert residue(de, ar) == [] and residue(ar, de) == []
    assert translation_direction(ar, de).direction is None


def test_residue_each_way_leaves_the_pair_undirected():
    en = art(
        "en1",
        "en",
        ENGLISH + " Die Stadt wird es schaffen, sagte der Rat, und die Stadt wird es sehen.",
    )
    de = art("de1", "de", GERMAN + " Die Stadt wird es schaffen, sagte der Rat.")
    assert residue(en, de) and residue(de, en)
    verdict = translation_direction(en, de)
    assert verdict.direction is None and "disagree" in verdict.why


def test_an_english_text_dating_in_the_solar_hijri_calendar_renders_the_persian():
    day = "2018-04-04"
    fa = art(
        "fa1",
        "fa",
        "متن نامه. ۱۵ فروردین ۱۳۹۷",
        dates=[DateMention("۱۵ فروردین ۱۳۹۷", 10, 26, "solar_hijri", day, "signed")],
    )
    en = art(
        "en1",
        "en",
        "Text of the letter. 15 Farvardin 1397",
        dates=[DateMention("15 Farvardin 1397", 20, 37, "solar_hijri", day, "signed")],
    )
    verdict = translation_direction(en, fa)
    assert verdict.direction == "fa1"
    assert "original_calendar" in [s.signal for s in verdict.signals]
    assert "Solar Hijri calendar" in verdict.why
    # a Persian text giving a Gregorian day says nothing of the kind: everyone dates in it
    en_greg = art(
        "en2",
        "en",
        "Text of the letter. April 4, 2018",
        dates=[DateMention("April 4, 2018", 20, 33, "gregorian", day, "signed")],
    )
    assert all(s.signal != "original_calendar" for s in translation_direction(en_greg, fa).signals)


def test_a_lunar_hijri_date_in_english_is_weak_evidence_alone():
    day = "2018-04-04"
    ar = art(
        "ar1",
        "ar",
        "نص الرسالة. ١٧ رجب ١٤٣٩",
        dates=[DateMention("١٧ رجب ١٤٣٩", 10, 22, "lunar_hijri", day, "signed")],
    )
    en = art(
        "en1",
        "en",
        "Text of the letter. 17 Rajab 1439",
        dates=[DateMention("17 Rajab 1439", 20, 33, "lunar_hijri", day, "signed")],
    )
    # Islamic matters are dated in the Lunar Hijri calendar in English too: shown, not stated
    verdict = translation_direction(en, ar)
    assert verdict.direction is None and "weak" in verdict.why
    assert [(s.signal, s.weight) for s in verdict.signals] == [("original_calendar", 0.5)]


def _passages(article):
    from stemma.model import Passage
    from stemma.text.segment import sentences

    spans = sentences(article.text, article.lang)
    article.passages = [
        Passage(a, b, article.text[a:b], article.lang, i) for i, (a, b) in enumerate(spans)
    ]
    return article


def test_the_typed_link_states_the_residue_in_its_evidence():
    import numpy as np

    from stemma.reuse.translation import type_cross_language

    en, de = _passages(art("en1", "en", ENGLISH)), _passages(art("de1", "de", GERMAN))
    assert len(en.passages) == len(de.passages) >= 6
    rng = np.random.default_rng(5)
    src = rng.normal(size=(len(en.passages), 32)).astype(np.float32)
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    noise = 0.1 * rng.normal(size=src.shape).astype(np.float32) / np.sqrt(32)
    rendered = src + noise
    rendered /= np.linalg.norm(rendered, axis=1, keepdims=True)
    link = type_cross_language(de, en, rendered, src)  # the translation first: order is no hint
    assert link is not None and link.kind == "translation"
    assert link.direction == "en1"
    assert [s["signal"] for s in link.evidence.direction_signals] == ["residue"]
    assert any("keeps words of en1 untranslated" in r for r in link.evidence.reasons)
