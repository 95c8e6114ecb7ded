"""Where a content starts and ends, on sentences written for these tests."""

import pytest

from stemma.model import Article
from stemma.quotes import extract_quotes


def _quotes(text, lang="en"):
    article = Article(id="t", raw=text.encode(), format="txt", source=text, text=text, lang=lang)
    quotes = [q for q in extract_quotes(article) if q.origin == "speech"]
    for q in quotes:
        assert text[q.content_start : q.content_end] == q.content
    return quotes


def test_a_complementiser_after_but_keeps_the_second_clause_in_the_content():
    text = (
        "At the forum, Adler said her aides had misread the figures, but that the board "
        "had acted in good faith."
    )
    (q,) = _quotes(text)
    assert q.speaker == "Adler"
    assert q.content.endswith("acted in good faith.")


def test_the_writers_own_clause_after_but_still_ends_the_content():
    (q, *_) = _quotes("Okafor said the levy was fair to tenants, but the council rejected it.")
    assert q.speaker == "Okafor"
    assert q.content == "the levy was fair to tenants"


def test_a_quotation_before_an_inverted_verb_and_a_long_name_is_the_content():
    text = (
        "The plan drew little praise.\n\n''Nobody on this street can afford another rise in "
        "the rent this year,'' said Ms. Ferreira of the Eastside Tenants Union. The vote is "
        "on Monday."
    )
    quotes = _quotes(text)
    assert len(quotes) == 1, [(q.cue, q.content) for q in quotes]
    (q,) = quotes
    assert q.kind == "direct" and q.content.startswith("Nobody on this street")
    assert q.speaker == "Ms. Ferreira of the Eastside Tenants Union"


def test_a_short_name_after_an_inverted_verb_is_read_as_before():
    text = "“Nobody here can afford another rise this year,” said Ferreira, a tenant."
    (q,) = _quotes(text)
    assert q.speaker == "Ferreira" and q.content.startswith("Nobody here")


def test_persian_content_after_the_complementiser_runs_past_a_comma():
    # the English clause breaks are English words: a Persian content is not cut at «اما»
    text = "وزیر گفت که دولت بودجه را افزایش می‌دهد، اما مجلس باید آن را تصویب کند."
    quotes = _quotes(text, "fa")
    assert len(quotes) == 1
    assert quotes[0].content.rstrip(".").endswith("تصویب کند")


def test_a_clause_break_without_a_new_attribution_stays_in_the_content():
    # "although ..." qualifies what was said; only a clause attributing in its turn ends it
    (q,) = _quotes("Moreau said the new rules were an improvement, although the fees stay high.")
    assert q.content == "the new rules were an improvement, although the fees stay high."


def test_a_title_glued_to_its_lead_opens_a_sentence_of_its_own():
    from stemma.quotes.extract import _sentences

    text = (
        "Budget Talks Stall Again In Capitol HallIn reply to the letter from the union, "
        "the governor said the budget would pass next week."
    )
    article = Article(id="t", raw=text.encode(), format="txt", source=text, text=text, lang="en")
    assert [s0 for s0, _ in _sentences(article, "en")] == [0, text.index("In reply")]
    quotes = extract_quotes(article)
    assert quotes and all("Hall" not in q.speaker for q in quotes)
    # a name written in one piece is no glued title ("LaGuardia", "McCain")
    plain = "LaGuardia officials said the airport would reopen soon."
    article = Article(id="p", raw=plain.encode(), format="txt", source=plain, text=plain, lang="en")
    assert len(_sentences(article, "en")) == 1


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (  # a second participle after "and" is a quote of its own, the same speaker's
            "Mayor Lindqvist spoke for an hour, describing the new depot and recalling the "
            "floods of last spring.",
            ("describing", "the new depot"),
            ("recalling", "Mayor Lindqvist", "the floods of last spring."),
        ),
        (  # a second speaker's clause after a comma and "and" ends the first content
            "Okafor said the levy was fair to tenants, and her rival argued that it would drive "
            "families out.",
            ("said", "the levy was fair to tenants"),
            ("argued", "her rival", "it would drive families out."),
        ),
    ],
)
def test_a_second_attribution_ends_the_first_content(text, first, second):
    by_cue = {q.cue: q for q in _quotes(text)}
    assert by_cue[first[0]].content == first[1]
    assert (by_cue[second[0]].speaker, by_cue[second[0]].content) == second[1:]


def test_a_report_nested_without_a_clause_boundary_stays_in_the_content():
    quotes = _quotes("Okafor said the inspectors reported that the roof was unsafe.")
    said = next(q for q in quotes if q.cue == "said")
    assert said.content == "the inspectors reported that the roof was unsafe."


def test_arabic_second_attribution_after_a_comma_ends_the_first_content():
    text = (
        "وقال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل، "
        "وقال المتحدث باسم الوزارة إن الوفد سيصل يوم الاثنين."
    )
    first, second = _quotes(text, "ar")
    assert first.speaker == "وزير الخارجية" and first.content.endswith("الأسبوع المقبل")
    assert second.speaker == "المتحدث باسم الوزارة" and second.content.startswith("الوفد")


def test_a_fronted_phrase_before_the_speaker_belongs_to_the_content():
    (q,) = _quotes("And in the northern districts, Berg said the buses run late every morning.")
    assert q.content.startswith("And in the northern districts,")
    assert q.content.endswith("run late every morning.")
    # a phrase setting the scene ("In a statement, ...") is not what was said
    (q,) = _quotes("In a statement, Berg said the buses run late every morning.")
    assert q.content == "the buses run late every morning."


def test_a_comma_inside_a_number_is_no_clause_boundary():
    (q,) = _quotes("Lee said roughly 1,100 ballots were never counted.")
    assert q.content == "roughly 1,100 ballots were never counted."
    assert not any(
        q.content.endswith("1") for q in _quotes("More than 1,200 ballots now deemed spoiled.")
    )
