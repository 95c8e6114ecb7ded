"""Quote extraction on small sentences written for these tests (en, fa, ar, ur)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from stemma.model import Article
from stemma.quotes import extract_quotes


def _article(text, lang="en"):
    return Article(id="t", raw=text.encode(), format="txt", source=text, text=text, lang=lang)


def _only(text, lang="en"):
    quotes = [q for q in extract_quotes(_article(text, lang)) if q.origin == "speech"]
    assert len(quotes) == 1, [q.content for q in quotes]
    return quotes[0]


def _check_offsets(text, q):
    assert text[q.content_start : q.content_end] == q.content
    if q.speaker_start is not None:
        assert text[q.speaker_start : q.speaker_end] == q.speaker
    if q.cue_start is not None:
        assert text[q.cue_start : q.cue_end] == q.cue


def test_speaker_said_that():
    text = "The mayor of Springfield said that the bridge would reopen next spring."
    q = _only(text)
    assert q.kind == "indirect"
    assert q.speaker == "The mayor of Springfield" and q.cue == "said"
    assert q.content.startswith("the bridge would reopen")
    _check_offsets(text, q)


def test_content_first_with_comma():
    text = "The budget will be balanced by March, Jane Porter told reporters on Monday."
    q = _only(text)
    assert q.speaker == "Jane Porter"
    assert q.content == "The budget will be balanced by March"


def test_direct_quote_after_verb_spanning_sentences():
    text = 'Lena Ortiz said: "We are ready. The vote is on Friday." Then she left.'
    q = _only(text)
    assert q.kind == "direct"
    assert q.content == "We are ready. The vote is on Friday."
    assert q.speaker == "Lena Ortiz"


def test_inverted_attribution_after_quotation():
    text = "“The river has never been this low,” said Tom Baker, a local farmer."
    q = _only(text)
    assert q.kind == "direct" and q.speaker.startswith("Tom Baker")
    assert q.content.startswith("The river has never been this low")


def test_split_quote_is_one_quote_with_one_speaker():
    text = (
        "Maria Chen spoke after the meeting.\n\n"
        "“We lost the first round,” she said, “but the season is long and we will be back.”"
    )
    (q,) = extract_quotes(_article(text))
    assert q.speaker == "she" and q.person == "maria-chen" and q.kind == "direct"
    assert q.content.startswith("We lost the first round")
    assert q.content.endswith("we will be back.")


def test_quotation_continued_in_next_sentence():
    text = "“Prices will fall,” Omar Said told the council. “Not this year, but soon.”"
    (q,) = extract_quotes(_article(text))
    assert q.speaker == "Omar Said" and q.content.endswith("but soon.")


def test_according_to():
    text = "According to the fire department, nobody was hurt in the blaze last night."
    q = _only(text)
    assert q.speaker == "the fire department" and q.cue == "According to"
    assert q.content.startswith("nobody was hurt")


def test_pronoun_resolves_to_latest_person():
    text = (
        "Governor Ruth Alvarez met the union on Tuesday. "
        "She said the strike must end before the holidays."
    )
    q = _only(text)
    assert q.speaker == "She" and q.person == "ruth-alvarez"


def test_passive_and_scare_quotes_are_not_quotes():
    text = 'The plan, which was revealed last week, is called a "reset" by some.'
    assert [q for q in extract_quotes(_article(text)) if q.origin == "speech"] == []


def test_boilerplate_blocks_are_skipped():
    from stemma.model import Block

    text = "Comment: Paul said the site is great.\n\nAnna Reed said the vote was fair."
    article = _article(text)
    article.blocks = [Block(0, 37, "comment_prompt"), Block(39, len(text))]
    quotes = extract_quotes(article)
    assert [q.speaker for q in quotes] == ["Anna Reed"]


def test_persian_colon_and_ke():
    text = (
        "وزیر آموزش در نشست خبری گفت: مدارس از هفته آینده باز می‌شوند.\n\n"
        "وی همچنین تأکید کرد که کتاب‌های درسی به موقع توزیع خواهد شد."
    )
    quotes = extract_quotes(_article(text, "fa"))
    assert len(quotes) == 2
    assert quotes[0].speaker == "وزیر آموزش" and quotes[0].cue == "گفت"
    assert quotes[0].content.startswith("مدارس از هفته آینده")
    assert quotes[1].speaker == "وی" and quotes[1].content.startswith("کتاب‌های درسی")
    for q in quotes:
        _check_offsets(text, q)


def test_persian_according_to_and_guillemets():
    text = "به گزارش خبرگزاری محلی، رئیس شورا گفت: «بودجه شهر امسال افزایش می‌یابد.»"
    quotes = extract_quotes(_article(text, "fa"))
    contents = [q.content for q in quotes]
    assert "بودجه شهر امسال افزایش می‌یابد." in contents
    said = next(q for q in quotes if q.cue == "گفت")
    assert said.kind == "direct"


def test_arabic_verb_first():
    text = "وقال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة."
    q = _only(text, "ar")
    assert q.speaker == "وزير الخارجية"
    assert q.content.startswith("المفاوضات ستستأنف")
    _check_offsets(text, q)


def test_arabic_verb_without_subject_continues_the_speaker():
    text = (
        "وقال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل. "
        "وأضاف أن الوفد سيصل إلى العاصمة يوم الاثنين."
    )
    quotes = extract_quotes(_article(text, "ar"))
    assert [q.speaker for q in quotes] == ["وزير الخارجية", "وزير الخارجية"]
    assert quotes[1].content.startswith("الوفد سيصل")


def test_arabic_according_to():
    text = "وفقا لمصادر محلية، فإن الطريق سيغلق حتى نهاية الشهر الجاري."
    q = _only(text, "ar")
    assert "مصادر" in q.speaker
    assert "الطريق سيغلق" in q.content


def test_urdu_ne_kaha_ke():
    text = "وزیر اعلیٰ نے کہا کہ نئی سڑک اگلے سال مکمل ہو جائے گی۔"
    q = _only(text, "ur")
    assert q.speaker == "وزیر اعلیٰ"
    assert q.content.startswith("نئی سڑک")


def test_signed_letter_is_its_signers_statement():
    text = (
        "The full text of the letter is as follows:\n\n"
        "Dear friend,\n\n"
        "We will keep our promise to the farmers of the valley. The harvest will be shared.\n\n"
        "Peace be upon you\n\n"
        "Omar Haddad\n\n"
        "May 1, 2020"
    )
    letter = [q for q in extract_quotes(_article(text)) if q.origin == "letter"]
    assert [q.content for q in letter] == [
        "We will keep our promise to the farmers of the valley.",
        "The harvest will be shared.",
    ]
    assert {q.person for q in letter} == {"omar-haddad"}


PIECES = ['"', "“", "”", "«", "»", "'", ", ", ". ", ": ", "\n\n", "said ", "he ", "Ann Lee ",
          "according to ", "گفت ", "قال ", "نے کہا کہ ", "the plan ", "Peace be upon you\n"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.sampled_from(["en", "fa", "ar", "ur"]))
def test_offsets_always_point_into_the_source(pieces, lang):
    text = "".join(pieces)
    for q in extract_quotes(_article(text, lang)):
        _check_offsets(text, q)
        assert q.kind in ("direct", "indirect")
