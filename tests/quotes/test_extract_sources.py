"""Who a quote is attributed to, and where its content ends, in English shapes added for
PolNeAR-style source agreement; sentences written for these tests."""

from stemma.model import Article
from stemma.quotes import extract_quotes


def _quotes(text):
    article = Article(id="t", raw=text.encode(), format="txt", source=text, text=text, lang="en")
    return [q for q in extract_quotes(article) if q.origin == "speech"]


def _one(text):
    quotes = _quotes(text)
    assert len(quotes) == 1, [(q.cue, q.speaker, q.content) for q in quotes]
    q = quotes[0]
    assert text[q.content_start : q.content_end] == q.content
    return q


def test_an_impression_is_held_by_the_person_it_is_of():
    q = _one("Marta Olsen herself seemed to sense the mood of the hall had turned.")
    assert q.cue == "seemed" and q.speaker.startswith("Marta Olsen")


def test_an_empty_or_gerund_subject_holds_no_impression():
    assert _one("It seemed the ferry would never come back to the island.").speaker_start is None
    assert _one("Counting the ballots appeared to take all night.").speaker_start is None


def test_an_adverb_between_commas_joins_the_cue():
    q = _one("Director Anna Holm, however, said the inquiry into the harbour fund was closed.")
    assert q.speaker == "Director Anna Holm"
    assert q.content == "the inquiry into the harbour fund was closed."


def test_a_question_closing_its_quotation_is_still_attributed_after_it():
    q = _one('"Why would anyone move the market to the old pier?" Bergen said about the vote.')
    assert q.speaker == "Bergen"
    assert q.content == "Why would anyone move the market to the old pier?"


def test_a_question_followed_by_a_clause_of_its_own_is_not_claimed():
    quotes = _quotes('"Who decides the fares?" Bergen said she would ask the board on Monday.')
    assert all(q.content != "Who decides the fares?" or q.speaker != "Bergen" for q in quotes)


def test_an_inverted_speaker_ends_before_a_subordinate_clause():
    q = _one('"We can still win this district," said Lindqvist as she closed the rally.')
    assert q.speaker == "Lindqvist"


def test_an_inverted_titled_speaker_keeps_the_abbreviation():
    q = _one('"The bridge will not open this year," said Sen. Ruth Okafor.')
    assert q.speaker == "Sen. Ruth Okafor"


def test_a_dash_line_after_a_quotation_names_its_author():
    text = (
        "The debate turned to taxes.\n\n"
        '"Large shipping firms pay almost nothing on their profits here."\n\n'
        "- Okafor.\n\nThe claim is hard to check."
    )
    q = _one(text)
    assert q.speaker == "Okafor" and q.content.startswith("Large shipping firms")


def test_a_dateline_is_not_the_subject_of_a_participle():
    q = _one(
        "OSLO — Mayor Erik Dahl sent a long letter to the council, saying the tunnel plan was unaffordable."
    )
    assert q.speaker.startswith("Mayor Erik Dahl") or q.speaker.startswith("Erik Dahl")


def test_a_content_ends_before_the_writers_own_clause():
    quotes = _quotes(
        "Holm backed the harbour deal, while her rival has threatened to sue the port."
    )
    first = [q for q in quotes if q.speaker == "Holm"]
    assert first and first[0].content == "the harbour deal"


def test_an_infinitive_cue_takes_the_subject_of_its_verb():
    q = _one("Okafor is poised to argue that the tunnel is too costly for the town.")
    assert q.speaker == "Okafor" and q.cue.endswith("argue")
    assert q.content == "the tunnel is too costly for the town."


def test_a_plan_noun_before_an_infinitive_is_no_speaker():
    assert _quotes("His plan to argue that the tunnel is too costly failed.") == []


def test_a_title_runs_on_to_the_name_in_a_subject():
    text = "Harbour council member Ruth Okafor voted on Monday, calling the tunnel a waste."
    q = [q for q in _quotes(text) if q.cue == "calling"][0]
    assert q.speaker.endswith("Ruth Okafor")


def _span(text, reader, cue, code="en", relative=None):
    from stemma.quotes.extract import _antecedent, _before_aside, _clause_subject, _Text

    t = _Text(text, code)
    if relative is not None:
        i = text.index(relative)
        found = _antecedent(t, 0, (i, i + len(relative)))
    else:
        found = {"clause": _clause_subject, "aside": _before_aside}[reader](t, 0, text.index(cue))
    return text[found[0] : found[1]] if found else None


def test_the_clause_of_the_cue_opens_after_its_comma():
    text = "Just before the ferry left, the captain asked for volunteers to move to the back."
    assert _span(text, "clause", "asked") == "the captain"
    text = "Ultimately, Mr. Ivanov refused to sign the treaty."
    assert _span(text, "clause", "refused") == "Mr. Ivanov"
    # a conjunction or an adverb opening the clause is no part of its subject
    text = "The fund grew, but even critics on the left are questioning the plan."
    assert _span(text, "clause", "are questioning") == "critics"
    # Persian: the clause after the Arabic-script comma
    text = "پس از پایان سفر، وزیر خارجه گفت که مذاکرات ادامه دارد."
    assert _span(text, "clause", "گفت", "fa") == "وزیر خارجه"


def test_a_prepositional_aside_between_subject_and_cue_is_skipped():
    text = "Ms. Holm in her opening speech called the harbour plan a disgrace."
    assert _span(text, "aside", "called") == "Ms. Holm"
    text = "Local critics have in particular noted the cost of the new bridge."
    assert _span(text, "aside", "noted") == "Local critics"
    # no aside: nothing to skip
    assert _span("Ms. Holm called the plan a disgrace.", "aside", "called") is None


def test_a_relative_pronoun_offers_its_antecedent():
    text = "The law angered shop owners, who warn it will hurt trade."
    assert _span(text, None, None, relative="who") == "shop owners"
    text = "The law angered shop owners and they warn it will hurt trade."
    assert _span(text, None, None, relative="they") is None  # not a relative pronoun


def test_a_cue_inside_a_content_offers_its_own_speaker():
    from stemma.model import Quote
    from stemma.quotes.extract import _inner_speaker, _Text

    text = "Holm keeps a wide lead in the north, and her rival said the count was far from over."
    t = _Text(text, "en")
    start = text.index("keeps")
    q = Quote(kind="indirect", content=text[start:], content_start=start, content_end=len(text))
    found = _inner_speaker(t, q)
    assert text[found[0] : found[1]] == "her rival"
    # a content with no cue of its own offers nothing
    q = Quote(kind="indirect", content="a wide lead", content_start=start, content_end=start + 16)
    assert _inner_speaker(t, q) is None


def test_a_quotation_no_cue_claims_offers_the_phrase_after_its_closing_mark():
    from stemma.model import Quote
    from stemma.quotes.extract import _sentences, _speaker_following, _Text

    text = "Banners flew over the square. “The harbour is ours,” read one banner. Then rain came."
    t = _Text(text, "en")
    article = Article(id="t", raw=text.encode(), format="txt", source=text, text=text, lang="en")
    sents = _sentences(article, "en")
    start, end = text.index("The harbour"), text.index(",”")
    q = Quote(kind="direct", content=text[start:end], content_start=start, content_end=end)
    found = _speaker_following(t, sents, q)
    assert text[found[0] : found[1]].endswith("one banner")
    # a quotation closing its sentence offers nothing after it
    start, end = text.index("Banners"), text.index(" Then") - 1
    q = Quote(kind="direct", content=text[start:end], content_start=start, content_end=end)
    assert _speaker_following(t, sents, q) is None


def test_the_sentence_subject_reads_on_over_a_title_or_an_initial():
    from stemma.quotes.extract import _sentence_subject, _Text

    def subject(text):
        found = _sentence_subject(_Text(text, "en"), 0, len(text))
        return text[found[0] : found[1]] if found else None

    # the period of an abbreviated title or an initial does not end the name ("Mr" alone was
    # shown as a speaker)
    assert subject("Mr. Ivanov rejected the treaty at the summit.") == "Mr. Ivanov"
    assert subject("Anna K. Holm rejected the treaty at the summit.") == "Anna K. Holm"
    # a sentence's own full stop still ends it
    assert subject("Holm. The treaty was rejected.") == "Holm"


def test_no_reader_offers_an_article_or_a_preposition_alone():
    from stemma.quotes.extract import _clause_subject, _sentence_subject, _Text, source_candidates

    def read(reader, text, cue):
        found = reader(_Text(text, "en"), 0, text.index(cue))
        return text[found[0] : found[1]] if found else None

    # the noun after an opening article is read, lowercase or a cue word ("The" alone was
    # offered as a source)
    text = "The plan drew criticism as the fishermen claimed it would ruin their trade."
    assert read(_sentence_subject, text, "claimed") == "The plan"
    text = "The report said the harbour would close."
    assert read(_sentence_subject, text, "said") == "The report"
    assert read(_clause_subject, text, "said") == "The report"
    text = "The harbour froze, and the report warned of a long winter."
    assert read(_clause_subject, text, "warned") == "the report"
    # an article before a quotation mark reads no phrase: nothing, rather than "The"
    assert read(_sentence_subject, "The “experts” warned of a crash.", "warned") is None
    # a name, a pronoun and a possessive pronoun still stand alone
    assert read(_sentence_subject, "Holm said the plan was dead.", "said") == "Holm"
    assert read(_sentence_subject, "They said the plan was dead.", "said") == "They"
    text = "Ms. Holm wrote a letter, and the former mayor Ines Lund signed it."
    assert read(_clause_subject, text, "signed") == "the former mayor Ines Lund"
    # among every reader's candidates, none is an article or a preposition alone
    for text in (
        "The plan drew criticism as the fishermen claimed it would ruin their trade.",
        "A union of dockers said in a statement that the strike would go on.",
        "Of the plan, the mayor said little.",
    ):
        article = Article(
            id="t", raw=text.encode(), format="txt", source=text, text=text, lang="en"
        )
        for _, options in source_candidates(article):
            for (a, b), _ in options:
                assert text[a:b].lower() not in {"the", "a", "an", "of", "in", "on"}


def test_a_dateline_with_an_agency_is_no_subject():
    from stemma.quotes.extract import _sentence_subject, _Text

    text = "Oslo (AFP) – Mayor Ines Lund on Monday toured the harbour, praising the workers."
    found = _sentence_subject(_Text(text, "en"), 0, text.index("praising"))
    assert found is not None and text[found[0] : found[1]] == "Mayor Ines Lund"
    q = _one(text)
    assert q.cue == "praising" and q.speaker == "Mayor Ines Lund"


def test_an_arabic_name_runs_on_past_its_lowercase_article():
    quotes = _quotes(
        "Karim al-Mansour, head of the dockers' union, had also praised the workers, and "
        "thanked the mayor for the new depot."
    )
    thanked = next(q for q in quotes if q.cue == "thanked")
    assert thanked.speaker == "Karim al-Mansour"
    assert thanked.content == "the mayor for the new depot."


def test_the_agent_of_a_participle_after_its_noun_is_not_the_verbs_subject():
    # "surveys conducted by the institute found": the institute conducted, the surveys found
    from stemma.quotes.extract import _speaker_before, _Text

    text = "Two surveys conducted by the institute found that rents rose in every district."
    t = _Text(text, "en")
    start, end, _ = _speaker_before(t, 0, text.index("found"))
    assert text[start:end] == "Two surveys"
    # a plain "by" phrase with no participle before it still stops the speaker there
    text = "A report by the audit office said the plan had failed."
    start, end, _ = _speaker_before(_Text(text, "en"), 0, text.index("said"))
    assert text[start:end] == "the audit office"
