"""The per-article work budget: pathological text is analysed up to the limits, kept whole,
and reported with an "analysis cut short" note."""

from __future__ import annotations

from stemma.budget import BUDGET, CUT_SHORT, NOTE, Budget, analysed
from stemma.ingest.pipeline import analyse
from stemma.model import Record


def _article(text: str):
    return analyse(Record("x", text.encode("utf-8"), "txt", "x.txt"))


def test_real_article_is_not_cut():
    text = "The minister spoke on Monday. The talks resume next week.\n\nA second paragraph.\n"
    article, notes = _article(text)
    assert not any(n.startswith(NOTE) for n in notes)
    assert all(b.boilerplate != CUT_SHORT for b in article.blocks)
    assert analysed(article) is article


def test_many_tiny_lines_are_cut_at_the_line_limit():
    text = "a\n" * (BUDGET.lines * 3)
    article, notes = _article(text)
    assert article.source == text  # nothing lost
    tail = article.blocks[-1]
    assert tail.boilerplate == CUT_SHORT and tail.end == len(text.rstrip())
    assert len([b for b in article.blocks if b.boilerplate != CUT_SHORT]) <= BUDGET.lines
    # cut at 5,000 lines first, then at 1,000 passages (a line here is a passage)
    assert len([n for n in notes if n.startswith(NOTE)]) == 1
    assert len(article.passages) == BUDGET.passages
    assert "lines, over the limit of 5,000" in BUDGET.span(text)[1]
    cut = analysed(article)
    assert cut.source == text[: tail.start] and cut.blocks == article.blocks[:-1]


def test_one_endless_sentence_becomes_bounded_passages():
    text = "w " * 300_000
    article, notes = _article(text)
    assert any("characters, over the limit of 100,000" in n for n in notes)
    assert all(p.end - p.start <= BUDGET.passage_chars for p in article.passages)
    assert article.passages[-1].end <= BUDGET.chars
    assert len(article.text) <= BUDGET.chars


def test_too_many_passages_are_cut_at_the_passage_limit():
    text = "Ab. " * 20_000  # 80,000 characters: within the character limit, 20,000 sentences
    article, notes = _article(text)
    assert len(article.passages) == BUDGET.passages
    assert [n for n in notes if n.startswith(NOTE)] == [
        n for n in notes if "passages, over the limit of 1,000" in n
    ]
    tail = article.blocks[-1]
    assert tail.boilerplate == CUT_SHORT and tail.start >= article.passages[-1].end
    assert article.source[tail.start :].startswith("Ab.")


def test_span_cuts_on_white_space():
    budget = Budget(chars=10)
    end, why = budget.span("alpha beta gamma")
    assert (end, why is not None) == (10, True)
    assert budget.span("alphabetagammadelta")[0] == 10  # no white space: cut anyway
    assert budget.span("short") == (5, None)
