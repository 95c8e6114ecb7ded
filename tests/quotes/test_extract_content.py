"""Where a content starts and ends, on sentences written for these tests."""

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
