"""English attribution shapes read for PolNeAR-style recall, on sentences written for these
tests."""

import pytest

from stemma.model import Article
from stemma.quotes import extract_quotes


def _quotes(text):
    """The rules' quotes of ``text``: what each shape gives, without the span model's second
    opinion (tests/quotes/test_span_model.py), which was fitted on whole news articles and
    drops some of the rules' quotes of these one-sentence texts."""
    article = Article(id="t", raw=text.encode(), format="txt", source=text, text=text, lang="en")
    return [q for q in extract_quotes(article, tagged=False) if q.origin == "speech"]


def _one(text):
    quotes = _quotes(text)
    assert len(quotes) == 1, [(q.cue, q.content) for q in quotes]
    q = quotes[0]
    assert text[q.content_start : q.content_end] == q.content
    return q


def test_long_apposition_still_gives_the_content_after_the_verb():
    q = _one(
        "Rosa Vidal, head of the Harbor Trust, a charity allied with the port workers, "
        "said every meeting she had this month turned to the new pier."
    )
    assert q.cue == "said" and q.speaker.startswith("Rosa Vidal")
    assert q.content.startswith("every meeting she had")


def test_parenthesis_before_the_verb_joins_the_speaker():
    q = _one("Sen. Ann Lee (D-Ore.) said the bill would pass before the recess ends.")
    assert q.speaker == "Sen. Ann Lee (D-Ore.)"
    assert q.content.startswith("the bill would pass")


def test_cue_inside_a_content_is_the_speakers_wording():
    q = _one("The growers say they believe the drought will end by the autumn rains.")
    assert q.cue == "say" and q.content.startswith("they believe")


def test_reporting_cue_inside_a_content_is_kept():
    quotes = _quotes("The mayor said the inspectors reported that two bridges were unsafe.")
    assert [q.cue for q in quotes] == ["said", "reported"]


def test_according_to_a_long_source_at_the_end():
    q = _one(
        "The ferry stopped running twice last winter, according to a memo sent on Friday "
        "by the transport board's own auditors."
    )
    assert q.speaker.startswith("a memo sent on Friday")
    assert q.content == "The ferry stopped running twice last winter"


def test_according_to_in_the_middle_takes_the_whole_sentence():
    q = _one("Since last spring, according to the clinic, waiting times have doubled.")
    assert q.speaker == "the clinic"
    assert q.content.startswith("Since last spring") and q.content.endswith("doubled")


def test_asked_question_has_no_named_speaker():
    quotes = _quotes("Asked whether she would run again, the mayor said she had not decided.")
    asked = next(q for q in quotes if q.cue == "Asked")
    assert asked.content == "whether she would run again" and asked.speaker_start is None
    said = next(q for q in quotes if q.cue == "said")
    assert said.speaker == "the mayor"


def test_name_and_colon_line():
    q = _one("Nora Quist: We will not close the library this year.")
    assert q.speaker == "Nora Quist" and q.cue == ":"
    assert q.content == "We will not close the library this year"


def test_label_and_colon_line_is_no_statement():
    assert _quotes("Photo: Volunteers fill sandbags by the river on Sunday.") == []


def test_poll_in_a_prepositional_phrase():
    q = _one("Ortega led Brandt by nine points in a new Valley Gazette poll.")
    assert q.speaker == "a new Valley Gazette poll" and q.cue == "in"
    assert q.content == "Ortega led Brandt by nine points"


def test_a_poll_phrase_inside_a_clause_of_its_own_is_no_source():
    # "voters in the survey were undecided": the phrase sits in the subject, a verb follows
    assert _quotes("Twenty percent of voters in the survey were undecided about the race.") == []


@pytest.mark.parametrize(
    "after, content",
    [
        (
            "said he and other growers were alarmed about the tariffs.",
            "he and other growers were alarmed about the tariffs",
        ),
        ("said in an interview that the tariffs hurt.", "the tariffs hurt"),
        (
            "said the union has lost patience with the ministry.",
            "the union has lost patience with the ministry",
        ),
    ],
)
def test_what_follows_a_verb_after_a_long_apposition_is_its_content_not_its_speaker(after, content):
    # the speaker phrase before the verb does not read cleanly ("... close to Senate
    # leaders,"), yet the words after the verb open a clause (a lone pronoun the sentence
    # runs on after, a preposition, a finite verb): no "CONTENT, said SPEAKER" inversion
    text = "Ben Ortiz, head of the Rural Growers Fund, a lobby close to Senate leaders, " + after
    q = _one(text)
    assert q.cue == "said" and q.speaker.startswith("Ben Ortiz")
    assert q.content.rstrip(".") == content


def test_possessive_noun_cue():
    q = _one("The deal followed her call to reopen the northern border crossings, officials noted.")
    assert q.cue in ("call to", "noted")
    quotes = _quotes("Brandt's criticism of the budget drew applause.")
    assert [(q.speaker, q.cue, q.content) for q in quotes] == [
        ("Brandt", "criticism of", "the budget")
    ]


def test_impression_without_speaker_covers_the_sentence():
    q = _one("Choosing a winner seemed beside the point after the long debate.")
    assert q.speaker_start is None and q.cue == "seemed"
    assert q.content == "Choosing a winner seemed beside the point after the long debate"


def test_quotation_continues_in_the_next_paragraph():
    text = (
        "“The game is dull so far,” he wrote during the first half.\n\n"
        "“The ads are better than the football.”"
    )
    q = _one(text)
    assert q.content.startswith("The game is dull so far")
    assert q.content.endswith("better than the football.")


def test_pronoun_after_object_is_no_inverted_speaker():
    q = _one(
        "One delegate from the valley, Ann Ruiz, told the Gazette she was leaning toward Ortega."
    )
    assert q.cue == "told" and "she was leaning toward Ortega" in q.content
    assert "Ann Ruiz" not in q.content


def test_content_before_a_setting_phrase():
    q = _one("The harvest was the largest in a decade, she said in a speech to the growers.")
    assert q.speaker == "she" and q.content == "The harvest was the largest in a decade"


def test_transcript_turn_runs_to_the_line_end():
    text = "HOST: Why not debate in May? The hall is free. We asked twice.\nGUEST: We will see."
    quotes = _quotes(text)
    host = next(q for q in quotes if q.speaker == "HOST")
    assert host.content == "Why not debate in May? The hall is free. We asked twice"


def test_colon_and_the_words_as_the_next_paragraph():
    text = "In a post on his site, Abel Moreno wrote:\n\nI think the river will flood before June."
    q = _one(text)
    assert q.speaker == "Abel Moreno" and q.cue == "wrote"
    assert q.content == "I think the river will flood before June."


def test_copula_stance_phrase():
    q = _one("The union has long been critical of the plan to close the depot.")
    assert q.cue.endswith("been critical of") and q.speaker == "The union"
    assert q.content.startswith("the plan to close")


def test_short_object_of_a_stance_verb():
    q = _one("On Tuesday the governor endorsed Ann Ruiz.")
    assert q.cue == "endorsed" and q.content == "Ann Ruiz."


def test_reporting_verb_clause_is_not_skipped_for_a_later_that():
    quotes = _quotes("The mayor said the inspectors reported that two bridges were unsafe.")
    said = next(q for q in quotes if q.cue == "said")
    assert said.content.startswith("the inspectors reported")


def test_single_quote_closing_inside_two_apostrophes():
    text = "''It first ran on 'Morning Talk,''' said Ella Brook, a former aide."
    q = _one(text)
    assert q.speaker.startswith("Ella Brook") and q.kind == "direct"
    assert q.content.startswith("It first ran on")


def test_a_speaker_phrase_holding_a_preposition_after_the_content():
    q = _one("The bridge will reopen in May, a spokesman for the city council said.")
    assert q.speaker == "a spokesman for the city council"
    assert q.content == "The bridge will reopen in May"


def test_an_age_in_commas_does_not_hide_the_name_before_it():
    q = _one(
        "Tomas Berg, 52, a baker from the harbour district, told reporters that the rents had "
        "doubled."
    )
    assert q.speaker.startswith("Tomas Berg") and q.content == "the rents had doubled."


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "opening"),
    [
        (  # a quotation closed by a comma is its subject's, whatever the verb
            "The vote was close.\n\n“We will not give up the harbour without a fight,” "
            "Lindqvist fumed on Tuesday.",
            "Lindqvist",
            "fumed",
            "We will not give up",
        ),
        (  # the verb first, its subject after it
            'The vote was close.\n\n"Every tenant deserves a hearing before the rent goes up," '
            "opined the Harbour Gazette.",
            "the Harbour Gazette",
            "opined",
            "Every tenant deserves",
        ),
        (  # a space between nested closing marks still closes the quotation
            "He spoke.\n\n\"It is not just me saying, 'Vote for her,' \" Sanders told the "
            'crowd on Sunday. "It is her record that counts."\n\nThe crowd cheered.',
            "Sanders",
            "told",
            "It is not just me saying",
        ),
    ],
)
def test_a_quotation_before_its_subject_and_verb(text, speaker, cue, opening):
    q = _one(text)
    assert (q.speaker, q.cue) == (speaker, cue)
    assert q.content.startswith(opening)


def test_a_curly_opening_closed_by_a_straight_mark():
    q = _one('Costs rose.\n\n“The current plan is out of balance," the board wrote in May.')
    assert q.speaker == "the board" and q.content == "The current plan is out of balance,"


def test_a_cue_word_that_reports_nothing_gives_no_quote():
    # a participle before its agent ("reported by"), "add to" (to increase) and a participle
    # read as an adjective after a preposition ("leads in pledged delegates")
    (q,) = _quotes("Early exit polls reported by the network showed a tight race in the north.")
    assert q.cue == "showed" and q.speaker == "Early exit polls"
    assert (
        _quotes("Lund won the northern district on Tuesday, adding to her lead over the mayor.")
        == []
    )
    assert (
        _quotes("He could overcome her big leads in pledged delegates and the popular vote.") == []
    )
    # "added that" still reports
    quotes = _quotes(
        "Lund said she was adding to the fund, and added that the council would match it."
    )
    assert [q.cue for q in quotes] == ["said", "added"]
