"""Where a content runs on past its sentence (quotations after it, a participle after a
quotation), on sentences written for these tests."""

from tests.quotes.test_extract_recall import _quotes as _speech


def _quotes(text):
    """The rules' quotes of ``text`` (no span model: it was fitted on whole news articles), in
    the order their contents open."""
    return sorted(_speech(text), key=lambda q: q.content_start)


def test_a_quotation_with_its_own_attribution_does_not_run_on():
    text = (
        '"Now the mayor is a national figure," said Ruiz. '
        '"She claims the harbor plan and that is fine," she said.'
    )
    quotes = _quotes(text)
    assert [q.content for q in quotes] == [
        "Now the mayor is a national figure,",
        "She claims the harbor plan and that is fine,",
    ]
    assert [q.speaker for q in quotes] == ["Ruiz", "she"]


def test_a_quotation_without_an_attribution_still_runs_on():
    text = '"The harbor plan is good for all of us," he said. "We will finish the pier this year."'
    (q,) = _quotes(text)
    assert q.content.startswith("The harbor plan is good")
    assert q.content.endswith("finish the pier this year.")


def test_participle_after_a_comma_inside_closing_marks_starts_another_quote():
    text = (
        "Mr. Okafor told investors that worries about the port were ''overblown,'' "
        "adding that the pier had ''significant upside.''"
    )
    quotes = _quotes(text)
    assert [q.cue for q in quotes] == ["told", "adding"]
    assert quotes[0].content == "worries about the port were ''overblown,''"
    assert quotes[1].content == "the pier had ''significant upside.''"
    assert quotes[1].speaker == "Mr. Okafor"


def test_quotation_in_the_next_paragraph_continues_an_indirect_quote():
    text = (
        "The mayor said the harbor plan would bring jobs to the town.\n\n"
        "“We will finish the pier before the winter storms arrive here.”"
    )
    (q,) = _quotes(text)
    assert q.content.startswith("the harbor plan would bring jobs")
    assert q.content.endswith("before the winter storms arrive here.")


def test_short_quotation_with_no_speaker_before_it_is_no_quote():
    text = (
        "The pier opened on Monday.\n\n"
        "“We waited years for this and the whole town came out to see it open.”"
    )
    assert _quotes(text) == []
