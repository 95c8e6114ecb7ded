"""Which witness gives a collation its rows (issue 13, item 6): the stemma's root where evidence
puts it first, else the original's language, else a deterministic choice the collation states."""

import random
import xml.dom.minidom

from stemma.collate import collate
from stemma.collate.export import to_html, to_tei
from stemma.model import Article, Link

EN = (
    "The minister said the talks were useful and long. "
    "Both sides will meet again in the capital next week. "
    "Farmers in the north asked for more water this spring."
)
EN_SHORT = "The minister said the talks were useful and long."
DE = (
    "Der Minister sagte, die Gespräche seien nützlich und lang gewesen. "
    "Beide Seiten treffen sich nächste Woche wieder in der Hauptstadt. "
    "Bauern im Norden forderten in diesem Frühjahr mehr Wasser."
)
FA = (
    "وزیر گفت گفتگوها مفید و طولانی بود. "
    "دو طرف هفته آینده در پایتخت دوباره دیدار می‌کنند. "
    "کشاورزان شمال امسال آب بیشتری خواستند."
)


def art(id, text, lang):
    return Article(id=id, raw=text.encode(), format="txt", source=text, lang=lang)


def pile():
    return [
        art("en-short", EN_SHORT, "en"),
        art("en-full", EN, "en"),
        art("de-1", DE, "de"),
        art("fa-1", FA, "fa"),
        art("en-third", EN_SHORT + " Both sides will meet again.", "en"),
    ]


LAYOUT = {
    "root": "fa-1",
    "root_evidence": "nothing orders the witnesses: the diagram starts from fa-1 for layout only",
}


def test_without_a_direction_the_fullest_witness_of_the_most_common_language_whatever_the_order():
    links = [
        Link("en-full", "de-1", "translation", 0.9),
        Link("en-full", "fa-1", "translation", 0.9),
    ]
    bases = set()
    for seed in range(4):
        witnesses = pile()
        random.Random(seed).shuffle(witnesses)
        c = collate(witnesses, links, stemma=LAYOUT)
        bases.add((c.base, c.base_reason))
    assert len(bases) == 1  # the layout root (Persian) does not choose it, nor the input order
    base, why = bases.pop()
    assert base == "en-full"
    assert "most common language (en, 3 of 5 witnesses)" in why
    assert "nothing orders the witnesses" in why
    assert collate(pile(), links, stemma=LAYOUT).to_dict()["base_reason"] == why


def test_a_root_that_evidence_puts_first_is_the_base():
    stemma = {"root": "fa-1", "root_evidence": "2 stated direction(s) lead from fa-1"}
    c = collate(pile(), [], stemma=stemma)
    assert (
        c.base == "fa-1"
        and c.base_reason == "the stemma's root: 2 stated direction(s) lead from fa-1"
    )
    marked = {"root": "de-1", "root_evidence": "a reader marked de-1 as the original"}
    assert collate(pile(), [], stemma=marked).base == "de-1"


def test_stated_translation_directions_choose_the_language_where_the_stemma_does_not():
    links = [Link("fa-1", "en-full", "translation", 0.9, direction="fa-1")]
    c = collate(pile(), links, stemma=LAYOUT)
    assert c.base == "fa-1" and "the language translations derive from" in c.base_reason


def test_an_unseen_root_gives_its_language_and_a_reader_the_last_word():
    stemma = {
        "root": "unseen:source:Office",
        "root_evidence": "de-1 names it as its source; de-1 has the earliest best-known time",
        "nodes": [{"id": "unseen:source:Office", "lang": "de"}],
    }
    c = collate(pile(), [], stemma=stemma)
    assert c.base == "de-1" and "the language of the stemma's root" in c.base_reason
    chosen = collate(pile(), [], base="en-short", stemma=stemma)
    assert chosen.base == "en-short" and chosen.base_reason == "chosen by the reader"


def test_the_exports_say_why_the_base_gives_the_rows():
    c = collate(pile(), [], stemma=LAYOUT)
    assert c.base_reason in to_html(c).replace("&#x27;", "'")
    tei = xml.dom.minidom.parseString(to_tei(c))
    notes = [p.firstChild.data for p in tei.getElementsByTagName("p")]
    assert f"Base witness {c.base}: {c.base_reason}" in notes
