"""Where a content starts and ends, on sentences written for these tests."""

import pytest

from stemma.model import Article
from stemma.quotes import extract_quotes


def _rules(text):
    """The cue rules' quotes alone, each speaker as its rule read it (no learned model)."""
    article = Article(id="t", raw=text.encode(), format="txt", source=text, text=text, lang="en")
    return extract_quotes(article, learned=False, choose=False)


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
    # nor is a name ending in a sentence opener inside a sentence that is no headline
    plain = "The firm promised Ms. Ode that she could run LinkedIn as an independent unit."
    article = Article(id="p", raw=plain.encode(), format="txt", source=plain, text=plain, lang="en")
    assert len(_sentences(article, "en")) == 1
    (q,) = [q for q in extract_quotes(article, learned=False) if q.cue == "promised"]
    assert q.content.endswith("LinkedIn as an independent unit.")


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


def test_a_quotation_the_sentence_goes_on_from_is_only_the_start_of_the_content():
    text = 'Ms. Varga opened the hearing saying "frankly" the budget office has failed the city.'
    (q,) = _quotes(text)
    assert q.content.startswith('"frankly" the budget office')
    assert q.content.rstrip(".").endswith("failed the city")


def test_a_quotation_closing_its_sentence_after_the_cue_is_the_content_alone():
    text = 'Ms. Varga said "the budget office has failed the city." The council adjourned.'
    (q,) = _quotes(text)
    assert q.content.strip(".") == "the budget office has failed the city"


@pytest.mark.parametrize(
    ("text", "question", "asker"),
    [
        (
            "Asked by the moderator whether the tax would rise, Lindqvist said, "
            '"Not while I am mayor."',
            "whether the tax would rise",
            "the moderator",
        ),
        (
            "Lindqvist was asked about the harbour contract during a radio interview on Friday.",
            "about the harbour contract during a radio interview on Friday",
            None,
        ),
        (
            '"Never," Lindqvist said when asked if she would resign.',
            "if she would resign",
            None,
        ),
    ],
)
def test_a_question_put_to_someone_is_the_askers_not_the_answerers(text, question, asker):
    quotes = _rules(text)
    asked = [q for q in quotes if q.cue.lower() == "asked"]
    assert len(asked) == 1, [(q.cue, q.content) for q in quotes]
    assert asked[0].content == question
    assert (asked[0].speaker or None) == asker  # the rule's own pick (no source chooser)
    # the answer is not read as running over the question
    for q in quotes:
        if q is not asked[0]:
            assert question not in q.content


def test_someone_asking_in_the_active_is_no_question_put_to_them():
    text = "The mayor asked the auditors to review the harbour contract before May."
    assert not any(q.cue.lower() == "asked" and q.speaker is None for q in _rules(text))


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The fund paid $2 million for the land, which Mr. Osei called "
            "''a reckless gamble'' at the time.",
            "which Mr. Osei called ''a reckless gamble'' at the time",
        ),
        (
            "The council tore down what engineers described as a marvel of its age.",
            "what engineers described as a marvel of its age",
        ),
        (
            "It was the deadline by which the minister promised a full report on the spill.",
            "by which the minister promised a full report on the spill",
        ),
    ],
)
def test_a_relative_clause_around_the_speaker_opens_the_content_at_its_relative(text, content):
    quotes = _quotes(text)
    assert any(q.content.rstrip(".") == content for q in quotes), [
        (q.cue, q.content) for q in quotes
    ]


def test_that_before_a_speaker_is_left_to_the_outer_attribution():
    text = "Ware told investigators that Podliska asked interns to take up partisan work."
    inner = [q for q in _quotes(text) if q.speaker == "Podliska"]
    assert all(not q.content.startswith("that") for q in inner)


def test_a_headlines_colon_line_holds_the_cue_inside_it():
    text = (
        "Okafor: Voters Will Say No to the Levy in May.\n\n"
        "The mayor spoke to reporters on Tuesday about the vote."
    )
    quotes = _quotes(text)
    lines = [q for q in quotes if q.cue == ":"]
    assert len(lines) == 1 and lines[0].speaker == "Okafor"
    assert lines[0].content.startswith("Voters Will Say No")
    assert not any(q.cue.lower() == "say" for q in quotes)


def test_a_transcripts_colon_line_keeps_the_attributions_inside_it():
    text = (
        "The interview, lightly edited.\n\n"
        "Q: Do you think the council said the levy was fair to tenants last year?\n\n"
        "A: I do not."
    )
    quotes = _quotes(text)
    assert any(q.speaker == "the council" or q.cue.lower() == "said" for q in quotes), [
        (q.speaker, q.cue, q.content) for q in quotes
    ]


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("The payment was higher than any fees she reported receiving last year.", "any fees she"),
        ("They chose the contractors they thought were the cheapest.", "the contractors they"),
    ],
)
def test_a_pronoun_speaking_in_a_relative_clause_with_no_relative_word(text, start):
    quotes = [q for q in _rules(text) if q.speaker in ("she", "they")]
    assert quotes and quotes[0].content.startswith(start), [(q.cue, q.content) for q in quotes]


def test_a_phrase_after_a_preposition_before_a_pronoun_speaker_sets_the_scene():
    quotes = _rules("At the rally he said the mine would reopen in the spring.")
    assert quotes and quotes[0].content.startswith("the mine would reopen")


def test_a_verb_inside_a_speakers_relative_clause_gives_no_quote_over_the_quotation():
    text = (
        "“The answer you want is yes, and it always was,” Adler, who has proposed cutting "
        "the levy, said at the hearing."
    )
    quotes = _rules(text)
    said = [q for q in quotes if q.cue == "said"]
    assert said and said[0].speaker.startswith("Adler")
    assert not any("proposed" in q.cue and "answer" in q.content for q in quotes), [
        (q.cue, q.content) for q in quotes
    ]


def test_a_quotation_inside_the_subjects_clause_is_no_inverted_quote():
    text = (
        "Okafor, who calls the plan a “giveaway,” said she doubts the council will pass it "
        "this year."
    )
    quotes = _rules(text)
    said = [q for q in quotes if q.cue == "said"]
    assert said, [(q.cue, q.content, q.speaker) for q in quotes]
    assert said[0].speaker.startswith("Okafor")
    assert said[0].content.startswith("she doubts the council")
    # the relative clause's own content stops at its closing quotation, marks kept
    calls = [q for q in quotes if q.cue == "calls"]
    assert all(q.content.endswith("“giveaway,”") for q in calls)


def test_a_quotation_before_an_inverted_verb_and_a_name_stays_direct():
    text = "“We will not wait for the council,” said Okafor, the tenants’ spokeswoman."
    (q,) = _rules(text)
    assert q.kind == "direct" and q.speaker.startswith("Okafor")


def test_a_quotation_the_line_goes_on_from_runs_on_to_its_line_end_only():
    # a headline without a full stop, then the lead: one "sentence" of the segmenter
    text = (
        'Okafor says "not fair" is how tenants of the old town see the levy\n'
        "The council voted on Monday to keep the levy for another year"
    )
    (q, *_) = [q for q in _rules(text) if q.cue == "says"]
    assert q.content.startswith('"not fair" is how tenants')
    assert "\n" not in q.content and "council" not in q.content
    # a line break right after the quotation: the quotation alone, as before
    text = 'Okafor says "not fair for tenants"\nThe council voted on Monday to keep it'
    (q, *_) = [q for q in _rules(text) if q.cue == "says"]
    assert q.content == "not fair for tenants"
