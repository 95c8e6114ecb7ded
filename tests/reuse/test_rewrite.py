"""The rewrite rule: a text published within a news cycle of another that keeps a share of its
words and phrasing is a paraphrase of it; without dates, or weeks apart, the rule stays silent."""

from stemma.model import Article
from stemma.reuse.passages import align_passages, phrase_containment
from stemma.reuse.typing import Measures, classify, days_apart, measure, type_same_language

AGENCY = (
    "Karachi, 4 March: The provincial health minister Nadia Qureshi said on Monday that a new "
    "cancer ward with 120 beds will open at the civil hospital next month. "
    "She told reporters that the ward was built at a cost of 900 million rupees with the help "
    "of a private trust. "
    "The minister said that doctors trained abroad would run the ward and that treatment "
    "would be free for poor patients. "
    "She added that two more wards would be built in Hyderabad and Sukkur by the end of the year. "
    "The chief secretary, who chaired a meeting on the health budget later in the day, approved "
    "funds for ambulances in twelve rural districts. "
    "Officials of the finance department briefed the meeting on the release of salaries."
)
# a newspaper story that lifts a few phrases and adds its own reporting
PAPER = (
    "Karachi: Patients from across the province waited for hours outside the civil hospital "
    "on Monday as relatives complained about the shortage of beds and medicines. "
    "Provincial health minister Nadia Qureshi said a new cancer ward with 120 beds will open "
    "next month, built at a cost of 900 million rupees. "
    "Hospital staff said they had not been paid for two months and threatened a strike. "
    "A spokesman for the doctors' association said the government had ignored earlier "
    "promises and that the old wards still lacked basic equipment and clean water. "
    "Opposition members demanded an inquiry into the purchase of machines for the hospital. "
    "Residents of nearby streets said traffic jams had become worse since the gates were moved."
)


def _article(id, text, published=None):
    return Article(
        id=id, raw=text.encode(), format="txt", source=text, text=text, lang="en",
        published=published,
    )  # fmt: skip


def test_phrase_containment_counts_distinct_word_pairs():
    a = "the new ward will open next month".split()
    b = "the ward will open soon".split()
    # b's pairs: the-ward, ward-will, will-open, open-soon; two are in a
    shares = phrase_containment(a, b)
    assert shares == (2 / 6, 2 / 4)
    assert phrase_containment([], b) == (0.0, 0.0)


def test_days_apart_reads_iso_dates_even_impossible_days():
    a = _article("a", "x", "2014-09-31")
    b = _article("b", "x", "2014-10-01T08:00:00")
    assert days_apart(a, b) == 0  # 31 September counts as 1 October
    assert days_apart(_article("c", "x", "2014-09-29"), b) == 2
    assert days_apart(_article("d", "x", None), b) is None
    assert days_apart(_article("e", "x", "soon"), b) is None


def test_partial_rewrite_next_day_is_a_paraphrase():
    source, derived = (
        _article("agency", AGENCY, "2024-03-04"),
        _article("paper", PAPER, "2024-03-05"),
    )
    m = measure(source, derived, align_passages(source, derived))
    assert m.reuse(1) >= 0.135 and m.phrases[1] > 0
    link = type_same_language(source, derived)
    assert link is not None and link.kind == "paraphrase"
    assert link.direction == "agency"
    assert any("day(s) apart" in r for r in link.evidence.reasons)


def test_rewrite_rule_needs_dates_close_together():
    undated = type_same_language(_article("agency", AGENCY), _article("paper", PAPER))
    assert undated is None or undated.kind != "paraphrase"
    late = type_same_language(
        _article("agency", AGENCY, "2024-03-04"), _article("paper", PAPER, "2024-05-20")
    )
    assert late is None or late.kind != "paraphrase"


def _measures(words):
    return Measures(
        words=(words, words), verbatim=(0.0, 0.0), coverage=(0.0, 0.0),
        containment=(0.15, 0.15), edits=0, trivial=0, phrases=(0.2, 0.2),
    )  # fmt: skip


def test_rewrite_rule_ignores_texts_too_short_to_judge():
    a, b = _article("a", "x", "2024-03-04"), _article("b", "y", "2024-03-05")
    assert classify(a, b, _measures(40))[0] == "paraphrase"
    assert classify(a, b, _measures(12))[0] != "paraphrase"
